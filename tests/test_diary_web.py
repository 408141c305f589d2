"""The diary's pages, in process: save a check-in from the result page, add entries, see the
trend chart and its table, goals, the summary (page and PDF), export/import, delete-all; every
form needs its CSRF token; every page shows the warnings."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from starlette.testclient import TestClient

from bumpwise.knowledge import KnowledgeBase
from web_helpers import complete_check_in, hidden, make_client

PAGES = ["/diary", "/diary/add", "/diary/trends", "/diary/goals", "/diary/summary", "/diary/transfer",
         "/diary/delete"]


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return make_client(data_dir=tmp_path / "data")


def token(client: TestClient) -> str:
    return hidden(client.get("/diary/add").text, "csrf")


def add(client: TestClient, **fields: str) -> int:
    return client.post("/diary/add", data={"csrf": token(client), **fields}, follow_redirects=False).status_code


def test_save_to_my_diary_from_the_result_page_stores_input_result_and_versions(
        client: TestClient, kb: KnowledgeBase) -> None:
    page = complete_check_in(client, {"week": 30, "findings": ["sacroiliac", "vaginal_bleeding"]}, kb)
    assert "Save to my diary" in page
    saved = client.post("/diary/save", data={"csrf": hidden(page, "csrf"), "assessment": hidden(page, "assessment")},
                        follow_redirects=False)
    assert saved.status_code == 303
    exported = client.get("/diary/export.json").json()
    (checkin,) = exported["checkins"]
    assert checkin["input"] == json.loads(hidden(page, "assessment"))
    assert checkin["result"]["triage"]["level"] == "urgent"
    assert checkin["knowledge_version"] == kb.version and checkin["engine_version"]
    for path in PAGES:  # the red flag shows on every diary page
        assert "Bleeding or spotting from the vagina" in client.get(path).text, path


def test_forms_without_the_csrf_token_are_refused_and_save_nothing(client: TestClient) -> None:
    for path, data in (("/diary/add", {"pain_pubic": "3"}), ("/diary/save", {"assessment": "{}"}),
                       ("/diary/delete", {"confirm": "delete"}), ("/diary/goals", {"action": "add", "title": "x"})):
        assert client.post(path, data={**data, "csrf": "forged"}).status_code == 403, path
    assert client.get("/diary/export.json").json()["entries"] == []


def test_add_entry_blank_is_not_asked_and_bad_scores_are_named(client: TestClient) -> None:
    assert add(client, day="2025-03-01", week="24", pain_pubic="3", sleep_disturbed="no") == 303
    assert add(client, day="2025-03-02", pain_pubic="2", sleep_disturbed="") == 303
    entries = client.get("/diary/export.json").json()["entries"]
    assert [e["sleep_disturbed"] for e in entries] == [False, None]
    assert entries[1]["week"] is None, "a week not given is not stored as if it had been"
    assert "2 March 2025</time>, about week 24" in client.get("/diary").text
    bad = client.post("/diary/add", data={"csrf": token(client), "day": "2025-03-03", "pain_low_back": "11"})
    assert bad.status_code == 422
    assert "Pain score for low back: Input should be less than or equal to 10" in bad.text
    assert len(client.get("/diary/export.json").json()["entries"]) == 2


def test_trend_chart_is_accessible_svg_with_the_same_data_as_a_table_and_a_rise_prompts(client: TestClient) -> None:
    add(client, day="2025-03-01", week="24", pain_pubic="3", pain_low_back="2")
    add(client, day="2025-03-05", pain_pubic="6", pain_low_back="2")
    page = client.get("/diary/trends").text
    svg = re.search(r"<svg[^>]*class=\"chart chart-wide\"[^>]*>.*?</svg>", page, re.S)
    assert svg and 'role="img"' in svg.group(0) and "<title" in svg.group(0) and "<desc" in svg.group(0)
    table = re.search(r'<table class="data" id="pain-table">.*?</table>', page, re.S)
    assert table is not None
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table.group(0), re.S)
    cells = [re.findall(r"<td>([^<]*)</td>", r) for r in rows]
    assert cells == [["24", "2", "3"], ["24", "2", "6"]]  # columns: week, low back, then front of the pelvis
    assert "Week of pregnancy" in page
    assert "rose from 3 to 6" in page and "Contact your midwife or maternity team" in page


def test_goals_three_at_most_and_rated(client: TestClient) -> None:
    csrf = token(client)
    for title in ("Stairs", "Walk to the shops", "Turn over in bed"):
        client.post("/diary/goals", data={"csrf": csrf, "action": "add", "title": title})
    page = client.get("/diary/goals").text
    assert "You have three goals" in page
    goal_id = re.search(r'name="goal_id" value="([0-9a-f]{32})"', page).group(1)  # type: ignore[union-attr]
    client.post("/diary/goals", data={"csrf": csrf, "action": "rate", "goal_id": goal_id, "score": "4",
                                      "day": "2025-03-01"})
    # the date written out, as on the timeline (issue 13: dates by Babel, per language)
    assert "<strong>4</strong> out of 10 on 1 March 2025" in client.get("/diary/goals").text
    assert 'id="goals-table"' in client.get("/diary/trends").text


def test_summary_page_and_pdf_carry_the_chosen_sections_and_every_red_flag(client: TestClient,
                                                                        kb: KnowledgeBase) -> None:
    page = complete_check_in(client, {"week": 30, "findings": ["calf", "calf_swelling_one_side"]}, kb)
    client.post("/diary/save", data={"csrf": hidden(page, "csrf"), "assessment": hidden(page, "assessment")})
    add(client, day="2025-03-01", week="24", pain_pubic="3", tried="warm bath", helped="warm bath")
    summary = client.get("/diary/summary", params={"from": "2025-03-01", "to": "2025-03-31",
                                                   "include": ["trends", "tried"]})
    assert summary.status_code == 200
    assert "One calf or leg is swollen" in summary.text
    article = summary.text.split("<article", 1)[1]
    assert "What was tried and what helped" in article and "Current plan" not in article
    pdf = client.get("/diary/summary.pdf", params={"from": "2025-03-01", "to": "2025-03-31"})
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "One calf or leg is swollen" in " ".join(text.split())
    assert client.get("/diary/summary", params={"from": "soon"}).status_code == 422


def test_export_import_round_trip_and_a_bad_file_changes_nothing(client: TestClient) -> None:
    add(client, day="2025-03-01", week="24", pain_pubic="3", note="stairs")
    exported = client.get("/diary/export.json").content
    csrf = token(client)
    bad = json.loads(exported)
    bad["entries"][0]["pains"][0]["score"] = 99
    refused = client.post("/diary/import", data={"csrf": csrf, "mode": "replace"},
                          files={"file": ("bad.json", json.dumps(bad).encode(), "application/json")})
    assert refused.status_code == 422 and "entries.0.pains.0.score" in refused.text
    assert client.get("/diary/export.json").json()["entries"][0]["pains"][0]["score"] == 3
    client.post("/diary/delete", data={"csrf": csrf, "confirm": "delete"})
    assert client.get("/diary/export.json").json()["entries"] == []
    done = client.post("/diary/import", data={"csrf": csrf, "mode": "merge"},
                       files={"file": ("d.json", exported, "application/json")}, follow_redirects=False)
    assert done.status_code == 303
    again = client.get("/diary/export.json").json()
    assert again["entries"] == json.loads(exported)["entries"]
    assert client.get("/diary/export.fhir").json()["resourceType"] == "Bundle"
    assert client.get("/diary/export.csv").text.startswith("record,id,day,week,field,item,value")


def test_an_import_that_pages_or_exports_could_not_show_is_refused_whole(client: TestClient,
                                                                         kb: KnowledgeBase) -> None:
    """Malicious or broken files: wrong types inside a check-in, JSON nested too deeply to parse or
    to export again. Each is a 422 naming the problem, nothing changes, and every page still works."""
    page = complete_check_in(client, {"week": 30, "findings": ["sacroiliac"]}, kb)
    client.post("/diary/save", data={"csrf": hidden(page, "csrf"), "assessment": hidden(page, "assessment")})
    good = client.get("/diary/export.json").json()
    before = client.get("/diary/export.json").json()["checkins"]

    def broken(change: Any) -> bytes:
        doc = json.loads(json.dumps(good))
        change(doc["checkins"][0])
        return json.dumps(doc).encode()

    nested = {"a": 1}
    for _ in range(200):
        nested = {"a": nested}
    files = {
        "reasons": broken(lambda c: c["result"]["triage"].__setitem__("reasons", "because")),
        "causes": broken(lambda c: c["result"].__setitem__("causes", 5)),
        "plan": broken(lambda c: c["result"].__setitem__("plan", {"items": "rest"})),
        "findings": broken(lambda c: c["input"].__setitem__("findings", [{"x": 1}])),
        "week": broken(lambda c: c["input"].__setitem__("week", "thirty")),
        "nested": broken(lambda c: c["input"].__setitem__("extra", nested)),
        "(file)": b'{"format": "bumpwise-diary", "entries": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    }
    for name, body in files.items():
        for mode in ("replace", "merge"):
            refused = client.post("/diary/import", data={"csrf": token(client), "mode": mode},
                                  files={"file": ("x.json", body, "application/json")})
            assert refused.status_code == 422 and name in refused.text, (name, refused.status_code)
            assert "Nothing changed" in refused.text
    assert client.get("/diary/export.json").json()["checkins"] == before
    for path in [*PAGES, "/diary/summary.pdf", "/diary/export.fhir", "/diary/export.csv"]:
        assert client.get(path).status_code == 200, path


def test_delete_everything_needs_the_typed_confirmation(client: TestClient) -> None:
    add(client, day="2025-03-01", pain_pubic="3")
    csrf = token(client)
    kept = client.post("/diary/delete", data={"csrf": csrf, "confirm": "yes"})
    assert kept.status_code == 422 and "Nothing was deleted" in kept.text
    assert len(client.get("/diary/export.json").json()["entries"]) == 1
    assert client.post("/diary/delete", data={"csrf": csrf, "confirm": "delete"},
                       follow_redirects=False).status_code == 303
    assert client.get("/diary/export.json").json()["entries"] == []


def test_a_saved_crisis_check_in_shows_the_crisis_line_in_the_diary(tmp_path: Any, kb: KnowledgeBase) -> None:
    client = make_client(data_dir=tmp_path / "data", emergency_number="999", crisis_line="Samaritans 116 123")
    page = complete_check_in(client, {"findings": ["self_harm_thoughts"]}, kb)
    assert "data-crisis" in page
    client.post("/diary/save", data={"csrf": hidden(page, "csrf"), "assessment": hidden(page, "assessment")})
    diary = client.get("/diary").text
    assert '<a href="tel:999">999</a>, or call Samaritans <a href="tel:116123">116 123</a>' in diary
