"""Routine days: where one ends and the next begins, and the dates a person may type."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from habits.text import InputError

DEFAULT_DAY_START_HOUR = 4

_AGO = re.compile(r"^(\d{1,4})\s+days?\s+ago$")
_YEAR = re.compile(r"\b\d{4}\b")
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$")


def routine_day(now: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The routine day a moment belongs to.

    The day turns over at `day_start_hour` on the local wall clock, so 01:30 on the 22nd still
    belongs to the 21st when the day starts at 4. Wall-clock time (not elapsed time) is what a
    person means by "before I went to bed", so daylight-saving shifts move nothing.
    """
    wall = now.replace(tzinfo=None)
    return (wall - timedelta(hours=day_start_hour)).date()


def today_of(settings: Mapping[str, object], now: datetime) -> date:
    """The routine day `now` belongs to, by the stored day_start_hour (its default when unset): the one
    place a "today" is worked out; the door hands it to every face in its snapshot."""
    hour = settings.get("day_start_hour", DEFAULT_DAY_START_HOUR)
    return routine_day(now, hour if isinstance(hour, int) else DEFAULT_DAY_START_HOUR)


def parse_day(text: str, today: date) -> date:
    """A DATE argument: YYYY-MM-DD, today, yesterday, "N days ago" or a date dateutil understands.

    A day after `today` (the current routine day) is refused: the routine is about days lived.
    """
    raw = " ".join(str(text).split()).lower()
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    if not raw:
        raise InputError("the date is empty")
    if raw == "today":
        day = today
    elif raw == "tomorrow":
        day = today + timedelta(days=1)
    elif raw == "yesterday":
        day = today - timedelta(days=1)
    elif match := _AGO.match(raw):
        day = today - timedelta(days=int(match.group(1)))
    else:
        day = _parse_calendar_date(raw, shown, today)
    if day > today:
        raise InputError(f"{day.isoformat()} is in the future (today is {today.isoformat()})")
    return day


def _parse_calendar_date(raw: str, shown: str, today: date) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    if len(raw) > 60:
        raise InputError(f"cannot read {shown!r} as a date; try YYYY-MM-DD, today or yesterday")
    from dateutil import parser  # imported here: most commands never parse a free-form date

    unreadable = InputError(f"cannot read {shown!r} as a date; try YYYY-MM-DD, today or yesterday")
    try:
        day = parser.parse(raw, default=datetime(today.year, today.month, today.day)).date()
    except (ValueError, OverflowError):
        if _YEAR.search(raw):
            raise unreadable from None
        try:  # perhaps 29 February, in a year that has none: the last leap year's
            leap = parser.parse(raw, default=datetime(2000, 1, 1)).date()
        except (ValueError, OverflowError):
            raise unreadable from None
        year = today.year - (today.year % 4)
        while (year % 100 == 0 and year % 400) or date(year, leap.month, leap.day) > today:
            year -= 4
        return date(year, leap.month, leap.day)
    # A date typed without a year means the last one that has been: "monday" is the Monday just gone,
    # "20 November" typed in January is last November.
    if day > today and not _YEAR.search(raw):
        if _WEEKDAY.match(raw):
            day -= timedelta(days=7)
        else:
            try:
                day = day.replace(year=day.year - 1)
            except ValueError:  # 29 February
                day = day.replace(year=day.year - 1, day=28)
    return day


def iso_week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def ago(day: date, today: date) -> str:
    """How long ago a day was, as a person says it: today, yesterday, 3 days ago, 5 weeks ago."""
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"
