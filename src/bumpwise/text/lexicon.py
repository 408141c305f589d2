"""Load, validate and compile the text reader's data files (lexicon, cues, context).

Everything the reader knows about words lives in the YAML files beside this module;
this module only checks them and turns phrases into patterns, once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from bumpwise.text.context_intl import IntlContext
from bumpwise.text.phrases import EN, PhraseError, Style, compile_phrases, start_prefixes
from bumpwise.text.scan import Scanner, scanner
from bumpwise.text.syntax import ENGLISH, Syntax
from bumpwise.text.vocab import vocabulary

DATA = Path(__file__).parent
LANGUAGES = ("en", "vi", "zh")
RuleKind = Literal["finding", "flag", "mask", "unexpressible"]
_NEVER = re.compile(r"(?!)")  # for the English-only context patterns a language does not use
_ENTRY_KEYS = {"phrase", "near", "near_stops_at_comma", "with", "unless", "with_in_text", "unless_in_text", "beats",
               "negated", "uncertain"}


class LexiconError(ValueError):
    """A data file that does not hold together; the message says where."""


@dataclass(frozen=True, slots=True)
class Rule:
    """Phrases that all mean one id, with the same conditions."""

    kind: RuleKind
    id: str
    pattern: re.Pattern[str]
    near: re.Pattern[str] | None = None   # must also occur within NEAR_CHARS, same sentence
    within: re.Pattern[str] | None = None  # must also occur in the same sentence
    unless: re.Pattern[str] | None = None  # must not occur in the same sentence
    unless_in_text: re.Pattern[str] | None = None  # must not occur anywhere in the message
    with_in_text: re.Pattern[str] | None = None  # must also occur somewhere in the message
    beats: frozenset[str] = frozenset()
    negated: bool = False
    uncertain: bool = False
    starts: frozenset[str] | None = None  # how a match can begin; None: anywhere
    near_stops_at_comma: bool = False
    foreign: bool = False  # an English phrase in another language's lexicon (mixed-language text)


@dataclass(frozen=True, slots=True)
class RuleIndex:
    """Rules by the first one to three characters their matches can begin with, so each
    is tried only at word starts that begin that way rather than scanning every
    message with every rule (about four times faster). `anywhere` rules scan."""

    by_prefix: dict[str, tuple[Rule, ...]]
    anywhere: tuple[Rule, ...]


def index_rules(rules: tuple[Rule, ...]) -> RuleIndex:
    by_prefix: dict[str, list[Rule]] = {}
    anywhere = []
    for rule in rules:
        if rule.starts is None:
            anywhere.append(rule)
            continue
        for prefix in sorted(rule.starts):
            by_prefix.setdefault(prefix, []).append(rule)
    return RuleIndex({k: tuple(v) for k, v in by_prefix.items()}, tuple(anywhere))


@dataclass(frozen=True, slots=True)
class Cancel:
    """A phrase that unsays readings of `ids` in its sentence (or the whole message)."""

    pattern: re.Pattern[str]
    ids: frozenset[str]
    whole_text: bool = False
    unless_in_text: re.Pattern[str] | None = None
    keep_denials: bool = False  # a reading the text denies ("không đều", "没规律") stays a denial


@dataclass(frozen=True, slots=True)
class WeekPhrase:
    pattern: re.Pattern[str]
    week: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    rules: tuple[Rule, ...]   # findings, flags, masks and unexpressible phrases
    index: RuleIndex
    spelling: dict[str, str]
    neg_forward: re.Pattern[str]
    neg_backward: re.Pattern[str]
    pseudo: re.Pattern[str]
    unc_forward: re.Pattern[str]
    unc_backward: re.Pattern[str]
    hyp_forward: re.Pattern[str]
    hist_cues: Scanner
    hist_distance: re.Pattern[str]
    hist_terminators: re.Pattern[str]
    hist_events: frozenset[str]
    neg_list: re.Pattern[str]
    terminators: re.Pattern[str]
    answer_no: re.Pattern[str]
    answer_yes: re.Pattern[str]
    symptom_words: re.Pattern[str]
    max_scope_words: int
    max_backward_words: int
    numbers: dict[str, int]
    months_to_week: dict[int, int]
    trimester_to_week: dict[int, int]
    week_phrases: tuple[WeekPhrase, ...]
    duration_before: re.Pattern[str]
    duration_after: re.Pattern[str]
    other_week_before: re.Pattern[str]
    pregnancy_after: re.Pattern[str]
    pregnancy_before: re.Pattern[str]
    onset: tuple[tuple[str, re.Pattern[str]], ...]
    since_birth: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, phrase): ago, after, old, now
    implies: dict[str, str]  # a finding read present also reports this one
    absorbs: dict[str, str]  # a finding read present drops this broader one
    cancels: tuple[Cancel, ...]  # phrases that unsay readings of some ids
    lang: str = "en"
    syntax: Syntax = ENGLISH
    early_pregnancy: re.Pattern[str] = re.compile("first trimester")  # a history cue valid only past it
    week_number: re.Pattern[str] | None = None  # the week a history cue names (None: English)
    hist_continues: re.Pattern[str] | None = None  # "never went away", "still there": not over
    intl: IntlContext | None = None  # week, score, duration, birth for a language other than English


def _read(name: str) -> dict[str, Any]:
    # The C loader when PyYAML has it: it halves the lexicon's share of start-up.
    path = DATA / name
    if not path.exists():
        raise LexiconError(f"{name}: missing")
    data = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping at the top")
    return data


def _phrases(value: Any, where: str) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(p, str) and p.strip() for p in items):
        raise LexiconError(f"{where}: expected one or more non-empty phrase strings")
    return [str(p) for p in items]


def _compile(phrases: list[str], macros: dict[str, str], where: str, style: Style = EN) -> re.Pattern[str]:
    try:
        return compile_phrases(phrases, macros, style)
    except PhraseError as exc:
        raise LexiconError(f"{where}: {exc}") from exc


def _rules(kind: RuleKind, section: dict[str, Any], known: tuple[str, ...], all_ids: set[str],
           macros: dict[str, str], style: Style = EN, file: str = "lexicon.yaml") -> list[Rule]:
    rules: list[Rule] = []

    for rid, entries in (section or {}).items():
        where = f"{file} {kind}s.{rid}"
        if rid not in known:
            raise LexiconError(f"{where}: '{rid}' is not a {kind} id in the vocabulary")
        if not isinstance(entries, list) or not entries:
            raise LexiconError(f"{where}: expected a list of entries")
        # One rule per plain phrase: each is then tried only where its own first letters fit,
        # rather than every phrase of an id wherever any of them might start.
        rules.extend(Rule(kind, rid, _compile([e], macros, where, style)) for e in entries if isinstance(e, str))
        for entry in entries:
            if isinstance(entry, str):
                continue
            if not isinstance(entry, dict) or "phrase" not in entry or set(entry) - _ENTRY_KEYS:
                raise LexiconError(f"{where}: entry {entry!r} needs 'phrase' and only {sorted(_ENTRY_KEYS)}")
            beats = frozenset(entry.get("beats", ()))
            if unknown := beats - all_ids:
                raise LexiconError(f"{where}: beats unknown ids {sorted(unknown)}")
            near, within, unless = entry.get("near"), entry.get("with"), entry.get("unless")
            rules.append(Rule(
                kind, rid, _compile(_phrases(entry["phrase"], where), macros, where, style),
                near=_compile(_phrases(near, where), macros, where + ".near", style) if near else None,
                within=_compile(_phrases(within, where), macros, where + ".with", style) if within else None,
                unless=_compile(_phrases(unless, where), macros, where + ".unless", style) if unless else None,
                unless_in_text=_compile(_phrases(entry["unless_in_text"], where), macros, where + ".unless_in_text",
                                        style) if entry.get("unless_in_text") else None,
                with_in_text=_compile(_phrases(entry["with_in_text"], where), macros, where + ".with_in_text", style)
                if entry.get("with_in_text") else None,
                beats=beats, negated=bool(entry.get("negated", False)),
                uncertain=bool(entry.get("uncertain", False)),
                near_stops_at_comma=bool(entry.get("near_stops_at_comma", False)),
            ))
    return rules


def _int_table(raw: Any, where: str, low: int, high: int) -> dict[int, int]:
    table = {int(k): int(v) for k, v in dict(raw).items()}
    if not all(low <= v <= high for v in table.values()):
        raise LexiconError(f"{where}: every week must be in [{low}, {high}]")
    return table


@cache
def lexicon(lang: str = "en") -> Lexicon:
    """The compiled data of one language, built once per process; raises LexiconError on a bad
    file. English reads lexicon.yaml, cues.yaml and context.yaml; another language reads its own
    lexicon.LANG.yaml, cues.LANG.yaml and context.LANG.yaml beside them (docs/text.md)."""
    if lang not in LANGUAGES:
        raise LexiconError(f"no lexicon for language {lang!r} (have {', '.join(LANGUAGES)})")
    if lang != "en":
        from bumpwise.text.lexicon_intl import other_language  # only built when such a text comes

        return other_language(lang)
    return _english()


def _english() -> Lexicon:
    vocab = vocabulary()
    lex, cues, ctx = _read("lexicon.yaml"), _read("cues.yaml"), _read("context.yaml")
    macros = {str(k): str(v) for k, v in lex.get("macros", {}).items()}
    all_ids = {*vocab.findings, *vocab.flags}
    rules = _rules("finding", lex["findings"], vocab.findings, all_ids, macros)
    rules += _rules("flag", lex["flags"], vocab.flags, all_ids, macros)

    def c(value: Any, where: str) -> re.Pattern[str]:
        return _compile(_phrases(value, where), macros, where)

    def scan(value: Any, where: str) -> Scanner:
        phrases = _phrases(value, where)
        _compile(phrases, macros, where)  # names a bad phrase the same way as everywhere else
        return scanner(phrases, macros)

    numbers = {str(k): int(v) for k, v in cues["numbers"].items()}
    week_phrases = tuple(WeekPhrase(c(e["phrase"], "context.yaml week_phrases"), int(e["week"]))
                         for e in ctx["week_phrases"])
    if not all(1 <= w.week <= 42 for w in week_phrases):
        raise LexiconError("context.yaml week_phrases: every week must be in [1, 42]")
    onset = tuple((kind, c(ph, f"context.yaml onset.{kind}")) for kind, ph in ctx["onset"].items())
    if {k for k, _ in onset} - {"sudden", "gradual"}:
        raise LexiconError("context.yaml onset: only 'sudden' and 'gradual' are onset values")
    rules.extend(Rule("mask", "", c(phrase, "lexicon.yaml masks")) for phrase in lex["masks"])
    rules.extend(Rule("unexpressible", "", c(phrase, "lexicon.yaml unexpressible")) for phrase in lex["unexpressible"])
    # Filled in after compiling so that the data files never have to say it.
    all_rules = tuple(replace(r, starts=start_prefixes(r.pattern.pattern)) for r in rules)
    return Lexicon(
        rules=all_rules,
        index=index_rules(all_rules),
        spelling={str(k).lower(): str(v) for k, v in cues["spelling"].items()},
        neg_forward=c(cues["negation"]["forward"], "cues.yaml negation.forward"),
        neg_backward=c(cues["negation"]["backward"], "cues.yaml negation.backward"),
        pseudo=c(cues["negation"]["pseudo"], "cues.yaml negation.pseudo"),
        unc_forward=c(cues["uncertainty"]["forward"], "cues.yaml uncertainty.forward"),
        unc_backward=c(cues["uncertainty"]["backward"], "cues.yaml uncertainty.backward"),
        hyp_forward=c(cues["hypothetical"]["forward"], "cues.yaml hypothetical.forward"),
        hist_cues=scan([*cues["history"]["distance"], *cues["history"]["over"]], "cues.yaml history"),
        hist_distance=c(cues["history"]["distance"], "cues.yaml history.distance"),
        hist_terminators=c(cues["history"]["terminators"], "cues.yaml history.terminators"),
        hist_events=_known_findings(cues["history"]["events"], set(vocab.findings), "cues.yaml history.events"),
        hist_continues=c(cues["history"]["continues"], "cues.yaml history.continues"),
        neg_list=c(cues["negation"]["list"], "cues.yaml negation.list"),
        terminators=c(cues["terminators"], "cues.yaml terminators"),
        answer_no=c(cues["answers"]["deny"], "cues.yaml answers.deny"),
        answer_yes=c(cues["answers"]["confirm"], "cues.yaml answers.confirm"),
        symptom_words=c(cues["symptom_words"], "cues.yaml symptom_words"),
        max_scope_words=int(cues["max_scope_words"]),
        max_backward_words=int(cues["max_backward_words"]),
        numbers=numbers,
        months_to_week=_int_table(ctx["months_to_week"], "context.yaml months_to_week", 1, 42),
        trimester_to_week=_int_table(ctx["trimester_to_week"], "context.yaml trimester_to_week", 1, 42),
        week_phrases=week_phrases,
        duration_before=c(ctx["duration_before"], "context.yaml duration_before"),
        duration_after=c(ctx["duration_after"], "context.yaml duration_after"),
        other_week_before=c(ctx["other_week_before"], "context.yaml other_week_before"),
        pregnancy_after=c(ctx["pregnancy_after"], "context.yaml pregnancy_after"),
        pregnancy_before=c(ctx["pregnancy_before"], "context.yaml pregnancy_before"),
        onset=onset,
        since_birth=tuple((kind, c(ph, f"context.yaml since_birth.{kind}")) for kind, ph in ctx["since_birth"].items()),
        implies=_implies(lex.get("implies") or {}, set(vocab.findings)),
        absorbs=_implies(lex.get("absorbs") or {}, set(vocab.findings)),
        cancels=tuple(Cancel(c(e["phrase"], "lexicon.yaml cancels"),
                             _known_findings(e["ids"], set(vocab.findings), "lexicon.yaml cancels"),
                             whole_text=e.get("scope", "sentence") == "text",
                             unless_in_text=c(e["unless_in_text"], "lexicon.yaml cancels") if e.get("unless_in_text")
                             else None)
                      for e in lex.get("cancels") or ()),
    )


def _known_findings(raw: Any, findings: set[str], where: str) -> frozenset[str]:
    ids = frozenset(str(x) for x in raw or ())
    if unknown := ids - findings:
        raise LexiconError(f"{where}: unknown finding ids {sorted(unknown)}")
    return ids


def _implies(raw: Any, findings: set[str]) -> dict[str, str]:
    table = {str(k): str(v) for k, v in dict(raw).items()}
    for narrow, broad in table.items():
        if narrow not in findings or broad not in findings:
            raise LexiconError(f"lexicon.yaml implies: {narrow} -> {broad} names an unknown finding")
    return table
