"""The one way a renderer (web pages, CLI, PDF and text summary) gets the knowledge base:
`knowledge_for(locale)`. The same ids, logic and version in every language; only text differs.

English is the knowledge base itself; any other language is it with the locale's overlay
(knowledge/data/locales/<code>/) applied by bumpwise.knowledge.translations.localise, each gap
left in English and logged."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bumpwise.knowledge import KnowledgeBase


@cache
def knowledge_for(locale: str) -> KnowledgeBase:
    from bumpwise.knowledge import knowledge_base
    from bumpwise.knowledge.translations import localise

    kb = knowledge_base()
    return kb if locale == "en" else localise(kb, locale)
