"""Issue 13: translations of warning-sign questions use the glossary. For every warning-sign
question, each finding it asks (where docs/i18n/glossary-vi.md has a row for it) is named in the
Vietnamese question or its help with one of the glossary's terms for it (standard or lay, with
diacritics), and each such finding's Vietnamese label uses one too. Terms the glossary marks as
ambiguous for a warning sign are not used in its question."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bumpwise.knowledge import KnowledgeBase
from bumpwise.knowledge.translations import Unit, coverage

GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "i18n" / "glossary-vi.md"
# The glossary's warnings: words that mean something else and must not stand for this sign.
AMBIGUOUS = {"vision_changes": ("hoa mắt",), "fluid_leak": ("són tiểu",), "faint_dizzy": ("trúng gió",),
             "bladder_bowel_change": ("són tiểu", "táo bón"), "sudden_swelling": ("xuống máu chân",),
             "fever": ("nóng trong người",), "shoulder_tip": ("mỏi vai",)}


def variants(term: str) -> set[str]:
    """A glossary term with and without each optional part in brackets: 'đau (trên) đỉnh vai'."""
    term = term.replace("⚠", "").replace("**", "").strip().strip('"').lower()
    found = {term}
    while any("(" in t for t in found):
        found = {v for t in found for v in ((re.sub(r"\(([^()]*)\)", r"\1", t, count=1),
                                             re.sub(r"\s*\([^()]*\)", "", t, count=1)) if "(" in t else (t,))}
    return {" ".join(t.split()) for t in found if t.strip()}


def glossary() -> dict[str, set[str]]:
    """finding id -> its standard and lay terms (the two columns with diacritics)."""
    rows: dict[str, set[str]] = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6 or not re.fullmatch(r"[a-z_]+( / [a-z_]+)*", cells[0]):
            continue
        terms = {v for column in cells[1:3] for part in re.split(r"[;,/](?![^()]*\))", column) for v in variants(part)}
        for finding in cells[0].split(" / "):
            rows[finding] = terms
    return rows


def test_the_glossary_is_read(kb: KnowledgeBase) -> None:
    rows = glossary()
    assert {"heavy_bleeding", "fluid_leak", "reduced_fetal_movement", "saddle_numbness", "shoulder_tip"} <= set(rows)
    assert "đau trên đỉnh vai" in rows["shoulder_tip"] and "đau đỉnh vai" in rows["shoulder_tip"]
    assert "chảy máu ồ ạt" in rows["heavy_bleeding"]


@pytest.mark.parametrize("check", ["question", "label"])
def test_warning_sign_wording_follows_the_glossary(kb: KnowledgeBase, check: str) -> None:
    rows = glossary()
    texts = coverage(kb, "vi").texts
    missing: list[str] = []
    for question in kb.questions:
        if not question.red_flag:
            continue
        words = " ".join(texts.get(Unit("questions.yaml", question.id, f), "") for f in ("text", "help")).lower()
        for finding in question.findings:
            if finding not in rows:
                continue
            term = kb.vocabulary.findings[finding]
            if check == "label":
                words = texts[Unit("vocabulary.yaml", f"findings.{term.group}.{finding}", "label")].lower()
            terms = rows[finding]
            if check == "label" and term.group in ("location", "side"):  # a place's label names the place only
                terms = terms | {t.removeprefix("đau ").strip() for t in terms}
            if not any(t in words for t in terms):
                missing.append(f"{question.id} / {finding}: {words!r}")
            for word in AMBIGUOUS.get(finding, ()):
                if word in words:
                    missing.append(f"{question.id} / {finding}: uses the ambiguous {word!r}")
    assert not missing, "\n".join(missing)
