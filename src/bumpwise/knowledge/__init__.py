"""The knowledge base: vocabulary, triage rules, conditions, plan items and sources, as data.

Imported lazily: `bumpwise.knowledge.files`, `.terms`, `.vocabulary` and `.snapshot` load without
pydantic or YAML, so a one-case `bumpwise assess` that finds its compiled snapshot never pays for
them; `knowledge_base()` and `load_knowledge()` validate the YAML with pydantic.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bumpwise.knowledge.loader import KnowledgeBase, KnowledgeError, Problem, load_knowledge

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "knowledge_base", "load_knowledge"]


@cache
def knowledge_base() -> KnowledgeBase:
    """The packaged knowledge base, loaded and validated once per process."""
    from bumpwise.knowledge.loader import load_knowledge

    return load_knowledge()


def __getattr__(name: str) -> Any:
    if name in ("KnowledgeBase", "KnowledgeError", "Problem", "load_knowledge"):
        from bumpwise.knowledge import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'bumpwise.knowledge' has no attribute {name!r}")
