"""Read the context values from normalised text: the week, the pain score, how
long it has been going on, and how it started. Each reader returns the value and
the span of the words it came from, or None."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from bumpwise.text.guard import could_match
from bumpwise.text.lexicon import Lexicon


@dataclass(frozen=True, slots=True)
class Quantity:
    value: int | str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Patterns:
    number: str
    weeks: re.Pattern[str]
    week_n: re.Pattern[str]
    nth_week: re.Pattern[str]
    plus: re.Pattern[str]
    over_forty: re.Pattern[str]
    months: re.Pattern[str]
    trimester: re.Pattern[str]
    due_in: re.Pattern[str]
    overdue_by: re.Pattern[str]
    score: re.Pattern[str]
    score_said: re.Pattern[str]
    duration: re.Pattern[str]
    ago: re.Pattern[str]
    since: re.Pattern[str]


_UNITS = (r"(?:days?|weeks?|wks?|months?|mths?|hours?|hrs?|minutes?|mins?|years?|yrs?"
          r"|am|pm|degrees|kg|lbs?|stone|cm|times)")
_SINCE_DAYS = {"this morning": 0, "today": 0, "this afternoon": 0, "this evening": 0, "earlier today": 0,
               "lunchtime": 0, "tonight": 0, "last night": 1, "yesterday": 1, "the weekend": 3,
               "last week": 7, "last month": 30}


@cache
def _patterns(numbers_key: tuple[tuple[str, int], ...]) -> _Patterns:
    words = sorted((w for w, _ in numbers_key), key=len, reverse=True)
    tens = r"(?:twenty|thirty|forty)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?"
    word = "|".join(re.escape(w) for w in words)
    number = rf"(?:\d{{1,3}}(?:[.,]5)?|{tens}|(?:{word}))"
    n = rf"(?P<n>{number})"
    return _Patterns(
        number=number,
        weeks=re.compile(rf"(?<![\w.,/]){n}(?:\s*\+\s*\d)?\s*(?:-|\s)?\s*(?:weeks?|wks?|wk|w)"
                         rf"(?:\s*(?:and\s*|\+\s*)?\d\s*(?:days?|d))?(?![\w])"),
        week_n=re.compile(r"(?<!\w)week\s+(?P<n>\d{1,2})(?!\s*(?:days?|weeks?)|\d)"),
        nth_week=re.compile(r"(?<!\w)(?P<n>\d{1,2})(?:st|nd|rd|th)\s+week(?!\w)"),
        plus=re.compile(r"(?<![\w.+/])(?P<n>\d{1,2})\s*\+\s*[0-6](?![\d\w/])"),
        over_forty=re.compile(r"(?<![\w.+/])(?P<n>\d{1,2})\s*/\s*40(?![\d/]|\.\d)"),  # "28/40", as notes write it
        months=re.compile(rf"(?<!\w){n}(?P<half>\s+and\s+a\s+half)?\s*(?:-|\s)?\s*(?:months?|mths?|mnths?)"
                          r"(?P<after>\s+(?:pregnant|preg|along|gone|in|now))?(?!\w)"),
        trimester=re.compile(r"(?<!\w)(?P<t>first|1st|second|2nd|third|3rd|last)\s+trimester(?!\w)"),
        due_in=re.compile(rf"(?<!\w)due\s+(?:date\s+is\s+)?in\s+(?:about\s+|around\s+|roughly\s+)?{n}\s*"
                          r"(?P<u>days?|weeks?|wks?|months?)(?!\w)"),
        overdue_by=re.compile(rf"(?<!\w){n}\s*(?P<u>days?|weeks?)\s+(?:overdue|over\s+(?:my\s+)?due|late)(?!\w)"),
        score=re.compile(rf"(?<![\w./]){n}\s*(?:/|out\s+of|outta|of)\s*(?:10|ten)(?![\w/]|\.\d)"),
        score_said=re.compile(
            rf"(?<!\w)(?:(?:pain|it)(?:'s|\s+is|\s+was|\s+feels\s+like)?\s+(?:score\s+|level\s+|rating\s+)?"
            rf"(?:is\s+|of\s+|at\s+|about\s+|around\s+)?(?:a|an)\s+|pain\s+(?:score|level|rating)\s*"
            rf"(?:is\s+|of\s+|at\s+|:\s*)?|scale\s+of\s+(?:0|1|one|zero)\s*(?:-|to)\s*10,?\s*"
            rf"(?:it'?s\s+|it\s+is\s+|about\s+|around\s+|i'?d\s+say\s+|maybe\s+|a\s+|an\s+)*){n}"
            rf"(?!\s*(?:/|out|{_UNITS}|[.,]\d|\d|\+)(?!\w))"),
        duration=re.compile(
            rf"(?<!\w)(?<!due\s)(?:for|over|in)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|the\s+)*"
            rf"(?:(?:last|past)\s+)?(?:{n}\s+)?(?:or\s+(?:two|three|so)\s+)?"
            r"(?P<u>days?|weeks?|wks?|months?|hours?|hrs?|minutes?|mins?|a\s+day|a\s+week|a\s+month)"
            r"(?:\s+or\s+(?P<n2>two|three|so))?(?!\w)"),
        # "3 days ago", "3 days now"; but "29 weeks now" is how far along she is, not how long it hurt
        ago=re.compile(rf"(?<!\w){n}\s+(?P<u>days?|weeks?|months?|hours?)\s+"
                       r"(?:ago|(?:(?<=days\s)|(?<=day\s)|(?<=hours\s)|(?<=hour\s))now)(?!\w)"),
        since=re.compile(r"(?<!\w)(?:since|started|began|from)\s+(?P<when>" +
                         "|".join(re.escape(k) for k in sorted(_SINCE_DAYS, key=len, reverse=True)) +
                         r")(?!\w)|(?<!\w)(?P<all>all\s+(?:day|evening|morning|afternoon|night))(?!\w)"),
    )


_BY_LEXICON: dict[int, tuple[Lexicon, _Patterns]] = {}


def patterns(lex: Lexicon) -> _Patterns:
    """The compiled context patterns for this lexicon's number words, remembered per lexicon
    (sorting the number table on every call cost more than reading the week)."""
    kept = _BY_LEXICON.get(id(lex))
    if kept is None or kept[0] is not lex:
        kept = _BY_LEXICON[id(lex)] = (lex, _patterns(tuple(sorted(lex.numbers.items()))))
    return kept[1]


def to_number(lex: Lexicon, token: str | None) -> float | None:
    """'29' -> 29, 'twenty-nine' -> 29, 'a few' -> 3; None if it is no number."""
    if token is None:
        return None
    token = token.strip().replace(",", ".")
    try:
        return float(token)
    except ValueError:
        pass
    parts = re.split(r"[\s-]+", token)
    if len(parts) == 2 and parts[0] in ("twenty", "thirty", "forty") and parts[1] in lex.numbers:
        return float(lex.numbers[parts[0]] + lex.numbers[parts[1]])
    value = lex.numbers.get(token)
    return None if value is None else float(value)


_CONTEXT_WORD = re.compile(r"[\w'+]+")
_APPOINTMENT = re.compile(r"\s*(?:scan|appointment|check|app|appt|growth|anomaly|booking)")
_AGO = re.compile(r"\s*ago\b")


def _context_before(text: str, start: int, words: int = 4) -> str:
    return " ".join(_CONTEXT_WORD.findall(text, max(0, start - 40), start)[-words:])


# Kept by identity, not with functools.cache: hashing a compiled pattern hashes all of its
# compiled code, 1-3 us for these long ones, and the week reader asks three times a candidate.
_ANCHORED: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _anchored(pattern: re.Pattern[str]) -> re.Pattern[str]:
    kept = _ANCHORED.get(id(pattern))
    if kept is None or kept[0] is not pattern:
        kept = _ANCHORED[id(pattern)] = (pattern, re.compile(rf"(?:{pattern.pattern})\s*$"))
    return kept[1]


def _ends_with(pattern: re.Pattern[str], before: str) -> bool:
    """Whether the words just before a number are this context ("for the last", "I'm")."""
    return _anchored(pattern).search(before) is not None


def _reach(pattern: re.Pattern[str], before: str) -> int:
    """How many characters of the words just before a number this context covers (0: none)."""
    m = _anchored(pattern).search(before)
    return 0 if m is None else len(before) - m.start()


# Where a week or month is named: the long number patterns are tried only around these, not
# at every character of the message (it halves the time the reader takes to find the week).
_WEEK_UNIT = re.compile(r"(?<![a-z])(?:weeks?|wks?|wk|w)(?![a-z])")
_MONTH_UNIT = re.compile(r"(?<![a-z])(?:months?|mths?|mnths?)(?![a-z])")
_REACH_BEFORE, _REACH_AFTER = 48, 24


def _near_units(pattern: re.Pattern[str], unit: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """pattern's matches that contain a unit word: searched only in a window around each unit.
    Lookbehinds still see the text before the window, so the matches are those of finditer."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for u in unit.finditer(text):
        pos, stop = max(0, u.start() - _REACH_BEFORE), min(len(text), u.end() + _REACH_AFTER)
        while (m := pattern.search(text, pos, stop)) is not None:
            if m.start() <= u.start() < m.end():
                found.setdefault(m.span(), m)
            pos = max(m.end(), m.start() + 1)
    return [found[k] for k in sorted(found)]


