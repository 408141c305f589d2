"""Load the knowledge base from the YAML files in `data/`, validate every record, check every
cross-reference, and report every problem with its file and record id (not just the first)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ValidationError

from bumpwise.knowledge.files import ALL_FILES, digest_of
from bumpwise.knowledge.files import DATA_FILES as DATA_FILES
from bumpwise.knowledge.files import data_dir as data_dir
from bumpwise.knowledge.problems import KnowledgeError as KnowledgeError
from bumpwise.knowledge.problems import Problem as Problem
from bumpwise.knowledge.schema import (
    AvoidItem,
    Condition,
    Example,
    Exclusion,
    Match,
    PlanItem,
    Question,
    Routine,
    Rule,
    Source,
)
from bumpwise.knowledge.vocabulary import Vocabulary, parse_vocabulary

# Body-map groups: a place or a side alone never lists a serious condition, so it is never one of its signs.
PLACE_GROUPS = ("location", "side")

try:  # libyaml's loader is ~10x faster; fall back to the pure-Python one where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True, eq=False)  # hashed by identity, so per-KB caches can key on it
class KnowledgeBase:
    version: str
    vocabulary: Vocabulary
    rules: tuple[Rule, ...]
    conditions: dict[str, Condition]
    plan_items: dict[str, PlanItem]
    avoid: dict[str, AvoidItem]
    exclusions: tuple[Exclusion, ...]
    sources: dict[str, Source]
    questions: tuple[Question, ...]
    mirror_hosts: tuple[str, ...] = ()
    routines: dict[str, Routine] = field(default_factory=dict)


R = TypeVar("R", bound=BaseModel)


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load and validate everything; raise KnowledgeError listing every problem."""
    directory = directory or data_dir()
    problems: list[Problem] = []
    raw_files: dict[str, Any] = {}
    texts: dict[str, bytes] = {}
    for name in ALL_FILES:
        path = directory / name
        try:
            text = path.read_bytes()
        except OSError as error:
            problems.append(Problem(name, "-", f"cannot read: {error.strerror}"))
            continue
        texts[name] = text
        try:
            raw_files[name] = yaml.load(text, Loader=_Loader) or {}
        except yaml.YAMLError as error:
            problems.append(Problem(name, "-", f"not valid YAML: {error}"))
    if problems:
        raise KnowledgeError(problems)

    try:
        vocabulary = parse_vocabulary(raw_files["vocabulary.yaml"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise KnowledgeError([Problem("vocabulary.yaml", "-", f"malformed: {error!r}")]) from error

    def records(file: str, model: type[R]) -> list[R]:
        key = DATA_FILES[file]
        raw = raw_files[file]
        items = raw.get(key) if isinstance(raw, dict) else None
        if not isinstance(items, list):
            problems.append(Problem(file, "-", f"needs a top-level list called {key!r}"))
            return []
        out: list[R] = []
        seen: set[str] = set()
        for index, item in enumerate(items):
            label = item.get("id", f"#{index}") if isinstance(item, dict) else f"#{index}"
            try:
                record = model.model_validate(item)
            except ValidationError as error:
                for e in error.errors():
                    where = ".".join(str(p) for p in e["loc"])
                    problems.append(Problem(file, str(label), f"{where}: {e['msg']}"))
                continue
            if label in seen:
                problems.append(Problem(file, str(label), "id is used twice"))
            seen.add(str(label))
            out.append(record)
        return out

    rules = records("rules.yaml", Rule)
    conditions = records("conditions.yaml", Condition)
    plan_items = records("plan_items.yaml", PlanItem)
    avoid = records("avoid.yaml", AvoidItem)
    exclusions = records("exclusions.yaml", Exclusion)
    sources = records("sources.yaml", Source)
    problems.extend(expand_region_groups(raw_files["questions.yaml"], vocabulary))
    questions = records("questions.yaml", Question)
    routines = records("routines.yaml", Routine)

    source_ids = {s.id for s in sources} | {p.id for s in sources for p in s.parts}
    by_source: dict[str, Source] = {s.id: s for s in sources}
    by_source.update({p.id: p for s in sources for p in s.parts})
    manifest = raw_files["manifest.yaml"]
    version = f"{manifest.get('version', '0')}+{digest_of(texts)[:8]}"

    kb = KnowledgeBase(
        version=version,
        vocabulary=vocabulary,
        rules=tuple(rules),
        conditions={c.id: c for c in conditions},
        plan_items={p.id: p for p in plan_items},
        avoid={a.id: a for a in avoid},
        exclusions=tuple(exclusions),
        sources=by_source,
        questions=tuple(questions),
        mirror_hosts=tuple(str(h) for h in raw_files["sources.yaml"].get("mirror_hosts") or ()),
        routines={r.id: r for r in routines},
    )
    problems.extend(cross_reference(kb, source_ids))
    if problems:
        raise KnowledgeError(problems)
    return kb


def on_mirror(address: str, hosts: Iterable[str]) -> bool:
    """Whether an address is on one of the known mirror or content-farm hosts (or a subdomain)."""
    host = (urlsplit(address).hostname or "").rstrip(".")
    return any(host == h or host.endswith("." + h) for h in hosts)


def cross_reference(kb: KnowledgeBase, source_ids: set[str]) -> Iterator[Problem]:
    """Every id a record uses must exist, and every condition must be reachable."""
    vocab = kb.vocabulary
    reportable = set(vocab.findings) | set(vocab.flags)
    overlap = set(vocab.findings) & set(vocab.flags)
    for clash in sorted(overlap):
        yield Problem("vocabulary.yaml", clash, "is both a finding and a flag")

    def check_sources(file: str, rid: str, ids: Iterable[str]) -> Iterator[Problem]:
        for sid in ids:
            if sid not in source_ids:
                yield Problem(file, rid, f"source {sid} is not in sources.yaml")

    def check_ids(file: str, rid: str, ids: Iterable[str], allowed: set[str], what: str) -> Iterator[Problem]:
        for i in ids:
            if i not in allowed:
                yield Problem(file, rid, f"unknown {what} {i!r}")

    def check_example(file: str, rid: str, example: Example) -> Iterator[Problem]:
        yield from check_ids(file, rid, example.findings, set(vocab.findings), "finding")
        yield from check_ids(file, rid, example.flags, set(vocab.flags), "flag")

    pointed: set[str] = set()
    for rule in kb.rules:
        yield from check_sources("rules.yaml", rule.id, rule.sources)
        for match in rule.when:
            yield from check_ids("rules.yaml", rule.id, match_ids(match), reportable, "finding or flag")
        for target in rule.points_to:
            pointed.add(target.condition)
            yield from check_ids("rules.yaml", rule.id, [target.condition], set(vocab.conditions), "condition")
        for example in (*rule.examples.positive, *rule.examples.negative):
            yield from check_example("rules.yaml", rule.id, example)

    for cid in vocab.conditions:
        if cid not in kb.conditions:
            yield Problem("conditions.yaml", cid, "condition in the vocabulary has no record")
    for condition in kb.conditions.values():
        file = "conditions.yaml"
        yield from check_ids(file, condition.id, [condition.id], set(vocab.conditions), "condition")
        yield from check_sources(file, condition.id, condition.sources)
        yield from check_ids(file, condition.id, [*condition.towards.findings, *condition.away.findings],
                             set(vocab.findings), "finding")
        yield from check_ids(file, condition.id, [*condition.towards.flags, *condition.away.flags],
                             set(vocab.flags), "flag")
        yield from check_ids(file, condition.id, condition.confused_with, set(vocab.conditions), "condition")
        yield from check_ids(file, condition.id, condition.signs, reportable, "finding or flag in signs")
        for place in [s for s in condition.signs if s in vocab.findings and vocab.findings[s].group in PLACE_GROUPS]:
            yield Problem(file, condition.id, f"signs: {place!r} is a place or a side; a region alone is never a sign")
        if condition.serious and not condition.signs:
            yield Problem(file, condition.id, "a serious condition needs its own signs (policy \"Explaining causes\")")
        for example in condition.examples:
            yield from check_example(file, condition.id, example)
        if not condition.towards.findings and condition.id not in pointed:
            yield Problem(file, condition.id, "unreachable: no finding points towards it and no rule points to it")

    for source in kb.sources.values():
        if not (source.url or source.file or source.parts or source.archive):
            yield Problem("sources.yaml", source.id, "needs an address: a url, a file, an archive copy, or parts")
        for address in (source.url, *source.also):
            if address and on_mirror(address, kb.mirror_hosts):
                yield Problem("sources.yaml", source.id, f"{address} is on a mirror or content-farm host: "
                              "give the authoritative address as url and keep the copy under archive")
    conditions = set(vocab.conditions)
    for item in kb.plan_items.values():
        file = "plan_items.yaml"
        yield from check_sources(file, item.id, item.sources)
        yield from check_ids(file, item.id, item.targets, conditions, "condition")
        for ruled in item.ruled_out:
            yield from check_sources(file, item.id, ruled.sources)
            yield from check_ids(file, item.id, ruled.flags, set(vocab.flags), "flag")
            yield from check_ids(file, item.id, ruled.findings, set(vocab.findings), "finding")
    for avoid in kb.avoid.values():
        yield from check_sources("avoid.yaml", avoid.id, avoid.sources)
        yield from check_ids("avoid.yaml", avoid.id, avoid.targets, conditions | {"any"}, "condition")
    for exclusion in kb.exclusions:
        yield from check_sources("exclusions.yaml", exclusion.id, exclusion.sources)
        yield from check_ids("exclusions.yaml", exclusion.id, exclusion.when_flags, set(vocab.flags), "flag")
        yield from check_ids("exclusions.yaml", exclusion.id, exclusion.when_findings, set(vocab.findings), "finding")
    for routine in kb.routines.values():
        yield from check_sources("routines.yaml", routine.id, routine.sources)
        yield from check_ids("routines.yaml", routine.id, [s.item for s in routine.steps if s.item],
                             set(kb.plan_items), "plan item")
    yield from check_questionnaire(kb)
    for condition_id in sorted(conditions - {t for item in kb.plan_items.values() for t in item.targets}
                               - {c.id for c in kb.conditions.values() if c.serious}):
        yield Problem("plan_items.yaml", condition_id, "common condition has no plan item targeting it")


def expand_region_groups(raw: Any, vocabulary: Vocabulary) -> Iterator[Problem]:
    """Replace region-group names in each question's `matters_when.regions` with the body-map ids
    they stand for (groups may name groups), in place, before the records are validated."""
    if not isinstance(raw, dict):
        return
    groups = raw.get("region_groups") or {}
    places = {f.id for f in vocabulary.findings.values() if f.group == "location"}

    def expand(name: str, seen: tuple[str, ...]) -> list[str]:
        if name in places:
            return [name]
        if name in seen or name not in groups or not isinstance(groups[name], list):
            raise KeyError(name)
        return [p for member in groups[name] for p in expand(str(member), (*seen, name))]

    for item in raw.get("questions") or []:
        when = item.get("matters_when") if isinstance(item, dict) else None
        if not isinstance(when, dict) or not isinstance(when.get("regions"), list):
            continue
        try:
            when["regions"] = list(dict.fromkeys(p for name in when["regions"] for p in expand(str(name), ())))
        except KeyError as error:
            yield Problem("questions.yaml", str(item.get("id", "-")),
                          f"matters_when.regions: {error.args[0]!r} is neither a body-map place nor a region group "
                          "(or its group loops)")


def check_questionnaire(kb: KnowledgeBase) -> Iterator[Problem]:
    """The questionnaire is complete and its branching is sound: every finding a rule uses is asked
    by some question; a follow-up names an earlier question (so there can be no loop) and answers
    that question can give; warning signs are asked in the `now` or `red_flags` step."""
    file = "questions.yaml"
    vocab = kb.vocabulary
    earlier: dict[str, Question] = {}
    for question in kb.questions:
        yield from _check_ids(file, question.id, question.findings, set(vocab.findings), "finding")
        for condition in question.enable_when:
            parent = earlier.get(condition.question)
            if parent is None:
                where = "a later question" if any(q.id == condition.question for q in kb.questions) else "no question"
                yield Problem(file, question.id, f"enable_when names {condition.question!r}, which is {where}; "
                              "a follow-up must follow an earlier question")
                continue
            accepted = ("yes", "unsure") if parent.kind == "yes_no" else parent.findings
            for answer in condition.answers:
                if answer not in accepted:
                    yield Problem(file, question.id, f"enable_when answer {answer!r} is not one {parent.id!r} can "
                                  f"give (accepted: {', '.join(accepted)})")
        if question.red_flag and question.step not in ("now", "red_flags"):
            yield Problem(file, question.id, "a warning-sign question belongs to the now or red_flags step")
        if question.id in earlier:
            yield Problem(file, question.id, "id is used twice")
        earlier[question.id] = question
    asked = {f for q in kb.questions for f in q.findings}
    for rule in kb.rules:
        for finding in sorted({i for m in rule.when for i in match_ids(m)} & set(vocab.findings) - asked):
            yield Problem(file, finding, f"used by rule {rule.id} but no question asks it")


def _check_ids(file: str, rid: str, ids: Iterable[str], allowed: set[str], what: str) -> Iterator[Problem]:
    for i in ids:
        if i not in allowed:
            yield Problem(file, rid, f"unknown {what} {i!r}")


def match_ids(match: Match) -> Iterator[str]:
    for part in (*match.all, *match.any):
        if isinstance(part, str):
            yield part
        else:
            yield from match_ids(part)
