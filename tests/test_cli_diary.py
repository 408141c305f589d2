"""The diary commands end to end: add, list, goals, export, import, delete-all; bad input exits 2
naming the option and what is accepted, with nothing written."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bumpwise.cli import main


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, [*args, "--data-dir", str(tmp_path / "data")], input=input)
    return invoke


def test_add_then_list_shows_the_entry_and_not_asked_stays_not_asked(run) -> None:  # type: ignore[no-untyped-def]
    added = run("diary", "add", "--day", "2025-03-01", "--week", "24", "--pain", "pubic=3", "--sleep-undisturbed")
    assert added.exit_code == 0, added.output
    listed = run("diary", "list")
    assert re.search(r"2025-03-01 \(week 24\)  entry [0-9a-f]{32}: Front of the pelvis 3/10", listed.output)
    assert "pain woke you: no" in listed.output and "felt: not asked" in listed.output


def test_a_rise_of_two_points_in_a_week_prompts_to_contact_the_maternity_team(run) -> None:  # type: ignore[no-untyped-def]
    run("diary", "add", "--day", "2025-03-01", "--week", "24", "--pain", "pubic=3")
    small = run("diary", "add", "--day", "2025-03-03", "--pain", "pubic=4")
    assert "Contact your midwife" not in small.output
    rise = run("diary", "add", "--day", "2025-03-05", "--pain", "pubic=5")
    assert "rose from 3 to 5" in rise.output and "Contact your midwife or maternity team" in rise.output
    assert "(about week 24)" in run("diary", "list").output.split("2025-03-05")[1], "worked out from the anchor"


@pytest.mark.parametrize(("args", "expected"), [
    (["--pain", "lowback=5"],
     "--pain (region): unknown region 'lowback' (did you mean 'low_back'?); accepted: low_back"),
    (["--pain", "low_back=11"], "--pain (score): Input should be less than or equal to 10"),
    (["--pain", "low_back"], "--pain: 'low_back' is not REGION=SCORE"),
    (["--week", "50"], "--week: Input should be less than or equal to 42"),
    (["--character", "achy"], "--character: unknown character 'achy'; accepted: dull_ache"),
    (["--day", "yesterday"], "--day: Input should be a valid date"),
])
def test_bad_input_exits_2_naming_the_option_and_saves_nothing(run, args: list[str], expected: str) -> None:  # type: ignore[no-untyped-def]
    result = run("diary", "add", "--pain", "pubic=2", *args) if "--pain" not in args else run("diary", "add", *args)
    assert result.exit_code == 2, result.output
    assert expected in result.output and "Nothing was saved." in result.output
    assert "no pain rated" not in run("diary", "list").output
    assert "No entries yet" in run("diary", "list").output


def test_goals_at_most_three_rated_weekly(run) -> None:  # type: ignore[no-untyped-def]
    for title in ("stairs", "walk to the shops", "sleep through"):
        assert run("diary", "goal", "add", title).exit_code == 0
    fourth = run("diary", "goal", "add", "swim")
    assert fourth.exit_code == 2 and "title: you already have 3 goals" in fourth.output
    goal_id = next(line.split()[0] for line in run("diary", "goal", "list").output.splitlines() if "stairs" in line)
    assert run("diary", "goal", "rate", goal_id, "4", "--day", "2025-03-01").exit_code == 0
    assert "stairs: 4/10 on 2025-03-01" in run("diary", "goal", "list").output
    bad = run("diary", "goal", "rate", goal_id, "12")
    assert bad.exit_code == 2 and "score: Input should be less than or equal to 10" in bad.output


def test_json_export_reimported_gives_the_same_diary(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("diary", "add", "--day", "2025-03-01", "--week", "24", "--pain", "pubic=3", "--helped", "warm bath",
        "--sleep-disturbed", "--note", "stairs")
    run("diary", "goal", "add", "stairs")
    exported = tmp_path / "diary.json"
    assert run("export", "--format", "json", "--output", str(exported)).exit_code == 0
    assert (exported.stat().st_mode & 0o077) == 0, "exports hold health data: private to this user"
    before = json.loads(exported.read_text())
    assert run("delete-all", "--yes").exit_code == 0
    assert json.loads(run("export", "--format", "json").output)["entries"] == []
    imported = run("import", str(exported), "--replace")
    assert imported.exit_code == 0, imported.output
    after = json.loads(run("export", "--format", "json").output)
    drop = ("exported_at",)
    assert {k: v for k, v in after.items() if k not in drop} == {k: v for k, v in before.items() if k not in drop}
    merged = run("import", str(exported), "--merge")
    assert "already stored" in merged.output
    assert len(json.loads(run("export", "--format", "json").output)["entries"]) == 1


def test_a_bad_import_changes_nothing_and_names_the_field(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("diary", "add", "--day", "2025-03-01", "--pain", "pubic=3")
    before = run("export", "--format", "json").output
    data = json.loads(before)
    data["entries"].append({**data["entries"][0], "id": "b" * 32, "pains": [{"region": "pubic", "score": 12}]})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run("import", str(bad), "--replace", "--yes")
    assert result.exit_code == 2
    assert "entries.1.pains.0.score: Input should be less than or equal to 10" in result.output
    (tmp_path / "junk.json").write_text("{not json")
    junk = run("import", str(tmp_path / "junk.json"), "--merge")
    assert junk.exit_code == 2 and "(file): not valid JSON at line 1" in junk.output
    neither = run("import", str(tmp_path / "junk.json"))
    assert neither.exit_code == 2 and "choose one: --replace or --merge" in neither.output
    assert _without_time(run("export", "--format", "json").output) == _without_time(before)


def _without_time(text: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(text)
    data.pop("exported_at")
    return data


def test_csv_export_spells_out_not_asked_and_never_writes_a_formula(run) -> None:  # type: ignore[no-untyped-def]
    run("diary", "add", "--day", "2025-03-01", "--pain", "pubic=3", "--sleep-undisturbed", "--note", "=HYPERLINK(1)")
    run("diary", "add", "--day", "2025-03-02", "--pain", "pubic=2")
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").output)))
    sleep = [r["value"] for r in rows if r["field"] == "pain_disturbed_sleep"]
    assert sleep == ["no", "not asked"]
    assert next(r["value"] for r in rows if r["field"] == "note") == "'=HYPERLINK(1)"


def test_delete_all_asks_first(run) -> None:  # type: ignore[no-untyped-def]
    run("diary", "add", "--day", "2025-03-01", "--pain", "pubic=3")
    refused = run("delete-all", input="n\n")
    assert refused.exit_code == 1 and "1 entries" in refused.output
    assert "pubic" in run("export", "--format", "csv").output
    confirmed = run("delete-all", input="y\n")
    assert confirmed.exit_code == 0 and "Deleted everything." in confirmed.output
    assert "pubic" not in run("export", "--format", "csv").output


def test_summary_pdf_and_bad_options(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pypdf

    run("diary", "add", "--day", "2025-03-01", "--week", "24", "--pain", "pubic=3", "--tried", "belt")
    pdf = tmp_path / "summary.pdf"
    made = run("summary", "--from", "2025-03-01", "--to", "2025-03-31", "--pdf", str(pdf))
    assert made.exit_code == 0, made.output
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Front of the pelvis" in text and "belt" in text
    assert "None reported in any saved check-in or diary entry" in text
    bad = run("summary", "--include", "trends,vibes")
    assert bad.exit_code == 2 and "--include: unknown section 'vibes'; accepted: level, trends" in bad.output
    backwards = run("summary", "--from", "2025-04-01", "--to", "2025-03-01")
    assert backwards.exit_code == 2 and "--from: 2025-04-01 is after --to" in backwards.output


def test_a_crisis_check_in_says_who_to_call_wherever_it_is_printed(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BUMPWISE_CONFIG", "/nonexistent.toml")
    monkeypatch.setenv("BUMPWISE_EMERGENCY_NUMBER", "999")
    monkeypatch.setenv("BUMPWISE_CRISIS_LINE", "Samaritans 116 123")
    saved = run("diary", "save-checkin", "--day", "2025-03-02", input='{"findings": ["self_harm_thoughts"]}')
    assert saved.exit_code == 0, saved.output
    assert "Call 999 now, or call Samaritans 116 123." in saved.output
    listed = run("diary", "list")
    assert "Call 999 now, or call Samaritans 116 123." in listed.output
