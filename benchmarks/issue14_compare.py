#!/usr/bin/env python3
"""Issue 14's targets: today's code path and the base commit's, side by side in one run.

Speed figures taken minutes apart on a shared machine differ by more than the changes being
measured, so (like benchmarks/text_speed_compare.py) this checks the base commit out into a
temporary git worktree and alternates rounds between it ("old") and this tree ("new"), each
round in a fresh interpreter whose PYTHONPATH picks the side, with the same inputs. Every figure
is the median of the rounds; the ratio is new against old.

    .venv/bin/python benchmarks/issue14_compare.py [--base b59d766] [--rounds 3]
        [--only engine,cli,text,json,diary,web]

- engine: in-process `bumpwise.assess` on benchmarks/core_speed.py's 5,000 structured cases,
  pinned to one core (best of 3 passes a round); "new" runs the mypyc-compiled engine where
  scripts/compile_engine.py built it, "new, pure Python" the same code without it.
- cli: wall time of `bumpwise assess` for one case and of `bumpwise --help` (median of 10 a
  round), with the compiled knowledge snapshot in place (it is built on the first run).
- text: the free-text reader, texts of about 300 characters a second on one core.
- json: encoding one result for the API (compact) and for `--pretty`, `json` against orjson.
- diary: one diary entry written (SQLite, WAL, synchronous=FULL, one transaction each), and
  the same transaction on bare sqlite3 for the disk's own share.
- web: `bumpwise serve --workers 2` on loopback, POST /api/assess at 200 requests/s open-loop
  (latency counted from when each request was due, so a slow server cannot hide queueing),
  the server processes' CPU per request, and the parent process's memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
BIN = Path(sys.executable).parent / "bumpwise"
SECTIONS = ("engine", "cli", "text", "json", "diary", "web")

ENGINE = """
import json, sys, time
sys.path.insert(0, {bench!r})
from core_speed import make_cases
from bumpwise import assess
import bumpwise.engine as engine
cases = make_cases({n})
for case in cases[:300]:
    assess(case)
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    for case in cases:
        assess(case)
    best = min(best, time.perf_counter() - start)
print(json.dumps({{"per_second": len(cases) / best,
                  "compiled": bool(getattr(engine, "compiled_in_use", lambda: False)())}}))
"""

TEXT = """
import json, sys, time
sys.path.insert(0, {bench!r})
from text_speed import texts_of_300
from bumpwise.text import read_text
from bumpwise.text.reader import read_text_strict
texts = texts_of_300({n})
assert sum(len(read_text_strict(t).findings) for t in texts[:200]) > 200, "the reader reads nothing"
start = time.perf_counter()
for t in texts:
    read_text(t)
print(json.dumps({{"per_second": len(texts) / (time.perf_counter() - start)}}))
"""

JSON_ENCODING = """
import json, sys, time
sys.path.insert(0, {bench!r})
from core_speed import make_cases
from bumpwise import assess
results = [assess(c) for c in make_cases(2000)]
def each(encode):
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for r in results:
            encode(r)
        best = min(best, time.perf_counter() - start)
    return best / len(results) * 1e6
out = {{"compact_us": each(lambda r: json.dumps(r, ensure_ascii=False, allow_nan=False, indent=None,
                                                 separators=(",", ":")).encode()),
       "pretty_us": each(lambda r: json.dumps(r, ensure_ascii=False, indent=2))}}
try:
    from bumpwise.jsonout import dumps_compact, dumps_pretty
except ImportError:
    pass
else:
    out = {{"compact_us": each(dumps_compact), "pretty_us": each(dumps_pretty)}}
print(json.dumps(out))
"""

DIARY = """
import json, sqlite3, statistics, sys, tempfile, time
sys.path.insert(0, {bench!r})
from datetime import date
from diary_bench import entry
from bumpwise.storage import open_store
folder = tempfile.mkdtemp()
with open_store(url=f"sqlite:///{{folder}}/diary.sqlite3") as store:
    entries = [entry(n % 400, date(2025, 1, 1)) for n in range({n} + 1)]
    store.add_entry(entries[0])
    times = []
    for e in entries[1:]:
        start = time.perf_counter()
        store.add_entry(e)
        times.append(time.perf_counter() - start)
