"""Helpers for the web tests: an in-process client, a driver that completes the check-in the
way a person would (one step form at a time), and a reader for what the result page shows."""

from __future__ import annotations

import html
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, ClassVar

from starlette.testclient import TestClient

from bumpwise.knowledge import KnowledgeBase
from bumpwise.settings import Settings
from bumpwise.web import create_app
from bumpwise.web.checkin import red_flag_questions, step_findings


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free loopback port, for browser tests."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)
    live = uvicorn.Server(config)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not live.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        live.should_exit = True
        thread.join(10)


def make_client(**settings: Any) -> TestClient:
    return TestClient(create_app(Settings(**settings)), base_url="http://127.0.0.1:8000",
                      raise_server_exceptions=False)


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden field {name!r} on the page"
    return html.unescape(match.group(1))


def step_forms(case: dict[str, Any], kb: KnowledgeBase, answers: dict[str, str] | None = None
               ) -> list[tuple[str, dict[str, Any]]]:
    """The forms a person with this check-in would submit, step by step. Every red-flag question
    is answered: yes when the case reports it, otherwise `answers` or "no"."""
    findings = set(case.get("findings", ()))
    about: dict[str, Any] = {"week": str(case["week"]) if case.get("week") is not None else ""}
    if case.get("text"):
        about["text"] = case["text"]
    where: dict[str, Any] = {"findings": [f for f in step_findings(kb, "where")
                          if f in findings and kb.vocabulary.findings[f].group == "location"]}
    side = [f for f in ("one_side", "both_sides") if f in findings]
    if side:
        where["side"] = side[0]
    feel: dict[str, Any] = {"findings": [f for f in step_findings(kb, "feel") if f in findings]}
    for key in ("pain_score", "onset", "duration_days"):
        if case.get(key) is not None:
            feel[key] = str(case[key])
    pattern = {"findings": [f for f in step_findings(kb, "pattern") if f in findings]}
    other = {"findings": [f for f in step_findings(kb, "other") if f in findings],
             "flags": list(case.get("flags", ()))}
    red: dict[str, Any] = {}
    for q in red_flag_questions(kb):
        given = (answers or {}).get(q.id, "no")
        red[f"q_{q.id}"] = "yes" if findings.intersection(q.signs) else given
    return [("about", about), ("where", where), ("feel", feel), ("pattern", pattern), ("other", other),
            ("red_flags", red)]


def complete_check_in(client: TestClient, case: dict[str, Any], kb: KnowledgeBase,
                      answers: dict[str, str] | None = None) -> str:
    page: str = client.get("/").text
    for step, form in step_forms(case, kb, answers):
        response = client.post("/check-in", data={"csrf": hidden(page, "csrf"), "state": hidden(page, "state"),
                                                  "step": step, "go": "next", **form})
        assert response.status_code == 200, (step, response.status_code, response.text[:2000])
        page = response.text
    return page


@dataclass
class Shown:
    """What a result page shows, read from its markup."""

    level: str = ""
    causes: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    kb_version: str = ""
    input: dict[str, Any] = field(default_factory=dict)


class _Reader(HTMLParser):
    ATTRS: ClassVar[dict[str, str]] = {
        "data-level": "level", "data-cause": "causes", "data-plan-item": "plan", "data-avoid": "avoid",
        "data-withheld": "withheld", "data-red-flag": "red_flags", "data-rule": "rules"}

    def __init__(self) -> None:
        super().__init__()
        self.shown = Shown()
        self._in_version = self._in_input = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in self.ATTRS and value is not None:
                target = getattr(self.shown, self.ATTRS[name])
                if isinstance(target, list):
                    target.append(value)
                else:
                    setattr(self.shown, self.ATTRS[name], value)
            self._in_version |= name == "data-kb-version"
            self._in_input |= name == "id" and value == "assessment-input"

    def handle_data(self, data: str) -> None:
        if self._in_version:
            self.shown.kb_version, self._in_version = data.strip(), False
        if self._in_input:
            self.shown.input, self._in_input = json.loads(data), False


def read_result(page: str) -> Shown:
    reader = _Reader()
    reader.feed(page)
    return reader.shown


def shown_by_result(result: dict[str, Any]) -> Shown:
    """What a result page must show for this engine result."""
    plan = result["plan"]
    return Shown(level=result["triage"]["level"], causes=[c["id"] for c in result["causes"]],
                 plan=[i["id"] for i in plan["items"]], avoid=[a["id"] for a in plan.get("avoid", [])],
                 withheld=[w["id"] for w in plan.get("withheld", [])],
                 red_flags=[r["id"] for r in result.get("red_flags", [])],
                 rules=[r["rule"] for r in result["triage"]["reasons"]], kb_version=result["knowledge_version"])


class _FormReader(HTMLParser):
    """The values a step's form would submit as the page stands (what is pre-ticked or filled)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "textarea" and name:
            self._textarea = name
        if tag != "input" or not name or name in ("csrf", "state", "step"):
            return
        kind = a.get("type", "text")
        if kind in ("checkbox", "radio") and "checked" not in a:
            return
        self.values.setdefault(name, []).append(a.get("value") or "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values.setdefault(self._textarea, []).append(data)
            self._textarea = None


def confirm_answers(client: TestClient, text: str) -> str:
    """Complete the check-in from the person's own words, accepting every pre-filled answer
    and answering "no" to red-flag questions that were not pre-filled."""
    page: str = client.get("/").text
    form: dict[str, Any] = {"text": text}
    for step in ("about", "where", "feel", "pattern", "other", "red_flags"):
        if step != "about":
            reader = _FormReader()
            reader.feed(page)
            form = dict(reader.values)
            if step == "red_flags":
                for name in set(re.findall(r'name="(q_[a-z0-9_]+)"', page)) - set(form):
                    form[name] = "no"
        response = client.post("/check-in", data={"csrf": hidden(page, "csrf"), "state": hidden(page, "state"),
                                                  "step": step, "go": "next", **form})
        assert response.status_code == 200, (step, response.text[:1500])
        page = response.text
    return page
