"""`bumpwise routine [NAME]`: print a routine (the 10-minute home routine, a flare day, a travel
day, a workday) to follow or to print; without NAME, list them. --lang vi or zh: in her language."""

from __future__ import annotations

import sys

import click

from bumpwise.cli.lang import chosen_language, lang_option


@click.command()
@click.argument("name", required=False)
@lang_option
def routine(name: str | None, lang: str | None) -> None:
    """Print a routine, such as home_10_minutes; without NAME, list the routines."""
    from bumpwise.i18n import translations
    from bumpwise.i18n.knowledge import knowledge_for
    from bumpwise.render.routine_text import routine_text, total_minutes
    from bumpwise.settings import Settings, SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError:
        settings = Settings()  # a broken config file must not stop someone getting advice
    locale = chosen_language(lang, settings.locale)
    t = translations(locale)
    kb = knowledge_for(locale)
    if name is None:
        for r in kb.routines.values():
            minutes = total_minutes(r)
            about = " " + t.ngettext("(about %(num)s minute)", "(about %(num)s minutes)", minutes) % {
                "num": minutes} if minutes else ""
            click.echo(f"{r.id:<18} {r.title}{about}")
        return
    found = kb.routines.get(name.strip().lower().replace("-", "_").replace(" ", "_"))
    if found is None:
        click.echo(t.gettext("No routine called %(name)s. Accepted: %(names)s")
                   % {"name": repr(name), "names": ", ".join(kb.routines)}, err=True)
        sys.exit(2)
    click.echo(routine_text(found, kb, settings, locale), nl=False)
