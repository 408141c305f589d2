"""The diary's pages: timeline, add an entry, trends (SVG + table), goals, the midwife summary
(printable page and PDF), export and import, and delete everything. Included by app.py.

Every POST checks the CSRF token the way the check-in does. Health data never goes to the log:
errors are shown to the person, not logged.

Every route gets its store from `diary_store(request)`: the signed-in person's diary in service
mode (a person who is not signed in is sent to sign in), the one diary in personal mode. The
store scopes every query by its owner. Database work runs in threads (`db`), never on the loop.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from bumpwise.diary.alerts import alerts
from bumpwise.diary.chart import NARROW, charts, legend, line_chart, span
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
from bumpwise.diary.summary import SECTIONS, build_summary
from bumpwise.diary.trends import axis_for, axis_from, current_rises, goal_series, pain_series, series_from, week_on
from bumpwise.diary.triage import checkin_for
from bumpwise.diary.vocab import vocabulary, vocabulary_of
from bumpwise.i18n import N_, translations
from bumpwise.i18n.knowledge import knowledge_for
from bumpwise.storage import Store
from bumpwise.web.render import render, request_locale
from bumpwise.web.service import db, diary_store

# Said in the page's language by diary/problem.html.
UNREADABLE_CHECKIN = N_("This check-in could not be read, so nothing was saved. Please do the check-in again.")

router = APIRouter(prefix="/diary", include_in_schema=False)  # HTML pages and downloads, not the JSON API
CSS = Path(__file__).parent / "templates" / "diary" / "diary.css"
PER_PAGE = 50


async def _store(request: Request) -> Store:
    return await diary_store(request)


async def _load(request: Request) -> tuple[Store, Diary]:
    store = await _store(request)
    return store, await db(request, store.load)


async def _form(request: Request) -> FormData | None:
    form = await request.form()
    return form if request.app.state.csrf.valid(request, form) else None


def _page(request: Request, template: str, diary: Diary, status_code: int = 200, **context: Any) -> Response:
    # Every diary page carries the warnings: red flags ever reported and current rises.
    vocab = vocabulary_of(knowledge_for(request_locale(request)))  # warning signs and regions in her language
    return render(request, f"diary/{template}", status_code=status_code, alerts=alerts(diary, vocab=vocab), **context)


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/diary.css")
def stylesheet() -> Response:
    return Response(CSS.read_text(encoding="utf-8"), media_type="text/css")


@router.get("")
async def timeline(request: Request, saved: str = "", id: str = "", page: int = 1) -> Response:
    """The newest PER_PAGE entries and check-ins (a check-in made from an entry shows with it),
    "Older" and "Newer" links, and the alerts of the whole diary, without loading it whole."""
    store = await _store(request)
    page = max(1, min(page, 100_000))
    got = await db(request, store.timeline, (page - 1) * PER_PAGE, PER_PAGE)
    axis = axis_from(got.dated)
    weeks = {day: _week(axis, day) for _, day, _, _ in got.items}
    checks = got.entry_checkins
    just_saved = None
    if saved in ("entry", "edited") and id:
        just_saved = next((i for k, _, _, i in got.items if k == "entry" and i.id == id), None) \
            or await db(request, store.entry, id)
        if just_saved is not None and id not in checks:
            checks = {**checks, **{c.id: c for c in got.warnings.checkins if c.id == id}}
    vocab = vocabulary_of(knowledge_for(request_locale(request)))  # regions, warning signs in her language
    rises = current_rises(got.warnings, series_from(got.ratings, axis, vocab))
    pages = max(1, -(-got.total // PER_PAGE))
    return render(request, "diary/index.html", alerts=alerts(got.warnings, rises, vocab), items=got.items,
                  vocab=vocab, saved=saved, weeks=weeks, checks=checks, just_saved=just_saved,
                  just_checked=checks.get(id) if just_saved else None, sides=SIDES, page_no=page, pages=pages,
                  total=got.total)


def _week(axis: Any, day: date) -> int | None:
    if not axis.gestational:
        return None
    week = int(axis.week(day))
    return week if 1 <= week <= 42 else None


@router.post("/save")
async def save_checkin(request: Request) -> Response:
    """Save a check-in from the result page. The result is computed again from the input here,
    never taken from the form, so a stored result is always what Bumpwise said."""
    import bumpwise

    form = await _form(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    store = await _store(request)
    try:
        given = json.loads(str(form.get("assessment") or ""))
        result = bumpwise.assess(given)
    except (json.JSONDecodeError, RecursionError, bumpwise.InputError):
        return render(request, "diary/problem.html", status_code=422,
                      message=UNREADABLE_CHECKIN)
    try:
        checkin = parse(CheckIn, {"day": date.today(), "week": result.get("context", {}).get("week"),
                                  "input": given, "result": result,
                                  "knowledge_version": str(result["knowledge_version"]),
                                  "engine_version": str(result["engine_version"])})
    except DiaryInputError:  # e.g. an "id" the engine echoes but the diary cannot keep
        return render(request, "diary/problem.html", status_code=422,
                      message=UNREADABLE_CHECKIN)
    await db(request, store.save_checkin, checkin)
    return _see("/diary?saved=checkin")


def _entry_data(form: FormData) -> dict[str, Any]:
    """The entry form as a diary entry; blank answers are "not asked", never "no"."""
    vocab = vocabulary()
    pains = []
    for r in vocab.regions:
        score = str(form.get(f"pain_{r}") or "")
        if score:
            side = str(form.get(f"side_{r}") or "")
            pains.append({"region": r, "score": score} | ({"side": side} if side else {}))
    asked_character = form.get("character_asked") == "1"
    character = [str(c) for c in form.getlist("character")]

    def things(name: str) -> list[str] | None:
        """Ticked toggles from her plan, then anything typed (one per line)."""
        picked = [str(v) for v in form.getlist(f"{name}_pick")]
        typed = [v.strip() for v in str(form.get(name) or "").splitlines() if v.strip()]
        values = list(dict.fromkeys(picked + typed))
        return values or None

    woke = str(form.get("sleep_disturbed") or "")
    return {
        "day": str(form.get("day") or "") or date.today().isoformat(),
        "week": str(form.get("week") or "").strip() or None,
        "pains": pains,
        "character": character if (character or asked_character) else None,
        "tried": things("tried"), "helped": things("helped"),
        "sleep_hours": str(form.get("sleep_hours") or "").strip() or None,
        "sleep_disturbed": {"yes": True, "no": False}.get(woke),
        "note": str(form.get("note") or "").strip() or None,
    }


def _form_context(diary: Diary, entry: DiaryEntry | None = None) -> dict[str, Any]:
    """What the entry form offers: the places she rated before first, and her plan's items as
    quick toggles for what she tried and what helped."""
    vocab = vocabulary()
    recent = [p.region for e in reversed(diary.entries) for p in e.pains]
    if entry is not None:
        recent = [p.region for p in entry.pains] + recent
    first = list(dict.fromkeys(recent))[:4] or ["low_back", "pubic", "sacroiliac"]
    rest = [r for r in vocab.regions if r not in first]
    plan: list[str] = []
    for checkin in reversed(diary.checkins):
        items = checkin.result.get("plan", {}).get("items", [])
        if checkin.entry_id is None and items:
            plan = [str(i.get("title")) for i in items if i.get("title")]
            break
    return {"vocab": vocab, "first_regions": first, "other_regions": rest, "plan_titles": plan, "sides": SIDES,
            "today": date.today().isoformat()}


def _values(entry: DiaryEntry) -> dict[str, Any]:
    """A stored entry as the form's values, for editing."""
    values: dict[str, Any] = {"day": entry.day.isoformat(), "week": str(entry.week or ""),
                              "sleep_hours": "" if entry.sleep_hours is None else f"{entry.sleep_hours:g}",
                              "sleep_disturbed": {None: "", True: "yes", False: "no"}[entry.sleep_disturbed],
                              "note": entry.note or ""}
    for p in entry.pains:
        values[f"pain_{p.region}"] = str(p.score)
        values[f"side_{p.region}"] = p.side or ""
    values["tried"] = "\n".join(entry.tried or ())
    values["helped"] = "\n".join(entry.helped or ())
    return values


