"""Every route of the web app, in process (httpx via Starlette's TestClient on the ASGI app)."""

from __future__ import annotations

import base64
import json
import logging
import re
import sys
import zlib
from collections.abc import Mapping
from datetime import date
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

import pytest
from fastapi import APIRouter
from starlette.testclient import TestClient

import bumpwise
from bumpwise.checkin.parse import week_from_due_date
from bumpwise.knowledge import KnowledgeBase
from bumpwise.web.checkin import COOKIE
from web_helpers import complete_check_in, hidden, make_client, page_step, read_result

DEV_001: dict[str, Any] = {"week": 24, "pain_score": 4, "onset": "gradual",
           "findings": ["low_back", "both_sides", "dull_ache", "worse_end_of_day", "worse_standing", "eases_with_rest"]}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return make_client()


def post_step(client: TestClient, page: str, step: str, go: str = "next", **form: object):  # type: ignore[no-untyped-def]
    return client.post("/check-in", data={"csrf": hidden(page, "csrf"), "step": step, "go": go, **form})


NO_EMERGENCY = {"q_now_heavy_bleeding": "no", "q_now_fainted": "no", "q_now_chest_or_breathing": "no",
                "q_now_numb_or_no_control": "no", "q_now_severe_belly": "no", "q_now_self_harm": "no"}


def fresh(client: TestClient) -> str:
    """A new check-in's first page."""
    client.post("/check-in", data={"csrf": hidden(client.get("/").text, "csrf"), "go": "new"})
    return client.get("/").text


# ---------------------------------------------------------------- security basics

