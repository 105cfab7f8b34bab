"""Streaks and strength as pure functions of complete, partly done and rest days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from habits.streaks import (
    STRENGTH_ALPHA,
    STRENGTH_HALF_LIFE_DAYS,
    Streak,
    current_streak,
    longest_streak,
    streak,
    strength,
)
from tests.sizes import examples

TODAY = date(2026, 11, 21)


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def days(*offsets: int) -> set[date]:
    return {ago(n) for n in offsets}


# --- current streak -------------------------------------------------------------------------------

def test_while_today_is_open_the_current_streak_is_the_run_ending_yesterday():
    assert current_streak(days(1, 2, 3), set(), TODAY) == 3


def test_a_complete_today_counts_in_the_current_streak():
    assert current_streak(days(0, 1, 2), set(), TODAY) == 3


def test_a_rest_today_keeps_the_run_and_adds_nothing():
    assert current_streak(days(1, 2), days(0), TODAY) == 2


def test_a_rest_day_bridges_a_gap_without_adding_to_the_count():
    assert current_streak(days(1, 3, 4), days(2), TODAY) == 3


def test_a_gap_breaks_the_run():
    assert current_streak(days(1, 3, 4, 5), set(), TODAY) == 1


def test_a_missed_yesterday_with_today_open_means_no_current_streak():
    assert current_streak(days(2, 3, 4), set(), TODAY) == 0


def test_rest_days_alone_make_no_streak():
    assert current_streak(set(), days(0, 1), TODAY) == 0
    assert longest_streak(set(), days(0, 1), TODAY) == 0


def test_an_empty_history_has_no_streak():
    assert streak(set(), set(), TODAY) == Streak(0, 0)


# --- longest streak -------------------------------------------------------------------------------

def test_longest_is_the_best_of_several_runs():
    complete = days(20, 19, 18) | days(15, 14, 13, 12, 11) | days(8, 7) | days(1)
    assert longest_streak(complete, set(), TODAY) == 5
    assert current_streak(complete, set(), TODAY) == 1


def test_a_run_that_starts_with_rest_days_counts_only_its_complete_days():
    complete = days(16, 15, 14, 13) | days(2)
    rest = days(18, 17)
    assert longest_streak(complete, rest, TODAY) == 4


def test_rest_days_join_runs_into_one_for_the_longest():
    complete = days(10, 9, 8) | days(6, 5) | days(3, 2, 1)
    assert longest_streak(complete, set(), TODAY) == 3
    assert longest_streak(complete, days(7, 4), TODAY) == 8


def test_days_after_today_do_not_count_in_the_longest():
    complete = {TODAY + timedelta(days=n) for n in range(1, 6)} | days(0)
    assert longest_streak(complete, set(), TODAY) == 1


# --- properties -----------------------------------------------------------------------------------

WINDOW = 40
statuses = st.lists(st.sampled_from(["none", "complete", "rest"]), max_size=WINDOW)


def split(marks: list[str]) -> tuple[set[date], set[date]]:
    """marks[n] is the day n days ago."""
    complete = {ago(n) for n, mark in enumerate(marks) if mark == "complete"}
    rest = {ago(n) for n, mark in enumerate(marks) if mark == "rest"}
    return complete, rest


def reference_runs(complete: set[date], rest: set[date]) -> list[int]:
    """Every run's count of complete days, found by walking the calendar one day at a time."""
    runs, count = [], 0
    for n in range(WINDOW + 2, -1, -1):
        day = ago(n)
        if day in complete or day in rest:
            count += day in complete
        else:
            runs.append(count)
            count = 0
    runs.append(count)
    return runs


@given(statuses)
@settings(max_examples=examples(50))
def test_current_never_exceeds_longest_and_longest_never_exceeds_complete_days(marks):
    complete, rest = split(marks)
    result = streak(complete, rest, TODAY)
    assert result.current <= result.longest <= len(complete)
    assert result.longest == max(reference_runs(complete, rest))


@given(statuses, st.integers(min_value=0, max_value=WINDOW))
@settings(max_examples=examples(50))
def test_adding_a_complete_day_never_lowers_a_streak(marks, offset):
    complete, rest = split(marks)
    before = streak(complete, rest, TODAY)
    after = streak(complete | {ago(offset)}, rest - {ago(offset)}, TODAY)
    assert after.longest >= before.longest
    assert after.current >= before.current


@given(statuses, st.integers(min_value=0, max_value=WINDOW))
@settings(max_examples=examples(50))
def test_marking_an_open_day_as_rest_never_lowers_a_streak(marks, offset):
    complete, rest = split(marks)
    day = ago(offset)
    if day in complete or day in rest:
        return
    before = streak(complete, rest, TODAY)
    after = streak(complete, rest | {day}, TODAY)
    assert after.current >= before.current
    assert after.longest >= before.longest


