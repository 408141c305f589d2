"""`bumpwise routine [NAME]`: print a routine (the 10-minute home routine, a flare day, a travel
day, a workday) to follow or to print; without NAME, list them."""

from __future__ import annotations

import sys

import click


@click.command()
@click.argument("name", required=False)
def routine(name: str | None) -> None:
    """Print a routine, such as home_10_minutes; without NAME, list the routines."""
    from bumpwise.knowledge import knowledge_base
    from bumpwise.render.routine_text import routine_text, total_minutes
    from bumpwise.settings import Settings, SettingsError, load_settings

    kb = knowledge_base()
    if name is None:
        for r in kb.routines.values():
            minutes = total_minutes(r)
            click.echo(f"{r.id:<18} {r.title}" + (f" (about {minutes} minutes)" if minutes else ""))
        return
    found = kb.routines.get(name.strip().lower().replace("-", "_").replace(" ", "_"))
    if found is None:
        click.echo(f"No routine called {name!r}. Accepted: {', '.join(kb.routines)}", err=True)
        sys.exit(2)
    try:
        settings = load_settings()
    except SettingsError:
        settings = Settings()  # a broken config file must not stop someone getting advice
    click.echo(routine_text(found, kb, settings), nl=False)
