"""Issue 10: a diary entry with warning signs is triaged like a check-in, shows its level and
action at once, and counts as a warning sign ever reported everywhere (pages, summary, CSV, JSON,
FHIR); the warning-sign alert and the rise alert are told apart; single entries can be changed
and deleted on the web and in the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from bumpwise.cli import main
from bumpwise.diary.records import DiaryEntry, parse
from bumpwise.diary.summary import build_summary
from bumpwise.diary.triage import assessment_input, checkin_for
from bumpwise.export import csv_format, fhir_bundle, json_format
from bumpwise.export.summary_text import render_text
from bumpwise.storage import open_store
from web_helpers import hidden, make_client

WARNING = {"day": "2026-03-10", "week": 30, "pains": [{"region": "low_back", "score": 8}],
           "character": ["comes_in_waves", "constant_severe", "sudden_severe_onset"]}
LABEL = "Pain or tightening that comes and goes in a regular pattern"


def test_an_entry_with_warning_signs_is_triaged_like_a_check_in() -> None:
    entry = parse(DiaryEntry, WARNING)
    checkin = checkin_for(entry)
    assert checkin is not None and checkin.level == "urgent" and checkin.entry_id == entry.id
    assert LABEL in [f.label for f in checkin.red_flags]
    assert checkin.input["pain_score"] == 8 and "low_back" in checkin.input["findings"]
    assert "denied" not in checkin.input  # what a diary entry does not ask is never a "no"
    calm = parse(DiaryEntry, {"day": "2026-03-10", "week": 30, "pains": [{"region": "low_back", "score": 3}]})
    assert checkin_for(calm) is None


def test_sides_reach_the_engine() -> None:
    left = parse(DiaryEntry, {"day": "2026-03-10", "pains": [{"region": "calf", "score": 5, "side": "left"}]})
    both = parse(DiaryEntry, {"day": "2026-03-10", "pains": [{"region": "calf", "score": 5, "side": "both"}]})
    assert "one_side" in assessment_input(left)["findings"]
    assert "both_sides" in assessment_input(both)["findings"]


def test_a_warning_entry_counts_everywhere(tmp_path: Path) -> None:
    with open_store(url=f"sqlite:///{tmp_path / 'd.sqlite3'}") as store:
        entry = parse(DiaryEntry, WARNING)
        store.save_entry(entry, checkin_for(entry))
        diary = store.load()
    assert [f.label for _, f in diary.red_flags].count(LABEL) == 1
    summary = build_summary(diary, date(2026, 3, 1), date(2026, 3, 31))
    text = render_text(summary)
    assert LABEL in text and "No warning signs" not in text
    rows = list(csv.DictReader(io.StringIO(csv_format.dumps(diary))))
    assert any(r["field"] == "red_flag" and r["value"] == LABEL for r in rows)
    exported = json.loads(json_format.dumps(diary))
    assert LABEL in [f["label"] for f in exported["red_flags"]]
    assert exported["red_flags"][0]["entry_id"] == entry.id
    fhir = fhir_bundle.dumps(diary)
    assert LABEL in fhir and '"red_flags"' in fhir
    again = json_format.loads(json_format.dumps(diary))  # and it survives export and import
    assert [f.label for _, f in again.red_flags].count(LABEL) == 1


def test_web_entry_shows_its_level_at_once_and_can_be_changed_and_deleted(tmp_path: Any) -> None:
    client = make_client(data_dir=tmp_path, maternity_unit_number="0161 555 0100")
    form = client.get("/diary/add").text
    assert form.count('name="pain_low_back"') == 12  # not rated, then 0-10 as radio buttons
    assert 'name="side_low_back" value="left"' in form
    saved = client.post("/diary/add", data={
        "csrf": hidden(form, "csrf"), "day": "2026-03-10", "week": "30", "pain_low_back": "8",
        "side_low_back": "left", "character": ["comes_in_waves", "constant_severe"], "character_asked": "1"})
    assert saved.status_code == 200 and "saved=entry" in str(saved.url)
    page = saved.text
    box = page[page.index('class="saved"'):page.index("</section>", page.index('class="saved"'))]
    assert "Your entry was saved." in box and 'data-entry-level="urgent"' in box
    assert "Call your maternity team now" in box and 'href="tel:01615550100"' in box
    assert 'data-alerts="red_flag"' in page and "Warning signs you reported" in page
    assert "Low back (left)" in page
    entry_id = re.search(r"/diary/entries/([0-9a-f]{32})/edit", page).group(1)  # type: ignore[union-attr]
    edit = client.get(f"/diary/entries/{entry_id}/edit").text
    assert 'id="pain_low_back-8" name="pain_low_back" value="8" checked' in edit
    changed = client.post(f"/diary/entries/{entry_id}/edit", data={
        "csrf": hidden(edit, "csrf"), "day": "2026-03-10", "week": "30", "pain_low_back": "3",
        "character": ["dull_ache"], "character_asked": "1"})
    assert "Your changes were saved." in changed.text and 'data-alerts="red_flag"' not in changed.text
    assert "data-entry-level" not in changed.text  # the old check-in went with the old version
    confirm = client.get(f"/diary/entries/{entry_id}/delete").text
    gone = client.post(f"/diary/entries/{entry_id}/delete", data={"csrf": hidden(confirm, "csrf")})
    assert "The entry was deleted." in gone.text and "No entries yet." in gone.text
    assert client.get(f"/diary/entries/{entry_id}/edit").status_code == 404


def test_rise_and_warning_alerts_are_distinct(tmp_path: Any) -> None:
    client = make_client(data_dir=tmp_path)
    for day, score in (("2026-03-01", "2"), ("2026-03-04", "5")):
        form = client.get("/diary/add").text
        client.post("/diary/add", data={"csrf": hidden(form, "csrf"), "day": day, "week": "30",
                                        "pain_pubic": score})
    page = client.get("/diary").text
    assert 'data-alerts="rise"' in page and "Your pain is rising" in page
    assert 'data-alerts="red_flag"' not in page


def test_cli_edit_and_delete_one_entry(tmp_path: Path) -> None:
    runner = CliRunner()
    where = ["--data-dir", str(tmp_path)]
    added = runner.invoke(main, ["diary", "add", "--day", "2026-03-10", "--week", "30", "--pain", "low_back=8:left",
                                 "--character", "comes_in_waves", "--character", "constant_severe", *where])
    assert added.exit_code == 0, added.output
    assert "Call your maternity team now" in added.output and LABEL in added.output
    entry_id = re.search(r"id ([0-9a-f]{32})", added.output).group(1)  # type: ignore[union-attr]
    listed = runner.invoke(main, ["diary", "list", *where]).output
    assert f"entry {entry_id}: Low back (left) 8/10" in listed and "Call your maternity team now" in listed
    edited = runner.invoke(main, ["diary", "edit", entry_id, "--pain", "low_back=2", "--character", "dull_ache",
                                  *where])
    assert edited.exit_code == 0 and "Changed your entry" in edited.output
    assert "Call your maternity team now" not in runner.invoke(main, ["diary", "list", *where]).output
    missing = runner.invoke(main, ["diary", "edit", "0" * 32, "--week", "31", *where])
    assert missing.exit_code == 2 and "no diary entry has id" in missing.output
    kept = runner.invoke(main, ["diary", "delete", entry_id, *where], input="n\n")
    assert "Nothing was deleted." in kept.output
    deleted = runner.invoke(main, ["diary", "delete", entry_id, "--yes", *where])
    assert deleted.exit_code == 0 and "Deleted your entry" in deleted.output
    assert "No entries yet" in runner.invoke(main, ["diary", "list", *where]).output
