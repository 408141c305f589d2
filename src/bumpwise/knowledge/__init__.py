"""The knowledge base: vocabulary, triage rules, conditions, plan items and sources, as data."""

from __future__ import annotations

from functools import cache

from bumpwise.knowledge.loader import KnowledgeBase, KnowledgeError, Problem, load_knowledge

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "knowledge_base", "load_knowledge"]


@cache
def knowledge_base() -> KnowledgeBase:
    """The packaged knowledge base, loaded and validated once per process."""
    return load_knowledge()
