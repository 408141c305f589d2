"""Where the diary is kept: SQLite in the data directory by default, PostgreSQL for a service.

Only this package imports SQLAlchemy; the engine, the diary logic and the exporters never do.
"""

from bumpwise.storage.db import StorageError
from bumpwise.storage.store import ImportReport, Store, open_store

__all__ = ["ImportReport", "StorageError", "Store", "open_store"]
