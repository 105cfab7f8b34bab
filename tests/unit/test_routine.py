"""The operations every face shares, run against a real Store in a temp folder with a fixed clock."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from habits import routine
from habits.days import iso_week_bounds
from habits.model import STEP_KEYS
from habits.store import Store
from habits.text import InputError
from tests.sizes import examples

TODAY = date(2026, 11, 21)  # Saturday of the ISO week Mon 2026-11-16 .. Sun 2026-11-22
STATUS_KEYS = {"day", "steps", "complete", "rest", "streak", "strength", "reflection"}


class Clock:
    """A clock a test moves by hand."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 21, 9, 0).astimezone())


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coach.json"


@pytest.fixture
def store(path: Path, clock: Clock) -> Store:
    return Store(path, clock)


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def complete_day(store: Store, day: date) -> None:
    routine.log_step(store, "brainstorm", "history teachers", day=day)
    routine.log_step(store, "connect", "@jane", day=day)
    routine.log_step(store, "share", "Sam", day=day)


def raw(path: Path) -> dict:
    return json.loads(path.read_bytes())


def status(store: Store, day: date = TODAY) -> routine.DayStatus:
    return routine.day_status(store.read(), day)


# --- logging steps --------------------------------------------------------------------------------

def test_log_step_stores_every_field_it_is_given(store, path):
    connect = routine.log_step(
        store, "connect", "  @Jane   Doe ", note="she wrote back\nabout ships", platform="Bluesky",
        action="Reply",
    ).entry
    share = routine.log_step(store, "share", "Sam", work="Sam's novel", platform="Mastodon", day=ago(2)).entry

    assert (connect.kind, connect.day, connect.subject, connect.action) == ("connect", TODAY, "@Jane Doe", "reply")
    assert (connect.note, connect.platform) == ("she wrote back\nabout ships", "Bluesky")
    assert (share.kind, share.day, share.work, share.platform) == ("share", ago(2), "Sam's novel", "Mastodon")
    assert store.read().entries == (share, connect)  # read back in day order, exactly as returned
    records = {r["kind"]: r for r in raw(path)["entries"].values()}
    assert records["connect"]["day"] == "2026-11-21"
    assert records["connect"]["note"] == "she wrote back\nabout ships"
    assert records["share"]["work"] == "Sam's novel"
    assert records["share"]["day"] == "2026-11-19"


def test_a_connection_without_an_action_is_other(store):
    assert routine.log_step(store, "connect", "jane").entry.action == "other"
    assert routine.log_step(store, "brainstorm", "teachers").entry.action == ""


