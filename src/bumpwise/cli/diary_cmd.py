"""`bumpwise diary`: add to and list the pain diary, and keep up to three personal goals.

Also home of the options every diary command shares (--data-dir, --database-url) and of the
one way they report bad input: the field, what is accepted, exit status 2, nothing written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from bumpwise.cli.jsoninput import read_json
from bumpwise.diary.alerts import alerts
from bumpwise.diary.records import (
    SIDES,
    CheckIn,
    Diary,
    DiaryEntry,
    DiaryInputError,
    FieldError,
    Goal,
    GoalRating,
    parse,
)
from bumpwise.diary.trends import week_on
from bumpwise.diary.triage import checkin_for, entry_checkins
from bumpwise.diary.vocab import vocabulary
from bumpwise.export.values import listed, number, yes_no
from bumpwise.settings import SettingsError, load_settings
from bumpwise.storage import StorageError, Store, open_store

F = TypeVar("F", bound=Callable[..., Any])


def store_options(command: F) -> F:
    command = click.option("--account", default=None, envvar="BUMPWISE_ACCOUNT", metavar="NAME",
                           help="On a service's database: the account whose diary to use (default: the "
                                "personal diary; BUMPWISE_ACCOUNT).")(command)
    command = click.option("--database-url", default=None, metavar="URL",
                           help="Use this database instead (sqlite:///PATH or postgresql+psycopg://…).")(command)
    return click.option("--data-dir", default=None, type=click.Path(file_okay=False, path_type=Path),
                        help="Keep the diary in this folder (default: your user data folder).")(command)


def open_cli_store(data_dir: Path | None, database_url: str | None, account: str | None = None) -> Store:
    """The diary of `account` (by sign-in name; default the personal diary). Every query the store
    runs is scoped by that owner, so no command can reach another account's diary."""
    try:
        store = open_store(load_settings(data_dir=data_dir, database_url=database_url))
    except (SettingsError, StorageError) as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    if account is None:
        return store
    from bumpwise.storage.accounts import Accounts

    found = Accounts(store.engine).by_name(account.strip().lower())
    if found is None:
        store.close()
        click.echo(f"Error: no account is named {account!r}", err=True)
        sys.exit(1)
    return Store(store.engine, found.id)


def fail(errors: list[FieldError]) -> NoReturn:
    for error in errors:
        click.echo(f"Error: {error}", err=True)
    click.echo("Nothing was saved.", err=True)
    sys.exit(2)