def test_every_page_has_strict_security_headers(client: TestClient) -> None:
    for path in ("/", "/conditions", "/relief", "/sources", "/api/vocabulary", "/nope"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp, path
        assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store", path


def test_pages_have_no_inline_script_or_style(client: TestClient, kb: KnowledgeBase) -> None:
    page = complete_check_in(client, DEV_001, kb)
    for html in (client.get("/").text, page, client.get("/conditions/pelvic_girdle_pain").text):
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
        assert " style=" not in html and "<style" not in html
        assert not re.search(r"\bon[a-z]+=", html)  # no inline event handlers


def test_forms_without_a_valid_csrf_token_are_refused(client: TestClient) -> None:
    page = client.get("/").text
    assert client.post("/check-in", data={"step": "about", "week": "30"}).status_code == 403
    bad = client.post("/check-in", data={"csrf": "0" * 64, "step": "about", "week": "30"})
    assert bad.status_code == 403 and "Please start again" in bad.text
    other = make_client()  # another browser: its cookie does not match this page's token
    other.get("/")
    forged = other.post("/check-in", data={"csrf": hidden(page, "csrf"), "step": "about"})
    assert forged.status_code == 403


def test_csrf_cookie_is_httponly_and_strict(client: TestClient) -> None:
    fresh = make_client()
    cookie = fresh.get("/").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")


def test_requests_for_another_host_name_are_refused(tmp_path: Any) -> None:
    """DNS rebinding: a site whose name resolves to 127.0.0.1 must not read the diary or post forms."""
    client = make_client(data_dir=tmp_path / "data")
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "[::2]:8000"):
        for method, path in (("GET", "/diary/export.json"), ("GET", "/"), ("POST", "/diary/delete"),
                             ("POST", "/api/assess")):
            response = client.request(method, path, headers={"host": host})
            assert response.status_code == 400, (host, path)
            assert "bumpwise-diary" not in response.text and "csrf" not in response.text
            assert "content-security-policy" in response.headers
    for host in ("127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "127.0.0.1"):
        assert client.get("/api/health", headers={"host": host}).status_code == 200, host
    listening = make_client(host="192.168.1.5")
    assert listening.get("/api/health", headers={"host": "192.168.1.5:8000"}).status_code == 200
    assert listening.get("/api/health", headers={"host": "evil.example"}).status_code == 400
    named = make_client(host="0.0.0.0", allowed_hosts="bumpwise.example, other.example")
    assert named.get("/api/health", headers={"host": "bumpwise.example"}).status_code == 200
    assert named.get("/api/health", headers={"host": "0.0.0.0"}).status_code == 400
    assert make_client(allowed_hosts="*").get("/api/health", headers={"host": "any.example"}).status_code == 200


def test_request_size_limit() -> None:
    small = make_client(max_request_bytes=2000)
    big = json.dumps({"text": "x" * 5000})
    response = small.post("/api/assess", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    page = small.get("/").text
    response = small.post("/check-in", data={"csrf": hidden(page, "csrf"), "step": "about",
                                             "text": "y" * 5000})
    assert response.status_code == 413


def test_request_size_limit_without_content_length(tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Chunked bodies (no Content-Length) over the limit are a 413 on forms and uploads too, not a 500."""
    small = make_client(max_request_bytes=2000, import_max_bytes=2000, data_dir=tmp_path / "data")
    token = hidden(small.get("/").text, "csrf")

    def chunked(head: bytes) -> Any:
        yield head
        for _ in range(10):  # 10 kB in 1 kB chunks, no Content-Length
            yield b"y" * 1000

    caplog.set_level(logging.DEBUG)
    form = chunked(f"csrf={token}&step=about&text=".encode())
    response = small.post("/check-in", content=form, headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 413 and "too large" in response.text
    upload = chunked(b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n\r\n")
    multipart = {"content-type": "multipart/form-data; boundary=xyz"}
    response = small.post("/diary/import", content=upload, headers=multipart)
    assert response.status_code == 413
    response = small.post("/api/assess", content=chunked(b"{"), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json() == {"detail": "The request is too large."}
    assert "unhandled" not in server_log(caplog) and "POST /check-in 413" in server_log(caplog)


def test_json_nested_too_deeply_is_refused_not_a_server_error(tmp_path: Any) -> None:
    client = make_client(data_dir=tmp_path / "data")
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/assess", content=deep, headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "(input)"
    page = client.get("/").text
    set_state(client, deep)
    response = client.post("/check-in", data={"csrf": hidden(page, "csrf"), "step": "about", "week": "30"})
    assert response.status_code == 200 and "Step 3 of 7" in response.text  # the bad state is dropped
    assert 'value="30"' in client.get("/check-in/about").text
    response = client.post("/diary/save", data={"csrf": hidden(page, "csrf"), "assessment": deep})
    assert response.status_code == 422 and "nothing was saved" in response.text
    nested_id = json.dumps({"id": json.loads('{"a":' * 500 + "1" + "}" * 500), "week": 30})
    response = client.post("/diary/save", data={"csrf": hidden(page, "csrf"), "assessment": nested_id})
    assert response.status_code == 422 and "nothing was saved" in response.text
    assert client.get("/diary/export.json").json()["checkins"] == []


def test_errors_show_no_stack_trace_and_log_no_personal_data(caplog: pytest.LogCaptureFixture) -> None:
    client = make_client()
    app = client.app.fastapi  # type: ignore[attr-defined]

    @app.get("/boom")  # type: ignore[untyped-decorator]
    def boom() -> None:
        raise RuntimeError("private words: my waters broke")

    caplog.set_level(logging.DEBUG)
    response = client.get("/boom?name=Jane")
    assert response.status_code == 500
    assert "Traceback" not in response.text and "waters" not in response.text
    assert "Something went wrong" in response.text
    logged = server_log(caplog)
    assert "waters" not in logged and "Jane" not in logged
    assert "RuntimeError" in logged  # the type is logged, so the bug can still be found


def test_access_log_holds_no_answers(caplog: pytest.LogCaptureFixture, kb: KnowledgeBase) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client()
    complete_check_in(client, {**DEV_001, "week": 37}, kb)
    client.post("/api/assess", json={"week": 33, "findings": ["calf_swelling_one_side"]})
    logged = server_log(caplog)
    assert "POST /check-in 303" in logged and "GET /check-in/result 200" in logged
    for private in ("calf_swelling", "low_back", "week", "37", "127.0.0.1", "testclient"):
        assert private not in logged, private


def server_log(caplog: pytest.LogCaptureFixture) -> str:
    """What the server logged (the test client's own request log is not the server's)."""
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "asyncio")))


# ---------------------------------------------------------------- the check-in

def test_first_page_asks_the_emergency_signs_with_progress(client: TestClient, kb: KnowledgeBase) -> None:
    page = fresh(client)
    assert "Step 1 of 7" in page and "<progress" in page and "Is any of this happening now?" in page
    for q in (q for q in kb.questions if q.step == "now"):
        for answer in ("yes", "no", "unsure"):
            assert f'name="q_{q.id}" value="{answer}"' in page
    assert 'name="week"' not in page  # nothing else is asked first


def test_any_emergency_sign_gives_the_emergency_result_at_once(kb: KnowledgeBase) -> None:
    client = make_client(emergency_number="999")
    for q in (q for q in kb.questions if q.step == "now"):
        for answer in ("yes", "unsure"):
            response = post_step(client, fresh(client), "now", **{f"q_{q.id}": answer})
            assert response.url.path == "/check-in/result", q.id
            assert read_result(response.text).level == "emergency", q.id
            assert 'href="tel:999"' in response.text
            assert "What to do while you wait" in response.text


def test_the_crisis_route_shows_the_emergency_number_and_the_crisis_line() -> None:
    client = make_client(emergency_number="999", crisis_line="Samaritans 116 123")
    page = post_step(client, fresh(client), "now", q_now_self_harm="yes").text
    assert "emergency_thoughts_of_self_harm" in read_result(page).rules
    buttons = page[page.index("call-buttons"):page.index("result-actions")]
    assert 'href="tel:999"' in buttons and 'href="tel:116123"' in buttons and "data-crisis" in buttons
    default = make_client()  # en-GB: the GB row (services.yaml)
    page = post_step(default, fresh(default), "now", q_now_self_harm="unsure").text
    assert 'href="tel:999"' in page and 'href="tel:116123"' in page
    no_line = make_client(country="VN")  # no national crisis line in the table: the local wording
    page = post_step(no_line, fresh(no_line), "now", q_now_self_harm="unsure").text
    assert 'href="tel:115"' in page and "your local crisis line" in page


def test_unanswered_questions_are_named_in_an_error_summary_that_takes_focus(client: TestClient,
                                                                             kb: KnowledgeBase) -> None:
    response = post_step(client, fresh(client), "now", q_now_fainted="no")
    assert response.status_code == 422
    summary = response.text[response.text.index('id="error-summary"'):response.text.index("</div>",
                                                                  response.text.index('id="error-summary"'))]
    assert "autofocus" in response.text.split('id="error-summary"')[0][-200:] + summary[:200]
    for q in (q for q in kb.questions if q.step == "now" and q.id != "now_fainted"):
        assert f'<a href="#q_{q.id}-yes">Choose yes, no or not sure: {q.text}</a>' in summary.replace("&#39;", "'")
        assert f'id="q_{q.id}-yes"' in response.text
    assert "now_fainted" not in summary
    assert 'id="q_now_fainted-no" checked' in response.text  # what she did answer is kept
    assert response.text.count('class="question has-error"') == 5


def test_check_in_reaches_the_engine_result(client: TestClient, kb: KnowledgeBase) -> None:
    steps: list[str] = []
    page = complete_check_in(client, DEV_001, kb, steps=steps)
    assert steps == ["now", "about", "where", "feel", "pattern", "red_flags", "other", "result"]
    shown = read_result(page)
    expected = bumpwise.assess(shown.input)
    assert shown.level == expected["triage"]["level"] == "self_care"
    assert not expected["triage"]["provisional"] and expected["ask_next"] == []
    assert shown.causes == [c["id"] for c in expected["causes"]]
    assert sorted(shown.input["findings"]) == sorted(DEV_001["findings"])
    assert shown.input["week"] == 24 and shown.input["pain_score"] == 4 and shown.input["onset"] == "gradual"
    asked_first = bumpwise.assess({"week": 24, "findings": DEV_001["findings"]})["ask_next"]
    assert set(shown.input["denied"]) == {f for a in asked_first for q in kb.questions if q.id == a["id"]
                                          for f in q.denied_by_no} | {"breathless", "bladder_bowel_change"}


def test_the_warning_sign_step_asks_only_ask_next_and_each_must_be_answered(client: TestClient,
                                                                            kb: KnowledgeBase) -> None:
    page = post_step(client, fresh(client), "now", **NO_EMERGENCY).text
    page = post_step(client, page, "about", week="30").text
    page = post_step(client, page, "where", q_where_back=["low_back"]).text
    page = post_step(client, page, "feel").text
    page = post_step(client, page, "pattern").text
    assert page_step(page) == "red_flags"
    asked = re.findall(r'name="q_([a-z_]+)" value="yes"', page)
    expected = [a["id"] for a in bumpwise.assess({"week": 30, "findings": ["low_back"], "denied": [
        f for q in kb.questions if q.step == "now" for f in q.denied_by_no]})["ask_next"]]
    assert asked == expected and 0 < len(asked) < len([q for q in kb.questions if q.step == "red_flags"])
    assert "rf_calf_swelling_one_side" not in asked  # a leg sign, and her pain is in her back
    answers = {f"q_{q}": "no" for q in asked[1:]}  # the first is left unanswered
    response = post_step(client, page, "red_flags", **answers)
    assert response.status_code == 422 and 'class="question has-error"' in response.text
    assert f'href="#q_{asked[0]}-yes"' in response.text
    response = post_step(client, page, "red_flags", **{f"q_{asked[0]}": "yes"})  # a yes that is urgent
    assert response.url.path == "/check-in/result" and read_result(response.text).level == "urgent"
    assert 'name="go" value="details"' in response.text  # she can still add details


def test_not_sure_counts_as_yes_and_no_is_denied(client: TestClient, kb: KnowledgeBase) -> None:
    case = {"week": 20, "findings": ["low_back"]}
    page = complete_check_in(client, case, kb, answers={"rf_vaginal_bleeding": "unsure"})
    shown = read_result(page)
    assert "vaginal_bleeding" in shown.input["findings"] and "vaginal_bleeding" not in shown.input["denied"]
    assert shown.level in ("urgent", "emergency")
    page = complete_check_in(client, case, kb)
    assert "vaginal_bleeding" in read_result(page).input["denied"]


def test_back_forward_and_reload_keep_every_answer(client: TestClient) -> None:
    page = post_step(client, fresh(client), "now", **NO_EMERGENCY).text
    page = post_step(client, page, "about", week="31 weeks").text
    page = post_step(client, page, "where", q_where_pelvis_hips=["buttock"], q_where_legs=["thigh_back"],
                     q_where_side="one_side").text
    assert "Step 4 of 7" in page
    page = post_step(client, page, "feel", go="back", q_feel_character=["shooting"], pain_score="6").text
    assert "Step 3 of 7" in page
    for shown in (page, client.get("/check-in/where").text):  # the page, and the same page reloaded
        assert re.search(r'value="buttock" id="loc-buttock"[^>]*checked', shown)
        assert re.search(r'value="thigh_back" id="loc-thigh_back"[^>]*checked', shown)
        assert re.search(r'id="side-one_side" checked', shown)
    page = client.get("/check-in/about").text  # the browser's back button: a plain GET
    assert 'value="31"' in page
    page = client.get("/check-in/feel").text  # and forward again
    assert re.search(r'id="q_feel_character-shooting"[^>]*checked', page) and re.search(r'id="pain-6" checked', page)
    assert client.get("/").text.count(" checked") == 6  # the emergency answers too


def test_due_date_and_typed_weeks_are_read(client: TestClient) -> None:
    today = date.today()
    assert week_from_due_date(today, today) == 40
    assert week_from_due_date(date.fromordinal(today.toordinal() + 70), today) == 30
    due = date.fromordinal(today.toordinal() + 70).isoformat()
    for form in ({"due_date": due}, {"week": "30w"}, {"week": "30 weeks"}, {"week": "about 30"}, {"week": "30+2"}):
        page = post_step(client, fresh(client), "now", **NO_EMERGENCY).text
        post_step(client, page, "about", **form)
        assert 'value="30"' in client.get("/check-in/about").text or due in client.get("/check-in/about").text


def test_bad_week_is_explained_on_the_same_step(client: TestClient) -> None:
    page = post_step(client, fresh(client), "now", **NO_EMERGENCY).text
    response = post_step(client, page, "about", week="55")
    assert response.status_code == 422 and "from 1 to 42" in response.text and "Step 2 of 7" in response.text
    assert 'aria-invalid="true"' in response.text and 'value="55"' in response.text  # what she typed stays
    assert '<a href="#week">' in response.text


def test_body_map_has_every_location_as_a_labelled_control(client: TestClient, kb: KnowledgeBase) -> None:
    page = post_step(client, post_step(client, fresh(client), "now", **NO_EMERGENCY).text, "about").text
    for fid, term in kb.vocabulary.findings.items():
        if term.group != "location":
            continue
        assert re.search(rf'type="checkbox" name="q_[a-z_]+" value="{fid}" id="loc-{fid}"', page), fid
        assert f'<label for="loc-{fid}">' in page
    assert 'value="one_side"' in page and 'value="both_sides"' in page
    assert "The front of your body" in page and "The back of your body" in page


def set_state(client: TestClient, raw: str) -> None:
    """Put a state of our own making in the check-in's cookie, as a tampering browser would."""
    client.cookies.set(COOKIE, base64.urlsafe_b64encode(zlib.compress(raw.encode())).decode().rstrip("="),
                       domain="127.0.0.1")


def test_tampered_state_is_not_trusted() -> None:
    client = make_client()
    client.get("/")
    bad = {"answers": {"where_back": ["not_a_finding", "low_back"], "now_fainted": "perhaps", "nope": "yes"},
           "week": 99, "flags": ["made_up"]}
    set_state(client, json.dumps(bad))
    page = client.get("/check-in/where").text
    assert "low_back" not in re.findall(r'value="([a-z_]+)" id="loc-[a-z_]+"[^>]*checked', page)
    assert client.get("/check-in/about").text.count('value="99"') == 0
    client.cookies.set(COOKIE, "not base64 at all!", domain="127.0.0.1")
    assert client.get("/").status_code == 200


def test_phone_numbers_come_from_settings(kb: KnowledgeBase) -> None:
    client = make_client(emergency_number="999", maternity_unit_number="0161 555 0100")
    page = complete_check_in(client, {"week": 30, "findings": ["heavy_bleeding", "vaginal_bleeding"]}, kb)
    assert read_result(page).level == "emergency"
    assert "What to do while you wait" in page
    assert 'href="tel:999"' in page
    default = complete_check_in(make_client(), {"week": 30, "findings": ["fluid_leak"]}, kb)
    # en-GB's row: no national maternity line (her own unit), 999 for an emergency
    assert "your maternity unit" in default and 'href="tel:999"' in default
    assert "tel:0161" not in default


def test_result_shows_reasons_red_flags_plan_and_sources(client: TestClient, kb: KnowledgeBase) -> None:
    case = {"week": 33, "findings": ["calf", "one_side", "calf_swelling_one_side", "leg_red_warm"]}
    page = complete_check_in(client, case, kb)
    result = bumpwise.assess(read_result(page).input)
    shown = read_result(page)
    assert shown.level == result["triage"]["level"] == "urgent"
    assert set(shown.red_flags) >= {"calf_swelling_one_side", "leg_red_warm"}
    assert '<h2 id="why-title">Why</h2>' in page and shown.rules
    for withheld in result["plan"]["withheld"]:
        assert withheld["reason"] in page
    for reason in result["triage"]["reasons"]:  # each reason's first two shown sources are in the list
        for source in [s for s in reason["sources"] if kb.sources[s].shown][:2]:
            assert f'data-source="{source}"' in page
    assert shown.kb_version == kb.version


def test_every_link_on_a_result_page_works(client: TestClient, kb: KnowledgeBase) -> None:
    page = complete_check_in(client, {"week": 29, "findings": ["sacroiliac", "one_side", "worse_single_leg"]}, kb)
    links = set(re.findall(r'href="(/[^"#?]*)', page))
    assert any(link.startswith("/conditions/") for link in links)
    assert any(link.startswith("/relief/") for link in links)
    for link in links:
        assert client.get(link).status_code == 200, link
    # The language switcher's links are among them and set her language: back to the default
    # for the module's other tests.
    client.cookies.delete("bumpwise_lang")


# ---------------------------------------------------------------- knowledge pages

def test_a_page_for_every_condition_and_plan_item(client: TestClient, kb: KnowledgeBase) -> None:
    listing = client.get("/conditions").text
    for condition in kb.conditions.values():
        assert f'href="/conditions/{condition.id}"' in listing
        page = client.get(f"/conditions/{condition.id}").text
        assert condition.summary in page.replace("&#39;", "'").replace("&quot;", '"') or condition.name in page
    relief = client.get("/relief").text
    for item in kb.plan_items.values():
        assert f'href="/relief/{item.id}"' in relief
        response = client.get(f"/relief/{item.id}")
        assert response.status_code == 200 and "Stop if" in response.text
    assert client.get("/conditions/no_such_thing").status_code == 404
    assert client.get("/relief/no_such_thing").status_code == 404


def test_sources_page_lists_every_source(client: TestClient, kb: KnowledgeBase) -> None:
    page = client.get("/sources").text
    for source_id, source in kb.sources.items():
        if source.shown:
            assert f'id="{source_id}"' in page


def test_unknown_page_is_a_friendly_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Page not found" in response.text
    assert client.get("/check-in").status_code == 200  # GET redirects to the start
    assert client.get("/check-in", follow_redirects=False).status_code == 303


# ---------------------------------------------------------------- JSON API

def test_api_assess_gives_the_engine_result(client: TestClient) -> None:
    response = client.post("/api/assess", json=DEV_001)
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(bumpwise.assess(DEV_001)))


def test_api_assess_refuses_bad_input_field_by_field(client: TestClient) -> None:
    response = client.post("/api/assess", json={"week": 50, "findings": ["low_bak"], "colour": "red"})
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "week" in errors and "findings[0]" in errors and "low_back" in errors["findings[0]"]
    assert len(errors) >= 3
    malformed = client.post("/api/assess", content=b"{nope", headers={"content-type": "application/json"})
    assert malformed.status_code == 422 and malformed.json()["errors"][0]["message"].startswith("not valid JSON")
    assert client.post("/api/assess", json=[1, 2]).status_code == 422
    plain = client.post("/api/assess", content=b"{}", headers={"content-type": "text/plain"})
    assert plain.status_code == 415


def test_api_vocabulary_lists_every_id(client: TestClient, kb: KnowledgeBase) -> None:
    data = client.get("/api/vocabulary").json()
    listed = {fid for group in data["findings"].values() for fid in group}
    assert listed == set(kb.vocabulary.findings)
    assert set(data["flags"]) == set(kb.vocabulary.flags)
    assert [lv["id"] for lv in data["levels"]] == list(kb.vocabulary.levels)
    assert data["knowledge_version"] == kb.version


@pytest.mark.parametrize("kind", ["conditions", "plan-items", "rules", "sources"])
def test_api_knowledge(client: TestClient, kb: KnowledgeBase, kind: str) -> None:
    collections: dict[str, Mapping[str, object]] = {
        "conditions": kb.conditions, "plan-items": kb.plan_items, "sources": kb.sources,
        "rules": {r.id: r for r in kb.rules}}
    records = collections[kind]
    listing = client.get(f"/api/knowledge/{kind}").json()[kind]
    assert {r["id"] for r in listing} == set(records)
    some_id = next(iter(records))
    one = client.get(f"/api/knowledge/{kind}/{some_id}")
    assert one.status_code == 200 and one.json()["id"] == some_id
    typo = client.get(f"/api/knowledge/{kind}/{some_id}x")
    assert typo.status_code == 404 and some_id in typo.json()["detail"]


def test_api_unknown_kind_and_health(client: TestClient, kb: KnowledgeBase) -> None:
    assert client.get("/api/knowledge/recipes").status_code == 422
    assert client.get("/api/health").json() == {"status": "ok", "knowledge_version": kb.version}
    assert client.get("/api/nothing").headers["content-type"].startswith("application/json")


def test_openapi_docs_are_served_locally(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/assess" in spec["paths"] and "/api/vocabulary" in spec["paths"]
    ref = spec["paths"]["/api/assess"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.split("/")[-1]]
    assert "denied" in schema["properties"]
    # issue 11: ids typed as the vocabulary's enums, in and out; HTML pages are not in the API's schema
    for name, kind in (("findings", "FindingId"), ("flags", "FlagId"), ("denied", "FindingId")):
        assert schema["properties"][name]["items"] == {"$ref": f"#/components/schemas/{kind}"}
        out = spec["components"]["schemas"]["AssessOutput"]["properties"][name]
        assert out["items"] == {"$ref": f"#/components/schemas/{kind}"}
    assert "low_back" in spec["components"]["schemas"]["FindingId"]["enum"]
    assert not [p for p in spec["paths"] if p.startswith(("/diary", "/account", "/s"))]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "unsafe-inline" not in docs.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    for asset in re.findall(r'(?:src|href)="([^"]+)"', docs.text):
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset


def test_no_page_loads_anything_from_elsewhere(client: TestClient, kb: KnowledgeBase) -> None:
    pages = [client.get(p).text for p in ("/", "/conditions", "/relief", "/sources", "/docs")]
    pages.append(complete_check_in(client, DEV_001, kb))
    for page in pages:
        for tag, url in re.findall(r"<(script|link|img|iframe|source)\b[^>]*?(?:src|href)=\"([^\"]+)\"", page):
            assert url.startswith("/"), (tag, url)
    css = client.get("/static/css/bumpwise.css").text
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


# ---------------------------------------------------------------- the diary hook

def test_diary_router_is_included_and_offered_when_present(monkeypatch: pytest.MonkeyPatch,
                                                           kb: KnowledgeBase) -> None:
    module = ModuleType("bumpwise.web.diary")
    module.__spec__ = ModuleSpec("bumpwise.web.diary", None)
    router = APIRouter()

    @router.get("/diary")
    def diary() -> dict[str, str]:
        return {"diary": "here"}

    module.router = router  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bumpwise.web.diary", module)
    client = make_client()
    assert client.get("/diary").json() == {"diary": "here"}
    page = complete_check_in(client, DEV_001, kb)
    assert 'action="/diary/save"' in page and 'name="assessment"' in page
    saved = json.loads(hidden(page, "assessment"))
    assert saved == read_result(page).input


def test_no_diary_form_without_the_diary(monkeypatch: pytest.MonkeyPatch, kb: KnowledgeBase) -> None:
    import importlib.util

    from bumpwise.web import app as web_app

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == web_app.DIARY_MODULE else real_find_spec(name, *a))
    client = make_client()
    assert client.app.fastapi.state.has_diary is False  # type: ignore[attr-defined]
    assert "/diary/save" not in complete_check_in(client, DEV_001, kb)
    assert client.get("/diary").status_code == 404


# ---------------------------------------------------------------- serving

def test_serve_help_lists_every_setting() -> None:
    from dataclasses import fields

    from click.testing import CliRunner

    from bumpwise.cli import main
    from bumpwise.settings import Settings

    text = CliRunner().invoke(main, ["serve", "--help"], terminal_width=200).output
    for field in fields(Settings):
        assert f"--{field.name.replace('_', '-')}" in text, field.name
        assert f"BUMPWISE_{field.name.upper()}" in text, field.name
    assert "--config" in text and "--workers" in text


def test_worker_processes_share_the_csrf_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from bumpwise.web.app import WORKER_SECRET_ENV, app_from_environment

    monkeypatch.setenv(WORKER_SECRET_ENV, "ab" * 32)
    monkeypatch.setenv("BUMPWISE_CONFIG", "/nonexistent")
    first = TestClient(app_from_environment(), base_url="http://127.0.0.1:8000")
    second = TestClient(app_from_environment(), base_url="http://127.0.0.1:8000")
    page = first.get("/").text
    second.cookies = first.cookies
    response = second.post("/check-in", data={"csrf": hidden(page, "csrf"), "step": "about"})
    assert response.status_code == 200 and "Step 3 of 7" in response.text


def test_bad_settings_are_refused_by_serve() -> None:
    from click.testing import CliRunner

    from bumpwise.cli import main

    result = CliRunner().invoke(main, ["serve", "--port", "70000", "--config", "/nonexistent"])
    assert result.exit_code == 2 and "port" in result.output


def test_worker_sockets_are_tcp_and_share_the_port() -> None:
    import socket

    from bumpwise.web.workers import listening_socket

    first = listening_socket("127.0.0.1", 0)
    port = first.getsockname()[1]
    second = listening_socket("127.0.0.1", port)  # a second worker on the same port
    try:
        for sock in (first, second):
            # asyncio sets TCP_NODELAY only on sockets whose proto says TCP (no 40 ms delayed-ACK waits)
            assert sock.proto == socket.IPPROTO_TCP
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
    finally:
        first.close()
        second.close()


@pytest.mark.slow
def test_serve_with_two_workers_answers_and_stops_cleanly(tmp_path: Any) -> None:
    import os
    import signal
    import socket
    import subprocess
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "BUMPWISE_CONFIG": str(tmp_path / "none.toml"), "BUMPWISE_DATA_DIR": str(tmp_path)}
    server = subprocess.Popen([sys.executable, "-m", "bumpwise", "serve", "--port", str(port), "--workers", "2",
                               "--emergency-number", "112", "--log-level", "warning"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline, "the server did not start"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        time.sleep(2)  # the second worker
        for _ in range(10):  # new connections, so both workers are likely to answer
            response = httpx.post(f"http://127.0.0.1:{port}/api/assess", json={"week": 30, "findings": ["fever"]})
            assert response.status_code == 200 and response.json()["triage"]["level"] == "urgent"
            page = httpx.get(f"http://127.0.0.1:{port}/")
            assert "112" in page.text  # the flag reached the workers
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=30)
    assert server.returncode == 0, err.decode()[-2000:]


def test_stylesheet_places_and_highlights_every_body_map_region() -> None:
    from pathlib import Path

    from bumpwise.web.bodymap import SPOTS

    css = (Path(__file__).resolve().parent.parent / "src/bumpwise/web/static/css/bumpwise.css").read_text()
    for spot in SPOTS:
        assert f".pin-y{int(spot.pin_y)} {{ top: {spot.top_percent:.2f}%; }}" in css, spot.id
        assert f".bodymap:has(#loc-{spot.id}:checked) .r-{spot.id}" in css, spot.id
        assert f".bodymap:has(#loc-{spot.id}:focus-visible) .r-{spot.id}" in css, spot.id


@pytest.mark.parametrize("body", ['{"id": NaN}', '{"id": Infinity}', '{"id": 1e999}', '{"id": "\\ud800"}',
                                  '{"text": "\\udc80 back"}', '{"week": NaN}', '{"findings": ["\\ud800"]}'])
def test_api_refuses_what_json_cannot_echo_with_a_422(client: TestClient, body: str) -> None:
    response = client.post("/api/assess", content=body.encode(), headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["errors"]


def test_the_multi_worker_parent_does_not_import_the_web_app() -> None:
    """`bumpwise serve --workers 2`: the parent only starts and stops the workers (issue 14)."""
    import subprocess
    import sys

    code = ("import sys\n"
            "import bumpwise.web.workers as w\n"
            "w.run_workers = lambda *a, **k: print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'fastapi', 'starlette', 'uvicorn', 'jinja2', 'sqlalchemy', 'pydantic'}), "
            "'bumpwise.web.app' in sys.modules) or 0\n"
            "from bumpwise.cli import main\n"
            "main(['serve', '--workers', '2', '--port', '8765'])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[] False"
