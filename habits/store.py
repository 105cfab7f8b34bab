"""The only way in to the data file: TinyDB behind atomic writes, a file lock and a schema version.

Measured in ../shared/STORAGE.md: TinyDB's own JSONStorage writes over the live file (a kill leaves
it damaged) and two processes without a lock lose entries. So every change here happens inside one
`transaction()`: take the lock, read the file once, let TinyDB change the image in memory, then
serialise it, write a temp file beside the data file, fsync, `os.replace`, fsync the folder. A
failing command raises before the commit and leaves the file exactly as it was.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.storages import Storage

from habits.model import (
    STEP_KEYS, AudienceRecord, Entry, Heard, History, PersonRecord, Reflection, RestDay, WeekReflection,
)
from habits.settings import setting
from habits.text import InputError

SCHEMA_VERSION = 1
TABLES = ("entries", "reflections", "rest_days", "settings", "heard", "people", "audiences", "week_reflections")
LOCK_TIMEOUT_SECONDS = 10.0


class StoreError(Exception):
    """The data file cannot be read or written; the message is one line for a person."""


class CorruptFile(StoreError):
    pass


class StoreLocked(StoreError):
    pass


class _FileImage(Storage):
    """TinyDB storage over the file's contents already read: writes stay in memory until commit."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


def _timestamp(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="milliseconds")


_ISO_WEEK = re.compile(r"\d{4}-W\d{2}")
JOURNAL = "journal"
JOURNAL_KEEP = 100  # changes that can be undone; the issue asks for at least 50


