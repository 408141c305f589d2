"""Issue 13: the result for the same answers is identical across languages apart from the wording.
The engine runs on the English knowledge base and on each localised one; the two results must
agree on everything (ids, levels, order, numbers) except strings that are a knowledge-base text,
and each of those must be that text's translation (or the English, for a reported gap)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bumpwise.engine.assess import assess
from bumpwise.engine.examples import example_problems
from bumpwise.knowledge import KnowledgeBase
from bumpwise.knowledge.translations import LOCALES, coverage, english_units, localise, overlay_dir


def cases(shared_file: Callable[..., Path], kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    for line in shared_file("vignettes", "dev.jsonl").read_text().splitlines():
        if line.strip():
            yield json.loads(line)["input"]
    for rule in kb.rules:
        for example in (*rule.examples.positive, *rule.examples.negative):
            yield example.model_dump(exclude_none=True)


def compare(english: Any, local: Any, wording: dict[str, set[str]], path: str = "") -> Iterator[str]:
    if isinstance(english, dict) and isinstance(local, dict):
        if list(english) != list(local):
            yield f"{path}: keys {list(english)} != {list(local)}"
            return
        for key in english:
            yield from compare(english[key], local[key], wording, f"{path}.{key}")
    elif isinstance(english, list) and isinstance(local, list):
        if len(english) != len(local):
            yield f"{path}: {len(english)} items != {len(local)}"
            return
        for index, (a, b) in enumerate(zip(english, local, strict=True)):
            yield from compare(a, b, wording, f"{path}[{index}]")
    elif isinstance(english, str) and isinstance(local, str) and english != local:
        if local not in wording.get(english, set()):
            yield f"{path}: {english!r} became {local!r}, which is not its translation"
    elif english != local or type(english) is not type(local):
        yield f"{path}: {english!r} != {local!r}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_result_is_the_same_in_every_language_apart_from_the_wording(
        kb: KnowledgeBase, shared_file: Callable[..., Path], locale: str) -> None:
    if not overlay_dir(locale).is_dir():
        pytest.skip(f"no {locale} overlay files in this branch yet")
    local = localise(kb, locale)
    translated = coverage(kb, locale).texts
    assert translated, "nothing translated: the comparison would prove nothing"
    wording: dict[str, set[str]] = {}
    for unit, text in english_units(kb).items():
        wording.setdefault(text, set()).add(translated.get(unit, text))
    seen = 0
    differ = 0
    for case in cases(shared_file, kb):
        english, localised = assess(case, kb), assess(case, local)
        problems = list(compare(english, localised, wording))
        assert not problems, (case, problems[:5])
        seen += 1
        differ += english != localised
    assert seen >= 100 and differ >= seen // 2  # the wording did change in most results


@pytest.mark.parametrize("locale", LOCALES)
def test_the_knowledge_base_examples_hold_in_every_language(kb: KnowledgeBase, locale: str) -> None:
    if not overlay_dir(locale).is_dir():
        pytest.skip(f"no {locale} overlay files in this branch yet")
    assert list(example_problems(localise(kb, locale))) == []
