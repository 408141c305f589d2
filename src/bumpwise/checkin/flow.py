"""One check-in: the answers so far, the route through the steps, and the early stops.

Every answer is kept against its question id (questions.yaml), so the same answers make the same
assessment input whichever way they came: the web pages, the terminal, GET /api/questions or a
FHIR QuestionnaireResponse. Her own words add `words` (what the reader understood and she
confirmed) and `words_denied` (what her words said no to, confirmed).

The route:

    now -> about -> where -> feel -> pattern -> red_flags -> other -> result
    now -> about -> words ---------------------> red_flags -> other -> result   (her own words)

- `now` asks the emergency signs; any yes or not sure shows the emergency result at once.
- `red_flags` asks only the engine's `ask_next` (questions neither reported nor denied, that
  matter for her places, week and answers, and whose yes would raise the level). It comes
  round again while `ask_next` still names a question, and always before a self-care or soon
  result is shown (the contract: a provisional level is never shown as final).
- After any step, a level of urgent or emergency that she has not yet seen is shown at once
  (`early_result`); she can then add details (`seen` remembers that she saw it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from bumpwise.contract import parse_check_in
from bumpwise.engine.ask import unknown
from bumpwise.engine.assess import assess, gather_facts
from bumpwise.engine.facts import Facts
from bumpwise.engine.tables import tables_of
from bumpwise.engine.triage import RANK
from bumpwise.i18n import N_
from bumpwise.knowledge import KnowledgeBase
from bumpwise.knowledge.schema import LEVELS, YES_NO_ANSWERS, Question

FLOW = ("now", "about", "words", "where", "feel", "pattern", "red_flags", "other")
ROUTE_STEPS: dict[str, tuple[str, ...]] = {
    "questions": ("now", "about", "where", "feel", "pattern", "red_flags", "other"),
    "words": ("now", "about", "words", "red_flags", "other"),
}
# English; marked for the interface's catalogs (bumpwise.i18n) and translated where shown.
STEP_TITLES = {
    "now": N_("Is any of this happening now?"),
    "about": N_("Pregnant, or after the birth"),
    "words": N_("What we understood"),
    "where": N_("Where it hurts"),
    "feel": N_("What it feels like"),
    "pattern": N_("What makes it worse"),
    "red_flags": N_("A few important questions"),
    "other": N_("Other things"),
}
ANSWER_LABELS = {"yes": N_("Yes"), "no": N_("No"), "unsure": N_("Not sure")}
# The steps whose questions come from questions.yaml's `step` (about and words are the adapter's).
QUESTION_STEPS = ("now", "where", "feel", "pattern", "red_flags", "other")
Answer = str | list[str]  # "yes" / "no" / "unsure" for a yes/no question; the ticked findings otherwise
YES_LIKE = ("yes", "unsure")  # not sure counts as yes: unknown is never no
MAX_TEXT = 2000
STAGE_ANSWERS = {"pregnant": N_("I am pregnant"), "postnatal": N_("I have had my baby")}


class StepProblem(Exception):  # noqa: N818 - a problem with her answers, shown beside each question
    """Answers a step cannot take, by field (a question id, or week, due_date, ...)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass
class CheckInState:
    """Everything she has answered so far. Unknown stays None or absent: never a guess."""

    week: int | None = None
    due_date: str = ""
    # "pregnant", "postnatal" (she has had her baby) or "" (not said: read as a pregnancy, the safer case)
    stage: str = ""
    weeks_since_birth: int | None = None
    text: str = ""
    pain_score: int | None = None
    onset: str = ""
    duration_days: int | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    # Her own words: what the reader understood (offered for her to confirm) and what she confirmed.
    understood: list[str] = field(default_factory=list)
    understood_denied: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    words_denied: list[str] = field(default_factory=list)
    use_words: bool = False  # her words stand in for where / feel / pattern
    asked_red_flags: list[str] = field(default_factory=list)  # answered on a warning-sign step
    done: list[str] = field(default_factory=list)  # steps she has completed
    seen: str = ""  # the most urgent level whose result she has already been shown
    last: str = ""  # the last step she completed: "add more details" goes on from there

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any, kb: KnowledgeBase) -> CheckInState:
        """Read a stored state. Anything malformed or unknown is dropped, never trusted."""
        if not isinstance(data, Mapping):
            return cls()
        findings, flags = set(kb.vocabulary.findings), set(kb.vocabulary.flags)
        by_id = {q.id: q for q in kb.questions}
        answers: dict[str, Answer] = {}
        raw = data.get("answers")
        for qid, value in (raw.items() if isinstance(raw, Mapping) else ()):
            question = by_id.get(qid) if isinstance(qid, str) else None
            if question is not None:
                checked = _valid_answer(question, value)
                if checked is not None:
                    answers[qid] = checked
        return cls(
            week=_int(data.get("week"), 1, 42),
            due_date=_text(data.get("due_date"), 10),
            stage=str(data["stage"]) if data.get("stage") in STAGE_ANSWERS else "",
            weeks_since_birth=_int(data.get("weeks_since_birth"), 0, 12),
            text=_text(data.get("text"), MAX_TEXT),
            pain_score=_int(data.get("pain_score"), 0, 10),
            onset=str(data["onset"]) if data.get("onset") in ("sudden", "gradual") else "",
            duration_days=_int(data.get("duration_days"), 0, 400),
            answers=answers,
            flags=_known(data.get("flags"), flags),
            understood=_known(data.get("understood"), findings),
            understood_denied=_known(data.get("understood_denied"), findings),
            words=_known(data.get("words"), findings),
            words_denied=_known(data.get("words_denied"), findings),
            use_words=data.get("use_words") is True,
            asked_red_flags=_known(data.get("asked_red_flags"), set(by_id)),
            done=_known(data.get("done"), set(FLOW)),
            seen=str(data["seen"]) if data.get("seen") in LEVELS else "",
            last=str(data["last"]) if data.get("last") in FLOW else "",
        )


