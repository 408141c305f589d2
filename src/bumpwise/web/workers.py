"""Several server processes on one port, for `bumpwise serve --workers N`.

Each worker listens on its own SO_REUSEPORT socket, so the kernel spreads connections evenly
between them. With uvicorn's own multi-worker mode (one shared socket) the workers raced to
accept, one took most of 100 long-lived connections, and its clients waited longest. The
sockets are made with proto=IPPROTO_TCP because asyncio turns on TCP_NODELAY only for sockets
that say they are TCP; without it every response waited about 40 ms for a delayed ACK
(docs/web.md has the measurements).
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
from types import FrameType
from typing import Any

APP = "bumpwise.web.app:app_from_environment"
# Worker processes must share one CSRF key, or a form served by one would be refused by another.
WORKER_SECRET_ENV = "BUMPWISE_WORKER_SECRET"


def listening_socket(host: str, port: int, listen: bool = True) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    if listen:
        sock.listen(2048)
    return sock


def run_workers(count: int, host: str, port: int, options: dict[str, Any]) -> int:
    """Start `count` workers and wait for them; returns an exit status. The settings reach the
    workers through the environment (see bumpwise.web.app.app_from_environment)."""
    # Bound but never listening: reserves the port and reports "in use" before any worker starts;
    # the kernel only hands connections to listening sockets.
    reservation = listening_socket(host, port, listen=False)
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_worker, args=(host, port, options), name=f"bumpwise-worker-{i}")
                 for i in range(count)]
    for process in processes:
        process.start()

    def stop(signum: int, frame: FrameType | None) -> None:
        for process in processes:
            if process.is_alive():
                process.terminate()  # uvicorn shuts down gracefully on SIGTERM

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for process in processes:
        process.join()
    reservation.close()
    codes = [p.exitcode for p in processes if p.exitcode not in (None, 0, -signal.SIGTERM)]
    return 1 if codes else 0


def _worker(host: str, port: int, options: dict[str, Any]) -> None:
    import uvicorn

    from bumpwise.settings import load_settings
    from bumpwise.web.server import set_up_logging, uvicorn_options

    # A spawned process starts with no logging set up; its settings come from the environment.
    settings = load_settings()
    log_level = str(options.get("log_level", "info"))
    set_up_logging(log_level, settings.log_format)
    config = uvicorn.Config(APP, factory=True, **{**uvicorn_options(settings, log_level), **options})
    uvicorn.Server(config).run(sockets=[listening_socket(host, port)])
