"""The README's examples run and say what the README claims."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_quick_start_has_exactly_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line for block in re.findall(r"```sh\n(.*?)```", quick_start, re.DOTALL)
                for line in block.splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == ["make run", "make test"]


def test_assess_examples_run() -> None:
    lines = [line.split("  #")[0].strip() for block in blocks("sh") for line in block.splitlines()
             if line.startswith("echo ") and "bumpwise assess" in line]
    assert len(lines) >= 2
    for line in lines:
        out = subprocess.run(line.replace(".venv/bin/", f"{BIN}/"), shell=True, capture_output=True, text=True,
                             check=True)
        assert json.loads(out.stdout)["triage"]["level"] in {"self_care", "soon", "urgent", "emergency"}


def test_every_command_in_the_examples_exists() -> None:
    from bumpwise.cli import COMMANDS

    used = set(re.findall(r"\.venv/bin/bumpwise ([a-z-]+)", README))
    assert used - {"--help"} <= set(COMMANDS)


def test_python_example_says_what_it_returns() -> None:
    code = blocks("python")[0]
    claims = re.findall(r"^(\S.*?)\s+# (.+)$", code, flags=re.MULTILINE)
    statements = [line for line in code.splitlines() if "  # " not in line]
    namespace: dict[str, object] = {}
    exec("\n".join(statements), namespace)
    assert claims
    for expression, expected in claims:
        assert repr(eval(expression, namespace)) == expected.strip(), expression
