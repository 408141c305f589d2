"""Server-rendered SVG line charts: no script, readable by screen readers (title, description and
a table of the same numbers beside it), and lines told apart by shape as well as colour."""

from __future__ import annotations

import math
from datetime import timedelta
from html import escape

from babel.dates import format_skeleton

from bumpwise.diary.trends import Axis, Series
from bumpwise.i18n import N_, babel_locale, translations

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4")
MARKERS = (N_("circle"), N_("square"), N_("diamond"), N_("triangle"))  # named in the legend, translated there
WIDE = (720, 300, 12)  # width, height, label size (user units): shown from tablet width up
NARROW = (360, 280, 13)  # shown on phones, where the drawing is about its own size: labels stay >= 12 px
LEFT, RIGHT, TOP, BOTTOM = 40, 14, 14, 58
MIN_WEEKS = 4.0


def span(series: list[Series], minimum: float = MIN_WEEKS) -> tuple[float, float]:
    """The x range: the data's weeks, padded equally on both sides to at least `minimum` weeks,
    and never before week 0."""
    weeks = [p.week for s in series for p in s.points]
    if not weeks:
        return (0.0, minimum)
    low, high = min(weeks), max(weeks)
    pad = max(0.0, minimum - (high - low)) / 2 + 0.3
    low, high = low - pad, high + pad
    if low < 0:
        low, high = 0.0, high - low
    return (low, high)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 4.5:.1f}l4.5 4.5-4.5 4.5-4.5-4.5z" fill="{colour}"/>'
    return f'<path d="M{x:.1f} {y - 4.5:.1f}l4.5 8h-9z" fill="{colour}"/>'


def ticks(axis: Axis, weeks: tuple[float, float], most: int, locale: str = "en") -> list[tuple[float, str, str]]:
    """Whole weeks to label, at most `most` of them: (week, "week 24" or "wk 24", "3 Mar"), in
    her language ("tuần 24", "孕24周", "3月3日")."""
    x0, x1 = weeks
    step = max(1, math.ceil((x1 - x0) / most))
    first = math.ceil(x0)
    _ = translations(locale).gettext
    out = []
    for week in range(first, math.floor(x1) + 1, step):
        day = axis.start + timedelta(weeks=week)
        name = (_(N_("wk %(week)s")) if axis.gestational else _(N_("week %(week)s"))) % {"week": week}
        shown = f"{day.day} {day:%b}" if locale == "en" else format_skeleton("MMMd", day, locale=babel_locale(locale))
        out.append((float(week), name, shown))
    return out


def line_chart(series: list[Series], axis: Axis, title: str, chart_id: str, y_label: str,
               weeks: tuple[float, float] | None = None, size: tuple[int, int, int] = WIDE, locale: str = "en") -> str:
    """An SVG chart of 0-10 scores; x is weeks on `axis` (the data's span, padded to at least four
    weeks), each labelled with its week and date. Returns markup safe to embed."""
    width, height, font = size
    x0, x1 = weeks or span(series)
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def x(week: float) -> float:
        return LEFT + (week - x0) / (x1 - x0) * plot_w

    def y(score: float) -> float:
        return TOP + (10 - score) / 10 * plot_h

    t = translations(locale)
    desc = t.gettext("; ").join(f"{s.label}: " + (t.ngettext(
        "from %(first)s to %(last)s, %(num)s rating", "from %(first)s to %(last)s, %(num)s ratings", len(s.points))
        % {"first": s.points[0].score, "last": s.points[-1].score, "num": len(s.points)}
        if s.points else t.gettext("no ratings")) for s in series) or t.gettext("No ratings yet.")
    same = t.gettext("The table below has the same numbers.")
    axis_and_date = t.gettext("%(axis)s and date") % {"axis": t.gettext(axis.label)}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{"wide" if size == WIDE else "narrow"}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(desc)}. {escape(same)}</desc>',
           '<g class="grid" stroke="#bbb" stroke-width="1">']
    for score in range(0, 11, 2):
        out.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(score):.1f}" y2="{y(score):.1f}"/>')
    out.append(f'</g><g class="labels" font-size="{font}" fill="#222">')
    for score in range(0, 11, 2):
        out.append(f'<text x="{LEFT - 6}" y="{y(score) + 4:.1f}" text-anchor="end">{score}</text>')
    for week, name, day in ticks(axis, (x0, x1), 4 if size == NARROW else 9, locale):
        out.append(f'<line x1="{x(week):.1f}" x2="{x(week):.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" '
                   'stroke="#555"/>')
        out.append(f'<text x="{x(week):.1f}" y="{height - BOTTOM + font + 6}" text-anchor="middle">{name}</text>')
        out.append(f'<text x="{x(week):.1f}" y="{height - BOTTOM + 2 * font + 8}" text-anchor="middle">{day}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">'
               f"{escape(axis_and_date)}</text>")
    out.append(f'<text transform="translate({font} {TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle">'
               f"{escape(y_label)}</text></g>")
    for i, s in enumerate(series):
        colour, dash, marker = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
        coords = " ".join(f"{x(p.week):.1f},{y(p.score):.1f}" for p in s.points)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="series" data-series="{escape(s.key)}"><title>{escape(s.label)}</title>'
                   f'<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dashed} points="{coords}"/>')
        # Markers only where they stay readable; a year of daily points would be a smear.
        if len(s.points) <= 60:
            out += [_marker(marker, x(p.week), y(p.score), colour) for p in s.points]
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def charts(series: list[Series], axis: Axis, title: str, chart_id: str, y_label: str,
           weeks: tuple[float, float] | None = None, locale: str = "en") -> str:
    """The same chart twice, drawn for a phone and for a wider screen; the stylesheet shows one
    (the other is display: none, so screen readers meet one chart)."""
    return (line_chart(series, axis, title, chart_id + "-narrow", y_label, weeks, NARROW, locale)
            + line_chart(series, axis, title, chart_id, y_label, weeks, WIDE, locale))


def legend(series: list[Series]) -> list[dict[str, str]]:
    """What the page shows beside the chart: each line's colour, dash and marker, with its label."""
    return [{"label": s.label, "colour": COLOURS[i % len(COLOURS)], "dash": DASHES[i % len(DASHES)],
             "marker": MARKERS[i % len(MARKERS)]} for i, s in enumerate(series)]
