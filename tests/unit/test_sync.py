"""A data file in a synced folder, written by two machines (habits/store/sync.py, merge.py, device.py).

The two machines are two folders kept in step by tests/synced.py, which syncs as Syncthing does (a file
changed on both sides leaves a conflict copy); each machine is a Store of its own device.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import reduce
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habits import routine
from habits.exchange import export_data
from habits.store import Store, StoreError, backups, paths, summary, years
from habits.store.device import named
from habits.store.merge import winner, wins
from habits.store.sync import absorb, conflict_of, conflicts, sync_tool
from tests.sizes import examples
from tests.synced import Synced, conflict_name

START = datetime(2026, 11, 20, 9, 0).astimezone()


class Clock:
    """One clock for both machines, a minute on at every reading: whatever is done later is later."""

    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> datetime:
        self.at += timedelta(minutes=1)
        return self.at


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def synced(tmp_path: Path) -> Synced:
    return Synced(tmp_path / "laptop", tmp_path / "desktop")


@pytest.fixture
def laptop(synced: Synced, clock: Clock) -> Store:
    return Store(synced.a / "coach.json", clock, device=named("laptop"))


@pytest.fixture
def desktop(synced: Synced, clock: Clock) -> Store:
    return Store(synced.b / "coach.json", clock, device=named("desktop"))


def settle(synced: Synced, *stores: Store) -> list[str]:
    """Syncs, lets every machine merge what it finds, and again, until the two folders agree."""
    said: list[str] = []
    for _ in range(6):
        synced.sync()
        for store in stores:
            said += absorb(store)
        synced.sync()
        if synced.in_step() and not any(conflicts(store.path) for store in stores):
            return said
    raise AssertionError("the folders never agreed")


def data_copies(store: Store) -> list:
    return [c for c in conflicts(store.path) if c.is_data]


def records(store: Store) -> dict[str, list]:
    return export_data(store)["records"]


def subjects(store: Store) -> set[str]:
    return {e.subject for e in store.read().entries}


# --- names ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "tool", "device"), [
    ("coach.sync-conflict-20261207-101500-ABCDEFG.json", "Syncthing", "ABCDEFG"),
    ("coach (Kit's conflicted copy 2026-12-07).json", "Dropbox", "Kit"),
    ("coach (Kit’s conflicted copy 2026-12-07 (1)).json", "Dropbox", "Kit"),
    ("coach (conflicted copy 2026-12-07 101500).json", "Nextcloud", ""),
    ("coach_conflict-20261207-101500.json", "ownCloud", ""),
    ("coach-LAPTOP.json", "OneDrive", "LAPTOP"),
])
def test_each_sync_tools_conflict_copy_is_known_by_its_name(name, tool, device):
    found = conflict_of(Path("/d/coach.json"), name)
    assert found is not None and (found.tool, found.device, found.of, found.is_data) == (tool, device, "coach.json", True)


@pytest.mark.parametrize("name", ["coach.json.sync-conflict-20261207-101500-ABCDEFG.summary",
                                  "coach.json (Kit's conflicted copy 2026-12-07).figures",
                                  "coach.json.sync-conflict-20261207-101500-ABCDEFG.once"])
def test_copies_of_the_files_beside_it_are_known_as_shortcuts(name):
    found = conflict_of(Path("/d/coach.json"), name)
    assert found is not None and not found.is_data


@pytest.mark.parametrize("name", ["coach.json", "coach.json.summary", "coach.json.lock", "notes.json",
                                  "coach.json.backups", ".coach.json.3f9a0c1b2d4e.tmp"])
def test_coachs_own_files_are_no_conflict_copies(name):
    assert conflict_of(Path("/d/coach.json"), name) is None


def test_a_second_history_or_an_export_named_like_a_onedrive_copy_is_left_alone(laptop, tmp_path, clock):
    routine.log_step(laptop, "connect", "maya")
    work = Store(laptop.path.with_name("coach-work.json"), clock, device=named("laptop"))
    routine.log_step(work, "connect", "a colleague")  # written by this very machine, not by one named "work"
    laptop.path.with_name("coach-export.json").write_bytes(b'{"format": "coach", "version": 1, "records": {}}')
    before = laptop.path.read_bytes()
    assert absorb(laptop) == []
    assert laptop.path.read_bytes() == before and work.path.exists()
    assert laptop.path.with_name("coach-export.json").exists()


def test_the_sync_tool_is_told_by_its_marker(tmp_path):
    (tmp_path / "sync" / "coach").mkdir(parents=True)
    assert sync_tool(tmp_path / "sync" / "coach") != "Syncthing"
    (tmp_path / "sync" / ".stfolder").mkdir()
    assert sync_tool(tmp_path / "sync" / "coach") == "Syncthing"
    (tmp_path / "box").mkdir()
    (tmp_path / "box" / ".dropbox").write_text("{}")
    assert sync_tool(tmp_path / "box") == "Dropbox"


# --- the merge rule ------------------------------------------------------------------------------------

def record(updated: str, **more) -> dict:
    return {"id": "x", "created": "2026-11-20T09:00:00.000+00:00", "updated": updated, **more}


def test_the_version_edited_last_wins_whatever_its_offset():
    early = record("2026-11-20T10:00:00.000+01:00", note="early")  # 09:00 UTC
    late = record("2026-11-20T09:30:00.000+00:00", note="late")
    assert wins(late, early) and not wins(early, late)


def test_a_deletion_wins_over_an_older_edit_and_loses_to_a_newer_one():
    edit = record("2026-11-20T09:10:00.000+00:00", note="edited")
    gone = record("2026-11-20T09:20:00.000+00:00", deleted="2026-11-20T09:20:00.000+00:00")
    undone = record("2026-11-20T09:30:00.000+00:00", note="edited")
    assert wins(gone, edit) and not wins(edit, gone)
    assert wins(undone, gone) and not wins(gone, undone)


def test_at_the_same_instant_the_tombstone_then_the_greater_bytes_win_on_both_sides():
    a = record("2026-11-20T09:10:00.000+00:00", note="a")
    b = record("2026-11-20T09:10:00.000+00:00", note="b")
    gone = record("2026-11-20T09:10:00.000+00:00", deleted="2026-11-20T09:10:00.000+00:00")
    assert wins(b, a) != wins(a, b)
    assert wins(gone, a) and wins(gone, b) and not wins(a, gone)
    assert not wins(a, dict(a))  # the same record twice: nothing to take


# --- two machines --------------------------------------------------------------------------------------

def test_entries_made_on_both_machines_while_apart_are_on_both_after_sync(synced, laptop, desktop):
    routine.log_step(laptop, "connect", "maya")
    settle(synced, laptop, desktop)
    gone = routine.log_step(laptop, "share", "ola").entry
    settle(synced, laptop, desktop)
    # Apart: each logs, the laptop deletes one the desktop knows.
    routine.log_step(laptop, "connect", "kit")
    routine.delete_entry(laptop, gone.id)
    routine.log_step(desktop, "brainstorm", "birders")
    routine.log_step(desktop, "connect", "sam")
    said = settle(synced, laptop, desktop)
    assert synced.conflicts >= 1
    assert any("merged 2 entries" in line or "merged" in line for line in said), said
    for store in (laptop, desktop):
        assert subjects(store) == {"maya", "kit", "birders", "sam"}
    assert records(laptop) == records(desktop)
    tombstone = next(r for r in records(laptop)["entries"] if r["id"] == gone.id)
    assert tombstone["deleted"]


def test_a_merge_keeps_a_backup_before_it_and_the_copy_among_the_backups(synced, laptop, desktop):
    routine.log_step(laptop, "connect", "maya")
    settle(synced, laptop, desktop)
    routine.log_step(laptop, "connect", "kit")
    routine.log_step(desktop, "connect", "sam")
    synced.sync()
    [copy] = data_copies(laptop)
    raw = copy.path.read_bytes()
    before = laptop.path.read_bytes()
    [line] = absorb(laptop)
    assert line.startswith("merged 1 entry and") and line.endswith("'s copy (kept among the backups)")
    assert not copy.path.exists()
    listed = backups.backups_of(laptop.path)
    kept = next(b for b in listed if b.reason.startswith("conflict-"))
    assert kept.path.read_bytes() == raw
    assert any(b.reason == "before-sync-merge" and b.path.read_bytes() == before for b in listed)


def test_the_copy_says_whose_it_was(synced, laptop, desktop):
    routine.log_step(laptop, "connect", "maya")
    settle(synced, laptop, desktop)
    routine.log_step(laptop, "connect", "kit")
    routine.log_step(desktop, "connect", "sam")
    synced.sync()  # the desktop wrote last: the laptop's version is the copy
    [line] = absorb(desktop)
    assert "from the laptop's copy" in line


def test_an_entry_edited_on_both_keeps_the_later_edit_on_both(synced, laptop, desktop):
    entry = routine.log_step(laptop, "connect", "maya", note="first").entry
    settle(synced, laptop, desktop)
    routine.edit_entry(desktop, entry.id, note="the desktop's")
    routine.edit_entry(laptop, entry.id, note="the laptop's, later")
    settle(synced, laptop, desktop)
    for store in (laptop, desktop):
        assert [e.note for e in store.read().entries] == ["the laptop's, later"]


def test_a_deletion_on_one_side_stays_deleted_after_an_older_edit_on_the_other(synced, laptop, desktop):
    entry = routine.log_step(laptop, "connect", "maya", note="first").entry
    settle(synced, laptop, desktop)
    routine.edit_entry(desktop, entry.id, note="edited first")
    routine.delete_entry(laptop, entry.id)
    settle(synced, laptop, desktop)
    assert laptop.read().entries == desktop.read().entries == ()


def test_a_setting_changed_on_both_keeps_the_later_on_both(synced, laptop, desktop):
    routine.set_setting(laptop, "day_start_hour", "5")
    routine.set_setting(desktop, "day_start_hour", "6")  # never set before on either: two records
    settle(synced, laptop, desktop)
    assert laptop.read().settings["day_start_hour"] == desktop.read().settings["day_start_hour"] == 6
    routine.set_setting(desktop, "day_start_hour", "3")
    routine.set_setting(laptop, "day_start_hour", "7")
    settle(synced, laptop, desktop)
    assert laptop.read().settings["day_start_hour"] == desktop.read().settings["day_start_hour"] == 7


def test_a_person_renamed_on_one_and_merged_on_the_other_ends_the_same_with_every_entry(synced, laptop, desktop):
    routine.log_step(laptop, "connect", "sam")
    routine.log_step(laptop, "connect", "samuel")
    settle(synced, laptop, desktop)
    routine.rename_person(laptop, "sam", "Sam Lee")
    routine.log_step(laptop, "share", "Sam Lee")
    routine.merge_people(desktop, "sam", "samuel")
    routine.log_step(desktop, "share", "samuel")
    settle(synced, laptop, desktop)
    assert records(laptop) == records(desktop)
    assert len(laptop.read().entries) == len(desktop.read().entries) == 4
    from habits.people import Directory

    def people(store: Store) -> list[tuple[str, int]]:
        return sorted((p.name, len(p.given)) for p in Directory(store.read()).people)

    assert people(laptop) == people(desktop)
    assert sum(given for _, given in people(laptop)) == 4


def test_undo_takes_back_this_machines_change_never_the_other_machines(synced, laptop, desktop):
    routine.log_step(laptop, "connect", "maya")
    settle(synced, laptop, desktop)
    routine.log_step(desktop, "connect", "sam")
    settle(synced, laptop, desktop)
    assert laptop.undo_label() == ("log Connect: maya", None)
    assert laptop.undo() == "log Connect: maya"
    assert subjects(laptop) == {"sam"}  # the desktop's step stays
    assert laptop.undo() is None
    settle(synced, laptop, desktop)
    assert desktop.undo() == "log Connect: sam" and subjects(desktop) == set()


def test_another_machines_summary_is_never_taken_for_this_ones(synced, laptop, desktop):
    routine.log_step(laptop, "connect", "maya")
    settle(synced, laptop, desktop)
    routine.log_step(desktop, "connect", "sam")
    synced.sync()
    # The laptop's folder now holds the desktop's data file and the desktop's summary of it.
    assert summary.made_from(laptop.path, "laptop") is None
    assert laptop.read_recent() is None
    assert {e.subject for e in laptop.read().entries} == {"maya", "sam"}


def test_the_copies_of_shortcuts_are_removed_and_the_data_file_is_untouched(laptop):
    routine.log_step(laptop, "connect", "maya")
    stray = laptop.path.with_name(conflict_name("coach.json.summary", "ABCDEFG"))
    stray.write_bytes(laptop.summary_path.read_bytes())
    before = laptop.path.read_bytes()
    assert absorb(laptop) == []
    assert not stray.exists() and laptop.path.read_bytes() == before


def test_a_copy_whose_years_have_not_arrived_waits_for_them(synced, laptop, desktop, clock):
    routine.log_step(laptop, "connect", "maya")
    settle(synced, laptop, desktop)
    clock.at = datetime(2029, 1, 5, 9, 0).astimezone()  # a new year: 2026 closes into its own file
    routine.log_step(desktop, "connect", "sam")
    routine.log_step(laptop, "connect", "kit")
    synced.sync()
    [copy] = data_copies(laptop)
    named_years = years.index_of(orjson.loads(copy.path.read_bytes()))
    for item in named_years.values():  # not arrived yet on the laptop
        for where in (paths.years_folder(laptop.path), paths.backup_years_folder(laptop.path)):
            (where / item["file"]).unlink(missing_ok=True)
            synced.base.pop((where / item["file"]).relative_to(synced.a).as_posix(), None)
    [line] = absorb(laptop)
    assert "waiting for 2026's file to sync; nothing is lost" in line
    assert copy.path.exists()  # left for when it arrives
    settle(synced, laptop, desktop)
    assert subjects(laptop) == subjects(desktop) == {"maya", "sam", "kit"}


def test_a_data_file_naming_a_year_not_arrived_answers_with_what_is_here_and_logs_today(synced, laptop, desktop, clock):
    routine.log_step(laptop, "connect", "maya")
    clock.at = datetime(2029, 1, 5, 9, 0).astimezone()
    routine.log_step(laptop, "connect", "kit")  # 2026 moves to its year file
    [item] = years.index_of(orjson.loads(laptop.path.read_bytes())).values()
    synced.b.mkdir(exist_ok=True)
    (synced.b / "coach.json").write_bytes(laptop.path.read_bytes())  # the data file came first, alone
    history = desktop.read()
    assert history.waiting == ("2026",) and {e.subject for e in history.entries} == {"kit"}
    routine.log_step(desktop, "connect", "sam")  # today's step does not need 2026
    with pytest.raises(StoreError, match="waiting for 2026's file to sync; nothing is lost; nothing was changed"):
        routine.edit_entry(desktop, history.entries[0].id, day=date(2026, 11, 20))
    settle(synced, laptop, desktop)
    assert subjects(desktop) == subjects(laptop) == {"maya", "kit", "sam"}
    assert years.index_of(orjson.loads(desktop.path.read_bytes()))["2026"]["file"] == item["file"]


def test_a_year_file_from_the_other_machine_is_not_tidied_away_before_its_data_file_arrives(laptop, clock):
    routine.log_step(laptop, "connect", "maya")
    folder = paths.years_folder(laptop.path)
    folder.mkdir()
    arriving = folder / "2019-0123456789abcdef.json"
    arriving.write_bytes(b"{}")
    routine.log_step(laptop, "connect", "kit")
    assert arriving.exists()


def test_each_machine_keeps_its_own_daily_backup_under_its_own_name(synced, laptop, desktop):
    routine.log_step(laptop, "connect", "maya")
    routine.log_step(laptop, "connect", "kit")  # the day's first change keeps a backup of the file before it
    settle(synced, laptop, desktop)
    routine.log_step(desktop, "connect", "sam")
    settle(synced, laptop, desktop)
    daily = [b for b in backups.backups_of(laptop.path) if b.automatic]
    assert {b.device for b in daily} == {"laptop", "desktop"}
    assert all(b.name.endswith(f"@{b.device}.json") for b in daily)


def test_a_newer_edit_in_the_copy_that_lost_is_kept(synced, laptop, desktop):
    """The sync tool keeps the file written last; the edit in the other one is newer all the same."""
    entry = routine.log_step(laptop, "connect", "maya", note="first").entry
    settle(synced, laptop, desktop)
    routine.log_step(laptop, "share", "ola")  # the laptop's copy of an old edit
    routine.edit_entry(desktop, entry.id, note="the desktop's, newer")
    (synced.a / "coach.json").touch()  # …but the laptop's file written last: the desktop's is the copy
    settle(synced, laptop, desktop)
    for store in (laptop, desktop):
        assert {e.subject: e.note for e in store.read().entries} == {"maya": "the desktop's, newer", "ola": ""}


def test_an_edit_made_after_seeing_a_version_is_later_even_on_a_clock_behind(synced, laptop, desktop, clock):
    entry = routine.log_step(laptop, "connect", "maya", note="first").entry
    settle(synced, laptop, desktop)
    clock.at -= timedelta(hours=1)  # the desktop's clock is an hour behind the laptop's
    routine.delete_entry(desktop, entry.id)
    tombstone = next(r for r in desktop.read_raw()["entries"].values() if r["id"] == entry.id)
    assert tombstone["updated"] > next(r for r in laptop.read_raw()["entries"].values())["updated"]
    settle(synced, laptop, desktop)
    assert laptop.read().entries == desktop.read().entries == ()


@pytest.mark.slow
@given(st.lists(st.tuples(st.integers(0, 3), st.booleans(), st.sampled_from("abc")), min_size=1, max_size=8), st.randoms())
@settings(max_examples=examples(60), deadline=None)
def test_copies_merged_in_any_order_and_any_number_of_times_end_the_same(versions, chance):
    """Versions of one record (their minute, deleted or not, a note) merged pairwise in any order, some
    twice: the record kept is the same, the one the rules pick (commutative, associative, idempotent)."""
    made = [record(f"2026-11-20T09:0{minute}:00.000+00:00", note=note,
                   **({"deleted": f"2026-11-20T09:0{minute}:00.000+00:00"} if gone else {}))
            for minute, gone, note in versions]
    results = []
    for _ in range(3):
        order = [*made, *chance.sample(made, len(made) // 2)]
        chance.shuffle(order)
        kept = order[0]
        for other in order[1:]:
            kept = other if wins(other, kept) else kept
        results.append(kept)
    assert results[0] == results[1] == results[2] == reduce(winner, made)


def test_a_version_that_arrives_while_a_change_is_written_is_kept_aside_and_merged(synced, laptop, desktop):
    """A sync tool puts the other machine's file in place between this change's read and its write (it
    takes no lock): the change does not write over it, the version is kept aside and merged next."""
    routine.log_step(laptop, "connect", "maya")
    settle(synced, laptop, desktop)
    routine.log_step(laptop, "connect", "kit")  # the laptop's version, about to arrive
    arriving = synced.a / "coach.json"
    with desktop.transaction("log by hand") as tx:
        tx.insert("entries", {"kind": "connect", "day": "2026-11-20", "subject": "sam"})
        temp = synced.b / "arriving.tmp"
        temp.write_bytes(arriving.read_bytes())
        temp.replace(desktop.path)  # as Syncthing renames its temp file over the data file
    [copy] = data_copies(desktop)
    assert copy.tool == "coach" and copy.path.name.startswith("coach.arrived-")
    [line] = absorb(desktop)
    assert "from the laptop's copy" in line
    assert subjects(desktop) == {"maya", "kit", "sam"}


def test_a_year_file_this_machine_replaced_stays_within_reach_of_the_other_machines_version(synced, laptop, desktop, clock):
    """The laptop edits an old day twice (its year file is replaced twice, the first new one named by no
    backup) while the desktop, apart, still names the first: the replaced file is kept with the backups,
    where the desktop's version finds it, and both end with every entry and no year waited for."""
    maya = routine.log_step(laptop, "connect", "maya").entry
    settle(synced, laptop, desktop)
    clock.at = datetime(2029, 1, 5, 9, 0).astimezone()  # 2026 closes into its own file
    routine.log_step(laptop, "connect", "kit")
    settle(synced, laptop, desktop)
    routine.log_step(desktop, "connect", "zed")
    settle(synced, laptop, desktop)
    routine.edit_entry(laptop, maya.id, note="first")
    settle(synced, laptop, desktop)
    routine.edit_entry(laptop, maya.id, note="second")
    routine.log_step(desktop, "connect", "sam")
    settle(synced, laptop, desktop)
    for store in (laptop, desktop):
        history = store.read()
        assert history.waiting == () and {e.subject: e.note for e in history.entries if e.subject == "maya"} == {
            "maya": "second"}
        assert subjects(store) == {"maya", "kit", "zed", "sam"}


