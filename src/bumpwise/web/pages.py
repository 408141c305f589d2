"""The pages a person uses: the check-in steps, the result, and the knowledge pages."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

import bumpwise
from bumpwise.checkin import (
    CheckInState,
    StepProblem,
    apply_words,
    assessment_input,
    complete,
    mark_seen,
    next_step,
    position,
    questions_for,
    route,
)
from bumpwise.checkin.flow import ANSWER_LABELS, FLOW, STEP_TITLES
from bumpwise.i18n import COOKIE, N_, language, translations
from bumpwise.i18n.knowledge import knowledge_for
from bumpwise.knowledge import KnowledgeBase
from bumpwise.render import CRISIS_RULES
from bumpwise.render.routine_text import sheet_steps, source_publishers, total_minutes
from bumpwise.web import bodymap, freetext
from bumpwise.web.checkin import (
    apply_step,
    clear_state,
    load_state,
    location_questions,
    shown,
    store_state,
    ticked,
    typed_values,
)
from bumpwise.web.render import LEVEL_ICONS, render, request_locale

router = APIRouter(include_in_schema=False)


def _kb(request: Request) -> KnowledgeBase:
    return knowledge_for(request_locale(request))


LANGUAGE_COOKIE_AGE = 365 * 24 * 3600


@router.get("/language/{code}")
def choose_language(request: Request, code: str, next: str = "/") -> Response:
    """The language switcher's link: remembers her choice in a cookie and goes back to the page
    she was on (a local path only), where her check-in answers are as she left them."""
    chosen = language(code)
    if chosen is None:
        raise HTTPException(404)
    target = next if next.startswith("/") and not next.startswith("//") and "\\" not in next else "/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, chosen, max_age=LANGUAGE_COOKIE_AGE, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")
    return response


def step_url(step: str) -> str:
    return "/" if step == "now" else f"/check-in/{step}"


@router.get("/")
def start(request: Request) -> Response:
    return _step_page(request, "now", load_state(request, _kb(request)))


@router.get("/check-in")
def check_in_get() -> Response:
    return RedirectResponse("/", status_code=303)


@router.get("/check-in/{step}")
def check_in_step(request: Request, step: str) -> Response:
    kb = _kb(request)
    state = load_state(request, kb)
    if step == "result":
        return _result_page(request, state, kb)
    if step not in FLOW or step == "now":
        return RedirectResponse("/", status_code=303)
    if step not in route(state):
        return RedirectResponse(step_url("about" if step == "words" else "now"), status_code=303)
    return _step_page(request, step, state)


@router.post("/check-in")
async def check_in(request: Request) -> Response:
    form = await request.form()
    if not request.app.state.csrf.valid(request, form):
        return render(request, "expired.html", status_code=403)
    kb = _kb(request)
    state = load_state(request, kb)
    step = str(form.get("step") or "")
    go = str(form.get("go") or "next")
    if go == "new":
        response = RedirectResponse("/", status_code=303)
        clear_state(request, response)
        return response
    if go == "details":  # "add more details" after an early result: on from where she was
        return _go(request, state, next_step(state, state.last or "now", kb), kb)
    if step not in FLOW:
        return _go(request, state, "now", kb)
    going_back = go == "back"
    old_text = state.text
    try:
        apply_step(state, step, form, kb, strict=not going_back,
                   say=translations(request_locale(request)).gettext)
    except StepProblem as problem:
        page = _step_page(request, step, state, errors=problem.errors, typed=typed_values(form), status_code=422)
        store_state(request, page, state)  # what she did answer is kept
        return page
    if step == "about" and state.text != old_text:
        await _read_words(state, kb)
    if step == "words" and go == "questions":  # she would rather answer the questions
        state.use_words = False
    if going_back:
        steps = route(state)
        target = steps[max(steps.index(step) - 1, 0)] if step in steps else "now"
        return _go(request, state, target, kb)
    complete(state, step)
    if step == "words" and go == "questions":
        return _go(request, state, "where", kb)
    return _go(request, state, next_step(state, step, kb), kb)


async def _read_words(state: CheckInState, kb: KnowledgeBase) -> None:
    """Her own words: what the reader understood is offered on the next step for her to confirm."""
    state.understood, state.understood_denied, state.words, state.words_denied = [], [], [], []
    state.use_words = False
    if state.text:
        # The reader is CPU-bound (and slow on first use): keep the event loop free meanwhile.
        understood = await run_in_threadpool(freetext.understand, state.text)
        if understood is not None:
            apply_words(state, understood, kb)


def _go(request: Request, state: CheckInState, target: str, kb: KnowledgeBase) -> Response:
    if target == "result":
        mark_seen(state, bumpwise.assess(assessment_input(state, kb), kb))
    response = RedirectResponse("/check-in/result" if target == "result" else step_url(target), status_code=303)
    store_state(request, response, state)
    return response


def _step_page(request: Request, step: str, state: CheckInState, errors: dict[str, str] | None = None,
               typed: dict[str, list[str]] | None = None, status_code: int = 200) -> Response:
    kb = _kb(request)
    findings = kb.vocabulary.findings
    number, total = position(state, step)
    questions = shown(questions_for(step, state, kb), radios=step in ("now", "red_flags"))
    places = location_questions(kb)
    locations = list(places)
    anchors = {s.id: s.anchor for s in questions}
    return render(
        request, f"checkin/{step}.html", status_code=status_code, step=step, step_titles=STEP_TITLES,
        number=number, total=total, state=state, errors=errors or {}, typed=typed, anchors=anchors,
        findings=findings, flags=kb.vocabulary.flags, questions=questions, answer_labels=ANSWER_LABELS,
        ticked={s.id: ticked(state, s.question) for s in questions}, places=places,
        map_ticked={p for p, q in places.items() if p in ticked(state, q)},
        front=bodymap.spots_for("front", locations), back=bodymap.spots_for("back", locations),
        unplaced=bodymap.unplaced(locations), outline=bodymap.outline_paths(),
        width=bodymap.WIDTH, height=bodymap.HEIGHT, text_available=freetext.available(),
    )


def _result_page(request: Request, state: CheckInState, kb: KnowledgeBase) -> Response:
    data = assessment_input(state, kb)
    result = bumpwise.assess(data, kb)  # kb = knowledge_for(her language): the result's words in it
    level = result["triage"]["level"]
    more = level == "urgent" and state.last != "" and next_step(state, state.last, kb, result) != "result"
    return render(request, "result.html", result=result, data=data, data_json=json.dumps(data, sort_keys=True),
                  more=more, today=date.today(), **result_context(result, kb))


MAX_CAUSES = 3
MISSING = {"week": N_("how many weeks pregnant you are"), "pain_score": N_("how bad the pain is"),
           "red_flags": N_("the warning-sign questions")}


def result_context(result: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    """What the result page shows besides the engine's result: her answers told back, the causes
    to show (at most three, each with why), and the references numbered in the order cited."""
    level = result["triage"]["level"]
    causes = result.get("causes", [])[:MAX_CAUSES]
    reasons = {r["rule"]: r for r in result["triage"]["reasons"]}
    refs = References(kb)
    for part, limit in _walk_sources(result, causes):
        refs.cite(part, limit)
    return {
        "level": level, "level_icon": LEVEL_ICONS.get(level, "alert"),
        "crisis": any(r["rule"] in CRISIS_RULES for r in result["triage"]["reasons"]),
        "causes": [cause_view(c, result, reasons, kb) for c in causes],
        "told": told_us(result, kb), "missing_words": [MISSING.get(m, m.replace("_", " ")) for m in result["missing"]],
        "refs": refs, "sources": refs.shown, "conditions": kb.conditions, "plan_items": kb.plan_items,
        "finding_labels": {k: v.label for k, v in kb.vocabulary.findings.items()},
        "flag_labels": kb.vocabulary.flags,
    }


class References:
    """The sources a page cites, numbered in the order first cited; only sources a person may be
    shown (with a publisher; never a seed article) get a number."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.numbers: dict[str, int] = {}
        self.shown: list[Any] = []

    def cite(self, ids: list[str], limit: int = 2) -> None:
        """Number the first `limit` shown sources of a record (each record's full list is on its
        own page: /conditions/..., /relief/...)."""
        for sid in [s for s in ids if s in self.kb.sources and self.kb.sources[s].shown][:limit]:
            if sid not in self.numbers:
                self.shown.append(self.kb.sources[sid])
                self.numbers[sid] = len(self.shown)

    def of(self, ids: list[str], limit: int = 2) -> list[int]:
        shown = [s for s in ids if s in self.numbers][:limit]
        return sorted(self.numbers[s] for s in shown)


