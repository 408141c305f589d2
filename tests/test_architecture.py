"""One core, thin adapters: the engine, knowledge base and text reader import no web or database code."""

from __future__ import annotations

import subprocess
import sys

ADAPTER_LIBRARIES = ("fastapi", "starlette", "uvicorn", "jinja2", "sqlalchemy", "alembic", "psycopg", "fpdf",
                     "fhir", "questionary", "rich", "click", "spacy", "medspacy")


def test_core_imports_no_adapter_library() -> None:
    code = (
        "import sys, bumpwise\n"
        "bumpwise.assess({'week': 30, 'findings': ['low_back'], 'text': 'no bleeding, 30 weeks'})\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({ADAPTER_LIBRARIES!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_check_in_flow_imports_no_adapter_library() -> None:
    """bumpwise.checkin is shared by the web and the terminal: it runs without either."""
    code = (
        "import sys\n"
        "from bumpwise.checkin import CheckInState, next_step, questions_for\n"
        "from bumpwise.checkin import parse\n"
        "from bumpwise.knowledge import knowledge_base\n"
        "kb = knowledge_base(); state = CheckInState(week=30)\n"
        "questions_for('red_flags', state, kb); next_step(state, 'about', kb); parse.week_or_due_date('30w', None)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({ADAPTER_LIBRARIES!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
