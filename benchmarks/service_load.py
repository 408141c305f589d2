"""Load benchmark of service mode on PostgreSQL (issue 11): `bumpwise serve --service` under an
open-loop rate of mixed signed-in traffic, with p50/p95/p99 latency and errors for each kind.

    eval "$(bash scripts/test-env.d/20-postgres.sh)"     # a local PostgreSQL; sets the URL below
    .venv/bin/python benchmarks/service_load.py            # 200 requests/s for 60 s, 2 workers
    .venv/bin/python benchmarks/service_load.py --rate 100 --seconds 30 --workers 1 --json out.json

The database URL is --database-url or BUMPWISE_TEST_POSTGRES_URL; the benchmark makes its own
database in that server (bumpwise_load_<pid>) and drops it at the end, so nothing else's data is
touched. The server is started here on a free 127.0.0.1 port and stopped at the end.

Before the timed run: --accounts accounts are made with a passphrase (the normal sign-up form),
each with 10 diary entries and one share with the midwife (link and code). Then requests are sent
at fixed times (request i at start + i/rate, whatever the answers before it; an open loop, as
people arrive) for --seconds. The mix:

    check-in step   POST /check-in, the first step answered   (signed in)   20 %
    check-in save   POST /diary/save, a check-in saved          (signed in)   10 %
    diary read      GET /diary                                 (signed in)   25 %
    summary read    GET /diary/summary                         (signed in)    5 %
    diary write     POST /diary/add, a new entry               (signed in)   15 %
    share by link   GET /s/<link secret>                       (the midwife) 15 %
    share by code   GET /s/<code>                              (the midwife) 10 %

Latency is measured from each request's planned time to the end of its answer, so time a request
waited because the machine was busy is counted (no coordinated omission). An error is any answer
other than the one expected (200 or 303), a timeout (--timeout), a failed connection, or a request
not sent because --in-flight requests were already waiting (so an overloaded server does not take
the load generator down with it). The load generator runs in this process on the same machine:
send_lag_p99_ms says how late it sent; when it is large, the machine, not only the server, was full.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

REPO = Path(__file__).resolve().parent.parent
MIX = (("check-in step", 20), ("check-in save", 10), ("diary read", 25), ("summary read", 5),
       ("diary write", 15), ("share by link", 15), ("share by code", 10))
REGIONS = ("low_back", "pubic", "sacroiliac", "buttock")
ASSESSMENT = {"findings": ["low_back", "dull_ache", "worse_sitting"], "week": 30, "pain_score": 5}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def psycopg_url(url: str, database: str | None = None) -> str:
    """The URL as psycopg takes it (no '+psycopg'), optionally naming another database."""
    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://", 1))
    if database is not None:
        parts = parts._replace(path="/" + database)
    return urlunsplit(parts)


@contextmanager
def scratch_database(url: str) -> Any:
    """A new empty database on the server at `url`, dropped afterwards; yields its SQLAlchemy URL."""
    import psycopg

    name = f"bumpwise_load_{os.getpid()}"
    with psycopg.connect(psycopg_url(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path="/" + name))
    finally:
        with psycopg.connect(psycopg_url(url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def service(database_url: str, workers: int, data: Path) -> Any:
    port = free_port()
    env = dict(os.environ, BUMPWISE_SERVICE="1", BUMPWISE_SECRET_KEY="load-benchmark-" + "k" * 40,
               BUMPWISE_DATABASE_URL=database_url, BUMPWISE_DATA_DIR=str(data), PYTHONPATH=str(REPO / "src"))
    log = (data / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "bumpwise", "serve", "--port", str(port), "--workers",
                             str(workers), "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/api/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError("the server stopped: " + (data / "server.log").read_text()[-2000:])
            time.sleep(0.1)
        else:
            raise RuntimeError("the server never became ready")
        yield base, proc.pid
    finally:
        proc.terminate()
        with suppress(subprocess.TimeoutExpired):
            proc.wait(15)
        proc.kill()  # nothing if it has ended
        log.close()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far (Linux /proc), 0 if it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """The process and its descendants (the server and its workers)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo.extend(parents.get(found[-1], []))
    return found


def backends(database_url: str) -> list[int]:
    """The PostgreSQL server processes serving the benchmark's database."""
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(psycopg_url(database_url), autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                            (name,)).fetchall()
    return [int(row[0]) for row in rows]


