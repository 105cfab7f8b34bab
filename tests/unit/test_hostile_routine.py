"""Hostile input straight into habits.routine, the layer every face calls: each text-taking operation
refuses control characters, bytes that are not UTF-8, 100 KB and empty names with a short one-line
InputError, and leaves the data file byte-identical; any script and emoji are kept exactly."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from habits import routine
from habits.store import Store
from habits.text import InputError, shown

TODAY = date(2026, 11, 21)
CONTROLS = ["\x1b[2J", "\x07", "\x9b", "\r", "\x00", "\x7f", "\x85"]
SURROGATES = ["\udcff", "\ud800", "\udfff"]
HUNDRED_KB = "x" * 100_000
WORLD = "مرحبا · שלום · 👩‍👩‍👧‍👦 · 🇯🇵 · 👋🏽 · Cafe\u0301"


def clock() -> datetime:
    return datetime(2026, 11, 21, 9, 0).astimezone()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Written once (every write syncs the disk); each test gets a copy."""
    store = Store(tmp_path_factory.mktemp("template") / "coach.json", clock)
    routine.log_step(store, "brainstorm", "poets")
    routine.log_step(store, "connect", "jane", platform="Bluesky")
    routine.log_step(store, "connect", "sam")
    return store.path.read_bytes()


@pytest.fixture
def store(tmp_path: Path, template: bytes) -> Store:
    (tmp_path / "coach.json").write_bytes(template)
    return Store(tmp_path / "coach.json", clock)


def entry_id(store: Store) -> str:
    return store.read().entries[0].id


# Each operation takes one piece of typed text, `t`; the others are valid.
OPERATIONS: dict[str, Callable[[Store, str], object]] = {
    "log subject": lambda s, t: routine.log_step(s, "connect", f"ja{t}ne"),
    "log note": lambda s, t: routine.log_step(s, "connect", "jane", note=f"so{t}me"),
    "log platform": lambda s, t: routine.log_step(s, "connect", "jane", platform=f"Blue{t}sky"),
    "log work": lambda s, t: routine.log_step(s, "share", "jane", work=f"a {t}poem"),
    "log audience": lambda s, t: routine.log_step(s, "connect", "jane", audience=f"po{t}ets"),
    "log action": lambda s, t: routine.log_step(s, "connect", "jane", action=f"re{t}ply"),
    "heard person": lambda s, t: routine.log_heard(s, f"ja{t}ne"),
    "heard note": lambda s, t: routine.log_heard(s, "jane", note=f"hi{t}there"),
    "heard platform": lambda s, t: routine.log_heard(s, "jane", platform=f"Blue{t}sky"),
    "reflection": lambda s, t: routine.set_reflection(s, f"good{t}day"),
    "week reflection": lambda s, t: routine.set_week_reflection(s, 2026, 47, f"good{t}week"),
    "describe person name": lambda s, t: routine.describe_person(s, f"ja{t}ne", note="n"),
    "describe person note": lambda s, t: routine.describe_person(s, "jane", note=f"so{t}me"),
    "describe person platforms": lambda s, t: routine.describe_person(s, "jane", platforms=f"Bluesky, Mast{t}odon"),
    "describe audience name": lambda s, t: routine.describe_audience(s, f"po{t}ets", note="n"),
    "describe audience where": lambda s, t: routine.describe_audience(s, "poets", where=f"for{t}ums"),
    "describe audience note": lambda s, t: routine.describe_audience(s, "poets", note=f"so{t}me"),
    "rename": lambda s, t: routine.rename_person(s, "jane", f"Ja{t}ne"),
    "rename who": lambda s, t: routine.rename_person(s, f"ja{t}ne", "Jane"),
    "merge": lambda s, t: routine.merge_people(s, "jane", f"sa{t}m"),
    "edit subject": lambda s, t: routine.edit_entry(s, entry_id(s), subject=f"po{t}ets"),
    "edit note": lambda s, t: routine.edit_entry(s, entry_id(s), note=f"so{t}me"),
    "setting genres": lambda s, t: routine.set_setting(s, "genres", f"horror, y{t}a"),
    "setting platforms": lambda s, t: routine.set_setting(s, "platforms", f"Blue{t}sky"),
    "setting theme": lambda s, t: routine.set_setting(s, "theme", f"da{t}rk"),
    "setting hour": lambda s, t: routine.set_setting(s, "day_start_hour", f"4{t}5"),
    "setting key": lambda s, t: routine.set_setting(s, f"day{t}start_hour", "4"),
}


