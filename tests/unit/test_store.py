"""The data file: created on the first write, replaced whole under a lock, refused when it is damaged."""

from __future__ import annotations

import json
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from filelock import FileLock

from habits import routine
from habits.store import SCHEMA_VERSION, CorruptFile, Store, StoreError, StoreLocked, summary

NOW = datetime(2026, 11, 21, 9, 0).astimezone()
STAMP = "2026-11-21T09:00:00.000+00:00"
META = {"1": {"schema": SCHEMA_VERSION, "app": "coach"}}


def clock() -> datetime:
    return NOW


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coach.json"


@pytest.fixture
def store(path: Path) -> Store:
    return Store(path, clock)


def written(path: Path, data: object) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data if isinstance(data, bytes) else json.dumps(data).encode()
    path.write_bytes(payload)
    return payload


def entry(**changes: object) -> dict:
    record = {"id": "e1", "kind": "connect", "day": "2026-11-20", "subject": "jane",
              "created": STAMP, "updated": STAMP}
    record.update(changes)
    return {key: value for key, value in record.items() if value is not None}


def record_in(table: str, record: dict) -> dict:
    return {"meta": META, table: {"1": record}}


# --- creating the file ----------------------------------------------------------------------------

def test_a_missing_file_reads_as_empty_and_creates_nothing(tmp_path, path, store):
    history = store.read()
    assert history.is_empty and history.settings == {}
    assert not path.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_transaction_that_changes_nothing_creates_no_data_file(path, store):
    with store.transaction():
        pass
    assert not path.exists()


def test_the_first_write_creates_the_folder_and_a_file_with_the_schema_version(tmp_path):
    path = tmp_path / "a" / "b" / "coach.json"
    routine.log_step(Store(path, clock), "brainstorm", "history teachers")
    data = json.loads(path.read_bytes())
    (meta,) = data["meta"].values()
    assert meta["schema"] == SCHEMA_VERSION
    (record,) = data["entries"].values()
    assert record["subject"] == "history teachers"


def test_a_new_data_file_is_readable_by_its_owner_alone(path, store):
    routine.log_step(store, "brainstorm", "teachers")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_write_keeps_the_files_permissions(path, store):
    routine.log_step(store, "brainstorm", "teachers")
    path.chmod(0o640)
    routine.log_step(store, "brainstorm", "parents")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_every_record_has_an_id_and_times_with_a_utc_offset(path, store):
    routine.log_step(store, "connect", "jane")
    routine.log_step(store, "share", "sam", day=date(2026, 11, 20))
    routine.set_reflection(store, "a good day")
    routine.mark_rest(store, day=date(2026, 11, 19))
    routine.set_setting(store, "genres", "horror")
    data = json.loads(path.read_bytes())
    records = [r for table, rows in data.items() if table not in ("meta", "journal") for r in rows.values()]
    assert {table for table in data} >= {"entries", "reflections", "rest_days", "settings", "people"}
    assert len(records) == 7  # five records, and a person record each for jane and sam
    assert len({r["id"] for r in records}) == 7
    for record in records:
        assert isinstance(record["id"], str) and record["id"]
        for key in ("created", "updated"):
            moment = datetime.fromisoformat(record[key])
            assert moment.utcoffset() is not None, record[key]


def test_a_deleted_record_leaves_a_tombstone_and_drops_out_of_the_history(path, store):
    made = routine.log_step(store, "connect", "jane").entry
    with store.transaction() as tx:
        tx.delete("entries", made.id)
    assert store.read().entries == ()
    (record,) = json.loads(path.read_bytes())["entries"].values()
    assert record["id"] == made.id and record["deleted"]


# --- what a transaction says it left on disk ------------------------------------------------------

def test_a_transaction_gives_the_signature_and_the_summary_it_left(path, store):
    with store.transaction("connect") as tx:
        tx.insert("entries", {"kind": "connect", "day": "2026-11-21", "subject": "jane"})
        assert tx.signature is None and tx.summary is None  # nothing is on disk until the block ends
    assert tx.signature == store.signature() is not None
    assert summary_given(tx) == summary_on_disk(store)
    assert tx.summary["signature"] == list(tx.signature)
    assert [r["subject"] for r in tx.summary["records"]["entries"].values()] == ["jane"]
    assert store.read_recent() is not None  # the summary it gives is the one the next command reads


def test_a_transaction_of_this_year_only_gives_them_too(path, store):
    routine.log_step(store, "connect", "jane", day=date(2023, 5, 1))  # a closed year, in a file of its own
    with store.transaction("share", whole=False) as tx:
        tx.insert("entries", {"kind": "share", "day": "2026-11-21", "subject": "sam"})
    assert not tx.whole
    assert tx.signature == store.signature() and summary_given(tx) == summary_on_disk(store)
    assert tx.summary["days"] == {"2023-05-01": "2", "2026-11-21": "3"}


