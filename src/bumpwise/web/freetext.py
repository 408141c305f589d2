"""The optional "describe it in your own words" box, using bumpwise.text when it is installed.

The check-in only pre-fills answers from what the reader understood; the person confirms them
on the following steps, and only confirmed answers reach the assessment.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from typing import Any

log = logging.getLogger("bumpwise.web")


def available() -> bool:
    return importlib.util.find_spec("bumpwise.text") is not None


def understand(text: str) -> dict[str, Any] | None:
    """What the text says as plain data, or None when the reader is missing or fails
    (the check-in then simply asks every question without pre-filled answers)."""
    if not available():
        return None
    try:
        reader = importlib.import_module("bumpwise.text")
        reading = reader.read_text(text)
    except Exception as error:  # a reader bug must never block someone's check-in
        log.error("free-text reader failed: %s", type(error).__name__)
        return None
    return {"findings": list(reading.findings), "denied": list(reading.denied), "flags": list(reading.flags),
            "week": reading.week, "pain_score": reading.pain_score}