def parse_day(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail([FieldError(field=field, message=f"{value!r} is not a date; accepted: YYYY-MM-DD, e.g. 2025-03-14")])


def print_alerts(diary: Diary) -> None:
    for alert in alerts(diary):
        click.secho(f"! {alert.message}", fg="red", bold=True, err=False)


@click.group()
def diary() -> None:
    """Your pain diary: daily entries, saved check-ins and personal goals."""


def _pains(values: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for value in values:
        region, sep, rest = value.partition("=")
        score, _, side = rest.partition(":")
        if not sep or not score.strip().lstrip("-").isdigit():
            fail([FieldError(field="--pain", message=(
                f"{value!r} is not REGION=SCORE[:SIDE]; accepted: e.g. low_back=6 or calf=4:left, with a score "
                f"0-10, a side left, right or both, and a region from: {', '.join(vocabulary().regions)}"))])
        out.append({"region": region.strip(), "score": int(score)} | ({"side": side.strip()} if side else {}))
    return out


def _as_option(error: FieldError) -> FieldError:
    """Name the command-line option, not the record field, in an error about `diary add`."""
    head, _, rest = error.field.partition(".")
    option = "--" + head.replace("_", "-").removesuffix("s") if head == "pains" else "--" + head.replace("_", "-")
    if head == "sleep_disturbed":
        option = "--sleep-disturbed/--sleep-undisturbed"
    detail = f" ({rest.split('.')[-1]})" if rest else ""
    return FieldError(field=option + detail, message=error.message)


@diary.command("add")
@click.option("--day", help="The day this entry is for (YYYY-MM-DD; default today).")
@click.option("--week", type=int, help="Week of pregnancy (1-42); if left out, views work it out from other entries.")
@click.option("--pain", "pains", multiple=True, metavar="REGION=SCORE[:SIDE]",
              help="Pain 0-10 in one region, with its side if you like: --pain pubic=6, --pain calf=4:left; "
                   "repeat for each region that hurts.")
@click.option("--character", multiple=True, metavar="ID", help="What it felt like, e.g. dull_ache; repeatable.")
@click.option("--tried", multiple=True, metavar="TEXT", help="Something you tried; repeatable.")
@click.option("--helped", multiple=True, metavar="TEXT", help="Something that helped; repeatable.")
@click.option("--sleep-hours", type=float, help="Hours slept last night.")
@click.option("--sleep-disturbed/--sleep-undisturbed", default=None, help="Did pain wake you last night?")
@click.option("--note", help="Anything else, in your words.")
@click.option("--json", "from_json", is_flag=True, help="Read the entry as a JSON object from stdin instead.")
@store_options
def add(day: str | None, week: int | None, pains: tuple[str, ...], character: tuple[str, ...],
        tried: tuple[str, ...], helped: tuple[str, ...], sleep_hours: float | None, sleep_disturbed: bool | None,
        note: str | None, from_json: bool, data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Add a daily entry. Anything you leave out is recorded as "not asked", never as "no"."""
    if from_json:
        try:
            data = read_json(sys.stdin.read())
        except ValueError as error:
            fail([FieldError(field="(stdin)", message=f"{error}; accepted: one JSON object")])
    else:
        data = {"day": day or date.today().isoformat(), "week": week, "pains": _pains(pains),
                "character": list(character) or None, "tried": list(tried) or None,
                "helped": list(helped) or None, "sleep_hours": sleep_hours, "sleep_disturbed": sleep_disturbed,
                "note": note}
    try:
        entry = parse(DiaryEntry, data)
    except DiaryInputError as error:
        fail(error.errors if from_json else [_as_option(e) for e in error.errors])
    with open_cli_store(data_dir, database_url, account) as store:
        checkin = checkin_for(entry, store.load())  # a week not given stays None; triage works it out
        store.save_entry(entry, checkin)
        click.echo(f"Saved your entry for {entry.day.isoformat()} (id {entry.id}).")
        echo_level(checkin)
        print_alerts(store.load())


def echo_level(checkin: CheckIn | None, indent: str = "") -> None:
    """An entry that needs more than self-care says its level and action at once."""
    if checkin is None:
        return
    triage = checkin.result["triage"]
    click.secho(f"{indent}{triage.get('label', checkin.level)}. {triage.get('action', '')}", fg="red", bold=True)
    if checkin.red_flags:
        click.echo(f"{indent}Warning signs: " + "; ".join(f.label for f in checkin.red_flags))
    echo_crisis(checkin.result, indent)


def _stored_entry(store: Store, entry_id: str) -> DiaryEntry:
    entry = store.entry(entry_id)
    if entry is None:
        fail([FieldError(field="ENTRY_ID", message=f"no diary entry has id {entry_id!r}; see `bumpwise diary list`")])
    return entry


@diary.command("edit")
@click.argument("entry_id")
@click.option("--day", help="Change the day (YYYY-MM-DD).")
@click.option("--week", type=int, help="Change the week of pregnancy (1-42).")
@click.option("--pain", "pains", multiple=True, metavar="REGION=SCORE[:SIDE]",
              help="Replace the pain ratings, e.g. --pain low_back=4:left; repeat for each region.")
@click.option("--character", multiple=True, metavar="ID", help="Replace what it felt like; repeatable.")
@click.option("--tried", multiple=True, metavar="TEXT", help="Replace what you tried; repeatable.")
@click.option("--helped", multiple=True, metavar="TEXT", help="Replace what helped; repeatable.")
@click.option("--sleep-hours", type=float, help="Change the hours slept.")
@click.option("--sleep-disturbed/--sleep-undisturbed", default=None, help="Did pain wake you last night?")
@click.option("--note", help="Replace the note.")
@store_options
def edit(entry_id: str, day: str | None, week: int | None, pains: tuple[str, ...], character: tuple[str, ...],
         tried: tuple[str, ...], helped: tuple[str, ...], sleep_hours: float | None, sleep_disturbed: bool | None,
         note: str | None, data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Change one entry (its id is in `diary list`): the options you give replace those answers,
    the rest stay as they were. The entry is triaged again."""
    with open_cli_store(data_dir, database_url, account) as store:
        old = _stored_entry(store, entry_id)
        data = old.model_dump()
        changes = {"day": day, "week": week, "pains": _pains(pains) if pains else None,
                   "character": list(character) or None, "tried": list(tried) or None,
                   "helped": list(helped) or None, "sleep_hours": sleep_hours,
                   "sleep_disturbed": sleep_disturbed, "note": note}
        data |= {k: v for k, v in changes.items() if v is not None}
        try:
            entry = parse(DiaryEntry, data)
        except DiaryInputError as error:
            fail([_as_option(e) for e in error.errors])
        checkin = checkin_for(entry, store.load())
        store.save_entry(entry, checkin, replace=True)
        click.echo(f"Changed your entry for {entry.day.isoformat()} (id {entry.id}).")
        echo_level(checkin)
        print_alerts(store.load())


@diary.command("delete")
@click.argument("entry_id")
@click.option("--yes", is_flag=True, help="Do not ask to confirm.")
@store_options
def delete(entry_id: str, yes: bool, data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Delete one entry (its id is in `diary list`), with its ratings."""
    with open_cli_store(data_dir, database_url, account) as store:
        old = _stored_entry(store, entry_id)
        if not yes and not click.confirm(f"Delete your entry for {old.day.isoformat()}?", default=False):
            click.echo("Nothing was deleted.")
            return
        store.remove_entry(entry_id)
    click.echo(f"Deleted your entry for {old.day.isoformat()}.")


@diary.command("save-checkin")
@click.option("--day", help="The day of the check-in (YYYY-MM-DD; default today).")
@store_options
def save_checkin(day: str | None, data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Assess a check-in (JSON on stdin, as for `bumpwise assess`) and save it with its result."""
    from bumpwise import InputError, assess  # the engine loads only when a check-in is saved

    try:
        given = read_json(sys.stdin.read())
    except ValueError as error:
        fail([FieldError(field="(stdin)", message=f"{error}; accepted: one JSON object")])
    try:
        result = assess(given)
    except InputError as error:
        fail([FieldError(field=e.field, message=e.message) for e in error.errors])
    try:
        checkin = parse(CheckIn, {"day": parse_day(day, "--day") or date.today(),
                                  "week": result.get("context", {}).get("week"), "input": given, "result": result,
                                  "knowledge_version": str(result["knowledge_version"]),
                                  "engine_version": str(result["engine_version"])})
    except DiaryInputError as error:
        fail(error.errors)
    with open_cli_store(data_dir, database_url, account) as store:
        store.save_checkin(checkin)
        click.echo(f"Saved the check-in ({result['triage']['label']}) for {checkin.day.isoformat()}.")
        echo_crisis(result)
        print_alerts(store.load())


@diary.command("list")
@click.option("--from", "start", help="First day to show (YYYY-MM-DD).")
@click.option("--to", "end", help="Last day to show (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (as `bumpwise export --format json`).")
@store_options
def list_(start: str | None, end: str | None, as_json: bool, data_dir: Path | None,
          database_url: str | None,
        account: str | None = None) -> None:
    """Show entries and check-ins in date order, warnings first."""
    first, last = parse_day(start, "--from"), parse_day(end, "--to")
    with open_cli_store(data_dir, database_url, account) as store:
        everything = store.load()
        shown = store.load(first, last)
    if as_json:
        from bumpwise.export.json_format import dumps

        click.echo(dumps(shown), nl=False)
        return
    print_alerts(everything)  # warnings from any date: a red flag is never filtered out
    vocab = vocabulary()
    checks = entry_checkins(shown)
    timeline = sorted([(e.day, e.created_at, "entry", e) for e in shown.entries]
                      + [(c.day, c.created_at, "checkin", c) for c in shown.checkins if c.entry_id is None],
                      key=lambda t: t[:2])
    if not timeline:
        click.echo("No entries yet. Add one with `bumpwise diary add --pain low_back=5`.")
    for day, _, _, record in timeline:
        derived = week_on(everything, day)
        week = f" (week {record.week})" if record.week else (f" (about week {derived})" if derived else "")
        if isinstance(record, DiaryEntry):
            pains = ", ".join(f"{vocab.regions[p.region].split(',')[0]}" + (f" ({SIDES[p.side]})" if p.side else "")
                              + f" {p.score}/10" for p in record.pains)
            click.echo(f"{day.isoformat()}{week}  entry {record.id}: {pains or 'no pain rated'}")
            echo_level(checks.get(record.id), "    ")
            click.echo(f"    felt: {listed(record.character, vocab.characters)}; tried: {listed(record.tried)}; "
                       f"helped: {listed(record.helped)}")
            hours = "not asked" if record.sleep_hours is None else f"{number(record.sleep_hours)} hours"
            click.echo(f"    sleep: {hours}; pain woke you: {yes_no(record.sleep_disturbed)}")
            if record.note:
                click.echo(f"    note: {record.note}")
        elif isinstance(record, CheckIn):
            flags = ", ".join(f.label for f in record.red_flags)
            click.echo(f"{day.isoformat()}{week}  check-in: {record.result['triage'].get('label', record.level)}"
                       + (f"; warning signs: {flags}" if flags else ""))
            echo_crisis(record.result, "    ")


def echo_crisis(result: dict[str, Any], indent: str = "") -> None:
    """A check-in that took the crisis route says who to call wherever it is printed."""
    from bumpwise.render import CRISIS_RULES
    from bumpwise.render.terminal import call_line
    from bumpwise.settings import Settings, SettingsError, load_settings

    reasons = result.get("triage", {}).get("reasons", [])
    if not any(isinstance(r, dict) and r.get("rule") in CRISIS_RULES for r in reasons):
        return
    try:
        settings = load_settings()
    except SettingsError:
        settings = Settings()
    click.echo(indent + call_line({"triage": {"level": "emergency", "reasons": reasons}}, settings))


@diary.group("goal")
def goal() -> None:
    """Up to three activities you want to get back to, each rated 0-10 once a week."""


@goal.command("add")
@click.argument("title")
@store_options
def goal_add(title: str, data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Add a goal, e.g. "climb the stairs at home"."""
    try:
        new = parse(Goal, {"title": title, "created_on": date.today().isoformat()})
        with open_cli_store(data_dir, database_url, account) as store:
            store.add_goal(new)
    except DiaryInputError as error:
        fail(error.errors)
    click.echo(f"Added goal {new.title!r} (id {new.id}).")


@goal.command("rate")
@click.argument("goal_id")
@click.argument("score", type=int)
@click.option("--day", help="The day of the rating (YYYY-MM-DD; default today).")
@store_options
def goal_rate(goal_id: str, score: int, day: str | None, data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Rate how well you can do a goal now: 0 = cannot do it at all, 10 = as well as before the pain."""
    when = parse_day(day, "--day") or date.today()
    try:
        with open_cli_store(data_dir, database_url, account) as store:
            rating = parse(GoalRating, {"goal_id": goal_id, "day": when.isoformat(), "score": score})
            store.rate_goal(rating)
    except DiaryInputError as error:
        fail(error.errors)
    click.echo(f"Rated {score}/10 for {when.isoformat()}.")


@goal.command("list")
@store_options
def goal_list(data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Show your goals and their latest score."""
    with open_cli_store(data_dir, database_url, account) as store:
        everything = store.load()
    for g in everything.goals:
        ratings = [r for r in everything.goal_ratings if r.goal_id == g.id]
        latest = f"{ratings[-1].score}/10 on {ratings[-1].day.isoformat()}" if ratings else "not rated yet"
        state = f" (retired {g.retired_on.isoformat()})" if g.retired_on else ""
        click.echo(f"{g.id}  {g.title}{state}: {latest}")
    if not everything.goals:
        click.echo('No goals yet. Add one with `bumpwise diary goal add "walk to the shops"`.')


@goal.command("retire")
@click.argument("goal_id")
@store_options
def goal_retire(goal_id: str, data_dir: Path | None, database_url: str | None,
        account: str | None = None) -> None:
    """Stop tracking a goal (its ratings are kept)."""
    try:
        with open_cli_store(data_dir, database_url, account) as store:
            store.retire_goal(goal_id, date.today())
    except DiaryInputError as error:
        fail(error.errors)
    click.echo("Goal retired.")
