"""Policy principle 6, "Say it the same everywhere": a "stop and call" line in a plan item, a
condition page, a question or a thing to avoid never gives a lower level than the rules give for
the sign it names.

How a line is read (no list of sentences to special-case, so a new line is checked like an old one):

- Each field is split into sentences (at . ; ! ?). A sentence *calls* when it holds a call or
  contact action: call, ring, phone or contact; tell, ask, see, talk to or go to followed by
  someone who gives care (midwife, doctor, maternity unit, physiotherapist, ambulance...);
  mention or book; get help, get checked, be seen, needs a check, is an emergency and the like.
- The level it says is read from its timing words, the most urgent that appears: ambulance,
  999, A&E, emergency department or "an emergency" -> emergency; now, today, straight away,
  immediately, at once, same day, urgently, day or night -> urgent; within days, a few days ->
  soon; "your next appointment" -> self_care. A call with no timing is read as the lowest call,
  soon.
- The signs it names are what the project's own reader (`bumpwise.text.read_text`) finds in the
  sentence and in the sentences of the same field before it that do not call (the "Stop if ..."
  before "Tell your midwife."). Stop lines are conditionals ("call if you bleed"), which the
  reader rightly keeps out of a person's findings as hypothetical; so each mention it set aside
  (`not_understood`) is read again on its own, and negated mentions count too: a line names a
  sign whether or not it says "not".
- The level the rules give for a sign is the engine's level for that finding alone with the week
  unknown. Text shown only after the birth (a condition whose `stages` are only `postnatal`) is
  checked against the level after the birth (the most urgent over weeks 0-12 since the birth).

A line that names a sign the reader cannot place is not checked for it: keep stop lines plain, in
the words people use, so that the reader (and a tired reader) understands them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

import bumpwise
from bumpwise.knowledge import KnowledgeBase, load_knowledge
from bumpwise.knowledge.loader import data_dir
from bumpwise.knowledge.schema import LEVELS
from bumpwise.text import read_text

RANK = {level: rank for rank, level in enumerate(LEVELS)}

_CARE = (r"(midwi\w*|doctors?|gp|maternity|physio\w*|team|unit|hospital|clinician|pharmacist|health visitor|nurse"
         r"|111|999|ambulance|crisis line|emergency department|labour ward|a ?& ?e)")
CALL = re.compile(
    r"\b(call|ring|phone|contact|mention|book)\b"
    r"|\b(tell|ask|see|talk to|talk with|speak to|speak with|go to|get to)\b(\W+[\w'-]+){0,4}?\W+" + _CARE + r"\b"
    r"|\b(get help|seek help|get (medical )?advice|medical advice|get (it |this |them |you )?checked|be checked"
    r"|be seen|needs? (a |to be |to get )?(check|checking|checked|seen|review|treatment|help|advice|assessment)"
    r"|(is|are) an emergency|emergency (help|care|treatment))\b",
    re.IGNORECASE)
TIMING: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("emergency", re.compile(r"\b(999|911|112|ambulance|emergency department|a ?& ?e|labour ward"
                             r"|(?<!not an )emergency)\b", re.IGNORECASE)),
    ("urgent", re.compile(r"\b(now|today|tonight|straight away|right away|immediately|at once|same day|urgently"
                          r"|day or night|within (2|two) hours)\b", re.IGNORECASE)),
    ("soon", re.compile(r"\b(within (a few |the next few )?days|a few days|within a day or two)\b", re.IGNORECASE)),
    ("self_care", re.compile(r"\bnext (antenatal |routine )?(appointment|visit|check)", re.IGNORECASE)),
)
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


@dataclass(frozen=True)
class Mismatch:
    where: str
    sentence: str
    finding: str
    says: str
    rules: str

    def __str__(self) -> str:
        return f"{self.where}: names {self.finding} ({self.rules} by the rules) but says {self.says}: {self.sentence!r}"


def said_level(sentence: str) -> str:
    """The level a calling sentence gives: its most urgent timing words; no timing is soon."""
    found = [level for level, pattern in TIMING if pattern.search(sentence)]
    return max(found, key=RANK.__getitem__) if found else "soon"


@cache
def signs(sentence: str) -> frozenset[str]:
    """The findings a sentence names, reported or denied, hypothetical mentions read on their own."""
    reading = read_text(sentence)
    named = set(reading.findings) | set(reading.denied)
    for _, text in reading.not_understood:
        if text.strip() != sentence.strip():
            again = read_text(text)
            named |= set(again.findings) | set(again.denied)
    return frozenset(named)


@cache
def rules_level(finding: str, stage: str) -> str:
    """The engine's level for this finding alone, the week unknown (after the birth: the most
    urgent over the weeks since the birth)."""
    if stage == "pregnancy":
        return str(bumpwise.assess({"findings": [finding]})["triage"]["level"])
    levels = [str(bumpwise.assess({"findings": [finding], "weeks_since_birth": w})["triage"]["level"])
              for w in range(13)]
    return max(levels, key=RANK.__getitem__)


def calls(text: str) -> Iterator[tuple[str, frozenset[str]]]:
    """Each calling sentence of one field with the signs it covers: its own and those of the
    sentences before it (back to the previous calling sentence)."""
    before: set[str] = set()
    for sentence in SENTENCE_END.split(text.strip()):
        named = signs(sentence)
        if CALL.search(sentence):
            yield sentence, frozenset(before | named)
            before = set()
        else:
            before |= named


def check(where: str, text: str, stages: tuple[str, ...] = ("pregnancy",)) -> list[Mismatch]:
    out = []
    for sentence, named in calls(text):
        says = said_level(sentence)
        for finding in sorted(named):
            need = max((rules_level(finding, s) for s in stages), key=RANK.__getitem__)
            if RANK[need] > RANK[says]:
                out.append(Mismatch(where, sentence, finding, says, need))
    return out


def stop_lines(kb: KnowledgeBase) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Every field that can hold a "stop and call" line, with where it is and the stages it is
    shown in (only text shown nowhere but after the birth is held to the after-birth levels)."""
    def shown(stages: set[str]) -> tuple[str, ...]:
        return ("postnatal",) if stages == {"postnatal"} else ("pregnancy",)

    def of_targets(targets: tuple[str, ...]) -> tuple[str, ...]:
        if "any" in targets:
            return ("pregnancy",)
        return shown({s for t in targets for s in kb.conditions[t].stages})

    for item in kb.plan_items.values():
        stages = of_targets(item.targets)
        yield f"plan_items.yaml {item.id} stop_if", item.stop_if, stages
        yield f"plan_items.yaml {item.id} summary", item.summary, stages
        for n, step in enumerate(item.steps):
            yield f"plan_items.yaml {item.id} steps[{n}]", step, stages
    for condition in kb.conditions.values():
        stages = shown(set(condition.stages))
        yield f"conditions.yaml {condition.id} summary", condition.summary, stages
        yield f"conditions.yaml {condition.id} typical", condition.typical, stages
    for question in kb.questions:
        yield f"questions.yaml {question.id} text", question.text, ("pregnancy",)
        if question.help:
            yield f"questions.yaml {question.id} help", question.help, ("pregnancy",)
    for avoid in kb.avoid.values():
        yield f"avoid.yaml {avoid.id} why", avoid.why, of_targets(avoid.targets)


