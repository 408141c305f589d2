"""The interface's gettext catalogs (issue 13): every extracted string translated in vi and zh,
placeholders kept, the committed .pot and .mo files in step with the sources and the .po files."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from bumpwise.i18n import LOCALE_DIR, translations
from bumpwise.knowledge.schema import Evidence, PlanKind

ROOT = Path(__file__).resolve().parents[1]
POT = LOCALE_DIR / "messages.pot"
LANGUAGES = ("vi", "zh")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]*\}")


def catalog(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as f:
        return read_po(f)


def ids(message) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def strings(message) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)


def test_the_template_lists_the_strings_the_sources_mark(tmp_path: Path) -> None:
    """Re-extracting gives the committed messages.pot: a string wrapped in a template or marked
    in Python and not extracted (scripts/i18n.sh extract) fails here."""
    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "N_",
                    "--no-location", "--sort-output", "--omit-header", "-o", str(fresh), "src"],
                   cwd=ROOT, check=True, capture_output=True)
    assert {ids(m) for m in catalog(fresh) if m.id} == {ids(m) for m in catalog(POT) if m.id}, \
        "messages.pot is out of date: run bash scripts/i18n.sh all"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    po = catalog(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po")
    expected = {ids(m) for m in catalog(POT) if m.id}
    translated = {ids(m): m for m in po if m.id}
    assert expected - set(translated) == set(), f"{lang}: msgids missing from the .po"
    problems = []
    for key in sorted(expected):
        message = translated[key]
        if message.fuzzy or not all(s.strip() for s in strings(message)):
            problems.append(f"untranslated: {key[0]!r}")
            continue
        wanted = sorted(set(PLACEHOLDER.findall(" ".join(key))))
        for text in strings(message):
            if sorted(set(PLACEHOLDER.findall(text))) != wanted:
                problems.append(f"placeholders differ: {key[0]!r} -> {text!r}")
    assert not problems, f"{lang}:\n" + "\n".join(problems)
    assert not [m for m in po if m.id and ids(m) not in expected], f"{lang}: obsolete msgids (scripts/i18n.sh update)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_babels_own_checks_pass(lang: str) -> None:
    """What `pybabel compile` checks: python-format placeholders, plural forms for the language."""
    po = catalog(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po")
    problems = [f"{message.id!r}: {errors}" for message, errors in po.check() if errors]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalog_matches_the_po(lang: str) -> None:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po = {ids(m): strings(m) for m in catalog(folder / "messages.po") if m.id}
    with (folder / "messages.mo").open("rb") as f:
        mo = {ids(m): strings(m) for m in read_mo(f) if m.id}
    assert mo == po, f"{lang}: messages.mo is stale: run bash scripts/i18n.sh compile"


def test_plural_forms_follow_the_language() -> None:
    vi, zh = translations("vi"), translations("zh")
    assert isinstance(vi, gettext.GNUTranslations)
    assert vi.ngettext("%(num)s week", "%(num)s weeks", 1) == vi.ngettext("%(num)s week", "%(num)s weeks", 5)
    assert zh.ngettext("%(num)s week", "%(num)s weeks", 5) % {"num": 5} == "5周"
    assert translations("en").ngettext("%(num)s week", "%(num)s weeks", 1) % {"num": 1} == "1 week"


def test_every_plan_kind_and_evidence_grade_shown_is_marked() -> None:
    """The templates translate a plan item's kind and evidence as `_(kind | pretty | capitalize)`:
    a value added to the schema without a catalog entry would show in English."""
    from bumpwise.web.labels import EVIDENCE, PLAN_KINDS

    assert {k.replace("_", " ").capitalize() for k in get_args(PlanKind)} == set(PLAN_KINDS)
    assert {e.replace("_", " ") for e in get_args(Evidence)} == set(EVIDENCE)


def test_warning_words_use_the_glossary_terms() -> None:
    """The interface's own words for warning signs and who to call, in the terms of the glossaries
    (docs/i18n/glossary-vi.md, docs/i18n/glossary-zh.md)."""
    vi, zh = translations("vi").gettext, translations("zh").gettext
    assert vi("Warning signs") == "Dấu hiệu nguy hiểm" and zh("Warning signs") == "危险信号"
    assert vi("Emergency") == "Cấp cứu" and zh("Emergency") == "急救"
    assert vi("Pubic bone") == "Xương mu" and zh("Pubic bone") == "耻骨"
    assert vi("Groin") == "Bẹn" and zh("Groin") == "腹股沟"
    assert vi("Calf") == "Bắp chân" and zh("Calf") == "小腿"


NOT_WORDS = {"Bumpwise", "Bumpwise - Bumpwise", "Bumpwise JSON", "CSV", "FHIR R4 Bundle"}  # names, not sentences
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*[A-Za-z]{2}[^"]*)"')


def test_every_template_text_goes_through_gettext() -> None:
    """Text a person reads in a template (between tags, and in aria-label, title, alt, placeholder)
    is inside {{ _() }}, {{ ngettext() }} or {% trans %}: nothing is left in English by oversight."""
    left = []
    for path in sorted((ROOT / "src/bumpwise/web/templates").rglob("*.html")):
        text = re.sub(r"\{#.*?#\}|<script.*?</script>|<style.*?</style>|<svg.*?</svg>", " ", path.read_text(),
                      flags=re.S)
        text = re.sub(r"\{%-? *trans.*?endtrans *-?%\}", " ", text, flags=re.S)
        text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
        left += [f"{path.name}: {m.group(1)!r}" for m in READ_ATTRIBUTES.finditer(text)]
        for line in re.sub(r"<[^>]*>", "\n", text).splitlines():
            words = " ".join(line.split())
            if re.search(r"[A-Za-z]{2}", words) and words not in NOT_WORDS:
                left.append(f"{path.name}: {words!r}")
    assert not left, "\n".join(left)


def test_no_message_is_hidden_from_extraction_inside_an_f_string() -> None:
    """Babel's extractor does not look inside f-string expressions: a literal msgid there would
    never reach the catalogs (and no coverage test would notice)."""
    hidden = re.compile(r"""\bf(["'])[^\n]*?\{[^}\n]*\b(?:_|gettext|ngettext)\(\s*["']""")
    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "src/bumpwise").rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if hidden.search(line)]
    assert not found, found
