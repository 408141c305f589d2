"""Reading JSON that a person pipes in: every way it can fail becomes one plain message."""

from __future__ import annotations

import json
from typing import Any


def read_json(text: str) -> Any:
    """`json.loads`, raising ValueError with a message for a person (never a traceback)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from error
    except RecursionError:  # e.g. 100,000 nested brackets: Python's parser gives up
        raise ValueError("not valid JSON for Bumpwise (nested too deeply)") from None
