"""The summary for the midwife or physiotherapist, assembled from the diary as plain data.

Renderers (the printable page, the PDF, the terminal) only lay this out. Red flags ever reported
are always part of it, whatever the date range or the sections chosen: they are not optional.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bumpwise.diary.alerts import Alert, alerts
from bumpwise.diary.records import CheckIn, Diary
from bumpwise.diary.trends import Axis, Rise, Series, axis_for, goal_series, pain_series, rises, week_on
from bumpwise.diary.vocab import SourceRef, Vocabulary, sources, vocabulary, vocabulary_of
from bumpwise.i18n import N_

if TYPE_CHECKING:
    from bumpwise.knowledge import KnowledgeBase

SECTIONS = {
    "level": N_("Current level and reasons"),
    "trends": N_("Pain by region"),
    "character": N_("What the pain felt like"),
    "sleep": N_("Sleep"),
    "goals": N_("Personal goals"),
    "tried": N_("What was tried and what helped"),
    "plan": N_("Current plan"),
    "notes": N_("Notes"),
    "sources": N_("References"),
}
MAX_SOURCES = 6  # a short reference list: the sources behind the current level first
MAX_NOTES = 5
PREGNANCY_WEEKS = 40


@dataclass(frozen=True)
class RegionTrend:
    label: str
    first: int
    latest: int
    lowest: int
    highest: int
    ratings: int


@dataclass(frozen=True)
class TriedItem:
    what: str
    tried: int
    helped: int


@dataclass(frozen=True)
class RedFlagReport:
    day: date
    week: int | None
    label: str
    where: str = N_("check-in")  # or "diary entry"; translated where shown


@dataclass(frozen=True)
class Sleep:
    nights: int  # entries that gave hours
    average_hours: float | None
    woken: int  # nights pain woke her
    asked: int  # entries that asked whether pain woke her


@dataclass
class Summary:
    start: date
    end: date
    sections: tuple[str, ...]
    axis: Axis
    red_flags: list[RedFlagReport]  # ever reported, always shown
    alerts: list[Alert]
    name: str | None = None
    week: int | None = None  # week of pregnancy on the last day covered
    due: date | None = None  # from the diary's weeks: day 0 plus 40 weeks
    latest_checkin: CheckIn | None = None
    level: tuple[str, str] | None = None  # the latest check-in's level: label, action
    reasons: list[str] = field(default_factory=list)  # its reasons' explanations
    pain: list[RegionTrend] = field(default_factory=list)
    pain_series: list[Series] = field(default_factory=list)
    rises: list[Rise] = field(default_factory=list)
    goals: list[Series] = field(default_factory=list)
    tried: list[TriedItem] = field(default_factory=list)
    plan: list[dict[str, Any]] = field(default_factory=list)
    avoid: list[dict[str, Any]] = field(default_factory=list)
    notes: list[tuple[date, str]] = field(default_factory=list)
    character: list[tuple[str, int]] = field(default_factory=list)  # label, days felt
    sleep: Sleep | None = None
    sources: list[SourceRef] = field(default_factory=list)
    entries: int = 0
    checkins: int = 0

    def has(self, section: str) -> bool:
        return section in self.sections


def _in(day: date, start: date, end: date) -> bool:
    return start <= day <= end


def build_summary(diary: Diary, start: date, end: date, sections: tuple[str, ...] = tuple(SECTIONS),
                  name: str | None = None, kb: KnowledgeBase | None = None) -> Summary:
    """The summary, its knowledge-base words (warning signs, regions, kinds of pain, level, reasons,
    plan) looked up by id in `kb`, knowledge_for(locale) for her language (default: the packaged
    English vocabulary and the words saved with each check-in). A word saved in English is kept
    only where `kb` no longer has its id."""
    vocab = vocabulary_of(kb) if kb is not None else vocabulary()
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section {unknown[0]!r}; accepted: {', '.join(SECTIONS)}")
    axis = axis_for(diary)  # from the whole diary, so weeks match the other views
    summary = Summary(
        start=start, end=end, sections=sections, axis=axis, name=(name or "").strip()[:80] or None,
        week=week_on(diary, end), due=axis.start + timedelta(weeks=PREGNANCY_WEEKS) if axis.gestational else None,
        red_flags=[RedFlagReport(day=c.day, week=c.week or week_on(diary, c.day),
                                 label=vocab.findings.get(f.id, f.label),
                                 where=N_("diary entry") if c.entry_id else N_("check-in"))
                   for c, f in diary.red_flags],
        alerts=[a for a in alerts(diary, vocab=vocab) if a.kind == "rise"],  # warning signs are listed above them
    )
    entries = [e for e in diary.entries if _in(e.day, start, end)]
    checkins = [c for c in diary.checkins if _in(c.day, start, end)]
    summary.entries, summary.checkins = len(entries), len(checkins)
    summary.latest_checkin = checkins[-1] if checkins else None
    if summary.latest_checkin is not None:
        summary.level, summary.reasons = _level(summary.latest_checkin, vocab, kb)
    in_range = Diary.model_construct(entries=tuple(entries), checkins=tuple(checkins), goals=diary.goals,
                                     goal_ratings=tuple(r for r in diary.goal_ratings if _in(r.day, start, end)))
    summary.pain_series = pain_series(in_range, axis, vocab)
    for series in summary.pain_series:
        scores = [p.score for p in series.points]
        summary.pain.append(RegionTrend(label=series.label, first=scores[0], latest=scores[-1],
                                        lowest=min(scores), highest=max(scores), ratings=len(scores)))
        summary.rises += rises(series)
    summary.goals = [g for g in goal_series(in_range, axis) if g.points]
    summary.tried = _tried(entries)
    summary.notes = [(e.day, e.note) for e in entries if e.note][-MAX_NOTES:]
    summary.character = _character(entries, vocab)
    summary.sleep = _sleep(entries)
    # The plan comes from her latest full check-in; an entry's own check-in has only what is
    # safe while getting help.
    planned = [c for c in checkins if c.entry_id is None] or checkins
    if planned:
        plan = planned[-1].result.get("plan", {})
        summary.plan = [_plan_item(i, kb) for i in plan.get("items", [])]
        summary.avoid = [_avoid_item(a, kb) for a in plan.get("avoid", [])]
    summary.sources = _sources(summary)
    return summary


def _tried(entries: list[Any]) -> list[TriedItem]:
    tried: Counter[str] = Counter()
    helped: Counter[str] = Counter()
    names: dict[str, str] = {}
    for entry in entries:
        for thing in entry.tried or ():
            names.setdefault(thing.casefold(), thing)
            tried[thing.casefold()] += 1
        for thing in entry.helped or ():
            names.setdefault(thing.casefold(), thing)
            helped[thing.casefold()] += 1
    keys = sorted(set(tried) | set(helped), key=lambda k: (-helped[k], -tried[k], k))
    # Something that helped was also tried, even if it was not ticked as tried.
    return [TriedItem(what=names[k], tried=max(tried[k], helped[k]), helped=helped[k]) for k in keys]


def _level(checkin: CheckIn, vocab: Vocabulary, kb: KnowledgeBase | None) -> tuple[tuple[str, str], list[str]]:
    """The check-in's level (label, action) and its reasons' explanations: from `kb` by id when
    given; otherwise as saved (the level from the English vocabulary if the result lacks it)."""
    triage = checkin.result.get("triage", {})
    reasons = triage.get("reasons", [])
    said = [str(r.get("explanation", r.get("rule", ""))) for r in reasons]
    if kb is None:
        label = triage.get("label") or level_label(checkin.level)
        return (str(label), str(triage.get("action", ""))), said
    explained = {rule.id: rule.explanation.strip() for rule in kb.rules}
    level = vocab.levels.get(checkin.level)
    shown = level or (str(triage.get("label") or checkin.level), str(triage.get("action", "")))
    return shown, [explained.get(str(r.get("rule")), s) for r, s in zip(reasons, said, strict=True)]


def _plan_item(item: dict[str, Any], kb: KnowledgeBase | None) -> dict[str, Any]:
    """A saved plan item with its title, and its dose where it is a dose the knowledge base wrote,
    from `kb` (her language)."""
    known = kb.plan_items.get(str(item.get("id"))) if kb is not None else None
    if known is None:
        return dict(item)
    out = dict(item, title=known.title)
    dose = item.get("dose")
    if dose:
        from bumpwise.knowledge import knowledge_base  # only with a kb: the English it was saved in

        english = knowledge_base().plan_items.get(known.id)
        if english is not None and dose == english.dose:
            out["dose"] = known.dose
        elif english is not None:
            stage = next((k for k, d in english.doses.items() if d == dose), None)
            out["dose"] = known.doses.get(stage, dose) if stage is not None else dose
    return out


def _avoid_item(item: dict[str, Any], kb: KnowledgeBase | None) -> dict[str, Any]:
    known = kb.avoid.get(str(item.get("id"))) if kb is not None else None
    return dict(item) if known is None else dict(item, title=known.title, why=known.why.strip())


def _character(entries: list[Any], vocab: Vocabulary) -> list[tuple[str, int]]:
    """How often each kind of pain was felt, most often first."""
    felt: Counter[str] = Counter(c for e in entries for c in set(e.character or ()))
    labels = vocab.characters
    return [(labels.get(c, c), n) for c, n in sorted(felt.items(), key=lambda kv: (-kv[1], kv[0]))]


def _sleep(entries: list[Any]) -> Sleep | None:
    hours = [e.sleep_hours for e in entries if e.sleep_hours is not None]
    asked = [e.sleep_disturbed for e in entries if e.sleep_disturbed is not None]
    if not hours and not asked:
        return None
    return Sleep(nights=len(hours), average_hours=round(sum(hours) / len(hours), 1) if hours else None,
                 woken=sum(1 for w in asked if w), asked=len(asked))


def _sources(summary: Summary) -> list[SourceRef]:
    """A short reference list: the first shown sources behind the latest level, its reasons and
    the plan (publisher known; never a seed article)."""
    checkin = summary.latest_checkin
    if checkin is None:
        return []
    ids: list[str] = []
    for reason in checkin.result.get("triage", {}).get("reasons", []):
        ids += reason.get("sources", [])[:2]
    for item in summary.plan:
        ids += item.get("sources", [])[:1]
    registry = sources()
    shown = [registry[i] for i in dict.fromkeys(ids) if i in registry and registry[i].shown]
    return shown[:MAX_SOURCES]


def level_label(level: str) -> str:
    return vocabulary().levels.get(level, (level, ""))[0]
