"""Tolerant reading of what a person types: "30 weeks", "30w", "28/40", a due date, "7/10",
"about 6", "2 weeks", "y", "not sure", "1 3". Each reader returns the value, or raises
`Unreadable` with a short message saying what to type instead (the check-in asks again)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from bumpwise.i18n import N_

NUMBER_WORDS = {"zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1}
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"), start=1)}
HEDGES = r"(?:about|around|roughly|approx(?:imately)?|maybe|nearly|almost|over|just|~|c\.?)"


class Unreadable(ValueError):  # noqa: N818 - her input, not a program error
    """What she typed could not be read; the message says what to type. `message` is the English
    msgid (with %(name)s placeholders filled from `values`), so it can be said in her language."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message % values if values else message)
        self.message, self.values = message, values

    def said(self, gettext: Callable[[str], str]) -> str:
        text = gettext(self.message)
        return text % self.values if self.values else text


def _clean(raw: str) -> str:
    return " ".join(raw.strip().lower().replace("’", "'").split())


def week_or_due_date(raw: str, today: date) -> tuple[int | None, str]:
    """Weeks pregnant from "30", "30 weeks", "30w", "30+2", "28/40", "week 30", "about 30", or a
    due date ("2026-03-01", "1/3/2026" day first, "1 March 2026", "March 1"). Returns the week and
    the due date (ISO) when one was given. Empty: (None, "")."""
    text = _clean(raw)
    if not text or text in ("not sure", "unsure", "don't know", "dont know", "?", "skip", *UNSURE_INTL):
        return None, ""
    due = _date(text, today)
    if due is not None:
        return week_from_due_date(due, today), due.isoformat()
    text = re.sub(rf"^{HEDGES}\s*", "", text)
    match = (re.fullmatch(r"(\d{1,2})\s*(?:\+\s*\d\s*)?(?:/\s*40)?\s*(?:w|wk|wks|week|weeks)?"
                          r"(?:\s*(?:and\s+)?\d\s*(?:d|days?))?(?:\s*pregnant)?\.?", text)
             or re.fullmatch(r"(?:week|wk)\s*(\d{1,2})", text)
             # Vietnamese and Chinese: "30 tuần", "tuần 30", "thai 30 tuần", "30周", "孕30周", "怀孕30周"
             or re.fullmatch(r"(?:thai\s*|tuần\s*(?:thứ\s*)?|tuan\s*(?:thu\s*)?|(?:怀)?孕)?(\d{1,2})"
                             r"\s*(?:tuần|tuan|周|週)?(?:\s*rồi|\s*roi|了)?\.?", text))
    if match is None:
        raise Unreadable(N_("Type the number of weeks, for example 30, or your due date, for example 2026-03-01."))
    week = int(match.group(1))
    if not 1 <= week <= 42:
        raise Unreadable(N_("The number of weeks must be from 1 to 42."))
    return week, ""


def weeks_since_birth(raw: str) -> int | None:
    """Weeks since the birth from "3", "3 weeks", "3w", "10 days", "a week", "about 2". Empty: None.
    Bumpwise's after-the-birth advice covers the first 12 weeks."""
    text = _numbers(re.sub(r"\b(ago|since|the birth|birth|old|postpartum|postnatal)\b", " ", _clean(raw)))
    if text is None or not text.strip():
        return None
    text = " ".join(text.split())
    match = re.fullmatch(r"(\d{1,3})\s*(d|days?|w|wks?|weeks?)?\.?", text)
    if match is None:
        raise Unreadable(N_("Type how many weeks ago you had your baby, for example 3."))
    number = int(match.group(1))
    weeks = number // 7 if (match.group(2) or "").startswith("d") else number
    if weeks > 12:
        raise Unreadable(N_("Bumpwise's advice after the birth covers the first 12 weeks. After that, please talk "
                            "to your GP or health visitor about the pain."))
    return weeks


