"""A routine (knowledge/data/routines.yaml) as plain text: `bumpwise routine NAME` prints it, and
the web's printable sheet shows the same steps. Each step that names a plan item brings the
item's title, how to do it and its stop line; the routine's own dose replaces the item's."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bumpwise.knowledge import KnowledgeBase
    from bumpwise.knowledge.schema import Routine
    from bumpwise.settings import Settings

WIDTH = 76


@dataclass(frozen=True)
class SheetStep:
    """One step of a routine sheet, as it is shown: on the web, in print and in the terminal."""

    number: int
    title: str
    dose: str
    how: tuple[str, ...]
    stop_if: str
    item_id: str | None
    picture: str | None  # alt text of the item's drawing, when it has one


def sheet_steps(routine: Routine, kb: KnowledgeBase) -> list[SheetStep]:
    steps = []
    for number, step in enumerate(routine.steps, 1):
        item = kb.plan_items[step.item] if step.item else None
        if item is None:
            steps.append(SheetStep(number, step.text or "", step.dose, (), "", None, None))
        else:
            steps.append(SheetStep(number, item.title, step.dose, tuple(item.steps), item.stop_if, item.id,
                                   item.picture))
    return steps


def total_minutes(routine: Routine) -> int:
    return round(sum(s.minutes for s in routine.steps))


def source_publishers(routine: Routine, kb: KnowledgeBase) -> list[str]:
    """The publishers of a routine's sources that may be shown (no seed articles), in order."""
    by_id = {**kb.sources, **{p.id: p for s in kb.sources.values() for p in s.parts}}
    shown = (by_id[i] for i in routine.sources if i in by_id)
    return list(dict.fromkeys(s.publisher for s in shown if s.shown and s.publisher))


def routine_text(routine: Routine, kb: KnowledgeBase, settings: Settings, locale: str = "en") -> str:
    """The routine as text in her language: `kb` is knowledge_for(locale) (the routine's own words),
    the headings and the numbers to call from the interface's catalogs and services table."""
    from bumpwise.i18n import translations
    from bumpwise.i18n.services import services_for

    t = translations(locale)
    _ = t.gettext
    services = services_for(settings, locale)
    wrap = textwrap.TextWrapper(width=WIDTH, subsequent_indent="     ")
    bullet = textwrap.TextWrapper(width=WIDTH, initial_indent="     - ", subsequent_indent="       ")
    out = [routine.title.upper(), "", *textwrap.wrap(routine.summary, WIDTH), "",
           *textwrap.wrap(_("When:") + " " + routine.when, WIDTH)]
    minutes = total_minutes(routine)
    if minutes:
        out.append(t.ngettext("About %(num)s minute in all.", "About %(num)s minutes in all.", minutes)
                   % {"num": minutes})
    out.append("")
    for step in sheet_steps(routine, kb):
        out.extend(wrap.wrap(f"{step.number:>2}. {step.title}"))
        out.extend(wrap.wrap("     " + _("How much:") + " " + step.dose))
        for line in step.how:
            out.extend(bullet.wrap(line))
        if step.stop_if:
            out.extend(wrap.wrap("     " + _("Stop if:") + " " + step.stop_if))
        out.append("")
    if routine.tips:
        out.append(_("Tips"))
        for tip in routine.tips:
            out.extend(textwrap.wrap(tip, WIDTH, initial_indent="   - ", subsequent_indent="     "))
        out.append("")
    out.extend(textwrap.wrap(_("STOP:") + " " + routine.stop_if, WIDTH))
    out.extend(textwrap.wrap(_("If you are worried, call %(maternity)s. In an emergency, call %(emergency)s.")
                             % {"maternity": services.maternity, "emergency": services.emergency}, WIDTH))
    out.append("")
    out.append(_("This is general advice, not a diagnosis."))
    names = source_publishers(routine, kb)
    if names:
        out.extend(textwrap.wrap(_("Sources: %(names)s.") % {"names": _("; ").join(names)}, WIDTH))
    return "\n".join(out) + "\n"
