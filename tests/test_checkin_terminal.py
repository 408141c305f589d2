"""`bumpwise check-in` driven through a pseudo-terminal (pexpect), as a person types: an emergency
answer stops at once, unreadable answers ("thirty", "lots", "banana") are asked again and never
end the program, tolerant answers ("30 weeks", "7/10", "about 6") are read, Ctrl-C says who to
call, and the final result equals `bumpwise assess` on the same answers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "BUMPWISE_CONFIG": "/nonexistent.toml", "BUMPWISE_EMERGENCY_NUMBER": "999",
       "BUMPWISE_MATERNITY_UNIT_NUMBER": "0161 555 0100", "BUMPWISE_CRISIS_LINE": "Samaritans 116 123",
       "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120"}
PROMPT = re.compile(r"(Yes, no or not sure: |Yes or no: |press Enter for none: |Press Enter if you do not know: |"
                    r"press Enter to answer questions: |\(the worst\)\?\r?\nPress Enter to skip: |"
                    r"Suddenly, slowly or not sure: |2 weeks\.\r?\nPress Enter to skip: |had your baby: |"
                    r"For example 3: )")


@pytest.fixture
def spawn() -> Iterator[Callable[..., Any]]:
    children: list[Any] = []

    def start(*args: str) -> Any:
        child = pexpect.spawn(sys.executable, ["-m", "bumpwise", "check-in", *args], cwd=str(REPO), env=ENV,
                              encoding="utf-8", timeout=60, dimensions=(40, 120))
        children.append(child)
        return child

    yield start
    for child in children:
        if child.isalive():
            child.terminate(force=True)


def default(screen: str) -> str:
    """No to every yes/no question, not sure how it started, nothing ticked, nothing typed."""
    if screen.endswith("slowly or not sure: "):
        return "not sure"
    return "no" if screen.endswith(("sure: ", "no: ")) else ""


def by_words(answers: dict[str, str]) -> Callable[[str], str]:
    """Her answer to the first prompt holding one of these words; `default` to the others."""
    return lambda screen: next((a for words, a in answers.items() if words in screen), None) or default(screen)


def converse(child: Any, reply: Callable[[str], str]) -> str:
    """Answer every prompt with reply(the screen so far since the last answer) until the program
    ends; returns everything it printed."""
    transcript = ""
    for _ in range(200):
        index = child.expect([PROMPT, pexpect.EOF])
        transcript += child.before + (child.after if index == 0 else "")
        if index == 1:
            return transcript
        child.sendline(reply(child.before + child.after))
    raise AssertionError("the check-in asked more than 200 questions: " + transcript[-3000:])


def test_an_emergency_answer_stops_at_once(spawn: Callable[..., Any]) -> None:
    child = spawn()
    child.expect("Heavy bleeding from your vagina")
    child.expect("Heavy means soaking a pad")  # the help text is shown
    child.expect("Yes, no or not sure: ")
    child.sendline("yes")
    child.expect("Get help now")
    child.expect("Call 999 now")
    rest = child.read()
    child.close()
    assert child.exitstatus == 0
    assert "fainted" not in rest and "Yes, no or not sure" not in rest  # nothing more is asked


def test_the_crisis_route_names_the_crisis_line(spawn: Callable[..., Any]) -> None:
    child = spawn()
    out = converse(child, lambda screen: "not sure" if "harming yourself" in screen else default(screen))
    child.close()
    assert re.search(r"Call 999 now, or call\s+Samaritans 116 123", out)


def test_unreadable_answers_are_asked_again_and_typed_ones_read(spawn: Callable[..., Any]) -> None:
    tries = {"week": iter(["thirty", "99", "30 weeks"]), "pain": iter(["lots", "7/10"]),
             "yes_no": iter(["banana"]), "list": iter(["17", "low back"])}

    def reply(screen: str) -> str:
        if "weeks pregnant" in screen:
            return next(tries["week"])
        if "(the worst)" in screen:
            return next(tries["pain"])
        if "Heavy bleeding" in screen:
            return next(tries["yes_no"], "n")
        if "on your back" in screen:
            return next(tries["list"], "1")
        if "suddenly, or slowly" in screen:
            return "slowly"
        if "How long" in screen:
            return "about 6 days"
        return default(screen)

    child = spawn("--json")
    out = converse(child, reply)
    child.close()
    assert child.exitstatus == 0, out[-2000:]
    assert out.count("Sorry, we could not read that.") == 5  # thirty, 99, lots, banana, 17
    result = json.loads(out.strip().splitlines()[-1])
    assert result["context"]["week"] == 30 and result["context"]["pain_score"] == 7
    assert result["context"]["duration_days"] == 6 and result["context"]["onset"] == "gradual"
    assert "low_back" in result["findings"]


def test_the_final_result_equals_bumpwise_assess_on_the_same_answers(spawn: Callable[..., Any]) -> None:
    # back of the pelvis, one side, sharp, worse on one leg and turning in bed, about 5 out of 10
    reply = by_words({"weeks pregnant": "29w", "on your back": "4", "one side, or on both": "1", "feel like": "2",
                      "makes it worse": "1 3", "(the worst)": "about 5"})
    child = spawn("--json")
    out = converse(child, reply)
    child.close()
    result = json.loads(out.strip().splitlines()[-1])
    assert result["triage"]["level"] == "self_care" and not result["triage"]["provisional"]
    context = result["context"]
    answers = {"week": context["week"], "pain_score": context["pain_score"], "findings": result["findings"],
               "flags": result["flags"], "denied": result["denied"]}
    assessed = subprocess.run([sys.executable, "-m", "bumpwise", "assess"], input=json.dumps(answers), cwd=REPO,
                              capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(assessed.stdout) == result
    assert result["causes"][0]["id"] == "pelvic_girdle_pain"


def test_an_urgent_answer_shows_the_result_at_once(spawn: Callable[..., Any]) -> None:
    reply = by_words({"weeks pregnant": "30", "on your back": "1", "bleeding or spotting": "yes"})
    child = spawn()
    out = converse(child, reply)
    child.close()
    after = out.split("bleeding or spotting")[-1].split("not sure: ", 1)[1]  # after her yes
    assert "Call your maternity team now" in after and "Call 0161 555 0100 now" in after
    assert "Do you want to add more details now?" in after
    assert "Yes, no or not sure" not in after.split("Do you want to add more details")[0]


def test_ctrl_c_says_who_to_call_and_keeps_nothing(spawn: Callable[..., Any]) -> None:
    child = spawn()
    child.expect("Yes, no or not sure: ")
    child.sendline("no")
    child.expect("Yes, no or not sure: ")
    child.sendintr()
    child.expect("Stopped. Nothing was saved. If you are worried, call 0161 555 0100 now.")
    child.expect("In an emergency, call 999.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_after_the_birth_the_terminal_sends_weeks_since_birth_and_no_week(spawn: Callable[..., Any]) -> None:
    """Issue 12: "b" then "3 weeks" is a postnatal check-in; no pregnancy question is asked."""
    reply = by_words({"had your baby: ": "b", "For example 3: ": "3 weeks", "on your back": "1"})
    child = spawn("--json")
    out = converse(child, reply)
    child.close()
    assert child.exitstatus == 0, out[-2000:]
    result = json.loads(out.strip().splitlines()[-1])
    assert result["context"]["weeks_since_birth"] == 3 and result["context"]["week"] is None
    assert "weeks pregnant" not in out and "baby moving less" not in out.lower()