def stage_answer(raw: str) -> str:
    """ "pregnant" or "postnatal" from "p", "pregnant", "b", "baby", "had my baby", "born". Empty: ""
    (not said), which the check-in treats as a pregnancy, keeping its safety rules on, unless her own
    words then say she has had her baby ("I had my baby 3 weeks ago")."""
    text = _clean(raw)
    if text == "":
        return ""
    if text in ("p", "pregnant", "i am pregnant", "i'm pregnant", "yes pregnant", "1"):
        return "pregnant"
    if text in ("b", "baby", "born", "had", "had baby", "had my baby", "i have had my baby", "postnatal", "2") \
            or "had my baby" in text or "born" in text:
        return "postnatal"
    raise Unreadable(N_("Type p if you are pregnant now, or b if you have had your baby."))


def week_from_due_date(due: date, today: date) -> int:
    """Completed weeks of pregnancy: a due date is 40 weeks (280 days) after the start."""
    week = (280 - (due - today).days) // 7
    if not 1 <= week <= 42:
        raise Unreadable(N_("That due date gives a week outside 1 to 42. Please check the due date, "
                            "or give the number of weeks instead."))
    return week


def _date(text: str, today: date) -> date | None:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year + 2000 if year < 100 else year, month, day)  # day first (en-GB)
        match = (re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3})[a-z]*\.?,?(?:\s+(\d{4}))?", text)
                 or re.fullmatch(r"([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?", text))
        if match:
            first, second, year_text = match.groups()
            day_text, month_text = (first, second) if first.isdigit() else (second, first)
            if month_text not in MONTHS:
                return None
            year = int(year_text) if year_text else today.year
            due = date(year, MONTHS[month_text], int(day_text))
            if not year_text and due < today:  # "March 1" said in November is next March
                due = date(year + 1, due.month, due.day)
            return due
    except ValueError:
        raise Unreadable(N_("That is not a real date. Type your due date, for example 2026-03-01.")) from None
    return None


def _numbers(raw: str) -> str | None:
    """Her answer without hedges ("about"), number words as digits; None when she skipped it."""
    text = _clean(raw)
    if not text or text in ("skip", "not sure", "unsure"):
        return None
    text = re.sub(rf"^{HEDGES}\s*", "", text)
    for word, number in NUMBER_WORDS.items():
        text = re.sub(rf"\b{word}\b", str(number), text)
    return text


def pain_score(raw: str) -> int | None:
    """0-10 from "7", "7/10", "7 out of 10", "about 6", "six", "7-8" (the higher, to be safe).
    Empty: None."""
    text = _numbers(raw)
    if text is None:
        return None
    match = re.fullmatch(r"(\d{1,2})(?:\s*(?:-|to|or)\s*(\d{1,2}))?\s*(?:(?:/|out of)\s*10)?\.?", text)
    if match is None:
        raise Unreadable(N_("Type a number from 0 (no pain) to 10 (the worst pain you can imagine), for example 6."))
    score = max(int(g) for g in match.groups() if g is not None)
    if score > 10:
        raise Unreadable(N_("The pain score goes from 0 to 10."))
    return score


def duration_days(raw: str) -> int | None:
    """Days from "3", "3 days", "2 weeks", "a week", "3w", "about a month", "since yesterday".
    Empty: None."""
    text = _numbers(re.sub(r"^for\s+", "", _clean(raw)))
    if text is None:
        return None
    if text in ("today", "since today", "this morning", "tonight", "hôm nay", "hom nay", "sáng nay", "今天"):
        return 0
    if text in ("yesterday", "since yesterday", "hôm qua", "hom qua", "từ hôm qua", "昨天", "从昨天"):
        return 1
    match = re.fullmatch(r"(\d{1,3})\s*(d|days?|w|wks?|weeks?|m|months?|ngày|ngay|tuần|tuan|tháng|thang"
                         r"|天|日|周|週|星期|个月|個月|月)?(?:\s*(?:nay|rồi|roi)|了)?\.?", text)
    if match is None:
        raise Unreadable(N_("Type how long it has been going on, for example 3 days or 2 weeks."))
    unit = UNITS.get(match.group(2) or "d", 1)
    days = int(match.group(1)) * unit
    if days > 400:
        raise Unreadable(N_("Type how long it has been going on, up to 400 days."))
    return days


