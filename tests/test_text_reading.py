"""Unit behaviour of bumpwise.text.read_text: phrases, negation, uncertainty, context, spans."""

from __future__ import annotations

import pytest

from bumpwise.text import Extracted, TextReading, read_text


def test_contract_example_negated_bleeding_span() -> None:
    text = "sharp pain in my right buttock going down to my foot, no bleeding"
    r = read_text(text)
    assert {"sharp_stabbing", "buttock", "one_side", "below_knee"} <= set(r.findings)
    assert r.denied == ("vaginal_bleeding",)
    bleeding = [e for e in r.extracted if e.id == "vaginal_bleeding"]
    assert bleeding[0].to_dict() == {"finding": "vaginal_bleeding", "span": [54, 65],
                                     "text": "no bleeding", "negated": True}


def test_reading_types() -> None:
    r = read_text("29 weeks, back pain")
    assert isinstance(r, TextReading)
    assert all(isinstance(e, Extracted) for e in r.extracted)
    assert r.week == 29


@pytest.mark.parametrize(("text", "finding"), [
    ("my bump goes tight every ten minutes", "regular_tightenings"),
    ("numb between my legs", "saddle_numbness"),
    ("I can't tell when I need to pee", "bladder_bowel_change"),
    ("it burns when I wee", "burning_urination"),
])
def test_lay_phrases(text: str, finding: str) -> None:
    assert finding in read_text(text).findings
