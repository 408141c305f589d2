"""Crash safety: SIGKILL a process while it saves entries in a loop, again and again. Every entry it
reported saved must be there, and SQLite's integrity check must pass, after every kill.

The writer is a forked child of the test process, so it starts in milliseconds (a fresh Python
with SQLAlchemy and pydantic takes over a second here) and the test can afford many kills.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

import test_storage_backends as backends
from bumpwise.diary.records import DiaryEntry, PainRating
from bumpwise.storage import open_store

postgres_url = backends.postgres_url


def _writer(url: str, out: int) -> None:
    """The child: save entries forever, writing each id to `out` only after its commit returned."""
    try:
        store = open_store(url=url)
        os.write(out, b"ready\n")
        n = 0
        while True:
            entry = store.add_entry(DiaryEntry(day=date(2025, 1, 1 + n % 28), note="x" * (n % 500),
                                               pains=(PainRating(region="pubic", score=n % 11),
                                                      PainRating(region="low_back", score=(n * 7) % 11))))
            os.write(out, entry.id.encode() + b"\n")
            n += 1
    finally:
        os._exit(1)  # never run the parent's pytest machinery in the child


def _read_until(fd: int, until: float) -> bytes:
    """Everything the child writes until the deadline (or end of file)."""
    chunks = b""
    while True:
        wait = until - time.monotonic()
        if wait <= 0 or not select.select([fd], [], [], wait)[0]:
            return chunks
        data = os.read(fd, 65536)
        if not data:
            return chunks
        chunks += data


def test_every_entry_reported_saved_survives_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "bumpwise.sqlite3"
    url = f"sqlite:///{db}"
    open_store(url=url).close()  # create and migrate before the first fork
    rng = random.Random(5)
    reported: set[str] = set()
    rounds = 15
    for _ in range(rounds):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _writer(url, write_end)
        os.close(write_end)
        output = b""
        while b"ready\n" not in output:
            output += os.read(read_end, 65536)
        # let it write for a random moment, then kill it mid-loop (most likely mid-transaction)
        output += _read_until(read_end, time.monotonic() + rng.uniform(0.02, 0.15))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        output += _read_until(read_end, time.monotonic() + 1)  # what it wrote just before the kill
        os.close(read_end)
        lines = output.decode().split("ready\n", 1)[1].split("\n")
        # A last line cut mid-write was never fully reported, so it is not counted.
        reported.update(line for line in lines if len(line) == 32)

        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            stored = {row[0] for row in conn.execute("SELECT id FROM entries")}
            rated = {row[0] for row in conn.execute("SELECT entry_id FROM pain_ratings GROUP BY entry_id "
                                                   "HAVING count(*) = 2")}
        assert reported <= stored, f"{len(reported - stored)} entries reported saved are missing"
        assert stored == rated, "an entry was stored without both of its ratings (a torn transaction)"
    assert len(reported) > rounds * 5, "the writer should have saved many entries between kills"


@pytest.mark.postgres
def test_every_entry_reported_saved_survives_sigkill_on_postgresql(postgres_url: str) -> None:
    """The same on PostgreSQL (issue 11): a client killed mid-transaction loses nothing it reported
    saved, and leaves no entry without its ratings."""
    from sqlalchemy import create_engine, text

    open_store(url=postgres_url).close()
    rng = random.Random(7)
    reported: set[str] = set()
    rounds = 8
    for _ in range(rounds):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _writer(postgres_url, write_end)
        os.close(write_end)
        output = b""
        while b"ready\n" not in output:
            output += os.read(read_end, 65536)
        output += _read_until(read_end, time.monotonic() + rng.uniform(0.05, 0.3))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        output += _read_until(read_end, time.monotonic() + 1)
        os.close(read_end)
        lines = output.decode().split("ready\n", 1)[1].split("\n")
        reported.update(line for line in lines if len(line) == 32)
        engine = create_engine(postgres_url)
        with engine.connect() as conn:
            stored = set(conn.execute(text("SELECT id FROM entries")).scalars())
            rated = set(conn.execute(text("SELECT entry_id FROM pain_ratings GROUP BY entry_id "
                                          "HAVING count(*) = 2")).scalars())
        engine.dispose()
        assert reported <= stored, f"{len(reported - stored)} entries reported saved are missing"
        assert stored == rated, "an entry was stored without both of its ratings (a torn transaction)"
    assert len(reported) > rounds * 5
