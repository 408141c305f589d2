"""The context values (week, pain score, duration, weeks since the birth, onset) for a language
other than English, read with the phrases of its context.LANG.yaml.

English keeps its own readers (quantities.py), tuned on English corpora. Here every way of saying a
value is a phrase in the data file with a named group: `n` the number (digits or the language's
number words: "ba mươi hai", "三十二"), `unit` the unit (looked up in `units`), `half` a half
("七个半月", "7 tháng rưỡi"). Months pregnant and trimesters map to weeks through the English
tables (context.yaml), so "七个月" and "bầu 7 tháng" give 30 like "7 months".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from bumpwise.text.phrases import PhraseError, Style, compile_phrases, to_regex


@dataclass(frozen=True, slots=True)
class Scored:
    pattern: re.Pattern[str]
    score: int  # week: 3 she says it is now, 2 a bare number; for fixed phrases the week itself


@dataclass(frozen=True, slots=True)
class Value:
    value: int | str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class IntlContext:
    numbers: dict[str, int]  # number words: digits 0-9, and 10 for the word that makes tens
    units: dict[str, int]  # unit word -> days
    weeks: tuple[Scored, ...]
    not_week_before: re.Pattern[str]  # words before a number of weeks that make it a length of time
    not_week_after: re.Pattern[str]  # words after it that do ("… ago", "… now" of a pain)
    months: tuple[Scored, ...]
    fixed_weeks: tuple[Scored, ...]  # trimesters and phrases that fix the week (score = week)
    pain_score: tuple[re.Pattern[str], ...]
    since_birth: tuple[re.Pattern[str], ...]  # with n and unit; without n: the first week
    durations: tuple[re.Pattern[str], ...]  # with n and unit, or a fixed number of days
    duration_days: dict[str, int]  # fixed phrases ("từ hôm qua", "从昨天") -> days
    onset: tuple[tuple[str, re.Pattern[str]], ...]
    months_to_week: dict[int, int]
    half_adds: int = 2
    # Words for an earlier baby ("上一胎"): a birth time after one, in a message that also gives this
    # pregnancy's week, is that baby's, not this one's (she is pregnant now).
    earlier_baby: tuple[re.Pattern[str], ...] = ()


def _patterns(raw: Any, macros: dict[str, str], style: Style, where: str) -> list[re.Pattern[str]]:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise PhraseError(f"{where}: expected phrase strings, got {item!r}")
        try:
            out.append(compile_phrases([item], macros, style))
        except PhraseError as exc:
            raise PhraseError(f"{where}: {exc}") from exc
    return out


def _scored(raw: Any, macros: dict[str, str], style: Style, where: str, key: str) -> tuple[Scored, ...]:
    out = []
    for entry in raw or ():
        if not isinstance(entry, dict) or "phrase" not in entry or key not in entry:
            raise PhraseError(f"{where}: each entry needs 'phrase' and '{key}'")
        for pattern in _patterns(entry["phrase"], macros, style, where):
            out.append(Scored(pattern, int(entry[key])))
    return tuple(out)


def intl_context(ctx: dict[str, Any], macros: dict[str, str], style: Style, months_to_week: dict[int, int],
                 where: str) -> IntlContext:
    """Compile a language's context section; raises PhraseError naming the file and key."""
    numbers = {str(k): int(v) for k, v in (ctx.get("numbers") or {}).items()}
    words = "|".join(re.escape(w) for w in sorted(numbers, key=len, reverse=True))
    macros = {**macros, "num": rf"(?:\d{{1,2}}|(?:(?:{words})(?:\s*|(?=\w)))+)" if words else r"\d{1,2}"}
    fixed = _scored(ctx.get("fixed_weeks"), macros, style, f"{where} fixed_weeks", "week")
    if not all(1 <= f.score <= 42 for f in fixed):
        raise PhraseError(f"{where} fixed_weeks: every week must be in [1, 42]")
    return IntlContext(
        numbers=numbers,
        units={str(k): int(v) for k, v in (ctx.get("units") or {}).items()},
        weeks=_scored(ctx.get("weeks"), macros, style, f"{where} weeks", "score"),
        not_week_before=re.compile(rf"(?:{to_regex(str(ctx['not_week_before']), macros, style)})$"),
        not_week_after=re.compile(rf"(?:{to_regex(str(ctx['not_week_after']), macros, style)})"),
        months=_scored(ctx.get("months"), macros, style, f"{where} months", "score"),
        fixed_weeks=fixed,
        pain_score=tuple(_patterns(ctx["pain_score"], macros, style, f"{where} pain_score")),
        since_birth=tuple(_patterns(ctx["since_birth"], macros, style, f"{where} since_birth")),
        durations=tuple(_patterns(ctx["durations"], macros, style, f"{where} durations")),
        duration_days={str(k): int(v) for k, v in (ctx.get("duration_days") or {}).items()},
        onset=tuple((kind, p) for kind, phrases in (ctx.get("onset") or {}).items()
                    for p in _patterns(phrases, macros, style, f"{where} onset.{kind}")),
        months_to_week=months_to_week,
        earlier_baby=tuple(_patterns(ctx["earlier_baby"], macros, style, f"{where} earlier_baby"))
        if ctx.get("earlier_baby") else (),
    )