def mismatches(kb: KnowledgeBase) -> list[Mismatch]:
    return [m for where, text, stages in stop_lines(kb) for m in check(where, text, stages)]


# ---------------------------------------------------------------- the knowledge base


def test_every_stop_line_gives_at_least_the_level_the_rules_give(kb: KnowledgeBase) -> None:
    wrong = mismatches(kb)
    assert not wrong, f"{len(wrong)} stop line(s) say a lower level than the rules:\n" + "\n".join(map(str, wrong))


def test_the_check_reads_real_stop_lines(kb: KnowledgeBase) -> None:
    """Not vacuous on the real data: many lines call, and the reader finds warning signs in them,
    at each level."""
    found = [(sentence, named) for _, text, _ in stop_lines(kb) for sentence, named in calls(text)]
    assert len(found) >= 80
    levels = {rules_level(f, "pregnancy") for _, named in found for f in named}
    assert {"soon", "urgent", "emergency"} <= levels
    says = {said_level(sentence) for sentence, _ in found}
    assert {"soon", "urgent", "emergency"} <= says


# ---------------------------------------------------------------- the checker itself


@pytest.mark.parametrize(("text", "finding", "says"), [
    ("Stop and contact your midwife if you have chest pain.", "chest_pain", "soon"),
    ("Contact your midwife or doctor today if you have chest pain.", "chest_pain", "urgent"),
    ("Stop if you get new weakness in a leg. Tell your midwife.", "leg_weakness", "soon"),
    ("Bleeding needs a check.", "vaginal_bleeding", "soon"),
    ("If you have bleeding, mention it at your next appointment.", "vaginal_bleeding", "self_care"),
    ("Numbness around your genitals means call your maternity unit now.", "saddle_numbness", "urgent"),
    ("If you notice no movements, ask your midwife within a few days.", "reduced_fetal_movement", "soon"),
])
def test_the_checker_catches_a_lower_level(text: str, finding: str, says: str) -> None:
    wrong = check("example", text)
    assert (finding, says) in {(m.finding, m.says) for m in wrong}, wrong


@pytest.mark.parametrize("text", [
    "Stop and call an ambulance if you have chest pain.",
    "Numbness around your genitals or bottom is an emergency. Call an ambulance.",
    "If you have bleeding, call your maternity unit now.",
    "Stop if the calf stays painful, or becomes swollen, red or warm. Contact your midwife or doctor today.",
    "Stop if you feel dizzy.",  # no call: nothing to check
    "New weakness needs a check the same day; numbness can wait a few days, so tell your midwife.",
    "If you feel dizzy, tell your midwife.",
])
def test_the_checker_passes_the_level_the_rules_give(text: str) -> None:
    assert check("example", text) == []


def test_a_call_sentence_covers_only_the_sentences_since_the_last_call() -> None:
    text = "Stop if you have chest pain. Call an ambulance. Stop if you feel dizzy. Tell your midwife."
    assert [sorted(named) for _, named in calls(text)] == [["chest_pain"], ["faint_dizzy"]]


def test_text_shown_only_after_the_birth_is_held_to_the_after_birth_levels() -> None:
    line = "If you feel dizzy, tell your midwife."
    assert check("example", line, ("pregnancy",)) == []
    assert [m.rules for m in check("example", line, ("postnatal",))] == ["urgent"]


def test_a_wrong_line_in_the_knowledge_base_is_caught(tmp_path: Path) -> None:
    """Write a lower level into a copy of the data and the check over that copy fails on it."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    path = target / "plan_items.yaml"
    data = yaml.safe_load(path.read_text())
    item = next(i for i in data["plan_items"] if i["id"] == "cramp_or_clot")
    item["stop_if"] = "If one calf is swollen or you have chest pain, tell your midwife at your next visit."
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    wrong = mismatches(load_knowledge(target))
    caught = {(m.where, m.finding) for m in wrong}
    assert ("plan_items.yaml cramp_or_clot stop_if", "chest_pain") in caught
    assert ("plan_items.yaml cramp_or_clot stop_if", "calf_swelling_one_side") in caught

