"""Load benchmark of the web app on loopback: POST /api/assess latency at N concurrent clients,
and the bytes the check-in's first page transfers (the page and every asset it loads).

    .venv/bin/python benchmarks/web_load.py                # starts `bumpwise serve` on a free port
    .venv/bin/python benchmarks/web_load.py --url http://127.0.0.1:8000   # an already running server

Only 127.0.0.1 is accepted, so this can never load someone else's server. The run is bounded
(--requests in total, --timeout per request). Each client sends its next request as soon as the
last one answered (a closed loop, no think time), which is harsher than real people.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

REPO = Path(__file__).resolve().parent.parent
FINDINGS = ["low_back", "sacroiliac", "pubic", "buttock", "thigh_back", "calf", "one_side", "both_sides",
            "dull_ache", "sharp_stabbing", "shooting", "worse_single_leg", "worse_turning_in_bed",
            "worse_walking", "worse_sitting", "at_night", "eases_with_rest", "vaginal_bleeding",
            "regular_tightenings", "calf_swelling_one_side", "fever", "leg_numbness_tingling"]


def bodies(count: int, seed: int = 4) -> list[bytes]:
    """Varied structured check-ins from a fixed seed, so runs are comparable."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        data: dict[str, Any] = {"findings": rng.sample(FINDINGS, rng.randint(1, 6))}
        if rng.random() < 0.9:
            data["week"] = rng.randint(6, 41)
        if rng.random() < 0.7:
            data["pain_score"] = rng.randint(1, 9)
        out.append(json.dumps(data).encode())
    return out


async def load(base: str, clients: int, total: int, timeout: float, kind: str) -> dict[str, Any]:
    payloads = bodies(total)
    latencies: list[float] = []
    errors: list[str] = []
    next_index = 0

    def take() -> bytes | None:
        nonlocal next_index
        if next_index >= total:
            return None
        next_index += 1
        return payloads[next_index - 1]

    async def httpx_clients() -> None:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
            await asyncio.gather(*(client.get("/api/health") for _ in range(clients)))  # warm up

            async def one_client() -> None:
                while (body := take()) is not None:
                    start = time.perf_counter()
                    try:
                        response = await client.post("/api/assess", content=body,
                                                     headers={"content-type": "application/json"})
                        if response.status_code != 200:
                            errors.append(f"HTTP {response.status_code}")
                    except httpx.HTTPError as error:
                        errors.append(type(error).__name__)
                    latencies.append((time.perf_counter() - start) * 1000)

            await asyncio.gather(*(one_client() for _ in range(clients)))

    async def raw_clients() -> None:
        # One keep-alive HTTP/1.1 connection per client on bare asyncio streams: the load generator
        # then costs far less CPU than httpx, so it measures the server rather than itself.
        host, port = urlsplit(base).hostname or "127.0.0.1", urlsplit(base).port or 80
        connections = [await asyncio.open_connection(host, port) for _ in range(clients)]
        warm_up = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        for reader, writer in connections:  # every connection and worker answers once before timing
            writer.write(warm_up)
            head = await reader.readuntil(b"\r\n\r\n")
            await reader.readexactly(int(re.search(rb"(?i)content-length: *(\d+)", head).group(1)))  # type: ignore[union-attr]

        async def one_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while (body := take()) is not None:
                start = time.perf_counter()
                try:
                    writer.write(b"POST /api/assess HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                                 b"\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                    head = await reader.readuntil(b"\r\n\r\n")
                    length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
                    await reader.readexactly(length)
                    if not head.startswith(b"HTTP/1.1 200"):
                        errors.append(head.split(b"\r\n")[0].decode())
                except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
                    errors.append(type(error).__name__)
                    return
                latencies.append((time.perf_counter() - start) * 1000)

        # One deadline for the whole run (a wait_for per read would cost the client a task each time).
        async with asyncio.timeout(timeout + total / 100):
            await asyncio.gather(*(one_client(r, w) for r, w in connections))
        for _, writer in connections:
            writer.close()

    started = time.perf_counter()
    await (raw_clients() if kind == "raw" else httpx_clients())
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "client": kind, "clients": clients, "requests": len(latencies), "errors": len(errors),
        "error_kinds": sorted(set(errors)), "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1),
        "max_ms": round(latencies[-1], 1),
    }


def first_page_bytes(base: str) -> dict[str, Any]:
    """Bytes on the wire (status line, headers and body) for GET / and every asset it loads."""
    with httpx.Client(base_url=base, timeout=10) as client:
        page = client.get("/")
        assets = re.findall(r'<(?:link|script|img)\b[^>]*?(?:href|src)="(/[^"]+)"', page.text)
        urls = ["/", *sorted(set(assets))]
        sizes = {}
        for url in urls:
            response = client.get(url)
            head = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n")
            head += sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + 2
            sizes[url] = head + len(response.content)
    return {"urls": sizes, "total_bytes": sum(sizes.values())}


def start_server(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "BUMPWISE_CONFIG": "/nonexistent"}  # the built-in defaults, not a user's config
    command = [sys.executable, "-m", "bumpwise", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning", "--workers", str(workers)]
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                # One worker answered; give the others time to import and listen too.
                time.sleep(3 if workers > 1 else 0)
                return server, base
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server on 127.0.0.1 (default: start one)")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2, help="server processes when starting one (default 2)")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw",
                        help="load generator: bare asyncio streams (default, cheap) or httpx.AsyncClient")
    args = parser.parse_args()
    if not 1 <= args.clients <= 500 or not 1 <= args.requests <= 100_000:
        parser.error("--clients must be 1-500 and --requests 1-100000")
    server = None
    if args.url:
        if urlsplit(args.url).hostname != "127.0.0.1":
            parser.error("only a server on 127.0.0.1 may be loaded")
        base = args.url.rstrip("/")
    else:
        server, base = start_server(args.workers)
    try:
        report = {"first_page": first_page_bytes(base),
                  "assess": asyncio.run(load(base, args.clients, args.requests, args.timeout, args.client))}
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
    report["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                         "load_average_1min": round(os.getloadavg()[0], 2)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
