"""The reader in Vietnamese: every warning sign in lay words, with and without accents and in teen
code; negation and its scope, a question's "không" that denies nothing; history; the week, months
and trimesters, the pain score and weeks since the birth; spans that point at what she typed."""

from __future__ import annotations

import unicodedata

import pytest

from bumpwise.text import read_text
from bumpwise.text.language import language
from bumpwise.text.phrases import bare
from bumpwise.text.reader import read_text_strict


def strip_accents(text: str) -> str:
    return "".join(bare(c) if c.isalpha() else c for c in text)


# (her words, the warning sign they say): at least one way for every warning sign
WARNING_SIGNS = [
    ("bụng em cứng lại rồi mềm ra, cứ 5 phút 1 lần", "regular_tightenings"),
    ("đau lưng từng cơn, 10 phút một lần", "comes_in_waves"),
    ("ra máu đỏ tươi", "vaginal_bleeding"),
    ("ra máu nhiều, thấm ướt hết băng vệ sinh trong 1 tiếng", "heavy_bleeding"),
    ("em bị rỉ ối, quần lót ướt suốt", "fluid_leak"),
    ("cảm giác muốn rặn, em bé như tụt xuống", "pelvic_pressure"),
    ("bụng cứng và ấn vào thấy đau", "belly_hard_tender"),
    ("hôm nay bé đạp ít hơn mọi ngày", "reduced_fetal_movement"),
    ("đau bụng như sắp đến tháng", "period_like_pain"),
    ("đau liên tục dữ dội không ngớt", "constant_severe"),
    ("đột nhiên đau dữ dội", "sudden_severe_onset"),
    ("em bị sốt 38,5 độ", "fever"),
    ("đi tiểu bị buốt", "burning_urination"),
    ("nước tiểu có máu", "blood_in_urine"),
    ("tê vùng kín, lau không thấy gì", "saddle_numbness"),
    ("chân yếu, khuỵu xuống", "leg_weakness"),
    ("đi bị kéo lê bàn chân", "foot_drop"),
    ("bí tiểu từ sáng", "bladder_bowel_change"),
    ("cả hai chân đều tê bì", "both_legs_nerve_symptoms"),
    ("bắp chân đau mấy ngày nay, ấn vào thấy đau", "leg_pain_lasting"),
    ("bắp chân trái sưng to hơn chân kia", "calf_swelling_one_side"),
    ("bắp chân đỏ và nóng", "leg_red_warm"),
    ("đau ngực khi hít thở", "chest_pain"),
    ("tự nhiên khó thở", "breathless"),
    ("nhức đầu quá", "severe_headache"),
    ("mắt nhìn mờ, thấy đom đóm", "vision_changes"),
    ("phù mặt và tay", "sudden_swelling"),
    ("em bị ngã cầu thang", "trauma"),
    ("chóng mặt muốn xỉu", "faint_dizzy"),
    ("sáng nay em bị ngất xỉu", "fainted"),
    ("em không muốn sống nữa", "self_harm_thoughts"),
    ("đau dưới xương sườn phải", "upper_abdomen"),
    ("đau đầu vai", "shoulder_tip"),
    ("nằm kiểu gì cũng đau, không tư thế nào đỡ", "night_pain_unrelieved"),
    ("sụt cân mà không ăn kiêng", "unexplained_weight_loss"),
]


@pytest.mark.parametrize(("words", "fid"), WARNING_SIGNS)
def test_every_warning_sign_with_and_without_accents(words: str, fid: str) -> None:
    for text in (words, strip_accents(words)):
        reading = read_text_strict(text)
        assert fid in reading.findings, (text, reading.findings)


def test_the_list_covers_every_warning_sign() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from eval_corpus import WARNING_SIGNS as SIGNS

    assert {f for _, f in WARNING_SIGNS} >= SIGNS


@pytest.mark.parametrize(("text", "week"), [
    ("em bầu 30 tuần", 30), ("tuần thứ 30 rồi", 30), ("bầu 30w bị đau lưng", 30), ("thai 28+3", 28),
    ("bau 32 tuan", 32), ("mang thai được 34 tuần 2 ngày", 34), ("bầu 7 tháng", 30), ("bầu 6 tháng", 25),
    ("mang thai 8 tháng", 34), ("bầu 9 tháng", 38), ("3 tháng cuối hay bị chuột rút", 32),
    ("3 tháng đầu bị đau bụng lâm râm", 10), ("bầu ba mươi hai tuần", 32), ("mới thử que lên 2 vạch", 5),
])
def test_week(text: str, week: int) -> None:
    assert read_text(text).week == week


