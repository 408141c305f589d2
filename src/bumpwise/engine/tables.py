"""The engine's tables: everything about a knowledge base that does not depend on the person,
built once from its plain data (the compiled snapshot, `bumpwise.knowledge.snapshot`).

Rules carry compiled matches and an index from each finding to the rules it could fire; each
warning-sign question carries the rules a yes could fire, most urgent first; conditions carry
their evidence tables and an index from each finding to the conditions it weighs on; plan items
carry the exclusions that cover them, and the JSON views of every record are built here, so an
assessment only copies them.

`default_tables()` reads the packaged knowledge base through its snapshot (no YAML, no pydantic
when the snapshot is current); `tables_of(kb)` builds the tables for a KnowledgeBase object.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from bumpwise.engine.match import Compiled, compile_plain
from bumpwise.knowledge.terms import LEVELS, STAGES, Level
from bumpwise.knowledge.vocabulary import Vocabulary, vocabulary_from_plain

if TYPE_CHECKING:
    from bumpwise.knowledge.loader import KnowledgeBase

RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}
# A place (body-map id) characterises a condition when it points towards it at least this strongly.
PLACE_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class Weeks:
    """A WeekRange: weeks of pregnancy, inclusive; `unknown` is the answer when the week is not known."""

    min: int
    max: int
    unknown: bool

    def holds(self, week: int | None) -> bool:
        return self.unknown if week is None else self.min <= week <= self.max


@dataclass(frozen=True, slots=True)
class ConditionWeeks:
    min: int
    max: int
    unknown: float  # the factor on the score when the week is not known

    def holds(self, week: int | None) -> bool:
        return week is None or self.min <= week <= self.max


@dataclass(frozen=True, slots=True)
class RuleT:
    position: int
    id: str
    level: Level
    stages: frozenset[str]
    matches: tuple[Compiled, ...]
    points_to: tuple[tuple[str, Weeks], ...]
    explanation: str  # stripped
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuestionT:
    id: str
    text: str
    help: str | None
    kind: str
    findings: tuple[str, ...]
    added: frozenset[str]  # what a yes reports
    denied_by_no: frozenset[str]
    signs: tuple[str, ...]  # denied_by_no, in order (a yes to one of them answers the question)
    follow_up: bool
    enable: tuple[str, ...]  # for a follow-up: reported ids of which one enables it
    regions: frozenset[str]
    weeks: Weeks | None
    keywords: str | None
    # By stage: the rules a yes could newly fire (they mention one of its findings), most urgent
    # first, self-care left out
    using: dict[str, tuple[RuleT, ...]]
    view: dict[str, Any]  # the JSON view in ask_next, but for level_if_yes; findings as a tuple


@dataclass(frozen=True, slots=True)
class ConditionT:
    position: int
    id: str
    serious: bool
    stages: frozenset[str]
    weeks: ConditionWeeks
    towards_findings: dict[str, float]
    towards_flags: dict[str, float]
    away_findings: dict[str, float]
    away_flags: dict[str, float]
    signs: frozenset[str]
    prior: float
    confused_with: tuple[str, ...]
    own_places: frozenset[str]


@dataclass(frozen=True, slots=True)
class RuledOutT:
    flags: frozenset[str]
    findings: frozenset[str]
    weeks_from: int | None
    weeks_before: int | None
    reason: str  # stripped
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemT:
    id: str
    kind: str
    targets: tuple[str, ...]
    weeks: Weeks
    ruled_out: tuple[RuledOutT, ...]
    while_waiting: bool
    levels: frozenset[str]
    priority: int
    view: dict[str, Any]  # the JSON view; its lists are tuples here, copied into lists per result
    stages: frozenset[str] = frozenset(STAGES)
    aggravators: frozenset[str] = frozenset()  # reported, they bring the item forward in her plan
    focus: frozenset[str] = frozenset()  # stage keys (trimester_2...) at which it comes forward
    doses: dict[str, str] = field(default_factory=dict)  # stage key -> the dose at that stage
    always_for: frozenset[str] = frozenset()  # conditions for which it is always in a self-care or soon plan


@dataclass(frozen=True, slots=True)
class AvoidT:
    id: str
    targets: frozenset[str]
    for_anyone: bool  # "any" in targets
    weeks: Weeks
    view: dict[str, Any]
    stages: frozenset[str] = frozenset(STAGES)
    levels: frozenset[str] = frozenset(LEVELS)  # the triage levels it is shown at


@dataclass(frozen=True, slots=True)
class ExclusionT:
    id: str
    stages: frozenset[str]  # it applies only at these stages
    when_ids: frozenset[str]  # flags and findings, one of which must be reported (empty: none needed)
    when_weeks: Weeks | None
    when_rank: int | None
    covered: frozenset[str]  # the plan items in the class it withholds
    reason: str  # stripped
    sources: tuple[str, ...]


@dataclass(slots=True)
class Tables:
    version: str
    vocabulary: Vocabulary
    rules: tuple[RuleT, ...]
    rule_index: dict[str, tuple[int, ...]]  # id -> positions of the rules it could fire
    always: tuple[int, ...]  # rules that can fire with nothing reported (a pain score alone)
    possible: dict[str, frozenset[str]]  # stage -> conditions of that stage
    warning_signs: tuple[QuestionT, ...]
    places: frozenset[str]
    modifiers: frozenset[str]
    conditions: tuple[ConditionT, ...]
    condition_at: dict[str, int]
    weighs_on: dict[str, tuple[int, ...]]  # finding or flag id -> conditions whose evidence names it
    pages: dict[str, dict[str, str]]  # stage -> condition -> most urgent level of the rules pointing to it
    everyday: frozenset[str]
    items_by_target: dict[tuple[str, bool], tuple[ItemT, ...]]
    fallback: dict[tuple[str, str], ItemT | None]  # (level, stage) -> the "what to do now" item
    avoid: tuple[AvoidT, ...]
    exclusions: tuple[ExclusionT, ...]
    cause_views: dict[str, dict[str, Any]]
    item_views: dict[str, dict[str, Any]]
    narrower_of: dict[str, tuple[str, ...]]  # broad finding -> the narrower findings its denial denies
    symptoms: frozenset[str]  # findings that are not a place or a side
    labels: dict[str, str]  # finding id -> its label
    red_flags: frozenset[str] = frozenset()
    keyword_patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    commonest: dict[tuple[str, int | None], tuple[ConditionT, ...]] = field(default_factory=dict)
    asked_at: dict[tuple[str, int | None, int | None], tuple[Asked, ...]] = field(default_factory=dict)
    suited_at: dict[tuple[str, str, bool, int | None], tuple[ItemT, ...]] = field(default_factory=dict)
    avoid_at: dict[tuple[bool, int | None], tuple[AvoidT, ...]] = field(default_factory=dict)

    def suited(self, condition_id: str, level: str, postnatal: bool, week: int | None) -> tuple[ItemT, ...]:
        """The items for a condition, best first, that suit this week and level (kept per key): in
        its weeks (after the birth nothing is filtered by a week), offered at this level, and
        "while you get help" items only at a same-day level."""
        key = (condition_id, level, postnatal, week)
        found = self.suited_at.get(key)
        if found is None:
            same_day = RANK[level] >= RANK["urgent"]
            stage = "postnatal" if postnatal else "pregnancy"
            found = self.suited_at[key] = tuple(
                i for i in self.items_by_target[(condition_id, level == "soon")]
                if stage in i.stages and (postnatal or i.weeks.holds(week)) and level in i.levels
                and (same_day or not i.while_waiting))
        return found

    def avoid_in(self, postnatal: bool, week: int | None) -> tuple[AvoidT, ...]:
        key = (postnatal, week)
        found = self.avoid_at.get(key)
        if found is None:
            stage = "postnatal" if postnatal else "pregnancy"
            found = self.avoid_at[key] = tuple(a for a in self.avoid if stage in a.stages
                                               and (postnatal or a.weeks.holds(week)))
        return found

    def asked(self, stage: str, week: int | None, since: int | None) -> tuple[Asked, ...]:
        """The warning-sign questions that can matter at this stage and time, in order, each as
        (order, question, the level a yes surely reaches, the more urgent rules that depend on
        what else is reported); those whose week does not fit, or whose yes could never raise the
        level above self-care, are left out. Kept per key."""
        key = (stage, week, since)
        found = self.asked_at.get(key)
        if found is None:
            postnatal = stage == "postnatal"
            out = []
            for order, question in enumerate(self.warning_signs):
                if question.weeks is not None and not postnatal and not question.weeks.holds(week):
                    continue
                sure, depends = _if_yes(question, stage, week, since)
                if sure != "self_care" or depends:
                    out.append((order, question, sure, depends))
            found = self.asked_at[key] = tuple(out)
        return found

    def keyword(self, question: QuestionT) -> re.Pattern[str] | None:
        if question.keywords is None:
            return None
        pattern = self.keyword_patterns.get(question.id)
        if pattern is None:
            pattern = self.keyword_patterns[question.id] = re.compile(question.keywords, re.IGNORECASE)
        return pattern


def _weeks(raw: Mapping[str, Any] | None) -> Weeks | None:
    return None if raw is None else Weeks(raw["min"], raw["max"], raw["unknown"])


def _strip(text: str) -> str:
    return text.strip()


def build_tables(plain: Mapping[str, Any]) -> Tables:
    """The tables for one knowledge base, from its plain data."""
    vocabulary = vocabulary_from_plain(plain["vocabulary"])
    findings = vocabulary.findings
    places = frozenset(f.id for f in findings.values() if f.group == "location")

    rules: list[RuleT] = []
    rule_index: dict[str, list[int]] = {}
    always: list[int] = []
    for position, raw in enumerate(plain["rules"]):
        matches = tuple(compile_plain(m) for m in raw["when"])
        rule = RuleT(position, raw["id"], raw["level"], frozenset(raw["stages"]), matches,
                     tuple((p["condition"], Weeks(p["weeks"]["min"], p["weeks"]["max"], p["weeks"]["unknown"]))
                           for p in raw["points_to"]),
                     _strip(raw["explanation"]), tuple(raw["sources"]))
        rules.append(rule)
        if any(m.trigger is None for m in matches):
            always.append(position)
            continue
        for trigger in {i for m in matches if m.trigger is not None for i in m.trigger}:
            rule_index.setdefault(trigger, []).append(position)

    questions = plain["questions"]
    by_id = {q["id"]: q for q in questions}
    warning_signs = []
    for raw in questions:
        if not raw["red_flag"]:
            continue
        wanted: dict[str, None] = {}
        for condition in raw["enable_when"]:
            parent = by_id[condition["question"]]
            wanted.update(dict.fromkeys(parent["findings"] if parent["kind"] == "yes_no" else condition["answers"]))
        enable = tuple(wanted)
        asked = frozenset(raw["findings"])
        using: dict[str, tuple[RuleT, ...]] = {
            stage: tuple(sorted((r for r in rules if r.level != "self_care" and stage in r.stages
                                 and any(not asked.isdisjoint(m.ids) for m in r.matches)),
                                key=lambda r: -RANK[r.level])) for stage in STAGES}
        when = raw["matters_when"]
        warning_signs.append(QuestionT(
            raw["id"], raw["text"], raw["help"], raw["kind"], tuple(raw["findings"]), frozenset(raw["findings"]),
            frozenset(raw["findings"] if raw["denies"] is None else raw["denies"]),
            tuple(dict.fromkeys(raw["findings"] if raw["denies"] is None else raw["denies"])),
            bool(raw["enable_when"]), enable,
            frozenset(when["regions"]), _weeks(when["weeks"]), raw["keywords"], using,
            {"id": raw["id"], "finding": raw["findings"][0], "findings": tuple(raw["findings"]),
             "question": raw["text"], "help": raw["help"], "level_if_yes": None}))

    conditions = []
    weighs_on: dict[str, list[int]] = {}
    cause_views = {}
    for position, raw in enumerate(plain["conditions"]):
        towards, away = raw["towards"], raw["away"]
        condition = ConditionT(
            position, raw["id"], raw["serious"], frozenset(raw["stages"]),
            ConditionWeeks(raw["weeks"]["min"], raw["weeks"]["max"], raw["weeks"]["unknown"]),
            dict(towards["findings"]), dict(towards["flags"]), dict(away["findings"]), dict(away["flags"]),
            frozenset(raw["signs"]), raw["prior"], tuple(raw["confused_with"]),
            frozenset(f for f, w in towards["findings"].items() if f in places and w >= PLACE_WEIGHT))
        conditions.append(condition)
        for rid in {*towards["findings"], *towards["flags"], *away["findings"], *away["flags"]}:
            weighs_on.setdefault(rid, []).append(position)
        cause_views[condition.id] = {"id": raw["id"], "name": raw["name"], "serious": raw["serious"],
                                     "summary": _strip(raw["summary"]), "typical": _strip(raw["typical"]),
                                     "sources": tuple(raw["sources"])}

    pages: dict[str, dict[str, str]] = {stage: {} for stage in STAGES}
    for rule in rules:
        for stage in sorted(rule.stages, key=STAGES.index):
            for condition_id, _ in rule.points_to:
                current = pages[stage].get(condition_id)
                if current is None or RANK[rule.level] > RANK[current]:
                    pages[stage][condition_id] = rule.level

    items = []
    for raw in plain["plan_items"]:
        view = {"id": raw["id"], "kind": raw["kind"], "title": raw["title"], "summary": _strip(raw["summary"]),
                "steps": tuple(raw["steps"]), "dose": raw["dose"], "positions": tuple(raw["positions"]),
                "targets": tuple(raw["targets"]), "stop_if": _strip(raw["stop_if"]), "evidence": raw["evidence"],
                "while_waiting": raw["while_waiting"], "sources": tuple(raw["sources"])}
        ruled_out = tuple(RuledOutT(frozenset(r["flags"]), frozenset(r["findings"]), r["weeks_from"],
                                    r["weeks_before"], _strip(r["reason"]), tuple(r["sources"]))
                          for r in raw["ruled_out"])
        weeks = _weeks(raw["weeks"]) or Weeks(1, 42, True)
        items.append((raw, ItemT(raw["id"], raw["kind"], tuple(raw["targets"]), weeks, ruled_out,
                                 raw["while_waiting"], frozenset(raw["levels"]), raw["priority"], view,
                                 frozenset(raw["stages"]), frozenset(raw["aggravators"]), frozenset(raw["focus"]),
                                 dict(raw["doses"]), frozenset(raw["always_for"]))))
    items_by_target: dict[tuple[str, bool], tuple[ItemT, ...]] = {}
    for condition_id in vocabulary.conditions:
        aimed = [i for _, i in items if condition_id in i.targets]
        items_by_target[(condition_id, False)] = tuple(sorted(aimed, key=lambda i: (-i.priority, i.id)))
        items_by_target[(condition_id, True)] = tuple(sorted(aimed, key=lambda i: (i.kind != "care_team", -i.priority,
                                                                                     i.id)))
    fallback: dict[tuple[str, str], ItemT | None] = {
        (level, stage): max((i for _, i in items if i.while_waiting and level in i.levels and stage in i.stages),
                            key=lambda i: (i.priority, i.id), default=None)
        for level in LEVELS for stage in STAGES}

    exclusions = tuple(ExclusionT(raw["id"], frozenset(raw["stages"]),
                                  frozenset((*raw["when_flags"], *raw["when_findings"])),
                                  _weeks(raw["when_weeks"]),
                                  None if raw["when_level_at_least"] is None else RANK[raw["when_level_at_least"]],
                                  frozenset(i.id for item, i in items if _covers(raw, item)),
                                  _strip(raw["reason"]), tuple(raw["sources"]))
                       for raw in plain["exclusions"])
    avoid = tuple(AvoidT(raw["id"], frozenset(raw["targets"]), "any" in raw["targets"],
                         _weeks(raw["weeks"]) or Weeks(1, 42, True),
                         {"id": raw["id"], "title": raw["title"], "why": _strip(raw["why"]),
                          "targets": tuple(raw["targets"]), "sources": tuple(raw["sources"])},
                         frozenset(raw["stages"]), frozenset(raw["levels"]))
                  for raw in plain["avoid"])
    narrower_of: dict[str, list[str]] = {}
    for narrow, broad in vocabulary.narrower.items():
        narrower_of.setdefault(broad, []).append(narrow)

    tables = Tables(
        version=plain["version"], vocabulary=vocabulary, rules=tuple(rules),
        rule_index={k: tuple(v) for k, v in rule_index.items()}, always=tuple(always),
        possible={stage: frozenset(c.id for c in conditions if stage in c.stages) for stage in STAGES},
        warning_signs=tuple(warning_signs), places=places,
        modifiers=frozenset(f.id for f in findings.values() if f.group == "side"),
        conditions=tuple(conditions), condition_at={c.id: c.position for c in conditions},
        weighs_on={k: tuple(v) for k, v in weighs_on.items()}, pages=pages,
        everyday=frozenset(c.id for c in conditions if not c.serious),
        items_by_target=items_by_target, fallback=fallback, avoid=avoid, exclusions=exclusions,
        cause_views=cause_views, item_views={i.id: i.view for _, i in items},
        narrower_of={k: tuple(v) for k, v in narrower_of.items()},
        symptoms=frozenset(f.id for f in findings.values() if f.group not in ("location", "side")),
        labels={f.id: f.label for f in findings.values()},
    )
    tables.red_flags = _red_flags(tables)
    return tables


IfYes = tuple[Level, tuple[tuple[Level, tuple[Compiled, ...]], ...]]
Asked = tuple[int, QuestionT, Level, tuple[tuple[Level, tuple[Compiled, ...]], ...]]


def _if_yes(question: QuestionT, stage: str, week: int | None, since: int | None) -> IfYes:
    """For one warning-sign question at one stage, week and weeks since the birth: the level a yes
    reaches whatever else is reported (a rule whose match needs only the question's own findings
    and this time), and the more urgent rules a yes could also fire, which depend on the rest, as
    (level, matches), most urgent first. Rules whose own week limits rule them out are left out."""
    from bumpwise.engine.facts import Facts

    alone = Facts(question.added, question.findings, (), frozenset(), week, None, None, None, since)
    sure: Level = "self_care"
    for rule in question.using[stage]:
        if any(m.ids_and_time and m.holds(alone.present, alone) for m in rule.matches):
            sure = rule.level
            break
    depends = []
    for rule in question.using[stage]:
        if RANK[rule.level] <= RANK[sure]:
            break
        matches = tuple(m for m in rule.matches if m.fits_time(week, since))
        if matches:
            depends.append((rule.level, matches))
    return sure, tuple(depends)


def _covers(exclusion: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
    """Whether an item is in the class an exclusion withholds (every kind/position/area list given must hold)."""
    if exclusion["except_while_waiting"] and item["while_waiting"]:
        return False
    if exclusion["all_items"]:
        return True
    if exclusion["kinds"] and item["kind"] not in exclusion["kinds"]:
        return False
    if exclusion["positions"] and set(item["positions"]).isdisjoint(exclusion["positions"]):
        return False
    if exclusion["body_areas"] and set(item["body_areas"]).isdisjoint(exclusion["body_areas"]):
        return False
    return bool(exclusion["kinds"] or exclusion["positions"] or exclusion["body_areas"])


def _red_flags(tables: Tables) -> frozenset[str]:
    """Findings that on their own, with the week unknown, need help the same day (urgent or higher).

    Derived from the rules rather than listed, so the list can never drift from the policy.
    """
    from bumpwise.engine.facts import Facts
    from bumpwise.engine.triage import triage_with

    flagged = set()
    for finding in tables.vocabulary.findings:
        facts = Facts(frozenset([finding]), (finding,), (), frozenset(), None, None, None)
        if RANK[triage_with(tables, facts).level] >= RANK["urgent"]:
            flagged.add(finding)
    return frozenset(flagged)


@cache
def tables_of(kb: KnowledgeBase) -> Tables:
    """The tables for a KnowledgeBase object (cached per object)."""
    from bumpwise.knowledge.snapshot import to_plain

    return build_tables(to_plain(kb))


@cache
def default_tables() -> Tables:
    """The packaged knowledge base's tables, from its compiled snapshot."""
    from bumpwise.knowledge.snapshot import load_snapshot

    return build_tables(load_snapshot())


def engine_version() -> str:
    """This package's version, read from its installed metadata's folder name (cheap), else from
    importlib.metadata."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith("bumpwise-") and name.endswith(".dist-info"):
                return name[len("bumpwise-"):-len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bumpwise")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "0+unknown"
