"""Time, with an injected clock: the routine day an entry is made on is the day it keeps; daylight-saving
nights, a clock that goes backwards and a trip across time zones never duplicate or lose a day.

How time flows through coach: `Store.clock()` gives an aware moment; `routine.today_for` takes its wall
clock (`habits.days.routine_day` drops the tzinfo after reading the local time), so the day is the one
on the clock the person looks at. Stamps (`created`, `updated`) are that moment in the computer's own
zone, with its UTC offset, so they compare as moments whatever zone wrote them.
"""

from __future__ import annotations

import json
import os
import time as systime
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from habits import exchange, routine
from habits.days import routine_day
from habits.store import Store
from habits.text import InputError

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")

# 2026's daylight-saving nights: (zone, the day the clocks change)
FALL_BACK = [(LONDON, date(2026, 10, 25)), (NEW_YORK, date(2026, 11, 1))]  # 01:00-01:59 happens twice
SPRING_FORWARD = [(LONDON, date(2026, 3, 29)), (NEW_YORK, date(2026, 3, 8))]  # London skips 01:xx, NY 02:xx


class Clock:
    """A clock a test sets by hand to any aware moment."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@contextmanager
def system_zone(name: str) -> Iterator[None]:
    """The computer's own time zone (what stamps are written in), as when a laptop crosses an ocean."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    systime.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        systime.tzset()


@pytest.fixture(autouse=True)
def quick_writes() -> Iterator[None]:
    with mock.patch("os.fsync"):  # durability is tested elsewhere; here only the days matter
        yield


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 21, 9, 0, tzinfo=LONDON))


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(tmp_path / "coach.json", clock)


def days_of(store: Store) -> list[date]:
    return [e.day for e in store.read().entries]


def complete(store: Store, note: str = "") -> None:
    for kind, subject in (("brainstorm", "poets"), ("connect", "jane"), ("share", "sam")):
        routine.log_step(store, kind, subject, note=note)


# --- an entry keeps the day it was made on --------------------------------------------------------------

def test_changing_day_start_hour_applies_from_then_on_and_moves_no_entry(store, clock):
    clock.moment = datetime(2026, 11, 22, 2, 0, tzinfo=LONDON)  # 02:00: still the 21st with the day at 4
    routine.log_step(store, "connect", "jane")
    routine.set_reflection(store, "late night")
    assert days_of(store) == [date(2026, 11, 21)]

    routine.set_setting(store, "day_start_hour", "0")  # now the day turns at midnight
    history = store.read()
    assert routine.today_for(history, clock()) == date(2026, 11, 22)
    assert days_of(store) == [date(2026, 11, 21)]  # what was logged stays where it was
    assert history.reflections[date(2026, 11, 21)].text == "late night"
    routine.log_step(store, "share", "sam")
    assert days_of(store) == [date(2026, 11, 21), date(2026, 11, 22)]

    routine.set_setting(store, "day_start_hour", "4")  # and back: today is the 21st again
    history = store.read()
    assert days_of(store) == [date(2026, 11, 21), date(2026, 11, 22)]
    status = routine.day_status(history, routine.today_for(history, clock()))
    assert status.day == date(2026, 11, 21) and status.steps["connect"] and not status.steps["share"]
    with pytest.raises(InputError, match="future"):  # the 22nd is not here yet by the new hour
        routine.log_step(store, "brainstorm", "poets", day=date(2026, 11, 22))


def test_a_later_day_start_hour_never_moves_a_complete_day(store, clock):
    for n in range(3):  # three complete days, each at 03:00 with the day turning at midnight
        routine.set_setting(store, "day_start_hour", "0")
        clock.moment = datetime(2026, 11, 19 + n, 3, 0, tzinfo=LONDON)
        complete(store)
    routine.set_setting(store, "day_start_hour", "23")
    history = store.read()
    assert sorted(set(days_of(store))) == [date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 21)]
    assert routine.day_status(history, date(2026, 11, 21)).streak.current == 3


# --- daylight saving ----------------------------------------------------------------------------------

