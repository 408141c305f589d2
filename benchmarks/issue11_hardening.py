#!/usr/bin/env python3
"""Issue 11's hardening items, measured on one source tree (this one by default, or `--src` of
another checkout, e.g. the commit before issue 11 extracted with `git archive BASE src | tar -x`).

    .venv/bin/python benchmarks/issue11_hardening.py [--src PATH] [--only locked,timeline,...]

Every measure starts `python -m bumpwise serve` (personal mode, a fresh data folder) with
PYTHONPATH set to the tree's `src`, or runs in a fresh interpreter on that tree:

- locked: another process holds SQLite's write lock (BEGIN IMMEDIATE) while a diary entry is
  posted; meanwhile GET /api/health and POST /api/assess are sent every 100 ms. Reports the
  entry's status and time, the slowest health and assess answers while it waited, and what
  `bumpwise diary add` prints in the same situation.
- timeline: GET /diary with 10,000 entries (in process, Starlette's TestClient).
- import: a year of daily entries (365, with a check-in a week) exported by GET
  /diary/export.json and posted to /diary/import on a fresh diary.
- slow: a silent connection, a header sent one byte a second, a body promised but not sent:
  how long until the server closes each (30 s at most); and whether a normal request is still
  answered with 1,500 silent connections open.
- methods: PUT /api/assess, DELETE /diary, POST /api/health: status, Allow, body.
- openapi: the operations documented with a JSON answer that really answer HTML, and whether
  findings, flags and denied are typed as the vocabulary's ids.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
SECTIONS = ("locked", "timeline", "import", "slow", "methods", "openapi")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env_for(src: Path, data: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(src), BUMPWISE_DATA_DIR=str(data))
    env.pop("BUMPWISE_DATABASE_URL", None)
    return env


@contextmanager
def server(src: Path, data: Path, *extra: str) -> Any:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bumpwise", "serve", "--port", str(port), "--log-level",
                             "warning", *extra], env=env_for(src, data), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/api/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base, port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def in_tree(src: Path, data: Path, code: str, timeout: float = 600) -> Any:
    """Run `code` in a fresh interpreter on the tree; it prints one JSON value last."""
    out = subprocess.run([sys.executable, "-c", code], env=env_for(src, data), capture_output=True, text=True,
                         timeout=timeout)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def csrf(client: httpx.Client, base: str) -> str:
    page = client.get(base + "/diary/add").text
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert match, "no CSRF token on the form"
    return match.group(1)


def measure_locked(src: Path, tmp: Path) -> dict[str, Any]:
    data = tmp / "locked"
    with server(src, data) as (base, _):
        client = httpx.Client(timeout=120)
        token = csrf(client, base)
        db = sqlite3.connect(data / "bumpwise.sqlite3", isolation_level=None, timeout=1)
        db.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        outcome: dict[str, Any] = {}

        def post() -> None:
            start = time.perf_counter()
            try:
                r = client.post(base + "/diary/add", data={"csrf": token, "pain_low_back": "4"},
                                follow_redirects=False)
                outcome["status"] = r.status_code
                outcome["retry_after"] = r.headers.get("retry-after")
                outcome["says"] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text))[:160].strip()
            except httpx.HTTPError as error:
                outcome["status"] = type(error).__name__
            outcome["seconds"] = round(time.perf_counter() - start, 2)

        thread = threading.Thread(target=post)
        thread.start()
        other = httpx.Client(timeout=60)
        health: list[float] = []
        assess: list[float] = []
        while thread.is_alive():
            for path, times in (("/api/health", health), ("/api/assess", assess)):
                t = time.perf_counter()
                try:
                    if path == "/api/health":
                        other.get(base + path)
                    else:
                        other.post(base + path, json={"week": 30, "findings": ["low_back"]})
                except httpx.HTTPError:
                    pass
                times.append(time.perf_counter() - t)
            time.sleep(0.1)
        thread.join()
        cli = subprocess.run([sys.executable, "-m", "bumpwise", "diary", "add", "--pain", "low_back=3"],
                             env=env_for(src, data), capture_output=True, text=True, timeout=120)
        db.execute("ROLLBACK")
        db.close()
    return {"entry": outcome, "health_max_ms": round(max(health) * 1000, 1), "health_n": len(health),
            "assess_max_ms": round(max(assess) * 1000, 1),
            "cli": {"exit": cli.returncode, "traceback": "Traceback" in cli.stderr,
                    "says": cli.stderr.strip().splitlines()[-1][:200] if cli.stderr.strip() else ""}}


FILL = """
import json, random, sys, time
from datetime import date, timedelta
from bumpwise.diary.records import DiaryEntry, PainRating, CheckIn
from bumpwise.storage import open_store
import bumpwise
store = open_store(url="sqlite:///{db}")
rng = random.Random(11)
start = date(2024, 1, 1)
for i in range({n}):
    day = start + timedelta(days=i % 366)
    store.add_entry(DiaryEntry(day=day, week=min(42, 8 + (i % 366) // 7) if i % 3 else None,
                               pains=(PainRating(region="low_back", score=rng.randint(0, 10), side="left"),
                                      PainRating(region="pubic", score=rng.randint(0, 10))),
                               tried=("warm bath",), helped=(), sleep_hours=7.0, sleep_disturbed=bool(i % 2),
                               note="stairs were hard" if i % 5 == 0 else None))
    if {checkins} and i % 7 == 0:
        given = {{"week": min(42, 8 + i // 7), "findings": ["low_back", "dull_ache"]}}
        result = bumpwise.assess(given)
        store.save_checkin(CheckIn(day=day, week=given["week"], input=given, result=result,
                                   knowledge_version=result["knowledge_version"],
                                   engine_version=result["engine_version"]))
print(json.dumps(dict(store.counts())))
"""

TIMELINE = """
import json, time
from fastapi.testclient import TestClient
from bumpwise.settings import load_settings
from bumpwise.web.app import create_app
client = TestClient(create_app(load_settings()), base_url="http://127.0.0.1")
times = []
for _ in range({rounds}):
    t = time.perf_counter()
    r = client.get("/diary")
    times.append(time.perf_counter() - t)
    assert r.status_code == 200, r.status_code
print(json.dumps({{"ms": [round(x * 1000, 1) for x in times], "bytes": len(r.content)}}))
"""


def measure_timeline(src: Path, tmp: Path, n: int = 10_000) -> dict[str, Any]:
    data = tmp / "timeline"
    data.mkdir()
    counts = in_tree(src, data, FILL.format(db=data / "bumpwise.sqlite3", n=n, checkins=False))
    got = in_tree(src, data, TIMELINE.format(rounds=3), timeout=900)
    return {"entries": counts["entries"], "get_diary_ms": got["ms"], "page_bytes": got["bytes"]}


IMPORT = """
import json, time
from fastapi.testclient import TestClient
from bumpwise.settings import load_settings
from bumpwise.web.app import create_app
import re
client = TestClient(create_app(load_settings()), base_url="http://127.0.0.1")
exported = client.get("/diary/export.json").content
from pathlib import Path
Path({fresh!r}).mkdir()
other = TestClient(create_app(load_settings(data_dir=Path({fresh!r}))), base_url="http://127.0.0.1")
token = re.search(r'name="csrf" value="([0-9a-f]+)"', other.get("/diary/transfer").text).group(1)
t = time.perf_counter()
r = other.post("/diary/import", data={{"csrf": token, "mode": "merge"}},
               files={{"file": ("export.json", exported, "application/json")}}, follow_redirects=False)
took = time.perf_counter() - t
print(json.dumps({{"export_bytes": len(exported), "status": r.status_code, "ms": round(took * 1000),
                  "location": r.headers.get("location"), "says": r.text[:120]}}))
"""


def measure_import(src: Path, tmp: Path) -> dict[str, Any]:
    data = tmp / "import"
    data.mkdir()
    in_tree(src, data, FILL.format(db=data / "bumpwise.sqlite3", n=365, checkins=True))
    return dict(in_tree(src, data, IMPORT.format(fresh=str(tmp / "import-fresh"))))


def closed_after(port: int, send: list[bytes], every: float, limit: float = 30) -> float | None:
    """Connect, send the pieces one per `every` seconds; seconds until the server closes, or None."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(0.2)
    start = time.monotonic()
    pieces = list(send)
    next_send = start
    try:
        while time.monotonic() - start < limit:
            if pieces and time.monotonic() >= next_send:
                try:
                    s.sendall(pieces.pop(0))
                except OSError:
                    return round(time.monotonic() - start, 1)
                next_send += every
            try:
                if s.recv(65536) == b"":
                    return round(time.monotonic() - start, 1)
                # an answer (408, 400...) then close: keep reading until the close
            except TimeoutError:
                pass
            except OSError:
                return round(time.monotonic() - start, 1)
        return None
    finally:
        s.close()


def measure_slow(src: Path, tmp: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with server(src, tmp / "slow") as (base, port):
        out["silent_closed_after_s"] = closed_after(port, [], 1)
        slow_headers = [b"GET / HTTP/1.1\r\n"] + [bytes([c]) for c in b"Host: 127.0.0.1\r\nX-Slow: " + b"a" * 40]
        out["header_byte_per_second_closed_after_s"] = closed_after(port, slow_headers, 1)
        body = (b"POST /api/assess HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000\r\n\r\n{")
        out["body_never_sent_closed_after_s"] = closed_after(port, [body], 1)
        socks = []
        try:
            for _ in range(1500):
                try:
                    socks.append(socket.create_connection(("127.0.0.1", port), timeout=2))
                except OSError:
                    break
            out["silent_connections_opened"] = len(socks)
            t = time.perf_counter()
            try:
                r = httpx.get(base + "/api/health", timeout=10)
                out["request_with_them_open"] = {"status": r.status_code,
                                                 "ms": round((time.perf_counter() - t) * 1000, 1)}
            except httpx.HTTPError as error:
                out["request_with_them_open"] = {"status": type(error).__name__}
        finally:
            for s in socks:
                s.close()
    return out


def measure_methods(src: Path, tmp: Path) -> dict[str, Any]:
    out = {}
    with server(src, tmp / "methods") as (base, _):
        for method, path in (("PUT", "/api/assess"), ("DELETE", "/diary"), ("POST", "/api/health")):
            r = httpx.request(method, base + path, timeout=10)
            out[f"{method} {path}"] = {"status": r.status_code, "allow": r.headers.get("allow"),
                                      "body": r.text[:100]}
    return out


OPENAPI = """
import json
from fastapi.testclient import TestClient
from bumpwise.settings import load_settings
from bumpwise.web.app import create_app
client = TestClient(create_app(load_settings()), base_url="http://127.0.0.1")
spec = client.get("/openapi.json").json()
wrong, ops = [], 0
for path, item in spec["paths"].items():
    for method, op in item.items():
        ops += 1
        ok = op.get("responses", {{}}).get("200") or op.get("responses", {{}}).get("201") or {{}}
        documented = set(ok.get("content", {{}}))
        if method != "get" or "{{" in path:
            continue
        real = client.get(path).headers.get("content-type", "").split(";")[0]
        if real == "text/html" and "text/html" not in documented:
            wrong.append(path)
schemas = spec.get("components", {{}}).get("schemas", {{}})
def enum_of(model, field):
    prop = schemas.get(model, {{}}).get("properties", {{}}).get(field, {{}})
    items = prop.get("items", {{}})
    if "$ref" in items:
        items = schemas[items["$ref"].split("/")[-1]]
    return bool(items.get("enum"))
print(json.dumps({{"operations": ops, "html_documented_as_json": wrong,
                  "enums": {{f: enum_of("AssessInput", f) for f in ("findings", "flags", "denied")}}}}))
"""


def measure_openapi(src: Path, tmp: Path) -> dict[str, Any]:
    data = tmp / "openapi"
    data.mkdir()
    return dict(in_tree(src, data, OPENAPI.format()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=REPO / "src")
    parser.add_argument("--only", default=",".join(SECTIONS))
    args = parser.parse_args()
    results: dict[str, Any] = {"src": str(args.src)}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for name in args.only.split(","):
            start = time.perf_counter()
            results[name] = globals()[f"measure_{name}"](args.src.resolve(), tmp)
            print(f"{name} ({time.perf_counter() - start:.0f} s): {json.dumps(results[name])}", flush=True)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
