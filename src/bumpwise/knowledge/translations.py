"""The knowledge base in other languages, as data: per-locale overlay files of text only.

`data/locales/<lang>/<file>.yaml` holds, for one English data file, the translation of its
human-readable text fields and nothing else: under the English file's top-level key, a mapping from
record id to that record's text fields, with the English field names (`TEXT_FIELDS`). Ids, numbers,
regular expressions, weeks and every logic field stay in the English files, which are the source
of truth: `localise(kb, locale)` returns a knowledge base with the same version, ids and logic and
only the text replaced.

Every text unit (one string: a title, one step, one ruled-out reason, one label) is either
translated, or a gap that is reported (`Coverage.gaps`), never silent: a gap shows the English.
A translation whose English has changed since it was stamped (`_english.lock`, written by
`bumpwise kb translations stamp <lang>`) is stale, and one never stamped is unstamped: either is a
gap until it is checked and stamped. An overlay that names an unknown id or field, has a list of
another length, or loses or changes a number or a placeholder of the English is a Problem (and that
unit a gap).

docs/i18n-knowledge.md describes the format for translators.
"""

from __future__ import annotations

import hashlib
import logging
import re
import weakref
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from bumpwise.knowledge.files import data_dir
from bumpwise.knowledge.loader import KnowledgeBase
from bumpwise.knowledge.problems import Problem
from bumpwise.knowledge.vocabulary import ContextTerm, FindingTerm, LevelTerm, Vocabulary

log = logging.getLogger(__name__)
YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, ~10x faster, where PyYAML has it

LOCALES = ("vi", "zh")
LOCK_FILE = "_english.lock"

# The text fields of each data file, written once. A shape is TEXT (one string), [TEXT] (a list of
# strings as long as the English one), [{field: TEXT}] (a list of records as long as the English
# one, each with these text fields; a field the English leaves empty in one entry is not text there)
# or KEYED (a mapping of the English's keys, such as a plan item's `doses` by stage, to strings).
# Sources are not translated: titles and publishers stay as published.
TEXT = "text"
KEYED = "keyed"
Shape = Any
TEXT_FIELDS: dict[str, tuple[str, dict[str, Shape]]] = {
    "rules.yaml": ("rules", {"explanation": TEXT}),
    "conditions.yaml": ("conditions", {"name": TEXT, "summary": TEXT, "typical": TEXT}),
    "plan_items.yaml": ("plan_items", {"title": TEXT, "summary": TEXT, "steps": [TEXT], "dose": TEXT,
                                       "doses": KEYED, "stop_if": TEXT, "ruled_out": [{"reason": TEXT}],
                                       "picture": TEXT, "note": [TEXT]}),
    "avoid.yaml": ("avoid", {"title": TEXT, "why": TEXT}),
    "exclusions.yaml": ("exclusions", {"reason": TEXT}),
    "questions.yaml": ("questions", {"text": TEXT, "help": TEXT}),
    "routines.yaml": ("routines", {"title": TEXT, "summary": TEXT, "when": TEXT,
                                   "steps": [{"text": TEXT, "dose": TEXT}], "tips": [TEXT], "stop_if": TEXT}),
}
# vocabulary.yaml: section -> how its text is keyed. `by_id` sections map an id to its text fields;
# `labels` map an id to one string; `grouped` map a group to ids to one string.
VOCABULARY_TEXT: dict[str, tuple[str, tuple[str, ...]]] = {
    "triage_levels": ("by_id", ("label", "action")),
    "context": ("by_id", ("label",)),
    "flags": ("labels", ()),
    "findings": ("grouped", ()),
    "conditions": ("labels", ()),
}
FILES = (*TEXT_FIELDS, "vocabulary.yaml")

NUMBER = re.compile(r"\d+")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass(frozen=True, order=True)
class Unit:
    """One translatable string: `record` is an id (in vocabulary.yaml, `section.id` or
    `findings.group.id`), `field` a text field, a list index (`steps[2]`) or both
    (`ruled_out[0].reason`)."""

    file: str
    record: str
    field: str

    @property
    def key(self) -> str:
        return f"{self.file}:{self.record}:{self.field}"


