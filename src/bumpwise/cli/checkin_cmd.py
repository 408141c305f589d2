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
from bumpwise.cli.lang import chosen_language, lang_option
from bumpwise.i18n import N_, translations
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


Say = Callable[[str], str]  # gettext for her language


def ask_check_in(term: Terminal, kb: KnowledgeBase, show: Show, *, today: date | None = None,
                 words: Callable[[str], dict[str, Any] | None] | None = None,
                 state: CheckInState | None = None, locale: str = "en") -> CheckInState:
    """Ask the check-in, showing a result (with `show`) at once when an answer needs help today,
    and the final result at the end. Returns her answers (kept in `state` as they come). The
    questions' own words come from `kb` (knowledge_for(locale)); the rest from the catalogs."""
    _ = translations(locale).gettext
    state = state if state is not None else CheckInState()
    step = "now"
    while step != "result":
        if step == "now":
            term.say("\n" + _("Is any of this happening now?"))
        stopped = _ask_step(term, state, step, kb, today or date.today(), words, _)
        if not stopped:
            complete(state, step)
        result = run_assessment(state, kb)
        if early_result(state, result):
            mark_seen(state, result)
            show(result)
            more = stopped or next_step(state, step, kb, result) != "result"
            if result["triage"]["level"] == "emergency" or not more or not _more(term, _):
                return state
            term.say("\n" + _("Thank you. A few more questions."))
        step = step if stopped else next_step(state, step, kb)
    show(run_assessment(state, kb))
    return state


def _more(term: Terminal, _: Say) -> bool:
    answer: str = _read(term, "\n" + _("Please call first. Do you want to add more details now? Yes or no: "),
                        read.yes_no, _)
    return answer == "yes"


def _required_weeks_since_birth(raw: str) -> int:
    weeks = read.weeks_since_birth(raw)
    if weeks is None:
        raise read.Unreadable(N_("Type how many weeks ago you had your baby, for example 3."))
    return weeks


def _ask_step(term: Terminal, state: CheckInState, step: str, kb: KnowledgeBase, today: date,
              words: Callable[[str], dict[str, Any] | None] | None, _: Say) -> bool:
    """Ask one step. Returns True when an answer stopped it early (a result is due)."""
    if step == "about":
        state.stage = _read(term, "\n" + _("Are you pregnant now, or have you had your baby?") + "\n"
                                  + _("Type p if you are pregnant, or b if you have had your baby: "),
                            read.stage_answer, _)
        state.week, state.due_date, state.weeks_since_birth = None, "", None
        if state.stage == "postnatal":
            state.weeks_since_birth = _read(
                term, "\n" + _("How many weeks ago did you have your baby? For example 3: "),
                _required_weeks_since_birth, _)
        else:
            state.week, state.due_date = _read(
                term, "\n" + _("How many weeks pregnant are you? You can also type your due date.") + "\n"
                      + _("Press Enter if you do not know: "), lambda raw: read.week_or_due_date(raw, today), _)
        if words is not None:
            state.text = term.ask("\n" + _("Describe the pain in your own words, or press Enter to answer questions: ")
                                  ).strip()
            understood = words(state.text) if state.text else None
            if understood is not None:
                apply_words(state, understood, kb)
        return False
    if step == "words":
        _confirm_words(term, state, kb, _)
        return False
    if step == "red_flags":
        term.say("\n" + _("A few important questions. If you are not sure, answer not sure: we treat it as a yes, "
                          "to be safe."))
        while True:
            pending = questions_for("red_flags", state, kb)
            ask = [q for q in pending if q.id not in state.answers]
            if not ask:
                return False
            _ask_question(term, state, ask[0], kb, _)
            if early_result(state, run_assessment(state, kb)):
                return True
    if step in QUESTION_STEPS:
        for question in questions_for(step, state, kb):
            if question.id in state.answers:
                continue  # answered before an early result: not asked again
            _ask_question(term, state, question, kb, _)
            if early_result(state, run_assessment(state, kb)):
                return True
    if step == "feel":
        skip = "\n" + _("Press Enter to skip: ")
        state.pain_score = _read(term, "\n" + _("How bad is the pain right now, from 0 (no pain) to 10 (the worst)?")
                                 + skip, read.pain_score, _)
        state.onset = _read(term, "\n" + _("Did it start suddenly, or slowly? Suddenly, slowly or not sure: "),
                            read.onset, _)
        state.duration_days = _read(term, "\n" + _("How long has it been going on? For example 3 days or 2 weeks.")
                                    + skip, read.duration_days, _)
    if step == "other":
        chosen = _read(term, _menu("\n" + _("Does any of this apply to you?"), list(kb.vocabulary.flags.items()), _),
                       lambda raw: read.choices(raw, list(kb.vocabulary.flags.items())), _)
        state.flags = chosen
    return False


