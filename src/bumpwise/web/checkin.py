"""The web check-in's forms: how each step's form becomes answers, and where the answers are kept.

The flow itself (which step comes next, which questions a step asks, the early stops) is
`bumpwise.checkin`, shared with the terminal. Nothing is stored on the server: the answers so far
travel in one cookie (`bumpwise-checkin`: HttpOnly, SameSite=Strict, gone when the browser
closes), re-validated on every request. Each form is posted, then the browser is sent on to the
next step's own address (post, redirect, get), so back, forward and reload show her answers and
never resubmit a form.

Every question's form field is `q_<question id>`: yes / no / unsure for a warning sign, the
ticked finding ids for a tick-box question, "yes" for a single tick box.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bumpwise.checkin import CheckInState, StepProblem, early_result, questions_for, record_answer, run_assessment
from bumpwise.checkin.flow import ANSWER_LABELS, MAX_TEXT, YES_LIKE
from bumpwise.checkin.parse import Unreadable, duration_days, week_or_due_date, weeks_since_birth
from bumpwise.i18n import N_
from bumpwise.knowledge import KnowledgeBase
from bumpwise.knowledge.schema import Question

COOKIE = "bumpwise-checkin"
MAX_COOKIE = 3800  # browsers keep at least 4096 bytes a cookie


# ---------------------------------------------------------------- where the answers are kept

def load_state(request: Request, kb: KnowledgeBase) -> CheckInState:
    raw = request.cookies.get(COOKIE, "")
    if not raw:
        return CheckInState()
    try:
        packed = base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4))
        inflate = zlib.decompressobj()
        text = inflate.decompress(packed, 65536)  # never inflate more than a state can hold
        data = json.loads(text)
    except (ValueError, UnicodeError, binascii.Error, zlib.error, RecursionError):
        return CheckInState()
    return CheckInState.from_dict(data, kb)


def pack_state(state: CheckInState) -> str:
    data = state.to_dict()
    packed = _pack(data)
    if len(packed) > MAX_COOKIE:  # very long words: keep every answer, shorten the words
        data["text"] = data["text"][:300]
        packed = _pack(data)
    return packed


def _pack(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def store_state(request: Request, response: Response, state: CheckInState) -> None:
    response.set_cookie(COOKIE, pack_state(state), httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")


def clear_state(request: Request, response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")


# ---------------------------------------------------------------- what each step shows

@dataclass(frozen=True)
class Shown:
    """One question as a step shows it."""

    question: Question
    field: str  # the form field: q_<id>
    ticks: tuple[str, ...]  # for tick boxes: the values offered (finding ids, or "yes")
    anchor: str  # the id of its first control, for the error summary's link

    @property
    def id(self) -> str:
        return self.question.id


def shown(questions: Iterable[Question], *, radios: bool) -> list[Shown]:
    out = []
    for q in questions:
        field = f"q_{q.id}"
        if radios or (q.kind == "yes_no" and q.red_flag):
            out.append(Shown(q, field, (), f"{field}-yes"))
        elif q.kind == "yes_no":
            out.append(Shown(q, field, ("yes",), f"{field}-yes"))
        else:
            out.append(Shown(q, field, q.findings, f"{field}-{q.findings[0]}"))
    return out


def location_questions(kb: KnowledgeBase) -> dict[str, Question]:
    """For every body-map place, the question its tick answers: a "where" question, or for a
    place asked only as a warning sign (shoulder tip, upper belly), that yes/no question."""
    out: dict[str, Question] = {}
    places = [f for f, term in kb.vocabulary.findings.items() if term.group == "location"]
    for place in places:
        candidates = [q for q in kb.questions if place in q.findings]
        where = [q for q in candidates if q.step == "where"]
        single = [q for q in candidates if q.kind == "yes_no" and q.findings == (place,)]
        chosen = (where or single or candidates)[:1]
        if chosen:
            out[place] = chosen[0]
    return out


def ticked(state: CheckInState, question: Question) -> set[str]:
    """The boxes to show ticked for a question: her answer."""
    answer = state.answers.get(question.id)
    if isinstance(answer, list):
        return set(answer)
    if answer in YES_LIKE:
        return {"yes", *question.findings}
    return set()


# ---------------------------------------------------------------- what each step's form says

def apply_step(state: CheckInState, step: str, form: Any, kb: KnowledgeBase, *,
               today: date | None = None, strict: bool = True, say: Callable[[str], str] = str) -> None:
    """Take a step's form into the state. With strict=False (going back), unreadable values are
    dropped instead of refused, so she never loses her place. Raises StepProblem naming each
    question that needs an answer or a fix, in her language (`say`: the page's gettext)."""
    getlist = _getlist(form)
    errors: dict[str, str] = {}
    if step == "about":
        _apply_about(state, form, errors, today or date.today(), say)
    elif step == "words":
        chosen = set(getlist("words"))
        state.words = [f for f in state.understood if f in chosen]
        state.words_denied = [f for f in state.understood_denied if f in set(getlist("words_denied"))]
    elif step == "now" or step == "red_flags":
        asked = questions_for(step, state, kb)
        stop = False  # a yes or not sure
        for q in asked:
            value = form.get(f"q_{q.id}")
            if value in ANSWER_LABELS:
                record_answer(state, q, str(value))
                stop |= value in YES_LIKE
            else:
                errors[q.id] = say(N_("Choose yes, no or not sure: %(question)s")) % {"question": q.text}
        if errors and ((stop and step == "now") or early_result(state, run_assessment(state, kb))):
            errors = {}  # an answer that makes the level clear: its result at once, whatever is unanswered
    elif step in ("where", "feel", "pattern", "other"):
        _apply_ticks(state, step, getlist, kb)
        if step == "feel":
            state.pain_score = _int(form.get("pain_score"), 0, 10)
            state.onset = str(form.get("onset")) if form.get("onset") in ("sudden", "gradual") else ""
            raw = str(form.get("duration_days") or "").strip()
            try:
                state.duration_days = duration_days(raw)
            except Unreadable as problem:
                state.duration_days = None
                errors["duration_days"] = problem.said(say)
        if step == "other":
            state.flags = list(dict.fromkeys(f for f in getlist("flags") if f in kb.vocabulary.flags))
    if errors and strict:
        raise StepProblem(errors)


def _apply_about(state: CheckInState, form: Any, errors: dict[str, str], today: date,
                 say: Callable[[str], str] = str) -> None:
    """Pregnant now or after the birth; then the week, typed as she likes ("30", "30 weeks",
    "28/40", a due date), or the due date; or the weeks since the birth."""
    state.text = str(form.get("text") or "").strip()[:MAX_TEXT]
    stage = str(form.get("stage") or "")
    state.stage = stage if stage in ("pregnant", "postnatal") else ""
    state.week, state.due_date, state.weeks_since_birth = None, "", None
    typed_pregnancy = str(form.get("week") or "").strip() or str(form.get("due_date") or "").strip()
    if not state.stage and str(form.get("weeks_since_birth") or "").strip() and not typed_pregnancy:
        state.stage = "postnatal"  # she left the choice but typed the weeks since the birth
    if state.stage == "postnatal":
        try:
            state.weeks_since_birth = weeks_since_birth(str(form.get("weeks_since_birth") or ""))
        except Unreadable as problem:
            errors["weeks_since_birth"] = problem.said(say)
            return
        if state.weeks_since_birth is None:
            errors["weeks_since_birth"] = say(N_("Type how many weeks ago you had your baby, for example 3."))
        return
    week_raw = str(form.get("week") or "").strip()
    due_raw = str(form.get("due_date") or "").strip()
    for field, raw in (("week", week_raw), ("due_date", due_raw)):
        if raw:
            try:
                state.week, state.due_date = week_or_due_date(raw, today)
            except Unreadable as problem:
                errors[field] = problem.said(say)
            return


def _apply_ticks(state: CheckInState, step: str, getlist: Any, kb: KnowledgeBase) -> None:
    """Tick-box questions: the step's own, and on the body map the places asked as warning signs."""
    questions = [q for q in kb.questions if q.step == step and not q.red_flag]
    if step == "where":
        questions += [q for q in location_questions(kb).values() if q.red_flag and q not in questions]
    offered = {q.id for q in questions_for(step, state, kb)} | {q.id for q in questions if q.red_flag}
    for q in questions:
        if q.id not in offered:
            continue
        values = getlist(f"q_{q.id}")
        if q.kind == "yes_no":
            if "yes" in values or any(v in q.findings for v in values):
                state.answers[q.id] = "yes"
            elif state.answers.get(q.id) == "yes":
                state.answers.pop(q.id)  # unticked: no longer reported (never read as "no")
        else:
            chosen = [v for v in q.findings if v in values]
            record_answer(state, q, chosen[:1] if q.kind == "choose_one" else chosen)


def typed_values(form: Any) -> dict[str, list[str]]:
    """What she typed and ticked, to show again beside an error."""
    getlist = _getlist(form)
    return {key: getlist(key) for key in (form.keys() if hasattr(form, "keys") else ())}


def _getlist(form: Any) -> Any:
    if hasattr(form, "getlist"):
        return lambda key: [str(v) for v in form.getlist(key)]

    def getlist(key: str) -> list[str]:
        value = form.get(key) if isinstance(form, Mapping) else None
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    return getlist


def _int(value: Any, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None