def test_a_history_of_the_machines_own_named_like_a_onedrive_copy_is_never_merged(laptop, clock):
    routine.log_step(laptop, "connect", "maya")
    own = Store(laptop.path.with_name("coach-laptop.json"), clock, device=named("laptop"))
    routine.log_step(own, "connect", "a secret")  # written by the laptop: its name, but no record in common
    before = laptop.path.read_bytes()
    assert absorb(laptop) == [] and laptop.path.read_bytes() == before and own.path.exists()


def test_a_copy_that_cannot_be_merged_is_one_line_and_every_command_still_works(laptop):
    routine.log_step(laptop, "connect", "maya")
    data = orjson.loads(laptop.path.read_bytes())
    person = dict(next(iter(data["people"].values())), id="d" * 32, name="dupe")
    entry = dict(next(iter(data["entries"].values())), id="d" * 32, subject="x")
    data["people"][person["id"]], data["entries"][entry["id"]] = person, entry  # one new id in two tables
    copy = laptop.path.with_name(conflict_name("coach.json", "ABCDEFG"))
    copy.write_bytes(orjson.dumps(data))
    [line] = absorb(laptop)
    assert line == "merged 1 entry from the laptop's copy (kept among the backups; 1 not valid record left out, kept in it)"
    assert subjects(laptop) == {"maya", "x"}
    broken = laptop.path.with_name(conflict_name("coach.json", "BROKENX"))
    broken.write_bytes(b'{"meta": ')
    [line] = absorb(laptop)
    assert line.startswith(f"could not merge {broken.name} yet: it is not valid JSON")
    assert "\n" not in line and broken.exists()


