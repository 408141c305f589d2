"""read_text on random and adversarial text: it never crashes, every extracted item
points at exactly the words it came from, and "no" before a red-flag phrase never
turns that red flag on."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bumpwise.text import TextReading
from bumpwise.text.reader import read_text_strict
from bumpwise.text.vocab import vocabulary

# Red-flag findings as a person might name them, each with the id it must give.
RED_FLAGS = [
    ("bleeding", "vaginal_bleeding"), ("heavy bleeding", "heavy_bleeding"), ("spotting", "vaginal_bleeding"),
    ("fluid leaking", "fluid_leak"), ("gush of fluid", "fluid_leak"), ("contractions", "regular_tightenings"),
    ("tightenings", "regular_tightenings"), ("fever", "fever"), ("temperature", "fever"),
    ("burning when I pee", "burning_urination"), ("blood in my urine", "blood_in_urine"),
    ("numbness between my legs", "saddle_numbness"), ("weakness in my legs", "leg_weakness"),
    ("chest pain", "chest_pain"), ("shortness of breath", "breathless"), ("headache", "severe_headache"),
    ("blurred vision", "vision_changes"), ("flashing lights", "vision_changes"), ("swelling", "sudden_swelling"),
    ("calf swelling", "calf_swelling_one_side"), ("dizziness", "faint_dizzy"), ("fall", "trauma"),
    ("reduced movements", "reduced_fetal_movement"), ("pressure down below", "pelvic_pressure"),
    ("vomiting", "nausea_vomiting"), ("foot drop", "foot_drop"), ("pins and needles", "leg_numbness_tingling"),
]
NEUTRAL = st.sampled_from(["I'm 30 weeks.", "Hello.", "Thanks!", "", "My mum says hi.", "It is Tuesday.",
                           "I'm 22 weeks pregnant.", "x", "🤰", "<br>", "???", "Hope that makes sense."])
ADVERSARIAL = st.sampled_from([
    "", " ", "\n\n\t", "!!!???...;;;", "<script>alert('no bleeding')</script>", "<p>I&#39;m 30 weeks</p>",
    "🤰🤰🤰 😩 💦", "Ich bin in der 30. Woche und habe Rückenschmerzen", "妊娠30周，腰痛", "حامل في الأسبوع 30",
    "İSTANBUL İİİ ǅ ß ﬁ", "no no no no no", "not not not", "\u200b\u200d\ufeff", "\x00\x01\x02",
    "29/10/2024 8/10 10/10/10", "+++3+3+3", "week week week 99 weeks 0 weeks -3 weeks", "9" * 500,
    "a" * 1000, "pain " * 300, "\\d+ (pain|[a-z]) .* $ ^", "{my} {pain} ~ ~~",
])


def check(text: str, reading: TextReading) -> None:
    vocab = vocabulary()
    for item in reading.extracted:
        start, end = item.span
        assert 0 <= start < end <= len(text), item
        assert text[start:end] == item.text, item
        if item.kind == "finding":
            assert item.id in vocab.findings
        elif item.kind == "flag":
            assert item.id in vocab.flags
        else:
            assert item.id in ("week", "pain_score", "duration_days", "onset")
    for (start, end), chunk in reading.not_understood:
        assert 0 <= start < end <= len(text) and text[start:end] == chunk
    assert set(reading.findings) <= set(vocab.findings)
    assert not set(reading.findings) & set(reading.denied)
    assert reading.week is None or 1 <= reading.week <= 42
    assert reading.pain_score is None or 0 <= reading.pain_score <= 10
    assert reading.duration_days is None or 0 <= reading.duration_days <= 400
    assert reading.onset in (None, "sudden", "gradual")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_random_text_never_crashes_and_spans_hold(text: str) -> None:
    check(text, read_text_strict(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(ADVERSARIAL, st.sampled_from([p for p, _ in RED_FLAGS]), st.text(max_size=30)),
                max_size=8).map(" ".join))
def test_adversarial_mixtures(text: str) -> None:
    check(text, read_text_strict(text))


@pytest.mark.parametrize("text", [
    "", " ", "!!!", "..." * 1000, "🤰" * 500, "<html><body>" * 200, "ß" * 1000, "İ" * 1000,
])
def test_degenerate_inputs(text: str) -> None:
    check(text, read_text_strict(text))


def test_hundred_kilobytes() -> None:
    chunk = ("I'm 30 weeks, no bleeding but sharp pain in my left hip when I walk, 7/10. "
             "Baby moving fine. <b>help</b> 🤰 ")
    text = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    reading = read_text_strict(text)
    check(text, reading)
    assert "hip_outer" in reading.findings and "vaginal_bleeding" in reading.denied


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEUTRAL, st.sampled_from(RED_FLAGS), NEUTRAL, st.sampled_from(["no ", "No ", "no  ", "NO "]))
def test_no_before_a_red_flag_never_makes_it_present(before: str, flag: tuple[str, str], after: str,
                                                     no: str) -> None:
    phrase, fid = flag
    text = f"{before} {no}{phrase}. {after}"
    reading = read_text_strict(text)
    check(text, reading)
    assert fid not in reading.findings, reading
    assert fid in reading.denied, reading


@pytest.mark.parametrize(("phrase", "fid"), RED_FLAGS)
def test_red_flag_phrase_on_its_own_is_present(phrase: str, fid: str) -> None:
    assert fid in read_text_strict(phrase).findings
    assert fid in read_text_strict(f"30 weeks. I have {phrase}.").findings


# Through the engine (issue 3): a red-flag phrase on its own reaches its level, and
# "no" before it never raises the level above the same message without it. The
# contexts name no week or one from 24 on, where every level below applies.
ENGINE_RED_FLAGS = [
    ("heavy bleeding", "emergency"), ("bleeding", "urgent"), ("fluid leaking", "urgent"),
    ("contractions every 5 minutes", "urgent"), ("fever", "urgent"), ("burning when I pee", "urgent"),
    ("blood in my urine", "urgent"), ("numbness between my legs", "emergency"),
    ("loss of bladder control", "emergency"), ("weakness in my legs", "urgent"), ("chest pain", "emergency"),
    ("shortness of breath", "emergency"), ("severe headache", "urgent"), ("blurred vision", "urgent"),
    ("face swelling", "urgent"), ("calf swelling", "urgent"), ("fall", "urgent"),
    ("reduced movements", "urgent"), ("foot drop", "urgent"), ("pins and needles in my leg", "soon"),
]
LEVELS = ["self_care", "soon", "urgent", "emergency"]
CONTEXTS = st.sampled_from(["", "back ache", "I'm 30 weeks, lower back pain", "Hi, 26 weeks, sore hips.",
                            "pain in my bum when I sit", "33 weeks pregnant, pubic bone hurts on the stairs"])


def _level(text: str) -> int:
    bumpwise = pytest.importorskip("bumpwise")
    return LEVELS.index(bumpwise.assess({"text": text})["triage"]["level"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CONTEXTS, st.sampled_from(ENGINE_RED_FLAGS))
def test_engine_levels_for_red_flag_phrases(context: str, flag: tuple[str, str]) -> None:
    phrase, level = flag
    joiner = ", " if context else ""
    assert _level(f"{context}{joiner}{phrase}") >= LEVELS.index(level)
    assert _level(f"{context}{joiner}no {phrase}") <= _level(context)
