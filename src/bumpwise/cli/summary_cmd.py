"""`bumpwise summary`: the summary for your midwife or physiotherapist, on screen or as a PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from bumpwise.cli.diary_cmd import fail, open_cli_store, parse_day, store_options
from bumpwise.cli.lang import chosen_language, lang_option
from bumpwise.diary.records import FieldError
from bumpwise.diary.summary import SECTIONS, build_summary
from bumpwise.i18n.knowledge import knowledge_for


@click.command()
@click.option("--from", "start", help="First day to include (YYYY-MM-DD; default: the first record).")
@click.option("--to", "end", help="Last day to include (YYYY-MM-DD; default: today).")
@click.option("--include", default=",".join(SECTIONS), show_default=True,
              help="Comma-separated sections. Warning signs are always included.")
@click.option("--name", default=None, help="Your name, printed at the top (optional; nothing else asks for it).")
@click.option("--pdf", "pdf_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a PDF to this file instead of printing the summary.")
@lang_option
@store_options
def summary(start: str | None, end: str | None, include: str, name: str | None, pdf_file: Path | None,
            data_dir: Path | None, database_url: str | None, lang: str | None = None,
            account: str | None = None) -> None:
    """A summary to show your midwife: level and reasons, warning signs, trends, what helped, plan, sources."""
    sections = tuple(s.strip() for s in include.split(",") if s.strip())
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        fail([FieldError(field="--include",
                         message=f"unknown section {unknown[0]!r}; accepted: {', '.join(SECTIONS)}")])
    first, last = parse_day(start, "--from"), parse_day(end, "--to")
    if first and last and first > last:
        fail([FieldError(field="--from", message=f"{first} is after --to {last}; accepted: a day on or before --to")])
    with open_cli_store(data_dir, database_url, account) as store:
        diary = store.load()
    days = [e.day for e in diary.entries] + [c.day for c in diary.checkins]
    locale = chosen_language(lang)
    report = build_summary(diary, first or min(days, default=date.today()), last or date.today(), sections, name=name,
                           kb=knowledge_for(locale))
    if pdf_file is None:
        from bumpwise.export.summary_text import render_text

        click.echo(render_text(report, locale))
        return
    from bumpwise.cli.export_cmd import write_private
    from bumpwise.export.pdf_summary import render_pdf

    write_private(pdf_file, render_pdf(report, locale))
    click.echo(f"Wrote {pdf_file}.")
