"""Backups in true order (issue 19): ordered and pruned by the UTC instant they were taken, whatever
the local wall time did (a change of time zone, the night summer time ends, several in one second);
`restore latest` takes back only the last change, and the way back a restore names is never pruned
by that restore. Backups an earlier coach named by local wall time are still listed and restored."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import datetime, timedelta, timezone, UTC
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import given, settings, strategies as st

from habits import routine
from habits.exchange import export_data, import_export
from habits.store import Store, backups, paths
from tests.sizes import examples

TOKYO = timezone(timedelta(hours=9))
BOGOTA = timezone(timedelta(hours=-5))
NEW_YORK = ZoneInfo("America/New_York")


class Clock:
    """The store's clock, set by hand: an aware moment in whatever zone the person is in."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "coach.json"


@pytest.fixture
def local_zone(monkeypatch):
    """Sets the zone this process shows times in (TZ), and puts it back afterwards."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def imported(store: Store, subject: str) -> None:
    """Imports an export holding one entry (`subject`): a change that keeps a before-import backup."""
    folder = store.path.parent / "elsewhere"
    other = Store(folder / f"{subject}.json", store.clock)
    routine.log_step(other, "connect", subject)
    export = folder / f"{subject}-export.json"
    export.write_bytes(orjson.dumps(export_data(other)))
    import_export(store, export)


def subjects(store: Store) -> list[str]:
    return sorted(e.subject for e in store.read().entries)


def instants_newest_first(store: Store) -> bool:
    taken = [b.taken for b in backups.backups_of(store.path)]
    return all(a >= b for a, b in pairwise(taken))


def test_restore_latest_after_a_change_of_time_zone_takes_back_only_the_last_import(path, local_zone):
    clock = Clock(datetime(2026, 11, 21, 9, 0, tzinfo=TOKYO))  # 00:00 UTC
    store = Store(path, clock)
    routine.log_step(store, "connect", "jane")
    imported(store, "first")
    clock.now = datetime(2026, 11, 20, 20, 0, tzinfo=BOGOTA)  # an hour later, the local clock 13 hours back
    imported(store, "second")
    assert subjects(store) == ["first", "jane", "second"]
    every = backups.backups_of(store.path)
    assert instants_newest_first(store)
    assert every[0].taken == datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
    # one daily for each local calendar day, the newest first although its day is the earlier one
    assert [b.day.isoformat() for b in every if b.automatic] == ["2026-11-20", "2026-11-21"]
    restored = store.restore("latest")
    assert subjects(store) == ["first", "jane"]  # the second import taken back, the first kept
    assert restored.kept is not None and restored.kept.exists()
    assert backups.backups_of(store.path)[0].path == restored.kept
    # shown to a person in the zone they are in now
    local_zone("America/Bogota")
    imports = [b for b in every if b.reason == "before-import"]
    assert [b.describe() for b in imports] == ["before import, 2026-11-20 20:00", "before import, 2026-11-20 19:00"]


def test_restore_latest_on_the_night_summer_time_ends(path, local_zone):
    clock = Clock(datetime(2026, 11, 1, 0, 30, tzinfo=NEW_YORK))
    store = Store(path, clock)
    routine.log_step(store, "connect", "jane")
    clock.now = datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK)  # 01:30 EDT
    imported(store, "a")
    clock.now = datetime(2026, 11, 1, 1, 45, tzinfo=NEW_YORK)  # 01:45 EDT
    imported(store, "b")
    clock.now = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)  # 01:30 EST: the same wall time, an hour on
    imported(store, "c")
    assert clock.now.utcoffset() == timedelta(hours=-5)
    assert instants_newest_first(store)
    names = [b.name for b in backups.backups_of(store.path)]
    assert len(set(names)) == len(names)
    restored = store.restore("latest")
    assert subjects(store) == ["a", "b", "jane"]  # only "c" taken back
    assert restored.kept is not None and restored.kept.exists()
    local_zone("America/New_York")
    imports = [b.describe() for b in backups.backups_of(store.path) if b.reason == "before-import"]
    assert imports == ["before import, 2026-11-01 01:30", "before import, 2026-11-01 01:45",
                       "before import, 2026-11-01 01:30"]  # local time, as the person saw it


@pytest.mark.parametrize("micros", [(100_000, 400_000, 900_000), (0, 0, 0)], ids=["microseconds", "same-instant"])
def test_three_imports_in_one_second_then_restore_latest_takes_back_the_last(path, micros):
    start = datetime(2026, 11, 21, 9, 15, tzinfo=UTC)
    clock = Clock(start)
    store = Store(path, clock)
    routine.log_step(store, "connect", "jane")
    for subject, micro in zip(("one", "two", "three"), micros):
        clock.now = start + timedelta(microseconds=micro)
        imported(store, subject)
    events = [b for b in backups.backups_of(store.path) if not b.automatic]
    assert len(events) == 3 and len({b.name for b in backups.backups_of(store.path)}) == len(backups.backups_of(store.path))
    restored = store.restore("latest")
    assert subjects(store) == ["jane", "one", "two"]
    assert restored.kept is not None and restored.kept.exists()
    assert backups.backups_of(store.path)[0].path == restored.kept  # the way back is the newest now
    store.restore(restored.kept.name)
    assert subjects(store) == ["jane", "one", "three", "two"]


def test_the_way_back_survives_its_restore_when_ten_imports_came_before(path):
    clock = Clock(datetime(2026, 11, 21, 9, 0, tzinfo=TOKYO))
    store = Store(path, clock)
    routine.log_step(store, "connect", "jane")
    for n in range(12):
        clock.now += timedelta(minutes=1)
        imported(store, f"import{n}")
    assert sum(not b.automatic for b in backups.backups_of(store.path)) == backups.KEEP_EVENTS
    clock.now = clock.now.astimezone(BOGOTA) + timedelta(minutes=1)  # flew east to west: local names go back
    restored = store.restore("latest")
    assert restored.kept is not None and restored.kept.exists()
    assert restored.kept in [b.path for b in backups.backups_of(store.path)]
    assert "import11" not in subjects(store)
    store.restore(restored.kept.name)  # and the restore can be taken back
    assert "import11" in subjects(store)


def imports_a_second_apart(path: Path, count: int) -> tuple[Clock, Store]:
    """A history with `count` imports, a second apart, each with its before-import backup."""
    clock = Clock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    store = Store(path, clock)
    routine.log_step(store, "connect", "jane")
    for n in range(count):
        clock.now += timedelta(seconds=1)
        imported(store, f"import{n}")
    return clock, store


def test_the_way_back_survives_its_restore_when_the_clock_went_back(path):
    clock, store = imports_a_second_apart(path, 11)
    clock.now -= timedelta(hours=1)  # the computer's clock put right: older than every backup there is
    restored = store.restore("latest")
    assert restored.kept is not None and restored.kept.exists()
    assert sum(not b.automatic for b in backups.backups_of(store.path)) == backups.KEEP_EVENTS
    assert backups.backups_of(store.path)[0].name == restored.kept.name  # taken last, so the latest, whatever the clock said
    store.restore(restored.kept.name)
    assert "import10" in subjects(store)


def test_a_backup_just_written_is_not_pruned_by_its_own_change(path):
    clock, store = imports_a_second_apart(path, 10)
    before = path.read_bytes()
    clock.now -= timedelta(hours=1)
    imported(store, "late")
    kept = [b for b in backups.backups_of(store.path) if b.reason == "before-import" and b.path.read_bytes() == before]
    assert len(kept) == 1


def test_to_prune_never_prunes_what_it_is_told_to_keep():
    base = datetime(2026, 11, 21, tzinfo=UTC)
    events = [backups.Backup(Path(f"coach-e{n}-before-import.json"), base.date(), "before-import",
                             base + timedelta(seconds=n)) for n in range(15)]
    every = sorted(events, key=lambda b: b.taken, reverse=True)
    oldest = every[-1]
    assert oldest in backups.to_prune(every)
    pruned = backups.to_prune(every, [Path("/somewhere/else") / oldest.name])
    assert oldest not in pruned and len(pruned) == 4


def test_names_never_collide_and_keep_the_order_they_were_taken_in(path):
    now = datetime(2026, 11, 21, 9, 15, 0, 123456, tzinfo=TOKYO)
    folder = paths.backups_folder(path)
    folder.mkdir()
    made = []
    for reason in ("before-migration-v3", "before-import", "daily", "before-import", "before-restore"):
        target = backups.name_for(path, now, reason)
        assert not target.exists()
        target.write_text("{}")
        made.append(target.name)
    assert made[0] == "coach-20261121T001500.123456Z-before-migration-v3.json"
    assert made[2] == "coach-20261121T001500.123456Z-3-2026-11-21-daily.json"  # the local day it stands for
    listed = backups.backups_of(path)
    assert [b.name for b in listed] == made[::-1]
    assert [b.reason for b in listed] == ["before-restore", "before-import", "daily", "before-import",
                                          "before-migration-v3"]
    assert not backups.daily_due(path, now) and backups.daily_due(path, now + timedelta(days=1))


def test_old_names_are_listed_by_their_file_times_and_restorable(path):
    clock = Clock(datetime(2026, 11, 21, 9, 0, tzinfo=TOKYO))
    store = Store(path, clock)
    routine.log_step(store, "connect", "jane")
    folder = paths.backups_folder(path)
    folder.mkdir()
    jane = path.read_bytes()

    def old(name: str, at: datetime, raw: bytes) -> Path:
        target = folder / name
        target.write_bytes(raw)
        ns = int(at.timestamp()) * 10**9 + at.microsecond * 1000
        os.utime(target, ns=(ns, ns))
        return target

    # Taken by an earlier coach: in Tokyo at 09:00 local, then an hour later in Bogota at 20:00 the day before.
    tokyo = old("coach-2026-11-21T090000-before-import.json", datetime(2026, 11, 21, 0, 0, tzinfo=UTC), b"{}")
    bogota = old("coach-2026-11-20T200000-before-import.json", datetime(2026, 11, 21, 1, 0, tzinfo=UTC), jane)
    daily = old("coach-2026-11-21-daily.json", datetime(2026, 11, 20, 23, 0, tzinfo=UTC), b"{}")
    clock.now = datetime(2026, 11, 21, 10, 30, tzinfo=TOKYO)  # 01:30 UTC, still 2026-11-21 in Tokyo
    imported(store, "new")
    listed = backups.backups_of(store.path)
    assert [b.path for b in listed if b.path in (tokyo, bogota, daily)] == [bogota, tokyo, daily]
    assert listed[0].reason == "before-import" and listed[0].name.startswith("coach-20261121T013000.000000Z")
    assert not any(b.automatic and b.path != daily for b in listed)  # today's daily was taken, by its old name
    assert instants_newest_first(store)
    restored = store.restore(bogota.name)
    assert subjects(store) == ["jane"] and restored.source == bogota
    os.utime(bogota, (time.time(), time.time()))  # the newest of all now
    assert backups.backups_of(store.path)[0].path == bogota


def test_an_old_name_that_cannot_be_looked_at_is_ordered_by_its_name_in_this_zone(path, monkeypatch, local_zone):
    local_zone("Europe/Berlin")
    folder = paths.backups_folder(path)
    folder.mkdir(parents=True)
    for name in ("coach-2026-11-21T091500-before-import.json", "coach-2026-11-20-daily.json",
                 "coach-2026-11-21T091500-before-import-2.json", "coach-2026-11-21T081500-before-restore.json"):
        (folder / name).write_text("{}")
    monkeypatch.setattr(backups, "modified", lambda path: None)
    listed = backups.backups_of(path)
    assert [b.name for b in listed] == ["coach-2026-11-21T091500-before-import-2.json",
                                        "coach-2026-11-21T091500-before-import.json",
                                        "coach-2026-11-21T081500-before-restore.json", "coach-2026-11-20-daily.json"]
    assert listed[1].taken == datetime(2026, 11, 21, 8, 15, tzinfo=UTC)  # 09:15 in Berlin
    assert listed[1].describe() == "before import, 2026-11-21 09:15"


_OFFSETS = st.integers(min_value=-14 * 4, max_value=14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
_INSTANTS = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.replace(tzinfo=UTC))
_BACKUPS = st.lists(st.tuples(_INSTANTS, _OFFSETS, st.sampled_from(["daily", "before-import", "before-restore",
                                                                     "before-migration-v3"]), st.booleans()),
                    min_size=1, max_size=12)


@settings(max_examples=examples(60), deadline=None)
@given(_BACKUPS)
def test_backups_are_ordered_by_their_utc_instants_whatever_the_local_offsets(taken):
    with tempfile.TemporaryDirectory() as folder:
        data_file = Path(folder) / "coach.json"
        paths.backups_folder(data_file).mkdir()
        truth: dict[str, tuple[datetime, int]] = {}
        newest: datetime | None = None
        for order, (instant, offset, reason, old_name) in enumerate(taken):
            local = instant.astimezone(offset)
            if old_name:  # an earlier coach's name: local wall time, the instant in the file's mtime
                stem = f"coach-{local.date()}-daily" if reason == "daily" else f"coach-{local:%Y-%m-%dT%H%M%S}-{reason}"
                target, n = paths.backups_folder(data_file) / f"{stem}.json", 1
                while target.exists():
                    n += 1
                    target = target.with_name(f"{stem}-{n}.json")
            else:
                target = backups.name_for(data_file, local, reason)
            assert not target.exists()
            target.write_text("{}")
            if old_name:
                ns = int(instant.timestamp()) * 10**9 + instant.microsecond * 1000
                os.utime(target, ns=(ns, ns))
            if not old_name and newest is not None and newest > instant:
                instant = newest  # a clock gone back: a new name takes the newest instant, and comes after it
            newest = max(newest or instant, instant)
            truth[target.name] = (instant, order)
        listed = backups.backups_of(data_file)
        assert sorted(b.name for b in listed) == sorted(truth)
        assert all(b.taken == truth[b.name][0] for b in listed)
        instants = [truth[b.name][0] for b in listed]
        assert instants == sorted(instants, reverse=True)
        new = [truth[b.name] for b in listed if b.name[len("coach-"):][8:9] == "T"]  # coach's names of now
        assert new == sorted(new, reverse=True)  # one instant: the one taken last first


def test_a_clock_set_back_still_makes_the_last_backup_taken_the_latest(path):
    clock, store = imports_a_second_apart(path, 1)
    clock.now -= timedelta(hours=1)  # the computer's clock put right between two imports
    imported(store, "after the clock went back")
    restored = store.restore("latest")  # takes back the last import only
    assert "import0" in subjects(store) and "after the clock went back" not in subjects(store)
    assert backups.backups_of(store.path)[0].name == restored.kept.name  # the way back is now the latest
    store.restore("latest")
    assert "after the clock went back" in subjects(store)
