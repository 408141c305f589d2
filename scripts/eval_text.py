#!/usr/bin/env python3
"""Print how well the free-text reader does on the annotated corpus.

    .venv/bin/python scripts/eval_text.py [--misses] [corpus.jsonl]

Figures: finding precision/recall (present findings, micro-averaged over cases),
flag precision/recall, negation accuracy (of the findings both the corpus and the
reader mention, the share read with the right polarity), denied recall, and the
share of cases whose week and pain score are exactly right.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bumpwise.text.evaluate import load_corpus, score

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "text_corpus.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--misses", action="store_true", help="list every case the reader got wrong")
    args = parser.parse_args(argv)
    s = score(load_corpus(args.corpus))
    if args.misses:
        print("\n".join(s.misses))
    print(f"cases {s.cases}  findings P {s.precision:.3f} R {s.recall:.3f} (tp {s.tp} fp {s.fp} fn {s.fn})  "
          f"flags P {s.flag_precision:.3f} R {s.flag_recall:.3f}  negation {s.negation_accuracy:.3f} "
          f"(denied recall {s.denied_recall:.3f})  week {s.week_exact:.3f}  pain score {s.pain_score_exact:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
