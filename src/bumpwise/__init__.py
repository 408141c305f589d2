"""Bumpwise: triage, likely causes and a safe relief plan for back, pelvic, hip, buttock and leg
pain in pregnancy.

    >>> import bumpwise
    >>> result = bumpwise.assess({"week": 30, "findings": ["sacroiliac", "worse_turning_in_bed"]})
    >>> result["triage"]["level"]
    'self_care'

The public API is `assess`, `InputError` and `FieldError`. They are imported lazily so that
`bumpwise --help` does not load the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bumpwise.contract import FieldError, InputError
    from bumpwise.engine.assess import assess

__all__ = ["FieldError", "InputError", "assess"]


def __getattr__(name: str) -> Any:
    if name == "assess":
        from bumpwise.engine.assess import assess

        return assess
    if name in ("InputError", "FieldError"):
        from bumpwise import contract

        return getattr(contract, name)
    raise AttributeError(f"module 'bumpwise' has no attribute {name!r}")