def walk(zone: ZoneInfo, night: date, step: timedelta = timedelta(minutes=10)) -> Iterator[datetime]:
    """Every moment from noon the day before the change to noon the day after, as the wall clock shows it."""
    moment, end = (datetime.combine(night + timedelta(days=n), datetime.min.time(), zone).replace(hour=12)
                   .astimezone(UTC) for n in (-1, 1))
    while moment <= end:
        yield moment.astimezone(zone)
        moment += step


@pytest.mark.parametrize(("zone", "night"), FALL_BACK + SPRING_FORWARD, ids=str)
def test_over_a_daylight_saving_night_the_routine_day_never_goes_back_or_skips(zone, night):
    for hour in range(24):
        days = [routine_day(moment, hour) for moment in walk(zone, night)]
        assert days == sorted(days), f"the day went back at day_start_hour {hour}"
        assert set(days) == {days[0] + timedelta(days=n) for n in range((days[-1] - days[0]).days + 1)}
        assert len(set(days)) in (2, 3)


@pytest.mark.parametrize(("zone", "night"), FALL_BACK, ids=str)
def test_an_entry_at_half_past_one_twice_on_the_fall_back_night_is_on_one_day(store, clock, zone, night):
    first = datetime.combine(night, datetime.min.time(), zone).replace(hour=1, minute=30, fold=0)
    second = first.replace(fold=1)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    clock.moment = first
    routine.log_step(store, "brainstorm", "poets")
    routine.log_step(store, "connect", "jane")
    clock.moment = second
    routine.log_step(store, "share", "sam")
    routine.log_step(store, "connect", "ann")
    night_before = night - timedelta(days=1)
    assert days_of(store) == [night_before] * 4
    history = store.read()
    status = routine.day_status(history, night_before)
    assert status.complete and status.streak.current == 1 and len(status.entries) == 4

    # the same night with the day turning at 1: both half-past-ones are already the new day
    routine.set_setting(store, "day_start_hour", "1")
    for moment in (first, second):
        clock.moment = moment
        assert routine.log_step(store, "connect", "kim").entry.day == night
    assert store.undo() is not None and store.undo() is not None
    assert days_of(store) == [night_before] * 4


@pytest.mark.parametrize(("zone", "night"), SPRING_FORWARD, ids=str)
def test_the_spring_forward_gap_loses_no_day(store, clock, zone, night):
    before = night - timedelta(days=1)
    clock.moment = datetime.combine(before, datetime.min.time(), zone).replace(hour=22)
    complete(store)
    # a clock can never show the missing hour, but a clock set by hand (COACH_NOW) might: it is read as written
    gap_hour = 1 if zone is LONDON else 2
    clock.moment = datetime.combine(night, datetime.min.time(), zone).replace(hour=gap_hour, minute=30)
    routine.log_step(store, "connect", "late")
    clock.moment = datetime.combine(night, datetime.min.time(), zone).replace(hour=9)
    complete(store)
    history = store.read()
    assert sorted(set(days_of(store))) == [before, night]
    assert days_of(store).count(before) == 4
    status = routine.day_status(history, night)
    assert status.complete and status.streak.current == 2 and status.streak.longest == 2


@pytest.mark.parametrize(("zone", "night"), FALL_BACK + SPRING_FORWARD, ids=str)
def test_an_entry_every_hour_through_the_night_lands_on_consecutive_days(tmp_path, zone, night):
    clock = Clock(datetime.now(UTC))
    store = Store(tmp_path / "coach.json", clock)
    moments = list(walk(zone, night, timedelta(hours=1)))
    for moment in moments:
        clock.moment = moment
        routine.log_heard(store, "jane", note=moment.isoformat())
    heard = store.read().heard
    assert len(heard) == len(moments)
    days = [h.day for h in sorted(heard, key=lambda h: datetime.fromisoformat(h.note))]
    assert days == sorted(days)  # noon to noon, over two turnovers at 04:00
    assert sorted(set(days)) == [night - timedelta(days=1), night, night + timedelta(days=1)]


