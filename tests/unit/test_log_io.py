"""What `coach log` touches, counted: one read and one write of the data file, the daily backup a link
to the file as it was (copied only where no link can be made), nothing read again to write the summary.

The bench (bench/run.py) says how long it takes; these say what it does, and fail when it does more.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from habits import routine
from habits.store import Store, StoreError, backups, files, paths, summary


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 21, 9, 0).astimezone()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    """A data file with a day of steps, written yesterday: today's first change keeps a daily backup."""
    made = Store(tmp_path / "coach.json", clock)
    clock.now -= timedelta(days=1)
    for kind, subject in (("brainstorm", "history teachers"), ("connect", "@jane"), ("share", "@sam")):
        routine.log_step(made, kind, subject)
    clock.now += timedelta(days=1)
    return made


def the_daily(store: Store) -> Path:
    """Today's daily backup (yesterday's second change kept yesterday's)."""
    (daily,) = [b.path for b in backups.backups_of(store.path) if b.automatic and b.day == store.clock().date()]
    return daily


def test_the_daily_backup_is_the_file_as_it_was_linked_not_copied(store):
    before = store.path.read_bytes()
    old = os.stat(store.path)
    routine.log_step(store, "connect", "@kit")
    daily = the_daily(store)
    kept = os.stat(daily)
    assert daily.read_bytes() == before
    assert (kept.st_ino, kept.st_nlink) == (old.st_ino, 1)  # the old file itself, now the backup's alone
    assert os.stat(store.path).st_ino != old.st_ino and b"@kit" in store.path.read_bytes()


def test_without_links_the_backup_is_written(store, monkeypatch):
    before = store.path.read_bytes()

    def no_links(*_args, **_kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    routine.log_step(store, "connect", "@kit")
    assert the_daily(store).read_bytes() == before


def test_a_file_replaced_while_it_was_read_is_backed_up_as_read(store, monkeypatch):
    """A link is taken only of the very file that was read (inode, size, time); else the bytes read are written."""
    before = store.path.read_bytes()
    real = backups.link_as_backup
    seen = []

    def elsewhere(data_file, target, read_as):
        seen.append(read_as)
        return real(data_file, target, (read_as[0] + 1, read_as[1], read_as[2]))  # as if another file

    monkeypatch.setattr(backups, "link_as_backup", elsewhere)
    routine.log_step(store, "connect", "@kit")
    daily = the_daily(store)
    assert seen and daily.read_bytes() == before
    assert os.stat(daily).st_nlink == 1 and not [p for p in daily.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_change_that_fails_leaves_no_backup_that_is_the_live_file(store, monkeypatch):
    before = store.path.read_bytes()
    real = files.write_atomically

    def failing(path, payload, what="write"):
        if path == store.path:
            raise StoreError("cannot write: the disk is full; nothing was changed")
        return real(path, payload, what)

    import habits.store as store_module

    monkeypatch.setattr(store_module, "write_atomically", failing)
    with pytest.raises(StoreError):
        routine.log_step(store, "connect", "@kit")
    assert store.path.read_bytes() == before
    assert [b for b in backups.backups_of(store.path) if b.day == store.clock().date()] == []
    assert os.stat(store.path).st_nlink == 1
    monkeypatch.undo()
    routine.log_step(store, "connect", "@kit")  # the next change of the day keeps the day's backup
    assert the_daily(store).read_bytes() == before


@pytest.fixture
def counted(monkeypatch) -> Counter:
    """Every read of a whole file (the store reads through Path.read_bytes) and every atomic write, by the
    file's name."""
    calls: Counter = Counter()
    import habits.store as store_module

    real_write = files.write_atomically

    def writing(path, payload, *args, **kwargs):
        calls[("write", Path(path).name)] += 1
        return real_write(path, payload, *args, **kwargs)

    for module in (store_module, backups):
        monkeypatch.setattr(module, "write_atomically", writing)
    real_path_read = Path.read_bytes

    def path_reading(self):
        calls[("read", self.name)] += 1
        return real_path_read(self)

    monkeypatch.setattr(Path, "read_bytes", path_reading)
    return calls


def test_a_log_reads_the_data_file_once_writes_it_once_and_reads_the_summary_once(store, counted):
    routine.log_step(store, "connect", "@kit")
    name = store.path.name
    assert counted[("read", name)] == 1 and counted[("write", name)] == 1
    assert counted[("read", paths.summary_file(store.path).name)] <= 1
    assert sum(n for (what, _), n in counted.items() if what == "write") == 1  # the backup is a link
    assert not paths.figures_file(store.path).exists()  # no face asked for the closed years' figures


def test_the_summary_a_log_writes_is_the_summary_of_the_file(store):
    """The figures a log adds to the summary's are the figures of the file as written (tallied afresh)."""
    routine.log_step(store, "connect", "@kit", platform="Bluesky")
    routine.log_step(store, "share", "@jane", work="a poem")
    recent = store.read_recent()
    assert recent is not None
    grown = recent.tally()
    from habits import aggregates
    from habits.store import contents

    assert grown == aggregates.of_tables(contents.read_whole(store.path) or {})
    assert summary.made_from(store.path, store.device.id) == store.signature()
