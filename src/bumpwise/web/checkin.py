"""The check-in as short steps, and how each step's form becomes part of one assessment input.

Nothing is stored on the server: the answers so far travel with every form as one hidden
field (`state`, JSON). Each step owns some fields; submitting a step replaces exactly those
fields, so going back and forward keeps everything else. The red-flag questions must all be
answered; "not sure" counts as yes (unknown is never read as no) and only an explicit "no"
is passed to the engine as `denied`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from bumpwise.engine.ask import follow_up_enabled
from bumpwise.knowledge import KnowledgeBase

STEPS = ("about", "where", "feel", "pattern", "other", "red_flags")
STEP_TITLES = {
    "about": "Your pregnancy",
    "where": "Where it hurts",
    "feel": "What it feels like",
    "pattern": "What makes it worse",
    "other": "Other things",
    "red_flags": "Important questions",
}
Answer = Literal["yes", "no", "unsure"]
ANSWERS: tuple[Answer, ...] = ("yes", "no", "unsure")
ANSWER_LABELS = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
MAX_TEXT = 2000


@dataclass(frozen=True)
class RedFlagQuestion:
    id: str
    text: str
    help: str | None
    findings: tuple[str, ...]  # what a yes (or not sure) reports
    signs: tuple[str, ...] = ()  # what the question is about: what a no denies (default: all findings)

    def __post_init__(self) -> None:
        if not self.signs:
            object.__setattr__(self, "signs", self.findings)


@dataclass
class State:
    """Everything answered so far. Unknown stays None / empty: never a guess."""

    week: int | None = None
    due_date: str = ""
    text: str = ""
    pain_score: int | None = None
    onset: str = ""
    duration_days: int | None = None
    findings: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    # Findings the person's own words mentioned, shown as "from your words" hints.
    from_text: list[str] = field(default_factory=list)
    from_text_denied: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, separators=(",", ":"), sort_keys=True)


class StepError(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def red_flag_questions(kb: KnowledgeBase, state: State | None = None) -> list[RedFlagQuestion]:
    """The knowledge base's warning-sign questions (the loader proves every finding a rule uses is
    asked by one). With a state, a follow-up is included only once its parent was answered yes
    (or ticked)."""
    source = [q for q in kb.questions if q.red_flag]
    if state is not None:
        said = {*state.findings, *(f for q in source if state.answers.get(q.id) in ("yes", "unsure")
                                   for f in q.findings)}
        by_id = {q.id: q for q in kb.questions}
        source = [q for q in source if follow_up_enabled(q, frozenset(said), by_id)]
    return [RedFlagQuestion(q.id, q.text, q.help, q.findings, q.denied_by_no) for q in source]


@dataclass(frozen=True)
class Group:
    """One question on a step: its words, and the findings offered as tick boxes under it."""

    legend: str
    help: str | None
    findings: tuple[str, ...]


def step_findings(kb: KnowledgeBase, step: str) -> list[str]:
    """The finding ids a step owns. Red-flag findings are asked as yes/no/not sure questions
    instead, except body-map locations, which stay on the map so every region is there."""
    groups = {"where": ("location", "side"), "feel": ("character",), "pattern": ("pattern",),
              "other": ("associated",)}.get(step, ())
    asked = {f for q in red_flag_questions(kb) for f in q.findings}
    return [fid for fid, term in kb.vocabulary.findings.items()
            if term.group in groups and (term.group == "location" or fid not in asked)]


def step_groups(kb: KnowledgeBase, step: str) -> list[Group]:
    """The step's tick boxes, grouped under the knowledge base's questions; anything the
    questions do not cover is still offered, under "Anything else"."""
    owned = step_findings(kb, step)
    groups: list[Group] = []
    placed: set[str] = set()
    for q in kb.questions:
        if q.red_flag or q.step != step:
            continue
        ids = tuple(f for f in q.findings if f in owned and f not in placed)
        if ids:
            groups.append(Group(q.text, q.help, ids))
            placed.update(ids)
    rest = tuple(f for f in owned if f not in placed)
    if rest:
        groups.append(Group("Anything else? Tick any that apply.", None, rest))
    return groups


def parse_state(raw: str | None, kb: KnowledgeBase) -> State:
    """Read the hidden state field. Anything malformed or unknown is dropped, not trusted."""
    try:
        data = json.loads(raw) if raw else {}
    except (ValueError, RecursionError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    findings = set(kb.vocabulary.findings)
    questions = {q.id for q in red_flag_questions(kb)}
    return State(
        week=_int_or_none(data.get("week"), 1, 42),
        due_date=str(data.get("due_date") or "")[:10],
        text=str(data.get("text") or "")[:MAX_TEXT],
        pain_score=_int_or_none(data.get("pain_score"), 0, 10),
        onset=str(data["onset"]) if data.get("onset") in ("sudden", "gradual") else "",
        duration_days=_int_or_none(data.get("duration_days"), 0, 400),
        findings=_known(data.get("findings"), findings),
        flags=_known(data.get("flags"), set(kb.vocabulary.flags)),
        answers={k: v for k, v in (data.get("answers") or {}).items() if k in questions and v in ANSWERS}
        if isinstance(data.get("answers"), dict) else {},
        from_text=_known(data.get("from_text"), findings),
        from_text_denied=_known(data.get("from_text_denied"), findings),
    )


def apply_step(state: State, step: str, form: Mapping[str, Any], kb: KnowledgeBase, *,
               today: date | None = None, strict: bool = True) -> State:
    """Replace the fields `step` owns with what its form says. With strict=False (going back),
    invalid values are dropped instead of raising, so the person never loses their place."""
    errors: dict[str, str] = {}
    getlist = _getlist(form)
    if step == "about":
        state.text = str(form.get("text") or "").strip()[:MAX_TEXT]
        state.due_date = str(form.get("due_date") or "").strip()
        week_raw = str(form.get("week") or "").strip()
        state.week = None
        if week_raw:
            state.week = _int_or_none(week_raw, 1, 42)
            if state.week is None:
                errors["week"] = "Enter the number of weeks as a whole number from 1 to 42."
        elif state.due_date:
            try:
                state.week = week_from_due_date(date.fromisoformat(state.due_date), today or date.today())
            except ValueError as error:
                errors["due_date"] = str(error) if "due date" in str(error) else (
                    "Enter the due date as a date, for example 2025-08-31.")
                state.due_date = ""
    elif step in ("where", "feel", "pattern", "other"):
        owned = set(step_findings(kb, step))
        chosen = [f for f in getlist("findings") if f in owned]
        if step == "where" and form.get("side") in ("one_side", "both_sides"):
            chosen.append(str(form.get("side")))
        state.findings = [f for f in state.findings if f not in owned] + _dedupe(chosen)
        if step == "feel":
            state.pain_score = _int_or_none(form.get("pain_score"), 0, 10)
            state.onset = str(form.get("onset")) if form.get("onset") in ("sudden", "gradual") else ""
            days_raw = str(form.get("duration_days") or "").strip()
            state.duration_days = _int_or_none(days_raw, 0, 400)
            if days_raw and state.duration_days is None:
                errors["duration_days"] = "Enter the number of days as a whole number from 0 to 400."
        if step == "other":
            state.flags = _dedupe(f for f in getlist("flags") if f in kb.vocabulary.flags)
    elif step == "red_flags":
        missing = []
        for question in red_flag_questions(kb, state):
            answer = form.get(f"q_{question.id}")
            if answer in ANSWERS:
                state.answers[question.id] = str(answer)
                if answer == "no":  # the later, explicit answer wins over a tick on the body map
                    state.findings = [f for f in state.findings if f not in question.signs]
            else:
                state.answers.pop(question.id, None)
                missing.append(question.id)
        for question_id in missing:
            errors[f"q_{question_id}"] = "Please answer yes, no or not sure."
    if errors and strict:
        raise StepError(errors)
    return state


def week_from_due_date(due: date, today: date) -> int:
    """Completed weeks of pregnancy: a due date is 40 weeks (280 days) after the start."""
    week = (280 - (due - today).days) // 7
    if not 1 <= week <= 42:
        raise ValueError("That due date gives a week outside 1 to 42. Please check the due date, "
                         "or enter the number of weeks instead.")
    return week


def assessment_input(state: State, kb: KnowledgeBase) -> dict[str, Any]:
    """The contract input for these answers. The free text is not sent again: what it said
    has been shown to the person as pre-filled answers, and only what they confirmed counts."""
    questions = red_flag_questions(kb, state)
    findings = _dedupe(state.findings)
    for q in questions:
        if state.answers.get(q.id) in ("yes", "unsure"):  # not sure counts as yes
            findings = _dedupe([*findings, *q.findings])
    denied = _dedupe(f for q in questions if state.answers.get(q.id) == "no"
                     for f in q.signs if f not in findings)
    data: dict[str, Any] = {"week": state.week, "pain_score": state.pain_score, "onset": state.onset or None,
                            "duration_days": state.duration_days, "findings": findings,
                            "flags": list(state.flags), "denied": denied}
    return {k: v for k, v in data.items() if v is not None}


def prefill_from_text(state: State, understood: Mapping[str, Any], kb: KnowledgeBase) -> State:
    """Pre-fill answers from what the free-text reader understood. Findings it heard become
    ticked boxes or "yes" answers, negated red flags become pre-selected "no" answers; the person
    sees and confirms every one on the following steps."""
    positive = [f for f in understood.get("findings", ()) if f in kb.vocabulary.findings]
    negated = [f for f in understood.get("denied", ()) if f in kb.vocabulary.findings and f not in positive]
    state.findings = _dedupe([*state.findings, *positive])
    state.from_text, state.from_text_denied = positive, negated
    for q in red_flag_questions(kb):
        if q.id in state.answers:
            continue
        if any(f in positive for f in q.signs):
            state.answers[q.id] = "yes"
        elif all(f in negated for f in q.signs):
            state.answers[q.id] = "no"
    if state.week is None and isinstance(understood.get("week"), int):
        state.week = _int_or_none(understood["week"], 1, 42)
    if state.pain_score is None and isinstance(understood.get("pain_score"), int):
        state.pain_score = _int_or_none(understood["pain_score"], 0, 10)
    flags = [f for f in understood.get("flags", ()) if f in kb.vocabulary.flags]
    state.flags = _dedupe([*state.flags, *flags])
    return state


def _getlist(form: Mapping[str, Any]) -> Any:
    if hasattr(form, "getlist"):
        return lambda key: [str(v) for v in form.getlist(key)]
    return lambda key: [str(v) for v in (form.get(key) or [])] if isinstance(form.get(key), list) else (
        [str(form[key])] if form.get(key) else [])


def _int_or_none(value: Any, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _known(value: Any, allowed: set[str]) -> list[str]:
    return _dedupe(v for v in value if isinstance(v, str) and v in allowed) if isinstance(value, list) else []


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def preselected(state: State, kb: KnowledgeBase) -> dict[str, str]:
    """Answers to show selected on the red-flag step: the person's own, else "yes" where an
    earlier step (a body-map tick, the free text) already reported the finding. Never "no"."""
    out = dict(state.answers)
    for q in red_flag_questions(kb):
        if q.id not in out and any(f in state.findings for f in q.signs):
            out[q.id] = "yes"
    return out
