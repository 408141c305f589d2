"""How `bumpwise serve` runs uvicorn (issue 11): slow or silent connections are closed, the
number of connections is capped, the proxy's headers are believed only from trusted proxies,
and logs can be JSON lines. Imported by server processes only (never by the multi-worker parent).

- Header timeout: a connection must send a request's complete headers within `header_timeout`
  seconds of opening (or of its previous response); otherwise it is closed. uvicorn has no such
  timeout of its own: a connection that sent nothing, or one header byte a second, stayed open
  for as long as the client liked.
- Body timeout: bumpwise.web.security.BodyTimeout (408 when the next part of a body is late).
- Connections: at most `max_connections` per server process; past it, requests get 503.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from bumpwise.settings import Settings


class TimedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request's headers."""

    header_timeout = 10.0
    _header_timer: asyncio.TimerHandle | None = None
    _last_cycle: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and self.cycle is not self._last_cycle:  # a request's headers arrived
            self._last_cycle = self.cycle
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request's headers, on this kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def protocol_for(seconds: float) -> type[TimedH11Protocol]:
    return type("TimedH11", (TimedH11Protocol,), {"header_timeout": seconds})


def uvicorn_options(settings: Settings, log_level: str) -> dict[str, Any]:
    """uvicorn's options for these settings. uvicorn's own access log is off: it prints client
    addresses and query strings, and ours logs neither."""
    proxies = settings.trusted_proxies.strip()
    return {"host": settings.host, "port": settings.port, "access_log": False, "log_level": log_level,
            "server_header": False, "proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or None,
            "limit_concurrency": settings.max_connections, "timeout_keep_alive": 5,
            "http": protocol_for(settings.header_timeout), "log_config": None}


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, logger, message. Messages never hold personal data (the
    access log has method, path without query and share secrets, status and time)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
                + f".{int(record.msecs):03d}Z", "level": record.levelname.lower(), "logger": record.name,
                "message": record.getMessage()}
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__name__  # the type only: a message may quote her words
        return json.dumps(line, ensure_ascii=False)


def set_up_logging(level: str, log_format: str) -> None:
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
