"""Streaks and strength: pure functions over which days were complete, partly done or rest days."""

from __future__ import annotations

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
    days each (a check-in asks about today and yesterday; a History screen about many days).

    `fractions`: each day's fraction of the steps done; `rest`: the rest days (a complete day counts as
    complete, not as rest). The same figures as `streak` and `strength` above give, which they are.
    """

    def __init__(self, fractions: Mapping[date, float], rest: Collection[date]) -> None:
        self.complete = frozenset(d for d, done in fractions.items() if done == 1.0)
        self.rest = frozenset(d for d in rest if d not in self.complete)
        self._by_number = {d.toordinal(): f for d, f in fractions.items()}
        self._resting = frozenset(d.toordinal() for d in self.rest)
        done = {d.toordinal() for d in self.complete}
        # The runs of complete-or-rest days: (first day, last day, complete days in it), in order.
        self._runs: list[tuple[int, int, int]] = []
        for day in sorted(done | self._resting):
            if self._runs and self._runs[-1][1] == day - 1:
                start, _, count = self._runs[-1]
                self._runs[-1] = (start, day, count + (day in done))
            else:
                self._runs.append((day, day, int(day in done)))
        self._done = done
        self._starts = [start for start, _, _ in self._runs]
        self._best_before = list(accumulate((count for _, _, count in self._runs), max, initial=0))
        # The first day with anything recorded (None: nothing is): the score starts there.
        self._first = min(min(self._by_number, default=None) or 10**9, min(self._resting, default=None) or 10**9) \
            if self._by_number or self._resting else None
        self._scores: list[float] = []  # the score before each day from the first on, as far as asked

    def streak(self, today: date) -> Streak:
        return Streak(current_streak(self.complete, self.rest, today), self._longest(today.toordinal()))

    def _longest(self, last: int) -> int:
        """longest_streak as of the day numbered `last`: the best of the runs before it, and the part of
        the run it is in (or the last one before it) up to it."""
        runs = self._runs
        at = bisect_right(self._starts, last) - 1  # the last run that starts on or before it
        if at < 0:
            return 0
        start, end, count = runs[at]
        if end > last:  # it is inside this run: only the complete days up to it count
            count = sum(1 for day in range(start, last + 1) if day in self._done)
        return max(self._best_before[at], count)

    def strength(self, today: date, alpha: float = STRENGTH_ALPHA) -> float:
        """strength(fractions, rest, today), from the scores kept as they were worked out."""
        last = today.toordinal()
        if self._first is None or last < self._first:
            return 0.0
        if alpha != STRENGTH_ALPHA:
            return strength({date.fromordinal(d): f for d, f in self._by_number.items()},
                            {date.fromordinal(d) for d in self._resting}, today, alpha)
        scores, by_number, resting = self._scores, self._by_number, self._resting
        score = scores[-1] if scores else 0.0
        day = self._first + len(scores)
        if not scores:
            scores.append(0.0)  # before the first day
            day = self._first + 1
            score = 0.0
        while day <= last:  # the score before `day`: every day before it moved it
            done = by_number.get(day - 1, 0.0)
            if day - 1 not in resting or done >= 1.0:
                score += alpha * (done - score)
            scores.append(score)
            day += 1
        score = scores[last - self._first]
        done = by_number.get(last, 0.0)
        if last not in resting or done >= 1.0:
            score = max(score, score + alpha * (done - score))
        return min(1.0, max(0.0, score))
