"""The evaluation cases (shared/vignettes/dev.jsonl), scored through the CLI by the shared scorer
with the issue's thresholds: under-triage 0%, triage exact >= 95%, cause top-1 >= 90%,
top-3 >= 98%, plan checks 100%."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path


def test_dev_cases_meet_the_thresholds(shared_file: Callable[..., Path]) -> None:
    scorer = shared_file("tools", "score-vignettes")
    cases = shared_file("vignettes", "dev.jsonl")
    out = subprocess.run(
        [sys.executable, str(scorer), "--cmd", f"{shlex.quote(sys.executable)} -m bumpwise",
         "--max-under", "0", "--min-triage", "95", "--min-top1", "90", "--min-top3", "98", "--min-plan", "100",
         str(cases)],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "under-triage 0.0%" in out.stdout
