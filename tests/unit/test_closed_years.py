"""Closed years: the records of years before last in files of their own, behind the same Store face."""

from __future__ import annotations


import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from habits import routine
from habits.exchange import diagnose, export_data
from habits.store import CorruptFile, Store, StoreError, backup_problem, backups, history_from, paths, records, summary, years

TODAY = date(2026, 11, 21)


class Clock:
    def __init__(self, day: date = TODAY) -> None:
        self.day = day

    def __call__(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, 9, 0).astimezone()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "coach.json"


@pytest.fixture
def store(path: Path, clock: Clock) -> Store:
    """Five years of a small history, each step logged on its own day, the last one today."""
    store = Store(path, clock)
    for day, kind, subject in [
        (date(2022, 3, 1), "connect", "maya"), (date(2022, 3, 20), "connect", "maya"),
        (date(2023, 5, 2), "brainstorm", "poets"), (date(2023, 5, 2), "share", "maya"),
        (date(2024, 12, 31), "connect", "ola"), (date(2025, 1, 1), "connect", "ola"),
        (date(2026, 11, 20), "connect", "ola"),
    ]:
        clock.day = day
        routine.log_step(store, kind, subject)
    clock.day = date(2022, 4, 1)
    routine.log_heard(store, "maya")
    routine.set_reflection(store, "Maya answered.", day=date(2022, 4, 1))
    clock.day = date(2022, 5, 15)
    routine.log_heard(store, "maya")
    clock.day = date(2023, 5, 3)
    routine.log_heard(store, "maya")
    clock.day = TODAY
    routine.log_step(store, "brainstorm", "memoirists")  # today's change moves every closed year out
    return store


def year_files(path: Path) -> dict[str, str]:
    return {p.name[:4]: p.name for p in paths.years_folder(path).iterdir() if not p.name.startswith(".")}


def main_days(path: Path) -> set[str]:
    data = orjson.loads(path.read_bytes())
    return {r["day"] for t in years.DAY_TABLES for r in data.get(t, {}).values()}


def test_the_years_before_last_live_in_files_of_their_own(path, store):
    assert set(year_files(path)) == {"2022", "2023", "2024"}
    assert min(main_days(path)) >= "2025-01-01"  # this year and the last stay in the data file
    index = years.index_of(orjson.loads(path.read_bytes()))
    assert {year: item["file"] for year, item in index.items()} == year_files(path)
    assert index["2023"]["days"] == {"2023-05-02": "13"}
    for name in year_files(path).values():
        assert years.checks_out(name, (paths.years_folder(path) / name).read_bytes())


def test_the_store_reads_every_year_as_one_history(path, store):
    history = store.read()
    assert sorted((e.day.year, e.subject) for e in history.entries) == [
        (2022, "maya"), (2022, "maya"), (2023, "maya"), (2023, "poets"), (2024, "ola"), (2025, "ola"),
        (2026, "memoirists"), (2026, "ola")]
    assert [e.day for e in history.entries] == sorted(e.day for e in history.entries)
    assert [h.day.year for h in history.heard] == [2022, 2022, 2023]
    assert history.reflections[date(2022, 4, 1)].text == "Maya answered."
    assert len(store.read_raw()["entries"]) == 8


def test_the_summary_knows_the_closed_years_days_without_opening_them(path, store, monkeypatch):
    monkeypatch.setattr(years, "load_year", refuse_to_open)
    recent = store.read_recent()
    assert recent is not None
    assert recent.days[date(2022, 3, 1)] == {"connect"}
    assert recent.days[date(2023, 5, 2)] == {"brainstorm", "share"}


def refuse_to_open(*args: object) -> None:
    raise AssertionError("a closed year was opened")


