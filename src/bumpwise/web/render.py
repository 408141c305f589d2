"""Server-side page rendering: one Jinja environment, and a helper that adds what every page
needs (settings, the CSRF token, the knowledge-base version) and sets the CSRF cookie."""

from __future__ import annotations

import re
from functools import cache
from importlib import metadata
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bumpwise.i18n import COOKIE, HTML_LANG, LOCALES, N_, NAMES, format_date, negotiate, translations
from bumpwise.i18n.knowledge import knowledge_for
from bumpwise.i18n.services import services_for
from bumpwise.knowledge.schema import SOURCE_KINDS
from bumpwise.render import CRISIS_RULES
from bumpwise.settings import Settings
from bumpwise.web.security import Csrf

POSITION_LABELS = {"standing": N_("Standing"), "seated": N_("Sitting"), "side_lying": N_("Lying on your side"),
                   "supine": N_("Lying on your back"), "prone": N_("Lying on your front"),
                   "quadruped": N_("On hands and knees"), "kneeling": N_("Kneeling"),
                   "half_kneeling": N_("Kneeling on one knee"), "in_water": N_("In water"),
                   "any": N_("Any position")}
LEVEL_ICONS = {"self_care": "home", "soon": "calendar", "urgent": "phone", "emergency": "alert"}


@cache
def environment(locale: str = "en") -> Environment:
    """The templates in one language: Jinja's i18n extension with that language's catalog
    ({% trans %}, _(), ngettext), and dates written its way."""
    env = Environment(loader=PackageLoader("bumpwise.web", "templates"),
                      autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = lambda day, style="long": format_date(day, locale, style)
    env.globals["locale"] = locale
    env.filters["translate"] = translations(locale).gettext  # for lists: `xs | map("translate")`
    env.globals["asset_version"] = _version()
    env.globals["position_labels"] = POSITION_LABELS
    env.globals["crisis_rules"] = sorted(CRISIS_RULES)
    env.filters["tel"] = tel_href
    env.filters["phone_parts"] = phone_parts
    env.filters["pretty"] = lambda s: str(s).replace("_", " ")
    env.filters["shown_sources"] = shown_sources
    env.globals["source_kinds"] = SOURCE_KINDS
    return env


def shown_sources(ids: list[str]) -> list[str]:
    """The ids among these that a person may be shown as references (publisher known)."""
    sources = knowledge_for("en").sources  # ids and `shown` are the same in every language
    return [s for s in ids if s in sources and sources[s].shown]


def _version() -> str:
    try:
        return metadata.version("bumpwise")
    except metadata.PackageNotFoundError:
        return "dev"


def tel_href(number: str) -> str | None:
    """A tel: link when the setting is a real number, None for the default wording."""
    digits = re.sub(r"[\s\-()]", "", number)
    return f"tel:{digits}" if re.fullmatch(r"\+?\d{2,15}", digits) else None


PHONE_NUMBER = re.compile(r"\+?\d[\d\s\-()]{0,20}\d")


def phone_parts(text: str) -> tuple[str, str, str, str] | None:
    """The number in a setting such as "999" or "Samaritans 116 123": (before, number, tel: link,
    after), or None when it holds no number (the default wording)."""
    match = PHONE_NUMBER.search(text)
    href = tel_href(match.group(0)) if match else None
    if match is None or href is None:
        return None
    return text[:match.start()], match.group(0), href, text[match.end():]


def request_locale(request: Request) -> str:
    """The page's language: her choice (cookie), then Accept-Language, then the configured default."""
    settings: Settings = request.app.state.settings
    return negotiate(request.cookies.get(COOKIE), request.headers.get("accept-language"), settings.locale)


def switcher_links(request: Request, locale: str) -> list[dict[str, Any]]:
    """The language switcher: a plain link per language to /language/{code}, which sets the cookie
    and comes back to this page (her check-in answers are kept server-side)."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return [{"code": code, "name": NAMES[code], "lang": HTML_LANG[code], "current": code == locale,
             "href": f"/language/{code}?{urlencode({'next': here})}"} for code in LOCALES]


_PICTURES: dict[tuple[str, str], dict[str, str]] = {}


def _pictures(kb: Any, locale: str) -> dict[str, str]:
    """Plan item id -> the alt text of its drawing (static/img/draw/<id>.svg), per knowledge version and language
    (the alt text is translated by the knowledge overlays)."""
    found = _PICTURES.get((kb.version, locale))
    if found is None:
        found = _PICTURES[(kb.version, locale)] = {i.id: i.picture for i in kb.plan_items.values() if i.picture}
    return found


def _notes(kb: Any) -> frozenset[str]:
    """Plan items with a note to print (/relief/<id>/note)."""
    return frozenset(i.id for i in kb.plan_items.values() if i.note)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    csrf: Csrf = request.app.state.csrf
    cookie, is_new = csrf.cookie_for(request)
    locale = request_locale(request)
    kb = knowledge_for(locale)
    html = environment(locale).get_template(template).render(
        request=request, settings=settings, csrf_token=csrf.token_for(cookie), kb_version=kb.version,
        lang=HTML_LANG[locale], services=services_for(settings, locale), languages=switcher_links(request, locale),
        has_diary=request.app.state.has_diary, pictures=_pictures(kb, locale), notes=_notes(kb),
        me=request.scope.get("state", {}).get("account"), **context)
    response = HTMLResponse(html, status_code=status_code)
    if is_new:
        csrf.set_cookie(response, cookie, secure=request.url.scheme == "https")
    return response
