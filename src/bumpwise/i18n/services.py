"""The numbers to call, by country (services.yaml beside this file), with the settings
emergency_number / maternity_unit_number / crisis_line as overrides on top of the row.

The country is the `country` setting, else the region of the configured locale (en-GB: GB,
zh-TW: TW), else its language (vi: VN, zh: CN, en: GB). It follows the configured locale, not
the language a visitor picks on a page: a Vietnamese speaker using a server set up in England
must still be told 999, not 115."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from bumpwise.i18n import N_, language, translations

if TYPE_CHECKING:
    from bumpwise.settings import Settings

TABLE = Path(__file__).parent / "services.yaml"
BY_LANGUAGE = {"vi": "VN", "zh": "CN", "en": "GB"}
NUMBER_FIELDS = ("emergency", "maternity", "crisis")
# Said in her language where a country has no such line (translated where it is shown).
MATERNITY_WORDING = N_("your maternity unit")
CRISIS_WORDING = N_("your local crisis line")


class CountryRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    emergency: str = Field(pattern=r"^\d{3}$")
    maternity: str | None = None
    crisis: str | None = None
    sources: dict[str, HttpUrl]
    unchecked: list[str] = []

    @field_validator("maternity", "crisis")
    @classmethod
    def _has_a_number(cls, value: str | None) -> str | None:
        if value is not None and not any(c.isdigit() for c in value):
            raise ValueError(f"{value!r} holds no number (use null for 'none')")
        return value

    @field_validator("sources")
    @classmethod
    def _known_fields(cls, value: dict[str, HttpUrl]) -> dict[str, HttpUrl]:
        unknown = set(value) - set(NUMBER_FIELDS)
        if unknown:
            raise ValueError(f"sources for unknown fields {sorted(unknown)}")
        return value


class ServicesTableError(ValueError):
    pass


@cache
def table() -> dict[str, CountryRow]:
    """The table, validated: a row per country, every number named has a source or is listed
    as unchecked."""
    raw = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    rows: dict[str, CountryRow] = {}
    for code, values in raw.items():
        if not (isinstance(code, str) and len(code) == 2 and code.isupper()):
            raise ServicesTableError(f"{TABLE.name}: {code!r} is not an ISO 3166 alpha-2 code")
        row = CountryRow.model_validate(values)
        for name in NUMBER_FIELDS:
            if getattr(row, name) is not None and name not in row.sources and name not in row.unchecked:
                raise ServicesTableError(f"{TABLE.name}: {code}.{name} has neither a source nor an 'unchecked' entry")
        rows[code] = row
    return rows


def country_for(settings: Settings) -> str:
    """The country whose numbers are given: the setting, else from the configured locale."""
    if settings.country:
        return settings.country.upper()
    parts = settings.locale.replace("_", "-").split("-")
    for part in parts[1:]:
        if len(part) == 2 and part.upper() in table():
            return part.upper()
    return BY_LANGUAGE.get(language(settings.locale) or "en", "GB")


@dataclass(frozen=True)
class Services:
    """What to call, as shown to her: each a number ("999", "Samaritans 116 123") or, where the
    country has none, the local wording in her language ("your maternity unit")."""
    country: str
    emergency: str
    maternity: str
    crisis: str


def services_for(settings: Settings, locale: str) -> Services:
    code = country_for(settings)
    row = table()[code]
    say = translations(locale).gettext
    return Services(
        country=code,
        emergency=settings.emergency_number or row.emergency,
        maternity=settings.maternity_unit_number or row.maternity or say(MATERNITY_WORDING),
        crisis=settings.crisis_line or row.crisis or say(CRISIS_WORDING),
    )
