"""Diary benchmark: adding 10,000 entries (one transaction each, as the CLI and web do), and
rendering the 40-week trend page from a year of daily entries (target: under 200 ms).

Run: .venv/bin/python benchmarks/diary_bench.py [--entries N]. Prints the figures in docs/diary.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

from bumpwise.diary.records import DiaryEntry, PainRating
from bumpwise.settings import Settings
from bumpwise.storage import open_store

REGIONS = ("pubic", "low_back", "sacroiliac")


def entry(n: int, start: date) -> DiaryEntry:
    return DiaryEntry(day=start + timedelta(days=n), week=12 if n == 0 else None,
                      pains=tuple(PainRating(region=r, score=(n * (i + 3)) % 11) for i, r in enumerate(REGIONS)),
                      sleep_hours=7.0, sleep_disturbed=n % 3 == 0, helped=("warm bath",), note="as usual")


def bench_add(count: int, folder: Path) -> tuple[float, float]:
    with open_store(url=f"sqlite:///{folder / 'add.sqlite3'}") as store:
        entries = [entry(n % 400, date(2025, 1, 1)) for n in range(count)]
        began = time.perf_counter()
        for e in entries:
            store.add_entry(e)  # each DiaryEntry has its own new id
        total = time.perf_counter() - began
    return total, total / count * 1000


def bench_trend_page(folder: Path, runs: int = 20) -> list[float]:
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

    from bumpwise.web import create_app

    data = folder / "year"
    with open_store(Settings(data_dir=data)) as store:
        for n in range(365):
            store.add_entry(entry(n, date(2025, 1, 1)))
    client = TestClient(create_app(Settings(data_dir=data)), base_url="http://127.0.0.1:8000")
    assert client.get("/diary/trends").status_code == 200  # warm: templates compiled, store opened
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get("/diary/trends")
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200 and "<svg" in response.text
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        total, each = bench_add(args.entries, Path(tmp))
        print(f"add {args.entries} entries (SQLite, WAL, synchronous=FULL, one transaction each): "
              f"{total:.2f} s total, {each:.2f} ms per entry")
        times = bench_trend_page(Path(tmp))
        print(f"trend page, 365 daily entries x {len(REGIONS)} regions, 40-week axis, {len(times)} requests: "
              f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms (target < 200 ms)")


if __name__ == "__main__":
    main()
