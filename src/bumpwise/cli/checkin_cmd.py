"""`bumpwise check-in`: the check-in in the terminal, with the same questions, order and early
stops as the web (`bumpwise.checkin`): the emergency signs first, then the week, where it hurts,
what it feels like, then only the warning-sign questions that matter (the engine's `ask_next`),
one at a time, stopping at the first answer that needs help today.

Every answer is typed and read tolerantly ("30 weeks", "7/10", "about 6", a due date, "y",
"not sure", "1 3"); anything it cannot read is asked again, never an exit. Ctrl-C stops with the
line saying who to call.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol

import click

from bumpwise.checkin import (
    CheckInState,
    apply_words,
    complete,
    early_result,
    mark_seen,
    next_step,
    questions_for,
    record_answer,
    run_assessment,
)
from bumpwise.checkin import parse as read
from bumpwise.checkin.flow import QUESTION_STEPS
from bumpwise.knowledge import KnowledgeBase
from bumpwise.knowledge.schema import Question
from bumpwise.settings import Settings


class Cancelled(Exception):  # noqa: N818 - a control-flow signal, not an error
    """She stopped the check-in (Ctrl-C, or the end of input). Nothing is kept."""


class Terminal(Protocol):
    def say(self, text: str = "") -> None: ...
    def ask(self, prompt: str) -> str: ...


class LineTerminal:
    """Plain lines: works with any terminal, screen reader or pipe."""

    def say(self, text: str = "") -> None:
        click.echo(text)

    def ask(self, prompt: str) -> str:
        try:
            return input(prompt)
        except (EOFError, KeyboardInterrupt):
            raise Cancelled from None


Show = Callable[[dict[str, Any]], None]


def ask_check_in(term: Terminal, kb: KnowledgeBase, show: Show, *, today: date | None = None,
                 words: Callable[[str], dict[str, Any] | None] | None = None,
                 state: CheckInState | None = None) -> CheckInState:
    """Ask the check-in, showing a result (with `show`) at once when an answer needs help today,
    and the final result at the end. Returns her answers (kept in `state` as they come)."""
    state = state if state is not None else CheckInState()
    step = "now"
    while step != "result":
        if step == "now":
            term.say("\nIs any of this happening now?")
        stopped = _ask_step(term, state, step, kb, today or date.today(), words)
        if not stopped:
            complete(state, step)
        result = run_assessment(state, kb)
        if early_result(state, result):
            mark_seen(state, result)
            show(result)
            more = stopped or next_step(state, step, kb, result) != "result"
            if result["triage"]["level"] == "emergency" or not more or not _more(term):
                return state
            term.say("\nThank you. A few more questions.")
        step = step if stopped else next_step(state, step, kb)
    show(run_assessment(state, kb))
    return state


def _more(term: Terminal) -> bool:
    answer: str = _read(term, "\nPlease call first. Do you want to add more details now? Yes or no: ", read.yes_no)
    return answer == "yes"


def _required_weeks_since_birth(raw: str) -> int:
    weeks = read.weeks_since_birth(raw)
    if weeks is None:
        raise read.Unreadable("Type how many weeks ago you had your baby, for example 3.")
    return weeks


def _ask_step(term: Terminal, state: CheckInState, step: str, kb: KnowledgeBase, today: date,
              words: Callable[[str], dict[str, Any] | None] | None) -> bool:
    """Ask one step. Returns True when an answer stopped it early (a result is due)."""
    if step == "about":
        state.stage = _read(term, "\nAre you pregnant now, or have you had your baby?\n"
                                  "Type p if you are pregnant, or b if you have had your baby: ",
                            read.stage_answer)
        state.week, state.due_date, state.weeks_since_birth = None, "", None
        if state.stage == "postnatal":
            state.weeks_since_birth = _read(term, "\nHow many weeks ago did you have your baby? For example 3: ",
                                            _required_weeks_since_birth)
        else:
            state.week, state.due_date = _read(
                term, "\nHow many weeks pregnant are you? You can also type your due date.\n"
                      "Press Enter if you do not know: ", lambda raw: read.week_or_due_date(raw, today))
        if words is not None:
            state.text = term.ask("\nDescribe the pain in your own words, or press Enter to answer questions: ").strip()
            understood = words(state.text) if state.text else None
            if understood is not None:
                apply_words(state, understood, kb)
        return False
    if step == "words":
        _confirm_words(term, state, kb)
        return False
    if step == "red_flags":
        term.say("\nA few important questions. If you are not sure, answer not sure: we treat it as a yes, to be safe.")
        while True:
            pending = questions_for("red_flags", state, kb)
            ask = [q for q in pending if q.id not in state.answers]
            if not ask:
                return False
            _ask_question(term, state, ask[0], kb)
            if early_result(state, run_assessment(state, kb)):
                return True
    if step in QUESTION_STEPS:
        for question in questions_for(step, state, kb):
            if question.id in state.answers:
                continue  # answered before an early result: not asked again
            _ask_question(term, state, question, kb)
            if early_result(state, run_assessment(state, kb)):
                return True
    if step == "feel":
        state.pain_score = _read(term, "\nHow bad is the pain right now, from 0 (no pain) to 10 (the worst)?\n"
                                       "Press Enter to skip: ", read.pain_score)
        state.onset = _read(term, "\nDid it start suddenly, or slowly? Suddenly, slowly or not sure: ", read.onset)
        state.duration_days = _read(term, "\nHow long has it been going on? For example 3 days or 2 weeks.\n"
                                          "Press Enter to skip: ", read.duration_days)
    if step == "other":
        chosen = _read(term, _menu("\nDoes any of this apply to you?", list(kb.vocabulary.flags.items())),
                       lambda raw: read.choices(raw, list(kb.vocabulary.flags.items())))
        state.flags = chosen
    return False


def _ask_question(term: Terminal, state: CheckInState, question: Question, kb: KnowledgeBase) -> None:
    head = f"\n{question.text}" + (f"\n  ({question.help})" if question.help else "")
    if question.kind == "yes_no":
        warning = question.red_flag
        answer = _read(term, head + ("\nYes, no or not sure: " if warning else "\nYes or no: "), read.yes_no)
        # A tick box on the web: only a yes (or not sure) is reported; a no to it is not a denial.
        record_answer(state, question, answer if warning or answer != "no" else None)
        return
    options = [(f, kb.vocabulary.findings[f].label) for f in question.findings]
    one = question.kind == "choose_one"
    prompt = _menu(head, options, one=one)
    record_answer(state, question, _read(term, prompt, lambda raw: read.choices(raw, options, one=one)))


def _menu(head: str, options: Sequence[tuple[str, str]], *, one: bool = False) -> str:
    lines = [head, *(f"  {n}  {label}" for n, (_, label) in enumerate(options, start=1))]
    how = "Type one number" if one else "Type the numbers, for example 1 3"
    return "\n".join(lines) + f"\n{how}, or press Enter for none: "


def _confirm_words(term: Terminal, state: CheckInState, kb: KnowledgeBase) -> None:
    labels = kb.vocabulary.findings
    term.say("\nThis is what we understood from your words:")
    for f in state.understood:
        term.say(f"  - {labels[f].label}")
    for f in state.understood_denied:
        term.say(f"  - No: {labels[f].label}")
    if _read(term, "Is this right? Yes or no: ", read.yes_no) != "yes":
        state.words, state.words_denied, state.use_words = [], [], False
        term.say("Then we will ask you the questions instead.")


def _read(term: Terminal, prompt: str, reader: Callable[[str], Any]) -> Any:
    """Ask until the answer can be read: anything unreadable is explained and asked again."""
    while True:
        raw = term.ask(prompt)
        try:
            return reader(raw)
        except read.Unreadable as problem:
            term.say(f"Sorry, we could not read that. {problem}")


@click.command("check-in")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (the assessment contract).")
def check_in(as_json: bool) -> None:
    """Answer a few questions about your pain and get advice.

    The signs that need help straight away come first; answer "not sure" if you are not sure. As
    soon as an answer means you need help today, you are told who to call. Then you get why, what
    might be causing the pain, and a relief plan that is safe for your week and health. Nothing
    is saved. Press Ctrl-C to stop at any time.

    If you think you need help now, do not wait for this: call your maternity unit or your local
    emergency number.
    """
    from rich.console import Console

    from bumpwise.checkin import words
    from bumpwise.knowledge import knowledge_base
    from bumpwise.render.terminal import print_result
    from bumpwise.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError:
        settings = Settings()  # a broken config file must not stop someone getting advice
    console = Console()
    kb = knowledge_base()

    def show(result: dict[str, Any]) -> None:
        if as_json:
            click.echo(json.dumps(result))
        else:
            console.print()
            print_result(result, kb, console, settings)

    # Ctrl-C must always stop with the "who to call" line, even when started with SIGINT ignored
    # (as a background job's children are).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    term = LineTerminal()
    term.say("Bumpwise check-in. This is not a diagnosis. Type your answer and press Enter.")
    term.say(f"If you think you need help now, do not wait: call {settings.emergency_number}.")
    try:
        ask_check_in(term, kb, show, words=words.understand if words.available() else None)
    except Cancelled:
        term.say(f"\nStopped. Nothing was saved. If you are worried, call {settings.maternity_unit_number} now. "
                 f"In an emergency, call {settings.emergency_number}.")
        sys.exit(130)
