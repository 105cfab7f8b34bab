"""Streaks and strength: pure functions over which days were complete, partly done or rest days."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Collection, Container, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

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


class Record:
    """Which days were complete, partly done and rest days, worked out once for every day asked about: the
    streak and the strength of any day are then a lookup and a short walk, not a pass over decades of
    days each (a check-in asks about today and yesterday; a History screen about many days). The days
    are kept as arrays by day number, a byte or a float a day: thirty years of them are a few hundred
    kilobytes, not megabytes of dates and sets.

    `fractions`: each day's fraction of the steps done; `rest`: the rest days (a complete day counts as
    complete, not as rest). The same figures as `streak` and `strength` above give, which they are.
    """

    def __init__(self, fractions: Mapping[date, float], rest: Collection[date]) -> None:
        numbered = {d.toordinal(): f for d, f in fractions.items()}
        self.rest = frozenset(d for d in rest if fractions.get(d) != 1.0)
        resting = [d.toordinal() for d in self.rest]
        self._first = min(min(numbered, default=None) or 10**9, min(resting, default=None) or 10**9) \
            if numbered or resting else 0  # the first day with anything recorded: the score starts there
        size = max(max(numbered, default=0), max(resting, default=0)) - self._first + 1 if numbered or resting else 0
        self._fraction = array("d", bytes(8 * size))  # each day's fraction, from the first day on
        self._done = bytearray(size)  # 1: a complete day
        self._resting = bytearray(size)  # 1: a rest day (not a complete one)
        for number, fraction in numbered.items():
            self._fraction[number - self._first] = fraction
            self._done[number - self._first] = fraction == 1.0
        for number in resting:
            self._resting[number - self._first] = 1
        self.complete = _Marked(self._done, self._first)
        # The runs of complete-or-rest days: (first day, last day, complete days in it), in order.
        self._runs: list[tuple[int, int, int]] = []
        start = None
        for at in range(size + 1):
            counts = at < size and (self._done[at] or self._resting[at])
            if counts and start is None:
                start = at
            elif not counts and start is not None:
                self._runs.append((self._first + start, self._first + at - 1, sum(self._done[start:at])))
                start = None
        self._starts = [first for first, _, _ in self._runs]
        self._best_before = list(accumulate((count for _, _, count in self._runs), max, initial=0))
        self._scores = array("d")  # the score before each day from the first on, as far as asked

    def streak(self, today: date) -> Streak:
        return Streak(current_streak(self.complete, self.rest, today), self._longest(today.toordinal()))

    def _longest(self, last: int) -> int:
        """longest_streak as of the day numbered `last`: the best of the runs before it, and the part of
        the run it is in (or the last one before it) up to it."""
        at = bisect_right(self._starts, last) - 1  # the last run that starts on or before it
        if at < 0:
            return 0
        start, end, count = self._runs[at]
        if end > last:  # it is inside this run: only the complete days up to it count
            count = sum(self._done[start - self._first:last - self._first + 1])
        return max(self._best_before[at], count)

    def strength(self, today: date, alpha: float = STRENGTH_ALPHA) -> float:
        """strength(fractions, rest, today), from the scores kept as they were worked out."""
        last = today.toordinal() - self._first  # days since the first
        if not self._fraction or last < 0:
            return 0.0
        if alpha != STRENGTH_ALPHA:
            fractions = {date.fromordinal(self._first + n): f for n, f in enumerate(self._fraction) if f}
            return strength(fractions, self.rest, today, alpha)
        scores, fraction, resting, size = self._scores, self._fraction, self._resting, len(self._fraction)
        if not scores:
            scores.append(0.0)  # before the first day
        score = scores[-1]
        for day in range(len(scores), last + 1):  # the score before `day`: every day before it moved it
            done = fraction[day - 1] if day - 1 < size else 0.0
            if day - 1 >= size or not resting[day - 1] or done >= 1.0:
                score += alpha * (done - score)
            scores.append(score)
        score = scores[last]
        done = fraction[last] if last < size else 0.0
        if last >= size or not resting[last] or done >= 1.0:
            score = max(score, score + alpha * (done - score))
        return min(1.0, max(0.0, score))


class _Marked:
    """The days marked in a bytearray by day number (from `first`), asked one day at a time."""

    __slots__ = ("_marks", "_first")

    def __init__(self, marks: bytearray, first: int) -> None:
        self._marks, self._first = marks, first

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        at = day.toordinal() - self._first
        return 0 <= at < len(self._marks) and bool(self._marks[at])
