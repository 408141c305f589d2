"""The pages a person uses: the check-in steps, the result, and the knowledge pages."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

import bumpwise
from bumpwise.knowledge import KnowledgeBase, knowledge_base
from bumpwise.web import bodymap, freetext
from bumpwise.web.checkin import (
    ANSWER_LABELS,
    STEP_TITLES,
    STEPS,
    State,
    StepError,
    apply_step,
    assessment_input,
    parse_state,
    prefill_from_text,
    preselected,
    red_flag_questions,
    step_findings,
    step_groups,
)
from bumpwise.web.render import LEVEL_ICONS, render

router = APIRouter(include_in_schema=False)


@router.get("/")
def start(request: Request) -> Response:
    return _step_page(request, "about", State())


@router.get("/check-in")
def check_in_get() -> Response:
    return RedirectResponse("/", status_code=303)


@router.post("/check-in")
async def check_in(request: Request) -> Response:
    form = await request.form()
    if not request.app.state.csrf.valid(request, form):
        return render(request, "expired.html", status_code=403)
    kb = knowledge_base()
    state = parse_state(str(form.get("state") or ""), kb)
    step = str(form.get("step") or "")
    go = str(form.get("go") or "next")
    if step not in STEPS:
        return _step_page(request, "about", state)
    going_back = go == "back" or go.startswith("to:")
    old_text = state.text
    try:
        state = apply_step(state, step, form, kb, strict=not going_back)
    except StepError as problem:
        return _step_page(request, step, state, errors=problem.errors, status_code=422)
    if step == "about" and state.text and state.text != old_text:
        # The reader is CPU-bound (and slow on first use): keep the event loop free meanwhile.
        understood = await run_in_threadpool(freetext.understand, state.text)
        if understood is not None:
            state = prefill_from_text(state, understood, kb)
    if go.startswith("to:") and go[3:] in STEPS:
        return _step_page(request, go[3:], state)
    index = STEPS.index(step)
    if go == "back":
        return _step_page(request, STEPS[max(index - 1, 0)], state)
    if index + 1 < len(STEPS):
        return _step_page(request, STEPS[index + 1], state)
    return _result_page(request, state, kb)


def _step_page(request: Request, step: str, state: State, errors: dict[str, str] | None = None,
               status_code: int = 200) -> Response:
    kb = knowledge_base()
    findings = kb.vocabulary.findings
    offered = step_findings(kb, step)
    locations = [f for f in offered if findings[f].group == "location"]
    return render(
        request, f"checkin/{step}.html", status_code=status_code, step=step, steps=STEPS,
        step_titles=STEP_TITLES, number=STEPS.index(step) + 1, state=state, state_json=state.to_json(),
        errors=errors or {}, findings=findings,
        flags=kb.vocabulary.flags, questions=red_flag_questions(kb, state), answer_labels=ANSWER_LABELS,
        groups=step_groups(kb, step), answers=preselected(state, kb),
        front=bodymap.spots_for("front", locations), back=bodymap.spots_for("back", locations),
        unplaced=bodymap.unplaced(locations), outline=bodymap.outline_paths(),
        width=bodymap.WIDTH, height=bodymap.HEIGHT, text_available=freetext.available(),
    )


def _result_page(request: Request, state: State, kb: KnowledgeBase) -> Response:
    data = assessment_input(state, kb)
    try:
        result = bumpwise.assess(data)
    except bumpwise.InputError as error:
        # Only reachable with a tampered form: the steps offer vocabulary ids only.
        return render(request, "input_error.html", status_code=422, errors=error.errors,
                      state_json=state.to_json())
    return render(request, "result.html", result=result, data=data, data_json=json.dumps(data, sort_keys=True),
                  state_json=state.to_json(), **result_context(result, kb))


def result_context(result: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    level = result["triage"]["level"]
    cited = {sid for part in _walk_sources(result) for sid in part}
    return {
        "level": level, "level_icon": LEVEL_ICONS.get(level, "alert"),
        "sources": [kb.sources[s] for s in sorted(cited, key=_source_order) if s in kb.sources],
        "conditions": kb.conditions, "plan_items": kb.plan_items,
        "finding_labels": {k: v.label for k, v in kb.vocabulary.findings.items()},
        "flag_labels": kb.vocabulary.flags,
    }


def _walk_sources(result: dict[str, Any]) -> list[list[str]]:
    plan = result.get("plan", {})
    parts = [*result["triage"].get("reasons", []), *result.get("causes", []), *plan.get("items", []),
             *plan.get("avoid", []), *plan.get("withheld", [])]
    return [list(p.get("sources", [])) for p in parts]


def _source_order(source_id: str) -> tuple[str, int, str]:
    digits = "".join(c for c in source_id if c.isdigit())
    return (source_id[:1], int(digits or 0), source_id)


@router.get("/conditions")
def conditions(request: Request) -> Response:
    kb = knowledge_base()
    items = sorted(kb.conditions.values(), key=lambda c: (c.serious, c.name))
    return render(request, "conditions.html", conditions=items)


@router.get("/conditions/{condition_id}")
def condition(request: Request, condition_id: str) -> Response:
    kb = knowledge_base()
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
    kb = knowledge_base()
    items = sorted(kb.plan_items.values(), key=lambda p: (p.kind, p.title))
    return render(request, "relief_list.html", items=items)


@router.get("/relief/{item_id}")
def relief_item(request: Request, item_id: str) -> Response:
    kb = knowledge_base()
    item = kb.plan_items.get(item_id)
    if item is None:
        raise HTTPException(404)
    return render(request, "relief_item.html", item=item, conditions=kb.conditions,
                  sources=[kb.sources[s] for s in item.sources if s in kb.sources],
                  flag_labels=kb.vocabulary.flags,
                  finding_labels={k: v.label for k, v in kb.vocabulary.findings.items()})


@router.get("/sources")
def sources(request: Request) -> Response:
    kb = knowledge_base()
    top = {id(p) for s in kb.sources.values() for p in s.parts}
    items = sorted((s for s in kb.sources.values() if id(s) not in top), key=lambda s: _source_order(s.id))
    return render(request, "sources.html", sources=items)
