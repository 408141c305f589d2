"""Ids and labels the diary accepts, read from the packaged shared vocabulary.

The diary reads the vocabulary file directly (not the engine's knowledge base) so that
storing and exporting a diary never needs the assessment engine to load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from bumpwise.knowledge import KnowledgeBase


@dataclass(frozen=True)
class Vocabulary:
    regions: dict[str, str]  # location finding id -> label
    characters: dict[str, str]  # character finding id -> label
    findings: dict[str, str]  # every finding id -> label
    flags: dict[str, str]
    levels: dict[str, tuple[str, str]]  # level id -> (label, action), least to most urgent


@cache
def vocabulary() -> Vocabulary:
    text = resources.files("bumpwise.knowledge").joinpath("data/vocabulary.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    findings = data["findings"]
    every = {fid: label for group in findings.values() for fid, label in group.items()}
    return Vocabulary(
        regions=dict(findings["location"]),
        characters=dict(findings["character"]),
        findings=every,
        flags=dict(data["flags"]),
        levels={lv["id"]: (lv["label"], lv["action"]) for lv in data["triage_levels"]},
    )


def vocabulary_of(kb: KnowledgeBase) -> Vocabulary:
    """The same labels from a knowledge base, e.g. knowledge_for(locale): in its language, by id.
    The caller passes the knowledge base in, so the diary never loads one itself."""
    vocab = kb.vocabulary
    findings = vocab.findings
    return Vocabulary(
        regions={fid: t.label for fid, t in findings.items() if t.group == "location"},
        characters={fid: t.label for fid, t in findings.items() if t.group == "character"},
        findings={fid: t.label for fid, t in findings.items()},
        flags=dict(vocab.flags),
        levels={lv.id: (lv.label, lv.action) for lv in vocab.levels.values()},
    )


def region_label(region: str, vocab: Vocabulary | None = None) -> str:
    """A region's label from `vocab` (default: the packaged English vocabulary); its id if unknown."""
    return (vocab or vocabulary()).regions.get(region, region)


def short_region_label(region: str, vocab: Vocabulary | None = None) -> str:
    """The first clause of a region's label, short enough for a chart legend or table header: up to
    its first comma (or, in Chinese, its first full-width comma or colon)."""
    return re.split("[,，：]", region_label(region, vocab), maxsplit=1)[0]


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    url: str | None
    publisher: str | None = None
    kind: str | None = None

    @property
    def shown(self) -> bool:
        """A person (or her midwife) is shown only sources with a known publisher, never a seed article."""
        return self.publisher is not None and self.kind != "seed_article"


@cache
def sources() -> dict[str, SourceRef]:
    """The packaged sources registry, parts (S33a) included, by id."""
    text = resources.files("bumpwise.knowledge").joinpath("data/sources.yaml").read_text(encoding="utf-8")
    out: dict[str, SourceRef] = {}
    for item in yaml.safe_load(text)["sources"]:
        out[item["id"]] = SourceRef(id=item["id"], title=item["title"], url=item.get("url"),
                                    publisher=item.get("publisher"), kind=item.get("kind"))
        for part in item.get("parts", ()):
            out[part["id"]] = SourceRef(id=part["id"], title=part["title"], url=part.get("url"),
                                        publisher=part.get("publisher"), kind=part.get("kind"))
    return out
