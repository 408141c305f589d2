"""Render an assessment result for the terminal with rich: level and action first, then every red
flag, the reasons, the likely causes, the plan, what to avoid, what was left out, and sources."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from bumpwise.i18n import N_, translations
from bumpwise.i18n.services import services_for
from bumpwise.knowledge import KnowledgeBase
from bumpwise.render import CRISIS_RULES
from bumpwise.settings import Settings

MAX_GENERAL_AVOID = 4
LEVEL_STYLE = {"emergency": ("bold white on red", "!!"), "urgent": ("bold black on yellow", "!"),
               "soon": ("bold black on cyan", "i"), "self_care": ("bold black on green", "ok")}


def call_line(result: dict[str, Any], settings: Settings, locale: str = "en") -> str:
    """Who to call, with the numbers for the country (services.yaml and the settings' overrides);
    the crisis route names the crisis line too."""
    level = result["triage"]["level"]
    services = services_for(settings, locale)
    _ = translations(locale).gettext
    numbers = {"emergency": services.emergency, "maternity": services.maternity, "crisis": services.crisis}
    if any(r["rule"] in CRISIS_RULES for r in result["triage"]["reasons"]):
        return _("Call %(emergency)s now, or call %(crisis)s. If you can, tell someone near you.") % numbers
    return {
        "emergency": _("Call %(emergency)s now.") % numbers,
        "urgent": _("Call %(maternity)s now. If you feel very unwell, call %(emergency)s.") % numbers,
        "soon": _("Book with your midwife, doctor or a physiotherapist within a few days. If you are worried, "
                  "call %(maternity)s.") % numbers,
    }.get(level, _("If the pain changes, or anything new worries you, call %(maternity)s.") % numbers)


PROVISIONAL = N_("Before we can say this is safe to manage at home, please answer these questions:")


def render(result: dict[str, Any], kb: KnowledgeBase, settings: Settings | None = None,
           locale: str = "en") -> RenderableType:
    """The result in her language: the interface's words from the catalogs, the knowledge base's
    as `result` carries them (assessed with knowledge_for(locale))."""
    _ = translations(locale).gettext
    triage = result["triage"]
    style, icon = LEVEL_STYLE[triage["level"]]
    call = call_line(result, settings or Settings(), locale)
    parts: list[RenderableType] = [
        Panel(Text(f"[{icon}] {triage['label']}\n", style=style) + Text(triage["action"] + "\n")
              + Text(call, style="bold"), title=_("What to do now")),
    ]
    if triage.get("provisional"):
        parts.append(_bullets(_(PROVISIONAL), [a["question"] for a in result.get("ask_next", [])], "bold yellow"))
    if result["red_flags"]:
        parts.append(_bullets(_("Warning signs you reported:"), [f["label"] for f in result["red_flags"]],
                              "bold red"))
    if "red_flags" in result["missing"]:
        maternity = services_for(settings or Settings(), locale).maternity
        parts.append(Text(_("We did not ask about warning signs such as bleeding, fluid, fever or the baby moving "
                            "less. If you have any of these, call %(maternity)s now.") % {"maternity": maternity},
                          style="yellow"))
    if triage["reasons"]:
        parts.append(_bullets(_("Why am I seeing this?"),
                              [f"{r['explanation']} [{', '.join(r['sources'])}]" for r in triage["reasons"]]))
    if result["causes"]:
        parts.append(_bullets(_("What might be causing it (not a diagnosis)"),
                              [f"{c['name']} — {c['summary']}" for c in result["causes"][:3]]))
    plan = result["plan"]
    if plan["items"]:
        waiting = triage["level"] in ("urgent", "emergency")
        body = Text((_("What to do while you wait") if waiting else _("Your relief plan")) + "\n", style="bold")
        for number, item in enumerate(plan["items"], start=1):
            body.append(f"{number}. {item['title']}", style="bold")
            body.append(f" ({item['dose']})\n")
            for step in item["steps"]:
                body.append(f"     - {step}\n")
            body.append("     " + _("Stop if:") + f" {item['stop_if']}\n", style="italic")
        parts.append(body)
    # Avoid items for this person's causes first; general ones (for everyone) after, a few only.
    targeted = [a for a in plan["avoid"] if "any" not in a["targets"]]
    general = [a for a in plan["avoid"] if "any" in a["targets"]][:MAX_GENERAL_AVOID]
    if targeted or general:
        parts.append(_bullets(_("Things to avoid"), [f"{a['title']}: {a['why']}" for a in targeted + general]))
    if plan["withheld"]:
        parts.append(_bullets(_("Left out on purpose"), [f"{w['title']}: {w['reason']}" for w in plan["withheld"]]))
    cited = sorted({s for r in triage["reasons"] for s in r["sources"]}
                   | {s for i in plan["items"] for s in i["sources"]}, key=_source_order)
    cited = [s for s in cited if s in kb.sources and kb.sources[s].shown]  # publisher known; no seed article
    if cited:
        sources = Text(_("Sources") + "\n", style="bold")
        for sid in cited:
            source = kb.sources[sid]
            sources.append(f"  [{sid}] {source.publisher}. {source.title} {source.url or ''}\n", style="dim")
        parts.append(sources)
    parts.append(Text(_("Knowledge base %(version)s. This is not a diagnosis.")
                      % {"version": result["knowledge_version"]}, style="dim"))
    return Group(*parts)


def _bullets(title: str, lines: list[str], style: str = "bold") -> Text:
    text = Text(title + "\n", style=style)
    for line in lines:
        text.append(f"  • {line}\n", style="")
    return text


def _source_order(sid: str) -> tuple[int, str]:
    digits = "".join(ch for ch in sid if ch.isdigit())
    return (int(digits) if digits and sid.startswith("S") else 10_000, sid)


def print_result(result: dict[str, Any], kb: KnowledgeBase, console: Console | None = None,
                 settings: Settings | None = None, locale: str = "en") -> None:
    (console or Console()).print(render(result, kb, settings, locale))
