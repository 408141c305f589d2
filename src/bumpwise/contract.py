"""The assessment contract's input side: turn one JSON object into a validated CheckIn, or refuse
it with messages that name each bad field, what is accepted, and the nearest id for a typo.

See shared/spec/assessment.md. Every field is optional. Extra input field beyond the contract:
`denied`, finding ids the person explicitly answered "no" to (it tells the engine which red-flag
questions were asked, so silence is never read as "no").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bumpwise.knowledge.vocabulary import Vocabulary

# A refusal names at most this many problems per list field (and says how many more): a 1 MB list
# of unknown ids must not cost seconds of spelling suggestions or a 20 MB reply.
MAX_PROBLEMS_PER_FIELD = 20
INPUT_FIELDS = ("id", "week", "weeks_since_birth", "pain_score", "onset", "duration_days", "findings", "flags",
                "denied", "text")
MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InputError(ValueError):
    """The input was refused. `errors` names every bad field; str() joins them for a person."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


@dataclass(frozen=True, slots=True)
class CheckIn:
    """What one person told us, validated. Findings and flags keep the order given, without repeats."""

    id: Any = None
    week: int | None = None
    weeks_since_birth: int | None = None
    pain_score: int | None = None
    onset: str | None = None
    duration_days: int | None = None
    findings: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    denied: tuple[str, ...] = ()
    text: str | None = None


def parse_check_in(data: Any, vocabulary: Vocabulary) -> CheckIn:
    """Validate one input object; raise InputError naming every problem."""
    if not isinstance(data, Mapping):
        raise InputError([FieldError("(input)", f"must be a JSON object, not {_json_type(data)}")])
    errors: list[FieldError] = []
    unknown = [key for key in data if key not in INPUT_FIELDS]
    for key in unknown[:MAX_PROBLEMS_PER_FIELD]:
        errors.append(FieldError(_printable(str(key)), "is not a field of an assessment; accepted fields: "
                                 + ", ".join(INPUT_FIELDS) + _nearest(str(key), INPUT_FIELDS)))
    if len(unknown) > MAX_PROBLEMS_PER_FIELD:
        errors.append(FieldError("(input)", f"and {len(unknown) - MAX_PROBLEMS_PER_FIELD} more unknown fields"))
    record_id = data.get("id")
    if not valid_id(record_id):
        errors.append(FieldError("id", "must be a string, a whole number or null (not NaN, Infinity, a fraction, "
                                 "a list or an object, and with no unpaired surrogate characters)"))
        record_id = None

    def integer(name: str) -> int | None:
        value = data.get(name)
        if value is None:
            return None
        term = vocabulary.context[name]
        low, high = term.range or (0, 10**6)
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                errors.append(FieldError(name, f"must be a whole number from {low} to {high}, not {value!r}"))
                return None
        if not low <= value <= high:
            errors.append(FieldError(name, f"must be a whole number from {low} to {high}, not {value}"))
            return None
        return int(value)

    week = integer("week")
    weeks_since_birth = integer("weeks_since_birth")
    if week is not None and weeks_since_birth is not None:
        errors.append(FieldError("weeks_since_birth", "cannot be given together with week: give week while "
                                 "pregnant, or weeks_since_birth (0 to 12) after the birth"))
    pain_score = integer("pain_score")
    duration_days = integer("duration_days")
    onset = data.get("onset")
    accepted_onsets = vocabulary.context["onset"].values
    if onset is not None and onset not in accepted_onsets:
        errors.append(FieldError("onset", f"must be one of {', '.join(accepted_onsets)}, not {onset!r}"
                                 + _nearest(str(onset), accepted_onsets)))
        onset = None
    findings = _ids(data, "findings", vocabulary.findings, "finding", errors)
    flags = _ids(data, "flags", vocabulary.flags, "flag", errors)
    denied = _ids(data, "denied", vocabulary.findings, "finding", errors)
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        errors.append(FieldError("text", f"must be a string, not {_json_type(text)}"))
        text = None
    elif text is not None and len(text) > MAX_TEXT_CHARS:
        errors.append(FieldError("text", f"is {len(text)} characters; at most {MAX_TEXT_CHARS} are accepted"))
        text = None
    elif text is not None and not _encodable(text):
        errors.append(FieldError("text", "holds an unpaired surrogate character (\\ud800-\\udfff alone), which is "
                                 "not text; accepted: any valid Unicode text"))
        text = None
    if errors:
        raise InputError(errors)
    return CheckIn(id=record_id, week=week, weeks_since_birth=weeks_since_birth, pain_score=pain_score,
                   onset=onset,
                   duration_days=duration_days, findings=findings, flags=flags, denied=denied,
                   text=text)


def _ids(data: Mapping[str, Any], name: str, known: Mapping[str, object], what: str,
         errors: list[FieldError]) -> tuple[str, ...]:
    value = data.get(name)
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        errors.append(FieldError(name, f"must be a list of {what} ids, not {_json_type(value)}"))
        return ()
    out: dict[str, None] = {}
    problems = 0
    for index, item in enumerate(value):
        if isinstance(item, str) and item in known:
            out[item] = None
            continue
        problems += 1
        if problems > MAX_PROBLEMS_PER_FIELD:
            continue
        if not isinstance(item, str):
            errors.append(FieldError(f"{name}[{index}]", f"must be a {what} id (a string), not {_json_type(item)}"))
        else:
            errors.append(FieldError(f"{name}[{index}]", f"unknown {what} {_printable(item)!r}"
                                     + _nearest(item, known) + f"; accepted: the {len(known)} {what} ids listed by "
                                     "`bumpwise kb vocabulary` (or GET /api/vocabulary)"))
    if problems > MAX_PROBLEMS_PER_FIELD:
        errors.append(FieldError(name, f"and {problems - MAX_PROBLEMS_PER_FIELD} more bad {what} ids"))
    return tuple(out)


def valid_id(value: Any) -> bool:
    """An id is echoed back in JSON: a string of valid text, a whole number, or null."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return True
    if isinstance(value, float):
        return value.is_integer()  # NaN and Infinity are not, and 1e999 is Infinity
    return isinstance(value, str) and _encodable(value)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(text: str) -> str:
    """Text safe to put in a message: unpaired surrogates shown as escapes, long words cut."""
    safe = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return safe if len(safe) <= 60 else safe[:57] + "..."


def _nearest(word: str, choices: Iterable[str]) -> str:
    if len(word) > 60:
        return ""  # nobody mistypes an id that long; do not spend time comparing it
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
