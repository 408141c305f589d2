"""The compiled snapshot of the validated knowledge base: every record as plain data (Python
builtins only, written with `marshal`), keyed by the digest of the data files.

Loading the YAML and validating it with pydantic takes about a third of a second; a one-case
`bumpwise assess` cannot afford that. The first run after the data changes validates the YAML
as always (`load_knowledge`, so a broken knowledge base is still refused) and writes the snapshot;
later runs read the data files' bytes only to compute the digest, and load the snapshot whose name
carries it. `bumpwise kb check` (and the test suite in CI) rebuilds it and checks that it loads to
exactly what validation gives.

The snapshot holds data only: no code, nothing of the engine (the engine compiles its tables from
it, see `bumpwise.engine.tables`). `marshal` loads builtins and nothing else, so a snapshot file
cannot run code.

Where it is kept: `$BUMPWISE_CACHE_DIR`, else `$XDG_CACHE_HOME/bumpwise`, else `~/.cache/bumpwise`;
when that cannot be written the validated data is simply used in memory.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bumpwise.knowledge.files import data_digest, data_dir

if TYPE_CHECKING:
    from bumpwise.knowledge.loader import KnowledgeBase

# Bump when the plain form below changes shape, so old snapshots are never read.
FORMAT = 2
RECORDS = ("rules", "conditions", "plan_items", "avoid", "exclusions", "sources", "questions", "routines")


def to_plain(kb: KnowledgeBase) -> dict[str, Any]:
    """Every record of a validated knowledge base as builtins (pydantic's `model_dump`)."""
    from bumpwise.knowledge.vocabulary import vocabulary_to_plain

    def dump(records: Any) -> list[dict[str, Any]]:
        values = records.values() if isinstance(records, dict) else records
        return [r.model_dump() for r in values]

    plain: dict[str, Any] = {"format": FORMAT, "version": kb.version,
                             "vocabulary": vocabulary_to_plain(kb.vocabulary)}
    for name in RECORDS:
        plain[name] = dump(getattr(kb, name))
    # sources are keyed by id with their parts flattened in; keep the keys so a reader can rebuild it
    plain["source_ids"] = list(kb.sources)
    return plain


def cache_dir() -> Path:
    explicit = os.environ.get("BUMPWISE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "bumpwise"


def snapshot_path(digest: str, directory: Path | None = None) -> Path:
    python = f"{sys.version_info.major}{sys.version_info.minor}"
    return (directory or cache_dir()) / f"knowledge-{digest[:32]}-f{FORMAT}-py{python}-m{marshal.version}.marshal"


def read_snapshot(path: Path, digest: str) -> dict[str, Any] | None:
    try:
        plain = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(plain, dict) or plain.get("format") != FORMAT or plain.get("digest") != digest:
        return None
    return plain


def write_snapshot(path: Path, plain: dict[str, Any]) -> bool:
    """Write atomically (a reader never sees half a file); False when the folder is not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".knowledge-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps(plain))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return False
    return True


def build_snapshot(directory: Path | None = None) -> dict[str, Any]:
    """Validate the data files (raises KnowledgeError listing every problem) and return the plain
    form, with the digest of the bytes that were validated."""
    from bumpwise.knowledge.loader import load_knowledge

    kb = load_knowledge(directory)
    plain = to_plain(kb)
    plain["digest"] = data_digest(directory)
    return plain


def load_snapshot() -> dict[str, Any]:
    """The packaged knowledge base as plain data: from the snapshot when one matches the data
    files' digest, else validated from the YAML and written for the next run."""
    digest = data_digest()
    path = snapshot_path(digest)
    plain = read_snapshot(path, digest)
    if plain is None:
        plain = build_snapshot()
        if plain["digest"] == digest:  # the files did not change while they were being validated
            write_snapshot(path, plain)
    return plain


def check_snapshot() -> tuple[Path, bool]:
    """For `kb check`: rebuild the snapshot from the validated YAML, write it, and read it back;
    True when what is read equals what validation gave."""
    plain = build_snapshot()
    path = snapshot_path(plain["digest"])
    written = write_snapshot(path, plain)
    if not written:
        return path, marshal.loads(marshal.dumps(plain)) == plain
    return path, read_snapshot(path, plain["digest"]) == plain


__all__ = ["FORMAT", "build_snapshot", "check_snapshot", "data_dir", "load_snapshot", "to_plain"]
