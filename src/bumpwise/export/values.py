"""How a diary value reads in an export that has no null (CSV, PDF, plain text).

"not asked" is spelled out so that it can never be mistaken for "no" or for 0.
"""

from __future__ import annotations

NOT_ASKED = "not asked"


def yes_no(value: bool | None) -> str:
    return NOT_ASKED if value is None else ("yes" if value else "no")


def listed(values: tuple[str, ...] | None, labels: dict[str, str] | None = None) -> str:
    if values is None:
        return NOT_ASKED
    if not values:
        return "none"
    return "; ".join((labels or {}).get(v, v) for v in values)


def number(value: float | int | None) -> str:
    if value is None:
        return NOT_ASKED
    return f"{value:g}" if isinstance(value, float) else str(value)