bare = sqlite3.connect(f"{{folder}}/bare.sqlite3", isolation_level=None)
bare.execute("PRAGMA journal_mode=WAL")
bare.execute("PRAGMA synchronous=FULL")
bare.execute("CREATE TABLE e (id TEXT PRIMARY KEY, body TEXT)")
bare.execute("CREATE TABLE p (id TEXT, region TEXT, score INT)")
disk = []
for i in range({n}):
    start = time.perf_counter()
    bare.execute("BEGIN IMMEDIATE")
    bare.execute("INSERT INTO e VALUES (?, ?)", (str(i), "x" * 200))
    bare.executemany("INSERT INTO p VALUES (?, ?, ?)", [(str(i), r, 3) for r in ("a", "b", "c")])
    bare.execute("COMMIT")
    disk.append(time.perf_counter() - start)
print(json.dumps({{"median_ms": statistics.median(times) * 1000, "mean_ms": statistics.fmean(times) * 1000,
                  "disk_median_ms": statistics.median(disk) * 1000}}))
"""


def pinned(command: list[str]) -> list[str]:
    if hasattr(os, "sched_getaffinity"):
        return ["taskset", "-c", str(min(os.sched_getaffinity(0))), *command]
    return command


def environment(src: Path, cache: Path, pure: bool = False) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(src), "BUMPWISE_CACHE_DIR": str(cache), "BUMPWISE_CONFIG": "/nonexistent"}
    env.pop("BUMPWISE_PURE_PYTHON", None)
    if pure:
        env["BUMPWISE_PURE_PYTHON"] = "1"
    return env


def run_code(code: str, env: dict[str, str], pin: bool = True) -> dict[str, Any]:
    command = [sys.executable, "-c", code]
    out = subprocess.run(pinned(command) if pin else command, env=env, check=True, capture_output=True,
                         text=True, cwd=REPO).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def wall_ms(command: list[str], env: dict[str, str], stdin: bytes = b"", runs: int = 10) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, input=stdin, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


# --- web ----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            todo.extend(int(c) for c in task.read_text().split())
    return out


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    match = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(match.group(1)) / 1024 if match else 0.0


def bodies(count: int, seed: int = 4) -> list[bytes]:
    sys.path.insert(0, str(BENCH))
    from web_load import bodies as varied

    return varied(count, seed)


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> bytes:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = re.search(rb"(?i)content-length: *(\d+)", head)
    await reader.readexactly(int(length.group(1)) if length else 0)
    return head


async def open_loop(port: int, rate: float, seconds: float, payloads: list[bytes],
                    on_start: Callable[[], None]) -> dict[str, Any]:
    """Requests sent at fixed times whatever the answers; latency from when each was due."""
    connections: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    opened = [await asyncio.open_connection("127.0.0.1", port) for _ in range(64)]
    for reader, writer in opened:
        await exchange(reader, writer, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        connections.put_nowait((reader, writer))
    requests = [b"POST /api/assess HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(p), p) for p in payloads]
    for request in requests[:200]:  # warm up: every worker has answered many times
        reader, writer = await connections.get()
        await exchange(reader, writer, request)
        connections.put_nowait((reader, writer))
    latencies: list[float] = []
    errors: list[str] = []
    loop = asyncio.get_running_loop()

    async def one(request: bytes, due: float) -> None:
        reader, writer = await connections.get()
        try:
            head = await exchange(reader, writer, request)
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(head.split(b"\r\n")[0].decode())
        finally:
            connections.put_nowait((reader, writer))
        latencies.append((loop.time() - due) * 1000)

    count = int(rate * seconds)
    on_start()
    start = loop.time()
    tasks = []
    for index in range(count):
        due = start + index / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(requests[index % len(requests)], due)))
    async with asyncio.timeout(60):
        await asyncio.gather(*tasks)
    for _, writer in opened:
        writer.close()
    latencies.sort()
    return {"requests": len(latencies), "errors": len(errors), "p50_ms": statistics.median(latencies),
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1], "max_ms": latencies[-1]}


def web_round(env: dict[str, str], data: Path, rate: float, seconds: float) -> dict[str, Any]:
    port = free_port()
    server = subprocess.Popen([str(BIN), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
                               "--log-level", "warning"], env={**env, "BUMPWISE_DATA_DIR": str(data)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                    probe.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    if probe.recv(64).startswith(b"HTTP/1.1 200"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start within 60 s")
            time.sleep(0.2)
        time.sleep(3)  # the other worker imports and listens too
        parent_mb = rss_mb(server.pid)
        before: dict[str, float] = {}

        def mark() -> None:
            before["cpu"] = cpu_seconds(descendants(server.pid))

        report = asyncio.run(open_loop(port, rate, seconds, bodies(500), mark))
        cpu = cpu_seconds(descendants(server.pid)) - before["cpu"]
        report.update(cpu_ms_per_request=cpu / report["requests"] * 1000, parent_rss_mb=parent_mb)
        return report
    finally:
        server.terminate()
        server.wait(20)


# --- the run ------------------------------------------------------------------------------------

@contextmanager
def base_worktree(base: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="bumpwise-base-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), base], cwd=REPO, check=True,
                   capture_output=True)
    try:
        yield folder / "src"
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=REPO, check=False,
                       capture_output=True)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return (f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {os.getloadavg()[0]:.2f} at the end")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="b59d766", help="the commit to compare against (before issue 14)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default=",".join(SECTIONS))
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    only = [s for s in args.only.split(",") if s]
    if unknown := set(only) - set(SECTIONS):
        parser.error(f"unknown sections {sorted(unknown)}")
    with base_worktree(args.base) as old_src, tempfile.TemporaryDirectory() as work:
        cache = Path(work) / "cache"
        sides = {"old": environment(old_src, cache), "new": environment(REPO / "src", cache),
                 "new_pure": environment(REPO / "src", cache, pure=True)}
        fill = {"bench": str(BENCH)}
        one_case = json.dumps({"week": 30, "findings": ["sacroiliac", "worse_turning_in_bed"]}).encode()
        subprocess.run([str(BIN), "assess"], env=sides["new"], input=one_case, check=True, capture_output=True)
        seen: dict[str, dict[str, list[float]]] = {}

        def note(section: str, side: str, values: dict[str, Any]) -> None:
            for key, value in values.items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    seen.setdefault(f"{section}:{key}", {}).setdefault(side, []).append(float(value))

        for round_number in range(args.rounds):
            for side in ("old", "new"):
                env = sides[side]
                if "engine" in only:
                    note("engine", side, run_code(ENGINE.format(n=args.cases, **fill), env))
                    if side == "new":
                        note("engine", "new_pure", run_code(ENGINE.format(n=args.cases, **fill), sides["new_pure"]))
                if "cli" in only:
                    note("cli", side, {"assess_ms": wall_ms([str(BIN), "assess"], env, one_case),
                                       "help_ms": wall_ms([str(BIN), "--help"], env)})
                if "text" in only:
                    note("text", side, run_code(TEXT.format(n=args.texts, **fill), env))
                if "json" in only:
                    note("json", side, run_code(JSON_ENCODING.format(**fill), env))
                if "diary" in only:
                    note("diary", side, run_code(DIARY.format(n=300, **fill), env))
                if "web" in only:
                    note("web", side, web_round(env, Path(work) / f"data-{side}-{round_number}", args.rate,
                                                args.seconds))
            print(f"round {round_number + 1} of {args.rounds} done", file=sys.stderr)
    print(f"| measure | old ({args.base}) | new | new / old |")
    print("|---|---|---|---|")
    for key, by_side in seen.items():
        old = statistics.median(by_side.get("old", [float("nan")]))
        for side in ("new", "new_pure"):
            if side not in by_side:
                continue
            new = statistics.median(by_side[side])
            label = key + (" (pure Python)" if side == "new_pure" else "")
            print(f"| {label} | {old:,.3f} | {new:,.3f} | {new / old if old else float('nan'):.2f} |")
    print(f"\n{args.rounds} rounds, medians; machine: {machine()}")


if __name__ == "__main__":
    main()
