"""The triage levels and the stages, as plain constants: imported by the engine at start-up, so
they live apart from the pydantic schema (which `schema.py` re-exports them from)."""

from __future__ import annotations

from typing import Literal

Level = Literal["self_care", "soon", "urgent", "emergency"]
# Where the person is: pregnant, or in the weeks after the birth (`weeks_since_birth`). A check-in
# that gives neither is read as a pregnancy: the product's default, and the reading that keeps
# the pregnancy's safety rules on.
Stage = Literal["pregnancy", "postnatal"]
STAGES: tuple[Stage, ...] = ("pregnancy", "postnatal")
LEVELS: tuple[Level, ...] = ("self_care", "soon", "urgent", "emergency")
