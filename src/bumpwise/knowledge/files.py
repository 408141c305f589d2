"""Where the knowledge base's data files are and the digest that names their content. No YAML or
pydantic here: the digest keys the compiled snapshot (`snapshot.py`), so computing it must cost
only reading the files."""

from __future__ import annotations

import hashlib
from pathlib import Path

# file name -> top-level key holding the list of records
DATA_FILES = {
    "rules.yaml": "rules",
    "conditions.yaml": "conditions",
    "plan_items.yaml": "plan_items",
    "avoid.yaml": "avoid",
    "exclusions.yaml": "exclusions",
    "sources.yaml": "sources",
    "questions.yaml": "questions",
    "routines.yaml": "routines",
}
# Every file whose bytes make up the knowledge version, in digest order.
ALL_FILES = ("manifest.yaml", "vocabulary.yaml", *DATA_FILES)


def data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


def digest_of(texts: dict[str, bytes]) -> str:
    """The SHA-256 over each file's name and bytes, in ALL_FILES order (the knowledge version
    ends with its first 8 hex digits)."""
    digest = hashlib.sha256()
    for name in ALL_FILES:
        if name in texts:
            digest.update(name.encode() + b"\0" + texts[name])
    return digest.hexdigest()


def data_digest(directory: Path | None = None) -> str:
    """The digest of the data files as they are on disk now."""
    directory = directory or data_dir()
    texts = {}
    for name in ALL_FILES:
        try:
            texts[name] = (directory / name).read_bytes()
        except OSError:
            continue
    return digest_of(texts)