@given(st.integers(min_value=1, max_value=400))
@settings(max_examples=examples(50))
def test_n_complete_days_ending_today_make_a_current_streak_of_n(n):
    complete = {ago(k) for k in range(n)}
    assert current_streak(complete, set(), TODAY) == n
    assert longest_streak(complete, set(), TODAY) == n
    # The same run ending yesterday, with today still open, counts the same.
    assert current_streak({d - timedelta(days=1) for d in complete}, set(), TODAY) == n


# --- strength -------------------------------------------------------------------------------------

def complete_run(first: int, last: int) -> dict[date, float]:
    """Complete days from `first` days ago to `last` days ago."""
    return {ago(n): 1.0 for n in range(last, first + 1)}


def test_strength_of_an_empty_history_is_zero():
    assert strength({}, set(), TODAY) == 0.0
    assert strength({}, days(3), TODAY) == 0.0


def test_one_complete_day_moves_strength_by_alpha():
    assert strength({ago(1): 1.0}, set(), TODAY) == pytest.approx(STRENGTH_ALPHA)


def test_strength_reaches_one_half_after_one_half_life_of_complete_days():
    run = complete_run(STRENGTH_HALF_LIFE_DAYS, 1)
    assert strength(run, set(), TODAY) == pytest.approx(0.5)


def test_one_missed_day_after_a_long_run_dents_strength_but_does_not_zero_it():
    run = complete_run(61, 2)  # 60 complete days, then yesterday missed; today open
    unbroken = complete_run(61, 1)
    dented = strength(run, set(), TODAY)
    assert strength(unbroken, set(), TODAY) > dented > 0.9


def test_a_rest_day_is_skipped_as_if_it_were_not_in_the_calendar():
    with_rest = complete_run(20, 12) | complete_run(10, 1)  # day 11 ago is a rest day
    without_the_day = complete_run(19, 1)  # the same run with that day taken out
    assert strength(with_rest, days(11), TODAY) == pytest.approx(strength(without_the_day, set(), TODAY))
    # and a rest day scores better than the same day missed
    assert strength(with_rest, days(11), TODAY) > strength(with_rest, set(), TODAY)


def test_a_rest_day_before_the_first_entry_changes_nothing():
    run = complete_run(10, 1)
    assert strength(run, days(12, 11), TODAY) == pytest.approx(strength(run, set(), TODAY))


def test_an_open_today_never_lowers_strength():
    history = complete_run(30, 1) | {ago(4): 1 / 3}
    assert strength({**history, TODAY: 0.0}, set(), TODAY) == strength(history, set(), TODAY)
    # with yesterday complete, that is the strength yesterday's run had
    assert strength(history, set(), TODAY) == pytest.approx(strength(history, set(), ago(1)))
    assert strength({**history, TODAY: 1 / 3}, set(), TODAY) >= strength(history, set(), TODAY)


fraction = st.sampled_from([1 / 3, 2 / 3, 1.0])
histories = st.tuples(
    st.dictionaries(st.integers(min_value=0, max_value=WINDOW), fraction, max_size=WINDOW),
    st.sets(st.integers(min_value=0, max_value=WINDOW), max_size=10),
)


def as_dates(history: tuple[dict[int, float], set[int]]) -> tuple[dict[date, float], set[date]]:
    fractions, rest = history
    return {ago(n): f for n, f in fractions.items()}, {ago(n) for n in rest}


@given(histories)
@settings(max_examples=examples(50))
def test_strength_stays_between_zero_and_one(history):
    fractions, rest = as_dates(history)
    assert 0.0 <= strength(fractions, rest, TODAY) <= 1.0


@given(histories, st.integers(min_value=0, max_value=WINDOW), st.sampled_from([0.0, 1 / 3, 2 / 3, 1.0]),
       st.sampled_from([0.0, 1 / 3, 2 / 3, 1.0]))
@settings(max_examples=examples(60))
def test_strength_is_monotone_in_one_days_fraction(history, offset, low, high):
    low, high = sorted((low, high))
    fractions, rest = as_dates(history)

    def with_fraction(value: float) -> dict[date, float]:
        changed = {d: f for d, f in fractions.items() if d != ago(offset)}
        if value:
            changed[ago(offset)] = value
        return changed

    assert strength(with_fraction(low), rest, TODAY) <= strength(with_fraction(high), rest, TODAY) + 1e-12


@given(histories)
@settings(max_examples=examples(60))
def test_todays_progress_never_lowers_strength(history):
    fractions, rest = as_dates(history)
    before_today = {d: f for d, f in fractions.items() if d != TODAY}
    assert strength(fractions, rest, TODAY) >= strength(before_today, rest, TODAY) - 1e-12
