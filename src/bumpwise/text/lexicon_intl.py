"""Build the lexicon of a language other than English from its three data files
(lexicon.LANG.yaml, cues.LANG.yaml, context.LANG.yaml), validated like the English ones: every id
exists in the vocabulary, every phrase compiles, none matches the empty string.

What is knowledge about ids rather than words is shared with English and not repeated: which
finding implies or absorbs another (lexicon.yaml), months and trimesters to weeks (context.yaml),
which events are history only at a distance (cues.yaml). The English phrases are added to every
language's rules, so a message that mixes in English words ("bị back pain", "BH很多") is read too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bumpwise.text.context_intl import intl_context
from bumpwise.text.lexicon import (
    _NEVER,
    Cancel,
    Lexicon,
    LexiconError,
    Rule,
    _compile,
    _implies,
    _int_table,
    _known_findings,
    _phrases,
    _read,
    _rules,
    index_rules,
    lexicon,
)
from bumpwise.text.phrases import EN, PhraseError, Style, bare, start_prefixes
from bumpwise.text.scan import Scanner, scanner
from bumpwise.text.syntax import syntax_from
from bumpwise.text.vocab import vocabulary

_STYLE_KEYS = {"before", "after", "space", "space_optional", "gap3", "gap6", "fold", "english_before",
               "english_after"}


def _style(raw: dict[str, Any], where: str) -> tuple[Style, Style]:
    """The language's phrase style, and the style its English phrases are compiled with."""
    if set(raw) - _STYLE_KEYS:
        raise LexiconError(f"{where} style: unknown keys {sorted(set(raw) - _STYLE_KEYS)}")
    style = Style(str(raw.get("before", EN.before)), str(raw.get("after", EN.after)),
                  str(raw.get("space", EN.space)), str(raw.get("space_optional", EN.space_optional)),
                  str(raw.get("gap3", EN.gap3)), str(raw.get("gap6", EN.gap6)), bool(raw.get("fold", False)))
    english = replace(EN, before=str(raw.get("english_before", EN.before)),
                      after=str(raw.get("english_after", EN.after)))
    return style, english


def _with_bare_keys(table: dict[str, int], fold: bool) -> dict[str, int]:
    """For text typed without accents: every key also under its bare spelling ("mười" and "muoi")."""
    if not fold:
        return table
    out = dict(table)
    for key, value in table.items():
        out.setdefault("".join(bare(c) if c.isalpha() else c for c in key), value)
    return out


def _english_rules(english: Style) -> list[Rule]:
    """The English phrases, for English words inside this language's text."""
    if english == EN:
        return [replace(r, foreign=True) for r in lexicon("en").rules]
    vocab = vocabulary()
    raw = _read("lexicon.yaml")
    macros = {str(k): str(v) for k, v in raw.get("macros", {}).items()}
    all_ids = {*vocab.findings, *vocab.flags}
    rules = _rules("finding", raw["findings"], vocab.findings, all_ids, macros, english)
    rules += _rules("flag", raw["flags"], vocab.flags, all_ids, macros, english)
    rules += [Rule("mask", "", _compile(_phrases(p, "lexicon.yaml masks"), macros, "lexicon.yaml masks", english))
              for p in raw["masks"]]
    rules += [Rule("unexpressible", "", _compile(_phrases(p, "lexicon.yaml unexpressible"), macros,
                                                 "lexicon.yaml unexpressible", english)) for p in raw["unexpressible"]]
    return [replace(r, foreign=True, starts=start_prefixes(r.pattern.pattern)) for r in rules]


