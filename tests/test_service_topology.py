"""The deployment's topology without a container engine (issue 11): two `bumpwise serve --service`
processes on different ports share one PostgreSQL. Sign in on one; the session, the CSRF token and
a share link made there all work on the other (nothing a second host needs is in process memory).
Also: health and readiness, JSON-lines logs without personal data or share secrets."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import test_storage_backends as backends
from web_helpers import hidden

postgres_url = backends.postgres_url
pytestmark = pytest.mark.postgres


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def two_servers(postgres_url: str, tmp_path: Path) -> Iterator[tuple[str, str, list[Path]]]:
    env = dict(os.environ, BUMPWISE_SERVICE="1", BUMPWISE_SECRET_KEY="k" * 48, BUMPWISE_DATABASE_URL=postgres_url,
               BUMPWISE_LOG_FORMAT="json", BUMPWISE_DATA_DIR=str(tmp_path))
    procs, bases, logs = [], [], []
    for i in range(2):
        port = _port()
        log = tmp_path / f"server{i}.log"
        procs.append(subprocess.Popen([sys.executable, "-m", "bumpwise", "serve", "--port", str(port)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=log.open("w")))
        bases.append(f"http://127.0.0.1:{port}")
        logs.append(log)
    try:
        for base in bases:
            for _ in range(300):
                try:
                    if httpx.get(base + "/api/ready", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            else:
                raise AssertionError(f"{base} never became ready: {logs[bases.index(base)].read_text()[-2000:]}")
        yield bases[0], bases[1], logs
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)


def test_sign_in_on_one_server_use_the_session_csrf_and_share_link_on_the_other(
        two_servers: tuple[str, str, list[Path]]) -> None:
    one, two, logs = two_servers
    first = httpx.Client(base_url=one, follow_redirects=True)
    token = hidden(first.get("/account/sign-up").text, "csrf")
    made = first.post("/account/sign-up", data={"csrf": token, "name": "fern", "passphrase": "a long passphrase",
                                                "again": "a long passphrase"})
    assert made.status_code == 200 and "Your account is ready" in made.text
    form_token = hidden(first.get("/diary/add").text, "csrf")  # a form served by the first server
    second = httpx.Client(base_url=two, cookies=first.cookies, follow_redirects=True)
    saved = second.post("/diary/add", data={"csrf": form_token, "pain_pubic": "6", "note": "private words"})
    assert saved.status_code == 200 and "Your entry was saved" in saved.text, saved.text[:500]
    assert "private words" in first.get("/diary").text
    shared = first.post("/account/shares", data={"csrf": form_token, "days": "14"}).text
    link = re.search(r'data-share-link>http://127.0.0.1:\d+(/s/[^<]+)<', shared).group(1)  # type: ignore[union-attr]
    assert "private words" in httpx.get(two + link).text
    for base in (one, two):
        assert httpx.get(base + "/api/health").json()["status"] == "ok"
        assert httpx.get(base + "/api/ready").json() == {"status": "ready"}
    time.sleep(0.5)
    lines = [json.loads(line) for log in logs for line in log.read_text().splitlines() if line.startswith("{")]
    assert lines and {"time", "level", "logger", "message"} <= set(lines[0])
    text = "\n".join(line["message"] for line in lines)
    assert "POST /diary/add 200" in text or "POST /diary/add 303" in text
    assert "private words" not in text and "fern" not in text and link.split("/")[2] not in text
    assert "/s/[share]" in text


def test_the_container_files_say_what_docs_service_md_says() -> None:
    """No container engine here: the Dockerfile and compose.yaml are checked as text."""
    import yaml

    repo = Path(__file__).resolve().parent.parent
    dockerfile = (repo / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile and "uv sync --frozen --no-dev" in dockerfile
    assert re.search(r"^USER bumpwise$", dockerfile, re.M) and "HEALTHCHECK" in dockerfile
    compose = yaml.safe_load((repo / "compose.yaml").read_text())
    app = compose["services"]["app"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert "--service" in app["command"] and "--workers" in app["command"]
    assert "/api/ready" in " ".join(app["healthcheck"]["test"])
    assert all(k.startswith("BUMPWISE_") for k in app["environment"])
