"""Load the knowledge base from the YAML files in `data/`, validate every record, check every
cross-reference, and report every problem with its file and record id (not just the first)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bumpwise.knowledge.schema import (
    AvoidItem,
    Condition,
    Example,
    Exclusion,
    Match,
    PlanItem,
    Question,
    Rule,
    Source,
)
from bumpwise.knowledge.vocabulary import Vocabulary, parse_vocabulary

# file name -> top-level key holding the list of records
DATA_FILES = {
    "rules.yaml": "rules",
    "conditions.yaml": "conditions",
    "plan_items.yaml": "plan_items",
    "avoid.yaml": "avoid",
    "exclusions.yaml": "exclusions",
    "sources.yaml": "sources",
    "questions.yaml": "questions",
}

try:  # libyaml's loader is ~10x faster; fall back to the pure-Python one where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base did not validate; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n" +
                         "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True, eq=False)  # hashed by identity, so per-KB caches can key on it
class KnowledgeBase:
    version: str
    vocabulary: Vocabulary
    rules: tuple[Rule, ...]
    conditions: dict[str, Condition]
    plan_items: dict[str, PlanItem]
    avoid: dict[str, AvoidItem]
    exclusions: tuple[Exclusion, ...]
    sources: dict[str, Source]
    questions: tuple[Question, ...]
    red_flag_findings: frozenset[str] = field(default=frozenset())


R = TypeVar("R", bound=BaseModel)


def data_dir() -> Path:
    return Path(str(resources.files("bumpwise.knowledge") / "data"))


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load and validate everything; raise KnowledgeError listing every problem."""
    directory = directory or data_dir()
    problems: list[Problem] = []
    raw_files: dict[str, Any] = {}
    digest = hashlib.sha256()
    for name in ["manifest.yaml", "vocabulary.yaml", *DATA_FILES]:
        path = directory / name
        try:
            text = path.read_bytes()
        except OSError as error:
            problems.append(Problem(name, "-", f"cannot read: {error.strerror}"))
            continue
        digest.update(name.encode() + b"\0" + text)
        try:
            raw_files[name] = yaml.load(text, Loader=_Loader) or {}
        except yaml.YAMLError as error:
            problems.append(Problem(name, "-", f"not valid YAML: {error}"))
    if problems:
        raise KnowledgeError(problems)

    try:
        vocabulary = parse_vocabulary(raw_files["vocabulary.yaml"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise KnowledgeError([Problem("vocabulary.yaml", "-", f"malformed: {error!r}")]) from error

    def records(file: str, model: type[R]) -> list[R]:
        key = DATA_FILES[file]
        raw = raw_files[file]
        items = raw.get(key) if isinstance(raw, dict) else None
        if not isinstance(items, list):
            problems.append(Problem(file, "-", f"needs a top-level list called {key!r}"))
            return []
        out: list[R] = []
        seen: set[str] = set()
        for index, item in enumerate(items):
            label = item.get("id", f"#{index}") if isinstance(item, dict) else f"#{index}"
            try:
                record = model.model_validate(item)
            except ValidationError as error:
                for e in error.errors():
                    where = ".".join(str(p) for p in e["loc"])
                    problems.append(Problem(file, str(label), f"{where}: {e['msg']}"))
                continue
            if label in seen:
                problems.append(Problem(file, str(label), "id is used twice"))
            seen.add(str(label))
            out.append(record)
        return out

    rules = records("rules.yaml", Rule)
    conditions = records("conditions.yaml", Condition)
    plan_items = records("plan_items.yaml", PlanItem)
    avoid = records("avoid.yaml", AvoidItem)
    exclusions = records("exclusions.yaml", Exclusion)
    sources = records("sources.yaml", Source)
    questions = records("questions.yaml", Question)

    source_ids = {s.id for s in sources} | {p.id for s in sources for p in s.parts}
    by_source: dict[str, Source] = {s.id: s for s in sources}
    by_source.update({p.id: p for s in sources for p in s.parts})
    manifest = raw_files["manifest.yaml"]
    version = f"{manifest.get('version', '0')}+{digest.hexdigest()[:8]}"

    kb = KnowledgeBase(
        version=version,
        vocabulary=vocabulary,
        rules=tuple(rules),
        conditions={c.id: c for c in conditions},
        plan_items={p.id: p for p in plan_items},
        avoid={a.id: a for a in avoid},
        exclusions=tuple(exclusions),
        sources=by_source,
        questions=tuple(questions),
    )
    problems.extend(cross_reference(kb, source_ids))
    if problems:
        raise KnowledgeError(problems)
    from bumpwise.engine.triage import red_flag_findings  # late: the engine imports this module

    return KnowledgeBase(**{**kb.__dict__, "red_flag_findings": red_flag_findings(kb)})


def cross_reference(kb: KnowledgeBase, source_ids: set[str]) -> Iterator[Problem]:
    """Every id a record uses must exist, and every condition must be reachable."""
    vocab = kb.vocabulary
    reportable = set(vocab.findings) | set(vocab.flags)
    overlap = set(vocab.findings) & set(vocab.flags)
    for clash in sorted(overlap):
        yield Problem("vocabulary.yaml", clash, "is both a finding and a flag")

    def check_sources(file: str, rid: str, ids: Iterable[str]) -> Iterator[Problem]:
        for sid in ids:
            if sid not in source_ids:
                yield Problem(file, rid, f"source {sid} is not in sources.yaml")

    def check_ids(file: str, rid: str, ids: Iterable[str], allowed: set[str], what: str) -> Iterator[Problem]:
        for i in ids:
            if i not in allowed:
                yield Problem(file, rid, f"unknown {what} {i!r}")

    def check_example(file: str, rid: str, example: Example) -> Iterator[Problem]:
        yield from check_ids(file, rid, example.findings, set(vocab.findings), "finding")
        yield from check_ids(file, rid, example.flags, set(vocab.flags), "flag")

    pointed: set[str] = set()
    for rule in kb.rules:
        yield from check_sources("rules.yaml", rule.id, rule.sources)
        for match in rule.when:
            yield from check_ids("rules.yaml", rule.id, match_ids(match), reportable, "finding or flag")
        for target in rule.points_to:
            pointed.add(target.condition)
            yield from check_ids("rules.yaml", rule.id, [target.condition], set(vocab.conditions), "condition")
        for example in (*rule.examples.positive, *rule.examples.negative):
            yield from check_example("rules.yaml", rule.id, example)

    for cid in vocab.conditions:
        if cid not in kb.conditions:
            yield Problem("conditions.yaml", cid, "condition in the vocabulary has no record")
    for condition in kb.conditions.values():
        file = "conditions.yaml"
        yield from check_ids(file, condition.id, [condition.id], set(vocab.conditions), "condition")
        yield from check_sources(file, condition.id, condition.sources)
        yield from check_ids(file, condition.id, [*condition.towards.findings, *condition.away.findings],
                             set(vocab.findings), "finding")
        yield from check_ids(file, condition.id, [*condition.towards.flags, *condition.away.flags],
                             set(vocab.flags), "flag")
        yield from check_ids(file, condition.id, condition.confused_with, set(vocab.conditions), "condition")
        for example in condition.examples:
            yield from check_example(file, condition.id, example)
        if not condition.towards.findings and condition.id not in pointed:
            yield Problem(file, condition.id, "unreachable: no finding points towards it and no rule points to it")

    for source in kb.sources.values():
        if not (source.url or source.file or source.parts):
            yield Problem("sources.yaml", source.id, "needs an address: a url, a file, or parts that have one")
    conditions = set(vocab.conditions)
    for item in kb.plan_items.values():
        file = "plan_items.yaml"
        yield from check_sources(file, item.id, item.sources)
        yield from check_ids(file, item.id, item.targets, conditions, "condition")
        for ruled in item.ruled_out:
            yield from check_sources(file, item.id, ruled.sources)
            yield from check_ids(file, item.id, ruled.flags, set(vocab.flags), "flag")
            yield from check_ids(file, item.id, ruled.findings, set(vocab.findings), "finding")
    for avoid in kb.avoid.values():
        yield from check_sources("avoid.yaml", avoid.id, avoid.sources)
        yield from check_ids("avoid.yaml", avoid.id, avoid.targets, conditions | {"any"}, "condition")
    for exclusion in kb.exclusions:
        yield from check_sources("exclusions.yaml", exclusion.id, exclusion.sources)
        yield from check_ids("exclusions.yaml", exclusion.id, exclusion.when_flags, set(vocab.flags), "flag")
        yield from check_ids("exclusions.yaml", exclusion.id, exclusion.when_findings, set(vocab.findings), "finding")
    for question in kb.questions:
        yield from check_ids("questions.yaml", question.id, question.findings, set(vocab.findings), "finding")
    for condition_id in sorted(conditions - {t for item in kb.plan_items.values() for t in item.targets}
                               - {c.id for c in kb.conditions.values() if c.serious}):
        yield Problem("plan_items.yaml", condition_id, "common condition has no plan item targeting it")


def match_ids(match: Match) -> Iterator[str]:
    for part in (*match.all, *match.any):
        if isinstance(part, str):
            yield part
        else:
            yield from match_ids(part)
