"""Results never share state: changing every list and dict of one result (as a caller may, to
render or annotate it) leaves the next result for the same check-in exactly as it was."""

from __future__ import annotations

import copy
import json
from typing import Any

import bumpwise
from bumpwise.knowledge import knowledge_base

CASES: list[dict[str, Any]] = [
    {"week": 30, "findings": ["sacroiliac", "worse_turning_in_bed"]},
    {"week": 34, "findings": ["low_back", "comes_in_waves", "regular_tightenings"], "pain_score": 6},
    {"weeks_since_birth": 2, "findings": ["calf", "leg_red_warm"], "flags": ["history_blood_clot"]},
    {"week": 9, "findings": ["lower_abdomen", "one_side", "vaginal_bleeding"]},
    {"week": 26, "findings": ["pubic", "worse_single_leg"], "denied": ["vaginal_bleeding"],
     "text": "24 weeks, pain at the front of my pelvis on the stairs, no bleeding, my bump feels fine"},
]


def vandalise(value: Any) -> None:
    """Change, in place, every list and dict reachable from a value."""
    if isinstance(value, dict):
        for key in list(value):
            vandalise(value[key])
        value["vandalised"] = True
        value.pop("id", None)
    elif isinstance(value, list):
        for item in value:
            vandalise(item)
        value.append("vandalised")
        value.reverse()


def test_changing_a_result_never_changes_the_next() -> None:
    known = set(knowledge_base().vocabulary.findings) | set(knowledge_base().vocabulary.flags)
    for case in CASES:
        assert set(case.get("findings", [])) | set(case.get("flags", [])) <= known, case
        first = bumpwise.assess(case)
        pristine = json.dumps(first, ensure_ascii=False)
        kept = copy.deepcopy(first)
        vandalise(first)
        second = bumpwise.assess(case)
        assert second == kept
        assert json.dumps(second, ensure_ascii=False) == pristine


def test_results_share_no_list_or_dict() -> None:
    """No list or dict object appears in two results (a stronger form of the test above)."""

    def containers(value: Any, into: set[int], keep: list[Any]) -> None:
        if isinstance(value, dict | list):
            into.add(id(value))
            keep.append(value)
            for item in value.values() if isinstance(value, dict) else value:
                containers(item, into, keep)

    keep: list[Any] = []
    for case in CASES:
        a, b = set[int](), set[int]()
        containers(bumpwise.assess(case), a, keep)
        containers(bumpwise.assess(case), b, keep)
        assert not a & b
