"""Ids and labels the diary accepts, read from the packaged shared vocabulary.

The diary reads the vocabulary file directly (not the engine's knowledge base) so that
storing and exporting a diary never needs the assessment engine to load.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


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


def region_label(region: str) -> str:
    return vocabulary().regions.get(region, region)


def short_region_label(region: str) -> str:
    """The first clause of a region's label, short enough for a chart legend or table header."""
    return region_label(region).split(",")[0]


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
