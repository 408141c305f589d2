#!/usr/bin/env python3
"""Compile the engine's modules with mypyc into src/bumpwise/engine/_compiled/ (issue 14).

    .venv/bin/python scripts/compile_engine.py [--clean]

The engine is mypy-strict, so mypyc compiles it unchanged; the compiled modules run about 1.8x
faster. They are loaded only while the stamp written here matches the sources (see
bumpwise/engine/__init__.py), so editing a module never runs stale code. Without a C compiler
this prints why and exits 0: the pure-Python modules are the fallback, with the same results.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
BUILD = SRC / "bumpwise" / "engine" / "_compiled"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules and stop")
    parser.add_argument("--force", action="store_true", help="compile even when the compiled modules are current")
    args = parser.parse_args()
    sys.path.insert(0, str(SRC))
    import bumpwise.engine as engine

    stamp = BUILD / "stamp"
    if not args.clean and not args.force and stamp.is_file() and stamp.read_text().strip() == engine.source_stamp():
        print("compile_engine: the compiled engine is up to date")
        return 0
    shutil.rmtree(BUILD, ignore_errors=True)
    if args.clean:
        return 0

    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        print("compile_engine: no C compiler; the engine runs as pure Python")
        return 0
    with tempfile.TemporaryDirectory(prefix="bumpwise-mypyc-") as work:
        tree = Path(work) / "src"
        shutil.copytree(SRC / "bumpwise", tree / "bumpwise",
                        ignore=shutil.ignore_patterns("_compiled", "__pycache__", "static", "templates", "data"))
        modules = [f"bumpwise/engine/{name}.py" for name in engine.COMPILED]
        done = subprocess.run([sys.executable, "-m", "mypyc", *modules], cwd=tree, capture_output=True, text=True)
        if done.returncode != 0:
            print("compile_engine: mypyc failed; the engine runs as pure Python\n" + done.stdout[-3000:]
                  + done.stderr[-3000:])
            return 0
        (BUILD / "bumpwise" / "engine").mkdir(parents=True)
        for built in tree.glob("*__mypyc*.so"):
            shutil.copy2(built, BUILD / built.name)
        for name in engine.COMPILED:
            [built] = (tree / "bumpwise" / "engine").glob(f"{name}.*.so")
            shutil.copy2(built, BUILD / "bumpwise" / "engine" / built.name)
    (BUILD / "stamp").write_text(engine.source_stamp() + "\n")
    print(f"compile_engine: {len(engine.COMPILED)} engine modules compiled into {BUILD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
