"""The check-in flow across its clients: no question is ever asked whose answer is already known
(a property over random answer paths, terminal and web), the same answers give the same result
through the web pages, the terminal, the API and a FHIR QuestionnaireResponse, and the
questionnaire is published as GET /api/questions and a FHIR R4 Questionnaire."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bumpwise
from bumpwise.checkin import (
    CheckInState,
    apply_words,
    assessment_input,
    complete,
    known,
    mark_seen,
    next_step,
    questions_for,
    record_answer,
    run_assessment,
)
from bumpwise.checkin import words as her_words
from bumpwise.checkin.fhir import from_response, questionnaire, response
from bumpwise.cli.checkin_cmd import ask_check_in
from bumpwise.knowledge import KnowledgeBase, knowledge_base
from web_helpers import complete_check_in, make_client, read_result

KB = knowledge_base()
BY_TEXT = sorted(KB.questions, key=lambda q: -len(q.text))  # the longest text first: no prefix confusions
WORDS = ["", "", "30 weeks, aching low back, worse standing, no bleeding",
         "sharp pain in my right buttock going down my leg, 24 weeks", "i feel sick and my side hurts near my ribs",
         "bleeding a little and crampy, 10 weeks", "pubic bone pain when I turn in bed, had it last pregnancy",
         "my calf is swollen and warm on one side"]
yes_no_answer = st.sampled_from(["no", "no", "no", "yes", "unsure"])


class RandomTerminal:
    """Answers every prompt at random (always readably), and checks each question asked was not
    already known at the moment it was asked."""

    def __init__(self, data: Any, state: CheckInState, kb: KnowledgeBase) -> None:
        self.data, self.state, self.kb = data, state, kb
        self.asked: list[str] = []

    def say(self, text: str = "") -> None:
        pass

    def ask(self, prompt: str) -> str:
        question = next((q for q in BY_TEXT if f"\n{q.text}\n" in prompt + "\n"), None)
        if question is not None:
            assert not known(question, self.state, self.kb), (question.id, self.asked)
            self.asked.append(question.id)
        draw = self.data.draw
        if prompt.endswith("Yes, no or not sure: "):
            return {"unsure": "not sure"}.get(a := draw(yes_no_answer), a)
        if prompt.endswith("Yes or no: "):
            return draw(st.sampled_from(["yes", "no", "no"]))
        if prompt.endswith("press Enter for none: "):
            count = len(re.findall(r"\n  \d+  ", prompt))
            one = "Type one number" in prompt
            picked = draw(st.lists(st.integers(1, count), max_size=1 if one else 3, unique=True))
            return " ".join(map(str, picked))
        if "or have you had your baby" in prompt:
            return draw(st.sampled_from(["p", "pregnant", "b", "had my baby"]))
        if "weeks ago did you have your baby" in prompt:
            return draw(st.sampled_from(["0", "3", "6 weeks", "12"]))
        if "weeks pregnant" in prompt:
            return draw(st.sampled_from(["", "8", "16", "24", "30w", "about 36", "40"]))
        if "own words" in prompt:
            return draw(st.sampled_from(WORDS))
        if "slowly or not sure" in prompt:
            return draw(st.sampled_from(["suddenly", "slowly", "not sure"]))
        return draw(st.sampled_from(["", "3", "7"]))  # pain score, how long


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_terminal_never_asks_what_is_already_known(data: Any) -> None:
    state = CheckInState()
    term = RandomTerminal(data, state, KB)
    shown: list[dict[str, Any]] = []
    words = her_words.understand if her_words.available() else None
    ask_check_in(term, KB, shown.append, words=words, state=state)
    assert len(term.asked) == len(set(term.asked)), "a question asked twice"
    assert shown and shown[-1] == run_assessment(state, KB)
    final = shown[-1]["triage"]
    assert final["level"] in ("urgent", "emergency") or not final["provisional"]


def answer_at_random(data: Any, state: CheckInState, question: Any) -> None:
    if question.kind == "yes_no":
        record_answer(state, question, data.draw(yes_no_answer))
    else:
        size = 1 if question.kind == "choose_one" else 3
        record_answer(state, question, data.draw(st.lists(st.sampled_from(question.findings), max_size=size,
                                                          unique=True)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_web_steps_never_ask_what_is_already_known(data: Any) -> None:
    """The pages' questions come from `questions_for`: walked forward with random answers (as the
    web's forms record them), no page asks a question whose answer is known."""
    state = CheckInState()
    step, pages = "now", 0
    while step != "result" and pages < 20:
        pages += 1
        if step == "about":
            if data.draw(st.booleans()):
                state.stage, state.weeks_since_birth = "postnatal", data.draw(st.integers(0, 12))
            else:
                state.week = data.draw(st.one_of(st.none(), st.integers(1, 42)))
            text = data.draw(st.sampled_from(WORDS))
            understood = her_words.understand(text) if text else None
            if understood is not None:
                state.text = text
                apply_words(state, understood, KB)
        shown = questions_for(step, state, KB)
        # A page shows her earlier answers on it again, to review (the warning-sign page after an
        # urgent result, when she adds details); every other question on it must be unknown, and a
        # page seen again must ask something new, or she would go round in a loop.
        new = [q for q in shown if q.id not in state.answers]
        assert new or not shown, (step, [q.id for q in shown])
        for question in new:
            assert not known(question, state, KB), (step, question.id, state.answers)
        for question in shown:
            answer_at_random(data, state, question)
        complete(state, step)
        result = run_assessment(state, KB)
        step = next_step(state, step, KB, result)
        if step == "result" and result["triage"]["level"] == "urgent" and data.draw(st.booleans()):
            mark_seen(state, result)  # she adds details after the urgent result
            step = next_step(state, state.last, KB)
    assert step == "result"
    final = run_assessment(state, KB)["triage"]
    assert final["level"] in ("urgent", "emergency") or not final["provisional"]


