"""The JSON API: one assessment per POST, the vocabulary, and the knowledge base read-only."""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Receive, Scope, Send

import bumpwise
from bumpwise.knowledge import knowledge_base
from bumpwise.web.jsonresponse import JSONResponse

router = APIRouter(prefix="/api")


class AssessInput(BaseModel):
    """The contract's input (spec/assessment.md). Every field is optional; ids come from
    GET /api/vocabulary. Shown in the OpenAPI docs; validation itself is the engine's."""

    model_config = ConfigDict(extra="forbid")
    id: str | int | None = Field(default=None, description="echoed back")
    week: int | None = Field(default=None, ge=1, le=42, description="weeks pregnant")
    pain_score: int | None = Field(default=None, ge=0, le=10)
    onset: Literal["sudden", "gradual"] | None = None
    duration_days: int | None = Field(default=None, ge=0, le=400)
    findings: list[str] = Field(default_factory=list, description="finding ids")
    flags: list[str] = Field(default_factory=list, description="flag ids")
    denied: list[str] = Field(default_factory=list, description="finding ids the person answered 'no' to")
    text: str | None = Field(default=None, description="the person's own words")


class FieldProblem(BaseModel):
    field: str
    message: str


class Refusal(BaseModel):
    detail: str
    errors: list[FieldProblem]


EXAMPLE = {"week": 30, "pain_score": 6, "onset": "gradual", "duration_days": 10,
           "findings": ["sacroiliac", "one_side", "worse_single_leg", "worse_turning_in_bed"],
           "flags": ["pgp_previous_pregnancy"]}


@router.post(
    "/assess", summary="Assess one check-in",
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
        "schema": AssessInput.model_json_schema(), "example": EXAMPLE}}}},
    responses={422: {"model": Refusal, "description": "Bad input: every bad field with a message"},
               415: {"description": "The body is not JSON"}, 413: {"description": "The body is too large"}},
)
async def assess(request: Request) -> JSONResponse:
    """Triage level with reasons, likely causes and a relief plan, per the assessment contract."""
    return assess_response(request.headers.get("content-type", ""), await request.body())


def assess_response(content_type: str, body: bytes) -> JSONResponse:
    """The answer to POST /api/assess, for the documented route and for `AssessFastPath`."""
    if content_type.split(";")[0].strip().lower() != "application/json":
        return JSONResponse({"detail": "Send the check-in as JSON (Content-Type: application/json)."},
                            status_code=415)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        return _refuse([("(input)", f"not valid JSON: {error}")])
    except RecursionError:
        return _refuse([("(input)", "nested too deeply; accepted: one JSON object as in the schema")])
    try:
        result = bumpwise.assess(data)
    except bumpwise.InputError as error:
        return _refuse([(e.field, e.message) for e in error.errors])
    return JSONResponse(result)


class AssessFastPath:
    """Answers POST /api/assess before FastAPI's routing, request and dependency machinery, which
    cost 0.085 ms of the 0.28 ms the app spends per assessment (docs/web.md). The security layers
    still wrap it; the FastAPI route above stays for the OpenAPI docs and gives the same answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/api/assess" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        content_type = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"content-type"), "")
        await assess_response(content_type, b"".join(chunks))(scope, receive, send)


def _refuse(problems: list[tuple[str, str]]) -> JSONResponse:
    errors = [{"field": f, "message": m} for f, m in problems]
    detail = "; ".join(f"{f}: {m}" for f, m in problems)
    return JSONResponse({"detail": detail, "errors": errors}, status_code=422)


@router.get("/vocabulary", summary="Every id the API accepts, with its plain-language label")
def vocabulary() -> dict[str, Any]:
    kb = knowledge_base()
    v = kb.vocabulary
    groups: dict[str, dict[str, str]] = {}
    for term in v.findings.values():
        groups.setdefault(term.group, {})[term.id] = term.label
    return {
        "knowledge_version": kb.version,
        "levels": [{"id": t.id, "label": t.label, "action": t.action} for t in v.levels.values()],
        "context": {c.id: {"type": c.type, "label": c.label, "range": c.range, "values": list(c.values)}
                    for c in v.context.values()},
        "findings": groups,
        "flags": v.flags,
        "conditions": v.conditions,
        "plan_item_kinds": list(v.plan_kinds),
        "positions": list(v.positions),
    }


def _collection(name: str) -> Mapping[str, BaseModel]:
    kb = knowledge_base()
    collections: dict[str, Mapping[str, BaseModel]] = {
        "conditions": kb.conditions, "plan-items": kb.plan_items, "sources": kb.sources,
        "rules": {r.id: r for r in kb.rules}}
    return collections[name]


KINDS = ("conditions", "plan-items", "rules", "sources")


@router.get("/knowledge/{kind}", summary="All records of one kind: conditions, plan-items, rules or sources")
def knowledge_list(kind: Literal["conditions", "plan-items", "rules", "sources"]) -> JSONResponse:
    records = _collection(kind)
    return JSONResponse({"knowledge_version": knowledge_base().version,
                         kind: [r.model_dump(mode="json") for r in records.values()]})


@router.get("/knowledge/{kind}/{record_id}", summary="One record by id",
            responses={404: {"description": "No record with that id (the nearest id is named)"}})
def knowledge_one(kind: Literal["conditions", "plan-items", "rules", "sources"], record_id: str) -> JSONResponse:
    records = _collection(kind)
    record = records.get(record_id)
    if record is None:
        nearest = difflib.get_close_matches(record_id, list(records), n=1)
        hint = f"; did you mean {nearest[0]!r}?" if nearest else ""
        return JSONResponse({"detail": f"no {kind[:-1].replace('-', ' ')} {record_id!r}{hint}"}, status_code=404)
    return JSONResponse(record.model_dump(mode="json"))


@router.get("/health", summary="Liveness, and which knowledge base is loaded")
def health() -> dict[str, str]:
    return {"status": "ok", "knowledge_version": knowledge_base().version}
