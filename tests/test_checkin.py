"""The check-in flow (bumpwise.checkin) and the terminal check-in driven in process: the emergency
signs first with a stop at once, only ask_next's warning signs, follow-ups only after a yes,
tolerant answers re-asked, "not sure" counts as yes, and the printed result."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console

from bumpwise import assess
from bumpwise.checkin import CheckInState, assessment_input, next_step, questions_for
from bumpwise.cli.checkin_cmd import Cancelled, ask_check_in
from bumpwise.knowledge import KnowledgeBase
from bumpwise.render.terminal import render
from bumpwise.settings import Settings


class Scripted:
    """A terminal that answers each prompt with `reply(prompt)`; it keeps every prompt and line."""

    def __init__(self, kb: KnowledgeBase, reply: Callable[[str], str]) -> None:
        self.kb, self.reply = kb, reply
        self.prompts: list[str] = []
        self.lines: list[str] = []

    def say(self, text: str = "") -> None:
        self.lines.append(text)

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return self.reply(prompt)

    def asked(self) -> list[str]:
        """The question ids asked, in order."""
        out = []
        for prompt in self.prompts:
            out += [q.id for q in self.kb.questions if f"\n{q.text}" in prompt]
        return out


def answering(answers: dict[str, str], default_yes_no: str = "no", **typed: str) -> Callable[[str], str]:
    """A person: `answers` by a word of the question text, `typed` for the week, pain and so on."""
    def reply(prompt: str) -> str:
        for words, answer in answers.items():
            if words.lower() in prompt.lower():
                return answer
        for key, words in (("week", "weeks pregnant"), ("pain", "how bad"), ("onset", "suddenly, or slowly"),
                           ("days", "how long"), ("text", "own words")):
            if words in prompt.lower():
                return typed.get(key, "")
        if "yes, no" in prompt.lower() or "yes or no" in prompt.lower():
            return default_yes_no
        return ""  # a list: none of these
    return reply


def run(kb: KnowledgeBase, reply: Callable[[str], str]) -> tuple[Scripted, list[dict[str, Any]], CheckInState]:
    term = Scripted(kb, reply)
    shown: list[dict[str, Any]] = []
    state = ask_check_in(term, kb, shown.append)
    return term, shown, state


def test_a_yes_to_an_emergency_sign_stops_at_once(kb: KnowledgeBase) -> None:
    term, shown, state = run(kb, answering({"heavy bleeding": "yes"}))
    assert term.asked() == ["now_heavy_bleeding"]
    assert len(shown) == 1 and shown[0]["triage"]["level"] == "emergency"
    assert shown[0] == assess(assessment_input(state, kb))


@pytest.mark.parametrize("question", ["now_fainted", "now_chest_or_breathing", "now_numb_or_no_control",
                                      "now_severe_belly", "now_self_harm"])
def test_not_sure_to_any_emergency_sign_is_an_emergency(kb: KnowledgeBase, question: str) -> None:
    text = next(q.text for q in kb.questions if q.id == question)
    term, shown, _ = run(kb, answering({text: "not sure"}))
    assert term.asked()[-1] == question and shown[-1]["triage"]["level"] == "emergency"
    assert len(shown) == 1


def test_a_self_care_path_asks_only_ask_next(kb: KnowledgeBase) -> None:
    term, shown, state = run(kb, answering({"on your back": "1", "what does it feel like": "1",
                                            "what makes it worse": "6", "one side, or on both": "2"},
                                           week="24 weeks", pain="4/10", onset="slowly", days="3 days"))
    asked = term.asked()
    assert asked[:6] == [q.id for q in kb.questions if q.step == "now"]
    warning = [a for a in asked if a.startswith("rf_")]
    every = [q.id for q in kb.questions if q.step == "red_flags"]
    assert warning and len(warning) < len(every)
    assert "rf_severe_headache" not in warning  # matters only from 20 weeks with upper-body pain
    assert "rf_both_legs_nerve_symptoms" not in warning  # a follow-up: no yes to its parents
    result = shown[-1]
    assert len(shown) == 1 and result == assess(assessment_input(state, kb))
    assert result["triage"]["level"] == "self_care" and not result["triage"]["provisional"]
    assert state.week == 24 and state.pain_score == 4 and state.onset == "gradual" and state.duration_days == 3


def test_a_follow_up_comes_only_after_a_yes(kb: KnowledgeBase) -> None:
    term, _, _ = run(kb, answering({"on your back": "1", "in your legs": "3", "newly weak": "no"}, week="30"))
    assert "rf_both_legs_nerve_symptoms" not in term.asked()
    term, _, _ = run(kb, answering({"on your back": "1", "in your legs": "3", "newly weak": "yes",
                                    "both legs": "no"}, week="30"))
    asked = term.asked()
    assert "rf_leg_weakness" in asked  # a yes to it reaches urgent: the result comes at once


def test_an_urgent_answer_shows_the_result_at_once_and_she_can_add_details(kb: KnowledgeBase) -> None:
    term, shown, _ = run(kb, answering({"on your back": "1", "any bleeding": "yes", "add more details": "no"},
                                           week="30"))
    assert term.asked()[-1] == "rf_vaginal_bleeding"
    assert [r["triage"]["level"] for r in shown] == ["urgent"]
    term, shown, _ = run(kb, answering({"on your back": "1", "any bleeding": "yes", "add more details": "yes"},
                                           week="30"))
    assert [r["triage"]["level"] for r in shown] == ["urgent", "urgent"]  # at once, then after the details
    asked = term.asked()
    assert asked.index("rf_vaginal_bleeding") < asked.index("other_nausea")
    assert len(asked) == len(set(asked)), "no question asked twice"


def test_unreadable_answers_are_asked_again_never_an_exit(kb: KnowledgeBase) -> None:
    replies = iter(["banana", "y es", "no"])

    def reply(prompt: str) -> str:
        if "heavy bleeding" in prompt.lower():
            return next(replies)
        if "weeks pregnant" in prompt.lower():
            return next(weeks)
        if "how bad" in prompt.lower():
            return next(pains)
        return answering({})(prompt)

    weeks = iter(["thirty-ish", "99", "30w"])
    pains = iter(["very", "11", "about 6"])
    term, shown, state = run(kb, reply)
    assert state.week == 30 and state.pain_score == 6
    assert sum("could not read" in line for line in term.lines) == 6
    assert shown[-1]["triage"]["level"] in ("self_care", "soon")


def test_a_due_date_gives_the_week(kb: KnowledgeBase) -> None:
    from datetime import date, timedelta

    due = (date.today() + timedelta(days=70)).isoformat()
    _, _, state = run(kb, answering({}, week=due))
    assert state.week == 30 and state.due_date == due


def test_stopping_keeps_nothing(kb: KnowledgeBase) -> None:
    def stop(prompt: str) -> str:
        raise Cancelled

    with pytest.raises(Cancelled):
        run(kb, stop)


def test_the_flow_never_shows_a_provisional_result_as_final(kb: KnowledgeBase) -> None:
    state = CheckInState(week=30, answers={q.id: "no" for q in kb.questions if q.step == "now"})
    state.answers["where_back"] = ["low_back"]
    assert assess(assessment_input(state, kb))["triage"]["provisional"]
    assert next_step(state, "other", kb) == "red_flags"
    for q in questions_for("red_flags", state, kb):
        state.answers[q.id] = "no"
    assert next_step(state, "red_flags", kb) == "other" and next_step(state, "other", kb) == "result"


def printed(result: dict[str, Any], kb: KnowledgeBase, **settings: Any) -> str:
    console = Console(record=True, width=100)
    console.print(render(result, kb, Settings(**settings)))
    return console.export_text()


def test_printed_result_puts_the_level_first_and_shows_red_flags(kb: KnowledgeBase) -> None:
    text = printed(assess({"week": 33, "findings": ["calf", "calf_swelling_one_side"]}), kb,
                   maternity_unit_number="0161 555 0100")
    assert text.index("Call your maternity team now") < text.index("Why am I seeing this?")
    assert "Call 0161 555 0100 now" in text
    assert "One calf or leg is swollen" in text
    assert "Sources" in text and "S33b" in text
    assert "What to do while you wait" in text


def test_printed_crisis_result_names_the_emergency_number_and_the_crisis_line(kb: KnowledgeBase) -> None:
    text = printed(assess({"findings": ["self_harm_thoughts"]}), kb, emergency_number="999",
                   crisis_line="Samaritans 116 123")
    assert re.search(r"Call 999 now, or call Samaritans 116 123", text)
    default = printed(assess({"findings": ["self_harm_thoughts"]}), kb)  # en-GB: the GB row
    assert "Call 999 now, or call Samaritans 116 123" in default
    vietnam = printed(assess({"findings": ["self_harm_thoughts"]}), kb, country="VN")
    assert "Call 115 now, or call your local crisis line" in vietnam


def test_printed_provisional_result_asks_its_questions_first(kb: KnowledgeBase) -> None:
    result = assess({"week": 30, "findings": ["low_back"]})
    assert result["triage"]["provisional"]
    text = printed(result, kb)
    assert "Before we can say this is safe to manage at home, please answer these questions" in text
    assert result["ask_next"][0]["question"][:40] in " ".join(text.split())
