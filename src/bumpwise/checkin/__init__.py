"""The check-in flow, one definition for the web pages and the terminal: which step comes next,
which questions a step asks, and how her answers become one assessment input.

It runs the knowledge base's questionnaire (questions.yaml): the emergency signs first, then the
week, the body map, what it feels like and what makes it worse, then only the warning-sign
questions the engine's `ask_next` names, then other things. It stops at the first answer that
reaches urgent or emergency. It imports no web, terminal or database code.
"""

from bumpwise.checkin.flow import (
    FLOW,
    ROUTE_STEPS,
    Answer,
    CheckInState,
    StepProblem,
    apply_words,
    assessment_input,
    complete,
    early_result,
    known,
    mark_seen,
    next_step,
    position,
    questions_for,
    record_answer,
    route,
    run_assessment,
)

__all__ = ["FLOW", "ROUTE_STEPS", "Answer", "CheckInState", "StepProblem", "apply_words", "assessment_input",
           "complete", "early_result", "known", "mark_seen", "next_step", "position", "questions_for",
           "record_answer", "route", "run_assessment"]
