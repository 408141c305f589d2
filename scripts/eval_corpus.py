#!/usr/bin/env python3
"""Score the reader and the triage on annotated lay texts (the real-phrasing corpus and the blind
batches): what was read, and what level the whole product gives.

    .venv/bin/python scripts/eval_corpus.py [--misses] [--json] corpus.jsonl [more.jsonl ...]

Each line: {"id", "text", "findings", "denied", "flags", "week", "pain_score", "level",
"level_ok"}. Figures: finding precision/recall, recall of the warning-sign findings (those the
check-in asks as warning signs), negation accuracy, week and pain score exact, and through
`assess({"text": ...})`: triage exact (the level or one in `level_ok`), under-triage (lower than
every accepted level) and over-triage.

It uses only the public `bumpwise.text.read_text` and `bumpwise.assess`, so the same script scores
an older checkout (PYTHONPATH=old/src) for the "before" figures that docs/text.md keeps.

Cases with a `lang` field (the Vietnamese and Chinese corpora) are also scored per language, and
with `--by FIELD` per value of any field (`diacritics`, `script`). A case that gives
`weeks_since_birth` is scored on it too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import bumpwise
from bumpwise.text import read_text

LEVELS = ("self_care", "soon", "urgent", "emergency")
# The findings asked as warning signs (the `now` and `red_flags` questions' signs, without the
# side): fixed here so that an older checkout is scored on the same set. tests/test_text_corpus.py
# checks it against the knowledge base.
WARNING_SIGNS = frozenset({
    "belly_hard_tender", "bladder_bowel_change", "blood_in_urine", "both_legs_nerve_symptoms", "breathless",
    "burning_urination", "calf_swelling_one_side", "chest_pain", "comes_in_waves", "constant_severe", "faint_dizzy",
    "fainted", "fever", "fluid_leak", "foot_drop", "heavy_bleeding", "leg_pain_lasting", "leg_red_warm",
    "leg_weakness", "night_pain_unrelieved", "pelvic_pressure", "period_like_pain", "reduced_fetal_movement",
    "regular_tightenings", "saddle_numbness", "self_harm_thoughts", "severe_headache", "shoulder_tip",
    "sudden_severe_onset", "sudden_swelling", "trauma", "unexplained_weight_loss", "upper_abdomen",
    "vaginal_bleeding", "vision_changes",
})


def load(paths: list[Path]) -> list[dict[str, Any]]:
    cases = []
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                cases.append(json.loads(line))
    return cases


def rank(level: str) -> int:
    return LEVELS.index(level)


def evaluate(cases: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    n: Counter[str] = Counter()
    misses: list[str] = []
    for case in cases:
        gold, gold_denied = set(case.get("findings", ())), set(case.get("denied", ()))
        reading = read_text(case["text"])
        got, denied = set(reading.findings), set(reading.denied)
        n["cases"] += 1
        n["tp"] += len(got & gold)
        n["fp"] += len(got - gold)
        n["fn"] += len(gold - got)
        n["w_tp"] += len(got & gold & WARNING_SIGNS)
        n["w_fp"] += len((got - gold) & WARNING_SIGNS)
        n["w_fn"] += len((gold - got) & WARNING_SIGNS)
        for fid in (gold | gold_denied) & (got | denied):
            n["polarity_seen"] += 1
            n["polarity_right"] += (fid in denied) == (fid in gold_denied)
        n["denied_gold"] += len(gold_denied)
        n["denied_found"] += len(gold_denied & denied)
        n["week_right"] += reading.week == case.get("week")
        if "weeks_since_birth" in case:
            n["birth_cases"] += 1
            n["birth_right"] += getattr(reading, "weeks_since_birth", None) == case["weeks_since_birth"]
        n["score_right"] += reading.pain_score == case.get("pain_score")
        problems = [f"+{f}" for f in sorted(got - gold)] + [f"-{f}" for f in sorted(gold - got)]
        problems += [f"denied+{f}" for f in sorted(denied - gold_denied)]
        problems += [f"denied-{f}" for f in sorted(gold_denied - denied)]
        if reading.week != case.get("week"):
            problems.append(f"week {reading.week} != {case.get('week')}")
        if reading.pain_score != case.get("pain_score"):
            problems.append(f"pain_score {reading.pain_score} != {case.get('pain_score')}")
        if "weeks_since_birth" in case and getattr(reading, "weeks_since_birth", None) != case["weeks_since_birth"]:
            problems.append(f"weeks_since_birth {getattr(reading, 'weeks_since_birth', None)} != "
                            f"{case['weeks_since_birth']}")
        if "level" in case:
            n["triaged"] += 1
            level = bumpwise.assess({"text": case["text"]})["triage"]["level"]
            accepted = [case["level"], *case.get("level_ok", ())]
            if level in accepted:
                n["exact"] += 1
            elif rank(level) < min(rank(x) for x in accepted):
                n["under"] += 1
                problems.insert(0, f"UNDER {level} < {case['level']}")
            else:
                n["over"] += 1
                problems.insert(0, f"over {level} > {case['level']}")
        if problems:
            misses.append(f"{case.get('id')}: {' '.join(problems)}  <- {case['text']}")

    def ratio(a: str, b: int) -> float:
        return round(n[a] / b, 3) if b else 1.0

    figures = {
        "cases": n["cases"],
        "precision": ratio("tp", n["tp"] + n["fp"]),
        "recall": ratio("tp", n["tp"] + n["fn"]),
        "warning_precision": ratio("w_tp", n["w_tp"] + n["w_fp"]),
        "warning_recall": ratio("w_tp", n["w_tp"] + n["w_fn"]),
        "negation": ratio("polarity_right", n["polarity_seen"]),
        "denied_recall": ratio("denied_found", n["denied_gold"]),
        "week": ratio("week_right", n["cases"]),
        "pain_score": ratio("score_right", n["cases"]),
    }
    if n["birth_cases"]:
        figures["weeks_since_birth"] = ratio("birth_right", n["birth_cases"])
    if n["triaged"]:
        figures.update({"triaged": n["triaged"], "triage_exact": ratio("exact", n["triaged"]),
                        "under_triage": ratio("under", n["triaged"]), "over_triage": ratio("over", n["triaged"])})
    return figures, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="+", type=Path)
    parser.add_argument("--misses", action="store_true", help="list every case with a difference")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--by", action="append", default=[], metavar="FIELD",
                        help="also score per value of this field (per `lang` whenever cases have one)")
    args = parser.parse_args(argv)
    cases = load(args.corpus)
    figures, misses = evaluate(cases)
    if args.misses:
        print("\n".join(misses))
    print(json.dumps(figures) if args.json else "  ".join(f"{k} {v}" for k, v in figures.items()))
    fields = (["lang"] if any("lang" in c for c in cases) else []) + [f for f in args.by if f != "lang"]
    for field in fields:
        for value in sorted({str(c.get(field)) for c in cases}):
            part, _ = evaluate([c for c in cases if str(c.get(field)) == value])
            text = json.dumps({field: value, **part}) if args.json else \
                f"{field}={value}: " + "  ".join(f"{k} {v}" for k, v in part.items())
            print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