class CpuMeter:
    """CPU seconds used by the server's processes and by its database's PostgreSQL backends
    between start() and stop(); a backend that appears in between counts from its start, and one
    that connects and leaves in between (the pool's overflow connections, under overload) is
    missed, so postgres_cpu_s is a lower bound."""

    def __init__(self, server_pid: int, database_url: str) -> None:
        self.server_pid, self.database_url = server_pid, database_url

    def _now(self) -> tuple[dict[int, float], dict[int, float]]:
        return ({p: cpu_seconds(p) for p in process_tree(self.server_pid)},
                {p: cpu_seconds(p) for p in backends(self.database_url)})

    def start(self) -> None:
        self.before = self._now()

    def stop(self) -> dict[str, float]:
        after = self._now()
        used = [sum(v - before.get(p, 0.0) for p, v in now.items())
                for now, before in zip(after, self.before, strict=True)]
        return {"server_cpu_s": round(used[0], 1), "postgres_cpu_s": round(used[1], 1)}


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    if not match:
        raise RuntimeError(f"no hidden field {name!r} on the page")
    return match.group(1)


class Person:
    """One signed-in account: its cookies, a CSRF token and its share's link secret and code."""

    def __init__(self, base: str, index: int) -> None:
        self.name = f"load-{index:03d}"
        self.client = httpx.Client(base_url=base, timeout=30)
        token = hidden(self.client.get("/account/sign-up").text, "csrf")
        made = self.client.post("/account/sign-up", data={"csrf": token, "name": self.name,
                                                          "passphrase": "three quiet harbours",
                                                          "again": "three quiet harbours"})
        if made.status_code != 303:
            raise RuntimeError(f"sign-up: HTTP {made.status_code}")
        self.csrf = hidden(self.client.get("/diary/add").text, "csrf")
        for day in range(10):
            self.post_entry(date.today() - timedelta(days=20 - day), random.Random(day))
        shared = self.client.post("/account/shares", data={"csrf": self.csrf, "days": "14"}).text
        link = re.search(r'data-share-link>[^<]*/s/([^<]+)<', shared)
        code = re.search(r'data-share-code>([A-Z0-9-]+)<', shared)
        if not link or not code:
            raise RuntimeError("no share link or code on the account page")
        self.link, self.code = link.group(1), code.group(1)
        self.cookies = dict(self.client.cookies)

    def entry_form(self, day: date, rng: random.Random) -> dict[str, str]:
        return {"csrf": self.csrf, "day": day.isoformat(), f"pain_{rng.choice(REGIONS)}": str(rng.randint(1, 9)),
                "sleep_hours": str(rng.randint(4, 9)), "note": "a load-benchmark entry"}

    def post_entry(self, day: date, rng: random.Random) -> None:
        answer = self.client.post("/diary/add", data=self.entry_form(day, rng))
        if answer.status_code != 303:
            raise RuntimeError(f"diary entry: HTTP {answer.status_code}")


