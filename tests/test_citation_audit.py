"""Citation audit (issue 12): every source a person is shown has a publisher and a kind; every plan
item has at least one such source; every evidence label is one of the allowed set, defined in
docs/knowledge-base.md in the same words as the schema, and fits the kinds of the item's sources
("guideline" only with a guideline behind it; trial grades only with a review or study)."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

from bumpwise.knowledge import KnowledgeBase, knowledge_base
from bumpwise.knowledge.schema import EVIDENCE, Evidence, Source

DOCS = Path(__file__).resolve().parent.parent / "docs" / "knowledge-base.md"
# Which source kinds can carry each label.
FITS = {
    "moderate": {"systematic_review", "study"},
    "low": {"systematic_review", "study"},
    "very_low": {"systematic_review", "study"},
    "guideline": {"guideline"},
    "expert_advice": {"patient_leaflet", "guideline", "reference", "study"},
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge_base()


def all_sources(kb: KnowledgeBase) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for source in kb.sources.values():
        out[source.id] = source
        out.update({part.id: part for part in source.parts})
    return out


def cited(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Every record a person can be shown, with the sources it cites."""
    records: dict[str, tuple[str, ...]] = {}
    records.update({f"plan item {i.id}": i.sources for i in kb.plan_items.values()})
    records.update({f"avoid {a.id}": a.sources for a in kb.avoid.values()})
    records.update({f"rule {r.id}": r.sources for r in kb.rules})
    records.update({f"exclusion {e.id}": e.sources for e in kb.exclusions})
    records.update({f"routine {r.id}": r.sources for r in kb.routines.values()})
    return records


def test_the_allowed_labels_are_the_schemas_and_each_is_defined_in_the_docs() -> None:
    assert set(typing.get_args(Evidence)) == set(EVIDENCE) == set(FITS)
    docs = DOCS.read_text(encoding="utf-8")
    for label, meaning in EVIDENCE.items():
        row = re.search(rf"^\| `{label}` \| (.+?) \|$", docs, re.M)
        assert row is not None, f"{label} has no row in {DOCS.name}"
        assert row.group(1) == meaning, label


def test_every_source_shown_has_a_publisher_and_a_kind(kb: KnowledgeBase) -> None:
    sources = all_sources(kb)
    problems = []
    for record, ids in cited(kb).items():
        shown = [sources[i] for i in ids if sources[i].shown]
        if not shown:
            problems.append(f"{record}: no source with a publisher")
        for source in shown:
            if not (source.publisher and source.kind):
                problems.append(f"{record}: {source.id} lacks a publisher or kind")
    assert not problems, problems


def test_every_evidence_label_fits_its_sources(kb: KnowledgeBase) -> None:
    sources = all_sources(kb)
    problems = []
    for item in kb.plan_items.values():
        kinds = {sources[i].kind for i in item.sources if sources[i].shown}
        if not kinds & FITS[item.evidence]:
            problems.append(f"{item.id}: {item.evidence} with sources of kinds {sorted(kinds)}")
    assert not problems, problems


def test_the_audit_can_fail(kb: KnowledgeBase) -> None:
    """A leaflet labelled "guideline", and a seed as the only source, are caught."""
    sources = all_sources(kb)
    leaflet = next(s for s in sources.values() if s.kind == "patient_leaflet" and s.shown)
    assert not {leaflet.kind} & FITS["guideline"]
    seed = next(s for s in sources.values() if s.kind == "seed_article")
    assert not seed.shown


@pytest.mark.parametrize("item_id", ["seated_shoulder_blade_squeeze", "upper_back_chest_opener",
                                     "half_kneeling_hip_flexor_stretch", "seated_buttock_stretch",
                                     "side_lying_buttock_stretch"])
def test_items_whose_sources_did_not_describe_them_are_gone(item_id: str, kb: KnowledgeBase) -> None:
    assert item_id not in kb.plan_items


def test_cramp_advice_cites_the_cramp_leaflets(kb: KnowledgeBase) -> None:
    """The three cramp items used to cite sources that do not describe them."""
    cramp_leaflets = {"S119", "S121"}
    for item in kb.plan_items.values():
        if item.targets == ("leg_cramps",) and item.kind in ("exercise", "stretch"):
            assert set(item.sources) & cramp_leaflets, item.id


def test_the_doctors_note_for_work_cites_a_source_about_work(kb: KnowledgeBase) -> None:
    item = kb.plan_items["work_breaks"]
    assert any("note" in step for step in item.steps)
    assert "S118" in item.sources and "Work" in all_sources(kb)["S118"].title