@router.get("/add")
async def add_form(request: Request) -> Response:
    _, diary = await _load(request)
    return _page(request, "add.html", diary, errors={}, values={}, chosen_characters=[],
                 week=week_on(diary, date.today()), editing=None, **_form_context(diary))


@router.post("/add")
async def add_entry(request: Request) -> Response:
    return await _save_entry(request, None)


async def _stored(request: Request, entry_id: str) -> tuple[Store, DiaryEntry]:
    store = await _store(request)
    entry = await db(request, store.entry, entry_id)
    if entry is None:
        raise HTTPException(404)
    return store, entry


@router.get("/entries/{entry_id}/edit")
async def edit_form(request: Request, entry_id: str) -> Response:
    store, entry = await _stored(request, entry_id)
    diary = await db(request, store.load)
    values = _values(entry)
    return _page(request, "add.html", diary, errors={}, values=values, chosen_characters=list(entry.character or ()),
                 week=entry.week, editing=entry, **_form_context(diary, entry))


@router.post("/entries/{entry_id}/edit")
async def edit_entry(request: Request, entry_id: str) -> Response:
    return await _save_entry(request, (await _stored(request, entry_id))[1])


async def _save_entry(request: Request, editing: DiaryEntry | None) -> Response:
    """Save a new entry, or a changed one in place of the old; an entry that needs more than
    self-care is saved with its check-in (its level and action show at once)."""
    form = await _form(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    store, diary = await _load(request)
    data = _entry_data(form)
    if editing is not None:
        data |= {"id": editing.id, "created_at": editing.created_at}
    try:
        entry = parse(DiaryEntry, data)
    except DiaryInputError as error:
        errors = {}
        for e in error.errors:
            field, _, rest = e.field.partition(".")
            if field == "pains" and rest.split(".")[0].isdigit():
                region = data["pains"][int(rest.split(".")[0])]["region"]
                errors[field] = f"Pain score for {vocabulary().regions[region].split(',')[0].lower()}: {e.message}"
            else:
                errors[field] = e.message
        values = {k: str(v) for k, v in form.items()} | {
            name: "\n".join(data[name] or ()) for name in ("tried", "helped")}
        return _page(request, "add.html", diary, status_code=422, errors=errors, values=values,
                     chosen_characters=form.getlist("character"), week=None, editing=editing,
                     **_form_context(diary, editing))
    checkin = checkin_for(entry, diary)  # a week left blank stays None; the week is worked out for triage
    await db(request, lambda: store.save_entry(entry, checkin, replace=editing is not None))
    return _see(f"/diary?saved={'edited' if editing else 'entry'}&id={entry.id}")


@router.get("/entries/{entry_id}/delete")
async def delete_entry_form(request: Request, entry_id: str) -> Response:
    store, entry = await _stored(request, entry_id)
    return _page(request, "delete_entry.html", await db(request, store.load), entry=entry,
                 vocab=vocabulary_of(knowledge_for(request_locale(request))))


@router.post("/entries/{entry_id}/delete")
async def delete_entry(request: Request, entry_id: str) -> Response:
    form = await _form(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    store = await _store(request)
    if not await db(request, store.remove_entry, entry_id):
        raise HTTPException(404)
    return _see("/diary?saved=entry-deleted")


@router.get("/trends")
async def trends(request: Request) -> Response:
    _, diary = await _load(request)
    return _page(request, "trends.html", diary, **trend_context(diary, request_locale(request)))


def trend_context(diary: Diary, locale: str = "en") -> dict[str, Any]:
    say = translations(locale).gettext
    axis = axis_for(diary)
    pains = pain_series(diary, axis, vocabulary_of(knowledge_for(locale)))  # regions in her language
    goals = [g for g in goal_series(diary, axis) if g.points]
    rows: dict[date, dict[str, int]] = {}
    for s in pains:
        for p in s.points:
            rows.setdefault(p.day, {})[s.key] = p.score
    goal_rows: dict[date, dict[str, int]] = {}
    for s in goals:
        for p in s.points:
            goal_rows.setdefault(p.day, {})[s.key] = p.score
    weeks = span([*pains, *goals])  # the data's weeks, padded to at least four, on both charts
    return {
        "axis": axis, "pains": pains, "goals": goals,
        "pain_chart": charts(pains, axis, say(N_("Pain by region over time")), "pain-chart", say(N_("Pain 0-10")),
                             weeks, locale) if pains else "",
        "goal_chart": charts(goals, axis, say(N_("Personal goal scores over time")), "goal-chart",
                             say(N_("Can do it, 0-10")), weeks, locale) if goals else "",
        "pain_legend": legend(pains), "goal_legend": legend(goals),
        "pain_rows": sorted(rows.items()), "goal_rows": sorted(goal_rows.items()),
    }


@router.get("/goals")
async def goals(request: Request) -> Response:
    _, diary = await _load(request)
    return _page(request, "goals.html", diary, **_goal_context(diary), errors={}, today=date.today().isoformat())


def _goal_context(diary: Diary) -> dict[str, Any]:
    latest = {}
    for rating in diary.goal_ratings:
        latest[rating.goal_id] = rating
    return {"goals": [g for g in diary.goals if g.retired_on is None],
            "retired": [g for g in diary.goals if g.retired_on is not None], "latest": latest}


@router.post("/goals")
async def goal_action(request: Request) -> Response:
    form = await _form(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    store = await _store(request)
    action = str(form.get("action") or "")
    try:
        if action == "add":
            goal = parse(Goal, {"title": str(form.get("title") or "").strip(),
                                "created_on": date.today().isoformat()})
            await db(request, store.add_goal, goal)
        elif action == "rate":
            day = str(form.get("day") or "") or date.today().isoformat()
            rating = parse(GoalRating, {"goal_id": str(form.get("goal_id") or ""), "day": day,
                                        "score": str(form.get("score") or "")})
            await db(request, store.rate_goal, rating)
        elif action == "retire":
            await db(request, store.retire_goal, str(form.get("goal_id") or ""), date.today())
        else:
            raise DiaryInputError([FieldError(field="action", message="accepted: add, rate, retire")])
    except DiaryInputError as error:
        diary = await db(request, store.load)
        return _page(request, "goals.html", diary, status_code=422, **_goal_context(diary),
                     errors={e.field: e.message for e in error.errors}, today=date.today().isoformat())
    return _see("/diary/goals")


def _summary_args(request: Request, diary: Diary) -> tuple[date, date, tuple[str, ...], dict[str, str]]:
    params = request.query_params
    errors: dict[str, str] = {}
    days = [e.day for e in diary.entries] + [c.day for c in diary.checkins]
    start, end = min(days, default=date.today()), date.today()
    for name in ("from", "to"):
        if params.get(name):
            try:
                value = date.fromisoformat(params[name])
            except ValueError:
                errors[name] = f"{params[name]!r} is not a date; accepted: YYYY-MM-DD"
                continue
            start, end = (value, end) if name == "from" else (start, value)
    if start > end:
        errors["from"] = "the first day is after the last day"
        start = end
    chosen = tuple(s for s in params.getlist("include") if s in SECTIONS) if "include" in params else tuple(SECTIONS)
    return start, end, chosen, errors


@router.get("/summary")
async def summary(request: Request) -> Response:
    _, diary = await _load(request)
    start, end, chosen, errors = _summary_args(request, diary)
    return summary_page(request, diary, start, end, chosen, errors, request.query_params.get("name"))


def summary_page(request: Request, diary: Diary, start: date, end: date, chosen: tuple[str, ...],
                 errors: dict[str, str], name: str | None, shared: Any = None) -> Response:
    """The summary page: hers at /diary/summary, or through a share (`shared`) for her midwife."""
    locale = request_locale(request)
    report = build_summary(diary, start, end, chosen, name=name, kb=knowledge_for(locale))
    from bumpwise.export.summary_text import blocks, subtitle

    weeks = span(report.pain_series)
    say = translations(locale).gettext
    region_charts = [(s.label, line_chart([s], report.axis, say("Pain chart: %(region)s") % {"region": s.label},
                                          f"region-{s.key}", say("Pain 0-10"), weeks, NARROW, locale))
                     for s in report.pain_series]
    template = "account/shared.html" if shared else "diary/summary.html"
    return render(request, template, status_code=422 if errors else 200, report=report,
                  alerts=alerts(diary, vocab=vocabulary_of(knowledge_for(locale))),
                 blocks=list(blocks(report, locale)), subtitle=subtitle(report, locale), sections=SECTIONS,
                 chosen=chosen, errors=errors, query=str(request.url.query), region_charts=region_charts, shared=shared,
                 **trend_context(_in_range(diary, start, end), locale))


def _in_range(diary: Diary, start: date, end: date) -> Diary:
    return Diary.model_construct(
        entries=tuple(e for e in diary.entries if start <= e.day <= end),
        checkins=tuple(c for c in diary.checkins if start <= c.day <= end), goals=diary.goals,
        goal_ratings=tuple(r for r in diary.goal_ratings if start <= r.day <= end))


@router.get("/summary.pdf")
async def summary_pdf(request: Request) -> Response:
    _, diary = await _load(request)
    start, end, chosen, errors = _summary_args(request, diary)
    if errors:
        return PlainTextResponse("; ".join(f"{k}: {v}" for k, v in errors.items()), status_code=422)
    return summary_pdf_response(diary, start, end, chosen, request.query_params.get("name"),
                                request_locale(request))


def summary_pdf_response(diary: Diary, start: date, end: date, chosen: tuple[str, ...], name: str | None,
                         locale: str = "en") -> Response:
    from bumpwise.export.pdf_summary import render_pdf

    pdf = render_pdf(build_summary(diary, start, end, chosen, name=name, kb=knowledge_for(locale)), locale)
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="bumpwise-summary-{start}-to-{end}.pdf"'})


@router.get("/transfer")
async def transfer(request: Request, imported: str = "") -> Response:
    _, diary = await _load(request)
    return _page(request, "transfer.html", diary, errors=[], imported=imported)


@router.get("/export.{fmt}")
async def export(request: Request, fmt: str) -> Response:
    from bumpwise.export import csv_format, fhir_bundle, json_format

    _, diary = await _load(request)
    stamp = date.today().isoformat()
    if fmt == "csv":
        body, kind, name = csv_format.dumps(diary), "text/csv", f"bumpwise-diary-{stamp}.csv"
    elif fmt == "json":
        body, kind, name = json_format.dumps(diary), "application/json", f"bumpwise-diary-{stamp}.json"
    elif fmt == "fhir":
        body, kind, name = fhir_bundle.dumps(diary), "application/fhir+json", f"bumpwise-fhir-{stamp}.json"
    else:
        return PlainTextResponse("Unknown format; accepted: csv, json, fhir", status_code=404)
    return Response(body, media_type=kind, headers={"content-disposition": f'attachment; filename="{name}"'})


@router.post("/import")
async def import_diary(request: Request) -> Response:
    form = await _form(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    store = await _store(request)
    mode = str(form.get("mode") or "")
    upload = form.get("file")
    errors: list[FieldError] = []
    if mode not in ("replace", "merge"):
        errors.append(FieldError(field="mode", message="choose replace or merge"))
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors.append(FieldError(field="file", message="choose a Bumpwise JSON export file"))
    if not errors and isinstance(upload, UploadFile):
        try:
            text = (await upload.read()).decode("utf-8")
            report = await db(request, _import, store, text, "replace" if mode == "replace" else "merge")
        except UnicodeDecodeError:
            errors.append(FieldError(field="file", message="this is not a text file; accepted: a JSON export"))
        except DiaryInputError as error:
            errors += error.errors
        else:
            return _see(f"/diary/transfer?imported={sum(report.added.values())}")
    return _page(request, "transfer.html", await db(request, store.load), status_code=422, errors=errors,
                 imported="")


def _import(store: Store, text: str, mode: Any) -> Any:
    """Read, check and assess again (bumpwise.diary.reassess), then store; in a database thread."""
    from bumpwise.diary.reassess import reassessed
    from bumpwise.export.json_format import loads

    return store.import_diary(reassessed(loads(text)), mode)


@router.get("/delete")
async def delete_form(request: Request) -> Response:
    store, diary = await _load(request)
    return _page(request, "delete.html", diary, counts=await db(request, store.counts), error="")


@router.post("/delete")
async def delete_everything(request: Request) -> Response:
    form = await _form(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    store, diary = await _load(request)
    if str(form.get("confirm") or "").strip().lower() != "delete":
        return _page(request, "delete.html", diary, status_code=422, counts=await db(request, store.counts),
                     error='Type the word delete to confirm. Nothing was deleted.')
    await db(request, store.delete_all)
    return _see("/diary?saved=deleted")

