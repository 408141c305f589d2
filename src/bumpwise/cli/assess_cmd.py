"""`bumpwise assess`: the assessment contract on stdin and stdout (shared/spec/assessment.md)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

import click

from bumpwise.cli.jsoninput import read_json
from bumpwise.jsonout import dumps_line, dumps_pretty


@click.command()
@click.option("--jsonl", is_flag=True, help="Read one JSON object per line and write one result per line, in order.")
@click.option("--pretty", is_flag=True, help="Indent the JSON output (single object mode).")
def assess(jsonl: bool, pretty: bool) -> None:
    """Assess a check-in given as JSON on standard input; print the result as JSON.

    \b
    Input fields (all optional): id, week (1-42), pain_score (0-10), onset (sudden|gradual),
    duration_days (0-400), findings [ids], flags [ids], denied [ids], text (your own words).
    Ids are listed by `bumpwise kb vocabulary`.

    \b
      bumpwise assess < case.json
      bumpwise assess --jsonl < cases.jsonl

    Bad input is refused with a message naming the field and what is accepted (exit status 2).
    With --jsonl a bad line gets {"id": ..., "error": ...} and the other lines still run.
    """
    from bumpwise import InputError
    from bumpwise import assess as run
    from bumpwise.engine.tables import default_tables
    from bumpwise.knowledge.problems import KnowledgeError

    try:
        default_tables()  # the compiled snapshot; validated from the YAML when the data changed
    except KnowledgeError as error:  # a broken install: say so once, not once per case
        _fail(f"the knowledge base does not load ({len(error.problems)} problem(s)); run `bumpwise kb check`", 1)
    if jsonl:
        sys.exit(_assess_lines(sys.stdin, sys.stdout))
    try:
        data = read_json(sys.stdin.read())
    except ValueError as error:
        _fail(f"input: {error}")
    try:
        result = run(data)
    except InputError as error:
        _fail(str(error))
    sys.stdout.write((dumps_pretty(result) if pretty else dumps_line(result)) + "\n")


def _assess_lines(lines: TextIO, out: TextIO) -> int:
    from bumpwise import InputError
    from bumpwise import assess as run

    status = 0  # 2 if any line was refused (like single mode), 1 on an internal error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        result: dict[str, Any]
        try:
            data = read_json(line)
        except ValueError as error:
            result, status = {"id": None, "error": f"line {number}: {error}"}, 2
        else:
            try:
                result = run(data)
            except InputError as error:
                result, status = {"id": _case_id(data), "error": str(error)}, 2
            except Exception as error:  # one broken case must not stop the others or print a trace
                result = {"id": _case_id(data), "error": f"internal error: {type(error).__name__}"}
                status = max(status, 1)
        out.write(dumps_line(result) + "\n")
    return status


def _case_id(data: object) -> object:
    """The line's id to echo with its error, or null when the id itself is what is wrong (NaN,
    Infinity, a lone surrogate): an error line must still be valid JSON."""
    from bumpwise.contract import valid_id

    value = data.get("id") if isinstance(data, dict) else None
    return value if valid_id(value) else None


def _fail(message: str, status: int = 2) -> None:
    click.echo(f"bumpwise assess: {message}", err=True)
    sys.exit(status)
