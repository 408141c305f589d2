"""`--lang` for the commands that speak to her (check-in, summary): en, vi or zh; by default the
configured locale's language (the `locale` setting, BUMPWISE_LOCALE)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from bumpwise.i18n import LOCALES, default_language, language

F = TypeVar("F", bound=Callable[..., Any])


def lang_option(function: F) -> F:
    decorated: F = click.option(
        "--lang", type=click.Choice(LOCALES), default=None,
        help="Language: en, vi (Tiếng Việt) or zh (中文). Default: the locale setting's language.")(function)
    return decorated


def chosen_language(lang: str | None, configured_locale: str | None = None) -> str:
    if lang:
        return language(lang) or "en"
    if configured_locale is None:
        from bumpwise.settings import SettingsError, load_settings

        try:
            configured_locale = load_settings().locale
        except SettingsError:
            configured_locale = "en"
    return default_language(configured_locale)
