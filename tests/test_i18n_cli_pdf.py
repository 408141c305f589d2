"""The CLI and the midwife summary in Vietnamese and Chinese (issue 13): `--lang` on check-in and
summary, answers typed in her language read, the PDF's text read back in each language with its
font embedded (and subset)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from bumpwise.checkin import parse
from bumpwise.cli import main
from bumpwise.diary.records import Diary
from bumpwise.diary.summary import build_summary
from bumpwise.export.pdf_summary import noto_sans_sc, render_pdf
from bumpwise.export.summary_text import render_text
from bumpwise.i18n.knowledge import knowledge_for
from diary_fixture import DAYS, START, ten_week_diary

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
NOTES = {"vi": "Đau xương mu khi leo cầu thang, đỡ hơn khi nằm nghiêng.",
         "zh": "上楼梯时耻骨痛，侧躺会好一点。",
         "en": "Stairs at work were hard; 上楼梯时耻骨痛 (my mother's words)."}


def diary_with_note(note: str) -> Diary:
    diary = ten_week_diary()
    entries = list(diary.entries)
    entries[-1] = entries[-1].model_copy(update={"note": note})
    return diary.model_copy(update={"entries": tuple(entries)})


def pdf_text(pdf: bytes) -> tuple[str, pypdf.PdfReader]:
    """The text read back: poppler's pdftotext where it is installed (the test environment's
    scripts/test-env.d/10-chromium.sh installs it), else pypdf. pypdf puts a NUL before each
    character of fpdf2's CID-keyed OpenType (CFF) font (dropped here), and pypdf 7.1 misreads its
    two-byte codes above 0xFF once a subset has more than 256 glyphs (a Chinese summary whose
    knowledge-base words are in Chinese too), which poppler reads as written."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        return " ".join(text.split()), reader
    text = " ".join(" ".join(page.extract_text().replace("\x00", "").split()) for page in reader.pages)
    return text, reader


@pytest.mark.parametrize(("lang", "heading", "covers"), [
    ("vi", "Các dấu hiệu nguy hiểm đã từng ghi nhận", "Từ 5 tháng 1, 2026 đến 15 tháng 3, 2026"),
    ("zh", "曾经报告过的危险信号", "时间：2026年1月5日至2026年3月15日"),
])
def test_the_summary_pdf_reads_back_in_her_language_with_her_own_words(lang: str, heading: str, covers: str) -> None:
    assert noto_sans_sc() is not None, "the font package (pylopdf-fonts-zh-cn) is a dependency"
    diary = diary_with_note(NOTES[lang])
    end = START + timedelta(days=DAYS - 1)
    pdf = render_pdf(build_summary(diary, START, end, name="Nguyễn Thị Hoa" if lang == "vi" else "王丽",
                                   kb=knowledge_for(lang)), lang)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"summary-10-weeks-{lang}.pdf").write_bytes(pdf)
    text, reader = pdf_text(pdf)
    assert 1 <= len(reader.pages) <= 2
    assert heading in text and covers in text
    assert NOTES[lang] in text
    assert ("giờ mỗi đêm" in text and re.search(r"khoảng \d+,\d giờ", text)) if lang == "vi" else "小时" in text
    assert ("Tóm tắt nhật ký đau: Nguyễn Thị Hoa" if lang == "vi" else "疼痛日记摘要：王丽") in text
    if shutil.which("pdftotext"):  # poppler reads the same text (what a reader's copy and paste gets)
        poppler = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        assert heading in poppler.decode() and NOTES[lang] in " ".join(poppler.decode().split())
    assert reader.metadata is not None and reader.metadata.title == ("Tóm tắt nhật ký đau" if lang == "vi"
                                                                      else "疼痛日记摘要")
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert any("NotoSansSC" in f or "DejaVu" in f for f in fonts), fonts
    # subset: the embedded font is a small part of the 8 MB file
    assert len(pdf) < 1_000_000, len(pdf)


def test_an_english_summary_prints_a_chinese_note_through_the_fallback_font() -> None:
    diary = diary_with_note(NOTES["en"])
    pdf = render_pdf(build_summary(diary, START, START + timedelta(days=DAYS - 1)))
    text, _ = pdf_text(pdf)
    assert "Warning signs ever reported" in text and "上楼梯时耻骨痛" in text.replace(" ", "")


def test_summary_text_in_each_language_from_the_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    data = ["--data-dir", str(tmp_path / "data")]
    assert runner.invoke(main, ["diary", "add", "--pain", "low_back=6", "--day", "2026-01-05", *data]).exit_code == 0
    outputs = {lang: runner.invoke(main, ["summary", "--lang", lang, "--from", "2026-01-01", "--to", "2026-01-31",
                                          *data]) for lang in ("en", "vi", "zh")}
    assert all(o.exit_code == 0 for o in outputs.values()), {k: o.output for k, o in outputs.items()}
    assert outputs["en"].output.startswith("Pain diary summary")
    assert outputs["vi"].output.startswith("Tóm tắt nhật ký đau") and "1 tháng 1, 2026" in outputs["vi"].output
    assert outputs["zh"].output.startswith("疼痛日记摘要") and "2026年1月1日" in outputs["zh"].output
    pdf = tmp_path / "s.pdf"
    assert runner.invoke(main, ["summary", "--lang", "zh", "--pdf", str(pdf), *data]).exit_code == 0
    assert "疼痛日记摘要" in pdf_text(pdf.read_bytes())[0]
    bad = runner.invoke(main, ["summary", "--lang", "fr", *data])
    assert bad.exit_code == 2 and "--lang" in bad.output


