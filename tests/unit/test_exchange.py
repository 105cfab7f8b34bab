"""Export and import: the json export as every record (tombstones too), its merge back by id and
`updated`, csv and Markdown for people, and doctor's check-up of a data file."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from habits import exchange, routine
from habits.model import STEP_KEYS, STEPS
from habits.settings import effective
from habits.exchange import EXPORT_VERSION
from habits.store import TABLES, Store, StoreError
from habits.text import InputError
from tests.sizes import examples

TODAY = date(2026, 11, 21)  # a Saturday


class Clock:
    """A clock that moves a second on each reading, so every change has its own time."""

    def __init__(self, moment: datetime | None = None) -> None:
        self.moment = moment or datetime(2026, 11, 21, 9, 0).astimezone()

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(tmp_path / "here" / "coach.json", clock)


@pytest.fixture
def other(tmp_path: Path, clock: Clock) -> Store:
    """A second copy of coach (another machine), on the same clock."""
    return Store(tmp_path / "there" / "coach.json", clock)


def exported(store: Store) -> dict[str, Any]:
    return json.loads(exchange.export(store, "json").payload)


def timeless(export: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in export.items() if key != "exported"}


def save_export(store: Store, path: Path) -> Path:
    path.write_bytes(exchange.export(store, "json").payload)
    return path


def some_history(store: Store) -> dict[str, str]:
    """A few days of use: every kind of record, a rename and a deleted entry."""
    yesterday = TODAY - timedelta(days=1)
    routine.log_step(store, "brainstorm", "history teachers", day=yesterday, note="they love *primary* sources")
    routine.log_step(store, "connect", "@jane", platform="Bluesky", action="comment", audience="history teachers",
                     note="asked about her thread\n# not a heading")
    routine.log_step(store, "share", "@sam", work="My essay", platform="Mastodon")
    gone = routine.log_step(store, "connect", "@typo", day=yesterday).entry
    routine.delete_entry(store, gone.id)
    routine.log_heard(store, "@jane", platform="Bluesky", note="said thanks")
    routine.set_reflection(store, "A good day.\n- people answer", day=TODAY)
    routine.mark_rest(store, day=TODAY - timedelta(days=3))
    routine.rename_person(store, "@sam", "Sam Lee")
    routine.set_week_reflection(store, 2026, 47, "A week of *firsts*")
    routine.set_setting(store, "genres", "history, memoir")
    return {"deleted": gone.id}


def live_ids(store: Store) -> set[str]:
    history = store.read()
    return {e.id for e in history.entries} | {h.id for h in history.heard}


# --- the json export ---------------------------------------------------------------------------------

def test_the_json_export_holds_every_table_with_its_settings_and_format(store, clock):
    some_history(store)
    data = exported(store)
    assert set(data) == {"format", "version", "exported", "settings", "records"}
    assert data["format"] == "coach"
    assert data["version"] == EXPORT_VERSION and isinstance(data["version"], int)
    assert datetime.fromisoformat(data["exported"]).tzinfo is not None
    assert data["settings"] == effective(store.read().settings)
    assert data["settings"]["genres"] == ["history", "memoir"]
    assert set(data["records"]) == set(TABLES)
    assert "meta" not in data["records"] and "journal" not in data["records"]
    raw = store.read_raw()
    for table in TABLES:
        assert {r["id"] for r in data["records"][table]} == {r["id"] for r in raw.get(table, {}).values()}
        for record in data["records"][table]:
            assert {"id", "created", "updated"} <= set(record)
    assert [e["subject"] for e in data["records"]["entries"] if not e.get("deleted")] == [
        "history teachers", "@jane", "@sam"]


def test_two_exports_of_the_same_file_differ_only_in_when_they_were_taken(store):
    some_history(store)
    first = exchange.export(store).payload.decode()
    second = exchange.export(store).payload.decode()
    assert first != second  # the clock moved
    one = [line for line in first.splitlines() if '"exported"' not in line]
    two = [line for line in second.splitlines() if '"exported"' not in line]
    assert one == two
    data = json.loads(first)
    for records in data["records"].values():
        order = [(datetime.fromisoformat(r["created"]), r["id"]) for r in records]
        assert order == sorted(order)
    assert list(data) == sorted(data)  # keys sorted, so the text is stable too
    assert all(list(r) == sorted(r) for records in data["records"].values() for r in records)


def test_a_deleted_entry_is_exported_as_its_tombstone(store):
    deleted = some_history(store)["deleted"]
    tombstone = next(r for r in exported(store)["records"]["entries"] if r["id"] == deleted)
    assert tombstone["subject"] == "@typo"
    assert datetime.fromisoformat(tombstone["deleted"]) >= datetime.fromisoformat(tombstone["created"])


def test_an_empty_or_missing_file_exports_empty_tables_and_creates_nothing(store):
    data = exported(store)
    assert data["records"] == {table: [] for table in TABLES}
    assert not store.path.exists()


# --- round trip, as a property ----------------------------------------------------------------------

NAMES = ["@jane", "Sam Lee", "😀 Emoji Friend", "שלום עליכם", "مرحبا بالعالم", "*star*", "jane_doe", "# hash"]
names = st.one_of(
    st.sampled_from(NAMES),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12),
)
notes = st.one_of(
    st.just(""), st.sampled_from(NAMES), st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
)
days_back = st.integers(min_value=0, max_value=10)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("step"), st.sampled_from(STEP_KEYS), names, days_back, notes),
        st.tuples(st.just("heard"), names, days_back, notes),
        st.tuples(st.just("reflect"), days_back, notes),
        st.tuples(st.just("rest"), days_back),
        st.tuples(st.just("rename"), names, names),
        st.tuples(st.just("delete"), st.integers(min_value=0, max_value=20)),
        st.tuples(st.just("genres"), names),
    ),
    max_size=12,
)


def play(store: Store, ops: list[tuple]) -> None:
    """Runs generated operations; one a person could not do (a bad name, a second rest day) changes nothing."""
    for op in ops:
        try:
            if op[0] == "step":
                routine.log_step(store, op[1], op[2], day=TODAY - timedelta(days=op[3]), note=op[4],
                                 platform="Bluesky" if op[1] != "brainstorm" else None)
            elif op[0] == "heard":
                routine.log_heard(store, op[1], day=TODAY - timedelta(days=op[2]), note=op[3])
            elif op[0] == "reflect":
                routine.set_reflection(store, op[2], day=TODAY - timedelta(days=op[1]))
            elif op[0] == "rest":
                routine.mark_rest(store, day=TODAY - timedelta(days=op[1]))
            elif op[0] == "rename":
                routine.rename_person(store, op[1], op[2])
            elif op[0] == "delete":
                entries = store.read().entries
                if entries:
                    routine.delete_entry(store, entries[op[1] % len(entries)].id)
            elif op[0] == "genres":
                routine.set_setting(store, "genres", op[1])
        except InputError:
            pass


@given(ops=operations)
@settings(max_examples=examples(25), deadline=None)
def test_an_export_imported_into_an_empty_file_exports_the_same(ops):
    with tempfile.TemporaryDirectory() as folder:
        clock = Clock()
        here = Store(Path(folder) / "here.json", clock)
        play(here, ops)
        before = exported(here)
        export_file = save_export(here, Path(folder) / "export.json")
        there = Store(Path(folder) / "there.json", clock)
        exchange.import_export(there, export_file)
        after = exported(there)
        assert timeless(after) == timeless(before)
        assert there.read().entries == here.read().entries
        again = exchange.import_export(there, export_file)
        assert (again.new, again.updated) == (0, 0)


# --- import: a merge by id and time ------------------------------------------------------------------

def test_importing_the_same_file_twice_adds_nothing_the_second_time(store, other, tmp_path):
    some_history(store)
    export_file = save_export(store, tmp_path / "export.json")
    count = sum(len(records) for records in exported(store)["records"].values())
    first = exchange.import_export(other, export_file)
    assert (first.new, first.updated, first.kept) == (count, 0, 0)
    assert first.summary() == f"Imported export.json: {count} new records, 0 updated, 0 already here."
    on_disk = other.path.read_bytes()
    second = exchange.import_export(other, export_file)
    assert (second.new, second.updated, second.kept) == (0, 0, count)
    assert second.summary().startswith("Imported export.json: 0 new records, 0 updated,")
    assert other.path.read_bytes() == on_disk  # not even rewritten
    assert other.undo_label()[0] == "import export.json"  # the second import is no step to undo


def test_a_newer_edit_wins_and_an_older_one_does_not(store, other, tmp_path):
    entry = routine.log_step(store, "connect", "@jane", note="first").entry
    old = save_export(store, tmp_path / "old.json")
    exchange.import_export(other, old)
    routine.edit_entry(store, entry.id, note="edited later")
    new = save_export(store, tmp_path / "new.json")

    taken = exchange.import_export(other, new)
    assert (taken.new, taken.updated) == (0, 1)
    assert other.read().entries[0].note == "edited later"

    back = exchange.import_export(other, old)  # an older copy does not undo the edit
    assert (back.new, back.updated) == (0, 0)
    assert other.read().entries[0].note == "edited later"

    routine.edit_entry(other, entry.id, note="edited here, last")
    mine = exchange.import_export(other, new)
    assert mine.updated == 0
    assert other.read().entries[0].note == "edited here, last"


def test_an_equal_updated_is_settled_the_same_way_whichever_copy_imports_which(store, other, tmp_path):
    """Two edits of one record at the very same instant: the rule of the two records alone
    (habits/store/merge.py) keeps the same one on both sides, as two synced machines must."""
    routine.log_step(store, "connect", "@jane", note="ours")
    exchange.import_export(other, save_export(store, tmp_path / "e.json"))
    data = exported(store)
    data["records"]["entries"][0]["note"] = "theirs, same time"
    (tmp_path / "same.json").write_text(json.dumps(data))
    exchange.import_export(other, tmp_path / "same.json")
    exchange.import_export(store, save_export(other, tmp_path / "back.json"))
    assert store.read().entries[0].note == other.read().entries[0].note
    assert exchange.import_export(other, tmp_path / "same.json").updated == 0  # settled: nothing more to take


def test_times_compare_as_moments_not_as_text(store, other, tmp_path):
    routine.log_step(store, "connect", "@jane", note="ours")
    exchange.import_export(other, save_export(store, tmp_path / "e.json"))
    data = exported(store)
    record = data["records"]["entries"][0]
    moment = datetime.fromisoformat(record["updated"])
    # One second later, written in a zone whose text sorts before ours: the later moment must still win.
    later = (moment + timedelta(seconds=1)).astimezone(datetime.fromisoformat("2026-01-01T00:00-11:00").tzinfo)
    assert later.isoformat() < record["updated"]
    record.update(updated=later.isoformat(), note="later, from far west")
    (tmp_path / "west.json").write_text(json.dumps(data))
    assert exchange.import_export(other, tmp_path / "west.json").updated == 1
    assert other.read().entries[0].note == "later, from far west"


def test_a_newer_tombstone_in_the_import_deletes_here(store, other, tmp_path):
    entry = routine.log_step(store, "connect", "@jane").entry
    exchange.import_export(other, save_export(store, tmp_path / "before.json"))
    assert entry.id in live_ids(other)
    routine.delete_entry(store, entry.id)
    result = exchange.import_export(other, save_export(store, tmp_path / "after.json"))
    assert result.updated == 1
    assert entry.id not in live_ids(other)


def test_an_import_is_one_step_that_undo_takes_back(store, other, tmp_path):
    some_history(store)
    export_file = save_export(store, tmp_path / "export.json")
    routine.log_step(other, "connect", "@mine", note="only here")

    def seen(s: Store) -> tuple:
        h = s.read()
        return ({(e.id, e.subject, e.note) for e in h.entries}, {r.name for r in h.people},
                set(h.reflections), set(h.rest_days), {x.id for x in h.heard}, h.settings)

    before = seen(other)
    exchange.import_export(other, export_file)
    assert seen(other) != before
    assert other.undo() == "import export.json"
    assert seen(other) == before
    assert other.redo() == "import export.json"
    assert {e.subject for e in other.read().entries} == {"history teachers", "@jane", "@sam", "@mine"}


def valid_export(store: Store) -> dict[str, Any]:
    routine.log_step(store, "connect", "@jane")
    return exported(store)


def _set(path: list, value: Any) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _drop(key: str) -> Callable[[dict], None]:
    return lambda data: data["records"]["entries"][0].pop(key)


MALFORMED = {
    "not JSON": (b'{"format": "coach", ', "not valid JSON"),
    "empty": (b"", "empty"),
    "wrong format": (_set(["format"], "habitica"), "not a coach export"),
    "no format": (lambda d: d.pop("format"), "not a coach export"),
    "newer version": (_set(["version"], EXPORT_VERSION + 1), "newer coach"),
    "version as text": (_set(["version"], "1"), "version '1'"),
    "records not an object": (_set(["records"], []), '"records"'),
    "record without id": (_drop("id"), 'no "id"'),
    "record without updated": (_drop("updated"), 'no "updated"'),
    "a time without its offset": (_set(["records", "entries", 0, "updated"], "2026-11-21T09:00:00"), "offset"),
    "day not a date": (_set(["records", "entries", 0, "day"], "someday"), "not valid"),
    "unknown step kind": (_set(["records", "entries", 0, "kind"], "dance"), "unknown step 'dance'"),
    "non-list table": (lambda d: d["records"].update(entries={"1": d["records"]["entries"][0]}), "not a list"),
    "unknown table": (_set(["records", "journal"], []), "'journal'"),
    "record not an object": (_set(["records", "heard"], ["hello"]), "not an object"),
    "same id twice": (lambda d: d["records"]["entries"].append(dict(d["records"]["entries"][0])), "twice"),
    "a tombstone that is not valid": (lambda d: d["records"]["entries"][0].update(deleted="2026-11-21T10:00:00+00:00",
                                                                                 kind="dance"), "dance"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_import_changes_nothing_and_says_what_is_wrong_in_one_line(store, other, tmp_path, case):
    change, expected = MALFORMED[case]
    data = valid_export(store)
    if isinstance(change, bytes):
        payload = change
    else:
        change(data)
        payload = json.dumps(data).encode()
    bad = tmp_path / "bad export.json"
    bad.write_bytes(payload)
    routine.log_step(other, "share", "@sam")
    on_disk = other.path.read_bytes()
    with pytest.raises((InputError, StoreError)) as caught:
        exchange.import_export(other, bad)
    message = str(caught.value)
    assert "\n" not in message
    assert str(bad) in message and expected in message
    assert other.path.read_bytes() == on_disk


def test_importing_a_missing_file_says_so(other, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        exchange.import_export(other, tmp_path / "nowhere.json")
    assert not other.path.exists()


# --- csv -----------------------------------------------------------------------------------------------

def test_csv_has_a_header_and_a_row_per_live_step_entry_and_heard_back(store):
    deleted = some_history(store)["deleted"]
    history = store.read()
    text = exchange.export(store, "csv").payload.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    assert header == ["day", "kind", "subject", "action", "platform", "work", "audience", "note", "id"]
    assert len(rows) == len(history.entries) + len(history.heard) == 4
    assert deleted not in {r["id"] for r in rows}
    assert [(r["day"], r["kind"], r["subject"]) for r in rows] == [
        ("2026-11-20", "brainstorm", "history teachers"),
        ("2026-11-21", "connect", "'@jane"),  # a cell starting with @ would start a formula: text, with a '
        ("2026-11-21", "share", "'@sam"),
        ("2026-11-21", "heard", "'@jane"),
    ]
    jane = rows[1]
    assert (jane["action"], jane["platform"], jane["audience"]) == ("comment", "Bluesky", "history teachers")
    assert jane["note"] == "asked about her thread\n# not a heading"  # the text as stored
    assert rows[2]["work"] == "My essay"
    assert rows[3]["note"] == "said thanks"


def test_every_detail_a_step_has_is_a_csv_column():
    columns = exchange.csv_columns()
    assert {field for kind in STEPS for field in kind.fields} <= set(columns)
    assert len(columns) == len(set(columns))


def hand_edit(store: Store, table: str, record_id: str, **fields: Any) -> None:
    """Changes a record in the data file itself, as a text editor (or another program) could."""
    data = json.loads(store.path.read_text())
    data[table][record_id].update(fields)
    store.path.write_text(json.dumps(data))


@pytest.mark.parametrize("note", ['=HYPERLINK("http://x","click")', "+1 555 0100", "-2 days", "@jane said so",
                                  "\t=1+1", "=1+1\n-2"])
def test_a_csv_cell_that_would_start_a_formula_is_written_as_text_with_a_leading_apostrophe(store, note):
    entry = routine.log_step(store, "connect", "@jane", note="a note").entry
    hand_edit(store, "entries", entry.id, note=note)  # a leading tab only a hand edit can store
    row = next(csv.DictReader(io.StringIO(exchange.export(store, "csv").payload.decode())))
    assert row["note"] == "'" + note
    assert row["subject"] == "'@jane"  # a handle too: OWASP's advice, said in the README
    assert (row["day"], row["kind"], row["action"]) == ("2026-11-21", "connect", "other")


def test_no_control_character_from_a_hand_edit_reaches_a_csv_or_markdown_export(store):
    entry = routine.log_step(store, "connect", "jane", note="a note").entry
    heard = routine.log_heard(store, "jane", note="thanks")
    routine.set_reflection(store, "a good day")
    hand_edit(store, "entries", entry.id, note="\x1b]0;owned\x07\x1b[2J hi\r\nthere\ttab", platform="\x9b31m")
    hand_edit(store, "heard", heard.id, note="\x1b[31mred")
    data = json.loads(store.path.read_text())
    reflection = next(iter(data["reflections"]))
    hand_edit(store, "reflections", reflection, text="\x1b[8mhidden\x7f")
    text = exchange.export(store, "csv").payload.decode()
    assert not any(c in text for c in "\x1b\x07\x7f\x9b")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["note"] == "?]0;owned??[2J hi\nthere\ttab"  # a line end within a note stays a line end
    assert rows[0]["platform"] == "?31m" and rows[1]["note"] == "?[31mred"
    assert text.count("\r\n") == len(rows) + 1  # csv's own line ends are untouched
    journal = exchange.export(store, "md").payload.decode()
    assert not any(c in journal for c in "\x1b\x07\x7f\x9b\r")
    assert "?\\[31mred" in journal and "?\\[8mhidden?" in journal


def test_csv_of_an_empty_history_is_its_header():
    history = Store(Path("/nonexistent/coach.json"), Clock()).read()
    text, rows = exchange.to_csv(history)
    assert rows == 0 and text.splitlines() == [",".join(exchange.csv_columns())]


# --- Markdown ------------------------------------------------------------------------------------------

def test_markdown_is_a_journal_with_a_section_a_day_newest_first(store):
    some_history(store)
    text = exchange.export(store, "md").payload.decode()
    assert text.startswith("# coach journal\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Week 47 of 2026", "## Saturday 21 November 2026", "## Friday 20 November 2026",
                        "## Wednesday 18 November 2026"]
    saturday = text.split("## Saturday 21 November 2026")[1].split("## Friday")[0]
    connect = "- **Connect** — @jane · comment · Bluesky · found in history teachers — asked about her thread"
    assert connect in saturday
    assert "- **Share** — Sam Lee" not in saturday  # an entry keeps the name it was logged under
    assert "- **Share** — @sam · My essay · Mastodon" in saturday
    assert "- **Heard** from @jane · Bluesky — said thanks" in saturday
    assert "> A good day.\n> \\- people answer" in saturday
    assert "Rest day." in text.split("## Wednesday 18 November 2026")[1]
    assert "@typo" not in text  # deleted


def test_markdown_keeps_names_and_notes_literal():
    history_store = Store(Path(tempfile.mkdtemp()) / "coach.json", Clock())
    routine.log_step(history_store, "connect", "*star*", note="see [this](http://x) <b>\n# heading?\n1. list?")
    routine.set_reflection(history_store, "_quiet_ day\n> not a quote")
    text = exchange.export(history_store, "md").payload.decode()
    html = MarkdownIt("commonmark").render(text)
    assert "<em>" not in html and "<strong>star" not in html
    assert "*star*" in html
    assert "<a " not in html and "<b>" not in html and "&lt;b&gt;" in html
    assert html.count("<h1>") == 1 and "<h2>" in html and "heading?" in html and "<h1>heading" not in html
    assert "<ol" not in html and "<blockquote>\n<p>_quiet_ day\n&gt; not a quote</p>\n</blockquote>" in html


def test_markdown_of_an_empty_history_says_so():
    text, days = exchange.to_markdown(Store(Path("/nonexistent/coach.json"), Clock()).read())
    assert days == 0 and text == "# coach journal\n\nNothing recorded yet.\n"


# --- doctor --------------------------------------------------------------------------------------------

def test_doctor_finds_a_healthy_file_well(store):
    some_history(store)
    diagnosis = exchange.diagnose(store.path)
    assert diagnosis.ok, [c.text for c in diagnosis.checks if not c.ok]
    assert diagnosis.verdict == "All is well."
    [daily] = diagnosis.backups
    assert daily.automatic and daily.name.startswith("coach-") and daily.name.endswith("Z-2026-11-21-daily@here.json")
    assert exchange.backup_lines(diagnosis)[1].split()[:2] == [daily.name, "daily"]


def test_doctor_notes_a_stray_temp_file_as_harmless_and_still_finds_the_file_well(store):
    some_history(store)
    stray = store.path.parent / f".{store.path.name}.k1ll3d.tmp"
    stray.write_bytes(b'{"entries": {')
    diagnosis = exchange.diagnose(store.path)
    assert diagnosis.ok, [c.text for c in diagnosis.checks if not c.ok]
    assert diagnosis.verdict == "All is well."
    [note] = diagnosis.notes
    assert note.ok and note.text.startswith(f"1 stray temp file from an interrupted write: {stray.name} (harmless")
    assert "coach removes it at its next change" in note.text
    assert stray.exists()


def test_doctor_on_a_read_only_file_system_names_it_and_does_not_blame_the_lock(store, monkeypatch):
    some_history(store)
    lock_file = str(store.path) + ".lock"
    assert Path(lock_file).exists()
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) == lock_file and flags & (os.O_RDWR | os.O_WRONLY | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)  # what a read-only mount answers (os.access cannot be fooled here)
    diagnosis = exchange.diagnose(store.path)
    texts = [c.text for c in diagnosis.checks]
    assert diagnosis.ok, texts
    assert not [t for t in texts if t.startswith("lock")]
    folder = store.path.parent
    assert [c.text for c in diagnosis.notes] == [
        (f"read-only: {folder} is on a read-only file system; coach can show your history but cannot record "
         f"anything until it is writable")]
    assert diagnosis.verdict == f"All is well. Nothing can be recorded until {folder} is writable."


def test_doctor_still_blames_a_lock_it_cannot_open_in_a_writable_folder(store, monkeypatch):
    some_history(store)
    lock_file = str(store.path) + ".lock"
    real_open = os.open

    def denied(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) == lock_file:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    diagnosis = exchange.diagnose(store.path)
    assert [c.text for c in diagnosis.checks if not c.ok] == ["lock: cannot take it (permission denied)"]
    assert not diagnosis.notes


def test_doctor_reports_a_duplicate_id_across_tables_and_changes_nothing(store):
    some_history(store)
    data = json.loads(store.path.read_text())
    entry_id = next(iter(data["entries"].values()))["id"]
    next(iter(data["people"].values()))["id"] = entry_id
    store.path.write_text(json.dumps(data))
    on_disk = store.path.read_bytes()
    diagnosis = exchange.diagnose(store.path)
    assert not diagnosis.ok
    failed = [c.text for c in diagnosis.checks if not c.ok]
    assert failed == [f"ids not unique: {entry_id} is the id of 2 records (1 in 'entries', 1 in 'people')"]
    assert f"coach restore {diagnosis.backups[0].name}" in diagnosis.verdict
    assert diagnosis.backups[0].name.endswith("Z-2026-11-21-daily@here.json")
    assert store.path.read_bytes() == on_disk