def english_units(kb: KnowledgeBase) -> dict[Unit, str]:
    """Every translatable string of the knowledge base, in file and record order."""
    out: dict[Unit, str] = {}
    for file, (_, fields) in TEXT_FIELDS.items():
        for record in _records(kb, file):
            for name, shape in fields.items():
                for path, text in _walk_english(getattr(record, name), shape, name):
                    out[Unit(file, str(record.id), path)] = text
    vocab = kb.vocabulary
    file = "vocabulary.yaml"
    for level in vocab.levels.values():
        out[Unit(file, f"triage_levels.{level.id}", "label")] = level.label
        out[Unit(file, f"triage_levels.{level.id}", "action")] = level.action
    for term in vocab.context.values():
        out[Unit(file, f"context.{term.id}", "label")] = term.label
    for flag, text in vocab.flags.items():
        out[Unit(file, f"flags.{flag}", "label")] = text
    for finding in vocab.findings.values():
        out[Unit(file, f"findings.{finding.group}.{finding.id}", "label")] = finding.label
    for condition, text in vocab.conditions.items():
        out[Unit(file, f"conditions.{condition}", "label")] = text
    return out


def _records(kb: KnowledgeBase, file: str) -> list[Any]:
    attribute = TEXT_FIELDS[file][0]
    held = getattr(kb, attribute)
    return list(held.values()) if isinstance(held, dict) else list(held)


def _walk_english(value: Any, shape: Shape, path: str) -> Iterator[tuple[str, str]]:
    if value is None:
        return
    if shape == TEXT:
        yield path, str(value)
    elif shape == KEYED:
        for key, text in value.items():
            yield f"{path}.{key}", str(text)
    elif isinstance(shape, list) and shape[0] == TEXT:
        for index, text in enumerate(value):
            yield f"{path}[{index}]", str(text)
    else:
        for index, item in enumerate(value):
            for name, inner in shape[0].items():
                yield from _walk_english(getattr(item, name), inner, f"{path}[{index}].{name}")


@dataclass(frozen=True)
class Overlay:
    """One language's translations as read from its overlay files: each unit's text (only units
    that validated), the problems found, and the English hashes it was stamped against."""

    locale: str
    texts: dict[Unit, str]
    problems: tuple[Problem, ...]
    lock: dict[str, str]
    present: bool


def overlay_dir(locale: str, directory: Path | None = None) -> Path:
    return (directory or data_dir()) / "locales" / locale


def english_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def load_overlay(kb: KnowledgeBase, locale: str, directory: Path | None = None) -> Overlay:
    """Read and validate one language's overlay files against the English knowledge base."""
    folder = overlay_dir(locale, directory)
    english = english_units(kb)
    texts: dict[Unit, str] = {}
    problems: list[Problem] = []
    present = folder.is_dir()
    lengths = _list_lengths(english)
    for file in FILES:
        path = folder / file
        where = f"locales/{locale}/{file}"
        if not path.is_file():
            continue
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            problems.append(Problem(where, "-", f"cannot read: {error}"))
            continue
        if not isinstance(raw, dict):
            problems.append(Problem(where, "-", "needs a mapping at the top level"))
            continue
        if file == "vocabulary.yaml":
            found = _read_vocabulary(raw, where, english, problems)
        else:
            found = _read_records(raw, file, where, english, lengths, problems)
        for unit, text in found:
            if unit not in english:
                problems.append(Problem(where, unit.record, f"{unit.field}: the English has no such text"))
                continue
            mismatch = _mismatch(english[unit], text)
            if mismatch:
                problems.append(Problem(where, unit.record, f"{unit.field}: {mismatch}"))
                continue
            texts[unit] = text
    for name in sorted(p.name for p in folder.glob("*.yaml")) if present else ():
        if name not in FILES:
            problems.append(Problem(f"locales/{locale}/{name}", "-", "is not the name of a translatable data file"))
    lock: dict[str, str] = {}
    lock_path = folder / LOCK_FILE
    if lock_path.is_file():
        try:
            loaded = yaml.load(lock_path.read_text(encoding="utf-8"), Loader=YamlLoader) or {}
            lock = {str(k): str(v) for k, v in loaded.items()}
        except (OSError, yaml.YAMLError, AttributeError) as error:
            problems.append(Problem(f"locales/{locale}/{LOCK_FILE}", "-", f"cannot read: {error}"))
    return Overlay(locale, texts, tuple(problems), lock, present)


