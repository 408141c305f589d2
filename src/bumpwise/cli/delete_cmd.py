"""`bumpwise delete-all`: everything stored, gone in one step."""

from __future__ import annotations

from pathlib import Path

import click

from bumpwise.cli.diary_cmd import open_cli_store, store_options


@click.command("delete-all")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@store_options
def delete_all(yes: bool, data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Delete every entry, check-in and goal. This cannot be undone; export first to keep a copy."""
    with open_cli_store(data_dir, database_url, account) as store:
        counts = store.counts()
        total = sum(counts.values())
        if total == 0:
            click.echo("Nothing is stored.")
            return
        if not yes:
            click.echo(f"Stored: {counts['entries']} entries, {counts['checkins']} check-ins, "
                       f"{counts['goals']} goals, {counts['goal_ratings']} goal ratings.")
            click.confirm("Delete all of it? This cannot be undone", abort=True)
        store.delete_all()
    click.echo("Deleted everything.")