def assert_refused(store: Store, operation: Callable[[Store, str], object], text: str) -> str:
    before = store.path.read_bytes()
    with pytest.raises(InputError) as caught:
        operation(store, text)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 250, message[:300]
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in message), repr(message)
    assert store.path.read_bytes() == before
    return message


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_control_character_is_refused_by_every_operation_and_changes_nothing(store, name):
    for control in CONTROLS:
        assert_refused(store, OPERATIONS[name], control)


@pytest.mark.parametrize("name", OPERATIONS)
def test_bytes_that_are_not_utf8_are_refused_by_every_operation_and_change_nothing(store, name):
    for surrogate in SURROGATES:
        assert_refused(store, OPERATIONS[name], surrogate)


@pytest.mark.parametrize("name", OPERATIONS)
def test_100_kb_of_text_is_refused_by_every_operation_in_a_short_line(store, name):
    message = assert_refused(store, OPERATIONS[name], HUNDRED_KB)
    assert "x" * 100 not in message


@pytest.mark.parametrize(
    "operation",
    [
        lambda s, t: routine.log_step(s, "connect", t),
        lambda s, t: routine.log_step(s, "brainstorm", t),
        lambda s, t: routine.log_heard(s, t),
        lambda s, t: routine.rename_person(s, "jane", t),
        lambda s, t: routine.rename_person(s, t, "Jane"),
        lambda s, t: routine.merge_people(s, "jane", t),
        lambda s, t: routine.describe_person(s, t, note="n"),
        lambda s, t: routine.describe_audience(s, t, note="n"),
        lambda s, t: routine.edit_entry(s, entry_id(s), subject=t),
    ],
)
def test_an_empty_name_is_refused_by_every_operation(store, operation):
    for empty in ("", "   ", "\t", "@", " @ ", "\u3000", "\u2028"):
        assert_refused(store, operation, empty)


def test_a_note_of_exactly_the_most_is_taken_and_one_more_is_not(store):
    from habits.text import MAX_NOTE

    routine.set_reflection(store, "y" * MAX_NOTE)
    assert store.read().reflections[TODAY].text == "y" * MAX_NOTE
    message = assert_refused(store, lambda s, t: routine.set_reflection(s, t), "y" * (MAX_NOTE + 1))
    assert message == "the reflection is 10,001 characters long; the most is 10,000"


def test_a_typed_value_is_quoted_short_in_a_message():
    assert shown("four") == "'four'"
    assert shown("\x1b[2J") == "'\\x1b[2J'"
    assert shown("x" * 5000) == repr("x" * 40 + "…")


def test_any_script_and_emoji_are_kept_exactly_by_every_operation(store):
    routine.log_step(store, "share", WORLD, work=WORLD, platform=WORLD, note=f"{WORLD}\n\t{WORLD}", audience=WORLD)
    routine.log_heard(store, WORLD, note=WORLD, platform=WORLD)
    routine.set_reflection(store, WORLD)
    routine.set_week_reflection(store, 2026, 47, WORLD)
    routine.describe_person(store, WORLD, note=WORLD, platforms=f"{WORLD}, Bluesky")
    routine.describe_audience(store, WORLD, where=WORLD, note=WORLD)
    routine.set_setting(store, "genres", WORLD.replace("·", ","))
    renamed = routine.rename_person(store, "jane", f"@{WORLD} 2")

    history = store.read()
    share = history.entries[-1]
    assert (share.subject, share.work, share.platform, share.audience) == (WORLD, WORLD, WORLD, WORLD)
    assert share.note == f"{WORLD}\n\t{WORLD}"
    assert (history.heard[-1].person, history.heard[-1].note) == (WORLD, WORLD)
    assert history.reflections[TODAY].text == WORLD
    assert history.week_reflections["2026-W47"].text == WORLD
    person = next(p for p in history.people if p.name == WORLD)
    assert (person.note, person.platforms) == (WORLD, (WORLD, "Bluesky"))
    audience = next(a for a in history.audiences if a.name == WORLD)
    assert (audience.where, audience.note) == (WORLD, WORLD)
    assert history.settings["genres"] == [part.strip() for part in WORLD.split("·")]
    assert renamed == f"@{WORLD} 2" and any(p.name == renamed for p in history.people)
