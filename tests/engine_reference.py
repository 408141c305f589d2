"""The engine's reference run: 50,000 generated check-ins and a digest of the JSON each gave.

`tests/data/engine_reference.txt` was recorded with the engine as it was before issue 14's speed
work (commit b59d766); `tests/test_engine_reference.py` runs today's engine on the same inputs and
compares, block by block. When the knowledge base changes on purpose, the results change too:
re-record with

    .venv/bin/python tests/engine_reference.py --record

and say so in the commit (the file names the knowledge version it was recorded with).

The inputs are wider than the benchmark's: every field of the contract (week or weeks since the
birth, pain, onset, duration, findings, flags, denied answers) and, for one case in fifty, a
person's own words from the text corpora.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "data" / "engine_reference.txt"
COUNT = 50_000
BLOCK = 100
SEED = 14


def texts() -> list[str]:
    out = []
    for name in ("text_corpus.jsonl", "real_phrasing.jsonl"):
        with (HERE / "data" / name).open(encoding="utf-8") as handle:
            out.extend(json.loads(line)["text"] for line in handle if line.strip())
    return out


def make_inputs(count: int = COUNT, seed: int = SEED) -> Iterator[dict[str, Any]]:
    from bumpwise.knowledge import knowledge_base

    vocab = knowledge_base().vocabulary
    findings, flags = sorted(vocab.findings), sorted(vocab.flags)
    words = texts()
    rng = random.Random(seed)
    for index in range(count):
        case: dict[str, Any] = {"id": index}
        chosen = rng.sample(findings, rng.randint(0, 9))
        if chosen or rng.random() < 0.5:
            case["findings"] = chosen
        stage = rng.random()
        if stage < 0.75:
            case["week"] = rng.randint(1, 42)
        elif stage < 0.87:
            case["weeks_since_birth"] = rng.randint(0, 12)
        if rng.random() < 0.6:
            case["pain_score"] = rng.randint(0, 10)
        if rng.random() < 0.25:
            case["flags"] = rng.sample(flags, rng.randint(1, 3))
        if rng.random() < 0.3:
            case["denied"] = [f for f in rng.sample(findings, rng.randint(1, 12)) if f not in chosen]
        if rng.random() < 0.2:
            case["onset"] = rng.choice(("sudden", "gradual"))
        if rng.random() < 0.2:
            case["duration_days"] = rng.choice((0, 1, 2, 3, 7, 14, 30, 90))
        if rng.random() < 0.02:
            case["text"] = rng.choice(words)
        yield case


def digest(result: dict[str, Any]) -> str:
    """The result as the CLI writes it (key order kept), hashed."""
    return hashlib.sha256(json.dumps(result, ensure_ascii=False).encode()).hexdigest()


def block_digests(count: int = COUNT) -> Iterator[str]:
    from bumpwise import assess

    block = hashlib.sha256()
    for index, case in enumerate(make_inputs(count)):
        block.update(digest(assess(case)).encode())
        if (index + 1) % BLOCK == 0:
            yield block.hexdigest()[:16]
            block = hashlib.sha256()


def read_reference() -> tuple[str, list[str]]:
    lines = REFERENCE.read_text().splitlines()
    header = lines[0].split()
    return header[1], lines[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", action="store_true", help="write tests/data/engine_reference.txt")
    args = parser.parse_args()
    from bumpwise.knowledge import knowledge_base

    version = knowledge_base().version
    blocks = list(block_digests())
    if args.record:
        REFERENCE.write_text(f"knowledge_version {version} cases {COUNT} block {BLOCK} seed {SEED}\n"
                             + "".join(b + "\n" for b in blocks))
        print(f"recorded {len(blocks)} blocks for {version}")
        return
    recorded_version, recorded = read_reference()
    bad = [i for i, (a, b) in enumerate(zip(recorded, blocks, strict=True)) if a != b]
    print(f"{len(blocks) - len(bad)} of {len(blocks)} blocks identical (knowledge {recorded_version} vs {version})")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
