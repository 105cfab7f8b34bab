"""Properties: generated text (control characters included) and dates thrown at the operations every face
calls and at the store's import door; and the date and streak arithmetic under any days at all.

Each call succeeds or raises InputError, never anything else; a refused call leaves the file as it was;
after any sequence the file loads, undo takes everything back, export → import gives the same records,
and what was stored through the operations holds no character printable() would have to hide.
"""

from __future__ import annotations

from dataclasses import replace

import json
import tempfile
import unicodedata
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from habits import exchange, routine, streaks
from habits.days import parse_day, routine_day
from habits.model import ACTIONS, STEP_KEYS
from habits.settings import SETTINGS
from habits.store import Store, StoreError
from habits.text import InputError, printable
from tests.sizes import examples

TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 9, 0).astimezone()
WORLD = ["مرحبا", "שלום", "👩‍👩‍👧‍👦", "🇯🇵", "Cafe\u0301", "@jane", "JANE", "x" * 10_001]

# st.text() draws control characters (Cc) too; surrogates it leaves out (test_hostile_routine has those).
texts = st.one_of(st.text(max_size=24), st.sampled_from(WORLD), st.sampled_from(["", " ", "@", "\x1b[2J", "a\rb"]))
maybe_texts = st.none() | texts
days = st.one_of(
    st.none(),
    st.integers(min_value=-2, max_value=15).map(lambda n: TODAY - timedelta(days=n)),
    st.dates(min_value=date(1970, 1, 1), max_value=TODAY),
    st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31)),
)
plain = st.sampled_from(["jane", "Sam Lee", "poets", "Bluesky", "a poem", "mañana"])
operations = st.lists(
    st.one_of(
        st.tuples(st.just("log"), st.sampled_from([*STEP_KEYS, *STEP_KEYS, "dance"]), plain | texts, days,
                  maybe_texts, st.none() | plain | texts, st.none() | st.sampled_from(ACTIONS) | texts,
                  st.none() | plain | texts, st.none() | plain | texts),
        st.tuples(st.just("heard"), texts, days, maybe_texts, maybe_texts),
        st.tuples(st.just("reflect"), texts, days),
        st.tuples(st.just("describe"), texts | st.sampled_from(["jane", "@JANE"]), maybe_texts, maybe_texts),
        st.tuples(st.just("setting"), st.sampled_from([s.key for s in SETTINGS]) | texts, texts),
        st.tuples(st.just("rest"), days),
        st.tuples(st.just("undo")),
    ),
    max_size=8,
)
NAME_FIELDS = ("subject", "person", "name", "platform", "work", "audience")


@contextmanager
def fresh_store():
    """A store in its own folder for one example. fsync is skipped: durability is not what these test."""
    with tempfile.TemporaryDirectory() as folder, mock.patch("os.fsync"):
        yield Store(Path(folder) / "coach.json", lambda: NOW), Path(folder)


def apply(store: Store, op: tuple) -> None:
    name = op[0]
    if name == "log":
        _, kind, subject, day, note, platform, action, work, audience = op
        routine.log_step(store, kind, subject, day=day, note=note, platform=platform, action=action, work=work,
                         audience=audience)
    elif name == "heard":
        routine.log_heard(store, op[1], day=op[2], platform=op[3], note=op[4])
    elif name == "reflect":
        routine.set_reflection(store, op[1], day=op[2])
    elif name == "describe":
        routine.describe_person(store, op[1], note=op[2], platforms=op[3])
    elif name == "setting":
        routine.set_setting(store, op[1], op[2])
    elif name == "rest":
        routine.mark_rest(store, day=op[1])
    elif name == "undo":
        store.undo()