# ---------------------------------------------------------------- one answer set, every client

class CaseTerminal:
    """A person with this case in the terminal, answering as the web helpers' person does."""

    def __init__(self, case: dict[str, Any]) -> None:
        self.case = case
        self.findings = set(case.get("findings", ()))

    def say(self, text: str = "") -> None:
        pass

    def ask(self, prompt: str) -> str:
        question = next((q for q in BY_TEXT if f"\n{q.text}\n" in prompt + "\n"), None)
        if question is not None and question.kind == "yes_no":
            return "yes" if self.findings & set(question.denied_by_no) else "no"
        if question is not None:
            numbers = [str(n) for n, f in enumerate(question.findings, start=1) if f in self.findings]
            return " ".join(numbers[:1] if question.kind == "choose_one" else numbers)
        if "add more details" in prompt:
            return "yes"
        if "Does any of this apply to you?" in prompt:
            flags = list(KB.vocabulary.flags)
            return " ".join(str(flags.index(f) + 1) for f in self.case.get("flags", ()))
        for key, words in (("week", "weeks pregnant"), ("pain_score", "(the worst)"),
                           ("duration_days", "How long")):
            if words in prompt:
                return str(self.case.get(key, "") or "")
        if "slowly or not sure" in prompt:
            return {"sudden": "suddenly", "gradual": "slowly"}.get(self.case.get("onset", ""), "not sure")
        return ""


def test_the_same_answers_give_the_same_result_on_the_web_in_the_terminal_the_api_and_fhir(
        kb: KnowledgeBase, shared_file: Any) -> None:
    lines = shared_file("vignettes", "dev.jsonl").read_text(encoding="utf-8").splitlines()
    cases = {c["id"]: c for c in map(json.loads, filter(str.strip, lines))}
    client = make_client()
    for case_id in ("dev-001", "dev-002", "dev-010", "dev-022", "dev-035"):
        case = cases[case_id]["input"]
        web = read_result(complete_check_in(client, case, kb))
        state = CheckInState()
        shown: list[dict[str, Any]] = []
        ask_check_in(CaseTerminal(case), kb, shown.append, state=state)
        terminal = shown[-1]
        assert assessment_input(state, kb) == web.input, case_id
        api = client.post("/api/assess", json=web.input).json()
        fhir = client.post("/api/questionnaire-response", json=response(state, kb)).json()
        assert terminal == api == fhir, case_id
        assert web.level == api["triage"]["level"] and web.causes == [c["id"] for c in api["causes"]][:3], case_id
        assert web.plan == [i["id"] for i in api["plan"]["items"]], case_id
        expect = cases[case_id]["expect"]
        assert api["triage"]["level"] in (expect["triage"], *expect.get("triage_ok", ())), case_id


# ---------------------------------------------------------------- the questionnaire, published

