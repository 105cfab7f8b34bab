"""streaks.Record, worked out once for a snapshot's days, gives every day the streak and the strength
that streaks.streak and streaks.strength give (the check-in asks about today and yesterday; History
about a year of days), in any order of asking."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from habits import streaks
from tests.sizes import examples

START = date(2026, 1, 1)
day = st.integers(0, 90).map(lambda n: START + timedelta(days=n))
fractions = st.dictionaries(day, st.sampled_from([1 / 3, 2 / 3, 1.0, 1.0, 1.0]), max_size=80)


@settings(max_examples=examples(300), deadline=None)
@given(fractions, st.sets(day, max_size=20), st.lists(st.integers(-5, 100), min_size=1, max_size=8))
def test_the_record_gives_what_streak_and_strength_give(done, rested, asked):
    record = streaks.Record(done, rested)
    complete = {d for d, f in done.items() if f == 1.0}
    rest = {d for d in rested if d not in complete}
    for n in asked:  # today, yesterday, a day long ago, a day to come: any order
        today = START + timedelta(days=n)
        assert record.streak(today) == streaks.streak(complete, rest, today)
        assert record.strength(today) == streaks.strength(done, rest, today)
    assert record.rest == rest
    assert {START + timedelta(days=n) for n in range(-5, 100) if START + timedelta(days=n) in record.complete} == complete


def test_an_empty_record_has_no_streak_and_no_strength():
    record = streaks.Record({}, set())
    assert record.streak(START) == streaks.Streak(0, 0) and record.strength(START) == 0.0
