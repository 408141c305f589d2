#!/usr/bin/env python3
"""Negation/uncertainty on lay text: Bumpwise's own ConText vs medspaCy's ConText.

One run, one corpus (tests/data/text_corpus.jsonl), the same target mentions for
every method (found by Bumpwise's lexicon), so only the context step differs:

  own            bumpwise.text.scope: ConText algorithm, lay cue lists (cues.yaml)
  medspacy-lay   medspaCy ConText with the very same cue lists, expanded to literals
  medspacy-default  medspaCy ConText with its default clinical rules

For each: finding precision/recall and negation accuracy (as scripts/eval_text.py
defines them), texts per second for the context step alone and for the whole read
(matching + context), and the start-up cost of importing each. Prints a table;
docs/text.md records the figures of a run and the decision taken from them.

    .venv/bin/python benchmarks/text_negation_comparison.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import logging
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bumpwise.text.evaluate import Case, load_corpus, score
from bumpwise.text.lexicon import Lexicon, lexicon
from bumpwise.text.matching import Match, find_matches, settle
from bumpwise.text.model import TextReading
from bumpwise.text.normalise import Normalised, normalise
from bumpwise.text.phrases import expand_macros
from bumpwise.text.reader import read_text
from bumpwise.text.scope import classify, find_cues, sentences
from bumpwise.text.vocab import vocabulary

try:  # Python 3.11 keeps the regex parser here
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "text_corpus.jsonl"
CUES = Path(__file__).resolve().parent.parent / "src" / "bumpwise" / "text" / "cues.yaml"


# ------------------------------------------------------------- shared targets
@dataclass(frozen=True)
class Prepared:
    norm: Normalised
    targets: list[Match]
    matches: list[Match]


def prepare(lex: Lexicon, text: str) -> Prepared:
    norm = normalise(text, lex.spelling)
    matches = settle(find_matches(lex, norm.text, sentences(norm.text)))
    return Prepared(norm, [m for m in matches if m.kind in ("finding", "flag")], matches)


def reading(targets: list[Match], polarity: list[str], week: int | None, score_: int | None) -> TextReading:
    """Assemble findings/denied/flags exactly as read_text does, from per-mention polarity."""
    vocab = vocabulary()
    present = {m.id for m, p in zip(targets, polarity, strict=True) if m.kind == "finding" and p == "present"}
    denied = {m.id for m, p in zip(targets, polarity, strict=True) if m.kind == "finding" and p == "negated"}
    flags = {m.id for m, p in zip(targets, polarity, strict=True) if m.kind == "flag" and p == "present"}
    return TextReading(tuple(f for f in vocab.findings if f in present),
                       tuple(f for f in vocab.findings if f in denied - present),
                       tuple(f for f in vocab.flags if f in flags), week, score_, None, None, (), ())


# --------------------------------------------------------------- own ConText
def own_polarity(lex: Lexicon, prep: Prepared) -> list[str]:
    t = prep.norm.text
    sents = sentences(t)
    cues = find_cues(lex, t, [(m.start, m.end) for m in prep.matches])
    mentions = tuple(sorted({m.start for m in prep.targets}))
    out = []
    for m in prep.targets:
        category, _ = classify(lex, t, sents, cues, m.start, m.end, mentions)
        out.append("negated" if m.negated or category == "negated"
                   else "hypothetical" if category == "hypothetical" else "present")
    return out


# ------------------------------------------------------------ medspaCy ConText
def literals(phrase: str, macros: dict[str, str], limit: int = 4000) -> list[str] | None:
    """The finite list of strings a cue phrase matches, or None if it is not finite."""
    try:
        parsed = sre_parse.parse(expand_macros(phrase, macros))
    except Exception:
        return None

    def seq(items: Any) -> Iterator[str] | None:
        parts = []
        for op, arg in items:
            alts = node(op, arg)
            if alts is None:
                return None
            parts.append(alts)
        return ("".join(p) for p in itertools.product(*parts))

    def node(op: Any, arg: Any) -> list[str] | None:
        name = str(op)
        if name == "LITERAL":
            return [chr(arg)]
        if name == "SUBPATTERN":
            res = seq(arg[-1])
            return None if res is None else list(itertools.islice(res, limit))
        if name == "BRANCH":
            out: list[str] = []
            for branch in arg[1]:
                res = seq(branch)
                if res is None:
                    return None
                out.extend(itertools.islice(res, limit))
            return out
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, item = arg
            if high > 1:
                return None
            res = seq(item)
            if res is None:
                return None
            once = list(itertools.islice(res, limit))
            return ([""] if low == 0 else []) + once
        if name == "IN":
            chars = []
            for kind, value in arg:
                if str(kind) == "LITERAL":
                    chars.append(chr(value))
                elif str(kind) == "RANGE" and value[1] - value[0] < 12:
                    chars.extend(chr(c) for c in range(value[0], value[1] + 1))
                elif str(kind) == "CATEGORY" and "SPACE" in str(value):
                    chars.append(" ")
                else:
                    return None
            return chars
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            return [""]
        return None

    res = seq(parsed)
    if res is None:
        return None
    found = sorted({" ".join(s.split()) for s in itertools.islice(res, limit)} - {""})
    return found


def lay_rules() -> tuple[list[Any], int, int]:
    """medspaCy ConTextRules from cues.yaml; returns (rules, phrases expanded, phrases skipped)."""
    import yaml
    from medspacy.context import ConTextRule

    raw = yaml.safe_load(CUES.read_text("utf-8"))
    macros = {k: str(v) for k, v in yaml.safe_load(
        (CUES.parent / "lexicon.yaml").read_text("utf-8"))["macros"].items()}
    plan = [(raw["negation"]["forward"], "NEGATED_EXISTENCE", "FORWARD"),
            (raw["negation"]["backward"], "NEGATED_EXISTENCE", "BACKWARD"),
            (raw["negation"]["pseudo"], "PSEUDO", "PSEUDO"),
            (raw["uncertainty"]["forward"], "POSSIBLE_EXISTENCE", "FORWARD"),
            (raw["uncertainty"]["backward"], "POSSIBLE_EXISTENCE", "BACKWARD"),
            (raw["hypothetical"]["forward"], "HYPOTHETICAL", "FORWARD"),
            (raw["terminators"], "TERMINATE", "TERMINATE")]
    rules, done, skipped, seen = [], 0, 0, set()
    max_scope = int(raw["max_scope_words"])
    for phrases, category, direction in plan:
        for phrase in phrases:
            for alt in _top_level_alternatives(phrase):
                lits = literals(alt, macros)
                if lits is None:
                    skipped += 1
                    continue
                done += 1
                for lit in lits:
                    if (lit, category, direction) in seen or not lit.strip(", "):
                        continue
                    seen.add((lit, category, direction))
                    scope = int(raw["max_backward_words"]) if direction == "BACKWARD" else max_scope
                    rules.append(ConTextRule(lit, category, direction=direction,
                                             max_scope=None if direction in ("TERMINATE", "PSEUDO") else scope))
    return rules, done, skipped


def _top_level_alternatives(phrase: str) -> list[str]:
    """Split 'a|b (c|d)' on its top-level bars so one unexpandable part does not sink the rest."""
    parts, depth, current = [], 0, ""
    for ch in phrase:
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [p for p in [*parts, current] if p.strip()]


def medspacy_pipeline(rules: str | list[Any]) -> tuple[Any, Any]:
    import spacy
    from medspacy.context import ConText

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    context = ConText(nlp, rules=None if rules != "default" else "default", input_span_type="group",
                      prune_on_target_overlap=True)
    if rules != "default":
        context.add(rules)
    return nlp, context


def medspacy_polarity(nlp: Any, context: Any, prep: Prepared) -> list[str]:
    doc = nlp(prep.norm.text)
    spans = []
    for m in prep.targets:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        spans.append(span)
    doc.spans["medspacy_spans"] = [s for s in spans if s is not None]
    context(doc)
    out = []
    by_key = {(s.start_char, s.end_char): s for s in doc.spans["medspacy_spans"]}
    for m, span in zip(prep.targets, spans, strict=True):
        s = by_key.get((span.start_char, span.end_char)) if span is not None else None
        if m.negated or (s is not None and s._.is_negated):
            out.append("negated")
        elif s is not None and s._.is_hypothetical:
            out.append("hypothetical")
        else:
            out.append("present")
    return out


# ------------------------------------------------------------------- measuring
def startup(code: str) -> float:
    """Seconds for a fresh interpreter to run `code` (import and first use), best of 3."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def measure(name: str, cases: list[Case], preps: list[Prepared], polarity: Callable[[Prepared], list[str]],
            lex: Lexicon, repeat: int) -> dict[str, Any]:
    by_text = {c.text: (p, read_text(c.text)) for c, p in zip(cases, preps, strict=True)}

    def reader(text: str) -> TextReading:
        prep, own = by_text[text]
        return reading(prep.targets, polarity(prep), own.week, own.pain_score)

    s = score(cases, reader)
    start = time.perf_counter()
    for _ in range(repeat):
        for prep in preps:
            polarity(prep)
    context_only = repeat * len(preps) / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(repeat):
        for case in cases:
            polarity(prepare(lex, case.text))
    whole = repeat * len(cases) / (time.perf_counter() - start)
    return {"method": name, "precision": s.precision, "recall": s.recall, "negation": s.negation_accuracy,
            "denied_recall": s.denied_recall, "context_per_s": context_only, "whole_per_s": whole}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    logging.getLogger().setLevel(logging.WARNING)
    import bumpwise.text.medspacy_quiet  # noqa: F401  (silence loguru DEBUG before medspaCy loads)

    lex = lexicon()
    cases = load_corpus(CORPUS)
    preps = [prepare(lex, c.text) for c in cases]
    lay, expanded, skipped = lay_rules()
    lay_nlp, lay_ctx = medspacy_pipeline(lay)
    def_nlp, def_ctx = medspacy_pipeline("default")
    rows = [
        measure("own", cases, preps, lambda p: own_polarity(lex, p), lex, args.repeat),
        measure("medspacy-lay", cases, preps, lambda p: medspacy_polarity(lay_nlp, lay_ctx, p), lex, args.repeat),
        measure("medspacy-default", cases, preps, lambda p: medspacy_polarity(def_nlp, def_ctx, p), lex,
                args.repeat),
    ]
    print(f"corpus {len(cases)} texts, mentions {sum(len(p.targets) for p in preps)}; lay cues for medspaCy: "
          f"{len(lay)} literal rules from {expanded} phrases ({skipped} open-ended phrases could not be expanded)")
    print(f"{'method':18} {'P':>6} {'R':>6} {'negation':>9} {'denied R':>9} {'context/s':>10} {'whole/s':>9}")
    for r in rows:
        print(f"{r['method']:18} {r['precision']:6.3f} {r['recall']:6.3f} {r['negation']:9.3f} "
              f"{r['denied_recall']:9.3f} {r['context_per_s']:10.0f} {r['whole_per_s']:9.0f}")
    own_start = startup("from bumpwise.text import read_text; read_text('29 weeks, no bleeding')")
    med_start = startup("import bumpwise.text.medspacy_quiet, spacy, medspacy; from medspacy.context import ConText;"
                        "nlp = spacy.blank('en'); nlp.add_pipe('sentencizer'); ConText(nlp, rules='default')")
    print(f"start-up (fresh interpreter, best of 3): own {own_start:.2f} s; medspaCy import + pipeline "
          f"{med_start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