def _read_records(raw: dict[str, Any], file: str, where: str, english: Mapping[Unit, str],
                  lengths: Mapping[tuple[str, str, str], int], problems: list[Problem]) -> Iterator[tuple[Unit, str]]:
    key, fields = TEXT_FIELDS[file]
    unknown_keys = set(raw) - {key}
    for extra in sorted(unknown_keys):
        problems.append(Problem(where, "-", f"unknown top-level key {extra!r} (expected {key!r})"))
    records = raw.get(key) or {}
    if not isinstance(records, dict):
        problems.append(Problem(where, "-", f"{key!r} must map each record id to its text fields"))
        return
    ids = {u.record for u in english if u.file == file}
    for record_id, entry in records.items():
        rid = str(record_id)
        if rid not in ids:
            problems.append(Problem(where, rid, "unknown id: no such record in the English"))
            continue
        if not isinstance(entry, dict):
            problems.append(Problem(where, rid, "must map text fields to their translation"))
            continue
        for name, value in entry.items():
            if name not in fields:
                problems.append(Problem(where, rid, f"unknown field {name!r}: only "
                                        f"{', '.join(fields)} are text in {file}"))
                continue
            yield from _read_value(value, fields[name], str(name), file, rid, where, lengths, problems)


def _read_value(value: Any, shape: Shape, path: str, file: str, rid: str, where: str,
                lengths: Mapping[tuple[str, str, str], int], problems: list[Problem]) -> Iterator[tuple[Unit, str]]:
    if shape == TEXT:
        if isinstance(value, str) and value.strip():
            yield Unit(file, rid, path), value.strip()
        else:
            problems.append(Problem(where, rid, f"{path}: must be a non-empty string"))
        return
    if shape == KEYED:
        if not isinstance(value, dict):
            problems.append(Problem(where, rid, f"{path}: must map each of the English's keys to its translation"))
            return
        for key, text in value.items():
            yield from _read_value(text, TEXT, f"{path}.{key}", file, rid, where, lengths, problems)
        return
    length = lengths.get((file, rid, path), 0)
    if not isinstance(value, list):
        problems.append(Problem(where, rid, f"{path}: must be a list"))
        return
    if len(value) != length:
        problems.append(Problem(where, rid, f"{path}: {len(value)} entries, the English has {length}"))
        return
    for index, item in enumerate(value):
        if shape[0] == TEXT:
            yield from _read_value(item, TEXT, f"{path}[{index}]", file, rid, where, lengths, problems)
        elif not isinstance(item, dict):
            problems.append(Problem(where, rid, f"{path}[{index}]: must map text fields to their translation"))
        else:
            for name, inner in item.items():
                if name not in shape[0]:
                    problems.append(Problem(where, rid, f"{path}[{index}]: unknown field {name!r}"))
                    continue
                yield from _read_value(inner, shape[0][name], f"{path}[{index}].{name}", file, rid, where,
                                       lengths, problems)


def _list_lengths(english: Mapping[Unit, str]) -> dict[tuple[str, str, str], int]:
    """The length of each list field of the English (`steps`, `ruled_out`), by (file, record, field)."""
    lengths: dict[tuple[str, str, str], int] = {}
    for unit in english:
        match = LIST_INDEX.match(unit.field)
        if match:
            key = (unit.file, unit.record, match.group(1))
            lengths[key] = max(lengths.get(key, 0), int(match.group(2)) + 1)
    return lengths


LIST_INDEX = re.compile(r"([a-z_]+)\[(\d+)\]")


def _read_vocabulary(raw: dict[str, Any], where: str, english: Mapping[Unit, str],
                     problems: list[Problem]) -> Iterator[tuple[Unit, str]]:
    """vocabulary.yaml's overlay. Besides the documented forms, a `by_id` entry may be the label
    alone (`week: Tuổi thai`) and `findings` may be flat (`fever: Sốt`, no group): both are read
    as the same units."""
    file = "vocabulary.yaml"
    group_of = {u.record.split(".")[2]: u.record.split(".")[1] for u in english
                if u.file == file and u.record.startswith("findings.")}
    for section, entries in raw.items():
        if section not in VOCABULARY_TEXT:
            problems.append(Problem(where, str(section), f"not a section with text (only "
                                    f"{', '.join(VOCABULARY_TEXT)})"))
            continue
        how, names = VOCABULARY_TEXT[section]
        if not isinstance(entries, dict):
            problems.append(Problem(where, section, "must map ids to their text"))
            continue
        for term, value in entries.items():
            record = f"{section}.{term}"
            if how == "by_id" and isinstance(value, dict):
                for name, text in value.items():
                    if name not in names:
                        problems.append(Problem(where, record, f"unknown field {name!r}"))
                    else:
                        yield from _text(value=text, unit=Unit(file, record, str(name)), where=where,
                                         problems=problems)
            elif how == "grouped" and isinstance(value, dict):
                for finding, text in value.items():
                    yield from _text(value=text, unit=Unit(file, f"{record}.{finding}", "label"), where=where,
                                     problems=problems)
            elif how == "grouped":  # flat: finding id -> label
                unit = Unit(file, f"findings.{group_of.get(str(term), '?')}.{term}", "label")
                yield from _text(value=value, unit=unit, where=where, problems=problems)
            else:
                yield from _text(value=value, unit=Unit(file, record, "label"), where=where, problems=problems)


