#!/usr/bin/env python3
"""The reader's speed now against an earlier commit, side by side in one run.

Speed figures taken minutes apart on a shared machine differ by more than the change being
measured, so this script checks the earlier commit out into a temporary git worktree and
alternates rounds of benchmarks/text_speed.py between it and this tree, on the same texts
(this tree's corpus) and the same core. docs/text.md records the figures of a run.

    .venv/bin/python benchmarks/text_speed_compare.py [--base c59fb4a] [--pairs 5] [--texts 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Runs inside the interpreter of one side: PYTHONPATH picks which reader is imported.
ROUND = """
import json, sys, time
sys.path.insert(0, {bench!r})
from text_speed import texts_of_300
from bumpwise.text import read_text
from bumpwise.text.reader import read_text_strict
texts = texts_of_300({n})
# read_text never raises, so a broken reader would look fast: check it really reads.
assert sum(len(read_text_strict(t).findings) for t in texts[:200]) > 200, "the reader reads nothing"
start, cpu = time.perf_counter(), time.process_time()
for t in texts:
    read_text(t)
print(json.dumps([len(texts) / (time.perf_counter() - start), len(texts) / (time.process_time() - cpu)]))
"""


def one_round(src: Path, n: int) -> tuple[float, float]:
    """(texts per second of wall time, texts per second of this process's CPU time). On a machine
    other work shares, the CPU-time rate is the steadier of the two."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    code = ROUND.format(bench=str(REPO / "benchmarks"), n=n)
    cmd = [sys.executable, "-c", code]
    if hasattr(os, "sched_getaffinity"):
        cmd = ["taskset", "-c", str(min(os.sched_getaffinity(0))), *cmd]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    wall, cpu = json.loads(out.strip().splitlines()[-1])
    return float(wall), float(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="c59fb4a", help="the earlier commit (default: before issue 8)")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--texts", type=int, default=2000)
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9a-fA-F]{4,40}|[\w./-]+", args.base):
        parser.error("--base must be a commit or ref")
    with tempfile.TemporaryDirectory() as tmp:
        base_tree = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(base_tree), args.base],
                       check=True)
        try:
            now, then = [], []
            for _ in range(args.pairs):  # alternate, so a busy moment hurts both sides alike
                then.append(one_round(base_tree / "src", args.texts))
                now.append(one_round(REPO / "src", args.texts))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base_tree)], check=True)
    print(f"{args.texts} texts of ~300 characters, one core, {args.pairs} alternating rounds each")
    for k, clock in ((0, "wall time"), (1, "CPU time")):
        a, b = statistics.median(r[k] for r in then), statistics.median(r[k] for r in now)
        print(f"  by {clock}:")
        print(f"    {args.base}: median {a:,.0f} texts/s (rounds: {', '.join(f'{r[k]:,.0f}' for r in then)})")
        print(f"    this tree: median {b:,.0f} texts/s (rounds: {', '.join(f'{r[k]:,.0f}' for r in now)})")
        print(f"    this tree / {args.base}: {b / a:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
