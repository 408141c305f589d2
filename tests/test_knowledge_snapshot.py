"""The compiled snapshot of the knowledge base: plain data keyed by the data files' digest, equal
to what validating the YAML gives, rebuilt when the data changes or the file is damaged, and
loaded without pydantic, YAML or anything of the engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bumpwise.engine.assess import assess
from bumpwise.engine.tables import build_tables, tables_of
from bumpwise.knowledge import knowledge_base, snapshot
from bumpwise.knowledge.files import data_digest


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BUMPWISE_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_the_snapshot_is_what_validation_gives(cache: Path) -> None:
    plain = snapshot.load_snapshot()
    files = list(cache.glob("knowledge-*.marshal"))
    assert len(files) == 1 and data_digest()[:32] in files[0].name
    assert plain == {**snapshot.to_plain(knowledge_base()), "digest": data_digest()}
    assert snapshot.load_snapshot() == plain  # read back from the file
    path, same = snapshot.check_snapshot()
    assert same and path == files[0]


def test_tables_from_the_snapshot_assess_as_the_validated_base_does(cache: Path) -> None:
    from_snapshot = build_tables(snapshot.load_snapshot())
    from_records = tables_of(knowledge_base())
    assert from_snapshot.version == from_records.version == knowledge_base().version
    for case in ({"week": 30, "findings": ["sacroiliac", "worse_turning_in_bed"]},
                 {"week": 34, "findings": ["low_back", "comes_in_waves", "regular_tightenings"]},
                 {"weeks_since_birth": 1, "findings": ["severe_headache"], "text": "awful headache, blurry vision"}):
        assert assess(case) == assess(case, knowledge_base())


def test_a_damaged_or_stale_snapshot_is_rebuilt(cache: Path) -> None:
    snapshot.load_snapshot()
    [path] = cache.glob("knowledge-*.marshal")
    path.write_bytes(b"not marshal data")
    assert snapshot.load_snapshot()["version"] == knowledge_base().version
    stale = snapshot.build_snapshot()
    stale["digest"] = "0" * 64
    path.write_bytes(__import__("marshal").dumps(stale))
    assert snapshot.read_snapshot(path, data_digest()) is None  # a snapshot of other data is never used
    assert snapshot.load_snapshot()["digest"] == data_digest()


def test_an_unwritable_cache_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv("BUMPWISE_CACHE_DIR", str(blocker / "cache"))
    assert snapshot.load_snapshot()["version"] == knowledge_base().version


def test_with_a_current_snapshot_one_assessment_loads_no_pydantic_yaml_or_adapter(cache: Path) -> None:
    snapshot.load_snapshot()
    code = ("import sys, bumpwise\n"
            "bumpwise.assess({'week': 30, 'findings': ['low_back']})\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', 'fastapi', 'sqlalchemy'}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"BUMPWISE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"


def test_the_knowledge_layer_imports_nothing_of_the_engine(cache: Path) -> None:
    code = ("import sys\n"
            "from bumpwise.knowledge import knowledge_base, snapshot\n"
            "knowledge_base(); snapshot.load_snapshot(); snapshot.check_snapshot()\n"
            "print(sorted(m for m in sys.modules if m.startswith('bumpwise.engine')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"BUMPWISE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"