def _text(*, value: Any, unit: Unit, where: str, problems: list[Problem]) -> Iterator[tuple[Unit, str]]:
    if isinstance(value, str) and value.strip():
        yield unit, value.strip()
    else:
        problems.append(Problem(where, unit.record, f"{unit.field}: must be a non-empty string"))


def _mismatch(english: str, translation: str) -> str | None:
    """Why a translation does not keep the English's placeholders and numbers, or None."""
    for what, pattern in (("placeholders", PLACEHOLDER), ("numbers", NUMBER)):
        want = Counter(pattern.findall(english))
        got = Counter(pattern.findall(translation))
        if want != got:
            missing = sorted((want - got).elements())
            extra = sorted((got - want).elements())
            parts = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"not in the English {', '.join(extra)}"]
                                                                             if extra else [])
            return f"{what} differ from the English ({'; '.join(parts)})"
    return None


# ------------------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class Gap:
    unit: Unit
    why: str  # "missing", "invalid", "stale" (the English changed since it was stamped) or "unstamped"

    def __str__(self) -> str:
        return f"{self.unit.file}: {self.unit.record}: {self.unit.field}: {self.why}"


@dataclass(frozen=True)
class Coverage:
    """How much of one language is translated, overall and for the units where a wrong word is a
    safety fault; `gaps` lists every unit shown in English and why."""

    locale: str
    present: bool
    counts: dict[str, tuple[int, int]]  # category -> (translated, total)
    gaps: tuple[Gap, ...]
    problems: tuple[Problem, ...]
    texts: dict[Unit, str] = field(repr=False, default_factory=dict)

    def share(self, category: str) -> float:
        done, total = self.counts[category]
        return done / total if total else 1.0


CATEGORIES = ("overall", "questions", "warning-sign questions", "warning signs", "actions")


def categories(kb: KnowledgeBase) -> dict[str, set[Unit]]:
    """The units of each coverage category. Warning signs are the labels of the findings the
    warning-sign questions ask; actions are the triage levels' labels and actions and the
    explanations of the rules at urgent or emergency level."""
    units = english_units(kb)
    questions = {u for u in units if u.file == "questions.yaml"}
    red = {q.id for q in kb.questions if q.red_flag}
    signs = {f for q in kb.questions if q.red_flag for f in q.findings}
    pressing = {r.id for r in kb.rules if r.level in ("urgent", "emergency")}
    return {
        "overall": set(units),
        "questions": questions,
        "warning-sign questions": {u for u in questions if u.record in red},
        "warning signs": {u for u in units if u.file == "vocabulary.yaml" and u.record.startswith("findings.")
                          and u.record.rsplit(".", 1)[1] in signs},
        "actions": {u for u in units if (u.file == "vocabulary.yaml" and u.record.startswith("triage_levels."))
                    or (u.file == "rules.yaml" and u.record in pressing)},
    }


def coverage(kb: KnowledgeBase, locale: str, directory: Path | None = None) -> Coverage:
    """Translated / total per category for one language, every gap, and the overlay's problems."""
    overlay = load_overlay(kb, locale, directory)
    english = english_units(kb)
    invalid = {(p.file.rsplit("/", 1)[-1], p.record) for p in overlay.problems}
    usable: dict[Unit, str] = {}
    gaps: list[Gap] = []
    for unit, text in english.items():
        if unit in overlay.texts:
            stamped = overlay.lock.get(unit.key)
            if stamped == english_hash(text):
                usable[unit] = overlay.texts[unit]
            else:
                gaps.append(Gap(unit, "unstamped" if stamped is None else "stale"))
        else:
            gaps.append(Gap(unit, "invalid" if (unit.file, unit.record) in invalid else "missing"))
    counts = {name: (sum(1 for u in members if u in usable), len(members))
              for name, members in categories(kb).items()}
    return Coverage(locale, overlay.present, counts, tuple(gaps), overlay.problems, usable)


