"""`bumpwise import`: read a Bumpwise JSON export back, checked in full before anything changes."""

from __future__ import annotations

from pathlib import Path

import click

from bumpwise.cli.diary_cmd import fail, open_cli_store, store_options
from bumpwise.diary.reassess import reassessed
from bumpwise.diary.records import DiaryInputError, FieldError
from bumpwise.export.json_format import loads


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", "mode", flag_value="replace", help="Delete what is stored and keep only the file's diary.")
@click.option("--merge", "mode", flag_value="merge", help="Add what the file has that is not stored yet.")
@click.option("--yes", is_flag=True, help="With --replace: do not ask before deleting what is stored.")
@store_options
def import_(file: Path, mode: str | None, yes: bool, data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Import FILE (from `bumpwise export --format json`). All or nothing: one bad record and nothing changes."""
    if mode is None:
        fail([FieldError(field="--replace/--merge", message="choose one: --replace or --merge")])
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail([FieldError(field="FILE", message=f"cannot read {file}: {error}; accepted: a UTF-8 JSON file")])
    try:
        diary = reassessed(loads(text))  # each check-in assessed again from its stored input (issue 11)
    except DiaryInputError as error:
        fail(error.errors)
    with open_cli_store(data_dir, database_url, account) as store:
        stored = sum(store.counts().values())
        if mode == "replace" and stored and not yes:
            click.confirm(f"This deletes the {stored} records stored now and keeps only the file's. Go on?",
                          abort=True)
        try:
            report = store.import_diary(diary, "replace" if mode == "replace" else "merge")
        except DiaryInputError as error:
            fail(error.errors)
    added = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in report.added.items())
    click.echo(f"Imported ({mode}): {added}.")
    kept = sum(report.kept.values())
    if mode == "merge" and kept:
        click.echo(f"{kept} records were already stored and were left as they are.")
