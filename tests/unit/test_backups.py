"""Backups beside the data file: one a day at most, 7 daily + 4 weekly kept, one before each import,
migration and restore; restore puts one back and keeps what it replaces; failures change nothing."""

from __future__ import annotations

import errno
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from habits import routine
from habits.exchange import export_data, import_export
from habits.store import CorruptFile, Store, StoreError, backups, paths
from habits.text import InputError


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 21, 9, 0).astimezone()

    def __call__(self) -> datetime:
        return self.now

    def days(self, n: int) -> None:
        self.now += timedelta(days=n)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "coach.json"


@pytest.fixture
def store(path: Path, clock: Clock) -> Store:
    return Store(path, clock)


def names(store: Store) -> list[str]:
    return [b.name for b in backups.backups_of(store.path)]


def daily_name(taken: datetime) -> str:
    """The daily backup taken at `taken`: its UTC instant, then the local day it stands for."""
    return f"coach-{taken.astimezone(timezone.utc):%Y%m%dT%H%M%S.%fZ}-{taken.date().isoformat()}-daily@here.json"


def test_the_first_write_makes_no_backup_there_is_nothing_to_keep(store, path):
    routine.log_step(store, "connect", "jane")
    assert names(store) == []
    assert not paths.backups_folder(path).exists()


def test_the_first_change_of_a_day_keeps_the_file_as_it_was_before_it(store, path, clock):
    routine.log_step(store, "connect", "jane")
    before = path.read_bytes()
    routine.log_step(store, "share", "sam")
    assert names(store) == [daily_name(clock.now)]
    assert backups.backups_of(store.path)[0].path.read_bytes() == before


def test_at_most_one_automatic_backup_a_day(store, clock):
    routine.log_step(store, "connect", "jane")
    first = clock.now
    for name in ("sam", "ada", "lee"):
        routine.log_step(store, "connect", name)
    assert names(store) == [daily_name(first)]
    clock.days(1)
    routine.log_step(store, "connect", "kim")
    assert names(store) == [daily_name(clock.now), daily_name(first)]


def test_a_command_that_changes_nothing_makes_no_backup(store, clock):
    routine.log_step(store, "connect", "jane")
    clock.days(1)
    store.read()
    with pytest.raises(InputError):
        routine.log_step(store, "connect", "   ")
    assert names(store) == []


def test_seven_daily_and_four_weekly_are_kept(store, clock):
    start = clock.now.date()
    routine.log_step(store, "connect", "day0")
    for n in range(1, 70):
        clock.days(1)
        routine.log_step(store, "connect", f"day{n}")
    kept = [b.day for b in backups.backups_of(store.path)]
    last = start + timedelta(days=69)
    daily = [last - timedelta(days=n) for n in range(7)]
    assert kept[:7] == daily
    weekly = kept[7:]
    assert len(weekly) == 4
    weeks = [d.isocalendar()[:2] for d in weekly]
    assert len(set(weeks)) == 4  # one per week, the newest of each
    for day in weekly:
        assert day.weekday() == 6 or day == max(d for d in weekly if d.isocalendar()[:2] == day.isocalendar()[:2])
    assert weekly == sorted(weekly, reverse=True) and weekly[0] < daily[-1]


def test_pruning_rules_on_names_alone():
    made = [backups.Backup(Path(f"coach-{d}-daily.json"), d, "daily", datetime.combine(d, datetime.min.time()))
            for d in (date(2026, 1, 1) + timedelta(days=n) for n in range(100))]
    events = [backups.Backup(Path(f"coach-x{n}-before-import.json"), date(2026, 1, 1), "before-import",
                             datetime(2026, 1, 1, 0, 0, n)) for n in range(15)]
    every = sorted(made + events, key=lambda b: b.taken, reverse=True)
    pruned = set(backups.to_prune(every))
    kept = [b for b in every if b not in pruned]
    assert sum(b.automatic for b in kept) == 11
    assert sum(not b.automatic for b in kept) == 10
    assert all(not b.automatic and b.taken.second < 5 or b.automatic for b in pruned)


def test_an_import_keeps_a_backup_of_the_file_before_it(store, path, tmp_path, clock):
    routine.log_step(store, "connect", "jane")
    other = Store(tmp_path / "other.json", clock)
    routine.log_step(other, "share", "sam")
    export = tmp_path / "export.json"
    export.write_bytes(orjson.dumps(export_data(other)))
    before = path.read_bytes()
    import_export(store, export)
    taken = [b for b in backups.backups_of(store.path) if b.reason == "before-import"]
    assert len(taken) == 1 and taken[0].path.read_bytes() == before