def test_logging_today_never_opens_a_closed_year(path, store, monkeypatch):
    before = {name: (paths.years_folder(path) / name).stat().st_mtime_ns for name in year_files(path).values()}
    monkeypatch.setattr(years, "load_year", refuse_to_open)
    routine.log_step(store, "connect", "maya", platform="Bluesky")
    routine.log_heard(store, "ola")
    routine.set_reflection(store, "A good day.")
    routine.mark_rest(store, day=date(2026, 11, 19))
    monkeypatch.undo()
    assert {n: (paths.years_folder(path) / n).stat().st_mtime_ns for n in year_files(path).values()} == before
    history = store.read()
    assert len(history.entries) == 9 and history.reflections[TODAY].text == "A good day."
    assert next(p for p in history.people if p.name == "maya").platforms == ("Bluesky",)


def test_asking_a_favour_weighs_every_year_of_the_relationship(store):
    # maya answered three times over more than a month, in 2022 and 2023: connected, no warning
    assert routine.log_step(store, "connect", "maya", action="ask").warning is None
    assert "early to ask" in routine.log_step(store, "connect", "ola", action="ask").warning


def test_an_edit_of_a_closed_year_gives_that_year_a_new_file_and_removes_the_old(path, store):
    before = year_files(path)
    old = next(e for e in store.read().entries if e.day.year == 2023 and e.kind == "share")
    routine.edit_entry(store, old.id, note="the essay on grief")
    after = year_files(path)
    assert after["2023"] != before["2023"] and {after["2022"], after["2024"]} == {before["2022"], before["2024"]}
    assert sorted(p.name for p in paths.years_folder(path).iterdir()) == sorted(after.values())
    assert next(e for e in store.read().entries if e.id == old.id).note == "the essay on grief"
    assert store.undo()
    assert year_files(path) != after  # the undo is a change too; the old words are back
    assert next(e for e in store.read().entries if e.id == old.id).note == ""


def test_a_step_logged_on_a_day_of_a_closed_year_goes_into_that_years_file(path, store):
    routine.log_step(store, "connect", "dev", day=date(2023, 6, 1))
    assert "2023-06-01" not in main_days(path)
    year = json.loads((paths.years_folder(path) / year_files(path)["2023"]).read_text())
    assert "dev" in {r["subject"] for r in year["entries"].values()}
    assert store.read_recent().days[date(2023, 6, 1)] == {"connect"}


def test_a_missing_year_file_is_waited_for_and_nothing_is_lost(path, store):
    """A year file the data file names that is not here (a synced folder still bringing it) is no damage:
    a read answers with what is here and says which year it waits for; a change that needs every year
    refuses with the same words and writes nothing; a step logged today does not need it, and the data
    file goes on naming it. When the backups keep it (same name, same bytes), it is put back."""
    name = year_files(path)["2023"]
    shutil.rmtree(paths.backup_years_folder(path), ignore_errors=True)
    (paths.years_folder(path) / name).unlink()
    history = store.read()
    assert history.waiting == ("2023",) and all(e.day.year != 2023 for e in history.entries)
    assert any(e.day.year == 2022 for e in history.entries)
    before = path.read_bytes()
    old = next(e for e in history.entries if e.day.year == 2022)
    with pytest.raises(StoreError, match="waiting for 2023's file to sync; nothing is lost; nothing was changed"):
        routine.edit_entry(store, old.id, note="needs every year")
    assert path.read_bytes() == before
    routine.log_step(store, "connect", "zed")  # today's step: the closed years stay as they are
    assert years.index_of(json.loads(path.read_bytes()))["2023"]["file"] == name
    with pytest.raises(StoreError, match="waiting for 2023's file"):
        store.read_raw()  # an export is a whole copy: it waits too


def test_a_missing_year_file_the_backups_keep_is_put_back(path, store, clock):
    name = year_files(path)["2023"]
    clock.day = TODAY + timedelta(days=1)
    routine.log_step(store, "connect", "zed")  # the day's backup keeps the years it names
    assert (paths.backup_years_folder(path) / name).is_file()
    (paths.years_folder(path) / name).unlink()
    assert store.read().waiting == ()
    assert (paths.years_folder(path) / name).is_file()