def test_a_transaction_that_changes_nothing_gives_the_signature_as_it_was_and_no_summary(path, store):
    with store.transaction() as tx:
        pass
    assert tx.signature is None and tx.summary is None  # no file before, none after
    routine.log_step(store, "connect", "jane", day=date(2023, 5, 1))
    routine.log_step(store, "share", "sam")
    before, summary, mtime = path.read_bytes(), store.summary_path.read_bytes(), path.stat().st_mtime_ns
    for whole in (True, False):
        with store.transaction(whole=whole) as tx:
            assert tx.whole is whole
            assert len(tx.history.entries) == 2 and tx.whole  # the closed year brought in: not a change
        assert tx.signature == store.signature() is not None and tx.summary is None
        assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
        assert store.summary_path.read_bytes() == summary


def test_a_summary_that_cannot_be_written_is_none_and_the_change_stands(path, store, monkeypatch):
    from habits.store import summary as summary_module

    monkeypatch.setattr(summary_module, "write_quickly", lambda target, payload: False)
    with store.transaction() as tx:
        tx.insert("entries", {"kind": "connect", "day": "2026-11-21", "subject": "jane"})
    assert tx.summary is None and not store.summary_path.exists()
    assert tx.signature == store.signature() is not None and len(store.read().entries) == 1


def test_a_failing_transaction_gives_no_signature(path, store):
    routine.log_step(store, "connect", "jane")
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.insert("entries", {"kind": "share", "day": "2026-11-21", "subject": "sam"})
        raise RuntimeError("boom")
    assert tx.signature is None and tx.summary is None


# --- failing and damaged files --------------------------------------------------------------------

def test_a_failing_transaction_leaves_the_file_byte_identical(path, store):
    routine.log_step(store, "connect", "jane")
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.insert("entries", entry(id="x"))
            raise RuntimeError("boom")
    assert path.read_bytes() == before


def test_a_failing_first_transaction_creates_no_data_file(path, store):
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.insert("entries", entry(id="x"))
            raise RuntimeError("boom")
    assert not path.exists()


CORRUPT = [
    pytest.param(b"{not json", id="not-json"),
    pytest.param(b"", id="empty-file"),
    pytest.param(b"  \n", id="blank-file"),
    pytest.param(b"[1, 2]", id="top-level-list"),
    pytest.param(b"null", id="top-level-null"),
    pytest.param({"meta": META, "entries": [1, 2]}, id="table-is-a-list"),
    pytest.param({"meta": META, "entries": {"1": 5}}, id="record-is-not-an-object"),
    pytest.param({"entries": {"1": entry()}}, id="no-meta-record"),
]

# A record that cannot be read, written by an older coach or a hand edit: the file still opens.
BAD_RECORDS = [
    pytest.param(record_in("entries", entry(day=None)), id="entry-without-day"),
    pytest.param(record_in("entries", entry(day="20261120")), id="entry-with-a-compact-day"),
    pytest.param(record_in("entries", entry(day="2026-W47-5")), id="entry-with-a-week-day"),
    pytest.param(record_in("entries", entry(kind=None)), id="entry-without-kind"),
    pytest.param(record_in("entries", entry(subject=None)), id="entry-without-subject"),
    pytest.param(record_in("entries", entry(kind="dance")), id="entry-of-unknown-kind"),
    pytest.param(record_in("entries", entry(day="2026-13-45")), id="entry-with-a-bad-day"),
    pytest.param(record_in("reflections", {"id": "r", "day": "2026-11-20", "created": STAMP, "updated": STAMP}),
                 id="reflection-without-text"),
    pytest.param(record_in("rest_days", {"id": "r", "created": STAMP, "updated": STAMP}), id="rest-day-without-day"),
    pytest.param(record_in("settings", {"id": "s", "value": 5, "created": STAMP, "updated": STAMP}),
                 id="setting-without-key"),
    pytest.param(
        record_in("settings", {"id": "s", "key": "theme", "created": STAMP, "updated": STAMP}),
        id="setting-without-value",
    ),
    pytest.param(
        record_in("settings", {"id": "s", "key": "theme", "value": "x", "created": STAMP, "updated": "soon"}),
        id="setting-with-a-bad-updated-time",
    ),
    pytest.param(
        record_in("reflections", {"id": "r", "day": "2026-11-20", "text": "hi", "created": STAMP,
                                  "updated": "garbage"}),
        id="reflection-with-a-bad-updated-time",
    ),
    pytest.param(
        record_in("entries", entry(subject=5)),
        id="entry-whose-subject-is-not-text",
    ),
]


@pytest.mark.parametrize("content", BAD_RECORDS)
def test_a_record_that_cannot_be_read_is_left_out_kept_as_it_is_and_named_by_doctor(path, store, content):
    from habits.exchange import diagnose

    written(path, content)
    ((table, rows),) = ((t, r) for t, r in content.items() if t != "meta")
    ((key, bad),) = rows.items()
    assert [u[0] for u in store.read().unreadable] == [table]  # left out of the history, and listed
    routine.log_step(store, "connect", "jane")  # a write works beside it
    assert json.loads(path.read_bytes())[table][key] == bad  # and keeps it exactly as it was
    assert [e.subject for e in store.read().entries] == ["jane"]
    failed = [c for c in diagnose(path).checks if not c.ok]
    assert len(failed) == 1 and table in failed[0].text and "left out" in failed[0].advice


