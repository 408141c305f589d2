"""Languages of the user interface (issue 13): gettext catalogs compiled from locale/*/LC_MESSAGES/
messages.po, the choice of language for a request (her choice in a cookie, then Accept-Language,
then the configured default), and dates and numbers written the locale's way (Babel).

English is the source language: its strings are the msgids, so English needs no catalog.
The knowledge base's own text is not translated here: see `bumpwise.i18n.knowledge`.
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date
from functools import cache
from pathlib import Path

LOCALES = ("en", "vi", "zh")  # the languages the interface speaks; zh is simplified Chinese
NAMES = {"en": "English", "vi": "Tiếng Việt", "zh": "中文"}  # each in its own language, for the switcher
HTML_LANG = {"en": "en", "vi": "vi", "zh": "zh-Hans"}  # BCP 47 for <html lang> and the PDF
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).parent / "locale"
COOKIE = "bumpwise_lang"


def language(tag: str | None) -> str | None:
    """The interface language for a locale tag such as "vi-VN", "zh_CN", "zh-Hant-TW" or "en-GB",
    or None when the interface does not speak it."""
    if not tag:
        return None
    primary = tag.replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in LOCALES else None


def default_language(configured: str) -> str:
    """The configured locale's language (settings.locale), English when it is not one we speak."""
    return language(configured) or "en"


def negotiate(cookie: str | None, accept_language: str | None, configured: str) -> str:
    """Her choice (the cookie) first, then the browser's Accept-Language in order of preference
    (q-values honoured), then the configured default."""
    chosen = language(cookie)
    if chosen:
        return chosen
    for tag in _accepted(accept_language or ""):
        found = language(tag)
        if found:
            return found
    return default_language(configured)


def _accepted(header: str) -> list[str]:
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and tag != "*" and q > 0:
            ranked.append((-q, i, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    """The compiled catalog for a language; English (the msgids) has none.

    A missing .mo for vi or zh is an install fault (scripts/bootstrap.sh compiles them), so it
    raises rather than quietly showing English."""
    if locale == "en":
        return _gettext.NullTranslations()
    if locale not in LOCALES:
        raise ValueError(f"unknown interface language {locale!r}; known: {', '.join(LOCALES)}")
    mo = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.is_file():
        raise FileNotFoundError(f"{mo} is missing: compile the catalogs (bash scripts/bootstrap.sh, "
                                "or .venv/bin/pybabel compile -d src/bumpwise/i18n/locale)")
    with mo.open("rb") as f:
        return _gettext.GNUTranslations(f)


def gettext(locale: str, message: str) -> str:
    return translations(locale).gettext(message)


def ngettext(locale: str, singular: str, plural: str, n: int) -> str:
    return translations(locale).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for a string marked, translated later
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


def babel_locale(locale: str) -> str:
    return {"zh": "zh_Hans_CN", "vi": "vi_VN", "en": "en_GB"}.get(locale, "en_GB")


def format_date(day: date, locale: str, style: str = "long") -> str:
    """A date the locale's way: 1 December 2026, 1 tháng 12, 2026, 2026年12月1日."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format=style, locale=babel_locale(locale))


def format_number(value: float, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(locale))
