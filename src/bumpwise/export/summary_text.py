"""The midwife summary as lines of plain text: used by the terminal and, laid out, by the PDF.
In English, Vietnamese or Chinese (`locale`): the interface's words from the gettext catalogs, dates
written the locale's way; what she wrote as she wrote it; the knowledge base's words (warning
signs, regions, level, reasons, plan) as the summary was built with them:
build_summary(..., kb=knowledge_for(locale))."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from bumpwise.diary.summary import SECTIONS, Summary, level_label
from bumpwise.diary.trends import Rise
from bumpwise.i18n import format_date, format_number, translations


def _day(day: object, locale: str = "en") -> str:
    if not isinstance(day, date):
        return str(day)
    return f"{day.day} {day:%b %Y}" if locale == "en" else format_date(day, locale, "medium")


@dataclass(frozen=True)
class Block:
    """One part of the summary: a heading, paragraphs, and an optional table."""

    heading: str
    lines: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header
    warning: bool = False
    key: str = ""  # the section's key (SECTIONS), "warnings" or "review"


def _long_day(day: date, locale: str = "en") -> str:
    return f"{day.day} {day:%B %Y}" if locale == "en" else format_date(day, locale, "long")


def blocks(summary: Summary, locale: str = "en") -> Iterator[Block]:
    t = translations(locale)
    _ = t.gettext
    flags = tuple(_day(f.day, locale)
                  + (_(" (week %(week)s, %(where)s)") % {"week": f.week, "where": _(f.where)} if f.week
                     else f" ({_(f.where)})") + f": {f.label}"
                  for f in summary.red_flags)
    none = _("None reported in any saved check-in or diary entry.")
    yield Block(_("Warning signs ever reported"), flags or (none,), warning=bool(flags), key="warnings")
    if summary.alerts:
        yield Block(_("Pain rising: needs review"), tuple(a.said(locale) for a in summary.alerts), warning=True,
                    key="review")
    heading = {key: _(text) for key, text in SECTIONS.items()}
    if summary.has("level"):
        c = summary.latest_checkin
        if c is None:
            yield Block(heading["level"], (_("No check-in was saved in this period."),), key="level")
        else:
            label, action = summary.level or (level_label(c.level), "")
            latest = _("Latest diary entry, %(day)s:") if c.entry_id else _("Latest check-in, %(day)s:")
            stop = "。" if locale == "zh" else ". "  # Chinese ends the level's label with its own full stop
            lines = [latest % {"day": _day(c.day, locale)} + f" {label}{stop}" + action]
            lines += [_("Why:") + f" {reason}" for reason in summary.reasons]
            yield Block(heading["level"], tuple(line for line in lines if line), key="level")
    if summary.has("trends"):
        rows: list[tuple[str, ...]] = [(_("Where"), _("First"), _("Latest"), _("Lowest"), _("Highest"),
                                        _("Ratings"))]
        rows += [(p.label, str(p.first), str(p.latest), str(p.lowest), str(p.highest), str(p.ratings))
                 for p in summary.pain]
        said: tuple[str, ...] = (_("Pain 0-10 (0 = none, 10 = worst imaginable), worst rating of each day."),)
        said += _rises(summary, locale) or (_("No rise of 2 or more points within a week."),)
        yield Block(heading["trends"], said if summary.pain else (_("No pain ratings in this period."),),
                    table=tuple(rows) if summary.pain else (), key="trends")
    if summary.has("character"):
        days = "%(num)s day", "%(num)s days"  # the msgids (marked in checkin/feel.html)
        felt = _("; ").join(f"{label} ({t.ngettext(*days, n) % {'num': n}})"
                            for label, n in summary.character)
        yield Block(heading["character"], (felt or _("Not recorded in this period."),), key="character")
    if summary.has("sleep"):
        sleep = summary.sleep
        if sleep is None:
            lines = [_("Not recorded in this period.")]
        else:
            lines = []
            if sleep.average_hours is not None:
                hours = f"{sleep.average_hours:g}" if locale == "en" else format_number(sleep.average_hours, locale)
                lines.append(_("About %(hours)s hours a night on average (%(nights)s nights recorded).")
                             % {"hours": hours, "nights": sleep.nights})
            if sleep.asked:
                lines.append(_("Pain woke her on %(woken)s of %(asked)s nights asked.")
                             % {"woken": sleep.woken, "asked": sleep.asked})
        yield Block(heading["sleep"], tuple(lines), key="sleep")
    if summary.has("goals"):
        rows = [(_("Activity"), _("First"), _("Latest"), _("Ratings"))]
        rows += [(g.label, str(g.points[0].score), str(g.points[-1].score), str(len(g.points)))
                 for g in summary.goals]
        yield Block(heading["goals"], (_("0 = cannot do it at all, 10 = as well as before the pain."),)
                    if summary.goals else (_("No goal ratings in this period."),),
                    table=tuple(rows) if summary.goals else (), key="goals")
    if summary.has("tried"):
        rows = [(_("What"), _("Days tried"), _("Days it helped"))]
        rows += [(t.what, str(t.tried), str(t.helped)) for t in summary.tried]
        yield Block(heading["tried"], () if summary.tried else (_("Nothing recorded as tried in this period."),),
                    table=tuple(rows) if summary.tried else (), key="tried")
    if summary.has("plan"):
        lines = [f"{i.get('title', i.get('id'))}" + (f": {i['dose']}" if i.get("dose") else "") for i in summary.plan]
        yield Block(heading["plan"], tuple(lines) or (_("No plan: no check-in was saved in this period."),),
                    key="plan")
    if summary.has("notes") and summary.notes:
        yield Block(_("%(heading)s (latest)") % {"heading": heading["notes"]},
                    tuple(f"{_day(d, locale)}: {n}" for d, n in summary.notes), key="notes")
    if summary.has("sources") and summary.sources:
        yield Block(heading["sources"], tuple(f"{i}. {s.publisher}. {s.title}." + (f" {s.url}" if s.url else "")
                                              for i, s in enumerate(summary.sources, 1)), key="sources")


def _rises(summary: Summary, locale: str = "en") -> tuple[str, ...]:
    """Rises of 2 or more points within a week, one line a region: how many, and the latest."""
    t = translations(locale)
    by_region: dict[str, list[Rise]] = {}
    for rise in summary.rises:
        by_region.setdefault(rise.label, []).append(rise)
    lines = []
    for label, found in by_region.items():
        last = found[-1]
        # Two messages rather than a plural: "once" has no number for a one-form language to keep.
        said = t.gettext("%(region)s rose by 2 or more points within a week once; latest from %(from_score)s on "
                         "%(from_day)s to %(to_score)s on %(to_day)s.") if len(found) == 1 else \
            t.gettext("%(region)s rose by 2 or more points within a week %(num)s times; latest from "
                      "%(from_score)s on %(from_day)s to %(to_score)s on %(to_day)s.")
        lines.append(said % {"region": label, "num": len(found), "from_score": last.from_score,
                             "from_day": _day(last.from_day, locale), "to_score": last.to_score,
                             "to_day": _day(last.to_day, locale)})
    return tuple(lines)


def title(summary: Summary, locale: str = "en") -> str:
    _ = translations(locale).gettext
    return _("Pain diary summary: %(name)s") % {"name": summary.name} if summary.name else _("Pain diary summary")


def subtitle(summary: Summary, locale: str = "en") -> str:
    t = translations(locale)
    _ = t.gettext
    when = []
    if summary.week:
        when.append(_("Week %(week)s of pregnancy on %(day)s") % {"week": summary.week,
                                                                  "day": _long_day(summary.end, locale)})
    if summary.due:
        when.append(_("due date about %(day)s") % {"day": _long_day(summary.due, locale)})
    space = "" if locale == "zh" else " "  # Chinese puts no space between sentences
    head = (_("%(text)s.") % {"text": _(", ").join(when)} + space) if when else ""
    head = head[:1].upper() + head[1:]
    entries = t.ngettext("%(num)s diary entry,", "%(num)s diary entries,", summary.entries) % {"num": summary.entries}
    checkins = t.ngettext("%(num)s check-in.", "%(num)s check-ins.", summary.checkins) % {"num": summary.checkins}
    covers = _("Covers %(start)s to %(end)s:") % {"start": _long_day(summary.start, locale),
                                                  "end": _long_day(summary.end, locale)}
    # True in both modes: on her own machine (personal) or in her account on a service.
    made = _("Recorded by her in Bumpwise; not a diagnosis.")
    return space.join((head + covers, entries, checkins, made))


def render_text(summary: Summary, locale: str = "en") -> str:
    out = [title(summary, locale), subtitle(summary, locale), ""]
    for block in blocks(summary, locale):
        out.append(("!! " if block.warning else "") + block.heading.upper())
        out += [f"  {line}" for line in block.lines]
        if block.table:
            widths = [max(len(row[i]) for row in block.table) for i in range(len(block.table[0]))]
            out += ["  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                    for row in block.table]
        out.append("")
    return "\n".join(out)