def _ask_question(term: Terminal, state: CheckInState, question: Question, kb: KnowledgeBase, _: Say) -> None:
    head = f"\n{question.text}" + (f"\n  ({question.help})" if question.help else "")
    if question.kind == "yes_no":
        warning = question.red_flag
        answer = _read(term, head + "\n" + (_("Yes, no or not sure: ") if warning else _("Yes or no: ")),
                       read.yes_no, _)
        # A tick box on the web: only a yes (or not sure) is reported; a no to it is not a denial.
        record_answer(state, question, answer if warning or answer != "no" else None)
        return
    options = [(f, kb.vocabulary.findings[f].label) for f in question.findings]
    one = question.kind == "choose_one"
    prompt = _menu(head, options, _, one=one)
    record_answer(state, question, _read(term, prompt, lambda raw: read.choices(raw, options, one=one), _))


def _menu(head: str, options: Sequence[tuple[str, str]], _: Say, *, one: bool = False) -> str:
    lines = [head, *(f"  {n}  {label}" for n, (__, label) in enumerate(options, start=1))]
    how = _("Type one number, or press Enter for none: ") if one else \
        _("Type the numbers, for example 1 3, or press Enter for none: ")
    return "\n".join(lines) + "\n" + how


def _confirm_words(term: Terminal, state: CheckInState, kb: KnowledgeBase, _: Say) -> None:
    labels = kb.vocabulary.findings
    term.say("\n" + _("This is what we understood from your words:"))
    for f in state.understood:
        term.say(f"  - {labels[f].label}")
    for f in state.understood_denied:
        term.say("  - " + _("No:") + f" {labels[f].label}")
    if _read(term, _("Is this right? Yes or no: "), read.yes_no, _) != "yes":
        state.words, state.words_denied, state.use_words = [], [], False
        term.say(_("Then we will ask you the questions instead."))


def _read(term: Terminal, prompt: str, reader: Callable[[str], Any], _: Say = str) -> Any:
    """Ask until the answer can be read: anything unreadable is explained and asked again."""
    while True:
        raw = term.ask(prompt)
        try:
            return reader(raw)
        except read.Unreadable as problem:
            term.say(_("Sorry, we could not read that.") + " " + problem.said(_))


@click.command("check-in")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (the assessment contract).")
@lang_option
def check_in(as_json: bool, lang: str | None) -> None:
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
    from bumpwise.i18n.knowledge import knowledge_for
    from bumpwise.i18n.services import services_for
    from bumpwise.render.terminal import print_result
    from bumpwise.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError:
        settings = Settings()  # a broken config file must not stop someone getting advice
    console = Console()
    locale = chosen_language(lang, settings.locale)
    kb = knowledge_for(locale)
    services = services_for(settings, locale)
    _ = translations(locale).gettext

    def show(result: dict[str, Any]) -> None:
        if as_json:
            click.echo(json.dumps(result))
        else:
            console.print()
            print_result(result, kb, console, settings, locale)

    # Ctrl-C must always stop with the "who to call" line, even when started with SIGINT ignored
    # (as a background job's children are).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    term = LineTerminal()
    term.say(_("Bumpwise check-in. This is not a diagnosis. Type your answer and press Enter."))
    term.say(_("If you think you need help now, do not wait: call %(emergency)s.") % {"emergency": services.emergency})
    try:
        ask_check_in(term, kb, show, words=words.understand if words.available() else None, locale=locale)
    except Cancelled:
        term.say("\n" + _("Stopped. Nothing was saved. If you are worried, call %(maternity)s now. "
                          "In an emergency, call %(emergency)s.")
                 % {"maternity": services.maternity, "emergency": services.emergency})
        sys.exit(130)
