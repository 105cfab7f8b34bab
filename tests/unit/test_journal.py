"""Undo and redo through the store's journal: every change can be taken back, across restarts."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from habits import routine
from habits.people import Directory
from habits.store import JOURNAL_KEEP, Store

TODAY = date(2026, 11, 21)


def clock() -> datetime:
    return datetime(2026, 11, 21, 9, 0).astimezone()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "coach.json", clock)


def subjects(store: Store) -> list[str]:
    return [e.subject for e in store.read().entries]


def test_undo_takes_back_the_last_change_and_redo_does_it_again(store):
    routine.log_step(store, "connect", "jane")
    routine.log_step(store, "share", "sam")
    assert routine.undo(store) == "log Share: sam"
    assert subjects(store) == ["jane"]
    assert routine.redo(store) == "log Share: sam"
    assert subjects(store) == ["jane", "sam"]


def test_undoing_a_log_also_takes_back_the_person_it_introduced(store):
    routine.log_step(store, "connect", "jane")
    routine.undo(store)
    assert Directory(store.read()).find("jane") is None
    assert store.read().people == ()


def test_undo_of_an_insert_leaves_a_tombstone_with_a_newer_updated(store):
    entry = routine.log_step(store, "connect", "jane").entry
    routine.undo(store)
    record = next(r for r in json.loads(store.path.read_text())["entries"].values() if r["id"] == entry.id)
    assert record["deleted"]
    assert datetime.fromisoformat(record["updated"]) >= datetime.fromisoformat(entry.updated)


def test_undo_restores_an_edit_and_a_delete(store):
    entry = routine.log_step(store, "connect", "jane", note="first").entry
    routine.edit_entry(store, entry.id, note="second")
    routine.delete_entry(store, entry.id)
    assert store.read().entries == ()
    assert routine.undo(store) == "delete Connect: jane"
    assert store.read().entries[0].note == "second"
    assert routine.undo(store) == "edit Connect: jane"
    assert store.read().entries[0].note == "first"


def test_settings_reflections_and_rest_days_are_undoable_too(store):
    routine.set_setting(store, "day_start_hour", "6")
    routine.set_reflection(store, "a good day")
    routine.mark_rest(store, day=date(2026, 11, 20))
    routine.undo(store)
    routine.undo(store)
    routine.undo(store)
    history = store.read()
    assert history.settings == {} and history.reflections == {} and history.rest_days == {}


def test_a_new_change_ends_what_could_be_redone(store):
    routine.log_step(store, "connect", "jane")
    routine.undo(store)
    routine.log_step(store, "connect", "sam")
    assert routine.redo(store) is None
    assert subjects(store) == ["sam"]


def test_nothing_to_undo_or_redo_is_none_and_writes_nothing(store):
    assert routine.undo(store) is None
    assert routine.redo(store) is None
    assert not store.path.exists()
    routine.log_step(store, "connect", "jane")
    routine.undo(store)
    routine.redo(store)
    before = store.path.read_bytes()
    assert routine.redo(store) is None
    assert store.path.read_bytes() == before
    assert subjects(store) == ["jane"]


def test_undo_survives_a_restart(store, tmp_path):
    routine.log_step(store, "connect", "jane")
    again = Store(tmp_path / "coach.json", clock)  # a new process would build a new Store
    assert again.undo_label() == ("log Connect: jane", None)
    assert routine.undo(again) == "log Connect: jane"
    assert again.undo_label() == (None, "log Connect: jane")


def test_the_last_fifty_changes_and_more_can_be_undone(store):
    for n in range(60):
        routine.log_step(store, "connect", f"person {n}", day=date(2026, 11, 1))
    for n in reversed(range(60)):
        assert routine.undo(store) == f"log Connect: person {n}"
    assert store.read().entries == ()
    assert JOURNAL_KEEP >= 50


def test_the_journal_keeps_a_bounded_number_of_steps(store):
    for n in range(JOURNAL_KEEP + 5):
        routine.set_reflection(store, f"take {n}")
    journal = json.loads(store.path.read_text())["journal"]
    assert len(journal) == JOURNAL_KEEP


def test_a_failed_change_leaves_nothing_to_undo(store):
    with pytest.raises(Exception):
        routine.log_step(store, "connect", "")
    routine.log_step(store, "connect", "jane")
    with pytest.raises(Exception):
        routine.log_step(store, "connect", "x", day=date(2030, 1, 1))
    assert routine.undo(store) == "log Connect: jane"
    assert routine.undo(store) is None


def test_the_journal_is_not_part_of_the_history(store):
    routine.log_step(store, "connect", "jane")
    history = store.read()
    assert len(history.entries) == 1 and len(history.people) == 1
