"""`bumpwise export`: everything, as CSV, Bumpwise JSON or a FHIR R4 Bundle."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from bumpwise.cli.diary_cmd import open_cli_store, store_options


def write_private(path: Path, data: bytes) -> None:
    """Write all of `data` or nothing: a temporary file in the same folder, then an atomic rename.
    Readable by this user only, as it holds health data."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "fhir"]), required=True,
              help="csv: one row per fact; json: re-importable; fhir: an R4 Bundle for health records.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of the screen.")
@store_options
def export(fmt: str, output: Path | None, data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Export everything stored. Questions not asked stay "not asked" (null), never "no"."""
    with open_cli_store(data_dir, database_url, account) as store:
        diary = store.load()
    if fmt == "csv":
        from bumpwise.export import csv_format

        text = csv_format.dumps(diary)
    elif fmt == "json":
        from bumpwise.export import json_format

        text = json_format.dumps(diary)
    else:
        from bumpwise.export import fhir_bundle

        text = fhir_bundle.dumps(diary)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_private(output, text.encode("utf-8"))
        click.echo(f"Wrote {output}.", err=True)
