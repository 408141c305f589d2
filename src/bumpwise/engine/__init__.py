"""The assessment engine: small pure functions over the knowledge base. It returns structured
results (levels, reasons, ids), never formatted prose; renderers format.

The modules in COMPILED may also be compiled with mypyc (`scripts/compile_engine.py`, run by
`scripts/bootstrap.sh` where a C compiler is present) into `_compiled/`. They are used only when
their stamp matches these source files exactly, so an edited module always runs as written;
otherwise, or with BUMPWISE_PURE_PYTHON=1, or where nothing was compiled, the pure-Python modules
here run, with the same results (tests/test_engine_reference.py checks both).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

COMPILED = ("facts", "match", "tables", "triage", "ask", "causes", "plan", "assess")
_HERE = Path(__file__).resolve().parent
_BUILD = _HERE / "_compiled"


def source_stamp() -> str:
    """What the compiled modules were built from: these sources and this Python."""
    digest = hashlib.sha256(sys.version.encode())
    for name in COMPILED:
        digest.update(name.encode() + b"\0" + (_HERE / f"{name}.py").read_bytes())
    return digest.hexdigest()


def compiled_in_use() -> bool:
    """Whether this process runs the mypyc-compiled engine."""
    return str(_BUILD / "bumpwise" / "engine") in __path__


def _use_compiled() -> None:
    if os.environ.get("BUMPWISE_PURE_PYTHON") or not (_BUILD / "stamp").is_file():
        return
    try:
        if (_BUILD / "stamp").read_text().strip() != source_stamp():
            return
    except OSError:
        return
    __path__.insert(0, str(_BUILD / "bumpwise" / "engine"))  # its modules are found before the sources
    sys.path.append(str(_BUILD))  # for the runtime library the compiled modules share


_use_compiled()
