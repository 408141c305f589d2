#!/usr/bin/env python3
"""How fast the free-text reader is: texts of about 300 characters read per second on
one core, and its start-up (a fresh interpreter importing bumpwise.text and reading
its first text, which loads and compiles the lexicon).

The texts are cut from the annotated corpus (tests/data/text_corpus.jsonl), joined
and trimmed at a word edge to 280-320 characters, so they carry real symptom
density. docs/text.md records the figures of a run.

    .venv/bin/python benchmarks/text_speed.py [--texts 3000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "text_corpus.jsonl"


def texts_of_300(n: int, seed: int = 7) -> list[str]:
    pieces = [json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        rng.shuffle(pieces)
        text = ""
        for piece in itertools.cycle(pieces):
            text = f"{text} {piece}".strip()
            if len(text) >= 300:
                break
        cut = text.rfind(" ", 280, 320)
        out.append(text[:cut if cut > 0 else 300])
    return out


def startup(code: str, rounds: int = 5) -> float:
    """Median seconds for a fresh interpreter to run `code`."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    from bumpwise.text import read_text
    from bumpwise.text.reader import read_text_strict

    texts = texts_of_300(args.texts)
    # read_text never raises, so a broken reader would look fast: check it really reads.
    found = sum(len(read_text_strict(t).findings) for t in texts[:200])
    assert found > 200, "the reader found almost nothing: the figures would mean nothing"
    rates = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for text in texts:
            read_text(text)
        rates.append(len(texts) / (time.perf_counter() - start))
    mean_len = statistics.mean(map(len, texts))
    bare = startup("import sys")
    imported = startup("import bumpwise.text")
    first = startup("from bumpwise.text import read_text; read_text('29 weeks, no bleeding')")
    print(f"{len(texts)} texts, mean {mean_len:.0f} characters, one core, {args.rounds} rounds: "
          f"{statistics.median(rates):,.0f} texts/s (rounds: {', '.join(f'{r:,.0f}' for r in rates)})")
    print(f"start-up, median of 5 fresh interpreters: python alone {bare:.3f} s; import bumpwise.text "
          f"{imported:.3f} s; import + first read (lexicon loaded and compiled) {first:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
