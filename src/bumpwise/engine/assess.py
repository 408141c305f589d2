"""One assessment: validated input -> facts -> triage, causes, plan -> a JSON-ready result that
follows shared/spec/assessment.md. This is the function the CLI, the web app and storage call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bumpwise.contract import CheckIn, parse_check_in
from bumpwise.engine.ask import Ask, ask_with, could_raise
from bumpwise.engine.causes import Cause, rank_causes_with
from bumpwise.engine.facts import Facts
from bumpwise.engine.plan import Plan, build_plan_with
from bumpwise.engine.tables import RANK, Tables, default_tables, engine_version, tables_of
from bumpwise.engine.triage import Triage, triage_with

if TYPE_CHECKING:
    from bumpwise.knowledge.loader import KnowledgeBase

# Findings that are her words for how bad the pain is: they send the severity questions first.
SEVERITY_FINDINGS = frozenset({"severe_pain"})

ENGINE_VERSION = engine_version()


def assess(data: Mapping[str, Any], kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """Assess one check-in. Raises bumpwise.InputError (naming each bad field) for bad input.

    Every list and dict in the result is new: changing one result never changes another."""
    tables = default_tables() if kb is None else tables_of(kb)
    check_in = parse_check_in(data, tables.vocabulary)
    facts, extracted, not_understood = gather_facts(check_in, tables)
    result = triage_with(tables, facts)
    asks = ask_with(tables, facts, _hints(extracted, not_understood))
    causes = rank_causes_with(tables, facts, result)
    plan = build_plan_with(tables, facts, result, causes)
    out: dict[str, Any] = {} if check_in.id is None else {"id": check_in.id}
    out.update({
        "context": _context(facts),
        "findings": list(facts.findings),
        "flags": list(facts.flags),
        "denied": sorted(facts.denied),
        "extracted": extracted,
        "not_understood": not_understood,
        "missing": missing(tables, facts),
        "triage": _triage_view(tables, result,
                               provisional=RANK[result.level] < RANK["urgent"] and could_raise(asks, result)),
        "ask_next": [_ask_view(a) for a in asks],
        "red_flags": [{"id": f, "label": tables.labels[f]} for f in red_flags(tables, facts, result)],
        "causes": [_cause_view(tables, c, tables.pages[facts.stage]) for c in causes],
        "plan": _plan_view(tables, plan),
        "knowledge_version": tables.version,
        "engine_version": ENGINE_VERSION,
    })
    return out


def gather_facts(check_in: CheckIn, tables: Tables) -> tuple[Facts, list[dict[str, Any]], list[dict[str, Any]]]:
    """Merge what the free text says with the structured fields; structured fields win, and a
    finding reported anywhere is present even if the text also denies it (unknown is not no)."""
    week, pain, days, onset = check_in.week, check_in.pain_score, check_in.duration_days, check_in.onset
    since_birth = check_in.weeks_since_birth
    findings = dict.fromkeys(check_in.findings)
    flags = dict.fromkeys(check_in.flags)
    denied = set(check_in.denied)
    extracted: list[dict[str, Any]] = []
    not_understood: list[dict[str, Any]] = []
    if check_in.text:
        from bumpwise.text import read_text  # only loaded when free text is given

        reading = read_text(check_in.text)
        # Structured fields win: a given week (or weeks since the birth) is not overruled by her words;
        # with neither, her words say whether she is pregnant or has had her baby.
        if week is None and since_birth is None:
            week, since_birth = reading.week, reading.weeks_since_birth
        pain = pain if pain is not None else reading.pain_score
        days = days if days is not None else reading.duration_days
        onset = onset if onset is not None else reading.onset
        findings.update(dict.fromkeys(reading.findings))
        flags.update(dict.fromkeys(reading.flags))
        denied.update(reading.denied)
        extracted = [e.to_dict() for e in reading.extracted]
        not_understood = [{"span": list(span), "text": text} for span, text in reading.not_understood]
    # "No bleeding" is also no heavy bleeding: denying a finding denies its narrower cases.
    narrower_of = tables.narrower_of
    for broad in tuple(denied):
        denied.update(narrower_of.get(broad, ()))
    denied -= findings.keys()
    facts = Facts(frozenset(findings) | frozenset(flags), tuple(findings), tuple(flags), frozenset(denied),
                  week, pain, days, onset, since_birth)
    return facts, extracted, not_understood


def missing(tables: Tables, facts: Facts) -> list[str]:
    """Context whose absence limited the answer; the engine assumed the safer case for each."""
    known_stage = facts.week is not None or facts.weeks_since_birth is not None
    out = [name for name, known in (("week", known_stage), ("pain_score", facts.pain_score is not None)) if not known]
    flagged = tables.red_flags
    if flagged.isdisjoint(facts.present) and flagged.isdisjoint(facts.denied):
        out.append("red_flags")  # no warning sign was asked about: silence is not "no"
    return out


def red_flags(tables: Tables, facts: Facts, result: Triage) -> list[str]:
    """Every reported finding that is a red flag on its own or took part in a same-day rule."""
    every = tables.red_flags
    flagged = {f for f in facts.findings if f in every}
    findings = tables.labels
    for reason in result.reasons:
        if reason.level == "urgent" or reason.level == "emergency":
            signs = [f for f in reason.findings if f in findings]
            # "Lower belly" is not itself a warning sign when bleeding made the rule fire; but when
            # only places did (pain low on one side in early pregnancy), the places are the sign.
            symptoms = [f for f in signs if f in tables.symptoms]
            flagged.update(symptoms or signs)
    return [f for f in facts.findings if f in flagged]


def _context(facts: Facts) -> dict[str, Any]:
    context: dict[str, Any] = {"week": facts.week, "trimester": facts.trimester, "pain_score": facts.pain_score}
    if facts.weeks_since_birth is not None:
        context["weeks_since_birth"] = facts.weeks_since_birth
    if facts.onset is not None:
        context["onset"] = facts.onset
    if facts.duration_days is not None:
        context["duration_days"] = facts.duration_days
    return context


def _hints(extracted: list[dict[str, Any]], not_understood: list[dict[str, Any]]) -> tuple[str, ...]:
    """Her words that point at a warning-sign question: what the reader could not place, and her
    words for severe pain (a miss hides there, so those questions are asked first)."""
    severe = [e["text"] for e in extracted if e.get("finding") in SEVERITY_FINDINGS and not e.get("negated")]
    return (*(n["text"] for n in not_understood), *severe)


def _triage_view(tables: Tables, result: Triage, provisional: bool) -> dict[str, Any]:
    level = tables.vocabulary.levels[result.level]
    return {
        "level": result.level,
        "label": level.label,
        "action": level.action,
        "reasons": [{"rule": r.rule, "level": r.level, "findings": list(r.findings), "explanation": r.explanation,
                     "points_to": list(r.points_to), "sources": list(r.sources)} for r in result.reasons],
        # The level could still rise once the warning-sign questions in `ask_next` are answered.
        "provisional": provisional,
    }


def _cause_view(tables: Tables, cause: Cause, page_levels: dict[str, str]) -> dict[str, Any]:
    """A cause with what a renderer needs to explain a serious cause listed below its own page's
    level (policy "Explaining causes"): `page_level`, the most urgent level of this stage's rules
    that point to it (what its page describes; null when no rule does), and `listed_by`, the fired
    rule that listed it (null when its own reported signs or the evidence did), with that rule's
    level in `listed_level`."""
    view = tables.cause_views[cause.id].copy()
    view["sources"] = list(view["sources"])
    view["score"] = cause.score
    view["why"] = list(cause.why)
    view["page_level"] = page_levels.get(cause.id)
    view["listed_by"] = cause.rule
    view["listed_level"] = cause.rule_level
    return view


def _ask_view(ask: Ask) -> dict[str, Any]:
    view = ask.question.view.copy()
    view["findings"] = list(view["findings"])
    view["level_if_yes"] = ask.level
    return view


def _item_view(template: dict[str, Any], doses: dict[str, str], key: str | None) -> dict[str, Any]:
    view = template.copy()
    if key is not None and key in doses:
        view["dose"] = doses[key]  # plan by stage: the dose for her trimester, or after the birth
    view["steps"] = list(view["steps"])
    view["positions"] = list(view["positions"])
    view["targets"] = list(view["targets"])
    view["sources"] = list(view["sources"])
    return view


def _plan_view(tables: Tables, plan: Plan) -> dict[str, Any]:
    views = tables.item_views
    return {
        "targets": list(plan.targets),
        "items": [_item_view(i.view, i.doses, plan.stage_key) for i in plan.items],
        "avoid": [{**a.view, "targets": list(a.view["targets"]), "sources": list(a.view["sources"])}
                  for a in plan.avoid],
        "withheld": [{"id": w.id, "title": views[w.id]["title"], "reason": w.reason, "rule": w.rule,
                      "sources": list(w.sources)} for w in plan.withheld],
    }