@pytest.mark.parametrize("text", [
    "đau lưng 2 tuần nay", "cách đây 3 tuần bị ngã", "đau mấy tuần nay rồi", "sinh được 3 tuần",
])
def test_a_length_of_time_or_the_birth_is_no_week(text: str) -> None:
    assert read_text(text).week is None


@pytest.mark.parametrize(("text", "weeks"), [
    ("sinh được 3 tuần, đau lưng", 3), ("sinh mổ 10 ngày thì bị sốt", 1), ("sau sinh 6 tuần", 6),
    ("mới sinh xong", 0), ("bé được 2 tháng tuổi", 8),
])
def test_weeks_since_birth(text: str, weeks: int) -> None:
    reading = read_text(text)
    assert reading.weeks_since_birth == weeks and reading.week is None


@pytest.mark.parametrize(("text", "score"), [("đau 7/10", 7), ("đau khoảng 8 điểm", 8), ("mức 6", 6),
                                             ("đau 3 ngày nay", None), ("7 trên 10", 7)])
def test_pain_score(text: str, score: int | None) -> None:
    assert read_text(text).pain_score == score


@pytest.mark.parametrize(("text", "denied"), [
    ("không ra máu", "vaginal_bleeding"), ("ko ra mau", "vaginal_bleeding"), ("k ra máu", "vaginal_bleeding"),
    ("chưa vỡ ối", "fluid_leak"), ("chẳng thấy ra nước gì", "fluid_leak"), ("có ra máu đâu", "vaginal_bleeding"),
    ("không ra máu, ra nước hay sốt", "fever"), ("không sốt", "fever"), ("em hông có ra máu", "vaginal_bleeding"),
    ("ra máu thì không", "vaginal_bleeding"), ("bé vẫn đạp bình thường", "reduced_fetal_movement"),
])
def test_negation(text: str, denied: str) -> None:
    reading = read_text(text)
    assert denied in reading.denied and denied not in reading.findings, (reading.findings, reading.denied)


def test_negation_stops_at_a_new_clause() -> None:
    reading = read_text("không ra máu, nhưng đau lưng dữ dội")
    assert "vaginal_bleeding" in reading.denied and "low_back" in reading.findings
    reading = read_text("không ra máu, đau bụng dưới")
    assert "lower_abdomen" in reading.findings


@pytest.mark.parametrize("text", [
    "bụng gò cứng như vậy có sao không?", "bụng gò nhiều có sao ko mn", "ra nước như vậy có phải vỡ ối không",
    "em bị ra máu, có nguy hiểm không ạ", "vỡ ối chưa?",
])
def test_a_question_is_no_denial(text: str) -> None:
    reading = read_text(text)
    assert reading.findings and not reading.denied, (reading.findings, reading.denied)


def test_uncertain_counts_as_present() -> None:
    reading = read_text("hình như em bị rỉ ối")
    assert "fluid_leak" in reading.findings
    assert any(e.uncertain for e in reading.extracted if e.id == "fluid_leak")


@pytest.mark.parametrize(("text", "fid"), [
    ("tháng trước bị viêm đường tiết niệu, uống thuốc khỏi rồi", "burning_urination"),
    ("lần bầu trước bị ra máu", "vaginal_bleeding"),
    ("2 tuần trước bị ngã, đi khám bình thường", "trauma"),
    ("sốt hôm trước đã khỏi rồi", "fever"),
])
def test_what_is_over_is_history(text: str, fid: str) -> None:
    reading = read_text(text)
    assert fid not in reading.findings and fid not in reading.denied
    assert any(e.id == fid and e.historical for e in reading.extracted)


def test_history_ends_where_now_begins() -> None:
    reading = read_text("tháng trước bị ra máu, giờ lại ra máu")
    assert "vaginal_bleeding" in reading.findings


@pytest.mark.parametrize("text", [
    "Em bầu 32 tuần, đau lưng, không ra máu", "em bau 32 tuan, dau lung, khong ra mau",
    unicodedata.normalize("NFD", "Em bầu 32 tuần, đau lưng, không ra máu"),
])
def test_spans_point_at_what_she_typed(text: str) -> None:
    reading = read_text_strict(text)
    assert reading.extracted
    for item in reading.extracted:
        assert text[item.span[0]:item.span[1]] == item.text
    negated = [e for e in reading.extracted if e.negated]
    assert negated and strip_accents(unicodedata.normalize("NFC", negated[0].text)).lower() == "khong ra mau"


