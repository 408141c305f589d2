"""The web check-in and JSON API (`bumpwise serve`)."""

from __future__ import annotations

from bumpwise.web.app import create_app

__all__ = ["create_app"]