def test_a_redo_given_up_on_this_machine_does_not_come_back_with_an_older_copy(synced, laptop, desktop):
    for name in ("ann", "bob", "cat"):
        routine.log_step(laptop, "connect", name)
    laptop.undo()
    laptop.undo()
    settle(synced, laptop, desktop)
    assert laptop.undo_label() == ("log Connect: ann", "log Connect: bob")
    routine.log_step(laptop, "connect", "dan")  # a new change: bob and cat are no longer to redo
    routine.log_step(desktop, "connect", "eve")  # the desktop's version still holds them
    settle(synced, laptop, desktop)
    assert laptop.undo_label() == ("log Connect: dan", None)
    assert laptop.redo() is None and subjects(laptop) == {"ann", "dan", "eve"}


def test_a_step_this_machine_made_comes_back_with_its_copy_when_the_other_version_won(synced, laptop, desktop):
    routine.log_step(laptop, "connect", "maya")
    settle(synced, laptop, desktop)
    routine.log_step(laptop, "connect", "kit")
    routine.log_step(desktop, "connect", "sam")
    (synced.b / "coach.json").touch()  # the desktop's version keeps the name: the laptop's is the copy
    settle(synced, laptop, desktop)
    assert laptop.undo() == "log Connect: kit" and desktop.undo() == "log Connect: sam"


