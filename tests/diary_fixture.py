"""A realistic ten-week diary for the summary tests: daily entries over 70 days (three places,
what it felt like, sleep, what was tried and helped, a few notes), weekly goal scores, a full
check-in with its plan, and two diary entries with warning signs."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import bumpwise
from bumpwise.diary.records import CheckIn, Diary, DiaryEntry, Goal, GoalRating, parse
from bumpwise.diary.triage import checkin_for

START = date(2026, 1, 5)
FIRST_WEEK = 24
DAYS = 70
WARNING_DAYS = {30: ["comes_in_waves", "constant_severe"], 55: ["burning_tingling", "sudden_severe_onset"]}


def ten_week_diary(seed: int = 10) -> Diary:
    rng = random.Random(seed)
    entries: list[DiaryEntry] = []
    checkins: list[CheckIn] = []
    given: dict[str, Any] = {"week": FIRST_WEEK, "findings": ["sacroiliac", "one_side", "worse_single_leg",
                                                             "worse_turning_in_bed"], "denied": ["vaginal_bleeding"]}
    result = bumpwise.assess(given)
    checkins.append(parse(CheckIn, {"day": START, "week": FIRST_WEEK, "input": given, "result": result,
                                    "knowledge_version": result["knowledge_version"],
                                    "engine_version": result["engine_version"]}))
    plan = [i["title"] for i in result["plan"]["items"]]
    for n in range(DAYS):
        day = START + timedelta(days=n)
        base = 3 + n // 20
        pains = [{"region": "sacroiliac", "score": min(10, base + rng.randint(0, 2)), "side": "left"},
                 {"region": "pubic", "score": min(10, max(0, base - 1 + rng.randint(-1, 1)))}]
        if n % 3 == 0:
            pains.append({"region": "low_back", "score": rng.randint(1, 4), "side": "both"})
        character = WARNING_DAYS.get(n, ["dull_ache"] + (["sharp_stabbing"] if n % 4 == 0 else []))
        if n in WARNING_DAYS:
            pains[0]["score"] = 8
        tried = rng.sample(plan, k=min(2, len(plan)))
        entry = parse(DiaryEntry, {
            "day": day, "week": FIRST_WEEK + n // 7 if n % 7 == 0 else None, "pains": pains, "character": character,
            "tried": tried, "helped": tried[:1] if rng.random() < 0.6 else [],
            "sleep_hours": rng.choice([5.5, 6, 6.5, 7, 7.5]), "sleep_disturbed": rng.random() < 0.3,
            "note": "Stairs at work were hard today." if n % 17 == 5 else None})
        entries.append(entry)
        so_far = Diary.model_construct(entries=tuple(entries), checkins=tuple(checkins), goals=(), goal_ratings=())
        made = checkin_for(entry, so_far)
        if made is not None:
            checkins.append(made)
    goal = parse(Goal, {"title": "Walk to the shops", "created_on": START})
    ratings = [parse(GoalRating, {"goal_id": goal.id, "day": START + timedelta(weeks=w), "score": 6 - w // 3})
               for w in range(10)]
    return Diary(entries=tuple(entries), checkins=tuple(checkins), goals=(goal,), goal_ratings=tuple(ratings))


def warning_labels(diary: Diary) -> set[str]:
    return {f.label for _, f in diary.red_flags}
