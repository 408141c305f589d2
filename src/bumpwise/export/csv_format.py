"""Everything as one CSV, one row per fact, so a spreadsheet can filter and chart it.

Columns: record, id, day, week, field, item, value. A question that was not asked has the value
"not asked" (never blank, never "no"); a region that was not rated has no pain row at all.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from bumpwise.diary.records import Diary
from bumpwise.diary.vocab import vocabulary
from bumpwise.export.values import listed, number, yes_no

COLUMNS = ("record", "id", "day", "week", "field", "item", "value")
Row = tuple[str, str, str, str, str, str, str]


def _safe(value: str) -> str:
    # A cell starting with = + @ (or - followed by text) is run as a formula by spreadsheets.
    if value[:1] in ("=", "+", "@", "\t", "\r") or (value.startswith("-") and not _is_number(value)):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def rows(diary: Diary) -> Iterator[Row]:
    vocab = vocabulary()
    for e in diary.entries:
        head = ("entry", e.id, e.day.isoformat(), number(e.week))
        for p in e.pains:
            yield (*head, "pain", p.region, str(p.score))
        if not e.character:  # None: not asked; (): asked, none of these
            yield (*head, "character", "", listed(e.character))
        for character in e.character or ():
            yield (*head, "character", character, vocab.characters.get(character, character))
        yield (*head, "tried", "", listed(e.tried))
        yield (*head, "helped", "", listed(e.helped))
        yield (*head, "sleep_hours", "", number(e.sleep_hours))
        yield (*head, "pain_disturbed_sleep", "", yes_no(e.sleep_disturbed))
        yield (*head, "note", "", e.note if e.note is not None else "")
    for c in diary.checkins:
        head = ("checkin", c.id, c.day.isoformat(), number(c.week))
        yield (*head, "level", "", c.level)
        for flag in c.red_flags:
            yield (*head, "red_flag", flag.id, flag.label)
        yield (*head, "knowledge_version", "", c.knowledge_version)
        yield (*head, "engine_version", "", c.engine_version)
        yield (*head, "input", "", json.dumps(c.input, ensure_ascii=False, sort_keys=True))
    titles = {g.id: g.title for g in diary.goals}
    for g in diary.goals:
        yield ("goal", g.id, g.created_on.isoformat(), "", "title", "", g.title)
        if g.retired_on is not None:
            yield ("goal", g.id, g.retired_on.isoformat(), "", "retired", "", "yes")
    for r in diary.goal_ratings:
        yield ("goal_rating", r.id, r.day.isoformat(), number(r.week), "score", titles[r.goal_id], str(r.score))


def dumps(diary: Diary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows(diary):
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()