class Transaction:
    """Changes made under the lock; they reach the disk together when the transaction ends well.

    Every record a transaction touches is remembered as it was before and after, so that the
    change can be undone (and redone) later, across restarts: see Store.undo.
    """

    def __init__(self, db: TinyDB, image: _FileImage, now: datetime, path: Path, history: History) -> None:
        self._db = db
        self._image = image
        self.now = now
        self._path = path
        self._history: History | None = history
        self.changes: dict[tuple[str, str], tuple[dict[str, Any] | None, dict[str, Any]]] = {}

    @property
    def history(self) -> History:
        """The history as it stands in this transaction, changes so far included."""
        if self._history is None:
            self._history = history_from(self._image.data, self._path)
        return self._history

    def _changed(self, table: str, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
        self._history = None
        key = (table, after["id"])
        first = self.changes[key][0] if key in self.changes else before
        self.changes[key] = (first, dict(after))

    def records(self, table: str) -> list[dict[str, Any]]:
        """Every raw record of a table, tombstones included, as stored (for an import's merge)."""
        return [dict(r) for r in self._image.data.get(table, {}).values()]

    def live(self, table: str) -> list[dict[str, Any]]:
        """The raw records of a table that are not tombstones."""
        return list(_live(self._image.data, table))

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """A record by its id, tombstone or not, as stored."""
        found = self._db.table(table).get(Query().id == record_id)
        return dict(found) if found is not None else None

    def insert(self, table: str, fields: dict[str, Any]) -> dict[str, Any]:
        stamp = _timestamp(self.now)
        record = {"id": uuid.uuid4().hex, **fields, "created": stamp, "updated": stamp}
        self._db.table(table).insert(record)
        self._changed(table, None, record)
        return record

    def insert_many(self, table: str, many: list[dict[str, Any]]) -> None:
        """Inserts a batch in one pass (TinyDB rebuilds a table on every single insert). Not undoable."""
        stamp = _timestamp(self.now)
        self._db.table(table).insert_multiple(
            {"id": uuid.uuid4().hex, **fields, "created": stamp, "updated": stamp} for fields in many
        )
        self._history = None

    def update(self, table: str, record_id: str, fields: dict[str, Any]) -> None:
        before = self.get(table, record_id)
        if before is None:
            raise StoreError(f"no record {record_id} in {table}")
        after = {**before, **fields, "updated": _timestamp(self.now)}
        self._db.table(table).update(after, Query().id == record_id)
        self._changed(table, before, after)

    def delete(self, table: str, record_id: str) -> None:
        """Leaves a tombstone, so that a merge with an older copy does not bring the record back."""
        self.update(table, record_id, {"deleted": _timestamp(self.now)})

    def put(self, table: str, record: dict[str, Any]) -> None:
        """Stores a whole record as given, stamps included (an import or an undo): replaces one with its id."""
        self.put_many(table, [record])

    def put_many(self, table: str, records: list[dict[str, Any]]) -> None:
        """As put for each record (ids unique), in one pass over the table: an import of thousands stays quick."""
        if not records:
            return  # TinyDB would still rewrite the table, and the file with it
        stored = {r.get("id"): dict(r) for r in self._image.data.get(table, {}).values()}
        replaced = [r["id"] for r in records if r["id"] in stored]
        if replaced:
            self._db.table(table).remove(Query().id.one_of(replaced))
        self._db.table(table).insert_multiple(dict(r) for r in records)
        for record in records:
            self._changed(table, stored.get(record["id"]), record)

    def _journal(self, label: str) -> None:
        """Remembers this transaction's changes as one step to undo; a new change ends what could be redone."""
        journal = self._db.table(JOURNAL)
        journal.remove(Query().undone == True)  # noqa: E712 (a TinyDB query, not a comparison)
        steps = sorted(journal.all(), key=lambda r: r["seq"])
        seq = steps[-1]["seq"] + 1 if steps else 1
        journal.insert({
            "seq": seq, "label": label, "at": _timestamp(self.now), "undone": False,
            "changes": [{"table": t, "id": i, "before": b, "after": a} for (t, i), (b, a) in self.changes.items()],
        })
        for old in steps[: max(0, len(steps) + 1 - JOURNAL_KEEP)]:
            journal.remove(Query().seq == old["seq"])


class Store:
    """A coach data file. `clock` gives the current moment; the domain never reads the clock itself."""

    def __init__(self, path: Path | str, clock: Callable[[], datetime], lock_timeout: float = LOCK_TIMEOUT_SECONDS):
        # The real file: a data file linked into a synced folder must be replaced there, not the link.
        self.path = Path(os.path.realpath(Path(path).expanduser()))
        self.clock = clock
        self.lock_timeout = lock_timeout

    def read(self) -> History:
        """The history as it is on disk now; a missing file reads as empty and creates nothing.

        No lock is needed: the file is only ever replaced whole, so a reader sees the old or the new.
        """
        return history_from(_read_file(self.path) or {}, self.path)

    def read_raw(self) -> dict[str, Any]:
        """The file's contents as stored, every table and tombstone (checked like read); missing = {}."""
        return _read_file(self.path) or {}

    @contextmanager
    def transaction(self, label: str = "a change", journal: bool = True) -> Iterator[Transaction]:
        """Everything done inside happens together or not at all; `label` names it for undo."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder {folder}: {_reason(error)}") from None
        lock = FileLock(str(self.path) + ".lock", timeout=self.lock_timeout)
        try:
            lock.acquire()
        except Timeout:
            raise StoreLocked(
                f"{self.path} is busy: another coach has held its lock for {self.lock_timeout:g} s; "
                f"try again, or close the other coach"
            ) from None
        except OSError as error:
            raise StoreError(f"cannot lock {self.path}: {_reason(error)}; nothing was changed") from None
        try:
            self._sweep_temp_files()
            image = _FileImage(_read_file(self.path) or {})
            history = history_from(image.data, self.path)  # never write on top of records coach cannot read
            db = TinyDB(storage=lambda: image)
            try:
                tx = Transaction(db, image, self.clock(), self.path, history)
                yield tx
                if journal and tx.changes:
                    tx._journal(label)
                if image.dirty:
                    _stamp_schema(image.data)
                    _write_file(self.path, image.data)
            finally:
                db.close()
        finally:
            lock.release()

    def undo(self) -> str | None:
        """Takes back the last change not yet undone; its label, or None when there is nothing to undo."""
        return self._travel(undo=True)

    def redo(self) -> str | None:
        """Does again the change undone last; its label, or None when there is nothing to redo."""
        return self._travel(undo=False)

    def _travel(self, undo: bool) -> str | None:
        if not any(bool(r.get("undone")) is not undo for r in self.read_raw().get(JOURNAL, {}).values()):
            return None  # nothing to travel to: take no lock, create nothing
        with self.transaction(journal=False) as tx:
            steps = [r for r in tx._db.table(JOURNAL).all() if r["undone"] is not undo]
            if not steps:
                return None
            step = max(steps, key=lambda r: r["seq"]) if undo else min(steps, key=lambda r: r["seq"])
            stamp = _timestamp(tx.now)
            restored: dict[str, list[dict[str, Any]]] = {}
            for change in step["changes"]:
                target = change["before"] if undo else change["after"]
                if target is None:  # undoing an insert: a tombstone, so a synced copy does not bring it back
                    target = {**change["after"], "deleted": stamp}
                # The restored record is the newest edit of it: a merge with another copy must keep it.
                restored.setdefault(change["table"], []).append({**target, "updated": stamp})
            for table, records in restored.items():
                tx.put_many(table, records)
            tx._db.table(JOURNAL).update({"undone": undo}, Query().seq == step["seq"])
            return str(step["label"])

    def undo_label(self) -> tuple[str | None, str | None]:
        """What undo and redo would take back or do again now (for a footer or a menu)."""
        journal = (_read_file(self.path) or {}).get(JOURNAL, {}).values()
        done = [r for r in journal if not r.get("undone")]
        undone = [r for r in journal if r.get("undone")]
        return (max(done, key=lambda r: r["seq"])["label"] if done else None,
                min(undone, key=lambda r: r["seq"])["label"] if undone else None)

    def _sweep_temp_files(self) -> None:
        """A kill between writing a temp file and renaming it leaves the temp file behind: tidy it."""
        for stray in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                stray.unlink()
            except OSError:
                pass


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _stamp_schema(data: dict[str, Any]) -> None:
    data["meta"] = {"1": {"schema": SCHEMA_VERSION, "app": "coach"}}


def _read_file(path: Path) -> dict[str, Any] | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a data file") from None
    except OSError as error:
        raise StoreError(f"cannot read {path}: {_reason(error)}") from None
    advice = ("it was left as it is; coach doctor says more; move it aside to start afresh, "
              "or put back a copy you trust")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        what = "it is empty" if not raw.strip() else f"it is not valid JSON ({error.msg} at line {error.lineno})"
        raise CorruptFile(f"cannot read {path}: {what}; {advice}") from None
    problem = _shape_problem(data)
    if problem:
        raise CorruptFile(f"cannot read {path}: {problem}; {advice}")
    try:
        schema = _schema_of(data)
    except CorruptFile as error:
        raise CorruptFile(f"cannot read {path}: {error}; {advice}") from None
    if schema > SCHEMA_VERSION:
        raise CorruptFile(
            f"{path} was written by a newer coach (data version {schema}, this one reads {SCHEMA_VERSION}); "
            f"upgrade coach to use it"
        )
    return data


def _shape_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "it is not a coach data file (the top level is not an object)"
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(r, dict) for r in table.values()):
            return f"it is not a coach data file (the table {name!r} is not a table of records)"
    if "meta" not in data and any(data.get(t) for t in data if t != "_default"):
        return "it is not a coach data file (it has no coach meta record)"
    return None


def _schema_of(data: dict[str, Any]) -> int:
    for record in data.get("meta", {}).values():
        schema = record.get("schema")
        if not isinstance(schema, int) or isinstance(schema, bool):
            raise CorruptFile(f"its meta record has the data version {schema!r}, which is not a number")
        return schema
    return SCHEMA_VERSION


def _write_file(path: Path, data: dict[str, Any]) -> None:
    payload = orjson.dumps(data, option=orjson.OPT_INDENT_2)  # serialise first: a bad value never touches the file
    write_atomically(path, payload)


def write_atomically(path: Path, payload: bytes) -> None:
    """Puts `payload` at `path` whole or not at all: a temp file beside it, fsync, rename, fsync the folder."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o600  # a person's journal: theirs alone to read
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise StoreError(f"cannot write in {path.parent}: {_reason(error)}; nothing was changed") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as error:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise StoreError(f"cannot write {path}: {_reason(error)}; nothing was changed") from None
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is already atomic
    finally:
        os.close(fd)


def _live(data: dict[str, Any], table: str) -> Iterator[dict[str, Any]]:
    for record in data.get(table, {}).values():
        if not record.get("deleted"):
            yield record


def _text(record: dict[str, Any], key: str, default: str | None = None) -> str:
    value = record.get(key, default) if default is not None else record[key]
    if not isinstance(value, str):
        raise ValueError(f"{key} is not text")
    return value


def _day(record: dict[str, Any]) -> date:
    return date.fromisoformat(_text(record, "day"))


def _stamp(record: dict[str, Any], key: str) -> str:
    # A stamp that does not parse, or has no UTC offset, cannot be ordered against the others.
    if datetime.fromisoformat(_text(record, key)).tzinfo is None:
        raise ValueError(f"{key} has no UTC offset")
    return record[key]


def _newest(records: list[Any]) -> Any:
    return max(records, key=lambda r: datetime.fromisoformat(r.updated))


def _entry(r: dict[str, Any]) -> Entry:
    if r.get("kind") not in STEP_KEYS:
        raise ValueError(f"unknown step {r.get('kind')!r}")
    return Entry(
        id=_text(r, "id"), kind=r["kind"], day=_day(r), subject=_text(r, "subject"),
        created=_stamp(r, "created"), updated=_stamp(r, "updated"), note=_text(r, "note", ""),
        platform=_text(r, "platform", ""), action=_text(r, "action", ""), work=_text(r, "work", ""),
        audience=_text(r, "audience", ""),
    )


def _texts(record: dict[str, Any], key: str) -> tuple[str, ...]:
    values = record.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{key} is not a list of text")
    return tuple(values)


def _heard(r: dict[str, Any]) -> Heard:
    return Heard(
        id=_text(r, "id"), day=_day(r), person=_text(r, "person"), created=_stamp(r, "created"),
        updated=_stamp(r, "updated"), platform=_text(r, "platform", ""), note=_text(r, "note", ""),
    )


def _person(r: dict[str, Any]) -> PersonRecord:
    return PersonRecord(
        id=_text(r, "id"), name=_text(r, "name"), created=_stamp(r, "created"), updated=_stamp(r, "updated"),
        aliases=_texts(r, "aliases"), platforms=_texts(r, "platforms"), note=_text(r, "note", ""),
    )


def _audience(r: dict[str, Any]) -> AudienceRecord:
    return AudienceRecord(
        id=_text(r, "id"), name=_text(r, "name"), created=_stamp(r, "created"), updated=_stamp(r, "updated"),
        where=_text(r, "where", ""), note=_text(r, "note", ""),
    )


def _setting_value(r: dict[str, Any]) -> Any:
    try:
        spec = setting(_text(r, "key"))
    except InputError:
        return r.get("value")  # a setting of a newer coach: kept, not used
    value = r["value"]
    try:
        valid = spec.parse(spec.show(value)) == value
    except (InputError, TypeError):
        valid = False
    if not valid:
        raise ValueError(f"{spec.key} has the value {value!r}")
    return value


def history_from(data: dict[str, Any], path: Path | str = "the data file") -> History:
    """The live records of a file's contents as domain objects; a record that is not valid is an error."""
    table = "entries"
    try:
        entries = sorted((_entry(r) for r in _live(data, table)), key=lambda e: (e.day, e.created))
        table = "reflections"
        by_day: dict[date, list[Reflection]] = {}
        for r in _live(data, table):
            reflection = Reflection(_text(r, "id"), _day(r), _text(r, "text"), _stamp(r, "created"),
                                    _stamp(r, "updated"))
            by_day.setdefault(reflection.day, []).append(reflection)
        table = "rest_days"
        rests: dict[date, list[RestDay]] = {}
        for r in _live(data, table):
            rest = RestDay(_text(r, "id"), _day(r), _stamp(r, "created"), _stamp(r, "updated"))
            rests.setdefault(rest.day, []).append(rest)
        table = "heard"
        heard = sorted((_heard(r) for r in _live(data, table)), key=lambda h: (h.day, h.created))
        table = "people"
        people = tuple(_person(r) for r in _live(data, table))
        table = "audiences"
        audiences = tuple(_audience(r) for r in _live(data, table))
        table = "week_reflections"
        weeks: dict[str, list[WeekReflection]] = {}
        for r in _live(data, table):
            week = _text(r, "week")
            if not _ISO_WEEK.fullmatch(week):
                raise ValueError(f"week {week!r} is not an ISO week such as 2026-W47")
            weeks.setdefault(week, []).append(WeekReflection(
                _text(r, "id"), week, _text(r, "text"), _stamp(r, "created"), _stamp(r, "updated")))
        table = "settings"
        newest: dict[str, tuple[datetime, Any]] = {}
        for r in _live(data, table):
            updated = datetime.fromisoformat(_stamp(r, "updated"))
            value = _setting_value(r)
            if r["key"] not in newest or updated >= newest[r["key"]][0]:
                newest[r["key"]] = (updated, value)
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise CorruptFile(
            f"cannot read {path}: a record in {table!r} is not valid ({error}); it was left as it is"
        ) from None
    return History(
        entries=tuple(entries),
        reflections={day: _newest(rs) for day, rs in by_day.items()},
        rest_days={day: _newest(rs) for day, rs in rests.items()},
        settings={key: value for key, (_, value) in newest.items()},
        heard=tuple(heard),
        people=people,
        audiences=audiences,
        week_reflections={week: _newest(rs) for week, rs in weeks.items()},
    )