def test_teen_code_spans_cover_the_short_form() -> None:
    text = "e bầu 30w, ko ra máu, dc bs khám rồi"
    reading = read_text_strict(text)
    denied = next(e for e in reading.extracted if e.negated)
    assert denied.text == "ko ra máu"


def test_mixed_with_english_words() -> None:
    reading = read_text("Em bầu 30 tuần, bị back pain và có contractions mỗi 5 phút")
    assert {"low_back", "regular_tightenings", "comes_in_waves"} <= set(reading.findings)
    assert reading.week == 30


def test_english_words_that_are_vietnamese_syllables_are_not_read_as_english() -> None:
    # "đi đi lại lại" typed without accents is "di di lai lai", not the English twins' "di di"
    assert "multiple_pregnancy" not in read_text("em di di lai lai trong nha, dau lung").flags


@pytest.mark.parametrize("text", [
    "mong mọi người tư vấn giúp em", "em bổ sung sắt hàng ngày", "rất mong mn giúp, mọi ngày em vẫn ổn",
    "mn oi cho em hoi", "sinh non", "thai phụ nên ăn gì",
])
def test_everyday_words_typed_bare_are_no_alarm(text: str) -> None:
    assert not read_text(strip_accents(text)).findings


@pytest.mark.parametrize(("text", "lang"), [
    ("em bị đau lưng", "vi"), ("em bi dau lung qua mn oi", "vi"), ("ko ra mau", "vi"),
    ("I'm 30 weeks, no bleeding", "en"), ("My mum's name is Nguyễn", "en"),
])
def test_language(text: str, lang: str) -> None:
    assert language(text) == lang


def test_the_engine_triages_vietnamese() -> None:
    import bumpwise

    result = bumpwise.assess({"text": "Em bầu 30 tuần, ra máu nhiều có cục, đau bụng dữ dội"})
    assert result["triage"]["level"] == "emergency"
    calm = bumpwise.assess({"text": "bau 30 tuan, dau lung khi dung lau, nghi ngoi thi do, ko ra mau, be dap deu"})
    assert calm["triage"]["level"] == "self_care"


# Held-out Vietnamese batch: classes it showed, in our own words.
@pytest.mark.parametrize(("text", "present", "absent"), [
    # a place then its side is one side ("hố chậu phải")
    ("bầu 7 tuần, đau hố chậu phải từ sáng", {"lower_abdomen", "one_side"}, set()),
    # wet knickers said not to be urine are a leak
    ("34 tuần, quần lót cứ ẩm suốt, nước trong, không phải là nước tiểu", {"fluid_leak"}, set()),
    ("bi ton tieu nen uot quan", set(), {"fluid_leak"}),
    # numbness running down the leg is the leg's, not the outer thigh's burning
    ("tê rần từ mông trái xuống bàn chân mấy hôm nay", {"leg_numbness_tingling"}, set()),
    # "từ từ" typed bare after a movement is slowly, never self-harm; "tự tử" typed bare still is
    ("dau lung qua, phai nghieng nguoi tu tu moi ngoi day duoc", set(), {"self_harm_thoughts"}),
    ("em met moi qua, nhieu luc nghi den chuyen tu tu", {"self_harm_thoughts"}, set()),
    # "lỡ mà…" asks what if: neither present nor denied
    ("bầu 30 tuần đau lưng, lỡ mà vỡ ối thì làm sao?", {"low_back"}, {"fluid_leak"}),
])
def test_held_out_vi_classes(text: str, present: set[str], absent: set[str]) -> None:
    r = read_text(text)
    assert present <= set(r.findings), (r.findings, r.extracted)
    assert not absent & set(r.findings), r.findings


def test_a_week_named_in_history_is_judged_against_the_current_week() -> None:
    r = read_text("em 25 tuần, hồi 10 tuần có ra ít máu, điều trị xong ổn rồi, giờ chỉ mỏi lưng")
    assert r.week == 25 and "vaginal_bleeding" not in r.findings and "low_back" in r.findings
    assert "back_pain_before_pregnancy" not in r.flags


def test_eyes_gone_blurry_are_a_vision_change() -> None:
    assert "vision_changes" in read_text("đau đầu hai hôm nay, mắt cứ hoa hoa").findings