# --- a clock that goes backwards -----------------------------------------------------------------------

def test_a_clock_that_goes_back_an_hour_breaks_nothing_and_undo_takes_back_the_last_change(store, clock):
    clock.moment = datetime(2026, 11, 21, 10, 0, tzinfo=LONDON)
    routine.log_step(store, "connect", "jane")
    routine.set_reflection(store, "at ten")
    clock.moment = datetime(2026, 11, 21, 9, 0, tzinfo=LONDON)  # the clock is corrected back an hour
    routine.log_step(store, "share", "sam")
    routine.set_reflection(store, "at nine, said later")
    history = store.read()
    assert days_of(store) == [date(2026, 11, 21)] * 2
    assert history.reflections[date(2026, 11, 21)].text == "at nine, said later"
    assert store.undo() == "reflection"
    assert store.read().reflections[date(2026, 11, 21)].text == "at ten"
    assert store.undo() == "log Share: sam"
    assert [e.subject for e in store.read().entries] == ["jane"]
    assert store.redo() == "log Share: sam"
    assert {e.subject for e in store.read().entries} == {"jane", "sam"}


def test_a_clock_that_goes_back_to_yesterday_logs_there_and_today_comes_back(store, clock):
    clock.moment = datetime(2026, 11, 21, 10, 0, tzinfo=LONDON)
    routine.log_step(store, "connect", "jane")
    clock.moment = datetime(2026, 11, 20, 9, 0, tzinfo=LONDON)  # a day back
    history = store.read()
    assert routine.today_for(history, clock()) == date(2026, 11, 20)
    status = routine.day_status(history, date(2026, 11, 20))  # the 21st is "after today" now: nothing breaks
    assert status.streak.current == 0 and status.streak.longest == 0 and 0.0 <= status.strength <= 1.0
    complete(store)
    with pytest.raises(InputError, match="future"):
        routine.log_step(store, "share", "sam", day=date(2026, 11, 21))
    assert routine.day_status(store.read(), date(2026, 11, 20)).streak.current == 1
    assert store.undo() == "log Share: sam"  # the last change, whatever its clock said
    routine.log_step(store, "share", "sam")

    clock.moment = datetime(2026, 11, 21, 11, 0, tzinfo=LONDON)  # the clock is right again
    complete(store)
    history = store.read()
    assert sorted(set(days_of(store))) == [date(2026, 11, 20), date(2026, 11, 21)]
    status = routine.day_status(history, date(2026, 11, 21))
    assert status.complete and status.streak.current == 2 and status.streak.longest == 2
    assert len(status.entries) == 4


# --- a trip across time zones ---------------------------------------------------------------------------

def test_a_trip_from_berlin_to_los_angeles_keeps_every_day_once(store, clock):
    with system_zone("Europe/Berlin"):
        clock.moment = datetime(2026, 11, 21, 9, 0, tzinfo=BERLIN)
        routine.log_step(store, "brainstorm", "poets")
        routine.log_step(store, "connect", "jane")
    with system_zone("America/Los_Angeles"):  # landed: 15:00 in LA is midnight in Berlin
        clock.moment = datetime(2026, 11, 21, 15, 0, tzinfo=LOS_ANGELES)
        routine.log_step(store, "share", "sam")
        history = store.read()
        assert routine.today_for(history, clock()) == date(2026, 11, 21)
        assert routine.day_status(history, date(2026, 11, 21)).complete
        clock.moment = datetime(2026, 11, 22, 9, 0, tzinfo=LOS_ANGELES)
        complete(store)
    with system_zone("Europe/Berlin"):  # and home: LA's Sunday evening is Berlin's Monday morning
        clock.moment = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)
        complete(store)
    history = store.read()
    offsets = {datetime.fromisoformat(e.created).utcoffset() for e in history.entries}
    assert offsets == {timedelta(hours=1), timedelta(hours=-8)}  # the stamps say where they were made
    assert sorted(set(days_of(store))) == [date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23)]
    assert len(history.entries) == 9
    status = routine.day_status(history, date(2026, 11, 23))
    assert status.streak.current == 3 and status.streak.longest == 3


