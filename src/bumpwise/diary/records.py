"""The diary's records, validated on the way in (CLI, web form, import) and out (export).

A field that is None was not asked or not answered; it is never read as "no" or 0. That is
why booleans here are `bool | None` and lists are `tuple | None`: an empty tuple means
"asked, and the answer was none of these".
"""

from __future__ import annotations

import difflib
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from bumpwise.diary.vocab import vocabulary
from bumpwise.i18n import N_

MAX_GOALS = 3
T = TypeVar("T", bound=BaseModel)
FORMAT = "bumpwise-diary"
FORMAT_VERSION = 1

Score = Annotated[int, Field(ge=0, le=10, description="0 = none, 10 = worst imaginable")]
Week = Annotated[int, Field(ge=1, le=42, description="week of pregnancy")]


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refuse it on every back end, so the same diary imports anywhere.
    if "\x00" in value:
        raise ValueError("must not contain the NUL character (\\x00)")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
ShortText = Annotated[Text, Field(min_length=1, max_length=200)]


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> datetime:
    # Microseconds are dropped so that a timestamp survives every back end and JSON unchanged.
    return datetime.now(UTC).replace(microsecond=0)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known(value: str, accepted: dict[str, str], what: str) -> str:
    if value in accepted:
        return value
    near = difflib.get_close_matches(value, list(accepted), n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    raise ValueError(f"unknown {what} {value!r}{hint}; accepted: {', '.join(accepted)}")


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Side = Literal["left", "right", "both"]
SIDES: dict[str, str] = {"left": N_("left"), "right": N_("right"), "both": N_("both sides")}  # translated where shown


class PainRating(Record):
    region: str = Field(description="a location finding id from the vocabulary")
    score: Score
    side: Side | None = Field(default=None, description="left, right or both; None = not asked")

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        return _known(value, vocabulary().regions, "region")


class DiaryEntry(Record):
    """One quick daily entry."""

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{32}$")
    day: date
    week: Week | None = None
    pains: tuple[PainRating, ...] = ()
    character: tuple[str, ...] | None = None
    tried: tuple[ShortText, ...] | None = None
    helped: tuple[ShortText, ...] | None = None
    sleep_hours: float | None = Field(default=None, ge=0, le=24)
    sleep_disturbed: bool | None = Field(default=None, description="pain woke them; None = not asked")
    note: Text | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utc_now)

    @field_validator("character")
    @classmethod
    def _character(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        return tuple(_known(v, vocabulary().characters, "character") for v in value)

    @field_validator("created_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return _aware(value)

    @model_validator(mode="after")
    def _one_rating_per_region(self) -> DiaryEntry:
        regions = [p.region for p in self.pains]
        twice = sorted({r for r in regions if regions.count(r) > 1})
        if twice:
            raise ValueError(f"pains: region {twice[0]!r} is rated twice; rate each region once")
        return self

    @property
    def worst(self) -> int | None:
        return max((p.score for p in self.pains), default=None)


class RedFlag(Record):
    id: str
    label: str


# A saved check-in's input and result are JSON kept whole; the engine's own nest a few levels
# deep. Deeper is refused, so an imported file cannot store what the exports could not write back.
MAX_JSON_DEPTH = 32


def _depth(value: Any, limit: int = MAX_JSON_DEPTH) -> int:
    """How deeply `value` nests (a scalar is 0), counting no further than limit + 1."""
    if limit < 0 or not isinstance(value, dict | list):
        return 0
    children = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(v, limit - 1) for v in children), default=0)


class _Shape(BaseModel):
    """The parts of a stored check-in that pages, the summary and the exports read: their types
    are checked (on import especially), the rest is kept as it is."""

    model_config = ConfigDict(extra="allow")


class _CheckInInput(_Shape):
    id: StrictStr | StrictInt | None = None
    week: StrictInt | None = None
    pain_score: StrictInt | None = None
    duration_days: StrictInt | None = None
    onset: StrictStr | None = None
    text: StrictStr | None = None
    findings: list[StrictStr] = []
    flags: list[StrictStr] = []
    denied: list[StrictStr] = []


class _Sourced(_Shape):
    sources: list[StrictStr] = []


class _Reason(_Sourced):
    rule: StrictStr | None = None
    explanation: StrictStr | None = None


class _Triage(_Shape):
    level: StrictStr
    label: StrictStr | None = None
    action: StrictStr | None = None
    reasons: list[_Reason] = []


class _PlanItem(_Sourced):
    id: StrictStr | None = None
    title: StrictStr | None = None
    dose: StrictStr | None = None


class _Plan(_Shape):
    items: list[_PlanItem] = []
    avoid: list[_PlanItem] = []
    withheld: list[_Shape] = []


