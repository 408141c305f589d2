"""Issue 10: sources shown to a person. Each has a publisher and a kind, and its address is the
authoritative one: never on the mirror and content-farm hosts kept in sources.yaml (copies stay
in the data only as `archive`). Checked on the records and on every page that shows sources."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from bumpwise.diary.vocab import sources as diary_sources
from bumpwise.knowledge import KnowledgeBase
from bumpwise.knowledge.loader import on_mirror
from bumpwise.knowledge.schema import SOURCE_KINDS
from web_helpers import complete_check_in, make_client


@pytest.fixture(scope="module")
def client() -> TestClient:
    return make_client(emergency_number="999", maternity_unit_number="0161 555 0100")


def cited(kb: KnowledgeBase) -> set[str]:
    ids: set[str] = set()
    for record in [*kb.rules, *kb.conditions.values(), *kb.plan_items.values(), *kb.avoid.values(),
                   *kb.exclusions]:
        ids.update(record.sources)
    return ids


def test_the_mirror_host_list_is_kept_in_the_data(kb: KnowledgeBase) -> None:
    assert {"slidelegend.com", "5y1.org", "herbal-organic.com", "scribd.com", "studylib.net"} <= set(kb.mirror_hosts)
    assert on_mirror("https://info.5y1.org/x", kb.mirror_hosts)
    assert on_mirror("https://ru.scribd.com/d", kb.mirror_hosts)
    assert not on_mirror("https://www.nhs.uk/conditions/", kb.mirror_hosts)


def test_every_source_a_person_can_be_shown_has_a_publisher_kind_and_no_mirror_address(kb: KnowledgeBase) -> None:
    problems = []
    for sid, source in kb.sources.items():
        assert source.kind in SOURCE_KINDS, sid
        for address in (source.url, *source.also):
            if address and on_mirror(address, kb.mirror_hosts):
                problems.append(f"{sid}: {address} is on a mirror host; keep it under archive")
        if source.shown and not source.publisher:
            problems.append(f"{sid}: shown without a publisher")
    assert not problems, problems
    shown = [s for s in cited(kb) if kb.sources[s].shown]
    assert len(shown) >= 0.9 * len(cited(kb)), "nearly every cited source can be shown"
    seeds = [s for s in kb.sources.values() if s.origin == "seed"]
    assert seeds and all(not s.shown and s.kind == "seed_article" for s in seeds)
    assert all(not re.search(r"\bmirror\b", s.title, re.I) for s in kb.sources.values())


def test_the_diary_reads_the_same_publishers(kb: KnowledgeBase) -> None:
    refs = diary_sources()
    for sid, source in kb.sources.items():
        assert refs[sid].publisher == source.publisher and refs[sid].shown == source.shown, sid


def _references(page: str) -> list[str]:
    body = page.split('class="references"', 1)[1].split("</ol>", 1)[0] if 'class="references"' in page else ""
    return re.findall(r"<li[^>]*>(.*?)</li>", body, re.S)


def _external(page: str) -> list[str]:
    return re.findall(r'href="(https?://[^"]+)"', page)


CASES: list[dict[str, Any]] = [
    {"week": 29, "findings": ["sacroiliac", "one_side", "worse_single_leg"]},
    {"week": 30, "findings": ["low_back", "dull_ache", "worse_sitting"]},
    {"week": 33, "findings": ["calf", "one_side", "calf_swelling_one_side"]},
    {"week": 8, "findings": ["lower_abdomen", "one_side", "shoulder_tip"]},
    {"week": 30, "findings": ["flank"]},
    {"findings": ["heavy_bleeding"]},
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: "+".join(c["findings"]))
def test_result_pages_show_numbered_references_with_publishers_and_no_mirrors(
        client: TestClient, kb: KnowledgeBase, case: dict[str, Any]) -> None:
    page = complete_check_in(client, case, kb)
    refs = _references(page)
    assert refs, "a result lists its sources"
    assert len(refs) <= 25, f"{len(refs)} references: the list stays short"
    for ref in refs:
        assert re.search(r'<span class="publisher">[^<]+\.</span>', ref), ref
        assert "Seed article" not in ref and "…" not in ref and "..." not in ref
    shown_ids = re.findall(r'data-source="([^"]+)"', page)
    assert all(kb.sources[s].shown for s in shown_ids)
    for address in _external(page):
        assert not on_mirror(address, kb.mirror_hosts), address
    for number in re.findall(r'href="#ref-(\d+)"', page):  # every citation points into the list
        assert 1 <= int(number) <= len(refs)


def test_knowledge_pages_never_link_a_mirror(client: TestClient, kb: KnowledgeBase) -> None:
    paths = ["/sources", *(f"/conditions/{c}" for c in kb.conditions), *(f"/relief/{p}" for p in kb.plan_items)]
    for path in paths:
        page = client.get(path).text
        for address in _external(page):
            assert not on_mirror(address, kb.mirror_hosts), (path, address)
        assert "Seed article" not in page, path
    listing = client.get("/sources").text
    assert listing.count('class="publisher"') >= 90


def test_the_api_keeps_the_archive_copies(client: TestClient) -> None:
    s4 = client.get("/api/knowledge/sources/S4").json()
    assert s4["publisher"] == "Cochrane" and s4["kind"] == "systematic_review"
    assert s4["url"].startswith("https://doi.org/") and any("acufertility" in a for a in s4["archive"])
    assert json.dumps(s4).count("http") >= 2