def route(state: CheckInState) -> tuple[str, ...]:
    return ROUTE_STEPS["words" if state.use_words else "questions"]


def assessment_input(state: CheckInState, kb: KnowledgeBase) -> dict[str, Any]:
    """The contract input for these answers. A yes or not sure reports the question's findings,
    a no denies what the question is about (`denied_by_no`), a tick reports that finding. The
    words themselves are not sent: only what she confirmed of them counts."""
    findings: list[str] = []
    denied: list[str] = []
    for q in kb.questions:
        answer = state.answers.get(q.id)
        if answer is None:
            continue
        if isinstance(answer, list):
            findings += [f for f in q.findings if f in answer]
        elif answer in YES_LIKE:
            findings += q.findings
        else:
            denied += q.denied_by_no
    findings = _dedupe([*findings, *state.words])
    present = set(findings)
    denied = [f for f in _dedupe([*denied, *state.words_denied]) if f not in present]
    postnatal = is_postnatal(state)
    data: dict[str, Any] = {"week": None if postnatal else state.week,
                            "weeks_since_birth": state.weeks_since_birth if postnatal else None,
                            "pain_score": state.pain_score, "onset": state.onset or None,
                            "duration_days": state.duration_days, "findings": findings,
                            "flags": list(state.flags), "denied": denied}
    return {k: v for k, v in data.items() if v is not None}


def is_postnatal(state: CheckInState) -> bool:
    """She said she has had her baby and how many weeks ago (0-12): the after-the-birth stage.
    Without the weeks the check-in stays a pregnancy one, so no pregnancy safety rule is lost."""
    return state.stage == "postnatal" and state.weeks_since_birth is not None


def stage_of(state: CheckInState) -> str:
    return "postnatal" if is_postnatal(state) else "pregnancy"


def run_assessment(state: CheckInState, kb: KnowledgeBase) -> dict[str, Any]:
    return assess(assessment_input(state, kb), kb)


def facts_of(state: CheckInState, kb: KnowledgeBase) -> Facts:
    facts, _, _ = gather_facts(parse_check_in(assessment_input(state, kb), kb.vocabulary), tables_of(kb))
    return facts


def known(question: Question, state: CheckInState, kb: KnowledgeBase, facts: Facts | None = None) -> bool:
    """Whether her answer to this question is already known: she answered it, or (for a yes/no
    question) what it asks about was already reported or denied, by an earlier answer or by her
    confirmed words (the engine's own test, `ask.unknown`)."""
    if question.id in state.answers:
        return True
    if question.kind != "yes_no":
        return False
    return not unknown(question, facts if facts is not None else facts_of(state, kb))


def questions_for(step: str, state: CheckInState, kb: KnowledgeBase,
                  result: Mapping[str, Any] | None = None) -> list[Question]:
    """The questions a step shows: her own earlier answers on it (to review), and every question
    of the step whose answer is not yet known. The warning-sign step asks what `ask_next` names."""
    if step not in QUESTION_STEPS:
        return []
    facts = facts_of(state, kb)
    stage = stage_of(state)
    if step == "red_flags":
        result = result if result is not None else run_assessment(state, kb)
        by_id = {q.id: q for q in kb.questions}
        again = [by_id[i] for i in state.asked_red_flags if i in by_id]
        pending = [by_id[a["id"]] for a in result["ask_next"] if a["id"] not in state.asked_red_flags]
        return [*again, *(q for q in pending if not known(q, state, kb, facts))]
    # After `about`, only the questions of her stage: no bump, waters or baby's movements after the birth.
    # The emergency signs (`now`) come before she has said, so they are asked of everyone.
    return [q for q in kb.questions if q.step == step and (step == "now" or stage in q.stages)
            and (q.id in state.answers or not known(q, state, kb, facts))]


