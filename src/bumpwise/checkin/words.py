"""Her own words, read by `bumpwise.text` when it is installed: what the check-in offers her to
confirm. A missing or failing reader never blocks a check-in: it then asks every question."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from functools import cache
from typing import Any

log = logging.getLogger("bumpwise.checkin")


@cache
def available() -> bool:
    """Whether the free-text reader is installed and complete (checked once per process)."""
    if importlib.util.find_spec("bumpwise.text") is None:
        return False
    try:
        return callable(getattr(importlib.import_module("bumpwise.text"), "read_text", None))
    except Exception as error:  # a broken reader must not break the check-in
        log.error("free-text reader cannot load: %s", type(error).__name__)
        return False


def understand(text: str) -> dict[str, Any] | None:
    """What the text says as plain data, or None when the reader is missing or fails."""
    if not available():
        return None
    try:
        reader = importlib.import_module("bumpwise.text")
        reading = reader.read_text(text)
    except Exception as error:  # a reader bug must never block someone's check-in
        log.error("free-text reader failed: %s", type(error).__name__)
        return None
    return {"findings": list(reading.findings), "denied": list(reading.denied), "flags": list(reading.flags),
            "week": reading.week, "weeks_since_birth": reading.weeks_since_birth, "pain_score": reading.pain_score}
