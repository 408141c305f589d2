"""The shared vocabulary (ids for findings, flags, conditions, levels), carried into the package."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

FindingGroup = Literal["location", "side", "character", "pattern", "associated"]


@dataclass(frozen=True, slots=True)
class FindingTerm:
    id: str
    label: str
    group: FindingGroup


@dataclass(frozen=True, slots=True)
class LevelTerm:
    id: str
    label: str
    action: str
    rank: int


@dataclass(frozen=True, slots=True)
class ContextTerm:
    id: str
    type: str
    label: str
    range: tuple[int, int] | None
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    levels: dict[str, LevelTerm]
    context: dict[str, ContextTerm]
    flags: dict[str, str]
    findings: dict[str, FindingTerm]
    conditions: dict[str, str]
    plan_kinds: tuple[str, ...]
    positions: tuple[str, ...]
    narrower: dict[str, str]  # finding -> the broader finding whose denial also denies it

    def all_ids(self) -> set[str]:
        return {*self.levels, *self.context, *self.flags, *self.findings, *self.conditions,
                *self.plan_kinds, *self.positions}


def parse_vocabulary(raw: dict[str, Any]) -> Vocabulary:
    """Turn the YAML mapping into typed terms. Raises KeyError/TypeError/ValueError on a malformed file."""
    levels = {
        entry["id"]: LevelTerm(entry["id"], entry["label"], entry["action"], rank)
        for rank, entry in enumerate(raw["triage_levels"])
    }
    context = {
        name: ContextTerm(name, spec["type"], spec["label"],
                          tuple(spec["range"]) if "range" in spec else None,
                          tuple(spec.get("values", ())))
        for name, spec in raw["context"].items()
    }
    findings: dict[str, FindingTerm] = {}
    for group, terms in raw["findings"].items():
        for finding_id, label in terms.items():
            if finding_id in findings:
                raise ValueError(f"finding {finding_id} is listed twice")
            findings[finding_id] = FindingTerm(finding_id, label, group)
    return Vocabulary(
        levels=levels,
        context=context,
        flags=dict(raw["flags"]),
        findings=findings,
        conditions=dict(raw["conditions"]),
        plan_kinds=tuple(raw["plan_item_kinds"]),
        positions=tuple(raw["positions"]),
        narrower=_narrower(raw.get("narrower") or {}, findings),
    )


def _narrower(raw: dict[str, str], findings: dict[str, FindingTerm]) -> dict[str, str]:
    for narrow, broad in raw.items():
        if narrow not in findings or broad not in findings:
            raise ValueError(f"narrower: {narrow} -> {broad} names an unknown finding")
    return dict(raw)


def vocabulary_to_plain(vocabulary: Vocabulary) -> dict[str, Any]:
    """The vocabulary as builtins only (for the compiled snapshot)."""
    return {
        "levels": [(t.id, t.label, t.action, t.rank) for t in vocabulary.levels.values()],
        "context": [(t.id, t.type, t.label, t.range, t.values) for t in vocabulary.context.values()],
        "flags": dict(vocabulary.flags),
        "findings": [(t.id, t.label, t.group) for t in vocabulary.findings.values()],
        "conditions": dict(vocabulary.conditions),
        "plan_kinds": vocabulary.plan_kinds,
        "positions": vocabulary.positions,
        "narrower": dict(vocabulary.narrower),
    }


def vocabulary_from_plain(plain: dict[str, Any]) -> Vocabulary:
    return Vocabulary(
        levels={t[0]: LevelTerm(*t) for t in plain["levels"]},
        context={t[0]: ContextTerm(*t) for t in plain["context"]},
        flags=dict(plain["flags"]),
        findings={t[0]: FindingTerm(*t) for t in plain["findings"]},
        conditions=dict(plain["conditions"]),
        plan_kinds=tuple(plain["plan_kinds"]),
        positions=tuple(plain["positions"]),
        narrower=dict(plain["narrower"]),
    )
