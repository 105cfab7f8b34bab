"""Streaks and strength: pure functions over which days were complete, partly done or rest days."""

from __future__ import annotations

from collections.abc import Collection, Container, Mapping
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


def _counts_toward_run(day: date, complete: Container[date], rest: Container[date]) -> bool:
    return day in complete or day in rest


def current_streak(complete: Container[date], rest: Container[date], today: date) -> int:
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
    last = today.toordinal()
    done = {d.toordinal() for d in complete}
    best = run = 0
    previous = None
    # Day numbers, not dates: decades of days are walked on every status, and int sums are cheap.
    for day in sorted({n for n in done if n <= last} | {n for n in (d.toordinal() for d in rest) if n <= last}):
        if day - 1 != previous:
            run = 0
        run += day in done
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
    last = today.toordinal()
    by_number = {d.toordinal(): f for d, f in fractions.items() if d <= today}
    resting = {d.toordinal() for d in rest if d <= today}
    if not by_number and not resting:
        return 0.0
    score = 0.0
    for day in range(min(min(by_number, default=last), min(resting, default=last)), last):
        done = by_number.get(day, 0.0)
        if day not in resting or done >= 1.0:
            score += alpha * (done - score)
    done = by_number.get(last, 0.0)
    if last not in resting or done >= 1.0:
        score = max(score, score + alpha * (done - score))
    return min(1.0, max(0.0, score))
