"""The prompts to contact the maternity team, shown at the top of every diary view and export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bumpwise.diary.records import Diary
from bumpwise.diary.trends import RISE_POINTS, Rise, current_rises


@dataclass(frozen=True)
class Alert:
    kind: str  # "red_flag" or "rise"
    day: date
    message: str


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def alerts(diary: Diary, rises: list[Rise] | None = None) -> list[Alert]:
    """Every warning sign ever reported, in a check-in or a diary entry (one alert a record,
    newest first), then every rise that is still current. The two kinds are told apart: a warning
    sign needs a call now if it is still there; a rise needs a review."""
    out = []
    for checkin in reversed(diary.checkins):
        if not checkin.red_flags:
            continue
        where = "your diary entry" if checkin.entry_id else "your check-in"
        signs = "; ".join(f.label for f in checkin.red_flags)
        word = "a warning sign" if len(checkin.red_flags) == 1 else "warning signs"
        out.append(Alert(kind="red_flag", day=checkin.day, message=(
            f"On {_day(checkin.day)} {where} reported {word}: {signs}. If this is happening now, "
            "or has come back, call your maternity unit now.")))
    for rise in current_rises(diary) if rises is None else rises:
        out.append(Alert(kind="rise", day=rise.to_day, message=(
            f"Your {rise.label.lower()} pain rose from {rise.from_score} to {rise.to_score} between "
            f"{_day(rise.from_day)} and {_day(rise.to_day)} — {RISE_POINTS} or more points in a week. "
            "Contact your midwife or maternity team to have it reviewed.")))
    return out