def test_restore_puts_a_backup_back_and_keeps_what_it_replaced(store, path, clock):
    routine.log_step(store, "connect", "jane")
    clock.days(1)
    routine.log_step(store, "connect", "sam")
    daily = backups.backups_of(store.path)[0]
    replaced = path.read_bytes()
    restored = store.restore(daily.name)
    assert path.read_bytes() == daily.path.read_bytes()
    assert [e.subject for e in store.read().entries] == ["jane"]
    assert restored.kept is not None and restored.kept.read_bytes() == replaced
    assert restored.entries == 1 and restored.last_day == date(2026, 11, 21)
    # and the restore can itself be taken back
    store.restore(restored.kept.name)
    assert [e.subject for e in store.read().entries] == ["jane", "sam"]


def test_restore_latest_skips_a_backup_that_does_not_read(store, path, clock):
    routine.log_step(store, "connect", "jane")
    clock.days(1)
    routine.log_step(store, "connect", "sam")
    path.write_text("{broken")
    store.restore("latest")  # keeps the broken file as before-restore, the newest backup
    path.write_text("{broken again")
    restored = store.restore("latest")
    assert restored.source.name == daily_name(clock.now)
    assert [e.subject for e in store.read().entries] == ["jane"]


def test_restore_of_a_broken_data_file_keeps_the_broken_file(store, path, clock):
    routine.log_step(store, "connect", "jane")
    clock.days(1)
    routine.log_step(store, "connect", "sam")
    path.write_bytes(b"{half a fi")
    restored = store.restore("latest")
    assert restored.kept.read_bytes() == b"{half a fi"


def test_a_backup_that_does_not_read_is_not_restored(store, path, clock):
    routine.log_step(store, "connect", "jane")
    clock.days(1)
    routine.log_step(store, "connect", "sam")
    daily = backups.backups_of(store.path)[0]
    daily.path.write_text("[]")
    before = path.read_bytes()
    with pytest.raises(CorruptFile, match="cannot restore"):
        store.restore(daily.name)
    assert path.read_bytes() == before


def test_an_unknown_backup_is_named_with_where_the_backups_are(store, path):
    routine.log_step(store, "connect", "jane")
    with pytest.raises(InputError, match=r"no backup 'nope'.*coach doctor.*coach\.json\.backups"):
        store.restore("nope")


def test_a_broken_data_file_names_the_backup_that_would_put_it_right(store, path, clock):
    routine.log_step(store, "connect", "jane")
    clock.days(1)
    routine.log_step(store, "connect", "sam")
    path.write_text('{"entries": ')
    with pytest.raises(CorruptFile) as caught:
        store.read()
    message = str(caught.value)
    assert "\n" not in message
    assert f"coach restore {daily_name(clock.now)}" in message and str(paths.backups_folder(path)) in message


def test_a_broken_data_file_with_no_backup_says_so(store, path):
    path.write_text("not json")
    with pytest.raises(CorruptFile, match="no backup of it yet.*coach import"):
        store.read()


def test_a_backup_that_cannot_be_written_stops_the_change(store, path, clock):
    routine.log_step(store, "connect", "jane")
    paths.backups_folder(path).write_text("a file where the folder should be")
    before = path.read_bytes()
    clock.days(1)
    with pytest.raises(StoreError, match="nothing was changed"):
        routine.log_step(store, "connect", "sam")
    assert path.read_bytes() == before


@pytest.mark.parametrize("failing, code", [
    ("fsync", errno.ENOSPC),      # a full disk: the temp file cannot be flushed
    ("replace", errno.EROFS),     # a read-only file system: the rename is refused
    ("temp_file", errno.EACCES),  # a folder we may not write in
])
def test_a_failing_write_says_why_in_one_line_and_changes_nothing(store, path, monkeypatch, failing, code):
    routine.log_step(store, "connect", "jane")
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    target = {"fsync": "habits.store.files.os.fsync", "replace": "habits.store.files.os.replace",
              "temp_file": "habits.store.files.temp_file"}[failing]
    monkeypatch.setattr(target, fail)
    with pytest.raises(StoreError) as caught:
        routine.log_step(store, "connect", "sam")
    message = str(caught.value)
    assert os.strerror(code).lower() in message and "nothing was changed" in message and "\n" not in message
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_folder_that_cannot_be_made_says_so(tmp_path, clock):
    blocker = tmp_path / "home"
    blocker.write_text("a file, not a folder")
    store = Store(blocker / "coach" / "coach.json", clock)
    with pytest.raises(StoreError, match="cannot create the folder"):
        routine.log_step(store, "connect", "jane")