def other_language(lang: str) -> Lexicon:
    vocab = vocabulary()
    names = f"lexicon.{lang}.yaml", f"cues.{lang}.yaml", f"context.{lang}.yaml"
    lex, cues, ctx = (_read(name) for name in names)
    en_lex, en_cues, en_ctx = _read("lexicon.yaml"), _read("cues.yaml"), _read("context.yaml")
    style, english = _style(cues.get("style") or {}, names[1])
    try:
        syntax = syntax_from(cues.get("syntax") or {}, style, names[1])
    except ValueError as exc:
        raise LexiconError(str(exc)) from exc
    macros = {str(k): str(v) for k, v in (lex.get("macros") or {}).items()}
    all_ids = {*vocab.findings, *vocab.flags}
    rules = _rules("finding", lex["findings"], vocab.findings, all_ids, macros, style, names[0])
    rules += _rules("flag", lex.get("flags") or {}, vocab.flags, all_ids, macros, style, names[0])

    def c(value: Any, where: str) -> re.Pattern[str]:
        return _compile(_phrases(value, where), macros, where, style)

    def scan(value: Any, where: str) -> Scanner:
        phrases = _phrases(value, where)
        _compile(phrases, macros, where, style)
        return scanner(phrases, macros, style, syntax.word_start)

    rules.extend(Rule("mask", "", c(p, f"{names[0]} masks")) for p in lex.get("masks") or ())
    rules.extend(Rule("unexpressible", "", c(p, f"{names[0]} unexpressible")) for p in lex.get("unexpressible") or ())
    own = [replace(r, starts=start_prefixes(r.pattern.pattern)) for r in rules]
    all_rules = tuple(own + _english_rules(english))
    months = _int_table(en_ctx["months_to_week"], "context.yaml months_to_week", 1, 42)
    hist = cues["history"]
    try:
        intl = intl_context(ctx, macros, style, months, names[2])
    except (PhraseError, KeyError) as exc:
        raise LexiconError(f"{names[2]}: {exc}") from exc
    intl = replace(intl, numbers=_with_bare_keys(intl.numbers, style.fold),
                   units=_with_bare_keys(intl.units, style.fold),
                   duration_days=_with_bare_keys(intl.duration_days, style.fold))
    return Lexicon(
        rules=all_rules,
        index=index_rules(all_rules),
        spelling={str(k).lower(): str(v) for k, v in (cues.get("spelling") or {}).items()},
        neg_forward=c(cues["negation"]["forward"], f"{names[1]} negation.forward"),
        neg_backward=c(cues["negation"]["backward"], f"{names[1]} negation.backward"),
        pseudo=c(cues["negation"]["pseudo"], f"{names[1]} negation.pseudo"),
        unc_forward=c(cues["uncertainty"]["forward"], f"{names[1]} uncertainty.forward"),
        unc_backward=c(cues["uncertainty"]["backward"], f"{names[1]} uncertainty.backward"),
        hyp_forward=c(cues["hypothetical"]["forward"], f"{names[1]} hypothetical.forward"),
        hist_cues=scan([*hist["distance"], *hist["over"]], f"{names[1]} history"),
        hist_distance=c(hist["distance"], f"{names[1]} history.distance"),
        hist_terminators=c(hist["terminators"], f"{names[1]} history.terminators"),
        hist_events=_known_findings(en_cues["history"]["events"], set(vocab.findings), "cues.yaml history.events"),
        hist_continues=c(hist["continues"], f"{names[1]} history.continues") if hist.get("continues") else None,
        neg_list=c(cues["negation"]["list"], f"{names[1]} negation.list"),
        terminators=c(cues["terminators"], f"{names[1]} terminators"),
        answer_no=c(cues["answers"]["deny"], f"{names[1]} answers.deny"),
        answer_yes=c(cues["answers"]["confirm"], f"{names[1]} answers.confirm"),
        symptom_words=c(cues["symptom_words"], f"{names[1]} symptom_words"),
        max_scope_words=int(cues["max_scope_words"]),
        max_backward_words=int(cues["max_backward_words"]),
        numbers={},
        months_to_week=months,
        trimester_to_week=_int_table(en_ctx["trimester_to_week"], "context.yaml trimester_to_week", 1, 42),
        week_phrases=(),
        duration_before=_NEVER,
        duration_after=_NEVER,
        other_week_before=_NEVER,
        pregnancy_after=_NEVER,
        pregnancy_before=_NEVER,
        onset=(),
        since_birth=(),
        implies=_implies(en_lex.get("implies") or {}, set(vocab.findings)),
        absorbs=_implies(en_lex.get("absorbs") or {}, set(vocab.findings)),
        cancels=tuple(Cancel(c(e["phrase"], f"{names[0]} cancels"),
                             _known_findings(e["ids"], set(vocab.findings), f"{names[0]} cancels"),
                             whole_text=e.get("scope", "sentence") == "text",
                             unless_in_text=c(e["unless_in_text"], f"{names[0]} cancels")
                             if e.get("unless_in_text") else None, keep_denials=bool(e.get("keep_denials")))
                      for e in lex.get("cancels") or ()),
        lang=lang,
        syntax=syntax,
        early_pregnancy=c(hist["early"], f"{names[1]} history.early"),
        week_number=re.compile(str(hist["week_number"])),
        intl=intl,
    )
