"""Shared fixtures. Area-specific helpers live beside their tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bumpwise.knowledge import KnowledgeBase, knowledge_base

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge_base()


@pytest.fixture(scope="session")
def shared_file() -> Callable[..., Path]:
    """Returns a function giving a path in ../shared (see `shared_path`)."""
    return shared_path


def shared_path(*parts: str) -> Path:
    """A path in ../shared; CI always has it beside the checkout, so its absence fails there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        import os

        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must run with shared/ beside the checkout")
        pytest.skip(f"{path} not found (shared/ is not beside this checkout)")
    return path
