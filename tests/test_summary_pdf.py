"""Issue 10: the midwife summary of a ten-week diary is one to two A4 pages (page count read
back) and holds her name, the week, the due date, the period, every warning sign ever reported,
a pain chart per region, what the pain felt like, sleep, goals, what helped and the plan."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pypdf

from bumpwise.diary.summary import build_summary
from bumpwise.export.pdf_summary import render_pdf
from diary_fixture import DAYS, START, ten_week_diary, warning_labels

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def test_ten_week_summary_pdf_is_at_most_two_pages_with_everything_a_midwife_needs() -> None:
    diary = ten_week_diary()
    assert len(warning_labels(diary)) >= 3
    end = START + timedelta(days=DAYS - 1)
    pdf = render_pdf(build_summary(diary, START, end, name="Sam Example"))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "summary-10-weeks.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2, f"{len(reader.pages)} pages"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Pain diary summary: Sam Example" in text
    assert "Week 33 of pregnancy on 15 March 2026" in text and "due date about" in text
    assert "Covers 5 January 2026 to 15 March 2026" in text
    for label in warning_labels(diary):
        assert label in text, label
    assert text.index("Warning signs ever reported") < text.index("Current level and reasons")
    for region in ("Back of the pelvis", "Front of the pelvis", "Low back"):
        assert f"Pain chart: {region}" in text
    assert re.search(r"wk 2\d \d+ Jan", text)  # the chart's axis: week and date
    for heading in ("What the pain felt like", "Sleep", "Personal goals", "What was tried and what helped",
                    "Current plan", "References"):
        assert heading in text
    assert "slidelegend" not in text and "Seed article" not in text


def test_summary_pdf_renders_to_images(tmp_path: Path) -> None:
    """pdftoppm (poppler-utils) draws the pages, as a person would see them."""
    if shutil.which("pdftoppm") is None:
        return
    diary = ten_week_diary()
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(render_pdf(build_summary(diary, START, date(2026, 3, 15))))
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / "summary-10-weeks")], check=True)
    assert list(ARTIFACTS.glob("summary-10-weeks-*.png"))