def test_a_damaged_year_file_is_refused_by_its_checksum(path, store):
    target = paths.years_folder(path) / year_files(path)["2022"]
    target.write_bytes(target.read_bytes().replace(b"maya", b"mayb", 1))
    with pytest.raises(CorruptFile, match="does not match its checksum"):
        store.read()
    checks = diagnose(path).checks
    failed = [c for c in checks if not c.ok]
    assert failed and "closed years" in failed[0].text and "checksum" in failed[0].text


def test_doctor_names_the_closed_years(path, store):
    texts = [c.text for c in diagnose(path).checks]
    assert all(c.ok for c in diagnose(path).checks), texts
    assert any(t.startswith("closed years: 2022–2024 in ") for t in texts)


def test_a_backup_keeps_the_closed_years_it_names_and_restores_them(path, store, clock):
    clock.day = date(2026, 11, 22)
    routine.log_step(store, "connect", "zed")  # the day's first change keeps a daily backup
    daily = next(b for b in backups.backups_of(store.path) if b.path.name.endswith("2026-11-22-daily@here.json"))
    kept = paths.backup_years_folder(path)
    assert set(year_files(path).values()) <= {p.name for p in kept.iterdir()}
    assert all((kept / n).read_bytes() == (paths.years_folder(path) / n).read_bytes() for n in year_files(path).values())
    old = next(e for e in store.read().entries if e.day.year == 2022)
    routine.edit_entry(store, old.id, note="after the backup")  # 2022 gets a new file; the backup keeps the old
    routine.delete_entry(store, old.id)
    restored = store.restore(daily.name)
    assert restored.entries == 8
    history = store.read()
    assert next(e for e in history.entries if e.id == old.id).note == ""
    assert sorted(p.name for p in paths.years_folder(path).iterdir()) == sorted(year_files(path).values())


def named_by_backups(store: Store) -> set[str]:
    return {item["file"] for b in backups.backups_of(store.path)
            for item in years.index_of(orjson.loads(b.path.read_bytes())).values()}


def test_backups_of_a_decade_cost_a_copy_of_this_years_file(path, store, clock):
    for day in range(22, 30):  # eight days: the oldest daily backup is pruned
        clock.day = date(2026, 11, day)
        routine.log_step(store, "connect", f"p{day}")
    kept = paths.backup_years_folder(path)
    # None kept that no backup names, but the files this file's writes retired in the last 30 days (another
    # machine's data file may name one: years.retire), which the fixture's write of today did.
    retired = {p.name for p in kept.iterdir() if p.stat().st_mtime > clock().timestamp() - years.RETIRED_DAYS * 86400}
    assert {p.name for p in kept.iterdir()} == named_by_backups(store) | retired
    assert all(b.path.stat().st_size < 2 * path.stat().st_size for b in backups.backups_of(store.path))
    old = next(e for e in store.read().entries if e.day.year == 2024)
    was = year_files(path)["2024"]
    routine.edit_entry(store, old.id, note="changed")
    assert was in {p.name for p in kept.iterdir()}  # this morning's backup still names it
    for day in range(40):  # 7 daily and 4 weekly backups later, none names the old 2024 file
        clock.day = date(2026, 12, 1) + timedelta(days=day)
        routine.log_step(store, "connect", f"q{day}")
    assert was not in named_by_backups(store)
    assert {p.name for p in kept.iterdir()} == named_by_backups(store)


def test_an_export_holds_the_closed_years(store):
    exported = export_data(store)
    assert {r["day"][:4] for r in exported["records"]["entries"]} == {"2022", "2023", "2024", "2025", "2026"}


