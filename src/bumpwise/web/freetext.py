"""The optional "describe it in your own words" box (see `bumpwise.checkin.words`).

The check-in offers what the reader understood for her to confirm on the next step; only what she
confirms reaches the assessment.
"""

from __future__ import annotations

from bumpwise.checkin.words import available, understand

__all__ = ["available", "understand"]
