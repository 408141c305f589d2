"""The midwife summary as lines of plain text: used by the terminal and, laid out, by the PDF."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bumpwise.diary.summary import SECTIONS, Summary, level_label


def _day(day: object) -> str:
    return day.isoformat() if hasattr(day, "isoformat") else str(day)


@dataclass(frozen=True)
class Block:
    """One part of the summary: a heading, paragraphs, and an optional table."""

    heading: str
    lines: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header
    warning: bool = False


def blocks(summary: Summary) -> Iterator[Block]:
    flags = tuple(f"{_day(f.day)}" + (f" (week {f.week})" if f.week else "") + f": {f.label}"
                  for f in summary.red_flags)
    yield Block("Warning signs ever reported", flags or ("No warning signs were reported in any saved check-in or diary entry.",),
                warning=bool(flags))
    if summary.alerts:
        yield Block("Needs review", tuple(a.message for a in summary.alerts), warning=True)
    if summary.has("level"):
        c = summary.latest_checkin
        if c is None:
            yield Block(SECTIONS["level"], ("No check-in was saved in this period.",))
        else:
            triage = c.result.get("triage", {})
            lines = [f"Latest check-in {_day(c.day)}: {triage.get('label') or level_label(c.level)}.",
                     str(triage.get("action", ""))]
            lines += [f"Why: {r.get('explanation', r.get('rule', ''))}" for r in triage.get("reasons", [])]
            yield Block(SECTIONS["level"], tuple(line for line in lines if line))
    if summary.has("trends"):
        rows: list[tuple[str, ...]] = [("Where", "First", "Latest", "Lowest", "Highest", "Ratings")]
        rows += [(p.label, str(p.first), str(p.latest), str(p.lowest), str(p.highest), str(p.ratings))
                 for p in summary.pain]
        rises = tuple(f"{r.label}: {r.from_score} on {_day(r.from_day)} to {r.to_score} on {_day(r.to_day)}"
                      for r in summary.rises)
        said: tuple[str, ...] = ("Pain 0-10 (0 = none, 10 = worst imaginable).",)
        said += (("Rises of 2 or more points within a week:", *rises) if rises
                 else ("No rise of 2 or more points within a week.",))
        yield Block(SECTIONS["trends"], said if summary.pain else ("No pain ratings in this period.",),
                    table=tuple(rows) if summary.pain else ())
    if summary.has("goals"):
        rows = [("Activity", "First", "Latest", "Ratings")]
        rows += [(g.label, str(g.points[0].score), str(g.points[-1].score), str(len(g.points)))
                 for g in summary.goals]
        yield Block(SECTIONS["goals"], ("0 = cannot do it at all, 10 = as well as before the pain.",)
                    if summary.goals else ("No goal ratings in this period.",),
                    table=tuple(rows) if summary.goals else ())
    if summary.has("tried"):
        rows = [("What", "Days tried", "Days it helped")]
        rows += [(t.what, str(t.tried), str(t.helped)) for t in summary.tried]
        yield Block(SECTIONS["tried"], () if summary.tried else ("Nothing recorded as tried in this period.",),
                    table=tuple(rows) if summary.tried else ())
    if summary.has("plan"):
        lines = [f"{i.get('title', i.get('id'))}" + (f" ({i['dose']})" if i.get("dose") else "")
                 for i in summary.plan]
        lines += [f"Avoid: {a.get('title', a.get('id'))}" for a in summary.avoid]
        yield Block(SECTIONS["plan"], tuple(lines) or ("No plan: no check-in was saved in this period.",))
    if summary.has("notes"):
        yield Block(SECTIONS["notes"], tuple(f"{_day(d)}: {n}" for d, n in summary.notes) or ("No notes.",))
    if summary.has("sources"):
        yield Block(SECTIONS["sources"], tuple(f"[{s.id}] {s.title}" + (f" {s.url}" if s.url else "")
                                               for s in summary.sources) or ("None cited.",))


def title(summary: Summary) -> str:
    return "Pain diary summary"


def subtitle(summary: Summary) -> str:
    return (f"{_day(summary.start)} to {_day(summary.end)}: {summary.entries} diary entries, "
            f"{summary.checkins} check-ins. Made with Bumpwise on the person's own device; not a diagnosis.")


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
