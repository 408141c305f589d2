"""Pain and goal scores over time, on the week-of-pregnancy axis, and the rises that need a call.

The axis: any record that carries a week (an entry, a check-in or a goal rating) anchors the
pregnancy; the most recent anchor wins, because people often correct an early estimate after
a dating scan. Without any anchor the axis is "weeks since the first record".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bumpwise.diary.records import Diary
from bumpwise.diary.vocab import Vocabulary, short_region_label
from bumpwise.i18n import N_

# A rise of 2 or more points (0-10 scale) within a week is flagged for review: the brief's
# tracking recommendation (section 8), where 2 points is the meaningful change on the NPRS.
RISE_POINTS = 2
RISE_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Point:
    day: date
    week: float  # position on the axis (fractional weeks)
    score: int


@dataclass(frozen=True)
class Series:
    key: str  # region id or goal id
    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Rise:
    key: str
    label: str
    from_day: date
    from_score: int
    to_day: date
    to_score: int

    @property
    def points(self) -> int:
        return self.to_score - self.from_score


@dataclass(frozen=True)
class Axis:
    start: date  # day 0 of the axis
    gestational: bool  # True: weeks of pregnancy; False: weeks since the first record

    def week(self, day: date) -> float:
        return (day - self.start).days / 7

    @property
    def label(self) -> str:
        return N_("Week of pregnancy") if self.gestational else N_("Weeks since the first record")


def axis_for(diary: Diary) -> Axis:
    return axis_from(_dated(diary))


def axis_from(dated: list[tuple[date, int | None]]) -> Axis:
    """The axis from records' (day, week), in the diary's order: the most recent week given wins."""
    anchors = [(day, week) for day, week in dated if week is not None]
    if anchors:
        day, week = max(anchors, key=lambda a: a[0])
        return Axis(start=day - timedelta(weeks=week), gestational=True)
    return Axis(start=min((day for day, _ in dated), default=date.today()), gestational=False)


def _dated(diary: Diary) -> list[tuple[date, int | None]]:
    return ([(e.day, e.week) for e in diary.entries] + [(c.day, c.week) for c in diary.checkins]
            + [(r.day, r.week) for r in diary.goal_ratings])


def week_on(diary: Diary, day: date) -> int | None:
    """The week of pregnancy on `day`, from the diary's anchors, or None when nothing says."""
    axis = axis_for(diary)
    if not axis.gestational:
        return None
    week = int(axis.week(day))
    return week if 1 <= week <= 42 else None


def pain_series(diary: Diary, axis: Axis | None = None, vocab: Vocabulary | None = None) -> list[Series]:
    """One series per region ever rated; a day rated twice keeps its worst score. Labels from
    `vocab` (default: English)."""
    return series_from(((p.region, e.day, p.score) for e in diary.entries for p in e.pains),
                       axis or axis_for(diary), vocab)


def series_from(ratings: Iterable[tuple[str, date, int]], axis: Axis,
                vocab: Vocabulary | None = None) -> list[Series]:
    """Pain series from (region, day, score) ratings in the diary's order."""
    worst: dict[str, dict[date, int]] = defaultdict(dict)
    for region, day, score in ratings:
        by_day = worst[region]
        by_day[day] = max(score, by_day.get(day, 0))
    return [Series(key=region, label=short_region_label(region, vocab),
                   points=tuple(Point(day=d, week=axis.week(d), score=s) for d, s in sorted(by_day.items())))
            for region, by_day in worst.items()]


def goal_series(diary: Diary, axis: Axis | None = None) -> list[Series]:
    axis = axis or axis_for(diary)
    out = []
    for goal in diary.goals:
        points = tuple(Point(day=r.day, week=axis.week(r.day), score=r.score)
                       for r in sorted(diary.goal_ratings, key=lambda r: r.day) if r.goal_id == goal.id)
        out.append(Series(key=goal.id, label=goal.title, points=points))
    return out


def rises(series: Series) -> list[Rise]:
    """Every point that is RISE_POINTS or more above the lowest score of the week before it."""
    found = []
    points = series.points
    low = 0  # index of the first point still inside the window
    for i, point in enumerate(points):
        while points[low].day < point.day - RISE_WINDOW:
            low += 1
        window = points[low:i]
        if not window:
            continue
        base = min(window, key=lambda p: (p.score, p.day))
        if point.score - base.score >= RISE_POINTS:
            found.append(Rise(key=series.key, label=series.label, from_day=base.day, from_score=base.score,
                              to_day=point.day, to_score=point.score))
    return found


def current_rises(diary: Diary, series: list[Series] | None = None,
                  vocab: Vocabulary | None = None) -> list[Rise]:
    """Rises ending at a region's latest rating: the pain is still up, so the prompt shows.
    `series`: the diary's pain series when the caller has them (the timeline reads only ratings)."""
    out = []
    for one in pain_series(diary, vocab=vocab) if series is None else series:
        found = rises(one)
        if found and found[-1].to_day == one.points[-1].day:
            out.append(found[-1])
    return out