@pytest.mark.parametrize("content", CORRUPT)
def test_a_damaged_file_is_refused_in_one_line_naming_the_file_and_left_as_it_is(path, store, content):
    before = written(path, content)
    with pytest.raises(CorruptFile) as caught:
        store.read()
    message = str(caught.value)
    assert isinstance(caught.value, StoreError)
    assert "\n" not in message
    assert str(path) in message
    with pytest.raises(StoreError):
        routine.log_step(store, "connect", "jane")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(record_in("entries", entry(day=None)), id="entry-without-day"),
        pytest.param(record_in("settings", {"id": "s", "value": 5, "created": STAMP, "updated": STAMP}),
                     id="setting-without-key"),
    ],
)
def test_a_setting_is_written_beside_a_record_that_cannot_be_read_which_stays_as_it_was(path, store, content):
    written(path, content)
    ((table, rows),) = ((t, r) for t, r in content.items() if t != "meta")
    routine.set_setting(store, "theme", "textual-dark")
    assert store.read().settings["theme"] == "textual-dark"
    assert all(json.loads(path.read_bytes())[table][key] == record for key, record in rows.items())


def test_a_file_from_a_newer_coach_is_refused_and_left_as_it_is(path, store):
    before = written(path, {"meta": {"1": {"schema": SCHEMA_VERSION + 1, "app": "coach"}}, "entries": {}})
    with pytest.raises(StoreError, match="newer") as caught:
        store.read()
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(StoreError):
        routine.log_step(store, "connect", "jane")
    assert path.read_bytes() == before


def test_a_folder_where_the_file_should_be_is_a_clear_error(path, store):
    path.mkdir(parents=True)
    with pytest.raises(StoreError, match="folder"):
        store.read()


# --- temp files and the lock ----------------------------------------------------------------------

def test_a_write_leaves_no_temp_file_behind(path, store):
    for name in ("jane", "sam", "ada"):
        routine.log_step(store, "connect", name)
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "coach.json", "coach.json.backups", "coach.json.lock", "coach.json.summary"]
    [daily] = [p.name for p in (path.parent / "coach.json.backups").iterdir()]
    assert daily.startswith("coach-") and daily.endswith("Z-2026-11-21-daily@here.json")


def test_stray_temp_files_are_removed_by_the_next_transaction(path, store):
    routine.log_step(store, "connect", "jane")
    strays = [path.parent / ".coach.json.123.tmp", path.parent / ".coach.json.abc_x.tmp"]
    for stray in strays:
        stray.write_text("{half a fi")
    unrelated = path.parent / "notes.tmp"
    unrelated.write_text("mine")
    with store.transaction():
        pass
    assert not any(stray.exists() for stray in strays)
    assert unrelated.read_text() == "mine"


def test_a_held_lock_makes_a_transaction_give_up_with_a_clear_message(path):
    store = Store(path, clock, lock_timeout=0.2)
    routine.log_step(store, "connect", "jane")
    before = path.read_bytes()
    with FileLock(str(path) + ".lock"):
        with pytest.raises(StoreLocked) as caught:
            routine.log_step(store, "connect", "sam")
        assert len(store.read().entries) == 1  # reading needs no lock
    message = str(caught.value)
    assert str(path) in message and "busy" in message and "\n" not in message
    assert path.read_bytes() == before
    routine.log_step(store, "connect", "sam")
    assert len(store.read().entries) == 2


def test_the_lock_message_states_the_time_waited(path):
    store = Store(path, clock, lock_timeout=0.2)
    path.parent.mkdir(parents=True)
    with FileLock(str(path) + ".lock"):
        with pytest.raises(StoreLocked) as caught:
            routine.log_step(store, "connect", "sam")
    assert "0.2 s" in str(caught.value)


# --- the file's format ----------------------------------------------------------------------------

def test_the_file_is_plain_json_that_tinydbs_own_storage_reads(path, store):
    from tinydb import TinyDB
    from tinydb.table import Table

    class ById(Table):
        document_id_class = str  # data version 2: every record is keyed by its own id

    routine.log_step(store, "brainstorm", "history teachers")
    routine.log_step(store, "connect", "jane")
    routine.log_step(store, "share", "sam")
    TinyDB.table_class = ById
    db = TinyDB(str(path), access_mode="r")
    try:
        entries = db.table("entries").all()
        assert sorted(doc["kind"] for doc in entries) == ["brainstorm", "connect", "share"]
        assert all(doc.doc_id == doc["id"] for doc in entries)
        assert db.table("meta").all()[0]["schema"] == SCHEMA_VERSION
    finally:
        db.close()
        TinyDB.table_class = Table


def summary_on_disk(store: Store) -> dict:
    """The summary file as one: the summary on its first line, then the open years' figures a person a line."""
    head, _, figures = store.summary_path.read_bytes().partition(b"\n")
    return {**json.loads(head), "tally": summary.tally_in(figures)}


def summary_given(tx) -> dict:
    """The summary a transaction says it wrote, its figures parsed (a logged step hands them over as the lines written)."""
    return {**tx.summary, "tally": summary.tally_in(tx.summary["tally"])}
