"""The one way a renderer (web pages, CLI, PDF and text summary) gets the knowledge base:
`knowledge_for(locale)`. The same ids, logic and version in every language; only text differs.

Until the knowledge base's translations (bumpwise.knowledge.translations.localise) are merged,
every language gets the English knowledge base. The merge is the one marked line below."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bumpwise.knowledge import KnowledgeBase


@cache
def knowledge_for(locale: str) -> KnowledgeBase:
    from bumpwise.knowledge import knowledge_base

    kb = knowledge_base()
    return kb  # KB-MERGE: return kb if locale == "en" else localise(kb, locale)
