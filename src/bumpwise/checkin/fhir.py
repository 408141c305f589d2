"""The check-in as a FHIR R4 Questionnaire, and a completed check-in as a QuestionnaireResponse
and back (validated with fhir.resources' R4B models, whose Questionnaire is R4's).

Each step is a group item; each question's linkId is its id in questions.yaml. A yes/no question
answers with a coding from urn:bumpwise:answer (yes, no, unsure: not sure is kept, because it
counts as yes); a tick-box question with the finding ids (urn:bumpwise:finding). Follow-ups carry
`enableWhen` (any of them). What a standard renderer cannot know is said in the description: the
emergency signs stop the check-in at any yes, and only the warning signs that the assessment's
`ask_next` names need asking.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bumpwise.checkin.flow import ANSWER_LABELS, FLOW, STEP_TITLES, CheckInState
from bumpwise.knowledge import KnowledgeBase
from bumpwise.knowledge.schema import Question

URL = "urn:bumpwise:questionnaire:triage-check-in"
ANSWER = "urn:bumpwise:answer"
FINDING = "urn:bumpwise:finding"
FLAG = "urn:bumpwise:flag"
ONSET = "urn:bumpwise:onset"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
DESCRIPTION = (
    "Bumpwise check-in for back, pelvic, hip, buttock and leg pain in pregnancy. Ask the groups in order. "
    "Any yes or not sure in the first group (the emergency signs) means: call the emergency number now. "
    "Of the warning signs, ask those that POST /api/assess lists in ask_next, most dangerous first. "
    "Not sure counts as yes.")
# Items that are not questions.yaml questions: the contract's own fields, by step.
EXTRA: dict[str, list[dict[str, Any]]] = {
    "about": [{"linkId": "week", "text": "Weeks pregnant", "type": "integer"},
              {"linkId": "due_date", "text": "Or your due date", "type": "date"},
              {"linkId": "text", "text": "Describe the pain in your own words", "type": "text", "maxLength": 2000}],
    "feel": [{"linkId": "pain_score", "text": "How bad is the pain right now, from 0 to 10?", "type": "integer"},
             {"linkId": "onset", "text": "How did it start?", "type": "choice", "answerOption": [
                 {"valueCoding": {"system": ONSET, "code": "gradual", "display": "Slowly, over hours or days"}},
                 {"valueCoding": {"system": ONSET, "code": "sudden", "display": "Suddenly"}}]},
             {"linkId": "duration_days", "text": "How many days has it been going on?", "type": "integer"}],
}
# Her own words: what she confirmed of what was understood (link id, state field, text).
WORDS = (("words.confirmed", "words", "You told us about"),
         ("words.denied", "words_denied", "You told us you do not have"))


def questionnaire(kb: KnowledgeBase) -> dict[str, Any]:
    """The check-in as a FHIR R4 Questionnaire (JSON)."""
    from fhir.resources.R4B.questionnaire import Questionnaire

    labels = {f: t.label for f, t in kb.vocabulary.findings.items()}
    groups = []
    for step in FLOW:
        items = [_question_item(q, labels) for q in kb.questions if q.step == step]
        items += EXTRA.get(step, [])
        if step == "words":
            items += [{"linkId": link, "text": text, "type": "choice", "repeats": True,
                       "answerOption": [_coding(FINDING, f, label) for f, label in labels.items()]}
                      for link, _, text in WORDS]
        if step == "other":
            items.append({"linkId": "flags", "text": "Does any of this apply to you?", "type": "choice",
                          "repeats": True, "answerOption": [_coding(FLAG, f, label)
                                                            for f, label in kb.vocabulary.flags.items()]})
        groups.append({"linkId": step, "text": STEP_TITLES[step], "type": "group", "item": items})
    resource = {"resourceType": "Questionnaire", "url": URL, "version": kb.version, "name": "BumpwiseCheckIn",
                "title": "Bumpwise check-in", "status": "active", "description": DESCRIPTION,
                "subjectType": ["Patient"], "item": groups}
    return Questionnaire.model_validate(resource).model_dump(mode="json", exclude_none=True)


def _question_item(q: Question, labels: Mapping[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": q.id, "text": q.text, "type": "choice"}
    if q.kind == "yes_no":
        item["answerOption"] = [_coding(ANSWER, value, label) for value, label in ANSWER_LABELS.items()]
    else:
        item["repeats"] = q.kind == "choose_any"
        item["answerOption"] = [_coding(FINDING, f, labels[f]) for f in q.findings]
    if q.enable_when:
        item["enableBehavior"] = "any"
        item["enableWhen"] = [{"question": c.question, "operator": "=", "answerCoding": _code(c.question, a, labels)}
                              for c in q.enable_when for a in c.answers]
    if q.help:
        item["item"] = [{"linkId": f"{q.id}.help", "text": q.help, "type": "display", "extension": [
            {"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [
                {"system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help"}]}}]}]
    return item


def _code(parent: str, answer: str, labels: Mapping[str, str]) -> dict[str, str]:
    if answer in ANSWER_LABELS:
        return {"system": ANSWER, "code": answer, "display": ANSWER_LABELS[answer]}
    return {"system": FINDING, "code": answer, "display": labels.get(answer, answer)}


def _coding(system: str, code: str, display: str) -> dict[str, Any]:
    return {"valueCoding": {"system": system, "code": code, "display": display}}


def response(state: CheckInState, kb: KnowledgeBase, authored: str | None = None) -> dict[str, Any]:
    """A check-in's answers as a completed QuestionnaireResponse (JSON)."""
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    labels = {f: t.label for f, t in kb.vocabulary.findings.items()}
    groups = []
    for step in FLOW:
        items: list[dict[str, Any]] = []
        for q in (q for q in kb.questions if q.step == step and q.id in state.answers):
            answer = state.answers[q.id]
            codes = [_coding(FINDING, f, labels[f]) for f in answer] if isinstance(answer, list) else [
                _coding(ANSWER, answer, ANSWER_LABELS[answer])]
            items.append({"linkId": q.id, "text": q.text, "answer": codes})
        items += _extra_answers(step, state, kb, labels)
        if items:
            groups.append({"linkId": step, "text": STEP_TITLES[step], "item": items})
    resource: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "questionnaire": URL,
                                "status": "completed", "item": groups}
    if authored:
        resource["authored"] = authored
    return QuestionnaireResponse.model_validate(resource).model_dump(mode="json", exclude_none=True)


