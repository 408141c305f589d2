"""Bumpwise's own JSON: everything stored, re-importable. Unanswered fields are null, never false."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from bumpwise.diary.records import Diary, DiaryInputError, FieldError, parse

# Written for people reading the file; recomputed from the records, so ignored on import.
DERIVED = ("exported_at", "app_version", "red_flags", "note")


def app_version() -> str:
    try:
        return version("bumpwise")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def to_json(diary: Diary, *, now: datetime | None = None) -> dict[str, Any]:
    data = diary.model_dump(mode="json")
    header = {
        "format": data.pop("format"),
        "format_version": data.pop("format_version"),
        "exported_at": (now or datetime.now(UTC)).replace(microsecond=0).isoformat(),
        "app_version": app_version(),
        "note": "null means the question was not asked or not answered; it never means no.",
        "red_flags": [{"id": flag.id, "label": flag.label, "checkin_id": checkin.id, "entry_id": checkin.entry_id,
                       "day": checkin.day.isoformat()} for checkin, flag in diary.red_flags],
    }
    return header | data


def dumps(diary: Diary) -> str:
    return json.dumps(to_json(diary), ensure_ascii=False, indent=2) + "\n"


def loads(text: str) -> Diary:
    """Parse and validate a Bumpwise JSON export; raises DiaryInputError naming each bad field."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DiaryInputError([FieldError(field="(file)", message=(
            f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}; "
            "accepted: a Bumpwise JSON export (bumpwise export --format json)"))]) from error
    except RecursionError:
        raise DiaryInputError([FieldError(field="(file)", message=(
            "nested too deeply to be a Bumpwise export; accepted: a Bumpwise JSON export "
            "(bumpwise export --format json)"))]) from None
    if not isinstance(data, dict) or data.get("format") != "bumpwise-diary":
        raise DiaryInputError([FieldError(field="format", message=(
            "this is not a Bumpwise diary export; accepted: a JSON object with \"format\": \"bumpwise-diary\""))])
    return parse(Diary, {k: v for k, v in data.items() if k not in DERIVED})