def to_number(ctx: IntlContext, token: str | None) -> float | None:
    """'32' -> 32, 'ba mươi hai' -> 32, '三十二' -> 32, '两' -> 2; None if it is no number. The
    word worth 10 multiplies what came before it (or 1), as both languages build their tens."""
    if token is None:
        return None
    token = token.strip()
    if token.isdigit():
        return float(token)
    parts = token.split() if " " in token else list(token)
    total, current = 0, 0
    for part in parts:
        value = ctx.numbers.get(part)
        if value is None:
            return None
        if value == 10:
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + value if current else value
    total += current
    return float(total) if parts else None


def _group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _days(ctx: IntlContext, m: re.Match[str]) -> int | None:
    amount = to_number(ctx, _group(m, "n"))
    unit = _group(m, "unit")
    if unit is None:
        return None
    per = ctx.units.get(re.sub(r"\s+", " ", unit))
    if per is None:
        return None
    if amount is None:
        amount = 2.0  # "mấy tuần nay", "好几周": at least two of them
    if _group(m, "half"):
        amount += 0.5
    return int(amount * per)


def read_week(ctx: IntlContext, text: str) -> Value | None:
    """The best-supported current week: "I'm …" beats a bare number, the first mention breaks ties;
    a number of weeks that is a length of time or a time ago is none."""
    found: list[tuple[int, int, int, int]] = []
    for scored in ctx.weeks:
        for m in scored.pattern.finditer(text):
            value = to_number(ctx, _group(m, "n"))
            if value is None or not 1 <= value <= 42 or value != int(value):
                continue
            if ctx.not_week_before.search(text, 0, m.start()) or ctx.not_week_after.match(text, m.end()):
                continue
            score = scored.score if value > 3 else (1 if scored.score >= 3 else 0)
            found.append((score, int(value), m.start(), m.end()))
    for scored in ctx.months:
        for m in scored.pattern.finditer(text):
            months = to_number(ctx, _group(m, "n"))
            if months is None or int(months) not in ctx.months_to_week or ctx.not_week_after.match(text, m.end()):
                continue
            week = ctx.months_to_week[int(months)] + (ctx.half_adds if _group(m, "half") else 0)
            found.append((scored.score, min(week, 42), m.start(), m.end()))
    for scored in ctx.fixed_weeks:  # a number she gives wins over "third trimester" or "just found out"
        for m in scored.pattern.finditer(text):
            found.append((1, scored.score, m.start(), m.end()))
    # A mention inside a longer one is part of it: "3 tháng cuối" is no 3 months, "bầu 30 tuần" one mention.
    found = [f for f in found if f[0] > 0 and not any(
        o[2] <= f[2] and f[3] <= o[3] and o[3] - o[2] > f[3] - f[2] for o in found)]
    if not found:
        return None
    _score, week, start, end = max(found, key=lambda c: (c[0], -c[2]))
    return Value(week, start, end)


def read_since_birth(ctx: IntlContext, text: str) -> Value | None:
    """Weeks since the birth (0-12): the first statement of it wins."""
    found: list[Value] = []
    for pattern in ctx.since_birth:
        for m in pattern.finditer(text):
            if _group(m, "unit") is None:
                found.append(Value(0, m.start(), m.end()))
                continue
            days = _days(ctx, m)
            if days is not None and 0 <= days <= 12 * 7 + 6:
                found.append(Value(days // 7, m.start(), m.end()))
    return min(found, key=lambda v: v.start) if found else None


def read_pain_score(ctx: IntlContext, text: str) -> Value | None:
    """The highest score given: the worse one is the safer one to act on."""
    best: Value | None = None
    for pattern in ctx.pain_score:
        for m in pattern.finditer(text):
            value = to_number(ctx, _group(m, "n"))
            if value is None or not 0 <= value <= 10:
                continue
            if best is None or math.ceil(value) > int(best.value):
                best = Value(math.ceil(value), m.start(), m.end())
    return best


def read_duration(ctx: IntlContext, text: str, skip: Any = None) -> Value | None:
    """How long it has gone on, in days; the longest stated wins (rules need a lower bound)."""
    found: list[Value] = []
    for pattern in ctx.durations:
        for m in pattern.finditer(text):
            days = _days(ctx, m)
            if days is None:
                key = re.sub(r"\s+", " ", _group(m, "since") or "")
                days = ctx.duration_days.get(key)
            if days is not None and 0 <= days <= 400:
                found.append(Value(days, m.start(), m.end()))
    if skip is not None:
        found = [v for v in found if not skip(v.start, v.end)]
    return max(found, key=lambda v: (int(v.value), -v.start)) if found else None


def read_onset(ctx: IntlContext, text: str) -> list[Value]:
    return [Value(kind, m.start(), m.end()) for kind, p in ctx.onset for m in p.finditer(text)]
