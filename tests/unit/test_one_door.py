"""One door for every record: `coach log`, the app's forms and `coach import` meet the same checks
(habits/store/records.py), so an import cannot put into the data file what would break it; and a file that
holds a bad record anyway (an older coach, a hand edit) still opens, the record named by doctor."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habits import exchange, routine
from habits.store import paths, records, years
from habits.exchange import diagnose
from habits.store import TABLES, Store, StoreError
from habits.text import InputError
from tests.sizes import examples

TODAY = date(2026, 11, 21)


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 21, 9, 0).astimezone()

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "here" / "coach.json", Clock())


STAMP = "2026-11-20T09:00:00.000+00:00"


def an_export(*entries: dict[str, Any], **tables: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "coach", "version": 1, "records": {"entries": list(entries), **tables}}


def an_entry(n: int = 1, **changes: Any) -> dict[str, Any]:
    return {"id": f"e{n:031d}", "kind": "connect", "day": "2026-11-20", "subject": f"person {n}",
            "created": STAMP, "updated": STAMP, **changes}


def written(tmp_path: Path, export: dict[str, Any], prefix: bytes = b"") -> Path:
    path = tmp_path / "export.json"
    path.write_bytes(prefix + json.dumps(export).encode())
    return path


def refused(store: Store, path: Path) -> str:
    """The one line an import of `path` is refused with; the data file and its folder are as they were."""
    before = store.path.read_bytes() if store.path.exists() else None
    folder = sorted(p.name for p in store.path.parent.iterdir()) if store.path.parent.exists() else None
    with pytest.raises(InputError) as caught:
        exchange.import_export(store, path)
    message = str(caught.value)
    assert "\n" not in message and "nothing was changed" in message
    assert (store.path.read_bytes() if store.path.exists() else None) == before
    assert (sorted(p.name for p in store.path.parent.iterdir()) if store.path.parent.exists() else None) == folder
    return message


# --- the import door -----------------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["20191201", "2019-W10-1", "2019-335", "2019-12-1", " 2019-12-01", "2019-02-30"])
def test_an_import_of_a_day_not_written_yyyy_mm_dd_is_refused_whole(store, tmp_path, day):
    routine.log_step(store, "share", "@sam")
    message = refused(store, written(tmp_path, an_export(an_entry(1), an_entry(2, day=day))))
    assert "entries e0000000…" in message and "YYYY-MM-DD" in message


def test_an_import_of_a_compact_day_once_broke_every_write_after_it(store, tmp_path):
    """0.6.0 took 20191201 for a date: the import passed and every later write failed."""
    routine.log_step(store, "share", "@sam")
    with pytest.raises(InputError):
        exchange.import_export(store, written(tmp_path, an_export(an_entry(day="20191201"))))
    routine.log_step(store, "connect", "@jane")  # writes still work
    assert store.undo() is not None


def test_the_same_id_in_two_tables_is_refused(store, tmp_path):
    reflection = {"id": an_entry()["id"], "day": "2026-11-20", "text": "hi", "created": STAMP, "updated": STAMP}
    message = refused(store, written(tmp_path, an_export(an_entry(), reflections=[reflection])))
    assert "'entries'" in message


def test_an_id_of_a_record_of_another_table_here_is_refused(store, tmp_path):
    made = routine.log_step(store, "share", "@sam").entry
    person = {"id": made.id, "name": "ola", "created": STAMP, "updated": STAMP}
    message = refused(store, written(tmp_path, an_export(people=[person])))
    assert "'entries' here" in message


@pytest.mark.parametrize(("change", "expected"), [
    ({"subject": "x" * 1_000_000}, "1000000 characters long; the most is 200"),
    ({"note": "n" * 1_000_000}, "1,000,000 characters long; the most is 10,000"),
    ({"subject": "evil\x1b]0;pwned\x07"}, "control characters"),
    ({"note": "a \x1b[2J clear"}, "control characters"),
    ({"platform": "x" * 201}, "the platform is 201 characters long"),
    ({"action": "pitch"}, "the action 'pitch'"),
    ({"subject": "   "}, "empty"),
    ({"id": "\x1b[31m"}, "not an id"),
])
def test_an_import_meets_the_limits_and_rules_of_coach_log(store, tmp_path, change, expected):
    message = refused(store, written(tmp_path, an_export(an_entry(**change))))
    assert expected in message


def test_a_person_with_a_million_character_name_is_refused(store, tmp_path):
    person = {"id": "p1", "name": "n" * 1_000_000, "created": STAMP, "updated": STAMP}
    message = refused(store, written(tmp_path, an_export(people=[person])))
    assert "people p1" in message and "the most is 200" in message


def test_a_day_after_tomorrow_is_refused_and_tomorrow_is_taken(store, tmp_path):
    """A synced machine in another time zone can be a day ahead: one day after today, no more."""
    message = refused(store, written(tmp_path, an_export(an_entry(day="2026-11-23"))))
    assert "after tomorrow (2026-11-22)" in message
    imported = exchange.import_export(store, written(tmp_path, an_export(an_entry(day="2026-11-22"))))
    assert imported.new == 1


def test_a_refusal_names_five_bad_records_and_counts_the_rest(store, tmp_path):
    bad = [an_entry(n, day="2026-13-01") for n in range(8)]
    message = refused(store, written(tmp_path, an_export(*bad, an_entry(99))))
    assert "8 records are not valid" in message and "and 3 more" in message
    assert message.count("entries e") == 5


def test_skip_bad_imports_the_rest_and_names_what_it_left_out(store, tmp_path):
    path = written(tmp_path, an_export(an_entry(1), an_entry(2, day="20261120"), an_entry(3, subject="\x1b[2J")))
    imported = exchange.import_export(store, path, skip_bad=True)
    assert (imported.new, len(imported.left_out)) == (1, 2)
    assert "Left out 2 records" in imported.summary()
    assert [e.subject for e in store.read().entries] == ["person 1"]
    assert all(check.ok for check in diagnose(store.path).checks)


def test_an_export_saved_with_a_byte_order_mark_imports(store, tmp_path):
    imported = exchange.import_export(store, written(tmp_path, an_export(an_entry()), prefix=b"\xef\xbb\xbf"))
    assert imported.new == 1


# --- the door in the store: every write ---------------------------------------------------------------

def test_the_store_refuses_a_record_the_door_would_refuse_from_any_writer(store):
    routine.log_step(store, "share", "@sam")
    before = store.path.read_bytes()
    for table, record in [("entries", {"kind": "connect", "day": "20261120", "subject": "x"}),
                          ("people", {"name": "y" * 201}),
                          ("heard", {"day": "2026-11-30", "person": "jane"})]:
        with pytest.raises(InputError, match="cannot be stored"):
            with store.transaction() as tx:
                tx.insert(table, record)
    assert store.path.read_bytes() == before


def test_an_edit_checks_what_it_changes_not_what_an_older_coach_let_in(store):
    routine.log_step(store, "connect", "ola")
    with store.transaction() as tx:  # as an older coach's import left it: a note over the limit
        (person,) = tx.live("people")
        tx.put("people", {**person, "note": "n" * 10_001}, replay=True)
    routine.describe_person(store, "ola", platforms="Bluesky")  # an edit of another field goes through
    with pytest.raises(InputError, match="the most is 10,000"):
        routine.describe_person(store, "ola", note="m" * 10_001)


# --- a file that holds a bad record anyway ------------------------------------------------------------

def as_060_left_it(path: Path) -> tuple[Store, dict[str, Any]]:
    """What 0.6.0 left after importing 20191201: the record in 2019's file, and 2019's list of days
    naming "20191201", which its own next read refused ("its list of closed years is not valid")."""
    store = Store(path, Clock())
    routine.log_step(store, "connect", "maya", day=date(2019, 12, 2))
    routine.log_step(store, "share", "ola")
    data = orjson.loads(path.read_bytes())
    index = years.index_of(data)
    tables = orjson.loads((paths.years_folder(path) / index["2019"]["file"]).read_bytes())
    bad = an_entry(7, day="20191201")
    tables["entries"][bad["id"]] = bad
    payload = years.payload_of(tables)
    name = years.name_for("2019", payload)
    (paths.years_folder(path) / name).write_bytes(payload)
    index["2019"] = {"file": name, "days": {**index["2019"]["days"], "20191201": "2"}}
    next(iter(data["meta"].values()))["schema"] = 3  # as 0.6.0 wrote it
    path.write_bytes(orjson.dumps(data))
    return store, bad


def test_a_file_an_older_coach_broke_with_a_compact_day_opens_and_writes_again(tmp_path):
    path = tmp_path / "coach.json"
    store, bad = as_060_left_it(path)
    history = store.read()
    assert [e.subject for e in history.entries] == ["maya", "ola"]
    assert [(t, i) for t, i, _ in history.unreadable] == [("entries", bad["id"])]
    routine.log_step(store, "brainstorm", "poets")  # the write 0.6.0 refused
    assert store.undo() is not None
    routine.log_step(store, "connect", "ann", day=date(2019, 12, 3))  # a change of the closed year itself
    assert [e.subject for e in store.read().entries] == ["maya", "ann", "ola"]
    assert "2019" in years.index_of(orjson.loads(path.read_bytes()))  # the upgrade kept the closed year
    failed = [c for c in diagnose(path).checks if not c.ok]
    assert len(failed) == 1 and "20191201" in failed[0].text
    raw = path.read_bytes() + b"".join(p.read_bytes() for p in paths.years_folder(path).iterdir())
    assert b"20191201" in raw  # kept, as it was


# --- any JSON a user could hand it --------------------------------------------------------------------

_text = st.one_of(st.text(max_size=12), st.sampled_from(["", "x" * 201, "a\x1b[2J", "@jane", "20191201"]))
_day = st.sampled_from(["2026-11-20", "2026-11-22", "2026-11-23", "20261120", "2019-W10-1", "2026-02-30", "", 5])
_stamp = st.sampled_from([STAMP, "2026-11-20T09:00:00", "soon", None])
_values = st.one_of(_text, _day, _stamp, st.integers(), st.none(), st.lists(_text, max_size=2))


@st.composite
def a_record(draw: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": draw(st.sampled_from(["a", "b", "c", "", 1])), "created": draw(_stamp), "updated": draw(_stamp),
        "day": draw(_day), "kind": draw(st.sampled_from(["connect", "share", "dance"])), "subject": draw(_text),
        "person": draw(_text), "text": draw(_text), "name": draw(_text), "key": draw(st.sampled_from(["theme", "x"])),
        "value": draw(_values), "week": draw(st.sampled_from(["2026-W47", "2026-W60", 3])),
    }
    for key in draw(st.lists(st.sampled_from(sorted(record)), max_size=3)):
        record.pop(key, None)
    if draw(st.booleans()):
        record["deleted"] = draw(_stamp)
    return record


_exports = st.fixed_dictionaries(
    {"format": st.just("coach"), "version": st.just(1),
     "records": st.dictionaries(st.sampled_from(TABLES), st.lists(a_record(), max_size=3), max_size=3)})


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(export=st.one_of(_exports, st.recursive(st.none() | st.integers() | st.text(max_size=5),
                                               lambda inner: st.lists(inner, max_size=3)
                                               | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                                               max_leaves=8)),
       skip=st.booleans())
def test_any_json_is_refused_whole_or_imported_and_fully_usable(tmp_path_factory, export, skip):
    folder = tmp_path_factory.mktemp("any")
    store = Store(folder / "coach.json", Clock())
    routine.log_step(store, "share", "@sam")
    before = store.path.read_bytes()
    path = folder / "export.json"
    path.write_text(json.dumps(export))
    try:
        exchange.import_export(store, path, skip_bad=skip)
    except (InputError, StoreError) as error:
        assert "\n" not in str(error)
        assert store.path.read_bytes() == before
        return
    history = store.read()  # every command works on what came in
    assert history.unreadable == ()
    assert all(check.ok for check in diagnose(store.path).checks), [c.text for c in diagnose(store.path).checks]
    routine.log_step(store, "connect", "@jane")
    store.undo()
    for form in ("json", "csv", "md"):
        exchange.export(store, form)
    again = folder / "again.json"
    again.write_bytes(exchange.export(store, "json").payload)
    assert exchange.import_export(store, again).new == 0
    assert all(records.problem(t, r) is None for t in TABLES for r in orjson.loads(again.read_bytes())["records"][t])


def test_an_import_of_a_fifo_is_refused_at_once(store, tmp_path):
    import os

    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is a FIFO"):
        exchange.import_export(store, fifo)  # the old read waited for a writer for ever


# --- what a breaker found in the first cut ---------------------------------------------------------------

@pytest.mark.parametrize(("change", "expected"), [
    ({"subject": " " * 999_990 + "Jane"}, "999,994 characters long as stored"),  # the cleaner trims: the file would not
    ({"note": "n" + "\n" * 1_000_000}, "1,000,001 characters long as stored"),
    ({"note": "a" + "\r\n" * 100}, "control characters"),
    ({"subject": "Ja\tne"}, "control characters (a tab or a line break either)"),
    ({"zzz": "z" * 20_000}, "the field 'zzz' (which this coach does not know)"),
    ({"zzz": {"nested": 1}}, "more than plain values"),
    ({"day": "2026-11-2\u0662"}, "YYYY-MM-DD"),  # an Arabic-Indic digit is a digit to \d, not to the contract
])
def test_the_door_holds_for_the_text_as_it_would_be_stored(store, tmp_path, change, expected):
    message = refused(store, written(tmp_path, an_export(an_entry(**change))))
    assert expected in message


def test_a_setting_this_coach_does_not_know_meets_the_rules_of_any_text(store, tmp_path):
    setting = {"id": "s1", "key": "theme\x1b[31m", "value": "x", "created": STAMP, "updated": STAMP}
    message = refused(store, written(tmp_path, an_export(settings=[setting])))
    assert "its key" in message
    setting = {"id": "s1", "key": "newer_thing", "value": "v" * 20_000, "created": STAMP, "updated": STAMP}
    message = refused(store, written(tmp_path, an_export(settings=[setting])))
    assert "the field 'value'" in message


def test_a_week_that_has_not_begun_is_refused(store, tmp_path):
    week = {"id": "w1", "week": "2030-W01", "text": "ahead", "created": STAMP, "updated": STAMP}
    message = refused(store, written(tmp_path, an_export(week_reflections=[week])))
    assert "has not begun" in message


def hand_edited(store: Store, table: str, **fields: Any) -> dict[str, Any]:
    """A record of the data file changed in the file itself, as a text editor could; the record as it is now."""
    data = orjson.loads(store.path.read_bytes())
    record = next(iter(data[table].values()))
    record.update(fields)
    store.path.write_bytes(orjson.dumps(data))
    return record


def test_the_quick_read_leaves_out_what_the_careful_read_leaves_out(store):
    routine.log_step(store, "connect", "jane", day=TODAY - timedelta(days=3))
    hand_edited(store, "entries", created="2026-11-18T10:00:00")  # no UTC offset: no order against others
    routine.log_step(store, "share", "sam")  # the summary now vouches for the file, and reads are quick
    assert [e.subject for e in store.read().entries] == ["sam"]
    exchange.export(store, "csv")  # once a traceback: a time without its offset compared with one with it


@pytest.mark.parametrize("fields", [{"kind": ["connect"]}, {"id": ["x"]}, {"day": "2026-02-30"}, {"day": 20261120}])
def test_a_hand_edit_of_any_shape_breaks_no_command(store, tmp_path, fields):
    routine.log_step(store, "connect", "jane")
    edited = hand_edited(store, "entries", **fields)
    routine.log_step(store, "share", "sam")
    assert store.undo() is not None and store.redo() is not None
    assert store.read_recent() is not None  # the summary stays usable: status need not read everything
    exchange.import_export(store, written(tmp_path, an_export(an_entry(5))))
    assert not all(check.ok for check in diagnose(store.path).checks)
    assert edited in orjson.loads(store.path.read_bytes())["entries"].values()


def test_a_setting_with_a_broken_stamp_is_left_alone_when_the_setting_changes(store):
    routine.set_setting(store, "day_start_hour", "5")
    hand_edited(store, "settings", updated="nope")
    routine.set_setting(store, "day_start_hour", "6")
    assert store.read().settings["day_start_hour"] == 6


def test_a_broken_step_of_the_undo_journal_is_left_alone(store):
    routine.log_step(store, "connect", "jane")
    data = orjson.loads(store.path.read_bytes())
    data["journal"]["1@here"]["seq"] = "1"
    store.path.write_bytes(orjson.dumps(data))
    routine.log_step(store, "share", "sam")
    assert store.undo() == "log Share: sam"
    assert store.undo() is None  # the broken step is not undone, nor a traceback


def test_a_record_that_cannot_be_read_stays_in_the_data_file_when_its_year_closes(tmp_path):
    path = tmp_path / "coach.json"
    store = Store(path, Clock())
    routine.log_step(store, "connect", "maya", day=date(2023, 5, 1))
    routine.log_step(store, "share", "ola")
    data = orjson.loads(path.read_bytes())
    data["entries"]["bad"] = an_entry(9, id="bad", kind="dance", day="2023-05-02")
    path.write_bytes(orjson.dumps(data))
    routine.log_step(store, "connect", "ann", day=date(2023, 5, 3))  # a change of the closed year: a whole write
    assert "bad" in orjson.loads(path.read_bytes())["entries"]  # where doctor tells a person to correct it
    assert not any(b"dance" in p.read_bytes() for p in paths.years_folder(path).iterdir())


# --- what a second breaker found --------------------------------------------------------------------------

def test_a_new_year_moves_no_record_that_cannot_be_read_out_of_the_data_file_on_a_quick_write(tmp_path):
    path = tmp_path / "coach.json"
    clock = Clock()
    store = Store(path, clock)
    routine.log_step(store, "connect", "amy", day=date(2025, 6, 1))
    routine.log_step(store, "share", "zed", day=date(2025, 6, 2))
    routine.log_step(store, "connect", "bob")
    hand_edited(store, "entries", created="2025-06-01T10:00:00")  # amy's entry (the first): no offset
    store.read(summarise=True)  # status has read it: the summary names the file as it is now
    clock.moment = datetime(2027, 1, 3, 10, 0).astimezone()  # 2025 closes at this change
    routine.log_step(store, "share", "sam")
    assert b"2025-06-01T10:00:00\"" in path.read_bytes()
    assert [p.name[:4] for p in paths.years_folder(path).iterdir()] == ["2025"]  # zed's year closed
    assert not any(b"2025-06-01T10:00:00\"" in p.read_bytes() for p in paths.years_folder(path).iterdir())


def test_a_record_that_cannot_be_read_counts_alike_with_or_without_the_summary(store):
    for day in (TODAY - timedelta(days=2), TODAY - timedelta(days=1)):
        for kind, subject in (("brainstorm", "libs"), ("connect", "amy"), ("share", "sam")):
            routine.log_step(store, kind, subject, day=day)
    hand_edited(store, "entries", updated="2026-13-17T10:00:00.000+01:00")  # a month 13: not a time
    careful = store.read()
    store.read(summarise=True)
    recent = store.read_recent()
    assert recent is not None and store.read() == careful  # the quick read leaves out what the careful read did
    first = careful.entries and min(e.day for e in careful.entries)
    assert recent.days.get(TODAY - timedelta(days=2), set()) == {e.kind for e in careful.entries if e.day == first}


def test_a_record_in_a_years_file_is_corrected_by_importing_it_corrected(tmp_path):
    path = tmp_path / "coach.json"
    store, bad = as_060_left_it(path)
    assert not all(c.ok for c in diagnose(path).checks)
    export = {"format": "coach", "version": 1, "records": {"entries": [
        {**bad, "day": "2019-12-01", "updated": "2026-11-21T08:00:00.000+00:00"}]}}
    exchange.import_export(store, written(tmp_path, export))
    assert all(c.ok for c in diagnose(path).checks)
    assert [e.subject for e in store.read().entries] == ["person 7", "maya", "ola"]


def test_a_journal_step_a_hand_broke_is_never_taken_for_another(store):
    routine.log_step(store, "connect", "jane")
    routine.log_step(store, "share", "sam")
    data = orjson.loads(store.path.read_bytes())
    data["journal"]["2@here"]["undone"] = "no"  # not a truth value coach writes
    store.path.write_bytes(orjson.dumps(data))
    assert store.redo() is None  # it was never undone: nothing to redo
    data["journal"]["2@here"]["undone"] = False
    data["journal"]["2@here"]["changes"][0]["inserted"] = "abc"
    store.path.write_bytes(orjson.dumps(data))
    assert store.undo() == "log Connect: jane"  # the broken step is left alone, not half-undone


def test_an_unknown_field_holds_no_more_than_a_note(store, tmp_path):
    message = refused(store, written(tmp_path, an_export(an_entry(zzz=["x" * 10_000] * 1_000))))
    assert "more than 10,000 characters" in message
