"""JSON out with orjson is byte for byte what the standard library wrote: the API's compact
responses (Starlette's JSONResponse) and the CLI's --pretty; the CLI's one-line output is still
the standard library's. Non-ASCII, quotes, backslashes, line separators and the odd ids a caller
may send (floats, huge integers, objects) included."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.responses import JSONResponse as StarletteJSONResponse

import bumpwise
from bumpwise.cli import main
from bumpwise.jsonout import dumps_compact, dumps_line, dumps_pretty
from bumpwise.web.jsonresponse import JSONResponse

sys.path.insert(0, str(Path(__file__).parent))
from bumpwise.contract import valid_id
from engine_reference import make_inputs

ODD_IDS: list[Any] = ["naïve — “quoted” \\ \"back\" \u2028 😀", 1e20, 1.5, -0.0, 2**70, {"nested": [1, 2.5, None]},
                      [True, False], 0, -7, float("nan")]
# The contract refuses ids JSON cannot echo as given (fractions, lists, objects, NaN): those only
# ever appear in error lines, never in a result.
ACCEPTED_IDS = [i for i in ODD_IDS if valid_id(i)]
TEXT = "Douleur au bas du dos, 30 semaines — “ça tire” à droite; 痛い; no bleeding 🙂"


def results() -> list[Any]:
    out: list[Any] = [bumpwise.assess(case) for case in make_inputs(600)]
    out += [bumpwise.assess({"id": i, "week": 30, "findings": ["low_back"], "text": TEXT}) for i in ACCEPTED_IDS]
    out += [{"id": i, "error": "line 3: not valid JSON ('ü' at line 1, column 2)"} for i in ACCEPTED_IDS]
    out += [{"detail": "Send the check-in as JSON (Content-Type: application/json)."}, [], {}, "é", 3]
    return out


def test_api_responses_are_the_bytes_starlette_wrote() -> None:
    for value in results():
        try:
            expected = StarletteJSONResponse(value).body
        except ValueError:  # NaN: Starlette refuses it, so must we
            with pytest.raises(ValueError):
                JSONResponse(value)
            continue
        assert JSONResponse(value).body == expected == dumps_compact(value)


def test_cli_shapes_are_the_bytes_json_wrote() -> None:
    for value in results():
        assert dumps_line(value) == json.dumps(value, ensure_ascii=False)
        assert dumps_pretty(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("pretty", [False, True])
def test_the_assess_command_writes_what_it_wrote_before(pretty: bool) -> None:
    case = {"id": "é-1", "week": 30, "findings": ["sacroiliac"], "text": TEXT}
    out = CliRunner().invoke(main, ["assess", *(["--pretty"] if pretty else [])], input=json.dumps(case))
    assert out.exit_code == 0, out.output
    assert out.output == json.dumps(bumpwise.assess(case), ensure_ascii=False, indent=2 if pretty else None) + "\n"


def test_jsonl_lines_are_what_they_were() -> None:
    cases = [{"id": 1.0e20, "week": 30, "findings": ["low_back"]}, {"id": "ü", "text": TEXT}, {"id": 3, "week": 99}]
    out = CliRunner().invoke(main, ["assess", "--jsonl"], input="".join(json.dumps(c) + "\n" for c in cases))
    lines = out.output.splitlines()
    assert lines[0] == json.dumps(bumpwise.assess(cases[0]), ensure_ascii=False)
    assert lines[1] == json.dumps(bumpwise.assess(cases[1]), ensure_ascii=False)
    assert json.loads(lines[2])["id"] == 3 and "week" in json.loads(lines[2])["error"]
