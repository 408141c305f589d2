"""The midwife summary's knowledge-base words in her language (issue 13): warning signs, regions
and the level are looked up by id in the locale's overlay at build time, not shown as the English
saved with the diary. The expected words are read from the overlay files themselves."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bumpwise.diary.summary import build_summary
from bumpwise.diary.vocab import vocabulary
from bumpwise.export.json_format import dumps
from bumpwise.export.pdf_summary import render_pdf
from bumpwise.export.summary_text import render_text
from bumpwise.i18n import COOKIE
from bumpwise.i18n.knowledge import knowledge_for
from bumpwise.knowledge.files import data_dir
from diary_fixture import DAYS, START, ten_week_diary
from test_i18n_cli_pdf import pdf_text
from web_helpers import hidden, make_client

END = START + timedelta(days=DAYS - 1)


def overlay(lang: str) -> dict[str, Any]:
    return yaml.safe_load((data_dir() / "locales" / lang / "vocabulary.yaml").read_text(encoding="utf-8"))


def expected(lang: str) -> dict[str, tuple[str, str]]:
    """(her language, English) for a warning sign, a region (its short label) and the level of
    the ten-week diary's summary."""
    diary = ten_week_diary()
    words = overlay(lang)
    findings = {fid: label for group in words["findings"].values() for fid, label in group.items()}
    english = vocabulary()
    flag = diary.red_flags[0][1].id
    summary = build_summary(diary, START, END)
    assert summary.latest_checkin is not None
    level = summary.latest_checkin.level
    return {
        "warning sign": (findings[flag], english.findings[flag]),
        "region": (re.split("[,，：]", findings["sacroiliac"])[0], english.regions["sacroiliac"].split(",")[0]),
        "level": (words["triage_levels"][level]["label"], english.levels[level][0]),
    }


def flat(text: str) -> str:
    """Without whitespace: a long line may wrap anywhere in the PDF."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_the_summary_pdf_and_text_give_the_knowledge_bases_words_in_her_language(lang: str) -> None:
    summary = build_summary(ten_week_diary(), START, END, kb=knowledge_for(lang))
    pdf = flat(pdf_text(render_pdf(summary, lang))[0])
    text = flat(render_text(summary, lang))
    for what, (theirs, english) in expected(lang).items():
        assert flat(theirs) in pdf and flat(theirs) in text, what
        assert flat(english) not in pdf and flat(english) not in text, what


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_the_summary_page_and_the_timeline_give_them_in_her_language(lang: str, tmp_path: Path) -> None:
    client = make_client(data_dir=tmp_path / "data")
    client.cookies.set(COOKIE, lang, domain="127.0.0.1")
    csrf = hidden(client.get("/diary/add").text, "csrf")
    done = client.post("/diary/import", data={"csrf": csrf, "mode": "replace"}, follow_redirects=False,
                       files={"file": ("d.json", dumps(ten_week_diary()).encode(), "application/json")})
    assert done.status_code == 303
    page = client.get(f"/diary/summary?from={START}&to={END}").text
    for what, (theirs, english) in expected(lang).items():
        assert theirs in page, what
        assert english not in page, what
    timeline = client.get("/diary").text  # the newest entries' regions; every warning sign's alert
    for what in ("region", "warning sign"):
        theirs, english = expected(lang)[what]
        assert theirs in timeline and english not in timeline, what
