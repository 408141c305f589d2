"""docs/contract.md is tested against the code: its input fields are the fields the engine
accepts, with their ranges, and its output fields are exactly the fields real results hold."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import bumpwise
from bumpwise.contract import INPUT_FIELDS
from bumpwise.knowledge import KnowledgeBase

DOC = (Path(__file__).resolve().parent.parent / "docs" / "contract.md").read_text(encoding="utf-8")
INPUT, OUTPUT = DOC.split("## Output", 1)
ROW = re.compile(r"^\| `([a-z_\[\].]+)` \|(.*)\|$", re.MULTILINE)

# Check-ins that between them bring out every optional output field: an id, the week, the onset
# and duration, after the birth, text with a flag, context, a negation and an uncertain mention,
# words the reader cannot place, a withheld plan item, a rule-listed serious cause.
SAMPLES: list[dict[str, Any]] = [
    {"id": "a", "week": 30, "pain_score": 6, "onset": "gradual", "duration_days": 3,
     "findings": ["low_back", "sacroiliac", "worse_single_leg"], "flags": ["placenta_previa"],
     "denied": ["vaginal_bleeding"]},
    {"weeks_since_birth": 2, "findings": ["pubic"],
     "text": "maybe some bleeding, no fever, had a clot before, 8/10, agony"},
    {"text": "34 weeks, sudden sharp pain low in my belly and some spotting, started 2 days ago"},
    {"week": 24, "findings": ["flank"]},
    {"text": "30 weeks, back ache, and there is a lump I noticed"},
]


def documented(section: str) -> dict[str, str]:
    return {name: rest.strip() for name, rest in ROW.findall(section)}


def paths(value: Any, prefix: str = "") -> set[str]:
    """Every field path in a result: `triage.reasons[].rule` for a field of a list's objects."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else key
            out |= {path} | paths(inner, path)
    elif isinstance(value, list):
        for inner in value:
            out |= paths(inner, prefix + "[]")
    return out


def test_the_documented_input_fields_are_the_accepted_ones(kb: KnowledgeBase) -> None:
    rows = documented(INPUT)
    assert set(rows) == set(INPUT_FIELDS)
    for name, term in kb.vocabulary.context.items():
        if term.range:
            low, high = term.range
            assert f"{low} to {high:,}" in rows[name], f"{name}: the page does not say {low} to {high}"
        for value in term.values:
            assert f"`{value}`" in rows[name], f"{name}: the page does not name {value}"


def test_the_documented_output_fields_are_exactly_the_real_ones() -> None:
    rows = documented(OUTPUT)
    real = set().union(*(paths(bumpwise.assess(sample)) for sample in SAMPLES))
    assert real - set(rows) == set(), "fields a result holds that docs/contract.md does not document"
    assert set(rows) - real == set(), "fields docs/contract.md documents that no sample result holds"


def test_the_documented_levels_and_order_hold() -> None:
    rows = documented(OUTPUT)
    for level in ("self_care", "soon", "urgent", "emergency"):
        assert f"`{level}`" in rows["triage.level"]
    result = bumpwise.assess(SAMPLES[3])
    kidney = next(c for c in result["causes"] if c["id"] == "pyelonephritis")
    assert (result["triage"]["level"], kidney["page_level"], kidney["listed_by"]) == (
        "soon", "urgent", "soon_kidney_area_pain"), "the example the page gives"
    assert "soon_kidney_area_pain" in OUTPUT


def test_the_readme_links_the_contract() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "[docs/contract.md](docs/contract.md)" in readme.split("## Documentation", 1)[1]