def _extra_answers(step: str, state: CheckInState, kb: KnowledgeBase,
                   labels: Mapping[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(link: str, *answers: dict[str, Any]) -> None:
        if answers:
            out.append({"linkId": link, "answer": list(answers)})

    if step == "about":
        if state.week is not None:
            add("week", {"valueInteger": state.week})
        if state.due_date:
            add("due_date", {"valueDate": state.due_date})
        if state.text:
            add("text", {"valueString": state.text})
    elif step == "words":
        for link, name, _ in WORDS:
            add(link, *(_coding(FINDING, f, labels[f]) for f in getattr(state, name)))
    elif step == "feel":
        if state.pain_score is not None:
            add("pain_score", {"valueInteger": state.pain_score})
        if state.onset:
            add("onset", {"valueCoding": {"system": ONSET, "code": state.onset}})
        if state.duration_days is not None:
            add("duration_days", {"valueInteger": state.duration_days})
    elif step == "other":
        add("flags", *(_coding(FLAG, f, kb.vocabulary.flags[f]) for f in state.flags))
    return out


FIELDS = {"flags": "flags", **{link: name for link, name, _ in WORDS}}


def from_response(resource: Mapping[str, Any], kb: KnowledgeBase) -> CheckInState:
    """The check-in answers in a QuestionnaireResponse (validated; unknown items are ignored)."""
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    checked = QuestionnaireResponse.model_validate(dict(resource)).model_dump(mode="json", exclude_none=True)
    by_id = {q.id: q for q in kb.questions}
    data: dict[str, Any] = {"answers": {}}
    for link, answers in _answers(checked.get("item", [])):
        codes = [a["valueCoding"]["code"] for a in answers if "valueCoding" in a]
        question = by_id.get(link)
        if question is not None:
            data["answers"][link] = codes[0] if question.kind == "yes_no" and codes else codes
        elif link in FIELDS:
            data[FIELDS[link]] = codes
        elif link == "onset" and codes:
            data["onset"] = codes[0]
        elif answers and link in ("week", "pain_score", "duration_days", "due_date", "text"):
            first = answers[0]
            data[link] = first.get("valueInteger", first.get("valueDate", first.get("valueString")))
    state = CheckInState.from_dict(data, kb)
    state.use_words = bool(state.words or state.words_denied)
    return state


def _answers(items: list[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for item in items:
        if "answer" in item:
            yield item["linkId"], item["answer"]
        yield from _answers(item.get("item", []))