def _week_candidates(lex: Lexicon, text: str) -> list[tuple[int, int, int, int]]:
    """(score, week, start, end) for every mention that could be the current week."""
    p = patterns(lex)
    found: list[tuple[int, int, int, int]] = []
    # Cheap substring tests first: most messages name the week one way only.
    for m in _near_units(p.weeks, _WEEK_UNIT, text):
        value = to_number(lex, m.group("n"))
        if value is None or not 1 <= value <= 42 or value != int(value) or m.group("n") in ("a", "an"):
            continue  # nobody is "a week" pregnant: "for like a week now" is a length of time
        before, after = _context_before(text, m.start()), text[m.end():m.end() + 25]
        if _ends_with(lex.duration_before, before) or lex.duration_after.match(after.lstrip()):
            continue  # "for two weeks", "3 weeks ago": a length of time
        if _APPOINTMENT.match(after):
            continue  # "my 20 week scan"
        score = 2
        # The longer context wins: "I'm at about 20 weeks" is now, "at about 20 weeks" some other week.
        now, other = _reach(lex.pregnancy_before, before), _reach(lex.other_week_before, before)
        if lex.pregnancy_after.match(after.lstrip()) or (now and now >= other):
            score = 3
        elif other:
            score = 1  # "at 8 weeks I had ...": some other week
        if value <= 3:
            # "two weeks" on its own is more often a length of time, and hardly anyone knows she is
            # pregnant at 3 weeks: any other week she gives wins ("pgp 3 wks now ... 25wk")
            score = 0 if score < 3 else 1
        found.append((score, int(value), m.start(), m.end()))
    for pat, shift, needs in ((p.week_n, 0, "week"), (p.nth_week, -1, "week"), (p.plus, 0, "+"),
                              (p.over_forty, 0, "/40")):
        for m in pat.finditer(text) if needs in text else ():
            value = int(m.group("n")) + shift
            if 1 <= value <= 42 and not any(s <= m.start() < e for _, _, s, e in found):
                found.append((2, value, m.start(), m.end()))
    for m in _near_units(p.months, _MONTH_UNIT, text):
        months = to_number(lex, m.group("n"))
        before = _context_before(text, m.start())
        if months is None or int(months) not in lex.months_to_week or _ends_with(lex.duration_before, before):
            continue
        if _AGO.match(text, m.end()):
            continue
        opens = not text[:m.start()].strip() or text[:m.start()].rstrip()[-1] in ".!?\n"
        if not (m.group("after") or opens or _ends_with(lex.pregnancy_before, before)):
            continue  # "for 2 months", "months ago": not how far along; "7 months." opening a message is
        week = lex.months_to_week[int(months)] + (2 if m.group("half") or months != int(months) else 0)
        found.append((3, min(week, 42), m.start(), m.end()))
    for m in p.trimester.finditer(text) if "trimester" in text else ():
        index = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "last": 3}[m.group("t")]
        found.append((2, lex.trimester_to_week[index], m.start(), m.end()))
    for m in p.due_in.finditer(text) if "due" in text else ():
        amount, unit = to_number(lex, m.group("n")), m.group("u")
        if amount is None:
            continue
        weeks = amount / 7 if unit.startswith("day") else amount * 4.35 if unit.startswith("month") else amount
        week = 40 - math.ceil(weeks)
        if 1 <= week <= 42:
            found.append((4, week, m.start(), m.end()))
    for m in p.overdue_by.finditer(text) if "over" in text or "late" in text else ():
        amount = to_number(lex, m.group("n"))
        if amount is not None:
            extra = amount // 7 if m.group("u").startswith("day") else amount
            found.append((4, min(42, 40 + int(extra)), m.start(), m.end()))
    for phrase in lex.week_phrases:
        for m in phrase.pattern.finditer(text) if could_match(phrase.pattern, text) else ():
            if not any(s <= m.start() < e for _, _, s, e in found):
                found.append((3, phrase.week, m.start(), m.end()))
    return found


