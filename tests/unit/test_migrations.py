"""Data versions: each migration step from a stored fixture of the older shape, and how the store uses them."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from habits import routine
from habits.store import CorruptFile, Store, history_from, years
from habits.store.backups import backups_of
from habits.store.migrations import MIGRATIONS, SCHEMA_VERSION, MigrationError, migrate, version_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2026, 11, 22, 9, 0).astimezone()


def fixture(version: int) -> dict:
    return json.loads((FIXTURES / f"schema-{version}.json").read_text())


@pytest.fixture
def v1_file(tmp_path: Path) -> Path:
    path = tmp_path / "coach.json"
    shutil.copy(FIXTURES / "schema-1.json", path)
    return path


def test_every_step_has_a_fixture_of_the_shape_it_starts_from():
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))
    for version in MIGRATIONS:
        assert version_of(fixture(version)) == version


def test_the_v1_fixture_is_the_shape_coach_0_3_wrote():
    data = fixture(1)
    assert data["meta"] == {"1": {"schema": 1, "app": "coach"}}
    assert set(data["entries"]) == {"1", "2", "3", "4", "5", "6"}  # TinyDB's counters, not the ids


def test_v1_to_v2_keys_every_record_by_its_own_id_and_loses_none():
    before = fixture(1)
    after = MIGRATIONS[1](json.loads(json.dumps(before)))
    for table, records in before.items():
        if table == "meta":
            continue
        assert len(after[table]) == len(records), table
        if table == "journal":
            assert set(after[table]) == {str(r["seq"]) for r in records.values()}
        else:
            assert all(key == record["id"] for key, record in after[table].items()), table
        assert sorted(map(orjson.dumps, after[table].values())) == sorted(map(orjson.dumps, records.values()))


def test_the_migrated_fixture_reads_as_the_same_history():
    data, found = migrate(fixture(1))
    assert found == 1 and version_of(data) == SCHEMA_VERSION
    history = history_from(data)
    assert [(e.day, e.kind, e.subject) for e in history.entries] == [
        (date(2026, 11, 16), "brainstorm", "history teachers"),
        (date(2026, 11, 16), "connect", "@jane_writes"),
        (date(2026, 11, 16), "share", "Sam Haddad"),
        (date(2026, 11, 17), "connect", "Ada"),
    ]  # the deleted "Wrong Name" and the undone share stay tombstones
    assert history.reflections[date(2026, 11, 16)].text == "Jane answered within the hour."
    assert date(2026, 11, 18) in history.rest_days
    assert [h.person for h in history.heard] == ["jane_writes"]
    assert history.settings["day_start_hour"] == 5
    assert history.week_reflections["2026-W47"].text == "Depth beats breadth."
    assert {p.name for p in history.people} >= {"Ada Lovelace"}


def test_a_record_without_an_id_stops_the_migration():
    data = fixture(1)
    del data["entries"]["2"]["id"]
    with pytest.raises(MigrationError, match="no id"):
        migrate(data)


def test_two_records_with_one_id_keep_the_one_edited_last():
    data = fixture(1)
    older = data["entries"]["1"]
    newer = {**older, "subject": "history teachers (edited)", "updated": "2026-11-30T10:00:00.000+00:00"}
    data["entries"]["99"] = newer
    migrated = MIGRATIONS[1](data)
    assert migrated["entries"][older["id"]]["subject"] == "history teachers (edited)"


def test_reading_an_old_file_changes_nothing_on_disk(v1_file):
    before = v1_file.read_bytes()
    store = Store(v1_file, lambda: NOW)
    assert len(store.read().entries) == 4
    assert v1_file.read_bytes() == before
    assert not (v1_file.parent / "coach.json.backups").exists()


def test_the_first_change_migrates_after_a_backup_of_the_old_file(v1_file):
    before = v1_file.read_bytes()
    store = Store(v1_file, lambda: NOW)
    routine.log_step(store, "connect", "Zed")
    backups = {b.reason: b for b in backups_of(store.path)}
    assert backups["before-migration-v1"].path.read_bytes() == before
    data = orjson.loads(v1_file.read_bytes())
    assert version_of(data) == SCHEMA_VERSION
    assert all(key == record["id"] for key, record in data["entries"].items())
    assert [e.subject for e in store.read().entries][-1] == "Zed"


def test_the_undo_journal_of_an_old_file_still_works_after_the_migration(v1_file):
    store = Store(v1_file, lambda: NOW)
    assert store.redo() == "log Share: Ada Lovelace"  # undone in 0.3, done again in this version
    assert [e.subject for e in store.read().entries][-1] == "Ada Lovelace"
    assert store.undo() == "log Share: Ada Lovelace"
    assert len(store.read().entries) == 4


def test_a_file_from_a_newer_version_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "coach.json"
    path.write_bytes(orjson.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1}}, "entries": {}}))
    before = path.read_bytes()
    store = Store(path, lambda: NOW)
    with pytest.raises(CorruptFile, match="newer coach"):
        routine.log_step(store, "connect", "Zed")
    assert path.read_bytes() == before


def test_a_version_3_file_keeps_its_journal_working_and_is_version_4_after_a_backup(tmp_path):
    """Written by 0.6.0: six steps done and one undone, each with its `after` in full."""
    path = tmp_path / "coach.json"
    shutil.copy(FIXTURES / "schema-3.json", path)
    before = path.read_bytes()
    store = Store(path, lambda: NOW)
    assert store.redo() == "log Connect: ola"  # undone in 0.6.0, done again here
    assert [e.subject for e in store.read().entries][-1] == "ola"
    assert {b.reason: b for b in backups_of(store.path)}["before-migration-v3"].path.read_bytes() == before
    assert version_of(orjson.loads(path.read_bytes())) == SCHEMA_VERSION == 4
    assert store.undo() == "log Connect: ola"
    assert store.undo() == "describe @jane"
    assert store.undo() == "reflection"
    assert store.read().reflections == {}
    routine.log_step(store, "share", "@jane")  # a step in the new journal's shape beside the old ones
    assert store.undo() == "log Share: @jane"
    assert store.undo() == "heard from @jane"
    assert [e.subject for e in store.read().entries] == ["history teachers", "@jane", "@sam"]


def test_a_version_3_file_with_closed_years_keeps_every_year_through_its_upgrade(tmp_path):
    """0.7.0's first cut forgot the meta record's list of closed years when it stamped version 4: the
    first write then tidied every year file away, and the migration's backup named none of them."""
    path = tmp_path / "coach.json"
    store = Store(path, lambda: NOW)
    routine.log_step(store, "connect", "maya", day=date(2019, 5, 1))
    routine.log_step(store, "connect", "ola", day=date(2023, 6, 2))
    routine.log_step(store, "share", "ann")
    data = orjson.loads(path.read_bytes())
    next(iter(data["meta"].values()))["schema"] = 3  # as 0.6.0 wrote it: the journal is read alike
    path.write_bytes(orjson.dumps(data))
    subjects = ["maya", "ola", "ann"]
    assert [e.subject for e in store.read().entries] == subjects
    routine.log_step(store, "brainstorm", "poets")  # the first change: the upgrade, after a backup
    assert [e.subject for e in store.read().entries] == ["maya", "ola", "ann", "poets"]
    assert version_of(orjson.loads(path.read_bytes())) == 4
    assert set(years.index_of(orjson.loads(path.read_bytes()))) == {"2019", "2023"}
    backup = {b.reason: b for b in backups_of(store.path)}["before-migration-v3"]
    path.unlink()
    store.restore(backup.name)
    assert [e.subject for e in store.read().entries] == subjects
