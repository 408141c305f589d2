"""Benchmark the assessment engine: assessments per second in-process (one core) and through
`bumpwise assess --jsonl`, and the wall time of `bumpwise --help`.

    .venv/bin/python benchmarks/core_speed.py [--cases 5000]

Cases are generated from a fixed seed: random structured check-ins (1-8 findings, sometimes
flags, a week, a pain score), so every run measures the same work. Prints a Markdown table;
docs/performance.md records the figures of a run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bumpwise import assess
from bumpwise.knowledge import knowledge_base

BIN = Path(sys.executable).parent / "bumpwise"


def make_cases(count: int, seed: int = 7) -> list[dict[str, object]]:
    kb = knowledge_base()
    rng = random.Random(seed)
    findings, flags = sorted(kb.vocabulary.findings), sorted(kb.vocabulary.flags)
    cases: list[dict[str, object]] = []
    for index in range(count):
        case: dict[str, object] = {"id": index, "findings": rng.sample(findings, rng.randint(1, 8))}
        if rng.random() < 0.85:
            case["week"] = rng.randint(4, 41)
        if rng.random() < 0.6:
            case["pain_score"] = rng.randint(0, 10)
        if rng.random() < 0.25:
            case["flags"] = rng.sample(flags, rng.randint(1, 2))
        cases.append(case)
    return cases


def in_process(cases: list[dict[str, object]], rounds: int = 3) -> float:
    assess(cases[0])  # load the knowledge base outside the timing
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for case in cases:
            assess(case)
        best = min(best, time.perf_counter() - started)
    return len(cases) / best


def through_cli(cases: list[dict[str, object]]) -> tuple[float, float]:
    payload = "".join(json.dumps(c) + "\n" for c in cases)
    started = time.perf_counter()
    out = subprocess.run([str(BIN), "assess", "--jsonl"], input=payload, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    assert len(out.stdout.splitlines()) == len(cases)
    return len(cases) / elapsed, elapsed


def help_times(runs: int = 15) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(BIN), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=5000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})  # one core, as the target says
    cases = make_cases(args.cases)
    rate = in_process(cases)
    cli_rate, cli_seconds = through_cli(cases)
    helps = help_times()
    print(f"| measure | result ({args.cases} cases, Python {sys.version.split()[0]}) |")
    print("|---|---|")
    print(f"| in-process `bumpwise.assess`, one core (best of 3) | {rate:,.0f} assessments/s "
          f"({1e6 / rate:.0f} µs each) |")
    print(f"| `bumpwise assess --jsonl`, start-up included | {cli_rate:,.0f} assessments/s ({cli_seconds:.2f} s) |")
    print(f"| `bumpwise --help` wall time (15 runs) | median {statistics.median(helps) * 1000:.0f} ms, "
          f"max {max(helps) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
