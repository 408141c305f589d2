"""The same answers give the same result through the web pages, the JSON API and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bumpwise.knowledge import KnowledgeBase
from web_helpers import Shown, complete_check_in, confirm_answers, make_client, read_result, shown_by_result

REPO = Path(__file__).resolve().parent.parent


def dev_cases(shared_file: Any) -> list[dict[str, Any]]:
    lines = shared_file("vignettes", "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_pages_api_and_cli_agree_on_every_structured_dev_case(kb: KnowledgeBase, shared_file: Any) -> None:
    cases = [c for c in dev_cases(shared_file) if not c["input"].get("text")]
    assert len(cases) >= 30
    client = make_client()
    page_results: list[Shown] = []
    for case in cases:
        page = complete_check_in(client, case["input"], kb)
        shown = read_result(page)
        # The page sent what the person answered to the questions it asked: the check-in asks a
        # warning sign only when a yes would raise the level (ask_next), so a case's sign that
        # cannot change the level may go unasked; nothing she did not report is sent.
        given = set(case["input"].get("findings", ()))
        implied = {f for q in kb.questions if given & set(q.denied_by_no) for f in q.findings}
        assert set(shown.input["findings"]) <= given | implied, case["id"]
        assert set(shown.input.get("flags", ())) <= set(case["input"].get("flags", ())), case["id"]
        if shown.level != "emergency":  # an emergency sign stops the check-in before the week is asked
            assert shown.input.get("week") == case["input"].get("week"), case["id"]
        page_results.append(shown)

    api = [client.post("/api/assess", json=s.input).json() for s in page_results]
    cli = subprocess.run([sys.executable, "-m", "bumpwise", "assess", "--jsonl"], cwd=REPO, check=True,
                         input="\n".join(json.dumps(s.input) for s in page_results), capture_output=True,
                         text=True, timeout=120).stdout.splitlines()
    assert len(cli) == len(cases)
    for case, shown, from_api, cli_line in zip(cases, page_results, api, cli, strict=True):
        from_cli = json.loads(cli_line)
        expected = shown_by_result(from_api)
        expected.input = shown.input
        assert shown == expected, case["id"]
        assert from_cli == from_api, case["id"]
        assert from_api["triage"]["level"] == case["expect"]["triage"] or from_api["triage"]["level"] in case[
            "expect"].get("triage_ok", ()), case["id"]


def test_a_free_text_check_in_matches_the_api(kb: KnowledgeBase, shared_file: Any) -> None:
    from bumpwise.web import freetext

    if not freetext.available():
        pytest.skip("bumpwise.text (the free-text reader) is not installed yet")
    client = make_client()
    for case in [c for c in dev_cases(shared_file) if c["input"].get("text")][:4]:
        text = case["input"]["text"]
        shown = read_result(confirm_answers(client, text, kb))
        from_api = client.post("/api/assess", json=shown.input).json()
        expected = shown_by_result(from_api)
        expected.input = shown.input
        assert shown == expected, case["id"]
        # Confirming what the words said gives the same level as sending the words themselves.
        with_text = client.post("/api/assess", json={"text": text}).json()
        assert from_api["triage"]["level"] == with_text["triage"]["level"], case["id"]
