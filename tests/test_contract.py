"""Bad input is refused with a message naming the field, the accepted values and the nearest id."""

from __future__ import annotations

from typing import Any

import pytest

from bumpwise import InputError, assess
from bumpwise.contract import MAX_PROBLEMS_PER_FIELD


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"week": 50}, "week", ["from 1 to 42", "50"]),
        ({"week": "thirty"}, "week", ["whole number"]),
        ({"week": True}, "week", ["whole number"]),
        ({"pain_score": -1}, "pain_score", ["from 0 to 10"]),
        ({"duration_days": 1000}, "duration_days", ["from 0 to 400"]),
        ({"onset": "slowly"}, "onset", ["sudden, gradual"]),
        ({"findings": ["lowback"]}, "findings[0]", ["unknown finding 'lowback'", "did you mean 'low_back'"]),
        ({"findings": "low_back"}, "findings", ["must be a list"]),
        ({"findings": [3]}, "findings[0]", ["string"]),
        ({"flags": ["placenta_praevia"]}, "flags[0]", ["did you mean 'placenta_previa'"]),
        ({"denied": ["feverr"]}, "denied[0]", ["did you mean 'fever'"]),
        ({"weeks": 30}, "weeks", ["not a field", "accepted fields", "did you mean 'week'"]),
        ({"text": 42}, "text", ["must be a string"]),
    ],
)
def test_bad_field_is_named(data: dict[str, Any], field: str, words: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        assess(data)
    fields = {e.field: e.message for e in caught.value.errors}
    assert field in fields, fields
    for word in words:
        assert word in fields[field]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InputError) as caught:
        assess({"week": 0, "pain_score": 11, "findings": ["nope", "low_back", "nah"]})
    assert [e.field for e in caught.value.errors] == ["week", "pain_score", "findings[0]", "findings[2]"]


@pytest.mark.parametrize("data", [[], "week 30", 30, None])
def test_input_must_be_an_object(data: Any) -> None:
    with pytest.raises(InputError, match="must be a JSON object"):
        assess(data)


def test_every_field_is_optional_and_the_id_is_echoed() -> None:
    result = assess({})
    assert result["triage"]["level"] == "self_care"
    assert result["missing"] == ["week", "pain_score", "red_flags"]
    assert assess({"id": "case-7"})["id"] == "case-7"
    assert "id" not in result


def test_whole_number_floats_are_accepted() -> None:
    assert assess({"week": 30.0})["context"]["week"] == 30


def test_context_reports_trimester() -> None:
    assert assess({"week": 12})["context"]["trimester"] == 1
    assert assess({"week": 13})["context"]["trimester"] == 2
    assert assess({"week": 28, "pain_score": 4})["context"] == {"week": 28, "trimester": 3, "pain_score": 4}


def test_denied_red_flags_mean_the_questions_were_asked() -> None:
    result = assess({"week": 30, "pain_score": 3, "findings": ["low_back"], "denied": ["vaginal_bleeding"]})
    assert result["missing"] == []
    # "No bleeding" is also "no heavy bleeding" (vocabulary `narrower`): that question is not asked again.
    assert result["denied"] == ["heavy_bleeding", "vaginal_bleeding"]
    assert "now_heavy_bleeding" not in {q["id"] for q in result["ask_next"]}


def test_reported_finding_wins_over_denied() -> None:
    result = assess({"findings": ["vaginal_bleeding"], "denied": ["vaginal_bleeding"]})
    assert result["triage"]["level"] == "urgent"
    assert "vaginal_bleeding" not in result["denied"]


@pytest.mark.parametrize("bad_id", [float("nan"), float("inf"), float("-inf"), 1.5, "\ud800", ["x"], {"a": 1}])
def test_an_id_that_cannot_be_echoed_as_json_is_refused(bad_id: object) -> None:
    with pytest.raises(InputError, match=r"^id: must be a string, a whole number or null"):
        assess({"id": bad_id})


def test_text_with_a_lone_surrogate_is_refused_not_read() -> None:
    with pytest.raises(InputError, match=r"^text: holds an unpaired surrogate"):
        assess({"text": "back pain \udc80 30 weeks"})


def test_a_flood_of_unknown_ids_gets_a_short_bounded_refusal() -> None:
    # It was 25.8 s and a 23 MB reply: a spelling suggestion for each of 66,000 ids. Now at most
    # MAX_PROBLEMS_PER_FIELD problems per field are named (and suggested), then a count.
    with pytest.raises(InputError) as caught:
        assess({"findings": [f"nope{i}" for i in range(66_000)], **{f"extra{i}": 1 for i in range(500)}})
    errors = caught.value.errors
    assert len(errors) <= 2 * (MAX_PROBLEMS_PER_FIELD + 1)
    assert any("more bad finding ids" in e.message for e in errors)
    assert len(str(caught.value)) < 20_000


def test_her_words_say_she_has_had_her_baby_unless_a_field_says_otherwise() -> None:
    after = assess({"text": "I had my baby 2 weeks ago, soaking a pad an hour and dizzy"})
    assert after["context"]["weeks_since_birth"] == 2 and after["context"]["week"] is None
    assert after["triage"]["level"] == "emergency"
    assert "postpartum_haemorrhage" in [c["id"] for c in after["causes"]]
    assert not {"miscarriage", "placental_abruption"} & {c["id"] for c in after["causes"]}
    pregnant = assess({"week": 30, "text": "I had my baby 2 weeks ago"})  # the structured field wins
    assert pregnant["context"]["week"] == 30 and "weeks_since_birth" not in pregnant["context"]
