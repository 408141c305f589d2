"""`bumpwise kb`: validate and inspect the knowledge base."""

from __future__ import annotations

import json
import sys

import click


@click.group()
def kb() -> None:
    """Inspect and validate the knowledge base (rules, conditions, plan items, sources)."""


@kb.command()
def check() -> None:
    """Validate every data file: schema, cross-references, sources, reachability, and every rule's
    and condition's own examples run through the engine.

    Then rebuilds the compiled snapshot that `bumpwise assess` loads (keyed by the data's digest)
    and checks it reads back to exactly the validated data.

    Prints every problem with its file and record id, and exits 1 if there is any.
    """
    from bumpwise.engine.examples import example_problems
    from bumpwise.knowledge import KnowledgeError, Problem, load_knowledge
    from bumpwise.knowledge.snapshot import check_snapshot

    try:
        base = load_knowledge()
        problems = list(example_problems(base))  # rule and condition examples, through the engine
        path, same = check_snapshot()
        if not same:
            problems.append(Problem(str(path), "-", "the compiled snapshot does not read back to the validated data"))
    except KnowledgeError as error:
        problems = error.problems
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem(s).", err=True)
        sys.exit(1)
    click.echo(f"knowledge base {base.version}: OK — {len(base.rules)} rules, {len(base.conditions)} conditions, "
               f"{len(base.plan_items)} plan items, {len(base.avoid)} things to avoid, "
               f"{len(base.exclusions)} exclusions, {len(base.sources)} sources, {len(base.questions)} questions.")
    click.echo(f"compiled snapshot: {path}")


@kb.command()
def vocabulary() -> None:
    """List every id the assessment accepts (findings by group, flags), as JSON."""
    from bumpwise.knowledge import knowledge_base

    vocab = knowledge_base().vocabulary
    groups: dict[str, dict[str, str]] = {}
    for term in vocab.findings.values():
        groups.setdefault(term.group, {})[term.id] = term.label
    json.dump({"findings": groups, "flags": vocab.flags, "levels": list(vocab.levels),
               "conditions": vocab.conditions}, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


@kb.command()
def version() -> None:
    """Print the knowledge base's version (reported by every result)."""
    from bumpwise.knowledge import knowledge_base

    click.echo(knowledge_base().version)
