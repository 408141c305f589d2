"""`bumpwise check-in`: an interactive check-in in plain words. Red-flag questions come first and
each one is asked explicitly with a "not sure" answer, which counts as yes (unknown is not no)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, Protocol

import click

YES, NO, NOT_SURE = "Yes", "No", "Not sure"


class Prompter(Protocol):
    def select(self, message: str, choices: Sequence[str]) -> str | None: ...
    def checkbox(self, message: str, choices: Sequence[tuple[str, str]]) -> list[str] | None: ...
    def text(self, message: str) -> str | None: ...


class Cancelled(Exception):  # noqa: N818 - a control-flow signal, not an error
    """The person stopped the check-in (Ctrl-C or Esc). Nothing is kept."""


class QuestionaryPrompter:
    def select(self, message: str, choices: Sequence[str]) -> str | None:
        import questionary

        answer: str | None = questionary.select(message, choices=list(choices)).ask()
        return answer

    def checkbox(self, message: str, choices: Sequence[tuple[str, str]]) -> list[str] | None:
        import questionary

        options = [questionary.Choice(title=label, value=value) for value, label in choices]
        answer: list[str] | None = questionary.checkbox(message, choices=options).ask()
        return answer

    def text(self, message: str) -> str | None:
        import questionary

        answer: str | None = questionary.text(message).ask()
        return answer


def ask_check_in(prompter: Prompter) -> dict[str, Any]:
    """Walk through the questions and return an assessment input (see shared/spec/assessment.md)."""
    from bumpwise.knowledge import knowledge_base

    kb = knowledge_base()
    findings: dict[str, None] = {}
    denied: set[str] = set()

    def need(answer: Any) -> Any:
        if answer is None:
            raise Cancelled
        return answer

    for question in (q for q in kb.questions if q.step == "red_flags"):
        prompt = question.text + (f"\n  ({question.help})" if question.help else "")
        answer = need(prompter.select(prompt, [YES, NO, NOT_SURE]))
        if answer == NO:
            denied.update(question.findings)
        else:  # yes, or not sure: unknown is not no
            findings.update(dict.fromkeys(question.findings))

    data: dict[str, Any] = {}
    week = need(prompter.text("How many weeks pregnant are you? (a number from 1 to 42; leave empty if unsure)"))
    if week.strip():
        data["week"] = _number(week, 1, 42, "week")

    for step, title in (("where", "Where does it hurt? (space to tick, enter when done)"),
                        ("feel", "What does it feel like?"), ("pattern", "What makes it worse, or what does it stop?"),
                        ("other", "Is anything else happening?")):
        choices = [(f, kb.vocabulary.findings[f].label) for q in kb.questions if q.step == step for f in q.findings]
        picked = need(prompter.checkbox(title, choices))
        findings.update(dict.fromkeys(picked))

    pain = need(prompter.text("How bad is the pain right now, from 0 (none) to 10 (worst)? (empty to skip)"))
    if pain.strip():
        data["pain_score"] = _number(pain, 0, 10, "pain score")
    flags = need(prompter.checkbox("Do any of these apply to you?", list(kb.vocabulary.flags.items())))
    words = need(prompter.text("Anything else, in your own words? (optional)"))
    data.update({"findings": list(findings), "flags": flags, "denied": sorted(denied - findings.keys())})
    if words.strip():
        data["text"] = words.strip()
    return data


def _number(raw: str, low: int, high: int, what: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise click.BadParameter(f"the {what} must be a whole number from {low} to {high}") from None
    if not low <= value <= high:
        raise click.BadParameter(f"the {what} must be a whole number from {low} to {high}")
    return value


@click.command("check-in")
def check_in() -> None:
    """Answer a few questions about your pain and get advice.

    Warning-sign questions come first; answer "Not sure" if you are not sure. You then get how
    soon to get help and why, what might be causing the pain, and a relief plan that is safe for
    your week and health. Nothing is saved. Press Ctrl-C to stop at any time.

    If you think you need help now, do not wait for this: call your maternity unit or your local
    emergency number.
    """
    from rich.console import Console

    from bumpwise import assess
    from bumpwise.knowledge import knowledge_base
    from bumpwise.render.terminal import print_result

    console = Console()
    console.print("[bold]Bumpwise check-in[/bold] — about 3 minutes. This is not a diagnosis.\n")
    try:
        data = ask_check_in(QuestionaryPrompter())
    except Cancelled:
        console.print("Stopped. Nothing was saved.")
        sys.exit(1)
    print_result(assess(data), knowledge_base(), console)
