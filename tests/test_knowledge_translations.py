"""The knowledge base's translation overlays (issue 13): validated like the rest, text only, gaps and
stale translations reported, and the packaged languages' coverage at the issue's bars."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

from bumpwise.knowledge import KnowledgeBase, schema
from bumpwise.knowledge.translations import (
    KEYED,
    LOCALES,
    TEXT_FIELDS,
    Unit,
    apply,
    categories,
    coverage,
    english_units,
    load_overlay,
    localise,
    overlay_dir,
    stamp,
)


def write(tmp_path: Path, locale: str, file: str, content: dict[str, Any]) -> None:
    folder = tmp_path / "locales" / locale
    folder.mkdir(parents=True, exist_ok=True)
    (folder / file).write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")


def messages(kb: KnowledgeBase, tmp_path: Path, locale: str = "xx") -> list[str]:
    return [str(p) for p in load_overlay(kb, locale, tmp_path).problems]


def test_a_valid_overlay_replaces_only_the_text(kb: KnowledgeBase, tmp_path: Path) -> None:
    item = next(iter(kb.plan_items.values()))
    # each step keeps the English's numbers
    steps = [("bước " + " ".join(re.findall(r"\d+", step))).strip() for step in item.steps]
    overlay: dict[str, Any] = {"title": "Tiêu đề", "steps": steps}
    if item.ruled_out:
        overlay["ruled_out"] = [{"reason": "lý do " + " ".join(re.findall(r"\d+", r.reason))}
                                for r in item.ruled_out]
    write(tmp_path, "xx", "plan_items.yaml", {"plan_items": {item.id: overlay}})
    write(tmp_path, "xx", "vocabulary.yaml", {"triage_levels": {"urgent": {"label": "Gọi ngay"}},
                                             "findings": {"associated": {"fever": "Sốt"}}})
    stamp(kb, "xx", tmp_path)
    local = localise(kb, "xx", tmp_path)
    assert local is localise(kb, "xx", tmp_path)  # cached per knowledge base and locale
    assert local.version == kb.version
    new = local.plan_items[item.id]
    assert new.title.startswith("Tiêu đề") and list(new.steps) == steps
    assert new.summary == item.summary  # a gap stays English
    assert new.model_dump(exclude={"title", "steps", "ruled_out"}) == item.model_dump(exclude={"title", "steps",
                                                                                             "ruled_out"})
    assert [r.model_dump(exclude={"reason"}) for r in new.ruled_out] == [r.model_dump(exclude={"reason"})
                                                                         for r in item.ruled_out]
    assert local.vocabulary.levels["urgent"].label == "Gọi ngay"
    assert local.vocabulary.levels["urgent"].action == kb.vocabulary.levels["urgent"].action
    assert local.vocabulary.findings["fever"].label == "Sốt"
    assert [r.id for r in local.rules] == [r.id for r in kb.rules]
    report = coverage(kb, "xx", tmp_path)
    assert not report.problems
    assert Unit("plan_items.yaml", item.id, "summary") in {g.unit for g in report.gaps}
    assert report.counts["overall"][0] == len(steps) + 1 + len(item.ruled_out) + 2
    assert report.counts["overall"][1] == len(english_units(kb))


def test_unknown_ids_fields_and_sections_are_problems_naming_file_id_and_field(kb: KnowledgeBase,
                                                                               tmp_path: Path) -> None:
    rule = kb.rules[0]
    write(tmp_path, "xx", "rules.yaml", {"rules": {"no_such_rule": {"explanation": "x"},
                                                   rule.id: {"level": "emergency", "explanation": ""}}})
    write(tmp_path, "xx", "sources.yaml", {"sources": {}})
    write(tmp_path, "xx", "vocabulary.yaml", {"plan_item_kinds": {"exercise": "bài tập"},
                                             "triage_levels": {"urgent": {"rank": "1"}}})
    found = messages(kb, tmp_path)
    assert "locales/xx/rules.yaml: no_such_rule: unknown id: no such record in the English" in found
    assert any(m.startswith(f"locales/xx/rules.yaml: {rule.id}: unknown field 'level'") for m in found)
    assert f"locales/xx/rules.yaml: {rule.id}: explanation: must be a non-empty string" in found
    assert any(m.startswith("locales/xx/sources.yaml: -: is not the name of a translatable") for m in found)
    assert any(m.startswith("locales/xx/vocabulary.yaml: plan_item_kinds: not a section with text") for m in found)
    assert "locales/xx/vocabulary.yaml: triage_levels.urgent: unknown field 'rank'" in found


def test_a_list_of_another_length_is_a_problem(kb: KnowledgeBase, tmp_path: Path) -> None:
    item = next(i for i in kb.plan_items.values() if len(i.steps) > 1)
    write(tmp_path, "xx", "plan_items.yaml", {"plan_items": {item.id: {"steps": ["một bước"]}}})
    assert messages(kb, tmp_path) == [f"locales/xx/plan_items.yaml: {item.id}: steps: 1 entries, the English has "
                                      f"{len(item.steps)}"]


def test_numbers_and_placeholders_must_match_the_english(kb: KnowledgeBase, tmp_path: Path) -> None:
    item = next(i for i in kb.plan_items.values() if any(c.isdigit() for c in i.dose))
    changed = "".join("9" if c.isdigit() else c for c in item.dose) + " 7"
    write(tmp_path, "xx", "plan_items.yaml", {"plan_items": {item.id: {"dose": changed}}})
    (problem,) = messages(kb, tmp_path)
    assert problem.startswith(f"locales/xx/plan_items.yaml: {item.id}: dose: numbers differ from the English")
    assert coverage(kb, "xx", tmp_path).texts == {}  # the invalid unit is a gap, shown in English
    assert localise(kb, "xx", tmp_path).plan_items[item.id].dose == item.dose
    # placeholders: an English text with {emergency} (none in the data yet) needs it in the translation
    unit = Unit("questions.yaml", kb.questions[0].id, "text")
    english = apply(kb, {unit: "Call {emergency} now."})
    write(tmp_path, "yy", "questions.yaml", {"questions": {unit.record: {"text": "Gọi cấp cứu ngay."}}})
    (problem,) = messages(english, tmp_path, "yy")
    assert "text: placeholders differ from the English (missing {emergency})" in problem


def test_a_changed_english_text_makes_its_translation_stale(kb: KnowledgeBase, tmp_path: Path) -> None:
    question = kb.questions[0]
    write(tmp_path, "xx", "questions.yaml", {"questions": {question.id: {"text": "Câu hỏi?"}}})
    unit = Unit("questions.yaml", question.id, "text")
    assert {g.why for g in coverage(kb, "xx", tmp_path).gaps if g.unit == unit} == {"unstamped"}
    stamp(kb, "xx", tmp_path)
    assert unit in coverage(kb, "xx", tmp_path).texts
    changed = apply(kb, {unit: question.text + " Or now?"})
    report = coverage(changed, "xx", tmp_path)
    assert {g.why for g in report.gaps if g.unit == unit} == {"stale"}
    assert localise(changed, "xx", tmp_path).questions[0].text == question.text + " Or now?"


def test_every_text_field_of_the_schema_is_a_unit_and_no_logic_field_is(kb: KnowledgeBase) -> None:
    units = english_units(kb)
    fields = {re.split(r"[\[.]", u.field)[0] for u in units if u.file != "vocabulary.yaml"}
    assert fields == {name for _, table in TEXT_FIELDS.values() for name in table}
    # a text unit never holds an id or a regular expression
    ids = {r.id for r in kb.rules} | set(kb.plan_items) | set(kb.conditions)
    assert not ids & set(units.values())
    assert not any(q.keywords in units.values() for q in kb.questions if q.keywords)


# Fields of the schema's records that hold strings but are not text shown to a person (ids, ids of
# answers, regular expressions) or are deliberately not translated (sources stay as published).
# A new string field must go either into TEXT_FIELDS or here.
NOT_TEXT = {
    *(f"{model}.id" for model in ("Rule", "Condition", "PlanItem", "Routine", "AvoidItem", "Exclusion", "Question",
                                  "Source")),
    "PointsTo.condition", "EnableWhen.question", "EnableWhen.answers", "Question.keywords",
    "Source.title", "Source.publisher", "Source.url", "Source.file", "Source.also", "Source.archive",
}
FILE_MODELS = {"rules.yaml": schema.Rule, "conditions.yaml": schema.Condition, "plan_items.yaml": schema.PlanItem,
               "avoid.yaml": schema.AvoidItem, "exclusions.yaml": schema.Exclusion, "questions.yaml": schema.Question,
               "routines.yaml": schema.Routine}


def _plain_strings(annotation: Any) -> bool:
    """Whether a field holds free strings: str, str | None, tuple[str, ...], dict[..., str]; not an
    id (Annotated with a pattern) nor a Literal."""
    if annotation is str:
        return True
    return any(_plain_strings(arg) for arg in typing.get_args(annotation)
               if typing.get_origin(annotation) is not typing.Literal
               and typing.get_origin(annotation) is not typing.Annotated)


def test_every_prose_field_of_the_schema_is_text_or_listed_as_not_text() -> None:
    """A prose field added to a model (as issue 12 added `picture` and `note`) fails here until it
    is in TEXT_FIELDS (translated, covered, validated) or in NOT_TEXT."""
    text: set[str] = set()
    for file, (_, fields) in TEXT_FIELDS.items():
        model = FILE_MODELS[file]
        assert TEXT_FIELDS[file][0] in {f.name for f in dataclasses.fields(KnowledgeBase)}
        for name, shape in fields.items():
            if isinstance(shape, list) and isinstance(shape[0], dict):  # records in a list: their text fields
                inner = typing.get_args(model.model_fields[name].annotation)[0]
                text |= {f"{inner.__name__}.{n}" for n in shape[0]}
            else:
                text.add(f"{model.__name__}.{name}")
    assert set(FILE_MODELS) == set(TEXT_FIELDS)
    prose = {f"{model.__name__}.{name}" for model in vars(schema).values()
             if isinstance(model, type) and issubclass(model, schema.Record)
             for name, info in model.model_fields.items() if _plain_strings(info.annotation)}
    assert prose - text - NOT_TEXT == set(), "add these to TEXT_FIELDS or to NOT_TEXT"
    assert (text | NOT_TEXT) - prose == set(), "no longer string fields"


@pytest.mark.parametrize("locale", LOCALES)
def test_packaged_translations_cover_the_knowledge_base(kb: KnowledgeBase, locale: str) -> None:
    """Issue 13: 100% of warning signs, actions and questions; >= 95% overall, gaps listed."""
    if not overlay_dir(locale).is_dir():
        pytest.skip(f"no {locale} overlay files in this branch yet")
    report = coverage(kb, locale)
    assert not report.problems, "\n".join(map(str, report.problems))
    for category in ("questions", "warning-sign questions", "warning signs", "actions"):
        missing = [str(g) for g in report.gaps if g.unit in _category(kb, category)]
        assert report.share(category) == 1.0, f"{category}: {missing}"
    assert report.share("overall") >= 0.95, "\n".join(map(str, report.gaps))


@pytest.mark.parametrize("locale", LOCALES)
def test_packaged_translations_change_no_logic(kb: KnowledgeBase, locale: str) -> None:
    if not overlay_dir(locale).is_dir():
        pytest.skip(f"no {locale} overlay files in this branch yet")
    local = localise(kb, locale)
    assert local.version == kb.version and local.sources is kb.sources
    for file, (attribute, fields) in TEXT_FIELDS.items():
        before, after = getattr(kb, attribute), getattr(local, attribute)
        if isinstance(before, dict):
            before, after = list(before.values()), list(after.values())
        pairs = zip(before, after, strict=True)
        for old, new in pairs:
            assert old.model_dump(exclude=set(fields)) == new.model_dump(exclude=set(fields)), (file, old.id)
            for name, shape in fields.items():
                if isinstance(shape, list):
                    assert len(getattr(old, name)) == len(getattr(new, name)), (file, old.id, name)
                if isinstance(shape, list) and isinstance(shape[0], dict):  # ruled_out, a routine's steps
                    assert [i.model_dump(exclude=set(shape[0])) for i in getattr(old, name)] == [
                        i.model_dump(exclude=set(shape[0])) for i in getattr(new, name)], (file, old.id, name)
                if shape == KEYED:  # a plan item's doses by stage
                    assert list(getattr(old, name)) == list(getattr(new, name)), (file, old.id, name)
    vocab, local_vocab = kb.vocabulary, local.vocabulary
    assert [(t.id, t.rank) for t in vocab.levels.values()] == [(t.id, t.rank) for t in local_vocab.levels.values()]
    assert [(t.id, t.group) for t in vocab.findings.values()] == [(t.id, t.group)
                                                                  for t in local_vocab.findings.values()]
    assert list(vocab.flags) == list(local_vocab.flags) and list(vocab.conditions) == list(local_vocab.conditions)
    assert vocab.narrower == local_vocab.narrower and vocab.positions == local_vocab.positions


def _category(kb: KnowledgeBase, name: str) -> set[Unit]:
    return categories(kb)[name]


def test_vocabulary_labels_may_also_be_given_flat(kb: KnowledgeBase, tmp_path: Path) -> None:
    """`findings` without groups and a context label given as a string read as the same units."""
    write(tmp_path, "xx", "vocabulary.yaml", {"findings": {"fever": "Sốt", "no_such_finding": "x"},
                                             "context": {"onset": "Bắt đầu thế nào"}})
    found = messages(kb, tmp_path)
    assert found == ["locales/xx/vocabulary.yaml: findings.?.no_such_finding: label: the English has no such text"]
    local = localise(kb, "xx", tmp_path)
    assert local.vocabulary.findings["fever"].label == kb.vocabulary.findings["fever"].label  # not stamped yet
    stamp(kb, "xx", tmp_path)
    local = localise(apply(kb, {}), "xx", tmp_path)  # a fresh base: localise caches per (base, locale)
    assert local.vocabulary.findings["fever"].label == "Sốt"
    assert local.vocabulary.context["onset"].label == "Bắt đầu thế nào"


def test_the_commands_report_coverage_gaps_and_stamp(kb: KnowledgeBase) -> None:
    from click.testing import CliRunner

    from bumpwise.cli import main

    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 0, result.output
    for locale in LOCALES:
        assert f"translations {locale}: " in result.output
    if overlay_dir("vi").is_dir():
        report = coverage(kb, "vi")
        done, total = report.counts["overall"]
        assert f"translations vi: overall {done}/{total} " in result.output
        gaps = CliRunner().invoke(main, ["kb", "translations", "gaps", "vi"])
        assert gaps.exit_code == 0 and gaps.output.splitlines() == [str(g) for g in report.gaps]
    missing = CliRunner().invoke(main, ["kb", "translations", "stamp", "no-such-locale"])
    assert missing.exit_code == 1 and "no overlay files" in missing.output


def test_routines_and_doses_by_stage_are_translated_like_the_rest(kb: KnowledgeBase, tmp_path: Path) -> None:
    routine = next(iter(kb.routines.values()))
    steps: list[dict[str, str]] = []
    for step in routine.steps:
        entry = {"dose": "liều " + " ".join(re.findall(r"\d+", step.dose))}
        if step.text:
            entry["text"] = "bước " + " ".join(re.findall(r"\d+", step.text))
        steps.append(entry)
    item = next(i for i in kb.plan_items.values() if i.doses)
    stage, english = next(iter(item.doses.items()))
    title = "Tiêu đề " + " ".join(re.findall(r"\d+", routine.title))
    write(tmp_path, "xx", "routines.yaml", {"routines": {routine.id: {"title": title, "steps": steps}}})
    write(tmp_path, "xx", "plan_items.yaml", {"plan_items": {item.id: {
        "doses": {stage: "liều " + " ".join(re.findall(r"\d+", english))}}}})
    stamp(kb, "xx", tmp_path)
    assert not load_overlay(kb, "xx", tmp_path).problems
    local = localise(kb, "xx", tmp_path)
    new = local.routines[routine.id]
    assert new.title.startswith("Tiêu đề") and [s.dose for s in new.steps] == [s["dose"] for s in steps]
    assert [(s.item, s.minutes) for s in new.steps] == [(s.item, s.minutes) for s in routine.steps]
    assert local.plan_items[item.id].doses[stage].startswith("liều")
    assert list(local.plan_items[item.id].doses) == list(item.doses)
    # a text for a step that is a plan item, a stage the English has no dose for, a short list: problems
    item_step = next(i for i, s in enumerate(routine.steps) if s.item)
    bad = [dict(s) for s in steps]
    bad[item_step]["text"] = "không có"
    other = next(s for s in ("trimester_1", "trimester_2", "trimester_3", "postnatal") if s not in item.doses)
    write(tmp_path, "xx", "routines.yaml", {"routines": {routine.id: {"steps": bad, "tips": []}}})
    write(tmp_path, "xx", "plan_items.yaml", {"plan_items": {item.id: {"doses": {other: "liều"}}}})
    found = messages(kb, tmp_path)
    assert any(f"steps[{item_step}].text: the English has no such text" in m for m in found), found
    assert any(f"doses.{other}: the English has no such text" in m for m in found), found
    assert any("tips: 0 entries" in m for m in found) == bool(routine.tips), found