# Vietnamese (with and without diacritics) and Chinese answers are read too (issue 13).
# Not "k" or "u": in English chat "k" is "ok", so a short answer that could be either is asked again.
YES_INTL = ("có", "co", "có ạ", "co a", "vâng", "vang", "dạ có", "da co", "ừ", "đúng", "dung", "是", "是的", "有",
            "对", "對")
NO_INTL = ("không", "khong", "ko", "không có", "khong co", "dạ không", "da khong", "chưa", "chua", "否", "不是",
           "没有", "沒有", "没", "沒", "不", "无", "無")
UNSURE_INTL = ("không chắc", "khong chac", "không biết", "khong biet", "chưa chắc", "chua chac", "không rõ",
               "khong ro", "不确定", "不確定", "不知道", "不清楚", "说不准", "說不準")
UNITS = {"w": 7, "m": 30, "tuần": 7, "tuan": 7, "tháng": 30, "thang": 30, "周": 7, "週": 7, "星期": 7,
         "个月": 30, "個月": 30, "月": 30}
YES = ("y", "yes", "yeah", "yep", "yup", "ya", "yes please", "i do", "i have", "i am", "true", *YES_INTL)
NO = ("n", "no", "nope", "nah", "no thanks", "i don't", "i do not", "i haven't", "i am not", "false", "none",
      *NO_INTL)
UNSURE = ("not sure", "unsure", "ns", "?", "don't know", "dont know", "i don't know", "idk", "maybe",
          "dunno", "possibly", "perhaps", "not certain", "i'm not sure", "im not sure", *UNSURE_INTL)


def yes_no(raw: str) -> str:
    """"yes", "no" or "unsure" (not sure counts as yes) from y / n / not sure and their variants."""
    text = _clean(raw).rstrip(".!")
    if text in YES:
        return "yes"
    if text in NO:
        return "no"
    if text in UNSURE:
        return "unsure"
    raise Unreadable(N_("Type yes, no or not sure (y, n or ?)."))


def choices(raw: str, options: Sequence[tuple[str, str]], *, one: bool = False) -> list[str]:
    """The ids of the options she chose, by number ("1 3", "1,3", "2 and 4") or by words from
    their labels ("low back"). "none", "no" or "0" chooses none; so does an empty answer."""
    text = _clean(raw)
    if text in ("", "none", "no", "n", "0", "nothing", "none of these", "neither", *NO_INTL):
        return []
    parts = [p for p in re.split(r"\s*(?:,|;|\band\b|&|\s)\s*", text) if p]
    if all(p.isdigit() for p in parts):
        picked = [int(p) for p in parts]
        if any(not 1 <= n <= len(options) for n in picked):
            raise Unreadable(N_("Type numbers from 1 to %(count)s, for example 1 3, or none."), count=len(options))
        chosen = list(dict.fromkeys(options[n - 1][0] for n in picked))
    else:
        chosen = [value for value, label in options if text in label.lower()]
        if len(chosen) != 1:
            raise Unreadable(N_("Type the numbers of your answers, for example 1 3 (from 1 to %(count)s), or none."),
                             count=len(options))
    if one and len(chosen) > 1:
        raise Unreadable(N_("Type one number from 1 to %(count)s."), count=len(options))
    return chosen


def onset(raw: str) -> str:
    """"sudden", "gradual", or "" (not sure, or skipped)."""
    text = _clean(raw).rstrip(".!")
    if text in ("", "not sure", "unsure", "?", "don't know", "dont know", "skip", *UNSURE_INTL):
        return ""
    if re.fullmatch(r"(?:all of a |very |quite )?sudden(?:ly)?|(?:all )?at once|quick(?:ly)?|fast|s"
                    r"|(?:rất )?đột ngột|dot ngot|tự nhiên|tu nhien|bất ngờ|bat ngo|突然|一下子", text):
        return "sudden"
    if re.fullmatch(r"(?:very |quite )?(?:slow(?:ly)?|gradual(?:ly)?)|bit by bit|over (?:time|days|hours)|g"
                    r"|từ từ|tu tu|dần dần|dan dan|慢慢|逐渐|逐漸|慢慢地", text):
        return "gradual"
    raise Unreadable(N_("Type suddenly, slowly, or not sure."))