def stamp(kb: KnowledgeBase, locale: str, directory: Path | None = None) -> Path:
    """Write the language's lock file: for every unit translated now, the hash of its English. Run
    after checking each changed translation against its changed English."""
    overlay = load_overlay(kb, locale, directory)
    english = english_units(kb)
    lock = {u.key: english_hash(english[u]) for u in sorted(overlay.texts)}
    path = overlay_dir(locale, directory) / LOCK_FILE
    header = ("# Generated by `bumpwise kb translations stamp " + locale + "`: for each translated text, a hash of "
              "the English it was\n# translated from. A translation whose English has changed since is stale "
              "(shown in English, reported by `bumpwise kb check`).\n")
    path.write_text(header + yaml.safe_dump(lock, allow_unicode=True, sort_keys=True, width=200), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------- localise

_cache: weakref.WeakKeyDictionary[KnowledgeBase, dict[tuple[str, Path | None], KnowledgeBase]] = (
    weakref.WeakKeyDictionary())


def localise(kb: KnowledgeBase, locale: str, directory: Path | None = None) -> KnowledgeBase:
    """The knowledge base with its text in `locale` (a language code such as "vi" or "zh"; "en"
    is the knowledge base itself): same version, ids and logic, each gap left in English and logged.
    Cached per (knowledge base, locale)."""
    language = locale.replace("_", "-").split("-")[0].lower()
    if language == "en":
        return kb
    per_kb = _cache.setdefault(kb, {})
    key = (language, directory)
    if key not in per_kb:
        report = coverage(kb, language, directory)
        if report.gaps or report.problems:
            log.warning("knowledge base in %r: %d of %d texts shown in English (%d problem(s)); "
                        "`bumpwise kb check` lists them", language, len(report.gaps),
                        report.counts["overall"][1], len(report.problems))
        per_kb[key] = apply(kb, report.texts)
    return per_kb[key]


def apply(kb: KnowledgeBase, texts: Mapping[Unit, str]) -> KnowledgeBase:
    """A copy of the knowledge base with these units' text replaced; nothing else changes."""
    by_record: dict[tuple[str, str], dict[str, str]] = {}
    for unit, text in texts.items():
        by_record.setdefault((unit.file, unit.record), {})[unit.field] = text

    def localised(file: str, record: Any) -> Any:
        found = by_record.get((file, str(record.id)))
        if not found:
            return record
        update: dict[str, Any] = {}
        for name, shape in TEXT_FIELDS[file][1].items():
            value = getattr(record, name)
            if value is None:
                continue
            if shape == TEXT:
                if name in found:
                    update[name] = found[name]
            elif shape == KEYED:
                update[name] = {key: found.get(f"{name}.{key}", text) for key, text in value.items()}
            elif shape[0] == TEXT:
                update[name] = tuple(found.get(f"{name}[{i}]", text) for i, text in enumerate(value))
            else:
                update[name] = tuple(
                    item.model_copy(update={inner: found[f"{name}[{i}].{inner}"] for inner in shape[0]
                                            if f"{name}[{i}].{inner}" in found})
                    for i, item in enumerate(value))
        return record.model_copy(update=update)

    def each(file: str, held: Any) -> Any:
        if isinstance(held, dict):
            return {key: localised(file, record) for key, record in held.items()}
        return tuple(localised(file, record) for record in held)

    vocab = kb.vocabulary

    def term(record: str, name: str, english: str) -> str:
        return texts.get(Unit("vocabulary.yaml", record, name), english)

    vocabulary = Vocabulary(
        levels={i: LevelTerm(t.id, term(f"triage_levels.{i}", "label", t.label),
                             term(f"triage_levels.{i}", "action", t.action), t.rank) for i, t in vocab.levels.items()},
        context={i: ContextTerm(t.id, t.type, term(f"context.{i}", "label", t.label), t.range, t.values)
                 for i, t in vocab.context.items()},
        flags={i: term(f"flags.{i}", "label", label) for i, label in vocab.flags.items()},
        findings={i: FindingTerm(t.id, term(f"findings.{t.group}.{i}", "label", t.label), t.group)
                  for i, t in vocab.findings.items()},
        conditions={i: term(f"conditions.{i}", "label", label) for i, label in vocab.conditions.items()},
        plan_kinds=vocab.plan_kinds,
        positions=vocab.positions,
        narrower=vocab.narrower,
    )
    updates = {TEXT_FIELDS[file][0]: each(file, getattr(kb, TEXT_FIELDS[file][0])) for file in TEXT_FIELDS}
    return replace(kb, vocabulary=vocabulary, **updates)


def review_units(kb: KnowledgeBase) -> list[Unit]:
    """The texts that need an independent back-translation review (issue 13): every warning-sign
    question's text and help, and every urgent or emergency action (the two triage levels' label
    and action, and the explanation of each rule at those levels), in file order."""
    chosen = categories(kb)
    pressing = chosen["warning-sign questions"] | {
        u for u in chosen["actions"]
        if u.file == "rules.yaml" or u.record in ("triage_levels.urgent", "triage_levels.emergency")}
    return [u for u in english_units(kb) if u in pressing]