class _Cause(_Sourced):
    name: StrictStr | None = None


class _RedFlag(_Shape):
    id: StrictStr
    label: StrictStr | None = None


class _CheckInResult(_Shape):
    triage: _Triage
    red_flags: list[_RedFlag] = []
    causes: list[_Cause] = []
    plan: _Plan = _Plan()
    findings: list[StrictStr] = []
    denied: list[StrictStr] = []


def _json_shape(value: dict[str, Any], shape: type[_Shape]) -> dict[str, Any]:
    if _depth(value) > MAX_JSON_DEPTH:
        raise ValueError(f"nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        shape.model_validate(value)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise ValueError(f"{where}: {problem['msg']}") from None
    return value


ENTRY_PREFIX = "diary-entry:"


class CheckIn(Record):
    """A saved assessment: what the person said, what Bumpwise answered, and with which versions,
    so an old entry shows what it said then even after the knowledge base changes."""

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{32}$")
    day: date
    week: Week | None = None
    input: dict[str, Any]
    result: dict[str, Any]
    knowledge_version: str = Field(min_length=1, max_length=64)  # the columns are VARCHAR(64)
    engine_version: str = Field(min_length=1, max_length=64)
    created_at: datetime = Field(default_factory=utc_now)

    @field_validator("created_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return _aware(value)

    @field_validator("input")
    @classmethod
    def _input(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _json_shape(value, _CheckInInput)

    @field_validator("result")
    @classmethod
    def _result(cls, value: dict[str, Any]) -> dict[str, Any]:
        triage = value.get("triage")
        levels = vocabulary().levels
        if not isinstance(triage, dict) or triage.get("level") not in levels:
            raise ValueError(f"result.triage.level must be one of: {', '.join(levels)}")
        flags = value.get("red_flags", [])
        if not isinstance(flags, list) or not all(isinstance(f, dict) and "id" in f for f in flags):
            raise ValueError("result.red_flags must be a list of {id, label} objects")
        return _json_shape(value, _CheckInResult)

    @property
    def level(self) -> str:
        return str(self.result["triage"]["level"])

    @property
    def red_flags(self) -> tuple[RedFlag, ...]:
        return tuple(RedFlag(id=str(f["id"]), label=str(f.get("label") or f["id"]))
                     for f in self.result.get("red_flags", []))

    @property
    def entry_id(self) -> str | None:
        """The diary entry this check-in was made from (a diary entry with warning signs is
        triaged like a check-in), or None for a check-in of its own."""
        given = self.input.get("id")
        return given.removeprefix(ENTRY_PREFIX) if isinstance(given, str) and given.startswith(ENTRY_PREFIX) else None


class Goal(Record):
    """A Patient-Specific Functional Scale activity: something the person wants to be able to do."""

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{32}$")
    title: ShortText
    created_on: date
    retired_on: date | None = None


class GoalRating(Record):
    """How well the person can do a goal activity this week: 0 = cannot do it, 10 = as before the pain."""

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{32}$")
    goal_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    day: date
    week: Week | None = None
    score: Score


class Diary(Record):
    """Everything stored, in a stable order (by day, then creation), as exported and imported."""

    format: Literal["bumpwise-diary"] = "bumpwise-diary"
    format_version: Literal[1] = 1
    entries: tuple[DiaryEntry, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    goals: tuple[Goal, ...] = ()
    goal_ratings: tuple[GoalRating, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Diary:
        for name in ("entries", "checkins", "goals", "goal_ratings"):
            ids = [r.id for r in getattr(self, name)]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{name}: the same id appears twice")
        goal_ids = {g.id for g in self.goals}
        for i, rating in enumerate(self.goal_ratings):
            if rating.goal_id not in goal_ids:
                raise ValueError(f"goal_ratings.{i}.goal_id: no goal has id {rating.goal_id!r}")
        active = [g for g in self.goals if g.retired_on is None]
        if len(active) > MAX_GOALS:
            raise ValueError(f"goals: {len(active)} active goals; at most {MAX_GOALS} are accepted")
        return self

    @property
    def red_flags(self) -> list[tuple[CheckIn, RedFlag]]:
        return [(c, f) for c in self.checkins for f in c.red_flags]


class FieldError(Record):
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class DiaryInputError(ValueError):
    """Input the diary does not accept; `.errors` names each field and what is accepted."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def field_errors(error: ValidationError) -> list[FieldError]:
    out = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        out.append(FieldError(field=field, message=message))
    return out


def parse(model: type[T], data: Any) -> T:
    """Validate `data` as `model`, turning pydantic's errors into DiaryInputError."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise DiaryInputError(field_errors(error)) from error
