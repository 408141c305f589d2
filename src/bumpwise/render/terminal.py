"""Render an assessment result for the terminal with rich: level and action first, then every red
flag, the reasons, the likely causes, the plan, what to avoid, what was left out, and sources."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from bumpwise.knowledge import KnowledgeBase

LEVEL_STYLE = {"emergency": ("bold white on red", "!!"), "urgent": ("bold black on yellow", "!"),
               "soon": ("bold black on cyan", "i"), "self_care": ("bold black on green", "ok")}


def render(result: dict[str, Any], kb: KnowledgeBase) -> RenderableType:
    triage = result["triage"]
    style, icon = LEVEL_STYLE[triage["level"]]
    parts: list[RenderableType] = [
        Panel(Text(f"[{icon}] {triage['label']}\n", style=style) + Text(triage["action"]), title="What to do now"),
    ]
    if result["red_flags"]:
        flags = Text("Warning signs you reported:\n", style="bold red")
        for flag in result["red_flags"]:
            flags.append(f"  • {flag['label']}\n")
        parts.append(flags)
    if "red_flags" in result["missing"]:
        parts.append(Text("We did not ask about warning signs such as bleeding, fluid, fever or the baby moving "
                          "less. If you have any of these, call your maternity unit now.", style="yellow"))
    if triage["reasons"]:
        why = Text("Why am I seeing this?\n", style="bold")
        for reason in triage["reasons"]:
            why.append(f"  • {reason['explanation']} [{', '.join(reason['sources'])}]\n")
        parts.append(why)
    if result["causes"]:
        causes = Text("What might be causing it (not a diagnosis)\n", style="bold")
        for cause in result["causes"][:3]:
            causes.append(f"  • {cause['name']}", style="bold")
            causes.append(f" — {cause['summary']}\n")
        parts.append(causes)
    plan = result["plan"]
    if plan["items"]:
        body = Text("Your relief plan\n", style="bold")
        for number, item in enumerate(plan["items"], start=1):
            body.append(f"{number}. {item['title']}", style="bold")
            body.append(f" ({item['dose']})\n")
            for step in item["steps"]:
                body.append(f"     - {step}\n")
            body.append(f"     Stop if: {item['stop_if']}\n", style="italic")
        parts.append(body)
    if plan["avoid"]:
        avoid = Text("Things to avoid\n", style="bold")
        for entry in plan["avoid"]:
            avoid.append(f"  • {entry['title']}: {entry['why']}\n")
        parts.append(avoid)
    if plan["withheld"]:
        left = Text("Left out on purpose\n", style="bold")
        for entry in plan["withheld"]:
            left.append(f"  • {entry['title']}: {entry['reason']}\n")
        parts.append(left)
    cited = sorted({s for r in triage["reasons"] for s in r["sources"]}
                   | {s for i in plan["items"] for s in i["sources"]}, key=_source_order)
    if cited:
        sources = Text("Sources\n", style="bold")
        for sid in cited:
            source = kb.sources[sid]
            sources.append(f"  [{sid}] {source.title} {source.url or ''}\n", style="dim")
        parts.append(sources)
    parts.append(Text(f"Knowledge base {result['knowledge_version']}. This is not a diagnosis.", style="dim"))
    return Group(*parts)


def _source_order(sid: str) -> tuple[int, str]:
    digits = "".join(ch for ch in sid if ch.isdigit())
    return (int(digits) if digits and sid.startswith("S") else 10_000, sid)


def print_result(result: dict[str, Any], kb: KnowledgeBase, console: Console | None = None) -> None:
    (console or Console()).print(render(result, kb))