def first_step_answers(base: str) -> dict[str, str]:
    """The check-in's first step answered 'no' to every question, as its form names them."""
    page = httpx.get(base + "/").text  # the first step is the home page
    fields = dict.fromkeys(re.findall(r'type="radio" name="([^"]+)" value="no"', page), "no")
    if not fields:
        raise RuntimeError("no questions on the first check-in step")
    return fields | {"step": "now", "go": "next"}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def run(base: str, people: list[Person], rate: float, seconds: float, timeout: float,
              in_flight: int, meter: CpuMeter) -> dict[str, Any]:
    steps = first_step_answers(base)
    kinds = [k for k, weight in MIX for _ in range(weight)]
    rng = random.Random(11)
    plan = [(rng.choice(kinds), rng.choice(people)) for _ in range(int(rate * seconds))]
    # One connection pool for everyone (each person's session cookie sent with her requests), at
    # most --in-flight requests waiting at once: one more counts as an error, never sent.
    # An idle connection is dropped after 2 s, before the server's keep-alive timeout (5 s): with
    # both at 5 s a request can go out on a connection the server is closing (a read error that
    # says nothing about the service; browsers retry those).
    client = httpx.AsyncClient(base_url=base, timeout=timeout, limits=httpx.Limits(
        max_connections=in_flight, max_keepalive_connections=in_flight, keepalive_expiry=2))
    cookies = {p.name: "; ".join(f"{k}={v}" for k, v in p.cookies.items()) for p in people}
    waiting = 0
    results: dict[str, list[float]] = {k: [] for k, _ in MIX}
    errors: dict[str, dict[str, int]] = {k: {} for k, _ in MIX}
    lag: list[float] = []
    saved = json.dumps(ASSESSMENT)

    async def one(kind: str, person: Person, planned: float, index: int) -> None:
        nonlocal waiting
        sent = time.perf_counter()
        lag.append((sent - planned) * 1000)
        if waiting >= in_flight:
            errors[kind]["too many waiting"] = errors[kind].get("too many waiting", 0) + 1
            return
        waiting += 1
        mine = {"cookie": cookies[person.name]}
        try:
            if kind == "check-in step":
                answer = await client.post("/check-in", data=steps | {"csrf": person.csrf}, headers=mine)
            elif kind == "check-in save":
                answer = await client.post("/diary/save", data={"csrf": person.csrf, "assessment": saved},
                                           headers=mine)
            elif kind == "diary read":
                answer = await client.get("/diary", headers=mine)
            elif kind == "summary read":
                answer = await client.get("/diary/summary", headers=mine)
            elif kind == "diary write":
                day = date.today() - timedelta(days=index % 30)
                answer = await client.post("/diary/add", data=person.entry_form(day, random.Random(index)),
                                           headers=mine)
            elif kind == "share by link":
                answer = await client.get(f"/s/{person.link}")  # the midwife: no cookie
            else:
                answer = await client.get(f"/s/{person.code}")
            expected = 303 if kind in ("check-in step", "check-in save", "diary write") else 200
            if answer.status_code != expected:
                errors[kind][f"HTTP {answer.status_code}"] = errors[kind].get(f"HTTP {answer.status_code}", 0) + 1
                return
        except httpx.HTTPError as error:
            errors[kind][type(error).__name__] = errors[kind].get(type(error).__name__, 0) + 1
            return
        finally:
            waiting -= 1
        results[kind].append((time.perf_counter() - planned) * 1000)

    tasks = []
    meter.start()
    start = time.perf_counter() + 0.5
    for i, (kind, person) in enumerate(plan):
        planned = start + i / rate
        delay = planned - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(kind, person, planned, i)))
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - start
    cpu = meter.stop()
    await client.aclose()

    def summary(latencies: list[float], failed: dict[str, int], sent: int) -> dict[str, Any]:
        out: dict[str, Any] = {"sent": sent, "ok": len(latencies), "errors": sum(failed.values()),
                               "error_kinds": failed}
        if latencies:
            out |= {"p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 95), 1),
                    "p99_ms": round(percentile(latencies, 99), 1), "max_ms": round(max(latencies), 1)}
        return out

    sent = {k: sum(1 for kind, _ in plan if kind == k) for k, _ in MIX}
    every = [v for values in results.values() for v in values]
    all_errors: dict[str, int] = {}
    for failed in errors.values():
        for name, count in failed.items():
            all_errors[name] = all_errors.get(name, 0) + count
    return {"planned_rate": rate, "seconds": seconds, "requests": len(plan),
            "achieved_rate": round(len(plan) / wall, 1), "wall_s": round(wall, 1),
            "send_lag_p99_ms": round(percentile(lag, 99), 1), **cpu,
            "server_cpu_ms_per_answer": round(cpu["server_cpu_s"] * 1000 / max(1, len(every)), 1),
            "all": summary(every, all_errors, len(plan)),
            "by_kind": {k: summary(results[k], errors[k], sent[k]) for k, _ in MIX}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BUMPWISE_TEST_POSTGRES_URL"),
                        help="a PostgreSQL server (default: BUMPWISE_TEST_POSTGRES_URL)")
    parser.add_argument("--rate", type=float, default=200, help="requests per second (default 200)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the timed run (default 60)")
    parser.add_argument("--accounts", type=int, default=20, help="signed-in accounts (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=10, help="seconds before a request counts as failed")
    parser.add_argument("--in-flight", type=int, default=200, help="most requests waiting at once (default 200)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        parser.error("needs a PostgreSQL URL: --database-url, or eval \"$(bash scripts/test-env.d/20-postgres.sh)\"")
    if not 0 < args.rate <= 1000 or not 0 < args.seconds <= 600:
        parser.error("--rate must be in (0, 1000] and --seconds in (0, 600]")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, scratch_database(args.database_url) as url, \
            service(url, args.workers, Path(tmp)) as (base, pid):
        load_before = [round(x, 2) for x in os.getloadavg()]  # other work on the machine
        began = time.perf_counter()
        people = [Person(base, i) for i in range(args.accounts)]
        print(f"{len(people)} accounts with 10 entries and a share each in {time.perf_counter() - began:.1f} s",
              file=sys.stderr)
        result = asyncio.run(run(base, people, args.rate, args.seconds, args.timeout, args.in_flight,
                                 CpuMeter(pid, url)))
    result |= {"load_average_before": load_before, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
               "workers": args.workers, "accounts": args.accounts, "cpus": os.cpu_count(),
               "python": platform.python_version()}
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
