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
from bumpwise.checkin.flow import ANSWER_LABELS, FLOW, STEP_TITLES
from bumpwise.knowledge import knowledge_base
from bumpwise.web.jsonresponse import JSONResponse

router = APIRouter(prefix="/api")


class AssessInput(BaseModel):
    """The contract's input (spec/assessment.md). Every field is optional; ids come from
    GET /api/vocabulary. Shown in the OpenAPI docs; validation itself is the engine's."""

    model_config = ConfigDict(extra="forbid")
    id: str | int | None = Field(default=None, description="echoed back")
    week: int | None = Field(default=None, ge=1, le=42, description="weeks pregnant")
    weeks_since_birth: int | None = Field(default=None, ge=0, le=12,
                                          description="weeks since the birth (not with week)")
    pain_score: int | None = Field(default=None, ge=0, le=10)
    onset: Literal["sudden", "gradual"] | None = None
    duration_days: int | None = Field(default=None, ge=0, le=400)
    findings: list[str] = Field(default_factory=list, description="finding ids")
    flags: list[str] = Field(default_factory=list, description="flag ids")
    denied: list[str] = Field(default_factory=list, description="finding ids the person answered 'no' to")
    text: str | None = Field(default=None, max_length=20_000, description="the person's own words")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Context(_Out):
    week: int | None = Field(description="weeks pregnant, when known")
    trimester: int | None
    pain_score: int | None
    weeks_since_birth: int | None = None
    onset: Literal["sudden", "gradual"] | None = None
    duration_days: int | None = None


class Reason(_Out):
    rule: str = Field(description="the rule that fired (GET /api/knowledge/rules/{rule})")
    level: str
    findings: list[str] = Field(description="the findings and flags that made it fire")
    explanation: str
    points_to: list[str]
    sources: list[str]


class TriageOut(_Out):
    level: Literal["self_care", "soon", "urgent", "emergency"]
    label: str
    action: str
    reasons: list[Reason] = Field(description="every rule that fired, most urgent first")
    provisional: bool = Field(description="the level could still rise once the questions in ask_next are answered "
                                          "(only below urgent): do not show it as final")


class AskNext(_Out):
    id: str = Field(description="question id (GET /api/questions)")
    finding: str
    findings: list[str]
    question: str
    help: str | None
    level_if_yes: Literal["self_care", "soon", "urgent", "emergency"]


class Labelled(_Out):
    id: str
    label: str


LevelId = Literal["self_care", "soon", "urgent", "emergency"]


class CauseOut(_Out):
    id: str
    name: str
    serious: bool
    summary: str
    typical: str
    sources: list[str]
    score: float
    why: list[str]
    page_level: LevelId | None = Field(description="the level its own page describes for this person's stage")
    listed_by: str | None = Field(description="the fired rule that listed it, if a rule did")
    listed_level: LevelId | None = Field(description="that rule's level")


class PlanItemOut(_Out):
    id: str
    kind: str
    title: str
    summary: str
    steps: list[str]
    dose: str
    positions: list[str]
    targets: list[str]
    stop_if: str
    evidence: str
    while_waiting: bool
    sources: list[str]


class AvoidOut(_Out):
    id: str
    title: str
    why: str
    targets: list[str]
    sources: list[str]


class WithheldOut(_Out):
    id: str
    title: str
    reason: str
    rule: str | None
    sources: list[str]


class PlanOut(_Out):
    targets: list[str]
    items: list[PlanItemOut]
    avoid: list[AvoidOut]
    withheld: list[WithheldOut]


class AssessOutput(_Out):
    """The contract's output (spec/assessment.md), version 2."""

    id: str | int | None = Field(default=None, description="the input's id, echoed")
    context: Context
    findings: list[str] = Field(description="every finding reported, from the fields and the text")
    flags: list[str]
    denied: list[str] = Field(description="findings answered no (a denied finding implies its narrower ones)")
    extracted: list[dict[str, Any]] = Field(description="what was understood from the text, with spans")
    not_understood: list[dict[str, Any]]
    missing: list[str] = Field(description="context whose absence limited the answer (the safer case was assumed)")
    triage: TriageOut
    ask_next: list[AskNext] = Field(description="warning-sign questions neither reported nor denied that matter "
                                                "here and whose yes would raise the level, most dangerous first")
    red_flags: list[Labelled]
    causes: list[CauseOut] = Field(description="likely causes, most likely first")
    plan: PlanOut
    knowledge_version: str
    engine_version: str


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
    response_model=AssessOutput,
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


