"""The midwife summary as lines of plain text: used by the terminal and, laid out, by the PDF."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from bumpwise.diary.summary import SECTIONS, Summary, level_label
from bumpwise.diary.trends import Rise


def _day(day: object) -> str:
    return f"{day.day} {day:%b %Y}" if isinstance(day, date) else str(day)


@dataclass(frozen=True)
class Block:
    """One part of the summary: a heading, paragraphs, and an optional table."""

    heading: str
    lines: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header
    warning: bool = False
    key: str = ""  # the section's key (SECTIONS), "warnings" or "review"


def _long_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def blocks(summary: Summary) -> Iterator[Block]:
    flags = tuple(f"{_day(f.day)}" + (f" (week {f.week}, {f.where})" if f.week else f" ({f.where})") + f": {f.label}"
                  for f in summary.red_flags)
    none = "None reported in any saved check-in or diary entry."
    yield Block("Warning signs ever reported", flags or (none,), warning=bool(flags), key="warnings")
    if summary.alerts:
        yield Block("Pain rising: needs review", tuple(a.message for a in summary.alerts), warning=True, key="review")
    if summary.has("level"):
        c = summary.latest_checkin
        if c is None:
            yield Block(SECTIONS["level"], ("No check-in was saved in this period.",), key="level")
        else:
            triage = c.result.get("triage", {})
            source = "diary entry" if c.entry_id else "check-in"
            lines = [f"Latest {source}, {_day(c.day)}: {triage.get('label') or level_label(c.level)}. "
                     + str(triage.get("action", ""))]
            lines += [f"Why: {r.get('explanation', r.get('rule', ''))}" for r in triage.get("reasons", [])]
            yield Block(SECTIONS["level"], tuple(line for line in lines if line), key="level")
    if summary.has("trends"):
        rows: list[tuple[str, ...]] = [("Where", "First", "Latest", "Lowest", "Highest", "Ratings")]
        rows += [(p.label, str(p.first), str(p.latest), str(p.lowest), str(p.highest), str(p.ratings))
                 for p in summary.pain]
        said: tuple[str, ...] = ("Pain 0-10 (0 = none, 10 = worst imaginable), worst rating of each day.",)
        said += _rises(summary) or ("No rise of 2 or more points within a week.",)
        yield Block(SECTIONS["trends"], said if summary.pain else ("No pain ratings in this period.",),
                    table=tuple(rows) if summary.pain else (), key="trends")
    if summary.has("character"):
        felt = "; ".join(f"{label} ({n} day{'' if n == 1 else 's'})" for label, n in summary.character)
        yield Block(SECTIONS["character"], (felt or "Not recorded in this period.",), key="character")
    if summary.has("sleep"):
        sleep = summary.sleep
        if sleep is None:
            lines = ["Not recorded in this period."]
        else:
            lines = []
            if sleep.average_hours is not None:
                lines.append(f"About {sleep.average_hours:g} hours a night on average "
                             f"({sleep.nights} nights recorded).")
            if sleep.asked:
                lines.append(f"Pain woke her on {sleep.woken} of {sleep.asked} nights asked.")
        yield Block(SECTIONS["sleep"], tuple(lines), key="sleep")
    if summary.has("goals"):
        rows = [("Activity", "First", "Latest", "Ratings")]
        rows += [(g.label, str(g.points[0].score), str(g.points[-1].score), str(len(g.points)))
                 for g in summary.goals]
        yield Block(SECTIONS["goals"], ("0 = cannot do it at all, 10 = as well as before the pain.",)
                    if summary.goals else ("No goal ratings in this period.",),
                    table=tuple(rows) if summary.goals else (), key="goals")
    if summary.has("tried"):
        rows = [("What", "Days tried", "Days it helped")]
        rows += [(t.what, str(t.tried), str(t.helped)) for t in summary.tried]
        yield Block(SECTIONS["tried"], () if summary.tried else ("Nothing recorded as tried in this period.",),
                    table=tuple(rows) if summary.tried else (), key="tried")
    if summary.has("plan"):
        lines = [f"{i.get('title', i.get('id'))}" + (f": {i['dose']}" if i.get("dose") else "") for i in summary.plan]
        yield Block(SECTIONS["plan"], tuple(lines) or ("No plan: no check-in was saved in this period.",), key="plan")
    if summary.has("notes") and summary.notes:
        yield Block(SECTIONS["notes"] + " (latest)", tuple(f"{_day(d)}: {n}" for d, n in summary.notes), key="notes")
    if summary.has("sources") and summary.sources:
        yield Block(SECTIONS["sources"], tuple(f"{i}. {s.publisher}. {s.title}." + (f" {s.url}" if s.url else "")
                                               for i, s in enumerate(summary.sources, 1)), key="sources")


def _rises(summary: Summary) -> tuple[str, ...]:
    """Rises of 2 or more points within a week, one line a region: how many, and the latest."""
    by_region: dict[str, list[Rise]] = {}
    for rise in summary.rises:
        by_region.setdefault(rise.label, []).append(rise)
    lines = []
    for label, found in by_region.items():
        last = found[-1]
        times = "once" if len(found) == 1 else f"{len(found)} times"
        lines.append(f"{label} rose by 2 or more points within a week {times}; latest from {last.from_score} on "
                     f"{_day(last.from_day)} to {last.to_score} on {_day(last.to_day)}.")
    return tuple(lines)


def title(summary: Summary) -> str:
    return "Pain diary summary" + (f": {summary.name}" if summary.name else "")


def subtitle(summary: Summary) -> str:
    when = []
    if summary.week:
        when.append(f"Week {summary.week} of pregnancy on {_long_day(summary.end)}")
    if summary.due:
        when.append(f"due date about {_long_day(summary.due)}")
    head = (", ".join(when) + ". ") if when else ""
    head = head[:1].upper() + head[1:]
    entries = f"{summary.entries} diary {'entry' if summary.entries == 1 else 'entries'}"
    checkins = f"{summary.checkins} check-in{'' if summary.checkins == 1 else 's'}"
    # True in both modes: on her own machine (personal) or in her account on a service.
    return (f"{head}Covers {_long_day(summary.start)} to {_long_day(summary.end)}: {entries}, {checkins}. "
            "Recorded by her in Bumpwise; not a diagnosis.")


def render_text(summary: Summary) -> str:
    out = [title(summary), subtitle(summary), ""]
    for block in blocks(summary):
        out.append(("!! " if block.warning else "") + block.heading.upper())
        out += [f"  {line}" for line in block.lines]
        if block.table:
            widths = [max(len(row[i]) for row in block.table) for i in range(len(block.table[0]))]
            out += ["  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                    for row in block.table]
        out.append("")
    return "\n".join(out)