def test_a_reader_that_finds_a_year_gone_reads_again(path, store, monkeypatch):
    """A writer replaced the data file and tidied the year file it named between the reader's two reads."""
    original = years.load_available
    old = next(e for e in store.read().entries if e.day.year == 2022)
    calls = []

    def racing(where: Path, index: years.Index, heal: bool = True):
        if not calls:
            calls.append(1)
            routine.edit_entry(Store(path, Clock()), old.id, note="edited meanwhile")  # a new 2022 file
        return original(where, index, heal)

    monkeypatch.setattr(years, "load_available", racing)
    history = store.read()
    assert next(e for e in history.entries if e.id == old.id).note == "edited meanwhile"


def test_a_clock_gone_back_two_years_loses_nothing(path, store, clock):
    clock.day = date(2024, 6, 1)  # 2023 and 2024 are open again
    routine.rename_person(store, "ola", "Ola N")  # a change that reads every year
    history = store.read()
    assert len(history.entries) == 8 and {e.day.year for e in history.entries} == {2022, 2023, 2024, 2025, 2026}
    assert set(year_files(path)) == {"2022"}
    clock.day = TODAY
    routine.rename_person(store, "Ola N", "ola")
    assert set(year_files(path)) == {"2022", "2023", "2024"} and len(store.read().entries) == 8


def test_a_version_2_file_is_split_at_its_first_change_after_a_backup(tmp_path, clock):
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema-2.json"
    path = tmp_path / "coach.json"
    path.write_bytes(fixture.read_bytes())
    store = Store(path, clock)
    assert len(store.read().entries) == 6 and not paths.years_folder(path).exists()  # read as it is
    routine.log_step(store, "connect", "zed")
    assert set(year_files(path)) == {"2023", "2024"}
    backup = next(b for b in backups.backups_of(store.path) if b.reason == "before-migration-v2")
    assert backup.path.read_bytes() == fixture.read_bytes()
    assert [e.subject for e in store.read().entries] == [
        "maya_writes", "poets", "maya_writes", "ola", "memoirists", "ola", "zed"]


def test_a_file_as_coach_left_it_reads_the_same_without_checking_every_record(path, store, monkeypatch):
    store.read(summarise=True)  # the summary now names the file as it is
    calls = []
    real = records.entry
    monkeypatch.setattr(records, "entry", lambda r: calls.append(1) or real(r))
    trusted = store.read()
    assert calls == []  # the file's own checks were made when it was written
    assert trusted == history_from(store.read_raw(), path)  # and it is the same history


def test_a_file_changed_by_another_program_is_checked_record_by_record(path, store):
    store.read(summarise=True)
    data = orjson.loads(path.read_bytes())
    next(iter(data["entries"].values()))["subject"] = 5  # only a check of each record sees it
    path.write_bytes(orjson.dumps(data))  # the summary no longer names this file
    history = store.read()
    assert [(table, why) for table, _, why in history.unreadable] == [("entries", "subject is not text")]
    assert 5 not in [e.subject for e in history.entries]  # left out, not shown as it is


def test_a_data_file_in_a_folder_named_like_backups_reads_its_own_years(tmp_path, clock):
    path = tmp_path / "mine.backups" / "coach.json"
    store = Store(path, clock)
    clock.day = date(2022, 3, 1)
    routine.log_step(store, "connect", "maya")
    clock.day = TODAY
    routine.log_step(store, "connect", "ola")
    assert set(year_files(path)) == {"2022"}
    assert [e.subject for e in store.read().entries] == ["maya", "ola"]


def test_a_backup_that_cannot_be_read_keeps_every_year_it_might_name(path, store, clock, monkeypatch):
    clock.day = date(2026, 11, 22)
    routine.log_step(store, "connect", "zed")  # a daily backup naming today's year files
    daily = next(b for b in backups.backups_of(store.path) if b.path.name.endswith("2026-11-22-daily@here.json"))
    old = next(e for e in store.read().entries if e.day.year == 2022)
    routine.edit_entry(store, old.id, note="changed")  # 2022 gets a new file; the backup names the old one
    real = Path.read_bytes

    def unreadable(self):
        if self == daily.path:
            raise OSError(5, "Input/output error")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    backups.tidy_years(store.path, clock())
    monkeypatch.undo()
    assert backup_problem(daily.path) is None  # its years are all still there


