"""Settings for the server, the diary and the pages, from (lowest to highest precedence):
built-in defaults, a TOML config file, BUMPWISE_* environment variables, explicit overrides
(command-line flags). Nothing here talks to the network."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

APP = "bumpwise"


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path(platformdirs.user_data_dir(APP))
    database_url: str = ""  # empty: SQLite file in data_dir
    # The numbers to call come from the country's row of bumpwise/i18n/services.yaml; these three,
    # when set, override it (empty: the row's). The crisis line is shown with the emergency number
    # when someone has thoughts of harming herself (the crisis route).
    emergency_number: str = ""
    maternity_unit_number: str = ""
    crisis_line: str = ""
    # The interface's default language (a visitor's choice and Accept-Language come first on the
    # web; --lang on the CLI) and, unless `country` is set, the country whose numbers are given.
    locale: str = "en-GB"
    country: str = ""  # ISO 3166 code of a row in services.yaml (GB, US, IE, AU, VN, CN, TW, HK, ...)
    max_request_bytes: int = 1_000_000
    # Host names the server answers to besides this machine's loopback names and `host`
    # (comma-separated; "*" for any). Guards the diary against DNS rebinding.
    allowed_hosts: str = ""
    # Service mode (issue 11): accounts, one diary each, shares with the midwife. Needs secret_key
    # (at least 32 characters; keys the CSRF tokens and rate-limit hashes) and database_url.
    service: bool = False
    secret_key: str = field(default="", repr=False)
    # Proxies whose X-Forwarded-For/-Proto headers are believed (comma-separated addresses, "*": any).
    trusted_proxies: str = ""
    log_format: str = "text"  # or "json": one JSON object a line
    # Connections: a request's headers must arrive within header_timeout seconds, each part of its
    # body within body_timeout; at most max_connections open at once per worker (then 503).
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    max_connections: int = 1000
    # The diary import (POST /diary/import) alone accepts bodies up to this size: a year of daily
    # entries with weekly check-ins exports to about 1.8 MB.
    import_max_bytes: int = 20_000_000
    # How long a request waits for the database (a lock, a connection) before "busy, try again".
    db_wait: float = 5.0

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'bumpwise.sqlite3'}"


ENV_PREFIX = "BUMPWISE_"
DEFAULT_CONFIG_FILE = Path(platformdirs.user_config_dir(APP)) / "config.toml"


class SettingsError(ValueError):
    """A setting has a value that is not accepted; the message names it."""


def load_settings(config_file: Path | None = None, env: dict[str, str] | None = None,
                  **overrides: Any) -> Settings:
    """Settings from the config file (BUMPWISE_CONFIG or the default path), the environment, then overrides.

    Overrides whose value is None are ignored, so CLI flags that were not given fall through.
    """
    env = dict(os.environ) if env is None else env
    path = config_file or Path(env.get(ENV_PREFIX + "CONFIG", DEFAULT_CONFIG_FILE))
    values: dict[str, Any] = {}
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(f"config file {path}: {error}") from error
    for setting in fields(Settings):
        key = ENV_PREFIX + setting.name.upper()
        if key in env:
            values[setting.name] = env[key]
    values.update({k: v for k, v in overrides.items() if v is not None})
    return _coerce(values)


def _coerce(values: dict[str, Any]) -> Settings:
    known = {f.name: f for f in fields(Settings)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(unknown)}; accepted: {', '.join(known)}")
    settings = Settings()
    for name, value in values.items():
        default = getattr(settings, name)
        try:
            if isinstance(default, bool):
                value = str(value).lower() in {"1", "true", "yes", "on"}
            elif isinstance(default, float):
                value = float(value)
            elif isinstance(default, int):
                value = int(value)
            elif isinstance(default, Path):
                value = Path(value).expanduser()
            else:
                value = str(value)
        except ValueError as error:
            raise SettingsError(f"setting {name}: {value!r} is not a valid {type(default).__name__}") from error
        settings = replace(settings, **{name: value})
    if not 1 <= settings.port <= 65535:
        raise SettingsError(f"setting port: {settings.port} is not between 1 and 65535")
    if settings.country:
        from bumpwise.i18n.services import table

        if settings.country.upper() not in table():
            raise SettingsError(f"setting country: {settings.country!r}; accepted: {', '.join(table())}")
    if settings.log_format not in ("text", "json"):
        raise SettingsError(f"setting log_format: {settings.log_format!r}; accepted: text, json")
    return settings


MIN_SECRET = 32


def service_problems(settings: Settings) -> list[str]:
    """Why service mode cannot start with these settings (empty: it can)."""
    problems = []
    if len(settings.secret_key) < MIN_SECRET:
        problems.append(f"a secret key of at least {MIN_SECRET} characters (BUMPWISE_SECRET_KEY or --secret-key; "
                        "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))')")
    if not settings.database_url:
        problems.append("a database URL (BUMPWISE_DATABASE_URL or --database-url, e.g. "
                        "postgresql+psycopg://USER:PASSWORD@HOST:5432/bumpwise)")
    return problems