def read_week(lex: Lexicon, text: str) -> Quantity | None:
    """The best-supported current week: explicit "pregnant"/"I'm" phrasing beats a bare
    number, which beats a week named for a past event; the first mention breaks ties."""
    candidates = [c for c in _week_candidates(lex, text) if c[0] > 0]
    if not candidates:
        return None
    _score, week, start, end = max(candidates, key=lambda c: (c[0], -c[2]))
    return Quantity(week, start, end)


def read_since_birth(lex: Lexicon, text: str) -> Quantity | None:
    """Weeks since the birth (0-12) if she says she has had her baby ("3 weeks postpartum", "I had
    my baby 10 days ago", "my 5 week old"); the first such statement wins."""
    found: list[Quantity] = []
    for kind, pattern in lex.since_birth:
        for m in pattern.finditer(text) if could_match(pattern, text) else ():
            if kind == "now":
                found.append(Quantity(0, m.start(), m.end()))
                continue
            amount, unit = to_number(lex, m.group("n")), m.group("unit")
            if amount is None or unit is None:
                continue
            days = _days(lex, amount, unit)
            if days is not None and 0 <= days <= 12 * 7 + 6:
                found.append(Quantity(int(days) // 7, m.start(), m.end()))
    return min(found, key=lambda q: q.start) if found else None


def read_pain_score(lex: Lexicon, text: str) -> Quantity | None:
    """The highest score given ("8/10", "eight out of ten", "pain is a 7"): when a
    person gives two, the worse one is the safer one to act on."""
    p = patterns(lex)
    best: Quantity | None = None
    for pat in (p.score, p.score_said):
        for m in pat.finditer(text) if could_match(pat, text) else ():
            value = to_number(lex, m.group("n"))
            if value is None or not 0 <= value <= 10:
                continue
            score = math.ceil(value)
            if best is None or score > int(best.value):
                best = Quantity(score, m.start(), m.end())
    return best


def _days(lex: Lexicon, amount: float | None, unit: str) -> int | None:
    unit = unit.split()[-1]
    if unit.startswith(("hour", "hr", "min")):
        return 0
    per = 30 if unit.startswith("month") else 7 if unit.startswith(("week", "wk")) else 1
    if amount is None:
        # "for weeks" / "for months" with no number: at least two of them.
        amount = 2.0
    return int(amount * per)


def read_duration(lex: Lexicon, text: str,
                  skip: Callable[[int, int], bool] | None = None) -> Quantity | None:
    """How long it has gone on, in days; the longest stated span wins, because
    "has not improved" rules only ever need a lower bound. `skip` leaves out spans that tell
    of something over ("a UTI 3 weeks ago")."""
    p = patterns(lex)
    found: list[Quantity] = []
    for m in p.duration.finditer(text):
        unit = m.group("u")
        amount = to_number(lex, m.group("n")) if m.group("n") else (1.0 if unit.startswith("a ") else None)
        if m.group("n2"):
            amount = max(amount or 0, to_number(lex, m.group("n2")) or 0) or amount
        days = _days(lex, amount, unit)
        if days is not None and 0 <= days <= 400:
            found.append(Quantity(days, m.start(), m.end()))
    for m in p.ago.finditer(text) if could_match(p.ago, text) else ():
        days = _days(lex, to_number(lex, m.group("n")), m.group("u"))
        if days is not None and 0 <= days <= 400 and not (m.group("u").startswith("week") and days > 42 * 7):
            found.append(Quantity(days, m.start(), m.end()))
    for m in p.since.finditer(text) if could_match(p.since, text) else ():
        key = m.group("when")
        found.append(Quantity(_SINCE_DAYS[re.sub(r"\s+", " ", key)] if key else 0, m.start(), m.end()))
    if skip is not None:
        found = [q for q in found if not skip(q.start, q.end)]
    if not found:
        return None
    return max(found, key=lambda q: (int(q.value), -q.start))


def read_onset(lex: Lexicon, text: str) -> list[Quantity]:
    """Every onset phrase; the reader drops negated ones and prefers 'sudden'."""
    return [Quantity(kind, m.start(), m.end()) for kind, pat in lex.onset if could_match(pat, text)
            for m in pat.finditer(text)]
