"""JSON out, with orjson, byte for byte what the standard library wrote before (issue 14).

Three shapes are written: the API's compact JSON (Starlette's `JSONResponse`: separators "," and
":", non-ASCII as UTF-8), the CLI's one-line JSON (`json.dumps(..., ensure_ascii=False)`:
separators ", " and ": ") and `--pretty` (indent 2). orjson writes the compact and indented
shapes itself, 7x and 20x faster than `json`. It cannot write the one-line shape's spaces, and
every way measured of adding them to its output (splitting on quotes, regular expressions,
stripping its indentation) cost more than `json` itself (docs/performance.md), so that shape
stays with `json`'s C encoder.

orjson differs from `json` on a few values the engine never produces but a caller's `id` may
carry: floats (1e+20 vs 1e20, NaN), integers beyond 64 bits, and quotes escaped inside strings
(which the split on quotes cannot see through). Those go through `json`, so the bytes are always
the standard library's (tests/test_json_output.py).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_SIMPLE_IDS = (str, int, type(None))


def _orjson_safe(value: Any) -> bool:
    """Whether orjson writes exactly what `json` would: the engine's results and errors hold only
    strings, integers, booleans, None and rounded scores; only the echoed `id` can be anything."""
    return not isinstance(value, dict) or type(value.get("id")) in _SIMPLE_IDS


def dumps_compact(value: Any) -> bytes:
    """What `starlette.responses.JSONResponse` renders, as bytes."""
    if _orjson_safe(value):
        try:
            return orjson.dumps(value)
        except (orjson.JSONEncodeError, TypeError):
            pass
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode()


def dumps_line(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)`: one line, ", " and ": " between items. NaN and
    Infinity are refused (ValueError): the contract never lets them in, and a line must be JSON."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def dumps_pretty(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`."""
    if _orjson_safe(value):
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        except (orjson.JSONEncodeError, TypeError):
            pass
    return json.dumps(value, ensure_ascii=False, indent=2)
