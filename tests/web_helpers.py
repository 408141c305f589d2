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


class _Inputs(HTMLParser):
    """Every form control on a page: (tag kind, name, value, checked), and the text fields."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[tuple[str, str, str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag in ("input", "textarea") and name and name not in ("csrf",):
            self.controls.append((a.get("type") or tag, name, a.get("value") or "", "checked" in a))


def page_step(page: str) -> str:
    """The check-in step a page shows ("result" for a result page)."""
    if 'data-level="' in page:
        return "result"
    match = re.search(r'name="step" value="([a-z_]+)"', page)
    assert match, page[:2000]
    return match.group(1)


def step_form(page: str, case: dict[str, Any], kb: KnowledgeBase, answers: dict[str, str] | None = None
              ) -> dict[str, Any]:
    """What a person with this check-in submits on the page shown: a warning sign she has is
    "yes", any other is `answers` or "no"; a box is ticked when it names one of her findings."""
    findings, flags = set(case.get("findings", ())), set(case.get("flags", ()))
    by_id = {q.id: q for q in kb.questions}
    step = page_step(page)
    reader = _Inputs()
    reader.feed(page)
    form: dict[str, Any] = {"step": step}
    if step == "about":
        form["week"] = str(case["week"]) if case.get("week") is not None else ""
        if case.get("weeks_since_birth") is not None:  # after the birth (issue 12)
            form["stage"], form["weeks_since_birth"] = "postnatal", str(case["weeks_since_birth"])
        if case.get("text"):
            form["text"] = case["text"]
        return form
    if step == "feel":
        for key in ("pain_score", "onset", "duration_days"):
            if case.get(key) is not None:
                form[key] = str(case[key])
    for kind, name, value, checked in reader.controls:
        if step == "words":  # her words: keep what was understood, as the page offers it
            if checked:
                form.setdefault(name, []).append(value)
            continue
        question = by_id.get(name[2:]) if name.startswith("q_") else None
        if kind == "radio" and question is not None and question.kind == "yes_no":
            if value == "yes":
                says = findings.intersection(question.denied_by_no)
                form[name] = "yes" if says else (answers or {}).get(question.id, "no")
        elif kind == "radio" and question is not None:  # one choice: the side
            if value in findings:
                form[name] = value
        elif kind == "checkbox" and question is not None:
            if value in findings or (value == "yes" and findings.intersection(question.findings)):
                form.setdefault(name, []).append(value)
        elif kind == "checkbox" and name == "flags" and value in flags:
            form.setdefault("flags", []).append(value)
    return form


def complete_check_in(client: TestClient, case: dict[str, Any], kb: KnowledgeBase,
                      answers: dict[str, str] | None = None, steps: list[str] | None = None,
                      add_details: bool = True) -> str:
    """Walk the check-in from the start page to the result as a person with this case would,
    one page at a time (`steps`, when given, collects the steps shown). An urgent result comes
    as soon as an answer reaches it; with `add_details` she then answers the rest."""
    client.post("/check-in", data={"csrf": hidden(client.get("/").text, "csrf"), "go": "new"})
    page: str = client.get("/").text
    for _ in range(20):
        step = page_step(page)
        if steps is not None:
            steps.append(step)
        if step == "result" and not (add_details and 'name="go" value="details"' in page):
            return page
        form = {"go": "details"} if step == "result" else step_form(page, case, kb, answers)
        response = client.post("/check-in", data={"csrf": hidden(page, "csrf"), "go": "next", **form})  # type: ignore[dict-item]
        assert response.status_code == 200, (step, response.status_code, response.text[:3000])
        page = response.text
    raise AssertionError("the check-in did not reach a result in 20 pages")


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
    """What a result page must show for this engine result (at most three causes)."""
    plan = result["plan"]
    return Shown(level=result["triage"]["level"], causes=[c["id"] for c in result["causes"][:3]],
                 plan=[i["id"] for i in plan["items"]], avoid=[a["id"] for a in plan.get("avoid", [])],
                 withheld=[w["id"] for w in plan.get("withheld", [])],
                 red_flags=[r["id"] for r in result.get("red_flags", [])],
                 rules=[r["rule"] for r in result["triage"]["reasons"]], kb_version=result["knowledge_version"])


def confirm_answers(client: TestClient, text: str, kb: KnowledgeBase) -> str:
    """Complete the check-in from the person's own words, confirming what was understood and
    answering "no" to every question asked after."""
    return complete_check_in(client, {"text": text}, kb)
