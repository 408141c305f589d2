"""The prompts to contact the maternity team, shown at the top of every diary view and export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bumpwise.diary.records import Diary
from bumpwise.diary.trends import RISE_POINTS, Rise, current_rises
from bumpwise.diary.vocab import Vocabulary
from bumpwise.i18n import N_, format_date, translations

# (singular, plural) msgids, by where the warning sign was reported; dates filled in per language.
# (one sign, several) msgids, by where the warning sign was reported; dates filled in per language.
# Two messages rather than a plural: chosen by count in every language (vi and zh have one form).
RED_FLAG = {
    "entry": (N_("On %(day)s your diary entry reported a warning sign: %(signs)s. If this is happening now, or "
                 "has come back, call your maternity unit now."),
              N_("On %(day)s your diary entry reported warning signs: %(signs)s. If this is happening now, or "
                 "has come back, call your maternity unit now.")),
    "checkin": (N_("On %(day)s your check-in reported a warning sign: %(signs)s. If this is happening now, or "
                   "has come back, call your maternity unit now."),
                N_("On %(day)s your check-in reported warning signs: %(signs)s. If this is happening now, or "
                   "has come back, call your maternity unit now.")),
}
RISE = N_("Your %(region)s pain rose from %(from_score)s to %(to_score)s between %(from_day)s and %(to_day)s — "
          "%(points)s or more points in a week. Contact your midwife or maternity team to have it reviewed.")


@dataclass(frozen=True)
class Alert:
    kind: str  # "red_flag" or "rise"
    day: date
    message: str  # in English (the CLI, exports)
    template: tuple[str, ...] = ()  # the msgid(s): one, or for one sign and for several
    values: dict[str, Any] = field(default_factory=dict)  # dates as dates: written per language
    count: int = 1

    def _msgid(self) -> str:
        return self.template[0] if len(self.template) == 1 or self.count == 1 else self.template[1]

    def said(self, locale: str) -> str:
        """The alert in her language, its dates written the locale's way."""
        if locale == "en" or not self.template:
            return self.message
        text = translations(locale).gettext(self._msgid())
        values = {k: format_date(v, locale) if isinstance(v, date) else v for k, v in self.values.items()}
        return text % values


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _said_in_english(template: tuple[str, ...], values: dict[str, Any], count: int = 1) -> str:
    text = template[0] if len(template) == 1 or count == 1 else template[1]
    return text % {k: _day(v) if isinstance(v, date) else v for k, v in values.items()}


def alerts(diary: Diary, rises: list[Rise] | None = None, vocab: Vocabulary | None = None) -> list[Alert]:
    """Every warning sign ever reported, in a check-in or a diary entry (one alert a record,
    newest first), then every rise that is still current. The two kinds are told apart: a warning
    sign needs a call now if it is still there; a rise needs a review. `vocab` (a language's labels,
    vocab.vocabulary_of(knowledge_for(locale))) names the warning signs and regions by id; the
    English label saved with a warning sign is kept only for an id it does not have."""
    out = []
    for checkin in reversed(diary.checkins):
        if not checkin.red_flags:
            continue
        template = RED_FLAG["entry" if checkin.entry_id else "checkin"]
        signs = [vocab.findings.get(f.id, f.label) if vocab else f.label for f in checkin.red_flags]
        values: dict[str, Any] = {"day": checkin.day, "signs": "; ".join(signs)}
        count = len(checkin.red_flags)
        out.append(Alert(kind="red_flag", day=checkin.day, message=_said_in_english(template, values, count),
                         template=template, values=values, count=count))
    for rise in current_rises(diary, vocab=vocab) if rises is None else rises:
        values = {"region": rise.label.lower(), "from_score": rise.from_score, "to_score": rise.to_score,
                  "from_day": rise.from_day, "to_day": rise.to_day, "points": RISE_POINTS}
        out.append(Alert(kind="rise", day=rise.to_day, message=_said_in_english((RISE,), values),
                         template=(RISE,), values=values))
    return out
