"""The shapes of the knowledge-base records, validated when the data files load.

Every record carries an id and the ids of the sources behind it. Cross-references
(ids of findings, flags, conditions, sources) are checked by `loader.py`, not here,
so that one run reports every problem at once.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bumpwise.knowledge.terms import LEVELS as LEVELS
from bumpwise.knowledge.terms import STAGES as STAGES
from bumpwise.knowledge.terms import Level as Level
from bumpwise.knowledge.terms import Stage as Stage

Evidence = Literal["moderate", "low", "very_low", "guideline", "expert_advice"]
# The evidence labels a plan item may carry, each with what it means (docs/knowledge-base.md shows the
# same words; tests/test_citation_audit.py checks that each item's label fits the kinds of its sources).
EVIDENCE: dict[str, str] = {
    "moderate": "Trials summarised in a systematic review found a benefit; the review rated the evidence "
                "moderate quality.",
    "low": "Trials found a benefit, but the review rated the evidence low quality: the next trial may differ.",
    "very_low": "Trials hint at a benefit, but the review rated the evidence very low quality.",
    "guideline": "Recommended in a clinical guideline or by a national health body's guidance.",
    "expert_advice": "Advice written by clinicians (the NHS, a hospital, a health department, a patients' charity "
                     "or a clinical paper); not tested in trials.",
}
# Where she is, for doses that change as the pregnancy goes on (plan by stage).
StageKey = Literal["trimester_1", "trimester_2", "trimester_3", "postnatal"]
STAGE_KEYS: tuple[StageKey, ...] = ("trimester_1", "trimester_2", "trimester_3", "postnatal")
STAGE_KEY_LABELS: dict[str, str] = {"trimester_1": "Up to 12 weeks", "trimester_2": "13 to 27 weeks",
                                    "trimester_3": "From 28 weeks", "postnatal": "After the birth"}
# Plan kinds that are done as movements: each has a drawing of a pregnant body in its position.
DRAWN_KINDS = ("exercise", "stretch")
Id = Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
SourceId = Annotated[str, Field(pattern=r"^(S\d+[a-z]?|seed-\d{3})$")]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WeekRange(Record):
    """Weeks of pregnancy a record applies to, inclusive; `unknown` says whether it
    applies when the week is not known (safety rules must, so unknown is never reassuring)."""

    min: int = Field(default=1, ge=1, le=42)
    max: int = Field(default=42, ge=1, le=42)
    unknown: bool = True

    def holds(self, week: int | None) -> bool:
        return self.unknown if week is None else self.min <= week <= self.max

    @model_validator(mode="after")
    def _ordered(self) -> WeekRange:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is after max {self.max}")
        return self


class SinceBirth(Record):
    """Weeks since the birth a record applies to, inclusive (0-12)."""

    min: int = Field(default=0, ge=0, le=12)
    max: int = Field(default=12, ge=0, le=12)

    def holds(self, weeks: int | None) -> bool:
        return weeks is not None and self.min <= weeks <= self.max


class Match(Record):
    """A condition over what the person reported. All parts given must hold.

    `all` and `any` hold finding or flag ids, or nested Match objects for groups such as
    "(lower belly AND one side) OR shoulder tip". There is deliberately no negation:
    reporting one more symptom can then never switch a rule off, which is what makes
    "adding a red flag never lowers the level" true by construction.
    """

    all: tuple[Id | Match, ...] = ()
    any: tuple[Id | Match, ...] = ()
    weeks: WeekRange | None = None
    weeks_since_birth: SinceBirth | None = None
    onset: Literal["sudden", "gradual"] | None = None
    pain_score_at_least: int | None = Field(default=None, ge=0, le=10)
    duration_days_at_least: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _not_empty(self) -> Match:
        if not (self.all or self.any or self.pain_score_at_least is not None
                or self.duration_days_at_least is not None):
            raise ValueError("a match needs at least one of all, any, pain_score_at_least, duration_days_at_least")
        return self


class Example(Record):
    """A small check-in used by the test suite to prove a rule or condition."""

    week: int | None = Field(default=None, ge=1, le=42)
    weeks_since_birth: int | None = Field(default=None, ge=0, le=12)
    onset: Literal["sudden", "gradual"] | None = None
    pain_score: int | None = Field(default=None, ge=0, le=10)
    duration_days: int | None = Field(default=None, ge=0, le=400)
    findings: tuple[Id, ...] = ()
    flags: tuple[Id, ...] = ()


class Examples(Record):
    positive: tuple[Example, ...] = Field(min_length=1)
    negative: tuple[Example, ...] = Field(min_length=1)


class PointsTo(Record):
    condition: Id
    weeks: WeekRange = WeekRange()


class Rule(Record):
    """One row of the triage policy."""

    id: Id
    level: Level
    stages: tuple[Stage, ...] = Field(default=("pregnancy",), min_length=1,
                                      description="pregnancy, after the birth, or both")
    added_to_policy: bool = Field(default=False, description="escalates where the written policy is silent")
    when: tuple[Match, ...] = Field(min_length=1, description="the rule fires when any of these matches")
    points_to: tuple[PointsTo, ...] = ()
    explanation: str = Field(min_length=20)
    sources: tuple[SourceId, ...] = Field(min_length=1)
    examples: Examples


class WeightedEvidence(Record):
    """Weighted evidence: how strongly each finding or flag points towards (or away from) a cause."""

    findings: dict[Id, float] = Field(default_factory=dict)
    flags: dict[Id, float] = Field(default_factory=dict)


class ConditionWeeks(Record):
    """The weeks of pregnancy in which a condition can be the cause. With the week known and
    outside them it is never listed (policy, "Explaining causes"); with the week unknown its
    score is multiplied by `unknown`."""

    min: int = Field(default=1, ge=1, le=42)
    max: int = Field(default=42, ge=1, le=42)
    unknown: float = Field(default=1.0, ge=0, le=1)

    def holds(self, week: int | None) -> bool:
        return week is None or self.min <= week <= self.max


class Condition(Record):
    id: Id
    name: str
    serious: bool
    summary: str = Field(min_length=40, description="what it is, in plain words")
    typical: str = Field(min_length=20, description="how it usually feels")
    towards: WeightedEvidence
    away: WeightedEvidence = WeightedEvidence()
    weeks: ConditionWeeks = ConditionWeeks()
    stages: tuple[Stage, ...] = Field(default=STAGES, min_length=1,
                                      description="pregnancy, after the birth, or both")
    signs: tuple[Id, ...] = Field(
        default=(), description="a serious condition's own signs (findings or flags, never a place): it is "
                                "listed only with one of them, or when a rule that points to it fired")
    prior: float = Field(ge=0, le=1, description="how common it is among people who ask, 0..1")
    confused_with: tuple[Id, ...] = Field(
        default=(), description="conditions that feel alike or often come together: offered as alternatives")
    sources: tuple[SourceId, ...] = Field(min_length=1)
    examples: tuple[Example, ...] = Field(default=(), description="check-ins for which it should rank first")


PlanKind = Literal["exercise", "stretch", "movement", "posture", "sleep", "sitting", "lifting", "support",
                   "heat_cold", "massage", "footwear", "pacing", "hydration_nutrition", "care_team",
                   "medication_advice"]
Position = Literal["standing", "seated", "side_lying", "supine", "prone", "quadruped", "kneeling",
                   "half_kneeling", "in_water", "any"]
BodyArea = Literal["back", "pelvis", "hip", "buttock", "leg", "calf", "abdomen", "whole_body"]


class RuledOut(Record):
    """What makes one plan item unsafe or unsuitable for a person. Any part that holds rules it out."""

    flags: tuple[Id, ...] = ()
    findings: tuple[Id, ...] = ()
    weeks_from: int | None = Field(default=None, ge=1, le=42, description="ruled out from this week (and when unknown)")
    weeks_before: int | None = Field(default=None, ge=1, le=42, description="ruled out before this week")
    reason: str = Field(min_length=20)
    sources: tuple[SourceId, ...] = Field(min_length=1)


class PlanItem(Record):
    id: Id
    kind: PlanKind
    title: str
    summary: str = Field(min_length=20, description="one or two sentences: what it is and why it helps")
    steps: tuple[str, ...] = Field(min_length=1, max_length=8)
    dose: str = Field(min_length=3)
    positions: tuple[Position, ...] = ("any",)
    body_areas: tuple[BodyArea, ...] = ()
    targets: tuple[Id, ...] = Field(min_length=1)
    weeks: WeekRange = WeekRange()
    stop_if: str = Field(min_length=10, description="when to stop and what to do")
    ruled_out: tuple[RuledOut, ...] = ()
    evidence: Evidence
    while_waiting: bool = Field(default=False, description="safe and useful while getting urgent help")
    levels: tuple[Level, ...] = Field(default=LEVELS, min_length=1, description="triage levels it is offered at")
    priority: int = Field(default=50, ge=0, le=100, description="higher comes first among equals")
    sources: tuple[SourceId, ...] = Field(min_length=1)
    stages: tuple[Stage, ...] = Field(default=STAGES, min_length=1,
                                      description="pregnancy, after the birth, or both: never offered outside them")
    aggravators: tuple[Id, ...] = Field(
        default=(), description="findings (what makes her pain worse, or where it is) for which this item helps "
                                "most: reported, they bring it forward in her plan")
    focus: tuple[StageKey, ...] = Field(default=(), description="stages at which it comes forward (plan by stage)")
    doses: dict[StageKey, str] = Field(default_factory=dict,
                                       description="the dose at a stage, where it changes; `dose` otherwise")
    always_for: tuple[Id, ...] = Field(
        default=(), description="conditions for which it is always in a self-care or soon plan (seek help early)")
    picture: str | None = Field(default=None, min_length=20,
                                description="alt text of its drawing, static/img/draw/<id>.svg: the position shown")
    examples: Examples | None = Field(
        default=None, description="check-ins whose plan offers it (positive) and does not (negative): tested")
    note: tuple[str, ...] = Field(
        default=(), description="lines of a note she can print for her care team (/relief/<id>/note), in her "
                                "voice; ___ marks a blank she fills in")

    @model_validator(mode="after")
    def _drawn(self) -> PlanItem:
        if self.kind in DRAWN_KINDS and not self.picture:
            raise ValueError(f"a {self.kind} needs a picture (the alt text of its drawing)")
        if not set(self.always_for) <= set(self.targets):
            raise ValueError("always_for must name some of the item's targets")
        return self


class RoutineStep(Record):
    """One step of a routine: a plan item (its drawing, steps and stop line come with it) done for
    this routine's dose, or a short instruction of the routine's own."""

    item: Id | None = None
    text: str | None = Field(default=None, min_length=10)
    dose: str = Field(min_length=3)
    minutes: float = Field(default=0, ge=0, le=60, description="roughly how long, for the routine's total")

    @model_validator(mode="after")
    def _one(self) -> RoutineStep:
        if (self.item is None) == (self.text is None):
            raise ValueError("a routine step is either a plan item or a text")
        return self


class Routine(Record):
    """A bundle of plan items and tips for one kind of day: a page, a printable sheet and
    `bumpwise routine NAME`."""

    id: Id
    title: str
    summary: str = Field(min_length=20)
    when: str = Field(min_length=20, description="who it is for and when to use it")
    steps: tuple[RoutineStep, ...] = Field(min_length=1)
    tips: tuple[str, ...] = ()
    stop_if: str = Field(min_length=20)
    sources: tuple[SourceId, ...] = Field(min_length=1)


class AvoidItem(Record):
    """Something to avoid, shown as its own kind of guidance beside the plan."""

    id: Id
    title: str
    why: str = Field(min_length=20)
    targets: tuple[Id, ...] = Field(min_length=1, description="conditions it matters for; 'any' for everyone")
    weeks: WeekRange = WeekRange()
    sources: tuple[SourceId, ...] = Field(min_length=1)
    stages: tuple[Stage, ...] = Field(default=STAGES, min_length=1,
                                      description="pregnancy, after the birth, or both: never shown outside them")
    levels: tuple[Level, ...] = Field(
        default=LEVELS, min_length=1,
        description="triage levels it is shown at: self-management advice (keep active, no bed rest) is not shown "
                    "beside 'sit or lie on your side while you wait for help'")


class Exclusion(Record):
    """A policy that withholds a whole class of plan items (by kind, position or body area)."""

    id: Id
    kinds: tuple[PlanKind, ...] = ()
    positions: tuple[Position, ...] = ()
    body_areas: tuple[BodyArea, ...] = ()
    all_items: bool = False
    when_flags: tuple[Id, ...] = ()
    when_findings: tuple[Id, ...] = ()
    when_weeks: WeekRange | None = None
    when_level_at_least: Level | None = None
    except_while_waiting: bool = False
    stages: tuple[Stage, ...] = Field(default=STAGES, min_length=1,
                                      description="pregnancy, after the birth, or both: it applies only there")
    reason: str = Field(min_length=20)
    sources: tuple[SourceId, ...] = Field(min_length=1)


SourceKind = Literal["guideline", "patient_leaflet", "systematic_review", "study", "reference", "seed_article"]
SOURCE_KINDS: dict[str, str] = {"guideline": "guideline", "patient_leaflet": "patient information",
                                "systematic_review": "systematic review", "study": "study",
                                "reference": "reference work", "seed_article": "seed article"}


class Source(Record):
    """A source: `url` is its authoritative address (the publisher's own page, or a DOI); copies on
    mirrors and content farms are kept only in `archive`, never shown. A source without a
    `publisher` (the seed articles, pages of unclear origin) stays in the data for provenance but
    is not shown to a person as a reference."""

    id: SourceId
    title: str
    publisher: str | None = None
    kind: SourceKind
    url: str | None = Field(default=None, pattern=r"^https?://")
    file: str | None = Field(default=None, description="for the seed articles: their file in shared/sources/")
    also: tuple[str, ...] = ()
    archive: tuple[str, ...] = Field(default=(), description="mirror or archive copies: data only, never shown")
    parts: tuple[Source, ...] = ()
    origin: Literal["brief", "seed", "added"] = "brief"

    @property
    def shown(self) -> bool:
        """Whether a person may be shown this source as a reference."""
        return self.publisher is not None and self.kind != "seed_article"


QuestionKind = Literal["yes_no", "choose_any", "choose_one"]
Step = Literal["now", "red_flags", "where", "feel", "pattern", "other"]
YES_NO_ANSWERS = ("yes", "no", "unsure")


class EnableWhen(Record):
    """A follow-up is shown only after this answer to an earlier question: for a yes/no question
    `answers` holds "yes" and/or "unsure" (not sure counts as yes); for a tick-box question, the
    finding ids whose tick enables it. Mirrors FHIR Questionnaire.item.enableWhen."""

    question: Id
    answers: tuple[str, ...] = Field(min_length=1)


class MattersWhen(Record):
    """When a warning-sign question matters for a presentation (the engine's `ask_next`): any of
    these body-map places was reported (or none was, since unknown is not no), and the week fits.
    Place names may be region groups from the file's `region_groups`."""

    regions: tuple[Id, ...] = ()
    weeks: WeekRange | None = None


class Question(Record):
    """A check-in question in plain words, and the findings its answers report.

    yes_no: "yes" and "not sure" report every finding in `findings` (unknown is not no), "no"
    denies those in `denies` (by default all of them). choose_any / choose_one: each ticked finding
    is reported. Questions are asked in file order within their step; `enable_when` makes a
    follow-up; `matters_when` and `keywords` steer `ask_next` for warning signs.
    """

    id: Id
    text: str
    help: str | None = None
    kind: QuestionKind = "yes_no"
    findings: tuple[Id, ...] = Field(min_length=1)
    denies: tuple[Id, ...] | None = Field(default=None, description="what a no denies (default: all findings)")
    red_flag: bool = False
    step: Step
    enable_when: tuple[EnableWhen, ...] = Field(default=(), description="shown when any of these holds")
    matters_when: MattersWhen = MattersWhen()
    keywords: str | None = Field(default=None, description="a regular expression for her own words that this "
                                 "question answers; a match in words the reader could not place asks it first")
    stages: tuple[Stage, ...] = Field(default=STAGES, min_length=1,
                                      description="asked in pregnancy, after the birth, or both")

    @property
    def denied_by_no(self) -> tuple[str, ...]:
        return self.findings if self.denies is None else self.denies

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.denies is not None and not set(self.denies) <= set(self.findings):
            raise ValueError("denies must be a subset of findings")
        if self.kind != "yes_no" and (self.red_flag or self.denies is not None):
            raise ValueError("only a yes/no question can be a red flag or deny")
        if self.keywords is not None:
            try:
                re.compile(self.keywords)
            except re.error as error:
                raise ValueError(f"keywords do not compile: {error}") from error
        return self