def test_the_newest_edit_wins_by_the_moment_not_by_the_text_of_its_stamp(tmp_path):
    """Berlin's 09:00 (08:00 UTC) reads later as text than Los Angeles' 01:30 (09:30 UTC), yet is older."""
    berlin_clock = Clock(datetime(2026, 11, 21, 9, 0, tzinfo=BERLIN))
    la_clock = Clock(datetime(2026, 11, 21, 1, 30, tzinfo=LOS_ANGELES))
    laptop = Store(tmp_path / "laptop.json", berlin_clock)
    phone = Store(tmp_path / "phone.json", la_clock)
    with system_zone("Europe/Berlin"):
        routine.set_reflection(laptop, "written in Berlin", day=date(2026, 11, 20))
        routine.set_setting(laptop, "genres", "horror")
        (tmp_path / "laptop-export.json").write_bytes(exchange.export(laptop, "json").payload)
    with system_zone("America/Los_Angeles"):
        exchange.import_export(phone, tmp_path / "laptop-export.json")
        routine.set_reflection(phone, "edited in Los Angeles", day=date(2026, 11, 20))
        routine.set_setting(phone, "genres", "poetry")
        (tmp_path / "phone-export.json").write_bytes(exchange.export(phone, "json").payload)
    with system_zone("Europe/Berlin"):
        merged = exchange.import_export(laptop, tmp_path / "phone-export.json")
    assert merged.updated >= 2
    history = laptop.read()
    reflection = history.reflections[date(2026, 11, 20)]
    assert reflection.text == "edited in Los Angeles"
    assert reflection.updated.endswith("-08:00") and reflection.updated < "2026-11-21T09:00"  # earlier as text
    assert history.settings["genres"] == ["poetry"]


@pytest.mark.parametrize("case", ["fall back in London", "Berlin then Los Angeles"])
def test_entries_of_one_day_are_listed_in_the_order_they_were_made(store, clock, case):
    if case == "fall back in London":
        zones = ("Europe/London", "Europe/London")
        moments = (datetime(2026, 10, 25, 1, 50, tzinfo=LONDON, fold=0),  # 00:50 UTC
                   datetime(2026, 10, 25, 1, 10, tzinfo=LONDON, fold=1))  # 01:10 UTC, twenty minutes later
    else:
        zones = ("Europe/Berlin", "America/Los_Angeles")
        moments = (datetime(2026, 11, 21, 23, 30, tzinfo=BERLIN),  # 22:30 UTC
                   datetime(2026, 11, 21, 15, 0, tzinfo=LOS_ANGELES))  # 23:00 UTC
    for zone, moment, name in zip(zones, moments, ("first", "second")):
        with system_zone(zone):
            clock.moment = moment
            routine.log_step(store, "connect", name)
    history = store.read()
    assert len({e.day for e in history.entries}) == 1
    assert [e.subject for e in history.entries] == ["first", "second"]
    assert routine.recent_names(history, "connect")[0] == "second"


def test_the_command_line_clock_with_an_offset_counts_by_the_local_wall_clock(tmp_path, monkeypatch, capsys):
    from coach.cli import main

    monkeypatch.setenv("COACH_DB", str(tmp_path / "coach.json"))
    with system_zone("Europe/London"):
        for stamp in ("2026-10-25T01:30:00+01:00", "2026-10-25T01:30:00+00:00", "2026-10-25T00:30:00Z"):
            monkeypatch.setenv("COACH_NOW", stamp)
            assert main(["log", "connect", "jane"]) == 0
        capsys.readouterr()
        assert main(["status", "--json"]) == 0
        status = json.loads(capsys.readouterr().out)
    assert status["day"] == "2026-10-24" and status["steps"]["connect"]
    assert days_of(Store(tmp_path / "coach.json", Clock(datetime.now(UTC)))) == [date(2026, 10, 24)] * 3
