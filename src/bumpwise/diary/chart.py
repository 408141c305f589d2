"""Server-rendered SVG line charts: no script, readable by screen readers (title, description and
a table of the same numbers beside it), and lines told apart by shape as well as colour."""

from __future__ import annotations

import math
from html import escape

from bumpwise.diary.trends import Axis, Series

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4")
MARKERS = ("circle", "square", "diamond", "triangle")
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 44


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 4.5:.1f}l4.5 4.5-4.5 4.5-4.5-4.5z" fill="{colour}"/>'
    return f'<path d="M{x:.1f} {y - 4.5:.1f}l4.5 8h-9z" fill="{colour}"/>'


def line_chart(series: list[Series], axis: Axis, title: str, chart_id: str, y_label: str,
               weeks: tuple[float, float] | None = None) -> str:
    """An SVG chart of 0-10 scores; x is weeks on `axis`. Returns markup safe to embed."""
    points = [p for s in series for p in s.points]
    if weeks is None:
        low = math.floor(min((p.week for p in points), default=0))
        high = math.ceil(max((p.week for p in points), default=1))
        weeks = (low, max(high, low + 1))
    x0, x1 = weeks
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(week: float) -> float:
        return LEFT + (week - x0) / (x1 - x0) * plot_w

    def y(score: float) -> float:
        return TOP + (10 - score) / 10 * plot_h

    desc = "; ".join(f"{s.label}: " + (f"from {s.points[0].score} to {s.points[-1].score}, "
                                      f"{len(s.points)} ratings" if s.points else "no ratings")
                     for s in series) or "No ratings yet."
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(desc)}. The table below has the same numbers.</desc>',
           '<g class="grid" stroke="#bbb" stroke-width="1">']
    for score in range(0, 11, 2):
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(score):.1f}" y2="{y(score):.1f}"/>')
    out.append("</g><g class=\"labels\" font-size=\"12\" fill=\"#222\">")
    for score in range(0, 11, 2):
        out.append(f'<text x="{LEFT - 8}" y="{y(score) + 4:.1f}" text-anchor="end">{score}</text>')
    step = max(1, math.ceil((x1 - x0) / 10))
    for week in range(math.ceil(x0), math.floor(x1) + 1, step):
        out.append(f'<text x="{x(week):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{week}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle">{escape(axis.label)}</text>')
    out.append(f'<text transform="translate(12 {TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle">'
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


def legend(series: list[Series]) -> list[dict[str, str]]:
    """What the page shows beside the chart: each line's colour, dash and marker, with its label."""
    return [{"label": s.label, "colour": COLOURS[i % len(COLOURS)], "dash": DASHES[i % len(DASHES)],
             "marker": MARKERS[i % len(MARKERS)]} for i, s in enumerate(series)]
