"""The engine gives exactly the results it gave before issue 14's speed work, on 50,000 generated
check-ins (every contract field, some with a person's own words): `tests/engine_reference.py`
generates them and `tests/data/engine_reference.txt` holds the digests of the JSON of the
reference run, per block of 100 cases."""

from __future__ import annotations

import pytest

from bumpwise.knowledge import knowledge_base
from engine_reference import BLOCK, COUNT, block_digests, read_reference


@pytest.mark.slow
def test_engine_output_is_identical_to_the_reference_run() -> None:
    recorded_version, recorded = read_reference()
    assert recorded_version == knowledge_base().version, (
        "the knowledge base changed since the reference run: check the change is meant, then re-record with "
        "`.venv/bin/python tests/engine_reference.py --record`")
    assert len(recorded) == COUNT // BLOCK
    differing = [index for index, (want, got) in enumerate(zip(recorded, block_digests(), strict=True))
                 if want != got]
    assert not differing, (f"{len(differing)} blocks differ, the first: cases {differing[0] * BLOCK} to "
                           f"{(differing[0] + 1) * BLOCK - 1}")


@pytest.mark.slow
def test_the_pure_python_engine_is_identical_too() -> None:
    """Where the engine runs compiled (scripts/compile_engine.py), its pure-Python modules, the
    fallback without a compiler, must give the same results."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from bumpwise.engine import compiled_in_use

    if not compiled_in_use():
        pytest.skip("the engine runs as pure Python here: the test above covered it")
    script = Path(__file__).with_name("engine_reference.py")
    code = ("import runpy, sys, bumpwise.engine as e\n"
            "assert not e.compiled_in_use()\n"
            f"sys.argv = [{str(script)!r}]\n"
            f"runpy.run_path({str(script)!r}, run_name='__main__')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "BUMPWISE_PURE_PYTHON": "1"})
    assert out.returncode == 0, out.stdout + out.stderr
