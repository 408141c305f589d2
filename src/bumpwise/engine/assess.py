"""One assessment: validated input -> facts -> triage, causes, plan -> a JSON-ready result that
follows shared/spec/assessment.md. This is the function the CLI, the web app and storage call."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from bumpwise.contract import CheckIn, parse_check_in
from bumpwise.engine.ask import Ask, ask_next, could_raise
from bumpwise.engine.causes import Cause, page_level, rank_causes
from bumpwise.engine.facts import Facts
from bumpwise.engine.plan import Plan, build_plan
from bumpwise.engine.triage import RANK, Triage, red_flag_findings, triage
from bumpwise.knowledge import KnowledgeBase, knowledge_base
from bumpwise.knowledge.schema import PlanItem

# Findings that are her words for how bad the pain is: they send the severity questions first.
SEVERITY_FINDINGS = frozenset({"severe_pain"})

try:
    ENGINE_VERSION = version("bumpwise")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    ENGINE_VERSION = "0+unknown"


def assess(data: Mapping[str, Any], kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """Assess one check-in. Raises bumpwise.InputError (naming each bad field) for bad input."""
    kb = kb or knowledge_base()
    check_in = parse_check_in(data, kb.vocabulary)
    facts, extracted, not_understood = gather_facts(check_in, kb)
    result = triage(kb, facts)
    asks = ask_next(kb, facts, _hints(extracted, not_understood))
    causes = rank_causes(kb, facts, result)
    plan = build_plan(kb, facts, result, causes)
    views = _views(kb)
    out: dict[str, Any] = {} if check_in.id is None else {"id": check_in.id}
    out.update({
        "context": _context(facts),
        "findings": list(facts.findings),
        "flags": list(facts.flags),
        "denied": sorted(facts.denied),
        "extracted": extracted,
        "not_understood": not_understood,
        "missing": missing(kb, facts),
        "triage": _triage_view(kb, result,
                               provisional=RANK[result.level] < RANK["urgent"] and could_raise(asks, result)),
        "ask_next": [_ask_view(a) for a in asks],
        "red_flags": [{"id": f, "label": kb.vocabulary.findings[f].label} for f in red_flags(kb, facts, result)],
        "causes": [_cause_view(views, c, page_level(kb)[facts.stage]) for c in causes],
        "plan": _plan_view(views, plan),
        "knowledge_version": kb.version,
        "engine_version": ENGINE_VERSION,
    })
    return out


def gather_facts(check_in: CheckIn, kb: KnowledgeBase) -> tuple[Facts, list[dict[str, Any]], list[dict[str, Any]]]:
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
    narrower = kb.vocabulary.narrower
    denied |= {narrow for narrow, broad in narrower.items() if broad in denied}
    denied -= findings.keys()
    facts = Facts(frozenset(findings) | frozenset(flags), tuple(findings), tuple(flags), frozenset(denied),
                  week, pain, days, onset, since_birth)
    return facts, extracted, not_understood


def missing(kb: KnowledgeBase, facts: Facts) -> list[str]:
    """Context whose absence limited the answer; the engine assumed the safer case for each."""
    known_stage = facts.week is not None or facts.weeks_since_birth is not None
    out = [name for name, known in (("week", known_stage), ("pain_score", facts.pain_score is not None)) if not known]
    flagged = red_flag_findings(kb)
    if flagged.isdisjoint(facts.present) and flagged.isdisjoint(facts.denied):
        out.append("red_flags")  # no warning sign was asked about: silence is not "no"
    return out


def red_flags(kb: KnowledgeBase, facts: Facts, result: Triage) -> list[str]:
    """Every reported finding that is a red flag on its own or took part in a same-day rule."""
    flagged = dict.fromkeys(f for f in facts.findings if f in red_flag_findings(kb))
    findings = kb.vocabulary.findings
    for reason in result.reasons:
        if RANK[reason.level] >= RANK["urgent"]:
            signs = [f for f in reason.findings if f in findings]
            # "Lower belly" is not itself a warning sign when bleeding made the rule fire; but when
            # only places did (pain low on one side in early pregnancy), the places are the sign.
            symptoms = [f for f in signs if findings[f].group not in ("location", "side")]
            flagged.update(dict.fromkeys(symptoms or signs))
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


def _triage_view(kb: KnowledgeBase, result: Triage, provisional: bool) -> dict[str, Any]:
    level = kb.vocabulary.levels[result.level]
    return {
        "level": result.level,
        "label": level.label,
        "action": level.action,
        "reasons": [{"rule": r.rule, "level": r.level, "findings": list(r.findings), "explanation": r.explanation,
                     "points_to": list(r.points_to), "sources": list(r.sources)} for r in result.reasons],
        # The level could still rise once the warning-sign questions in `ask_next` are answered.
        "provisional": provisional,
    }


def _cause_view(views: _Views, cause: Cause, page_levels: dict[str, str]) -> dict[str, Any]:
    """A cause with what a renderer needs to explain a serious cause listed below its own page's
    level (policy "Explaining causes"): `page_level`, the most urgent level of this stage's rules
    that point to it (what its page describes; null when no rule does), and `listed_by`, the fired
    rule that listed it (null when its own reported signs or the evidence did), with that rule's
    level in `listed_level`."""
    return {**views.causes[cause.id], "score": cause.score, "why": list(cause.why),
            "page_level": page_levels.get(cause.id), "listed_by": cause.rule, "listed_level": cause.rule_level}


def _ask_view(ask: Ask) -> dict[str, Any]:
    q = ask.question
    return {"id": q.id, "finding": q.findings[0], "findings": list(q.findings), "question": q.text,
            "help": q.help, "level_if_yes": ask.level}


def _plan_view(views: _Views, plan: Plan) -> dict[str, Any]:
    return {
        "targets": list(plan.targets),
        "items": [dict(views.items[i.id]) for i in plan.items],
        "avoid": [dict(views.avoid[a.id]) for a in plan.avoid],
        "withheld": [{"id": w.id, "title": views.items[w.id]["title"], "reason": w.reason, "rule": w.rule,
                      "sources": list(w.sources)} for w in plan.withheld],
    }


class _Views:
    """JSON views of knowledge records, built once per knowledge base (they never change)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.causes = {c.id: {"id": c.id, "name": c.name, "serious": c.serious, "summary": c.summary.strip(),
                              "typical": c.typical.strip(), "sources": list(c.sources)}
                       for c in kb.conditions.values()}
        self.items = {i.id: _item_view(i) for i in kb.plan_items.values()}
        self.avoid = {a.id: {"id": a.id, "title": a.title, "why": a.why.strip(), "targets": list(a.targets),
                             "sources": list(a.sources)} for a in kb.avoid.values()}


def _item_view(item: PlanItem) -> dict[str, Any]:
    return {"id": item.id, "kind": item.kind, "title": item.title, "summary": item.summary.strip(),
            "steps": list(item.steps), "dose": item.dose, "positions": list(item.positions),
            "targets": list(item.targets), "stop_if": item.stop_if.strip(), "evidence": item.evidence,
            "while_waiting": item.while_waiting, "sources": list(item.sources)}


@cache
def _views(kb: KnowledgeBase) -> _Views:
    return _Views(kb)
