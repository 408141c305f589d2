"""The vocabulary ids the text reader may emit, read from the package's own copy."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Vocabulary:
    findings: tuple[str, ...]  # in vocabulary order, which is the order read_text reports them in
    flags: tuple[str, ...]
    context: tuple[str, ...]


@cache
def vocabulary() -> Vocabulary:
    # The knowledge package's copy of spec/vocabulary.yaml; never the shared folder at run time.
    raw = (Path(__file__).parent.parent / "knowledge" / "data" / "vocabulary.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    findings = tuple(fid for group in data["findings"].values() for fid in group)
    return Vocabulary(findings=findings, flags=tuple(data["flags"]), context=tuple(data["context"]))