def short_label(label: str) -> str:
    return label.split(",")[0].split(" (")[0]


def told_us(result: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    """Her answers, told back: week, places with their side, how it feels, the warning signs she
    has and those she said no to, and her health facts."""
    findings = kb.vocabulary.findings
    reported = result.get("findings", [])

    def labels(group: str) -> list[str]:
        return [findings[f].label for f in reported if f in findings and findings[f].group == group]

    sides = [findings[f].label.lower() for f in reported if f in findings and findings[f].group == "side"]
    places = [short_label(findings[f].label) for f in reported if f in findings and findings[f].group == "location"]
    context = result.get("context", {})
    flags = {r["id"] for r in result.get("red_flags", [])}
    other = [findings[f].label for f in reported if f in findings and f not in flags
             and findings[f].group not in ("location", "side", "character", "pattern")]
    return {
        "week": context.get("week"), "weeks_since_birth": context.get("weeks_since_birth"),
        "places": places, "side": sides[0] if sides else None,
        "pain_score": context.get("pain_score"), "onset": context.get("onset"),
        "duration_days": context.get("duration_days"),
        "feel": labels("character"), "pattern": labels("pattern"), "other": other,
        "warning": [r["label"] for r in result.get("red_flags", [])],
        "denied": [findings[f].label for f in result.get("denied", []) if f in findings],
        "flags": [kb.vocabulary.flags.get(f, f) for f in result.get("flags", [])],
    }


def cause_view(cause: dict[str, Any], result: dict[str, Any], reasons: dict[str, Any],
               kb: KnowledgeBase) -> dict[str, Any]:
    """A cause as shown: why we think so (her answers), and, for a serious cause listed below its
    own page's level, the listing rule's explanation (policy "Explaining causes")."""
    findings, flags = kb.vocabulary.findings, kb.vocabulary.flags
    why = [short_label(findings[f].label) if f in findings else flags.get(f, f) for f in cause.get("why", [])]
    level = result["triage"]["level"]
    ranks = kb.vocabulary.levels
    page_level = cause.get("page_level")
    below = bool(cause.get("serious") and page_level and page_level in ranks and level in ranks
                 and ranks[level].rank < ranks[page_level].rank)
    listed = reasons.get(cause.get("listed_by") or "")
    return {**cause, "why_labels": why, "below_page_level": below,
            "level_reason": listed["explanation"] if (below and listed) else None}


def _walk_sources(result: dict[str, Any], causes: list[dict[str, Any]]) -> list[tuple[list[str], int]]:
    """Each record's sources, in page order, with how many of them the reference list takes:
    two for the reasons, causes and plan, one for each thing to avoid or left out."""
    plan = result.get("plan", {})
    two = [*result["triage"].get("reasons", []), *causes, *plan.get("items", [])]
    one = [*plan.get("avoid", []), *plan.get("withheld", [])]
    return [(list(p.get("sources", [])), 2) for p in two] + [(list(p.get("sources", [])), 1) for p in one]


def _source_order(source_id: str) -> tuple[str, int, str]:
    digits = "".join(c for c in source_id if c.isdigit())
    return (source_id[:1], int(digits or 0), source_id)


@router.get("/conditions")
def conditions(request: Request) -> Response:
    kb = _kb(request)
    items = sorted(kb.conditions.values(), key=lambda c: (c.serious, c.name))
    return render(request, "conditions.html", conditions=items)


@router.get("/conditions/{condition_id}")
def condition(request: Request, condition_id: str) -> Response:
    kb = _kb(request)
    item = kb.conditions.get(condition_id)
    if item is None:
        raise HTTPException(404)
    plan = [p for p in kb.plan_items.values() if condition_id in p.targets]
    avoid = [a for a in kb.avoid.values() if condition_id in a.targets or "any" in a.targets]
    return render(request, "condition.html", condition=item, plan=plan, avoid=avoid,
                  sources=[kb.sources[s] for s in item.sources if s in kb.sources],
                  finding_labels={k: v.label for k, v in kb.vocabulary.findings.items()},
                  flag_labels=kb.vocabulary.flags)


@router.get("/relief")
def relief(request: Request) -> Response:
    kb = _kb(request)
    items = sorted(kb.plan_items.values(), key=lambda p: (p.kind, p.title))
    return render(request, "relief_list.html", items=items)


@router.get("/relief/{item_id}")
def relief_item(request: Request, item_id: str) -> Response:
    kb = _kb(request)
    item = kb.plan_items.get(item_id)
    if item is None:
        raise HTTPException(404)
    return render(request, "relief_item.html", item=item, conditions=kb.conditions,
                  sources=[kb.sources[s] for s in item.sources if s in kb.sources],
                  flag_labels=kb.vocabulary.flags,
                  finding_labels={k: v.label for k, v in kb.vocabulary.findings.items()})


@router.get("/relief/{item_id}/note")
def relief_note(request: Request, item_id: str) -> Response:
    """A note she prints for her care team (the birth plan note for pelvic girdle pain)."""
    item = _kb(request).plan_items.get(item_id)
    if item is None or not item.note:
        raise HTTPException(404)
    return render(request, "birth_plan_note.html", item=item)


@router.get("/routines")
def routines(request: Request) -> Response:
    kb = _kb(request)
    return render(request, "routines.html", routines=list(kb.routines.values()),
                  minutes={r.id: total_minutes(r) for r in kb.routines.values()})


@router.get("/routines/{routine_id}")
def routine(request: Request, routine_id: str) -> Response:
    kb = _kb(request)
    found = kb.routines.get(routine_id)
    if found is None:
        raise HTTPException(404)
    return render(request, "routine.html", routine=found, steps=sheet_steps(found, kb), minutes=total_minutes(found),
                  publishers=source_publishers(found, kb))


@router.get("/sources")
def sources(request: Request) -> Response:
    kb = _kb(request)
    top = {id(p) for s in kb.sources.values() for p in s.parts}
    items = sorted((s for s in kb.sources.values() if id(s) not in top and (s.shown or any(p.shown for p in s.parts))),
                   key=lambda s: _source_order(s.id))
    return render(request, "sources.html", sources=items)