@pytest.mark.parametrize(
    ("kind", "subject", "extra"),
    [
        ("connect", "jane", {"action": "pitch"}),
        ("connect", "jane", {"action": "follow; rm -rf"}),
        ("dance", "jane", {}),
        ("connect", "   ", {}),
        ("connect", "@", {}),
        ("share", "sam", {"work": "\x1b[2J"}),
        ("brainstorm", "teachers", {"note": "x" * 10_001}),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(store, path, kind, subject, extra):
    with pytest.raises(InputError) as caught:
        routine.log_step(store, kind, subject, **extra)
    assert "\n" not in str(caught.value)
    assert not path.exists()


def test_a_bad_action_is_refused_naming_the_actions(store):
    with pytest.raises(InputError, match="follow, like, comment"):
        routine.log_step(store, "connect", "jane", action="pitch")


def test_a_future_day_is_refused_by_every_operation(store, path):
    tomorrow = TODAY + timedelta(days=1)
    for operation in (
        lambda: routine.log_step(store, "connect", "jane", day=tomorrow),
        lambda: routine.set_reflection(store, "hello", day=tomorrow),
        lambda: routine.mark_rest(store, day=tomorrow),
    ):
        with pytest.raises(InputError, match=r"future \(today is 2026-11-21\)"):
            operation()
    assert not path.exists()


# --- the day's status -----------------------------------------------------------------------------

def test_a_day_with_all_three_steps_is_complete(store):
    complete_day(store, TODAY)
    result = status(store)
    assert result.complete and result.done_count == 3
    assert result.steps == {"brainstorm": True, "connect": True, "share": True}
    assert len(result.entries) == 3
    assert result.summary() == "3 of 3 done · streak 1 day"


def test_a_day_with_one_step_is_not_complete(store):
    routine.log_step(store, "share", "Sam")
    result = status(store)
    assert not result.complete and result.done_count == 1
    assert result.steps == {"brainstorm": False, "connect": False, "share": True}
    assert result.summary() == "1 of 3 done · streak 0 days"


def test_status_json_has_exactly_the_contract_keys_and_types(store):
    complete_day(store, TODAY)
    routine.set_reflection(store, "Jane answered")
    data = status(store).to_json()
    assert set(data) == STATUS_KEYS
    assert data["day"] == "2026-11-21"
    assert list(data["steps"]) == list(STEP_KEYS)
    assert all(type(v) is bool for v in data["steps"].values())
    assert type(data["complete"]) is bool and data["complete"] is True
    assert type(data["rest"]) is bool and data["rest"] is False
    assert set(data["streak"]) == {"current", "longest"}
    assert all(type(v) is int for v in data["streak"].values())
    assert type(data["strength"]) is float and 0.0 <= data["strength"] <= 1.0
    assert data["reflection"] == "Jane answered"
    assert json.loads(json.dumps(data)) == data


def test_an_empty_history_reports_nothing_done_and_no_reflection(store, path):
    data = status(store).to_json()
    assert data["complete"] is False and data["reflection"] is None
    assert data["streak"] == {"current": 0, "longest": 0} and data["strength"] == 0.0
    assert not path.exists()


def test_ten_backfilled_complete_days_make_a_streak_of_ten(store):
    for n in range(10):
        complete_day(store, ago(n))
    result = status(store)
    assert (result.streak.current, result.streak.longest) == (10, 10)
    assert 0.0 < result.strength < 1.0


# --- rest days ------------------------------------------------------------------------------------

def test_a_rest_day_bridges_a_gap_within_the_allowance(store):
    complete_day(store, ago(4))
    complete_day(store, ago(3))
    assert routine.mark_rest(store, day=ago(2)).result == "rested"
    complete_day(store, ago(1))
    result = status(store)
    assert result.streak.current == 3  # three complete days; the rest day adds nothing
    assert status(store, ago(2)).rest


def test_a_second_rest_day_in_one_iso_week_is_refused_naming_the_week(store, path):
    routine.mark_rest(store, day=date(2026, 11, 18))
    before = path.read_bytes()
    with pytest.raises(InputError) as caught:
        routine.mark_rest(store, day=date(2026, 11, 20))
    assert "2026-11-16" in str(caught.value)  # the week's Monday
    assert "rest_days_per_week" in str(caught.value)
    assert path.read_bytes() == before


def test_rest_days_in_neighbouring_iso_weeks_are_both_allowed(store):
    assert routine.mark_rest(store, day=date(2026, 11, 15)).result == "rested"  # Sunday, week 46
    assert routine.mark_rest(store, day=date(2026, 11, 16)).result == "rested"  # Monday, week 47


def test_the_allowance_follows_rest_days_per_week(store):
    routine.set_setting(store, "rest_days_per_week", "2")
    assert routine.mark_rest(store, day=date(2026, 11, 16)).result == "rested"
    assert routine.mark_rest(store, day=date(2026, 11, 17)).result == "rested"
    with pytest.raises(InputError, match="2 rest days"):
        routine.mark_rest(store, day=date(2026, 11, 18))


def test_an_allowance_of_zero_refuses_every_rest_day(store):
    routine.set_setting(store, "rest_days_per_week", "0")
    with pytest.raises(InputError):
        routine.mark_rest(store)


def test_marking_a_complete_day_as_rest_changes_nothing(store, path):
    complete_day(store, TODAY)
    before = path.read_bytes()
    assert routine.mark_rest(store).result == "complete"
    assert path.read_bytes() == before
    assert not status(store).rest


def test_marking_a_rest_day_twice_says_already_and_stores_nothing(store, path):
    assert routine.mark_rest(store).result == "rested"
    before = path.read_bytes()
    assert routine.mark_rest(store).result == "already"
    assert path.read_bytes() == before


def test_a_rest_day_that_became_complete_frees_the_weeks_allowance(store):
    routine.mark_rest(store, day=ago(3))
    complete_day(store, ago(3))
    assert not status(store, ago(3)).rest
    assert status(store, ago(3)).complete
    assert routine.mark_rest(store, day=ago(2)).result == "rested"


@given(
    allowance=st.integers(min_value=0, max_value=2),
    completed=st.sets(st.integers(min_value=0, max_value=20), max_size=4),
    attempts=st.lists(st.integers(min_value=0, max_value=20), max_size=8),
)
@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_iso_week_ever_holds_more_rest_days_than_the_allowance(tmp_path, clock, allowance, completed, attempts):
    store = Store(tmp_path / f"{uuid.uuid4().hex}.json", clock)  # one file per example
    routine.set_setting(store, "rest_days_per_week", str(allowance))
    for n in completed:
        complete_day(store, ago(n))
    for n in attempts:
        try:
            outcome = routine.mark_rest(store, day=ago(n))
        except InputError as error:
            assert "rest_days_per_week" in str(error)
        else:
            expected = {"complete"} if n in completed else {"rested", "already"}
            assert outcome.result in expected
    history = store.read()
    weeks: dict[date, int] = {}
    for day in history.rest_days:
        if not routine.day_status(history, day).complete:
            monday = iso_week_bounds(day)[0]
            weeks[monday] = weeks.get(monday, 0) + 1
    assert all(count <= allowance for count in weeks.values())
    # and every day that was asked for is either complete, resting, or in a week already full
    for n in attempts:
        day = ago(n)
        monday = iso_week_bounds(day)[0]
        assert n in completed or day in history.rest_days or weeks.get(monday, 0) == allowance


# --- reflections ----------------------------------------------------------------------------------

def test_set_reflection_sets_replaces_and_clears(store, clock, path):
    routine.set_reflection(store, "  Jane answered  ")
    first = store.read().reflections[TODAY]
    assert first.text == "Jane answered"

    clock.advance(minutes=5)
    routine.set_reflection(store, "Jane answered, and Sam too")
    second = store.read().reflections[TODAY]
    assert second.id == first.id
    assert second.created == first.created
    assert datetime.fromisoformat(second.updated) > datetime.fromisoformat(first.updated)
    assert status(store).reflection == "Jane answered, and Sam too"

    clock.advance(minutes=5)
    routine.set_reflection(store, "")
    assert TODAY not in store.read().reflections
    assert status(store).reflection is None
    (record,) = raw(path)["reflections"].values()
    assert record["deleted"]  # a tombstone, so a merge does not bring it back


def test_a_reflection_for_an_earlier_day_stays_on_that_day(store):
    routine.set_reflection(store, "quiet day", day=ago(1))
    assert status(store, ago(1)).reflection == "quiet day"
    assert status(store).reflection is None


# --- which day is today ---------------------------------------------------------------------------

def test_day_start_hour_decides_which_day_today_is(store, clock):
    clock.moment = datetime(2026, 11, 21, 2, 0).astimezone()
    assert routine.today_for(store.read(), clock()) == date(2026, 11, 20)
    assert routine.log_step(store, "connect", "jane").entry.day == date(2026, 11, 20)
    with pytest.raises(InputError, match="future"):
        routine.log_step(store, "connect", "jane", day=date(2026, 11, 21))

    routine.set_setting(store, "day_start_hour", "0")
    assert routine.today_for(store.read(), clock()) == date(2026, 11, 21)
    assert routine.log_step(store, "connect", "sam").entry.day == date(2026, 11, 21)


# --- settings -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("day_start_hour", "0", 0),
        ("day_start_hour", " 23 ", 23),
        ("rest_days_per_week", "0", 0),
        ("rest_days_per_week", "7", 7),
        ("genres", "historical fiction, Horror , ,horror,  YA", ["historical fiction", "Horror", "YA"]),
        ("platforms", "Bluesky,Mastodon", ["Bluesky", "Mastodon"]),
        ("theme", "textual-dark", "textual-dark"),
    ],
)
def test_a_valid_setting_is_stored_and_read_back(store, key, typed, stored):
    assert routine.set_setting(store, key, typed) == stored
    assert routine.settings_of(store.read())[key] == stored