def strings(value: object):
    """Every piece of text in a record, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def live_records(store: Store):
    for table, records in store.read_raw().items():
        if table in ("meta", "journal"):
            continue
        for record in records.values():
            yield table, record


@given(operations)
@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_sequence_of_operations_succeeds_or_refuses_and_leaves_a_sound_file(ops):
    with fresh_store() as (store, folder):
        for op in ops:
            before = store.path.read_bytes() if store.path.exists() else None
            try:
                apply(store, op)
            except InputError as error:
                event(f"{op[0]} refused")
                assert "\n" not in str(error)
                assert (store.path.read_bytes() if store.path.exists() else None) == before
            else:
                event(f"{op[0]} done")
        history = store.read()  # the file loads
        recent = store.read_recent()  # the summary's days are the whole history's (asks do no step in either)
        if recent is not None:
            assert {day: set(kinds) for day, kinds in recent.days.items()} == history.kinds_by_day()

        for table, record in live_records(store):
            for text in strings(record):
                assert printable(text) == text, (table, text)
            for key in NAME_FIELDS:
                value = record.get(key)
                if isinstance(value, str) and value:
                    assert value == " ".join(value.split()), (table, key, value)  # one trimmed line
        for entry in history.entries:
            assert entry.day <= TODAY

        for day in {TODAY, *(e.day for e in history.entries[:3])}:
            status = routine.day_status(history, day)
            assert 0.0 <= status.strength <= 1.0
            assert 0 <= status.streak.current <= status.streak.longest
            assert status.complete == (status.done_count == 3)

        # export → import into an empty file gives the same records
        export = folder / "export.json"
        export.write_bytes(exchange.export(store, "json").payload)
        other = Store(folder / "other" / "coach.json", lambda: NOW)
        exchange.import_export(other, export)
        assert json.loads(exchange.export(other, "json").payload)["records"] == json.loads(export.read_bytes())["records"]
        # the same entries; among entries made in the same millisecond (a fixed clock) no order is promised
        assert sorted(other.read().entries, key=lambda e: e.id) == sorted(history.entries, key=lambda e: e.id)

        # undo takes every change back, and redo brings them all again (an "undo" in ops left one to redo)
        travel(store, Store.redo)
        done = store.read()
        travel(store, Store.undo)
        emptied = store.read()
        assert not (emptied.entries or emptied.heard or emptied.reflections or emptied.rest_days or emptied.people
                    or emptied.audiences or emptied.settings)
        travel(store, Store.redo)
        again = store.read()
        # As they were, but for `updated`: every undo and redo is a later version of what it puts back
        # (a merge with a synced copy keeps it), a millisecond on where the clock stands still.
        assert unstamped(again) == unstamped(done)
        assert {p.name for p in again.people} == {p.name for p in done.people}


def unstamped(history) -> tuple:
    def bare(items):
        return [replace(item, updated="") for item in items]

    return (bare(history.entries), bare(history.heard), bare(history.reflections.values()),
            bare(history.rest_days.values()), history.settings)


def travel(store: Store, step) -> None:
    for _ in range(50):
        if step(store) is None:
            return
    raise AssertionError("more than 50 steps to undo or redo")


# --- the import door: a json export with any text in it ------------------------------------------------

STAMP = "2026-11-21T09:00:00.000+00:00"
raw_values = st.one_of(st.text(max_size=16), st.integers(), st.none(), st.booleans(), st.lists(st.text(max_size=4), max_size=2))


@st.composite
def exports(draw) -> dict:
    """A coach export whose records have text of any kind, and now and then a field of the wrong type."""
    entries = []
    for n in range(draw(st.integers(min_value=0, max_value=4))):
        record = {"id": f"e{n}", "kind": draw(st.sampled_from(STEP_KEYS)), "day": "2026-11-20",
                  "subject": draw(st.text(min_size=1, max_size=16)), "note": draw(st.text(max_size=16)),
                  "created": STAMP, "updated": STAMP}
        if draw(st.integers(min_value=0, max_value=5)) == 0:  # now and then a field a hand edit broke
            record[draw(st.sampled_from(["subject", "note", "day", "kind", "platform"]))] = draw(raw_values)
        entries.append(record)
    reflections = [{"id": "r1", "day": draw(st.sampled_from(["2026-11-20"] * 4 + ["2026-02-30", ""])),
                    "text": draw(st.text(max_size=30)), "created": STAMP, "updated": STAMP}]
    return {"format": "coach", "version": 1, "exported": STAMP,
            "records": {"entries": entries, "reflections": reflections}}


@given(exports())
@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_an_import_of_any_text_succeeds_or_refuses_in_one_line_and_keeps_it_exactly(data):
    with fresh_store() as (store, folder):
        routine.log_step(store, "connect", "jane")
        before = store.path.read_bytes()
        path = folder / "in.json"
        path.write_text(json.dumps(data))
        try:
            exchange.import_export(store, path)
        except (InputError, StoreError) as error:
            event("import refused")
            assert "\n" not in str(error)
            assert store.path.read_bytes() == before
            return
        history = store.read()
        imported = {e.id: e for e in history.entries}
        for record in data["records"]["entries"]:
            # an import keeps every character as it was exported: printable() is for showing it
            assert (imported[record["id"]].subject, imported[record["id"]].note) == (record["subject"], record["note"])
        routine.day_status(history, TODAY)


# --- dates --------------------------------------------------------------------------------------------

ZONES = [ZoneInfo(z) for z in ("Europe/London", "America/New_York", "Europe/Berlin", "America/Los_Angeles",
                               "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham")] + [UTC, None]
moments = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31))


@given(moments, st.sampled_from(ZONES), st.integers(min_value=0, max_value=23))
@settings(max_examples=examples(60), deadline=None)
def test_a_routine_day_is_the_wall_clock_date_or_the_day_before(moment, zone, hour):
    now = moment if zone is None else datetime.fromtimestamp(moment.replace(tzinfo=UTC).timestamp(), zone)
    day = routine_day(now, hour)
    wall = now.replace(tzinfo=None)
    assert day == (wall.date() if wall.time() >= time(hour) else wall.date() - timedelta(days=1))
    # The next day starts at `hour` on the wall clock, and not a moment before.
    start = datetime.combine(day + timedelta(days=1), time(hour))
    assert timedelta(0) < start - wall <= timedelta(days=1)
    assert routine_day(start, hour) == day + timedelta(days=1)
    assert routine_day(start - timedelta(microseconds=1), hour) == day


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2100, 12, 31)),
       st.dates(min_value=date(1000, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(["%Y-%m-%d", "%d %B %Y", "%B %d %Y", "%d %b %Y", "%A %d %B %Y"]))
@settings(max_examples=examples(60), deadline=None)
def test_a_typed_date_reads_back_as_itself_or_is_refused_as_future(day, today, form):
    typed = day.strftime(form)
    if day.year < 1900 and form != "%Y-%m-%d":
        typed = day.isoformat()  # strftime pads years below 1000 differently on some platforms
    try:
        parsed = parse_day(typed, today)
    except InputError as error:
        assert day > today and "future" in str(error), (typed, today, error)
    else:
        assert parsed == day and day <= today, (typed, today)


@given(st.integers(min_value=0, max_value=9999), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
@settings(max_examples=examples(60), deadline=None)
def test_n_days_ago_is_n_days_before_today(n, today):
    assert parse_day(f"{n} days ago", today) == today - timedelta(days=n)
    assert parse_day("today", today) == today and parse_day("yesterday", today) == today - timedelta(days=1)


# --- streaks and strength over any days, before and after today -------------------------------------------

any_days = st.sets(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), max_size=60)


@given(any_days, any_days, st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)))
@settings(max_examples=examples(60), deadline=None)
def test_streaks_are_never_negative_and_longest_is_at_least_current(complete, rest, today):
    result = streaks.streak(complete, rest, today)
    assert 0 <= result.current <= result.longest <= len({d for d in complete if d <= today})
    # days after today count for nothing yet
    past = {d for d in complete if d <= today}, {d for d in rest if d <= today}
    assert streaks.streak(*past, today) == result


fractions = st.dictionaries(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
                            st.sampled_from([0.0, 1 / 3, 2 / 3, 1.0]), max_size=60)


@given(fractions, any_days, st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)))
@settings(max_examples=examples(60), deadline=None)
def test_strength_is_between_zero_and_one_and_ignores_days_after_today(done, rest, today):
    score = streaks.strength(done, rest, today)
    assert 0.0 <= score <= 1.0
    before = {d: f for d, f in done.items() if d <= today}
    assert score == streaks.strength(before, {d for d in rest if d <= today}, today)
    if not any(f for f in before.values()):
        assert score == 0.0


def test_generated_text_does_include_control_characters():
    """The text strategy is only worth as much as what it draws: make sure it reaches the hostile cases."""
    seen: set[str] = set()

    @given(texts)
    @settings(max_examples=examples(150), deadline=None)
    def draw(text):
        seen.update(unicodedata.category(c) for c in text)

    draw()
    assert "Cc" in seen and "Cs" not in seen
