"""The facts one assessment reasons over, merged from structured fields and free text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Facts:
    present: frozenset[str]  # finding and flag ids reported (flags and findings never share an id)
    findings: tuple[str, ...]
    flags: tuple[str, ...]
    denied: frozenset[str]
    week: int | None
    pain_score: int | None
    duration_days: int | None
    onset: str | None = None
    weeks_since_birth: int | None = None

    @property
    def stage(self) -> str:
        """"postnatal" with weeks since the birth; otherwise "pregnancy" (also when neither the week
        nor the birth is known: the product's default, and the reading that keeps more rules on)."""
        return "postnatal" if self.weeks_since_birth is not None else "pregnancy"

    @property
    def trimester(self) -> int | None:
        if self.week is None or self.weeks_since_birth is not None:
            return None
        return 1 if self.week <= 12 else 2 if self.week <= 27 else 3
