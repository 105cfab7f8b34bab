"""Undo and redo through the store's journal: every change can be taken back, across restarts."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from habits import exchange, routine
from habits.people import Directory
from habits.store import JOURNAL_KEEP, Store
from habits.store import journal as store_journal
from habits.store.records import timestamp

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
    assert store.undo() == "log Share: sam"
    assert subjects(store) == ["jane"]
    assert store.redo() == "log Share: sam"
    assert subjects(store) == ["jane", "sam"]


def test_undoing_a_log_also_takes_back_the_person_it_introduced(store):
    routine.log_step(store, "connect", "jane")
    store.undo()
    assert Directory(store.read()).find("jane") is None
    assert store.read().people == ()


def test_undo_of_an_insert_leaves_a_tombstone_with_a_newer_updated(store):
    entry = routine.log_step(store, "connect", "jane").entry
    store.undo()
    record = next(r for r in json.loads(store.path.read_text())["entries"].values() if r["id"] == entry.id)
    assert record["deleted"]
    assert datetime.fromisoformat(record["updated"]) >= datetime.fromisoformat(entry.updated)


def test_undo_restores_an_edit_and_a_delete(store):
    entry = routine.log_step(store, "connect", "jane", note="first").entry
    routine.edit_entry(store, entry.id, note="second")
    routine.delete_entry(store, entry.id)
    assert store.read().entries == ()
    assert store.undo() == "delete Connect: jane"
    assert store.read().entries[0].note == "second"
    assert store.undo() == "edit Connect: jane"
    assert store.read().entries[0].note == "first"


def test_settings_reflections_and_rest_days_are_undoable_too(store):
    routine.set_setting(store, "day_start_hour", "6")
    routine.set_reflection(store, "a good day")
    routine.mark_rest(store, day=date(2026, 11, 20))
    store.undo()
    store.undo()
    store.undo()
    history = store.read()
    assert history.settings == {} and history.reflections == {} and history.rest_days == {}


def test_a_new_change_ends_what_could_be_redone(store):
    routine.log_step(store, "connect", "jane")
    store.undo()
    routine.log_step(store, "connect", "sam")
    assert store.redo() is None
    assert subjects(store) == ["sam"]


def test_nothing_to_undo_or_redo_is_none_and_writes_nothing(store):
    assert store.undo() is None
    assert store.redo() is None
    assert not store.path.exists()
    routine.log_step(store, "connect", "jane")
    store.undo()
    store.redo()
    before = store.path.read_bytes()
    assert store.redo() is None
    assert store.path.read_bytes() == before
    assert subjects(store) == ["jane"]


def test_undo_survives_a_restart(store, tmp_path):
    routine.log_step(store, "connect", "jane")
    again = Store(tmp_path / "coach.json", clock)  # a new process would build a new Store
    assert again.undo_label() == ("log Connect: jane", None)
    assert again.undo() == "log Connect: jane"
    assert again.undo_label() == (None, "log Connect: jane")


def test_the_last_fifty_changes_and_more_can_be_undone(store):
    kinds = ("Brainstorm", "Connect", "Share")
    for n in range(60):
        routine.log_step(store, kinds[n % 3].lower(), f"person {n}", day=date(2026, 11, 1))
    for n in reversed(range(60)):
        assert store.undo() == f"log {kinds[n % 3]}: person {n}"
    assert store.read().entries == ()
    assert JOURNAL_KEEP >= 50
    assert store.redo() == "log Brainstorm: person 0"  # and the first of them can be redone
    assert subjects(store) == ["person 0"]


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
    assert store.undo() == "log Connect: jane"
    assert store.undo() is None


def test_the_journal_is_not_part_of_the_history(store):
    routine.log_step(store, "connect", "jane")
    history = store.read()
    assert len(history.entries) == 1 and len(history.people) == 1


# --- the journal of a big change: what undo needs, not a second copy of the data ------------------------

MARK = "a note long enough to notice wherever a copy of it is kept " * 4


def _source_with_old_years(tmp_path: Path, count: int = 300) -> Path:
    """An export of another history: `count` entries with long notes, spread over 2019-2023 (closed years)."""
    source = Store(tmp_path / "source" / "coach.json", clock)
    many = [{"kind": "connect", "day": date(2019 + n % 5, 1 + n % 12, 1 + n % 28).isoformat(), "subject": f"p{n}",
             "note": f"{MARK}{n}", "action": "other"} for n in range(count)]
    with source.transaction(journal=False) as tx:  # a history to start from, not a step to undo
        tx.put_many("entries", [{"id": f"e{n}", **fields, "created": timestamp(tx.now), "updated": timestamp(tx.now)}
                                for n, fields in enumerate(many)])
    routine.log_step(source, "share", "@sam", note="a share of theirs")
    path = tmp_path / "source export.json"
    path.write_bytes(exchange.export(source, "json").payload)
    return path


def _records_without_stamps(store: Store) -> dict[str, list[dict]]:
    """Every record, tombstones too, without `updated` (undo and redo make each restored record the newest)."""
    data = exchange.export_data(store)["records"]
    return {table: [{k: v for k, v in r.items() if k != "updated"} for r in records] for table, records in data.items()}


def test_the_journal_of_an_import_keeps_no_copy_of_the_records_it_brought(store, tmp_path):
    routine.log_step(store, "connect", "jane")
    exchange.import_export(store, _source_with_old_years(tmp_path))
    data = json.loads(store.path.read_bytes())
    journal = json.dumps(data["journal"])
    assert MARK not in journal
    assert len(journal) < 20_000  # the ids it inserted, not 300 records of 250 characters
    assert MARK not in store.path.read_text()  # the old years are in their own files, the data file keeps none
    [step] = [s for s in data["journal"].values() if s["label"] == "import source export.json"]
    assert sorted(c["table"] for c in step["changes"]) == ["entries", "people"]
    assert sum(len(c["inserted"]) for c in step["changes"]) == 300 + 1 + 1  # entries and the new person


def test_undo_then_redo_of_an_import_gives_back_the_same_records(store, tmp_path):
    routine.log_step(store, "connect", "jane", note="mine")
    mine = routine.log_step(store, "connect", "ola").entry
    source = _source_with_old_years(tmp_path, 40)
    # The export also edits a record of ours and deletes another, and brings a tombstone new here.
    export = json.loads(source.read_bytes())
    theirs = json.loads(exchange.export(store, "json").payload)["records"]
    jane = next(r for r in theirs["entries"] if r["subject"] == "jane")
    ola = next(r for r in theirs["entries"] if r["id"] == mine.id)
    later = "2026-11-21T10:00:00.000+00:00"
    export["records"]["entries"] += [{**jane, "note": "edited there", "updated": later},
                                     {**ola, "deleted": later, "updated": later},
                                     {**export["records"]["entries"][0], "id": "f" * 32, "deleted": later,
                                      "updated": later}]
    source.write_bytes(json.dumps(export).encode())
    before = _records_without_stamps(store)
    exchange.import_export(store, source)
    imported = _records_without_stamps(store)
    assert imported != before
    assert store.undo() == "import source export.json"
    undone = _records_without_stamps(store)
    live = {t: [r for r in records if not r.get("deleted")] for t, records in undone.items()}
    assert live == {t: [r for r in records if not r.get("deleted")] for t, records in before.items()}
    assert {r["subject"] for r in undone["entries"] if r.get("deleted")} >= {"p0", "p39", "@sam"}  # tombstones
    assert store.redo() == "import source export.json"
    assert _records_without_stamps(store) == imported
    assert store.undo() == "import source export.json" and _records_without_stamps(store) == undone
    assert store.redo() == "import source export.json" and _records_without_stamps(store) == imported
    assert store.undo() == "import source export.json"
    routine.log_step(store, "share", "sam")  # a new change ends what could be redone
    assert store.redo() is None


def test_an_undone_edit_keeps_what_it_made_until_it_is_redone(store):
    entry = routine.log_step(store, "connect", "jane", note="first").entry
    routine.edit_entry(store, entry.id, note="second")
    store.undo()
    assert store.read().entries[0].note == "first"
    store.redo()
    assert store.read().entries[0].note == "second"
    [edit] = [s for s in json.loads(store.path.read_bytes())["journal"].values() if s["label"].startswith("edit")]
    # Redone: the table holds the after; `left` says what the step left in the record (a record another
    # machine changed since is left alone by an undo).
    assert [set(c) for c in edit["changes"]] == [{"table", "id", "before", "left"}]


def test_a_journal_of_whole_records_from_an_older_coach_still_undoes_and_redoes(tmp_path):
    path = tmp_path / "coach.json"
    shutil.copy(Path(__file__).parents[1] / "fixtures" / "schema-2.json", path)
    old = Store(path, clock)
    steps = json.loads(path.read_bytes())["journal"]
    assert all("after" in c for s in steps.values() for c in s["changes"])  # 0.6's journal
    first = {(e.id, e.subject, e.note) for e in old.read().entries}
    labels = []
    while (label := old.undo()) is not None:
        labels.append(label)
    assert len(labels) == len(steps) and old.read().entries == () and old.read().people == ()
    while old.redo() is not None:
        pass
    assert {(e.id, e.subject, e.note) for e in old.read().entries} == first
    old.undo()
    assert len(old.read().entries) == len(first) - 1


def test_the_journal_drops_its_oldest_steps_beyond_its_budget(store, monkeypatch):
    monkeypatch.setattr(store_journal, "JOURNAL_BUDGET", 4_000)
    for n in range(40):
        routine.set_reflection(store, f"take {n} " + "x" * 200)  # each an edit: the journal keeps the text before
    journal = json.loads(store.path.read_bytes())["journal"]
    steps = sorted(journal.values(), key=lambda s: s["seq"])
    assert 5 < len(steps) < 40
    assert sum(len(orjson.dumps(s)) for s in steps[:-1]) <= 4_000
    assert steps[-1]["seq"] == 40
    for _ in steps:
        assert store.undo() == "reflection"
    assert store.undo() is None
    assert next(iter(store.read().reflections.values())).text.startswith(f"take {40 - len(steps) - 1} ")
