"""The shapes read_text returns: what was understood, where, and how sure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["finding", "flag", "context"]
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Extracted:
    """One thing understood from the text, pointing back at the words it came from.

    `span` indexes the original text, so text[span[0]:span[1]] == self.text always holds.
    """

    kind: Kind
    id: str
    span: Span
    text: str
    negated: bool = False
    uncertain: bool = False
    value: int | str | None = None
    historical: bool = False  # told as something over ("a UTI a few weeks ago"): not a current sign

    def to_dict(self) -> dict[str, object]:
        """The contract's shape (spec/assessment.md): the kind is the key of the id."""
        out: dict[str, object] = {self.kind: self.id, "span": [self.span[0], self.span[1]], "text": self.text}
        if self.value is not None:
            out["value"] = self.value
        if self.negated:
            out["negated"] = True
        if self.uncertain:
            out["uncertain"] = True
        if self.historical:
            out["historical"] = True
        return out


@dataclass(frozen=True, slots=True)
class TextReading:
    """Everything read from one free-text description.

    `findings` holds every finding mentioned without a negation, uncertain ones included,
    because unknown is not no; `denied` holds findings that were only ever mentioned negated.
    """

    findings: tuple[str, ...]
    denied: tuple[str, ...]
    flags: tuple[str, ...]
    week: int | None
    pain_score: int | None
    duration_days: int | None
    onset: str | None
    extracted: tuple[Extracted, ...]
    not_understood: tuple[tuple[Span, str], ...]
    weeks_since_birth: int | None = None  # after the birth ("I had my baby 3 weeks ago"); then week is None
