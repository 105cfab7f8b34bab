"""Streaks and strength: pure functions over which days were complete, partly done or rest days."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

# A day's weight in the strength score halves over this many days: a missed day dents the score,
# two good weeks make up for it.
STRENGTH_HALF_LIFE_DAYS = 14
STRENGTH_ALPHA = 1 - 0.5 ** (1 / STRENGTH_HALF_LIFE_DAYS)

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Streak:
    current: int
    longest: int


def _counts_toward_run(day: date, complete: Collection[date], rest: Collection[date]) -> bool:
    return day in complete or day in rest


def current_streak(complete: Collection[date], rest: Collection[date], today: date) -> int:
    """Complete days in the unbroken run of complete-or-rest days that ends today.

    While today is neither complete nor a rest day it is still open, so the run ending yesterday counts.
    """
    day = today if _counts_toward_run(today, complete, rest) else today - ONE_DAY
    count = 0
    while _counts_toward_run(day, complete, rest):
        count += day in complete
        day -= ONE_DAY
    return count


def longest_streak(complete: Collection[date], rest: Collection[date], today: date) -> int:
    """The most complete days in any unbroken run of complete-or-rest days, up to today."""
    best = run = 0
    previous: date | None = None
    for day in sorted({d for d in complete if d <= today} | {d for d in rest if d <= today}):
        if previous is None or day - previous != ONE_DAY:
            run = 0
        run += day in complete
        best = max(best, run)
        previous = day
    return best


def streak(complete: Collection[date], rest: Collection[date], today: date) -> Streak:
    return Streak(current_streak(complete, rest, today), longest_streak(complete, rest, today))


def strength(
    fractions: Mapping[date, float], rest: Collection[date], today: date, alpha: float = STRENGTH_ALPHA
) -> float:
    """An exponentially smoothed score of each day's fraction of steps done (0, 1/3, 2/3, 1).

    s starts at 0 on the first day with anything recorded; every later day d up to yesterday, rest
    days skipped, moves it: s = s + alpha * (f(d) - s). Today is still open, so it only counts when
    it raises the score. The result is between 0.0 and 1.0.
    """
    started = [d for d in fractions if d <= today] + [d for d in rest if d <= today]
    if not started:
        return 0.0
    score = 0.0
    day = min(started)
    while day < today:
        if day not in rest or fractions.get(day, 0.0) >= 1.0:
            score += alpha * (fractions.get(day, 0.0) - score)
        day += ONE_DAY
    if today not in rest or fractions.get(today, 0.0) >= 1.0:
        score = max(score, score + alpha * (fractions.get(today, 0.0) - score))
    return min(1.0, max(0.0, score))