def test_a_restore_whose_backup_lost_a_year_changes_nothing(path, store, clock):
    clock.day = date(2026, 11, 22)
    routine.log_step(store, "connect", "zed")
    daily = next(b for b in backups.backups_of(store.path) if b.path.name.endswith("2026-11-22-daily@here.json"))
    old = next(e for e in store.read().entries if e.day.year == 2022)
    routine.edit_entry(store, old.id, note="changed")
    named = years.index_of(orjson.loads(daily.path.read_bytes()))["2022"]["file"]
    (paths.backup_years_folder(path) / named).unlink()
    before = path.read_bytes()
    with pytest.raises(CorruptFile, match=f"{named} is missing"):
        store.restore(daily.name)
    assert path.read_bytes() == before and store.read().entries


@pytest.mark.parametrize("day, steps", [("2023-05-02", 5), ("2023-05-02", [1]), ("2023-05-02", "4"), ("2024-01-01", "1")])
def test_a_list_of_closed_years_with_days_that_are_not_steps_is_refused(path, store, day, steps):
    data = orjson.loads(path.read_bytes())
    data["meta"]["1"]["closed"]["2023"]["days"][day] = steps
    path.write_bytes(orjson.dumps(data))
    before = path.read_bytes()
    with pytest.raises(CorruptFile, match="closed years is not valid"):
        routine.log_step(store, "connect", "zed")
    assert path.read_bytes() == before
    assert any("closed years is not valid" in c.text for c in diagnose(path).checks if not c.ok)


def test_the_summary_names_the_data_file_in_its_first_bytes(path, store):
    """A write checks whether the summary vouches for the file from its head alone, not decades of days."""
    assert summary.made_from(store.path, store.device.id) == store.signature() is not None
    store.summary_path.write_bytes(b'{"version":6,"signature":[1,2,3],"unreadable":0,"device":"here","recent_from":"2026-11-19"}')
    assert summary.made_from(store.path, "here") == (1, 2, 3)
    assert summary.made_from(store.path, "laptop") is None  # another machine's summary, synced here
    # A file holding a record the careful read leaves out is never read the quick way.
    store.summary_path.write_bytes(b'{"version":6,"signature":[1,2,3],"unreadable":1,"device":"here","recent_from":"2026-11-19"}')
    assert summary.made_from(store.path, "here") is None
    # 0.10's (it names no machine): read again with care, and the next write replaces it.
    store.summary_path.write_bytes(b'{"version":5,"signature":[1,2,3],"unreadable":0,"recent_from":"2026-11-19"}')
    assert summary.made_from(store.path, "here") is None
    # 0.9's (a person's figures without what happened): read again with care, and the next write replaces it.
    store.summary_path.write_bytes(b'{"version":4,"signature":[1,2,3],"unreadable":0,"recent_from":"2026-11-19"}')
    assert summary.made_from(store.path) is None
    # 0.8's (its figures on one line): read again with care, and the next write replaces it.
    store.summary_path.write_bytes(b'{"version":3,"signature":[1,2,3],"unreadable":0,"recent_from":"2026-11-19"}')
    assert summary.made_from(store.path) is None
    # 0.7's (no figures): read again with care, and the next write replaces it.
    store.summary_path.write_bytes(b'{"version":2,"signature":[1,2,3],"unreadable":0,"recent_from":"2026-11-19"}')
    assert summary.made_from(store.path) is None
    store.summary_path.write_bytes(b'{"version":1,"signature":[1,2,3],"recent_from":"2026-11-19"}')  # 0.6's
    assert summary.made_from(store.path) is None
    store.summary_path.write_bytes(b"not a summary")
    assert summary.made_from(store.path) is None