def record_answer(state: CheckInState, question: Question, answer: Answer | None) -> None:
    """Keep (or, with None, forget) her answer to one question."""
    if answer is None:
        state.answers.pop(question.id, None)
        return
    checked = _valid_answer(question, answer)
    if checked is None:
        raise StepProblem({question.id: "That answer is not one of the choices."})
    state.answers[question.id] = checked
    if question.red_flag and question.step == "red_flags" and question.id not in state.asked_red_flags:
        state.asked_red_flags.append(question.id)


def apply_words(state: CheckInState, understood: Mapping[str, Any], kb: KnowledgeBase) -> None:
    """Offer what the reader understood from her words, for her to confirm. The week and pain
    score it read fill only what she left empty."""
    findings = kb.vocabulary.findings
    state.understood = _dedupe(f for f in understood.get("findings", ()) if f in findings)
    state.understood_denied = _dedupe(f for f in understood.get("denied", ())
                                      if f in findings and f not in state.understood)
    state.words, state.words_denied = list(state.understood), list(state.understood_denied)
    state.flags = _dedupe([*state.flags, *(f for f in understood.get("flags", ()) if f in kb.vocabulary.flags)])
    since = _int(understood.get("weeks_since_birth"), 0, 12)
    # Her words say she has had her baby: unless she chose "pregnant" or gave a week, she is postnatal.
    if state.week is None and state.stage != "pregnant" and since is not None:
        state.stage, state.weeks_since_birth = "postnatal", since  # "I had my baby 3 weeks ago"
    if state.week is None and not is_postnatal(state):
        state.week = _int(understood.get("week"), 1, 42)
    if state.pain_score is None:
        state.pain_score = _int(understood.get("pain_score"), 0, 10)
    state.use_words = bool(state.understood or state.understood_denied)


def early_result(state: CheckInState, result: Mapping[str, Any]) -> bool:
    """A level of urgent or emergency she has not yet been shown: show it at once."""
    level: str = result["triage"]["level"]
    return RANK[level] >= RANK["urgent"] and RANK[level] > (RANK[state.seen] if state.seen else -1)


def next_step(state: CheckInState, after: str, kb: KnowledgeBase, result: Mapping[str, Any] | None = None) -> str:
    """The step after `after` (or "result"). Skips a warning-sign step with nothing to ask, and
    never reaches a self-care or soon result while `ask_next` still names a question."""
    result = result if result is not None else run_assessment(state, kb)
    if early_result(state, result):
        return "result"
    pending = bool(result["ask_next"])
    if after == "red_flags" and pending:
        return "red_flags"
    steps = route(state)
    start = steps.index(after) + 1 if after in steps else 0
    for step in steps[start:]:
        if step == "red_flags" and not pending:
            continue
        return step
    level: str = result["triage"]["level"]
    if pending and RANK[level] < RANK["urgent"]:
        return "red_flags"
    return "result"


def mark_seen(state: CheckInState, result: Mapping[str, Any]) -> None:
    """She has been shown this result: "add more details" will not stop at the same level again."""
    level: str = result["triage"]["level"]
    if not state.seen or RANK[level] > RANK[state.seen]:
        state.seen = level


def complete(state: CheckInState, step: str) -> None:
    if step not in state.done:
        state.done.append(step)
    state.last = step


def position(state: CheckInState, step: str) -> tuple[int, int]:
    """Step number and how many steps this route has, for "Step 3 of 7"."""
    steps = route(state)
    return (steps.index(step) + 1 if step in steps else len(steps), len(steps))


def _valid_answer(question: Question, value: Any) -> Answer | None:
    if question.kind == "yes_no":
        return str(value) if value in YES_NO_ANSWERS else None
    if not isinstance(value, list) or not all(isinstance(v, str) and v in question.findings for v in value):
        return None
    ticked = _dedupe(value)
    if question.kind == "choose_one" and len(ticked) > 1:
        return None
    return ticked


def _int(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _text(value: Any, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _known(value: Any, allowed: set[str]) -> list[str]:
    return _dedupe(v for v in value if isinstance(v, str) and v in allowed) if isinstance(value, list) else []


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
