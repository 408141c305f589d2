"""The `bumpwise` command: assess per the contract, kb check, and help on every command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from bumpwise.cli import COMMANDS, main


def run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bumpwise", *args], input=stdin, capture_output=True, text=True,
                          timeout=120)


def test_assess_one_object() -> None:
    result = CliRunner().invoke(main, ["assess"], input=json.dumps({"id": "a", "week": 30, "findings": ["low_back"]}))
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["id"] == "a" and out["triage"]["level"] == "self_care"


def test_assess_bad_input_exits_2_naming_the_field() -> None:
    result = CliRunner().invoke(main, ["assess"], input='{"week": 99}')
    assert result.exit_code == 2
    assert "week: must be a whole number from 1 to 42" in result.output


def test_assess_malformed_json_exits_2() -> None:
    result = CliRunner().invoke(main, ["assess"], input='{"week": ')
    assert result.exit_code == 2
    assert "not valid JSON" in result.output


def test_jsonl_keeps_order_and_reports_bad_lines_in_place() -> None:
    lines = "\n".join([json.dumps({"id": 1, "week": 30}), "{oops", json.dumps({"id": 3, "findings": ["nope"]}),
                       json.dumps({"id": 4, "findings": ["fluid_leak"]})]) + "\n"
    result = CliRunner().invoke(main, ["assess", "--jsonl"], input=lines)
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o.get("id") for o in out] == [1, None, 3, 4]
    assert "error" in out[1] and "line 2" in out[1]["error"]
    assert "unknown finding 'nope'" in out[2]["error"]
    assert out[3]["triage"]["level"] == "urgent"
    assert result.exit_code == 2


def test_kb_check_passes() -> None:
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_explains_itself(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    if result.exit_code == 2 and "No such command" in result.output:
        pytest.skip(f"{command} is not installed in this build")
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) >= 3


def test_top_level_help_does_not_load_the_engine() -> None:
    code = ("import sys; from click.testing import CliRunner; from bumpwise.cli import main; "
            "CliRunner().invoke(main, ['--help']); "
            "print(any(m.startswith(('bumpwise.engine', 'pydantic', 'fastapi', 'sqlalchemy')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_help_runs_as_a_process() -> None:
    out = run(["--help"])
    assert out.returncode == 0 and "assess" in out.stdout and "check-in" in out.stdout


def test_json_nested_too_deeply_is_a_message_not_a_traceback() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    single = CliRunner().invoke(main, ["assess"], input=deep)
    assert single.exit_code == 2 and "nested too deeply" in single.output
    lines = CliRunner().invoke(main, ["assess", "--jsonl"], input=deep + "\n" + json.dumps({"id": 2}) + "\n")
    out = [json.loads(line) for line in lines.output.splitlines()]
    assert "nested too deeply" in out[0]["error"] and out[1]["id"] == 2


def test_jsonl_error_lines_stay_valid_json_and_the_batch_goes_on() -> None:
    lines = '{"id": NaN}\n{"id": 2, "text": "\\ud800 x"}\n\xff bad\n{"id": 1e999}\n{"id": 5, "week": 30}\n'
    out = subprocess.run([sys.executable, "-m", "bumpwise", "assess", "--jsonl"], input=lines.encode("utf-8",
                         "surrogateescape"), capture_output=True, check=False)
    def no_constants(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    results = [json.loads(line, parse_constant=no_constants) for line in out.stdout.decode().splitlines()]
    assert [r.get("id") for r in results] == [None, 2, None, None, 5]
    assert all("error" in r for r in results[:4]) and "triage" in results[4]
