"""`bumpwise serve`: the web check-in and JSON API on this machine (127.0.0.1:8000 by default)."""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import fields
from pathlib import Path
from typing import Any

import click

from bumpwise.settings import ENV_PREFIX, Settings, SettingsError, load_settings, service_problems


@click.command(epilog="""\b
Every setting, lowest to highest precedence: the config file (TOML; --config,
or BUMPWISE_CONFIG, or the default path), environment variables, then flags.
  host                   BUMPWISE_HOST                   --host
  port                   BUMPWISE_PORT                   --port
  data_dir               BUMPWISE_DATA_DIR               --data-dir
  database_url           BUMPWISE_DATABASE_URL           --database-url
  emergency_number       BUMPWISE_EMERGENCY_NUMBER       --emergency-number
  maternity_unit_number  BUMPWISE_MATERNITY_UNIT_NUMBER  --maternity-unit-number
  crisis_line            BUMPWISE_CRISIS_LINE            --crisis-line
  locale                 BUMPWISE_LOCALE                 --locale
  country                BUMPWISE_COUNTRY                --country
  max_request_bytes      BUMPWISE_MAX_REQUEST_BYTES      --max-request-bytes
  allowed_hosts          BUMPWISE_ALLOWED_HOSTS          --allowed-hosts
  service                BUMPWISE_SERVICE                --service
  secret_key             BUMPWISE_SECRET_KEY             --secret-key
  trusted_proxies        BUMPWISE_TRUSTED_PROXIES        --trusted-proxies
  log_format             BUMPWISE_LOG_FORMAT             --log-format
  header_timeout         BUMPWISE_HEADER_TIMEOUT         --header-timeout
  body_timeout           BUMPWISE_BODY_TIMEOUT           --body-timeout
  max_connections        BUMPWISE_MAX_CONNECTIONS        --max-connections
  import_max_bytes       BUMPWISE_IMPORT_MAX_BYTES       --import-max-bytes
  db_wait                BUMPWISE_DB_WAIT                --db-wait

Service mode (--service) needs a secret key and a database URL; docs/service.md.""")
@click.option("--host", help="Address to listen on (default 127.0.0.1: this machine only).")
@click.option("--port", type=int, help="Port to listen on (default 8000).")
@click.option("--data-dir", type=click.Path(path_type=Path), help="Where the diary is stored.")
@click.option("--database-url", help="Database URL for the diary (default: SQLite in the data directory).")
@click.option("--emergency-number", help="Emergency number shown on results (default: the country's, e.g. 999 "
                                        "for GB; docs/i18n.md).")
@click.option("--maternity-unit-number", help="Maternity unit number shown on results (default: the country's "
                                             'advice line, else "your maternity unit" in the page\'s language).')
@click.option("--crisis-line", help="Crisis line shown with the emergency number to someone with thoughts of "
                                   "harming herself (default: the country's, e.g. \"Samaritans 116 123\" for GB).")
@click.option("--locale", help="Default language of the pages (en, vi or zh; default en-GB). A visitor's choice "
                               "and her browser's Accept-Language come first.")
@click.option("--country", help="Whose numbers to give (GB, US, IE, AU, VN, CN, TW, HK; default: from --locale).")
@click.option("--max-request-bytes", type=int, help="Largest request body accepted (default 1000000).")
@click.option("--allowed-hosts", help="Other host names the server answers to, comma-separated ('*': any); "
                                     "default: localhost, 127.0.0.1, ::1 and --host.")
@click.option("--service", is_flag=True, default=None,
              help="Service mode: accounts, a private diary each, shares with the midwife (docs/service.md).")
@click.option("--secret-key", help="Service mode: a secret of at least 32 characters, the same for every "
                                   "worker and host (better in BUMPWISE_SECRET_KEY than on the command line).")
@click.option("--trusted-proxies", help="Addresses of reverse proxies whose X-Forwarded-For and -Proto "
                                        "headers to believe, comma-separated ('*': any). Default: none.")
@click.option("--log-format", type=click.Choice(["text", "json"]), help="Log lines as text or JSON (default text).")
@click.option("--header-timeout", type=float, help="Seconds a request's headers may take to arrive (default 10).")
@click.option("--body-timeout", type=float, help="Seconds each part of a request body may take (default 30).")
@click.option("--max-connections", type=int, help="Connections per server process before 503 (default 1000).")
@click.option("--import-max-bytes", type=int, help="Largest diary import file accepted (default 20000000).")
@click.option("--db-wait", type=float, help="Seconds to wait for the database before 'busy, try again' (default 5).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              help=f"TOML config file (default: {ENV_PREFIX}CONFIG or the platform config path).")
@click.option("--workers", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Server processes; 2 on a 2-core machine gave 1.6x the API throughput (docs/web.md).")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info",
              show_default=True, help="How much to log. Logs never hold answers, query strings or addresses.")
def serve(config_file: Path | None, log_level: str, workers: int, **flags: Any) -> None:
    """Start the web check-in and JSON API. Open the address it prints in a browser."""
    try:
        settings = load_settings(config_file=config_file, **flags)
    except SettingsError as error:
        raise click.UsageError(str(error)) from error
    if settings.service:
        problems = service_problems(settings)
        if problems:
            raise click.UsageError("service mode needs " + " and ".join(problems))

    mode = "service mode" if settings.service else "personal mode"
    click.echo(f"Bumpwise ({mode}) is running at http://{settings.host}:{settings.port}/ (press Ctrl+C to stop)")
    if workers == 1:
        import uvicorn

        from bumpwise.web.app import create_app
        from bumpwise.web.server import set_up_logging, uvicorn_options

        set_up_logging(log_level, settings.log_format)
        try:
            app = create_app(settings)
        except Exception as error:  # a database that cannot be reached or migrated: say why, no traceback
            raise click.ClickException(f"cannot start: {type(error).__name__}: {str(error)[:300]}") from error
        uvicorn.run(app, **uvicorn_options(settings, log_level))
        return
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    options: dict[str, Any] = {"log_level": log_level}
    # The parent only starts and stops the workers: it imports neither the web app nor uvicorn.
    from bumpwise.web.workers import WORKER_SECRET_ENV, run_workers

    # Worker processes build their own app from the environment, so hand them every setting there.
    for field in fields(Settings):
        os.environ[ENV_PREFIX + field.name.upper()] = str(getattr(settings, field.name))
    os.environ[WORKER_SECRET_ENV] = secrets.token_hex(32)  # personal mode's CSRF key (service: from secret_key)

    try:
        status = run_workers(workers, settings.host, settings.port, options)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {settings.host}:{settings.port}: {error.strerror}") from error
    raise SystemExit(status)
