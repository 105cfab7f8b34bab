"""The history as a calendar: each day's shade in a heat map, a year as columns of weeks, a streak per
step and strength day by day. Pure functions: the caller passes `today` in.

Everything starts from HistoryFacts, made in one pass over the entries, so that ten years of history
cost a few milliseconds however often the screen asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from habits.model import STEP_KEYS, History
from habits.streaks import STRENGTH_ALPHA, Streak, streak

ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(days=7)

# A day's shade: the number of steps done (0 to 3), or what the day is when it has no number.
Level = int | Literal["rest", "future", "before"]
LEVELS: tuple[Level, ...] = ("before", 0, 1, 2, 3, "rest", "future")


@dataclass(frozen=True)
class HistoryFacts:
    """What the calendar needs of a history, by day."""

    kinds: dict[date, frozenset[str]]  # the steps done on each day with an entry
    rest: frozenset[date]  # rest days that are not complete (a complete day marked rest counts as complete)
    first: date | None  # the first day with an entry, a rest day or a reflection
    reflections: frozenset[date]

    @property
    def complete(self) -> set[date]:
        return {day for day, kinds in self.kinds.items() if len(kinds) == len(STEP_KEYS)}

    def fraction(self, day: date) -> float:
        """The part of the day's steps done: 0, 1/3, 2/3 or 1 (the same numbers as habits.routine's)."""
        return len(self.kinds.get(day, ())) / len(STEP_KEYS)

    def done(self, day: date) -> int:
        return len(self.kinds.get(day, ()))


def history_facts(history: History) -> HistoryFacts:
    frozen = {day: frozenset(found) for day, found in history.kinds_by_day().items()}  # an ask does no step
    rest = frozenset(day for day in history.rest_days if len(frozen.get(day, ())) < len(STEP_KEYS))
    recorded = [*frozen, *history.rest_days, *history.reflections]
    return HistoryFacts(frozen, rest, min(recorded) if recorded else None, frozenset(history.reflections))


def day_level(facts: HistoryFacts, day: date, today: date) -> Level:
    """A heat-map cell: "future" after today, "before" the first record, "rest" for a rest day that is
    not complete, otherwise the number of steps done that day (0 to 3)."""
    if day > today:
        return "future"
    if facts.first is None or day < facts.first:
        return "before"
    if day in facts.rest:
        return "rest"
    return facts.done(day)


# ---------------------------------------------------------------------------------------------------------
# A year as columns of weeks


@dataclass(frozen=True)
class YearGrid:
    """A calendar year laid out as a heat map: a column per week (Monday first) and a row per weekday.

    `columns[c][r]` is the day in week column c on weekday r (0 Monday .. 6 Sunday), or None where that
    week reaches into the year before or after. The first column holds 1 January, the last 31
    December: 53 columns in most years, 54 in a leap year that starts on a Sunday (2012, 2040), whose
    first and last days are alone in their weeks.
    """

    year: int
    columns: tuple[tuple[date | None, ...], ...]

    @property
    def first_monday(self) -> date:
        first = date(self.year, 1, 1)
        return first - timedelta(days=first.weekday())

    def position(self, day: date) -> tuple[int, int]:
        """(column, row) of a day of this year."""
        if day.year != self.year:
            raise ValueError(f"{day.isoformat()} is not in {self.year}")
        return (day - self.first_monday).days // 7, day.weekday()

    def month_starts(self) -> list[tuple[int, int]]:
        """(column, month) for each month: the column holding its first day, where its label goes."""
        return [(self.position(date(self.year, month, 1))[0], month) for month in range(1, 13)]


def year_grid(year: int) -> YearGrid:
    first, last = date(year, 1, 1), date(year, 12, 31)
    monday = first - timedelta(days=first.weekday())
    columns = []
    while monday <= last:
        week = (monday + timedelta(days=offset) for offset in range(7))
        columns.append(tuple(day if day.year == year else None for day in week))
        monday += ONE_WEEK
    return YearGrid(year, tuple(columns))


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier); the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return day.replace(year=year, month=month, day=min(day.day, (following - ONE_DAY).day))


# ---------------------------------------------------------------------------------------------------------
# Streaks per step and strength over time


def step_streaks(facts: HistoryFacts, today: date) -> dict[str, Streak]:
    """For each step, its current and longest streak: days in a row with that step done.

    The rules are the main streak's (habits.streaks): a rest day bridges a gap without adding to the
    count, and today, while the step is not done, is still open and breaks nothing.
    """
    days_with: dict[str, set[date]] = {key: set() for key in STEP_KEYS}
    for day, kinds in facts.kinds.items():
        for kind in kinds:
            days_with[kind].add(day)
    return {key: streak(days_with[key], facts.rest, today) for key in STEP_KEYS}


def strength_series(
    facts: HistoryFacts, today: date, days: int = 84, alpha: float = STRENGTH_ALPHA
) -> list[float]:
    """Strength as of each of the `days` days ending with `today`, oldest first: the value
    habits.streaks.strength gives with that day as "today" (open: it only counts when it raises the
    score), worked out in one pass from the first record instead of once per day.
    """
    first_shown = today - timedelta(days=days - 1)
    started = [day for day in facts.kinds if day <= today] + [day for day in facts.rest if day <= today]
    if not started:
        return [0.0] * days
    start = min(started)
    series = [0.0] * max(0, (start - first_shown).days)
    score = 0.0  # the score after every day before `day`
    day = start
    while day <= today:
        fraction = facts.fraction(day)
        counts = day not in facts.rest or fraction >= 1.0
        if day >= first_shown:
            value = max(score, score + alpha * (fraction - score)) if counts else score
            series.append(min(1.0, max(0.0, value)))
        if counts:
            score += alpha * (fraction - score)
        day += ONE_DAY
    return series[-days:] if days else []