def test_undo_leaves_a_record_the_other_machine_changed_since(synced, laptop, desktop):
    entry = routine.log_step(laptop, "connect", "ann", note="").entry
    settle(synced, laptop, desktop)
    routine.edit_entry(laptop, entry.id, note="laptop note")
    settle(synced, laptop, desktop)
    routine.edit_entry(desktop, entry.id, note="desktop note")
    settle(synced, laptop, desktop)
    said = laptop.undo()
    assert said == "edit Connect: ann (another machine changed a record of it since: that change stands)"
    settle(synced, laptop, desktop)
    assert [e.note for e in laptop.read().entries] == [e.note for e in desktop.read().entries] == ["desktop note"]


def test_undo_of_two_edits_of_one_record_on_one_machine_takes_both_back(laptop):
    entry = routine.log_step(laptop, "connect", "ann", note="").entry
    routine.edit_entry(laptop, entry.id, note="one")
    routine.edit_entry(laptop, entry.id, note="two")
    assert laptop.undo().startswith("edit") and laptop.undo().startswith("edit")
    assert [e.note for e in laptop.read().entries] == [""]
    assert laptop.redo() and laptop.redo() and [e.note for e in laptop.read().entries] == ["two"]


def test_a_machine_name_with_terminal_controls_is_told_without_them(synced, laptop, desktop, clock):
    routine.log_step(laptop, "connect", "maya")
    settle(synced, laptop, desktop)
    hostile = Store(synced.a / "coach.json", clock, device=named("lap\x1b[2Jtop\n"))
    routine.log_step(hostile, "connect", "kit")
    routine.log_step(desktop, "connect", "sam")
    synced.sync()
    lines = absorb(desktop) + absorb(laptop)
    assert lines and all("\x1b" not in line and "\n" not in line for line in lines)
