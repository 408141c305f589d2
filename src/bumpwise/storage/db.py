"""Opening a database: the URL decides the back end; the schema is migrated on first use."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions. Opening an up-to-date database compares against this
# and never imports Alembic, which would double the start-up time of every command.
# tests/test_storage_migrations.py checks it is the real head.
HEAD = "0004"
# Any fixed number: serialises concurrent first-use migrations of one PostgreSQL database.
_PG_MIGRATION_LOCK = 0x62756D70

ACCEPTED_URLS = "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE"


class StorageError(Exception):
    """The database cannot be opened or used; the message says what to change."""


class StorageBusy(StorageError):  # noqa: N818 - it is a state, said to the person as such
    """Another process held the database (SQLite's write lock, a PostgreSQL row or table lock, or
    every pooled connection) for longer than the bounded wait. Nothing was changed; try again."""

    def __init__(self) -> None:
        super().__init__("the diary is busy (another program is writing to it); nothing was changed. "
                         "Try again in a moment.")


# How long a request waits for the database before it is told "busy" (seconds).
DEFAULT_WAIT = 5.0


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StorageError(f"database URL {_redacted(url)!r} is not a URL; accepted: {ACCEPTED_URLS}") \
            from error
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        # psycopg 3 is the driver we ship; a bare postgresql:// would ask for psycopg2.
        return parsed.set(drivername="postgresql+psycopg")
    if backend != "sqlite":
        raise StorageError(f"database URL: back end {backend!r} is not supported; accepted: {ACCEPTED_URLS}")
    return parsed


def _redacted(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable>"


def _make_private(database: Path) -> None:
    """Create the database file readable by this user only, or tighten an existing one; SQLite
    gives its -wal, -shm and -journal files the database file's permissions. The folder may be
    one that others can read (a --data-dir such as a home folder)."""
    try:
        fd = os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        for file in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm", "-journal"))):
            try:
                mode = file.stat().st_mode
                if mode & 0o077 and file.is_file():
                    file.chmod(mode & 0o700)
            except OSError:  # not there, or not ours: SQLite reports what matters when it opens
                pass
    else:
        os.close(fd)  # an empty file is an empty SQLite database


def _sqlite_connect(dbapi_connection: Any, _record: Any, wait: float = DEFAULT_WAIT) -> None:
    # Take transactions out of the sqlite3 module's hands (it would not BEGIN before DDL), and
    # let _sqlite_begin emit BEGIN itself: migrations and imports are then truly all or nothing.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer, and a killed process never leaves a torn database.
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit that returned is on disk even after a power cut, not only a crash.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # Writers ask for IMMEDIATE, taking the write lock up front; a deferred transaction that
    # reads and then writes could fail with "database is locked" instead of waiting.
    options = connection.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":  # VACUUM and checkpoints run outside one
        return
    mode = "IMMEDIATE" if options.get("sqlite_write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def json_loads(text: str | bytes) -> Any:
    """JSON columns as Python values: orjson (about twice as fast on a stored check-in's result,
    which is most of the time of loading a diary), and the standard library for what orjson
    refuses (NaN, integers past 64 bits), so every stored value reads back as before."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def make_engine(url: str, wait: float = DEFAULT_WAIT) -> Engine:
    """An engine for the URL whose every wait for the database (a lock, a pooled connection) ends
    after about `wait` seconds with an error that `is_busy` recognises."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if path and path != ":memory:":
            folder = Path(path).expanduser().parent
            # Health data: the folder is readable by this user only.
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not os.access(folder, os.W_OK):
                raise StorageError(f"data directory {folder} is not writable; choose another with --data-dir")
            _make_private(Path(path).expanduser())
        memory = not path or path == ":memory:"  # one shared connection there, no pool to wait for
        engine = create_engine(parsed, json_deserializer=json_loads, **({} if memory else {"pool_timeout": wait}))
        event.listen(engine, "connect", lambda conn, record: _sqlite_connect(conn, record, wait))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # lock_timeout: a statement waiting for a lock gives up; statement_timeout bounds the rest.
    options = f"-c lock_timeout={int(wait * 1000)} -c statement_timeout={int(wait * 6000)}"
    return create_engine(parsed, pool_pre_ping=True, pool_timeout=wait, json_deserializer=json_loads, connect_args={
        "options": options, "connect_timeout": max(1, int(wait))})


@contextmanager
def busy_guard() -> Iterator[None]:
    """Turns the database's "held too long" errors into StorageBusy, which callers show as
    "busy, try again" (a 503 page, a CLI message) instead of an error."""
    try:
        yield
    except StorageBusy:
        raise
    except Exception as error:
        if is_busy(error):
            raise StorageBusy() from error
        raise


def is_busy(error: BaseException) -> bool:
    """Did the database refuse because something else held it too long (not because it is broken)?"""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    if isinstance(error, PoolTimeout):
        return True
    if isinstance(error, OperationalError):
        message = str(error.orig)
        if "database is locked" in message or "database table is locked" in message:
            return True
        code = getattr(error.orig, "sqlstate", None)
        return code in ("55P03", "57014", "40P01")  # lock not available, query cancelled, deadlock
    return False


def _config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (creating it in an empty database), in one transaction."""
    target = HEAD if revision == "head" else revision
    with engine.connect() as connection:
        if current_revision(connection) == target:
            return
    from alembic import command

    with _schema_change(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        command.upgrade(_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with _schema_change(engine) as connection:
        command.downgrade(_config(connection), revision)


@contextmanager
def _schema_change(engine: Engine) -> Iterator[Connection]:
    """One transaction for a migration. On SQLite, foreign keys are off while it runs (SQLite's own
    procedure for changing tables: rebuilding a parent table must not cascade into its children)
    and checked before it commits."""
    with engine.connect().execution_options(sqlite_write=True) as connection:
        raw = connection.connection.driver_connection if connection.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")  # has no effect inside a transaction: before it
        try:
            with connection.begin():
                yield connection
                if raw is not None and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StorageError("the migration left rows whose parent is missing; nothing was changed")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