@pytest.mark.parametrize(
    ("key", "typed"),
    [
        ("day_start_hour", "24"),
        ("day_start_hour", "-1"),
        ("day_start_hour", "four"),
        ("day_start_hour", ""),
        ("rest_days_per_week", "8"),
        ("rest_days_per_week", "1.5"),
        ("genres", "fantasy, \x1b[31m"),
        ("theme", "my theme!"),
        ("colour", "blue"),
    ],
)
def test_a_bad_setting_is_refused_in_one_line_and_nothing_is_written(store, path, key, typed):
    with pytest.raises(InputError) as caught:
        routine.set_setting(store, key, typed)
    assert "\n" not in str(caught.value)
    assert not path.exists()


def test_an_unknown_setting_names_the_known_ones(store):
    with pytest.raises(InputError, match="day_start_hour"):
        routine.set_setting(store, "colour", "blue")


def test_changing_a_setting_replaces_it_and_setting_it_again_writes_nothing(store, path, clock):
    routine.set_setting(store, "day_start_hour", "5")
    clock.advance(minutes=1)
    routine.set_setting(store, "day_start_hour", "6")
    assert routine.settings_of(store.read())["day_start_hour"] == 6
    assert len(raw(path)["settings"]) == 1
    before = path.read_bytes()
    routine.set_setting(store, "day_start_hour", "6")
    assert path.read_bytes() == before


def test_settings_default_to_the_contract_values(store):
    values = routine.settings_of(store.read())
    assert values == {"day_start_hour": 4, "rest_days_per_week": 1, "genres": [], "platforms": [], "theme": "",
                      "prompts": [], "keymap": {}}


def test_recent_names_are_newest_first_and_one_per_person(store):
    routine.log_step(store, "connect", "@Jane", day=ago(3))
    routine.log_step(store, "share", "Sam", day=ago(2))
    routine.log_step(store, "connect", " jane ", day=ago(1))
    routine.log_step(store, "brainstorm", "history teachers", day=ago(1))
    history = store.read()
    assert routine.recent_names(history, "connect") == [" jane ".strip(), "Sam"]
    assert routine.recent_names(history, "share") == ["jane", "Sam"]
    assert routine.recent_names(history, "brainstorm") == ["history teachers"]


def test_an_entry_describes_itself_without_the_default_action(store):
    entry = routine.log_step(store, "connect", "@jane", platform="Bluesky").entry
    assert entry.describe() == "@jane · Bluesky"
    entry = routine.log_step(store, "share", "Sam", work="The Lantern Road", platform="Mastodon").entry
    assert entry.describe() == "Sam · The Lantern Road · Mastodon"
    entry = routine.log_step(store, "connect", "Ada", action="comment").entry
    assert entry.describe() == "Ada · comment"
