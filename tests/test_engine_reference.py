"""The engine gives exactly the results it gave before issue 14's speed work, on 50,000 generated
check-ins (every contract field, some with a person's own words): `tests/engine_reference.py`
generates them and `tests/data/engine_reference.txt` holds the digests of the JSON of the
reference run, per block of 100 cases."""

from __future__ import annotations

import pytest
from engine_reference import BLOCK, COUNT, block_digests, read_reference

from bumpwise.knowledge import knowledge_base


@pytest.mark.slow
def test_engine_output_is_identical_to_the_reference_run() -> None:
    recorded_version, recorded = read_reference()
    assert recorded_version == knowledge_base().version, (
        "the knowledge base changed since the reference run: check the change is meant, then re-record with "
        "`.venv/bin/python tests/engine_reference.py --record`")
    assert len(recorded) == COUNT // BLOCK
    differing = [index for index, (want, got) in enumerate(zip(recorded, block_digests(), strict=True))
                 if want != got]
    assert not differing, (f"{len(differing)} blocks differ, the first: cases {differing[0] * BLOCK} to "
                           f"{(differing[0] + 1) * BLOCK - 1}")
