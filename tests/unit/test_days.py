"""Routine days: where one ends and the next begins, and the DATE arguments a person may type."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from habits.days import iso_week_bounds, parse_day, routine_day
from habits.text import InputError
from tests.sizes import examples

TODAY = date(2026, 11, 21)  # a Saturday
BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc


# --- the routine-day boundary -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 22, 3, 59), date(2026, 11, 21)),
        (datetime(2026, 11, 22, 4, 0), date(2026, 11, 22)),
        (datetime(2026, 11, 22, 1, 30), date(2026, 11, 21)),
        (datetime(2026, 11, 22, 0, 0), date(2026, 11, 21)),
        (datetime(2026, 11, 22, 23, 59), date(2026, 11, 22)),
    ],
)
def test_a_routine_day_turns_over_at_four_by_default(moment, expected):
    assert routine_day(moment) == expected
    assert routine_day(moment.replace(tzinfo=BERLIN), 4) == expected


def test_an_entry_at_half_past_one_on_the_22nd_belongs_to_the_21st():
    assert routine_day(datetime(2026, 11, 22, 1, 30, tzinfo=BERLIN), 4) == date(2026, 11, 21)


def test_with_day_start_hour_zero_the_routine_day_is_the_calendar_day():
    assert routine_day(datetime(2026, 11, 22, 0, 0), 0) == date(2026, 11, 22)
    assert routine_day(datetime(2026, 11, 21, 23, 59), 0) == date(2026, 11, 21)
    assert routine_day(datetime(2026, 11, 22, 1, 30), 0) == date(2026, 11, 22)


@given(
    day=st.dates(min_value=date(2000, 1, 2), max_value=date(2100, 12, 31)),
    hour=st.integers(min_value=0, max_value=23),
)
@settings(max_examples=examples(60))
def test_the_day_starts_exactly_at_day_start_hour_on_the_wall_clock(day, hour):
    start = datetime.combine(day, time(hour))
    assert routine_day(start, hour) == day
    assert routine_day(start - timedelta(minutes=1), hour) == day - timedelta(days=1)
    assert routine_day(start.replace(tzinfo=BERLIN), hour) == day


def test_the_spring_forward_night_answers_by_the_wall_clock():
    # 2026-03-29: Berlin's clocks jump from 02:00 to 03:00, so the night has only three hours before 04:00.
    before = datetime(2026, 3, 29, 1, 59, tzinfo=UTC).astimezone(BERLIN)  # 03:59 CEST
    at = datetime(2026, 3, 29, 2, 0, tzinfo=UTC).astimezone(BERLIN)  # 04:00 CEST
    assert (before.hour, before.minute) == (3, 59)
    assert routine_day(before, 4) == date(2026, 3, 28)
    assert routine_day(at, 4) == date(2026, 3, 29)


def test_the_fall_back_night_answers_by_the_wall_clock():
    # 2026-10-25: Berlin's clocks go back from 03:00 to 02:00, so the night has five hours before 04:00.
    before = datetime(2026, 10, 25, 2, 59, tzinfo=UTC).astimezone(BERLIN)  # 03:59 CET
    at = datetime(2026, 10, 25, 3, 0, tzinfo=UTC).astimezone(BERLIN)  # 04:00 CET
    assert (before.hour, before.minute) == (3, 59)
    assert routine_day(before, 4) == date(2026, 10, 24)
    assert routine_day(at, 4) == date(2026, 10, 25)
    # The repeated hour 02:00-03:00 belongs to the 24th both times round when the day starts at 3.
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1)
    assert first.utcoffset() != second.utcoffset()
    assert routine_day(first, 3) == routine_day(second, 3) == date(2026, 10, 24)


@given(st.dates(min_value=date(2000, 1, 3), max_value=date(2100, 12, 26)))
@settings(max_examples=examples(60))
def test_iso_week_bounds_are_the_monday_and_sunday_around_the_day(day):
    monday, sunday = iso_week_bounds(day)
    assert monday.weekday() == 0 and sunday.weekday() == 6
    assert monday <= day <= sunday
    assert (sunday - monday).days == 6
    assert monday.isocalendar()[:2] == day.isocalendar()[:2]


# --- DATE arguments -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("2026-11-21", TODAY),
        ("today", TODAY),
        ("  Today ", TODAY),
        ("yesterday", date(2026, 11, 20)),
        ("YESTERDAY", date(2026, 11, 20)),
        ("3 days ago", date(2026, 11, 18)),
        ("1 day ago", date(2026, 11, 20)),
        ("0 days ago", TODAY),
        ("21 Nov 2026", TODAY),
        ("November 20", date(2026, 11, 20)),
        ("20 november 2025", date(2025, 11, 20)),
    ],
)
def test_parse_day_reads_the_forms_a_person_types(text, expected):
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["tomorrow", "2026-11-22", "2027-01-01", "1 December 2026"])
def test_a_future_date_is_refused_with_a_message_naming_today(text):
    with pytest.raises(InputError) as caught:
        parse_day(text, TODAY)
    message = str(caught.value)
    assert "future" in message
    assert "today is 2026-11-21" in message
    assert "\n" not in message


@pytest.mark.parametrize("text", ["banana", "next blursday", "2026-13-45", "Nov 31", "foo\nbar", "\x1b[31m"])
def test_garbage_is_refused_in_one_line(text):
    with pytest.raises(InputError) as caught:
        parse_day(text, TODAY)
    assert "\n" not in str(caught.value)
    assert "date" in str(caught.value)


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_an_empty_date_is_refused(text):
    with pytest.raises(InputError, match="empty"):
        parse_day(text, TODAY)


@given(st.text(max_size=25))
@settings(max_examples=examples(60))
def test_any_text_gives_a_day_not_after_today_or_a_one_line_input_error(text):
    try:
        day = parse_day(text, TODAY)
    except InputError as error:
        assert "\n" not in str(error)
    else:
        assert day <= TODAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("monday", date(2026, 11, 16)),  # the Monday just gone, not the coming one
        ("Fri", date(2026, 11, 20)),
        ("saturday", TODAY),
        ("20 December", date(2025, 12, 20)),  # no year given: the last 20 December that has been
        ("29 Feb", date(2024, 2, 29)),
    ],
)
def test_a_date_without_a_year_means_the_last_one_that_has_been(text, expected):
    assert parse_day(text, TODAY) == expected


def test_a_date_with_a_year_in_the_future_is_still_refused():
    with pytest.raises(InputError, match="future"):
        parse_day("20 December 2026", TODAY)


def test_a_long_unreadable_date_is_not_echoed_back_whole():
    with pytest.raises(InputError) as caught:
        parse_day("x" * 5000, TODAY)
    assert len(str(caught.value)) < 120