def test_api_questions_serves_the_questionnaire(kb: KnowledgeBase) -> None:
    data = make_client().get("/api/questions").json()
    assert [s["id"] for s in data["steps"]] == ["now", "about", "words", "where", "feel", "pattern", "red_flags",
                                                "other"]
    listed = {q["id"]: q for s in data["steps"] for q in s["questions"]}
    assert list(listed) == [q.id for q in kb.questions]
    both_legs = listed["rf_both_legs_nerve_symptoms"]
    assert {"question": "rf_leg_weakness", "answers": ["yes", "unsure"]} in both_legs["enable_when"]
    assert [a["value"] for a in listed["now_fainted"]["answers"]] == ["yes", "no", "unsure"]
    assert "low_back" in listed["rf_regular_tightenings"]["matters_when"]["regions"]  # its region groups, expanded


def test_the_fhir_questionnaire_has_linkids_equal_to_question_ids_and_enable_when(kb: KnowledgeBase) -> None:
    from fhir.resources.R4B.questionnaire import Questionnaire

    served = make_client().get("/api/questionnaire")
    assert served.headers["content-type"].startswith("application/fhir+json")
    resource = served.json()
    Questionnaire.model_validate(resource)
    items: dict[str, dict[str, Any]] = {}

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            assert node["linkId"] not in items, node["linkId"]
            items[node["linkId"]] = node
            walk(node.get("item", []))

    walk(resource["item"])
    assert {q.id for q in kb.questions} <= set(items)
    for q in kb.questions:
        item = items[q.id]
        assert item["text"] == q.text and item["type"] == "choice"
        assert bool(item.get("enableWhen")) == bool(q.enable_when), q.id
        for condition in item.get("enableWhen", ()):
            assert condition["question"] in items and condition["operator"] == "="
    assert [g["linkId"] for g in resource["item"]][:2] == ["now", "about"]


def test_a_check_in_converts_to_a_questionnaire_response_and_back_to_the_same_assessment(kb: KnowledgeBase) -> None:
    client = make_client()
    for case in ({"week": 29, "pain_score": 5, "findings": ["sacroiliac", "one_side", "sharp_stabbing",
                                                             "worse_single_leg"], "flags": ["pgp_previous_pregnancy"]},
                 {"week": 33, "findings": ["calf", "one_side", "calf_swelling_one_side"]},
                 {"findings": ["chest_pain"]}):
        state = CheckInState()
        shown: list[dict[str, Any]] = []
        ask_check_in(CaseTerminal(case), kb, shown.append, state=state)
        state.text, state.words, state.words_denied = "my own words", ["buttock"], ["fever"]
        qr = response(state, kb, authored="2026-11-30T10:00:00+00:00")
        assert qr["resourceType"] == "QuestionnaireResponse" and qr["status"] == "completed"
        back = from_response(json.loads(json.dumps(qr)), kb)
        assert assessment_input(back, kb) == assessment_input(state, kb)
        assert bumpwise.assess(assessment_input(back, kb)) == bumpwise.assess(assessment_input(state, kb))
        assert client.post("/api/questionnaire-response", json=qr).json() == bumpwise.assess(
            assessment_input(state, kb))
    assert client.post("/api/questionnaire-response", json={"resourceType": "Patient"}).status_code == 422
    assert client.post("/api/questionnaire-response", content=b"[1]",
                       headers={"content-type": "application/json"}).status_code == 422
    assert questionnaire(kb)["url"] == response(CheckInState(), kb)["questionnaire"]


def test_the_openapi_document_describes_the_assessment_output() -> None:
    from bumpwise.web.api import AssessOutput

    client = make_client()
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/api/assess"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/AssessOutput")
    schemas = spec["components"]["schemas"]
    assert "ask_next" in schemas["AssessOutput"]["properties"]
    assert "provisional" in schemas["TriageOut"]["properties"]
    for data in ({"week": 30, "findings": ["low_back"]}, {"text": "30 weeks, bleeding and sharp pain", "id": 7},
                 {"weeks_since_birth": 3, "findings": ["calf", "one_side"], "pain_score": 6, "onset": "sudden",
                  "duration_days": 2}):
        AssessOutput.model_validate(client.post("/api/assess", json=data).json())  # extra="forbid": no drift
    for path in ("/api/questions", "/api/questionnaire", "/api/questionnaire-response"):
        assert path in spec["paths"]
