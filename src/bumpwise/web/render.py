"""Server-side page rendering: one Jinja environment, and a helper that adds what every page
needs (settings, the CSRF token, the knowledge-base version) and sets the CSRF cookie."""

from __future__ import annotations

import re
from functools import cache
from importlib import metadata
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bumpwise.knowledge import knowledge_base
from bumpwise.knowledge.schema import SOURCE_KINDS
from bumpwise.render import CRISIS_RULES
from bumpwise.settings import Settings
from bumpwise.web.security import Csrf

POSITION_LABELS = {"standing": "Standing", "seated": "Sitting", "side_lying": "Lying on your side",
                   "supine": "Lying on your back", "prone": "Lying on your front", "quadruped": "On hands and knees",
                   "kneeling": "Kneeling", "half_kneeling": "Kneeling on one knee", "in_water": "In water",
                   "any": "Any position"}
LEVEL_ICONS = {"self_care": "home", "soon": "calendar", "urgent": "phone", "emergency": "alert"}


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("bumpwise.web", "templates"),
                      autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
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
    sources = knowledge_base().sources
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


_PICTURES: dict[str, dict[str, str]] = {}


def _pictures(kb: Any) -> dict[str, str]:
    """Plan item id -> the alt text of its drawing (static/img/draw/<id>.svg), per knowledge version."""
    found = _PICTURES.get(kb.version)
    if found is None:
        found = _PICTURES[kb.version] = {i.id: i.picture for i in kb.plan_items.values() if i.picture}
    return found


def _notes(kb: Any) -> frozenset[str]:
    """Plan items with a note to print (/relief/<id>/note)."""
    return frozenset(i.id for i in kb.plan_items.values() if i.note)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    csrf: Csrf = request.app.state.csrf
    cookie, is_new = csrf.cookie_for(request)
    kb = knowledge_base()
    html = environment().get_template(template).render(
        request=request, settings=settings, csrf_token=csrf.token_for(cookie), kb_version=kb.version,
        lang=settings.locale, has_diary=request.app.state.has_diary, pictures=_pictures(kb), notes=_notes(kb),
        me=request.scope.get("state", {}).get("account"), **context)
    response = HTMLResponse(html, status_code=status_code)
    if is_new:
        csrf.set_cookie(response, cookie, secure=request.url.scheme == "https")
    return response
