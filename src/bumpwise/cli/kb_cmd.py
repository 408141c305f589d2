"""`bumpwise kb`: validate and inspect the knowledge base."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bumpwise.knowledge.translations import Coverage


@click.group()
def kb() -> None:
    """Inspect and validate the knowledge base (rules, conditions, plan items, sources)."""


@kb.command()
def check() -> None:
    """Validate every data file: schema, cross-references, sources, reachability, and every rule's
    and condition's own examples run through the engine.

    Then rebuilds the compiled snapshot that `bumpwise assess` loads (keyed by the data's digest)
    and checks it reads back to exactly the validated data.

    Then reads each language's translation overlays (data/locales/<lang>/): reports coverage per
    language (overall, questions, warning signs, actions) and lists every gap (missing, invalid,
    stale or unstamped: shown in English). An overlay that does not validate is a problem.

    Prints every problem with its file and record id, and exits 1 if there is any.
    """
    from bumpwise.engine.examples import example_problems
    from bumpwise.knowledge import KnowledgeError, Problem, load_knowledge
    from bumpwise.knowledge.snapshot import check_snapshot
    from bumpwise.knowledge.translations import LOCALES, coverage, localise

    try:
        base = load_knowledge()
        problems = list(example_problems(base))  # rule and condition examples, through the engine
        path, same = check_snapshot()
        if not same:
            problems.append(Problem(str(path), "-", "the compiled snapshot does not read back to the validated data"))
    except KnowledgeError as error:
        problems = error.problems
    else:
        for locale in LOCALES:
            report = coverage(base, locale)
            problems.extend(report.problems)
            _echo_coverage(report)
            if report.present:  # the examples again on the localised base: a translation changes no logic
                problems.extend(Problem(f"locales/{locale}/{p.file}", p.record, p.message)
                                for p in example_problems(localise(base, locale)))
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem(s).", err=True)
        sys.exit(1)
    click.echo(f"knowledge base {base.version}: OK — {len(base.rules)} rules, {len(base.conditions)} conditions, "
               f"{len(base.plan_items)} plan items, {len(base.avoid)} things to avoid, "
               f"{len(base.exclusions)} exclusions, {len(base.sources)} sources, {len(base.questions)} questions.")
    click.echo(f"compiled snapshot: {path}")


def _echo_coverage(report: Coverage) -> None:
    if not report.present:
        done, total = report.counts["overall"]
        click.echo(f"translations {report.locale}: no overlay files yet ({done} / {total} texts)")
        return
    parts = [f"{name} {done}/{total} ({100 * done / total:.1f}%)" if total else f"{name} 0/0"
             for name, (done, total) in report.counts.items()]
    click.echo(f"translations {report.locale}: " + ", ".join(parts))
    for gap in report.gaps:
        click.echo(f"  gap {report.locale}: {gap}")


@kb.group()
def translations() -> None:
    """The knowledge base's translation overlays (data/locales/<lang>/, docs/i18n-knowledge.md)."""


@translations.command()
@click.argument("locale")
def stamp(locale: str) -> None:
    """Record, for every text translated in LOCALE now, a hash of its English, so that a later change
    to the English shows the translation as stale. Run after checking each translation."""
    from bumpwise.knowledge import knowledge_base
    from bumpwise.knowledge.translations import coverage
    from bumpwise.knowledge.translations import stamp as write_lock

    base = knowledge_base()
    report = coverage(base, locale)
    if not report.present:
        click.echo(f"no overlay files for {locale!r}", err=True)
        sys.exit(1)
    for problem in report.problems:
        click.echo(f"not stamped (invalid): {problem}", err=True)
    path = write_lock(base, locale)
    click.echo(f"wrote {path}")


@translations.command()
@click.argument("locale")
def gaps(locale: str) -> None:
    """List every text of LOCALE shown in English (missing, invalid, stale or unstamped), one per line."""
    from bumpwise.knowledge import knowledge_base
    from bumpwise.knowledge.translations import coverage

    report = coverage(knowledge_base(), locale)
    for gap in report.gaps:
        click.echo(str(gap))
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)


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