@router.get("/questions", summary="The check-in questionnaire: steps, questions, answers and branching")
def questions() -> dict[str, Any]:
    """The questionnaire the web and terminal check-ins run (questions.yaml), so another client can
    run the same flow: ask the steps in order; any yes or not sure to a `now` question is an
    emergency; ask a follow-up only when `enable_when` holds; of the warning signs (`red_flags`),
    ask those that POST /api/assess lists in `ask_next`. "unsure" counts as yes."""
    kb = knowledge_base()
    labels = {f: t.label for f, t in kb.vocabulary.findings.items()}
    steps = []
    for step in FLOW:
        listed = [{
            "id": q.id, "kind": q.kind, "text": q.text, "help": q.help, "red_flag": q.red_flag,
            "answers": [{"value": v, "label": label} for v, label in ANSWER_LABELS.items()] if q.kind == "yes_no"
            else [{"value": f, "label": labels[f]} for f in q.findings],
            "findings": list(q.findings), "denies": list(q.denied_by_no) if q.kind == "yes_no" else [],
            "enable_when": [c.model_dump() for c in q.enable_when],
            "matters_when": q.matters_when.model_dump(exclude_none=True),
        } for q in kb.questions if q.step == step]
        steps.append({"id": step, "title": STEP_TITLES[step], "questions": listed})
    return {"knowledge_version": kb.version, "steps": steps,
            "fhir_questionnaire": "/api/questionnaire"}


class FhirJSONResponse(JSONResponse):
    media_type = "application/fhir+json"


@router.get("/questionnaire", summary="The check-in as a FHIR R4 Questionnaire", response_class=FhirJSONResponse,
            responses={200: {"description": "A FHIR R4 Questionnaire resource", "content": {
                "application/fhir+json": {"schema": {"type": "object", "required": ["resourceType"]}}}}})
def fhir_questionnaire() -> FhirJSONResponse:
    from bumpwise.checkin.fhir import questionnaire

    return FhirJSONResponse(questionnaire(knowledge_base()))


@router.post("/questionnaire-response", summary="Assess a completed check-in sent as a FHIR QuestionnaireResponse",
             responses={422: {"model": Refusal, "description": "Not a valid QuestionnaireResponse"}})
async def assess_questionnaire_response(request: Request) -> JSONResponse:
    """The same assessment as POST /api/assess on the same answers (linkIds are question ids)."""
    from pydantic import ValidationError

    from bumpwise.checkin import assessment_input
    from bumpwise.checkin.fhir import from_response

    try:
        body = json.loads(await request.body())
        state = from_response(body, knowledge_base()) if isinstance(body, dict) else None
    except (ValueError, RecursionError, ValidationError) as error:
        return _refuse([("(input)", f"not a valid FHIR QuestionnaireResponse: {str(error)[:300]}")])
    if state is None:
        return _refuse([("(input)", "must be a FHIR QuestionnaireResponse object")])
    return JSONResponse(bumpwise.assess(assessment_input(state, knowledge_base())))


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
async def health() -> dict[str, str]:
    """Answers on the event loop without the database: a server busy with the database stays alive."""
    return {"status": "ok", "knowledge_version": knowledge_base().version}


class Ready(BaseModel):
    status: Literal["ready", "not ready"]


@router.get("/ready", summary="Readiness: the database answers", response_model=Ready,
            responses={503: {"model": Ready, "description": "The database does not answer"}})
async def ready(request: Request) -> JSONResponse:
    """For a load balancer or orchestrator: 200 when the database answers within the wait, else 503."""
    from bumpwise.web.service import Busy, db, engine

    def ping() -> None:
        from sqlalchemy import text

        with engine(request).connect() as connection:
            connection.execute(text("SELECT 1"))

    try:
        await db(request, ping)
    except (Busy, Exception):
        return JSONResponse({"status": "not ready"}, status_code=503)
    return JSONResponse({"status": "ready"})


def openapi_schema(app: Any) -> dict[str, Any]:
    """The OpenAPI document, with ids typed as the vocabulary's enums (findings, flags, denied,
    in and out) and the input's rules that a schema can say (week or weeks_since_birth, not both)."""
    if app.openapi_schema:
        return dict(app.openapi_schema)
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    vocab = knowledge_base().vocabulary
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["FindingId"] = {"type": "string", "enum": sorted(vocab.findings), "title": "FindingId"}
    components["FlagId"] = {"type": "string", "enum": sorted(vocab.flags), "title": "FlagId"}
    assess_input = AssessInput.model_json_schema()
    for name, ref in (("findings", "FindingId"), ("flags", "FlagId"), ("denied", "FindingId")):
        items = {"$ref": f"#/components/schemas/{ref}"}
        assess_input["properties"][name] = {**assess_input["properties"][name], "items": items, "uniqueItems": True}
        components["AssessOutput"]["properties"][name] = {**components["AssessOutput"]["properties"][name],
                                                          "items": items}
    assess_input["not"] = {"required": ["week", "weeks_since_birth"]}
    components["AssessInput"] = assess_input
    body = schema["paths"]["/api/assess"]["post"]["requestBody"]["content"]["application/json"]
    body["schema"] = {"$ref": "#/components/schemas/AssessInput"}
    app.openapi_schema = schema
    return schema
