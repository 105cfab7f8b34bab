"""Milestones: each streak threshold said once as it is crossed, never a word when a streak falls, and
people moving up to talking or connected; through pure histories and through a real Store."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count

import pytest

from habits import routine
from habits.milestones import (
    STREAK_MILESTONES,
    heard_milestones,
    logged_milestones,
    step_milestones,
    milestones,
    stage_milestones,
    streak_milestones,
)
from habits.model import STEP_KEYS, Entry, Heard, History, RestDay
from habits.store import Store

TODAY = date(2026, 11, 21)
STAMP = "2026-11-21T09:00:00+00:00"
_ids = count()


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def entry(kind: str, day: date, subject: str = "x") -> Entry:
    return Entry(id=f"e{next(_ids)}", kind=kind, day=day, subject=subject, created=STAMP, updated=STAMP)


def full_days(*offsets: int) -> tuple[Entry, ...]:
    return tuple(entry(kind, ago(n)) for n in offsets for kind in STEP_KEYS)


def heard(person: str, day: date) -> Heard:
    return Heard(id=f"h{next(_ids)}", day=day, person=person, created=STAMP, updated=STAMP)


# --- the streak ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("days", sorted(STREAK_MILESTONES))
def test_each_threshold_is_said_exactly_as_it_is_crossed(days):
    assert [m.value for m in streak_milestones(days - 1, days)] == [days]
    assert streak_milestones(days, days) == []  # staying there: said already
    assert streak_milestones(days, days + 1) == []  # going past: nothing new
    assert streak_milestones(days - 2, days - 1) == []  # one short


def test_a_streak_that_falls_or_restarts_says_nothing():
    for before, after in ((8, 0), (31, 2), (366, 1), (7, 6), (100, 0)):
        assert streak_milestones(before, after) == []


def test_a_jump_over_several_thresholds_says_only_the_highest():
    assert [m.value for m in streak_milestones(0, 400)] == [365]
    assert [m.value for m in streak_milestones(6, 31)] == [30]


def test_completing_the_seventh_day_is_a_milestone_once_and_the_steps_before_it_are_not():
    done_week = full_days(1, 2, 3, 4, 5, 6)
    steps = [entry(kind, TODAY) for kind in STEP_KEYS]
    history = History(entries=done_week)
    said = []
    for step in steps:  # the three steps of today, one after another
        after = History(entries=history.entries + (step,))
        said.append([m.text for m in logged_milestones(after, step, TODAY)])
        history = after
    assert said == [[], [], [STREAK_MILESTONES[7]]]
    # A fourth entry on a complete day changes nothing.
    extra = entry("connect", TODAY)
    assert logged_milestones(History(entries=history.entries + (extra,)), extra, TODAY) == []


def test_a_rest_day_in_the_run_carries_the_streak_to_seven():
    rest = {ago(3): RestDay(id="r", day=ago(3), created=STAMP, updated=STAMP)}
    before = History(entries=full_days(1, 2, 4, 5, 6, 7) + tuple(entry(k, TODAY) for k in STEP_KEYS[:2]),
                     rest_days=rest)
    last = entry(STEP_KEYS[2], TODAY)
    after = History(entries=before.entries + (last,), rest_days=rest)
    assert [m.value for m in milestones(before, after, TODAY)] == [7]


def test_the_summary_by_day_gives_the_same_answer_as_the_whole_history():
    earlier = full_days(1, 2, 3, 4, 5, 6)
    last = entry(STEP_KEYS[2], TODAY)
    today_entries = tuple(entry(k, TODAY) for k in STEP_KEYS[:2]) + (last,)
    by_day = {e.day: set(STEP_KEYS) for e in earlier} | {TODAY: set(STEP_KEYS)}
    # The summary holds only today's entries, and which steps every day had.
    assert [m.value for m in step_milestones(by_day, {}, last, True, TODAY)] == [7]
    assert [m.value for m in logged_milestones(History(entries=earlier + today_entries), last, TODAY)] == [7]
    # A second entry of a kind already done today moves nothing.
    again = entry(STEP_KEYS[0], TODAY)
    assert step_milestones(by_day, {}, again, False, TODAY) == []
    assert logged_milestones(History(entries=earlier + today_entries + (again,)), again, TODAY) == []


def test_undoing_the_step_that_made_day_seven_says_nothing():
    week = History(entries=full_days(0, 1, 2, 3, 4, 5, 6))
    undone = History(entries=week.entries[:-1])
    assert milestones(week, undone, TODAY) == []


# --- people -------------------------------------------------------------------------------------------

def test_moving_up_to_talking_or_connected_is_a_milestone_and_down_or_sideways_is_not():
    said = stage_milestones({"Jane": "warming", "Ann": "talking", "Bo": "talking"},
                            {"Jane": "talking", "Ann": "connected", "Bo": "new", "Cy": "talking", "Di": "warming"})
    assert [(m.person, m.value) for m in said] == [("Jane", "talking"), ("Ann", "connected"), ("Cy", "talking")]
    assert "Jane answered you" in said[0].text
    assert stage_milestones({"Jane": "talking"}, {"Jane": "talking"}) == []
    assert stage_milestones({"Ann": "connected"}, {"Ann": "talking"}) == []


def test_the_first_answer_makes_talking_and_the_third_a_month_on_makes_connected():
    given = tuple(entry("connect", ago(n), "@Jane") for n in (60, 50, 40))
    first = heard("jane", ago(40))
    history = History(entries=given, heard=(first,))
    assert [(m.person, m.value) for m in heard_milestones(history, first, TODAY)] == [("@Jane", "talking")]
    second = heard("Jane", ago(20))
    history = History(entries=given, heard=(first, second))
    assert heard_milestones(history, second, TODAY) == []  # still talking
    third = heard("jane", ago(5))
    history = History(entries=given, heard=(first, second, third))
    said = heard_milestones(history, third, TODAY)
    assert [m.value for m in said] == ["connected"]
    assert said[0].text == "You and @Jane are connected now: a relationship built over weeks."


def test_logging_and_hearing_through_a_real_store(tmp_path):
    now = datetime(2026, 11, 21, 9, 0).astimezone()
    store = Store(tmp_path / "coach.json", clock=lambda: now)
    for n in range(6, 0, -1):
        for kind in STEP_KEYS:
            routine.log_step(store, kind, f"{kind} {n}", day=ago(n))
    said = []
    for kind in STEP_KEYS:
        logged = routine.log_step(store, kind, "Jane" if kind != "brainstorm" else "teachers")
        said += logged_milestones(store.read(), logged.entry, TODAY)
    assert [m.value for m in said] == [7]
    record = routine.log_heard(store, "jane")
    assert [m.value for m in heard_milestones(store.read(), record, TODAY)] == ["talking"]
