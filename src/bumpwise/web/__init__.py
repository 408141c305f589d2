"""The web check-in and JSON API (`bumpwise serve`).

`create_app` is imported lazily, so the multi-worker parent (bumpwise.web.workers) never loads
FastAPI or the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bumpwise.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from bumpwise.web.app import create_app

        return create_app
    raise AttributeError(f"module 'bumpwise.web' has no attribute {name!r}")
