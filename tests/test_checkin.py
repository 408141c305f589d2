"""The terminal check-in asks every red flag explicitly, treats "not sure" as yes, and prints the
level first."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from rich.console import Console

from bumpwise import assess
from bumpwise.cli.checkin_cmd import NO, NOT_SURE, YES, Cancelled, ask_check_in
from bumpwise.knowledge import knowledge_base
from bumpwise.render.terminal import render


class Scripted:
    """Answers red flags from a dict (default No), and the other prompts from a queue."""

    def __init__(self, red: dict[str, str], texts: list[str], boxes: list[list[str]]) -> None:
        self.red, self.texts, self.boxes, self.asked = red, texts, boxes, []  # type: ignore[var-annotated]

    def select(self, message: str, choices: Sequence[str]) -> str | None:
        self.asked.append(message)
        question = next(q for q in knowledge_base().questions if message.startswith(q.text))
        return self.red.get(question.findings[0], NO)

    def checkbox(self, message: str, choices: Sequence[tuple[str, str]]) -> list[str] | None:
        return self.boxes.pop(0)

    def text(self, message: str) -> str | None:
        return self.texts.pop(0)


def test_every_red_flag_question_is_asked_and_not_sure_counts_as_yes() -> None:
    prompter = Scripted({"fluid_leak": NOT_SURE, "fever": YES}, ["35", "", ""], [["low_back"], [], [], [], []])
    data = ask_check_in(prompter)
    red_questions = [q for q in knowledge_base().questions if q.step == "red_flags"]
    assert len(prompter.asked) == len(red_questions)
    assert {"fluid_leak", "fever", "low_back"} <= set(data["findings"])
    assert "vaginal_bleeding" in data["denied"] and "fluid_leak" not in data["denied"]
    result = assess(data)
    assert result["triage"]["level"] == "urgent"
    assert result["missing"] == ["pain_score"]


def test_cancelling_keeps_nothing() -> None:
    class Quits(Scripted):
        def text(self, message: str) -> str | None:
            return None

    with pytest.raises(Cancelled):
        ask_check_in(Quits({}, [], []))


def test_printed_result_puts_the_level_first_and_shows_red_flags() -> None:
    result = assess({"week": 33, "findings": ["calf", "calf_swelling_one_side"]})
    console = Console(record=True, width=100)
    console.print(render(result, knowledge_base()))
    text = console.export_text()
    assert text.index("Contact your maternity team today") < text.index("Why am I seeing this?")
    assert "One calf or leg is swollen" in text
    assert "Sources" in text and "S33b" in text
