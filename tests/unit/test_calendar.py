"""The history's calendar as pure functions: cell levels, the year's grid, streaks per step, strength by day."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from habits.calendar import (
    add_months, day_level, history_facts, step_streaks, strength_series, year_grid,
)
from habits.model import STEP_KEYS, Entry, History, Reflection, RestDay
from habits.routine import day_status
from habits.streaks import Streak, strength
from tests.sizes import examples

TODAY = date(2026, 11, 21)  # a Saturday
STAMP = "2026-11-21T09:00:00+00:00"


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def entry(day: date, kind: str, n: int = 0) -> Entry:
    return Entry(id=f"{kind}-{day.isoformat()}-{n}", kind=kind, day=day, subject="someone", created=STAMP,
                 updated=STAMP)


def history(steps: dict[date, str], rest: tuple[date, ...] = (), reflections: tuple[date, ...] = ()) -> History:
    """steps maps a day to the steps done on it, as initials: "bcs" is all three, "c" only Connect."""
    initial = {key[0]: key for key in STEP_KEYS}
    return History(
        entries=tuple(entry(day, initial[c]) for day, done in steps.items() for c in done),
        rest_days={day: RestDay(f"r-{day}", day, STAMP, STAMP) for day in rest},
        reflections={day: Reflection(f"f-{day}", day, "words", STAMP, STAMP) for day in reflections},
    )


# --- a cell's level ------------------------------------------------------------------------------------

def test_a_cell_is_the_number_of_steps_done():
    facts = history_facts(history({ago(4): "", ago(3): "b", ago(2): "bc", ago(1): "bcs"}, reflections=(ago(5),)))
    assert [day_level(facts, ago(n), TODAY) for n in (5, 3, 2, 1)] == [0, 1, 2, 3]


def test_two_entries_of_one_step_are_one_step_done():
    facts = history_facts(History(entries=(entry(ago(1), "connect", 1), entry(ago(1), "connect", 2))))
    assert day_level(facts, ago(1), TODAY) == 1


def test_a_rest_day_is_marked_as_rest_unless_it_is_complete():
    facts = history_facts(history({ago(3): "bcs", ago(2): "b"}, rest=(ago(3), ago(2), ago(1))))
    assert [day_level(facts, ago(n), TODAY) for n in (3, 2, 1)] == [3, "rest", "rest"]


def test_days_after_today_are_future_and_days_before_the_first_record_are_before():
    facts = history_facts(history({ago(10): "b"}))
    assert day_level(facts, TODAY + timedelta(days=1), TODAY) == "future"
    assert day_level(facts, ago(11), TODAY) == "before"
    assert day_level(facts, ago(10), TODAY) == 1
    assert day_level(facts, ago(9), TODAY) == 0  # a missed day after the start
    assert day_level(facts, TODAY, TODAY) == 0  # today, nothing done yet


def test_an_empty_history_is_all_before_until_today():
    facts = history_facts(History())
    assert day_level(facts, TODAY, TODAY) == "before"
    assert day_level(facts, TODAY + timedelta(days=1), TODAY) == "future"


def test_a_rest_day_or_a_reflection_is_a_first_record():
    assert history_facts(history({ago(2): "b"}, rest=(ago(5),))).first == ago(5)
    assert history_facts(history({ago(2): "b"}, reflections=(ago(7),))).first == ago(7)


# --- the year's grid -----------------------------------------------------------------------------------

def test_2026_starts_on_a_thursday_in_its_first_column_and_has_53_week_columns():
    grid = year_grid(2026)
    assert date(2026, 1, 1).weekday() == 3
    assert len(grid.columns) == 53
    assert grid.columns[0] == (None, None, None, date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3),
                               date(2026, 1, 4))
    assert grid.position(date(2026, 1, 1)) == (0, 3)
    assert grid.position(date(2026, 1, 5)) == (1, 0)  # Monday begins a column
    # 2026 has 53 ISO weeks, and here the columns are exactly its ISO weeks.
    assert date.fromisocalendar(2026, 53, 1) == date(2026, 12, 28)
    for column, week in enumerate(grid.columns):
        assert {d.isocalendar()[:2] for d in week if d} == {(2026, column + 1)}


def test_31_december_is_in_the_last_column_with_next_year_left_out():
    grid = year_grid(2026)
    assert grid.position(date(2026, 12, 31)) == (52, 3)
    assert grid.columns[-1] == (date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31),
                                None, None, None)


def test_every_day_of_a_year_is_once_in_its_grid_at_its_weekday():
    for year in (2024, 2025, 2026, 2027):
        grid = year_grid(year)
        days = [d for column in grid.columns for d in column if d]
        assert days == [date(year, 1, 1) + timedelta(days=n) for n in range(len(days))]
        assert days[-1] == date(year, 12, 31)
        assert all(len(column) == 7 for column in grid.columns)
        assert all(d.weekday() == row for column in grid.columns for row, d in enumerate(column) if d)
        assert len(grid.columns) <= 53


def test_a_leap_year_starting_on_a_sunday_needs_54_columns():
    # 1 January alone in the first week, 31 December (a Monday) alone in the last.
    grid = year_grid(2012)
    assert date(2012, 1, 1).weekday() == 6
    assert len(grid.columns) == 54
    assert grid.columns[0][6] == date(2012, 1, 1) and grid.columns[-1][0] == date(2012, 12, 31)


def test_month_labels_go_over_the_column_of_the_first():
    starts = year_grid(2026).month_starts()
    assert starts[0] == (0, 1)
    assert starts[1] == (4, 2)  # 1 February 2026 is a Sunday, in the week of 26 January
    assert [month for _, month in starts] == list(range(1, 13))
    columns = [column for column, _ in starts]
    assert all(b - a >= 4 for a, b in zip(columns, columns[1:]))  # room for "Jan " and the next label


def test_a_day_outside_the_year_has_no_position():
    with pytest.raises(ValueError):
        year_grid(2026).position(date(2025, 12, 31))


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2026, 3, 15), -3, date(2025, 12, 15)),
    (date(2026, 12, 31), 1, date(2027, 1, 31)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2026, 11, 21), -12, date(2025, 11, 21)),
])
def test_months_move_to_the_same_day_or_the_last_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


# --- streaks per step ----------------------------------------------------------------------------------

def test_each_step_has_its_own_streak():
    facts = history_facts(history({ago(4): "bcs", ago(3): "bc", ago(2): "bc", ago(1): "b"}))
    assert step_streaks(facts, TODAY) == {
        "brainstorm": Streak(4, 4), "connect": Streak(0, 3), "share": Streak(0, 1),
    }


def test_a_rest_day_bridges_a_step_streak_without_adding_to_it():
    facts = history_facts(history({ago(4): "c", ago(3): "c", ago(1): "c"}, rest=(ago(2),)))
    assert step_streaks(facts, TODAY)["connect"] == Streak(3, 3)
    without_rest = history_facts(history({ago(4): "c", ago(3): "c", ago(1): "c"}))
    assert step_streaks(without_rest, TODAY)["connect"] == Streak(1, 2)


def test_today_is_open_for_a_step_until_it_is_done():
    facts = history_facts(history({ago(2): "bs", ago(1): "bs", TODAY: "b"}))
    streaks = step_streaks(facts, TODAY)
    assert streaks["brainstorm"] == Streak(3, 3)  # done today: today counts
    assert streaks["share"] == Streak(2, 2)  # not yet today: the run ending yesterday
    assert streaks["connect"] == Streak(0, 0)


def test_the_step_streaks_match_the_main_streak_when_every_day_is_complete():
    facts = history_facts(history({ago(n): "bcs" for n in range(1, 6)}, rest=(ago(6),)))
    main = day_status(history({ago(n): "bcs" for n in range(1, 6)}, rest=(ago(6),)), TODAY).streak
    assert set(step_streaks(facts, TODAY).values()) == {main}


# --- strength over time --------------------------------------------------------------------------------

WINDOW = 40
day_records = st.lists(st.sampled_from(["", "b", "bc", "bcs", "cs", "rest", "rest+b", "rest+bcs"]),
                       min_size=0, max_size=WINDOW)


def from_records(records: list[str]) -> History:
    """records[i] is the day WINDOW - i days ago; a record may be a rest day, with some steps done."""
    steps, rest = {}, []
    for i, record in enumerate(records):
        day = ago(WINDOW - 5 - i)  # the last few reach past TODAY, which the functions must ignore
        if record.startswith("rest"):
            rest.append(day)
            record = record.removeprefix("rest").removeprefix("+")
        if record:
            steps[day] = record
    return history(steps, tuple(rest))


@given(day_records, st.integers(min_value=1, max_value=WINDOW + 10))
@settings(max_examples=examples(60), deadline=None)
def test_the_strength_series_is_strength_as_of_each_day(records, days):
    past = from_records(records)
    facts = history_facts(past)
    fractions = {d: facts.fraction(d) for d in facts.kinds}
    series = strength_series(facts, TODAY, days=days)
    assert len(series) == days
    for offset, value in enumerate(series):
        end = TODAY - timedelta(days=days - 1 - offset)
        assert value == strength(fractions, set(past.rest_days), end)  # the same arithmetic: equal, not approximate


def test_the_strength_series_ends_with_the_status_strength():
    past = history({ago(n): "bcs" for n in range(1, 30)} | {ago(12): "b"}, rest=(ago(20),))
    assert strength_series(history_facts(past), TODAY, days=10)[-1] == day_status(past, TODAY).strength


def test_an_empty_history_has_no_strength():
    assert strength_series(history_facts(History()), TODAY, days=5) == [0.0] * 5


def test_ten_years_of_history_take_a_blink():
    start = TODAY - timedelta(days=3652)
    steps = {start + timedelta(days=n): ("bcs", "bc", "b", "")[n % 4] for n in range(3653)}
    past = history(steps, rest=tuple(start + timedelta(days=n) for n in range(5, 3650, 7)))
    began = time.perf_counter()
    facts = history_facts(past)
    step_streaks(facts, TODAY)
    strength_series(facts, TODAY, days=371)
    for day in (d for column in year_grid(2026).columns for d in column if d):
        day_level(facts, day, TODAY)
    assert time.perf_counter() - began < 0.5


def test_the_calendar_loads_no_textual_or_rich():
    code = ("import sys, habits.calendar\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'platformdirs')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