def test_english_summary_text_is_unchanged_in_form() -> None:
    text = render_text(build_summary(ten_week_diary(), START, START + timedelta(days=DAYS - 1), name="Sam"))
    assert text.startswith("Pain diary summary: Sam\n")
    assert re.search(r"Covers 5 January 2026 to 15 March 2026: \d+ diary entries, \d+ check-ins\. "
                     r"Recorded by her in Bumpwise", text)


@pytest.mark.parametrize(("lang", "country", "answer", "expected"), [
    ("vi", "VN", "có", ["Bây giờ bạn có điều nào dưới đây không?", "Hãy gọi 115 ngay.", "Cần làm gì bây giờ"]),
    ("zh", "CN", "是", ["现在有以下情况吗？", "请马上拨打120。", "现在该做什么"]),
    ("vi", None, "co", ["Hãy gọi 999 ngay."]),  # the configured en-GB: the UK's number, her language
])
def test_the_terminal_check_in_speaks_and_reads_her_language(lang: str, country: str | None, answer: str,
                                                             expected: list[str]) -> None:
    env = {"BUMPWISE_CONFIG": "/nonexistent", "BUMPWISE_COUNTRY": country or "", "BUMPWISE_LOCALE": "en-GB"}
    result = CliRunner().invoke(main, ["check-in", "--lang", lang], input=answer + "\n", env=env,
                                terminal_width=200)
    assert result.exit_code == 0, result.output
    for text in expected:
        assert text in result.output, (text, result.output)


@pytest.mark.parametrize(("raw", "expected"), [
    ("có", "yes"), ("co", "yes"), ("是", "yes"), ("有", "yes"), ("không", "no"), ("khong", "no"), ("没有", "no"),
    ("否", "no"), ("không chắc", "unsure"), ("khong chac", "unsure"), ("不确定", "unsure"), ("不知道", "unsure"),
])
def test_yes_no_in_vietnamese_and_chinese(raw: str, expected: str) -> None:
    assert parse.yes_no(raw) == expected


def test_k_alone_is_asked_again_not_read_as_no() -> None:
    with pytest.raises(parse.Unreadable):
        parse.yes_no("k")  # "không" to some, "ok" to others: a warning-sign answer must not guess


@pytest.mark.parametrize(("raw", "days"), [("3 ngày", 3), ("2 tuần", 14), ("1 tháng", 30), ("3天", 3), ("2周", 14),
                                           ("hôm qua", 1), ("今天", 0), ("3 days", 3)])
def test_durations_in_her_language(raw: str, days: int) -> None:
    assert parse.duration_days(raw) == days


@pytest.mark.parametrize(("raw", "week"), [("30 tuần", 30), ("tuần 30", 30), ("孕30周", 30), ("怀孕30周", 30),
                                           ("30周", 30), ("30 weeks", 30)])
def test_weeks_in_her_language(raw: str, week: int) -> None:
    from datetime import date

    assert parse.week_or_due_date(raw, date(2026, 1, 1)) == (week, "")


def test_an_unreadable_answer_is_explained_in_her_language() -> None:
    from bumpwise.i18n import translations

    with pytest.raises(parse.Unreadable) as problem:
        parse.choices("7", [("a", "A"), ("b", "B")])
    assert problem.value.said(translations("vi").gettext) == "Hãy gõ các số từ 1 đến 2, ví dụ 1 3, hoặc không."
    assert str(problem.value) == "Type numbers from 1 to 2, for example 1 3, or none."


def test_without_dejavu_the_vietnamese_summary_is_set_in_noto_sans_sc(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh machine with no system fonts: the package's font carries Vietnamese too."""
    import bumpwise.export.pdf_summary as pdf_summary

    monkeypatch.setattr(pdf_summary, "_FONT_DIRS", ())
    pdf = render_pdf(build_summary(diary_with_note(NOTES["vi"]), START, START + timedelta(days=DAYS - 1),
                                   kb=knowledge_for("vi")), "vi")
    text, reader = pdf_text(pdf)
    assert NOTES["vi"] in text and "Các dấu hiệu nguy hiểm đã từng ghi nhận" in text
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert all("NotoSansSC" in f for f in fonts), fonts


def test_an_english_summary_without_cjk_text_does_not_load_the_cjk_font() -> None:
    pdf = render_pdf(build_summary(ten_week_diary(), START, START + timedelta(days=DAYS - 1)))
    _, reader = pdf_text(pdf)
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert not any("NotoSansSC" in f for f in fonts), fonts


def test_the_diarys_alerts_are_said_in_her_language() -> None:
    from bumpwise.diary.alerts import alerts

    found = alerts(ten_week_diary())
    warning = next(a for a in found if a.kind == "red_flag")
    assert re.match(r"On \d+ \w+ 2026 your (diary entry|check-in) reported (a )?warning signs?: ", warning.message)
    assert warning.said("en") == warning.message
    zh, vi = warning.said("zh"), warning.said("vi")
    assert zh.startswith("2026年") and "危险信号" in zh and "请马上联系产科" in zh
    assert "dấu hiệu nguy hiểm" in vi and "hãy gọi khoa sản ngay" in vi and "2026" in vi
