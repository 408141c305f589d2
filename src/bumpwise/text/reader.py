"""read_text: a pregnant person's own words -> findings, flags, context and spans."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bumpwise.text import context_intl
from bumpwise.text.history import historical, history_spans
from bumpwise.text.language import language
from bumpwise.text.lexicon import Lexicon, lexicon
from bumpwise.text.matching import Match, find_matches, settle
from bumpwise.text.model import Extracted, Span, TextReading
from bumpwise.text.normalise import Normalised, normalise, normalise_prepared, prepare_chinese, prepare_vietnamese
from bumpwise.text.quantities import (
    Quantity,
    read_duration,
    read_onset,
    read_pain_score,
    read_since_birth,
    read_week,
)
from bumpwise.text.scope import Cue, Sentences, classify, find_cues, sentences
from bumpwise.text.vocab import vocabulary

_Q = TypeVar("_Q", Quantity, context_intl.Value)

# A negation cue this many words or fewer before a finding is shown as part of its
# span, as in the contract's example {"text": "no bleeding", "negated": true}.
_CUE_IN_SPAN_WORDS = 3
_PREPARE = {"vi": prepare_vietnamese, "zh": prepare_chinese}


def read_text(text: str) -> TextReading:
    """Read free text. Pure, and never raises: if reading fails for any reason the
    whole text is returned as not understood, so the check-in asks rather than
    silently reassuring."""
    if not isinstance(text, str):
        text = ""
    try:
        return read_text_strict(text)
    except Exception:  # deliberately broad: a crash must never become "nothing found"
        span = (0, len(text))
        return TextReading((), (), (), None, None, None, None, (), ((span, text),) if text.strip() else ())


def read_text_strict(text: str) -> TextReading:
    """read_text without the safety net, so tests see real errors."""
    lang = language(text)
    lex = lexicon(lang)
    norm = normalise(text, lex.spelling) if lang == "en" else normalise_prepared(text, lex.spelling, _PREPARE[lang])
    t = norm.text
    sents = sentences(t, lex.syntax.sentence_end)
    # Found once: phrase matching, the cue scans and the history cues all begin at word starts.
    starts = [w.start() for w in lex.syntax.word_start.finditer(t)]
    matches = _cancel(lex, t, sents, settle(find_matches(lex, t, sents, starts)))
    taken = [(m.start, m.end) for m in matches]
    cues = find_cues(lex, t, taken, starts)
    # The current week, against which a history cue's named week is judged ("hồi 8 tuần" at 22 weeks).
    week = read_week(lex, t)
    now = week if lex.intl is None else context_intl.read_week(lex.intl, t)
    history = history_spans(lex, t, sents, None if now is None else int(now.value), taken, starts)
    items: list[Extracted] = []
    hypothetical: list[Match] = []
    targets = [m for m in matches if m.kind in ("finding", "flag")]
    mentions = tuple(sorted({m.start for m in targets}))
    for m in targets:
        category, cue_start = classify(lex, t, sents, cues, m.start, m.end, mentions)
        if category == "hypothetical":
            hypothetical.append(m)
            continue
        negated = m.negated or category == "negated"
        if negated and not m.negated and m.kind == "flag" and not 0 <= cue_start < m.start \
                and historical(history, m.start, m.end, event=False):
            # A flag is history by nature: "breast cancer years ago, all clear since" still has the history.
            negated = False
        if not negated and m.kind == "finding" and historical(history, m.start, m.end, m.id in lex.hist_events):
            # Over and told as over: shown with its span, never a current sign.
            items.append(_item(norm, m.kind, m.id, m.start, m.end, historical=True))
            continue
        start = m.start
        # A cue after the mention (a backward cue, or the "no" answering "bleeding?") stays out of its span.
        if category == "negated" and 0 <= cue_start < m.start \
                and len(lex.syntax.scope_word.findall(t, cue_start, m.start)) <= _CUE_IN_SPAN_WORDS + 1:
            start = cue_start
        items.append(_item(norm, m.kind, m.id, start, m.end, negated=negated,
                           uncertain=(m.uncertain or category == "uncertain") and not negated))
    def earlier_birth(lo: int, hi: int) -> bool:
        # A cue inside the birth's own words ("3 weeks ago") says when this baby came, not that it is over.
        spans = history_spans(lex, t, sents, None if week is None else int(week.value), [*taken, (lo, hi)], starts)
        return historical(spans, lo, hi, event=False)

    items.extend(_context(lex, norm, sents, cues, week, lambda lo, hi: historical(history, lo, hi, event=False),
                          earlier_birth))
    items.sort(key=lambda e: (e.span, e.kind, e.id))
    return _reading(lex, items, _not_understood(lex, norm, sents, cues, matches, hypothetical, items))


def _cancel(lex: Lexicon, t: str, sents: Sentences, matches: list[Match]) -> list[Match]:
    """Drop readings that a phrase in the same sentence unsays (lexicon.yaml `cancels`): painless
    tightenings "with no pattern at all" are not regular tightenings."""
    dropped: set[tuple[int, str]] = set()
    unsaying = lex.syntax.unsaying
    if not matches or (unsaying is not None and not unsaying.search(t)):
        return matches
    for cancel in lex.cancels:
        if cancel.unless_in_text is not None and cancel.unless_in_text.search(t):
            continue
        for hit in cancel.pattern.finditer(t):
            lo, hi = (0, len(t)) if cancel.whole_text else sents.bounds(hit.start())
            dropped.update((i, m.id) for i, m in enumerate(matches) if m.id in cancel.ids and lo <= m.start < hi
                           and not (cancel.keep_denials and m.negated))
    return [m for i, m in enumerate(matches) if (i, m.id) not in dropped] if dropped else matches


def _item(norm: Normalised, kind: str, iid: str, start: int, end: int, *, negated: bool = False,
          uncertain: bool = False, value: int | str | None = None, historical: bool = False) -> Extracted:
    span = norm.span(start, end)
    return Extracted(kind, iid, span, norm.original[span[0]:span[1]],  # type: ignore[arg-type]
                     negated=negated, uncertain=uncertain, value=value, historical=historical)


def _context(lex: Lexicon, norm: Normalised, sents: Sentences, cues: list[Cue], week: Quantity | None,
             over: Callable[[int, int], bool], earlier_birth: Callable[[int, int], bool]) -> list[Extracted]:
    t = norm.text
    if lex.intl is not None:
        return _context_intl(lex, norm, sents, cues, over, earlier_birth)
    out = []
    since_birth = _current_birth(read_since_birth(lex, t), earlier_birth)
    if since_birth is not None:  # when the baby was born is not how long the pain has lasted
        birth = since_birth
        over = _either(over, lambda lo, hi: lo < birth.end and birth.start < hi)
    if since_birth is not None and week is not None and not _pregnant_after(t, week, since_birth):
        week = None  # she has had her baby: a week she names is when it was born, not now
    elif since_birth is not None and week is not None:
        since_birth = None  # "5 days postpartum... sorry, I mean 38 weeks pregnant"
    duration = read_duration(lex, t, skip=over)
    for name, q in (("week", week), ("weeks_since_birth", since_birth), ("pain_score", read_pain_score(lex, t)),
                    ("duration_days", duration)):
        if q is not None:
            out.append(_item(norm, "context", name, q.start, q.end, value=q.value))
    onsets = [q for q in read_onset(lex, t) if classify(lex, t, sents, cues, q.start, q.end)[0] != "negated"]
    if onsets:
        # Sudden wins over gradual: it is the reading that keeps more safety rules on.
        q = min(onsets, key=lambda q: (q.value != "sudden", q.start))
        out.append(_item(norm, "context", "onset", q.start, q.end, value=q.value))
    return out


def _context_intl(lex: Lexicon, norm: Normalised, sents: Sentences, cues: list[Cue],
                  over: Callable[[int, int], bool], earlier_birth: Callable[[int, int], bool]) -> list[Extracted]:
    """The context values of a language other than English (context_intl, context.LANG.yaml)."""
    assert lex.intl is not None
    ctx, t = lex.intl, norm.text
    since_birth = _current_birth(context_intl.read_since_birth(ctx, t), earlier_birth)
    if since_birth is not None and any(p.search(t, 0, since_birth.start) for p in ctx.earlier_baby) \
            and context_intl.read_week(ctx, t) is not None:
        since_birth = None  # "怀孕30周，上一胎剖腹产，生完两个月就不疼了": the earlier baby's birth
    # She has had her baby: a week she names is when it was born, not now.
    week = None if since_birth is not None else context_intl.read_week(ctx, t)
    if since_birth is not None:
        birth = since_birth
        over = _either(over, lambda lo, hi: lo < birth.end and birth.start < hi)
    out = []
    for name, q in (("week", week), ("weeks_since_birth", since_birth), ("pain_score",
                    context_intl.read_pain_score(ctx, t)), ("duration_days", context_intl.read_duration(ctx, t, over))):
        if q is not None:
            out.append(_item(norm, "context", name, q.start, q.end, value=q.value))
    onsets = [q for q in context_intl.read_onset(ctx, t)
              if classify(lex, t, sents, cues, q.start, q.end)[0] != "negated"]
    if onsets:
        q = min(onsets, key=lambda q: (q.value != "sudden", q.start))
        out.append(_item(norm, "context", "onset", q.start, q.end, value=q.value))
    return out


def _current_birth(since_birth: _Q | None, earlier_birth: Callable[[int, int], bool]) -> _Q | None:
    """A time since a birth told as history is an earlier baby's ("with my first, the pain went two
    months after the birth"): it must not make a pregnant woman's check-in one after the birth, which
    would switch off every pregnancy rule."""
    return None if since_birth is None or earlier_birth(since_birth.start, since_birth.end) else since_birth


def _either(a: Callable[[int, int], bool], b: Callable[[int, int], bool]) -> Callable[[int, int], bool]:
    return lambda lo, hi: a(lo, hi) or b(lo, hi)


def _pregnant_after(t: str, week: Quantity, since_birth: Quantity) -> bool:
    """Whether she says she is pregnant, with that week, after telling of a birth (a correction)."""
    return week.start > since_birth.start and t.startswith(" pregnant", week.end)


def _reading(lex: Lexicon, items: list[Extracted], not_understood: tuple[tuple[Span, str], ...]) -> TextReading:
    vocab = vocabulary()
    present = {e.id for e in items if e.kind == "finding" and not e.negated and not e.historical}
    present |= {lex.implies[f] for f in present if f in lex.implies}
    if any(e.kind == "context" and e.id == "onset" and e.value == "sudden" for e in items) \
            and "severe_pain" in present:
        present.add("sudden_severe_onset")  # "it came on suddenly and it's agony"
    present -= {lex.absorbs[f] for f in present if f in lex.absorbs}
    denied = {e.id for e in items if e.kind == "finding" and e.negated} - present
    flags = {e.id for e in items if e.kind == "flag" and not e.negated}
    ctx = {e.id: e.value for e in items if e.kind == "context"}
    week, score, days, onset = ctx.get("week"), ctx.get("pain_score"), ctx.get("duration_days"), ctx.get("onset")
    since_birth = ctx.get("weeks_since_birth")
    return TextReading(
        findings=tuple(f for f in vocab.findings if f in present),
        denied=tuple(f for f in vocab.findings if f in denied),
        flags=tuple(f for f in vocab.flags if f in flags),
        week=week if isinstance(week, int) else None,
        pain_score=score if isinstance(score, int) else None,
        duration_days=days if isinstance(days, int) else None,
        onset=onset if isinstance(onset, str) else None,
        extracted=tuple(items),
        not_understood=not_understood,
        weeks_since_birth=since_birth if isinstance(since_birth, int) else None,
    )


def _not_understood(lex: Lexicon, norm: Normalised, sents: Sentences, cues: list[Cue], matches: list[Match],
                    hypothetical: list[Match], items: list[Extracted]) -> tuple[tuple[Span, str], ...]:
    """Spans the check-in should ask about: things the vocabulary cannot say,
    hypotheticals ("what if my waters break"), and symptom words in a clause where
    nothing at all was understood."""
    t = norm.text
    targets = [m for m in matches if m.kind in ("finding", "flag")]
    spans: list[tuple[int, int]] = []
    for m in matches:
        if m.kind == "unexpressible" and not any(n.start < m.end and m.start < n.end for n in targets) \
                and classify(lex, t, sents, cues, m.start, m.end)[0] != "negated":
            spans.append((m.start, m.end))
    spans.extend((m.start, m.end) for m in hypothetical)
    covered = [(m.start, m.end) for m in matches] + [(c.start, c.end) for c in cues if c.category != "terminate"]
    context_spans = [e.span for e in items if e.kind == "context"]
    for sym in lex.symptom_words.finditer(t):
        if any(s < sym.end() and sym.start() < e for s, e in covered):
            continue
        lo, hi = _clause(lex, t, sents, sym.start())
        if any(lo < m.end and m.start < hi for m in matches) or any(
                norm.span(lo, hi)[0] < e and s < norm.span(lo, hi)[1] for s, e in context_spans):
            continue
        if classify(lex, t, sents, cues, sym.start(), sym.end())[0] == "negated":
            continue
        spans.append((lo, hi))
    if not spans and not items and lex.syntax.letters.search(t):
        # Nothing at all was understood (another language, or only words we lack):
        # say so for the whole message rather than return an empty reading.
        lo, hi = 0, len(t)
        while lo < hi and not t[lo].isalnum():
            lo += 1
        while hi > lo and not t[hi - 1].isalnum():
            hi -= 1
        spans.append((lo, hi))
    out: list[tuple[Span, str]] = []
    for start, end in sorted(set(spans)):
        span = norm.span(start, end)
        if span[1] > span[0] and not any(s <= span[0] and span[1] <= e for (s, e), _ in out):
            out.append((span, norm.original[span[0]:span[1]]))
    return tuple(out)


def _clause(lex: Lexicon, t: str, sents: Sentences, pos: int) -> tuple[int, int]:
    lo, hi = sents.bounds(pos)
    breaks = [m for m in lex.syntax.reader_clause.finditer(t, lo, hi)]
    start = max([m.end() for m in breaks if m.end() <= pos], default=lo)
    end = min([m.start() for m in breaks if m.start() > pos], default=hi)
    trim = lex.syntax.trim
    while start < end and t[start] in trim:
        start += 1
    while end > start and t[end - 1] in trim:
        end -= 1
    return start, end
