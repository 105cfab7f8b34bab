"""The only way in to the data file: TinyDB behind atomic writes, a file lock and a schema version.

Measured in ../shared/STORAGE.md: TinyDB's own JSONStorage writes over the live file (a kill leaves
it damaged) and two processes without a lock lose entries. So every change here happens inside one
`transaction()`: take the lock, read the file once, let TinyDB change the image in memory, then
serialise it, write a temp file beside the data file, fsync, `os.replace`, fsync the folder. A
failing command raises before the commit and leaves the file exactly as it was.

The records of the years before last live in files of their own (habits/closed.py): a transaction
opened with `whole=False` (logging today's step) never opens them, and one that needs them gets them
when it asks for `tx.history`. Year files are written before the data file that names them and
removed only after it no longer does, so the data file's rename stays the one moment of a change.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from habits import backups, closed, lock, records
from habits.migrations import SCHEMA_VERSION, MigrationError, migrate, stamp, version_of

from habits.model import (
    STEPS, Entry, Heard, History, Reflection, RestDay, WeekReflection,
)
from habits.text import InputError

TABLES = ("entries", "reflections", "rest_days", "settings", "heard", "people", "audiences", "week_reflections")
LOCK_TIMEOUT_SECONDS = 10.0


class StoreError(Exception):
    """The data file cannot be read or written; the message is one line for a person."""


class CorruptFile(StoreError):
    pass


class StoreLocked(StoreError):
    pass


# 2: it says how many records the careful read left out (a file with any is not read the quick way),
# and a coach of 0.6, which would trust it, reads the data file itself and refuses a version 4 file.
SUMMARY_VERSION = 2
_STEP_NUMBER = {kind.key: str(kind.number) for kind in STEPS}  # a day's steps as "123" in the summary
_STEP_KEY = {number: key for key, number in _STEP_NUMBER.items()}
RECENT_DAYS = 2  # the calendar days before a write that the summary keeps whole: yesterday, whatever the day's start
_SUMMARY_HEAD = re.compile(
    rb'\{"version":(?P<version>\d+),"signature":\[(?P<ino>\d+),(?P<size>\d+),(?P<mtime>\d+)\],"unreadable":(?P<unreadable>\d+)')


@dataclass(frozen=True)
class Recent:
    """The summary's view: a history of the last days only, and which steps were done on every day."""

    history: History
    days: dict[date, set[str]]
    recent_from: date


@dataclass(frozen=True)
class Restored:
    source: Path
    kept: Path | None  # the backup of the file it replaced (None when there was none, or it was the same)
    entries: int
    last_day: date | None


def _doc(record: dict[str, Any], key: str | None = None) -> Any:
    from habits._db import _doc as doc  # TinyDB is imported by writers only

    return doc(record, key)


def _new_id() -> str:
    """32 random hex digits, as uuid4().hex gave (without importing uuid, and platform with it)."""
    return os.urandom(16).hex()


def _timestamp(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="milliseconds")


JOURNAL = "journal"
JOURNAL_KEEP = 100  # changes that can be undone; the issue asks for at least 50
# The journal lives in the data file, which every change reads and writes whole: the steps before the
# newest keep at most this many bytes (an import that edited thousands of records keeps their old
# versions); older steps go. The newest step is always kept (and an import keeps a backup before it).
JOURNAL_BUDGET = 5_000_000


def _over_budget(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The oldest of `steps` (oldest first) that do not fit JOURNAL_BUDGET, counted from the newest."""
    size = 0
    for at in range(len(steps) - 1, -1, -1):
        size += len(orjson.dumps(steps[at]))
        if size > JOURNAL_BUDGET:
            return steps[: at + 1]
    return []


class Transaction:
    """Changes made under the lock; they reach the disk together when the transaction ends well.

    Every record a transaction touches is remembered as it was before and after, so that the
    change can be undone (and redone) later, across restarts: see Store.undo.
    """

    def __init__(self, db: Any, image: Any, now: datetime, path: Path, index: closed.Index | None = None) -> None:
        self._db = db
        self._image = image
        self.now = now
        self._path = path
        self._history: History | None = None
        self._standing: History | None = None
        self._index = index or {}  # the closed years the data file names, as it was read
        # None once the closed years are in the image (or when there are none)
        self._load_years = (lambda: _load_years(path, self._index)) if self._index else None
        self.changes: dict[tuple[str, str], tuple[dict[str, Any] | None, dict[str, Any]]] = {}
        self.unreadable: set[str] = set()  # the ids of records found that cannot be read: kept where they are

    @property
    def whole(self) -> bool:
        """Whether the image holds every record, the closed years' too."""
        return self._load_years is None

    def load_closed_years(self) -> None:
        """Brings the closed years' records into the image: a change may now touch any of them."""
        if self._load_years is None:
            return
        loaded, self._load_years = self._load_years(), None
        for _raw, tables in loaded.values():
            closed.merge(self._image.data, tables)
        for table in self._db._tables.values():
            table.clear_cache()
        self._history = None
        self.history  # noqa: B018 (never write on top of records coach cannot read)

    @property
    def history(self) -> History:
        """The history as it stands in this transaction, changes so far included: every year of it."""
        self.load_closed_years()
        return self.open_history

    @property
    def open_history(self) -> History:
        """The history without the closed years' entries, reflections and heard-backs (when the
        transaction was opened for this year's changes): the people, audiences, settings and rest days
        are all there. Enough to log today's step; anything that looks further back uses `history`."""
        if self._history is None:
            self._history = history_from(self._image.data, self._path)
            self.unreadable |= {record_id for _, record_id, _ in self._history.unreadable}
        return self._history

    @property
    def standing(self) -> History:
        """The people, audiences, settings and rest days as they stand, without any day's entries,
        reflections or heard-backs: all that logging a step for a day has to look at."""
        if self._standing is None:
            data = self._image.data
            self._standing = history_from({t: data[t] for t in data if t not in closed.DAY_TABLES}, self._path)
        return self._standing

    def holds(self, day: date) -> bool:
        """Whether open_history has every record of `day` (a day of a closed year needs `history`)."""
        return self.whole or str(day.year) not in self._index

    def _changed(self, table: str, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
        self._history = self._standing = None
        key = (table, after["id"])
        first = self.changes[key][0] if key in self.changes else before
        self.changes[key] = (first, dict(after))

    def records(self, table: str) -> list[dict[str, Any]]:
        """Every raw record of a table, tombstones included, as stored (for an import's merge)."""
        self.load_closed_years()
        return [dict(r) for r in self._image.data.get(table, {}).values()]

    def live(self, table: str) -> list[dict[str, Any]]:
        """The raw records of a table that are not tombstones."""
        self.load_closed_years()
        return list(_live(self._image.data, table))

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """A record by its id, tombstone or not, as stored."""
        found = self._db.table(table).get(doc_id=record_id)
        if found is None and table in closed.DAY_TABLES and not self.whole:
            self.load_closed_years()
            found = self._db.table(table).get(doc_id=record_id)
        return dict(found) if found is not None else None

    @property
    def latest_day(self) -> date:
        """The last day a record may come in for: the day after the routine day of this write (a synced
        machine in another time zone can be a day ahead)."""
        from habits.days import DEFAULT_DAY_START_HOUR, routine_day

        hour = self.standing.settings.get("day_start_hour", DEFAULT_DAY_START_HOUR)
        return routine_day(self.now, hour if isinstance(hour, int) else DEFAULT_DAY_START_HOUR) + timedelta(days=1)

    def insert(self, table: str, fields: dict[str, Any]) -> dict[str, Any]:
        stamp = _timestamp(self.now)
        record = {"id": _new_id(), **fields, "created": stamp, "updated": stamp}
        records.refuse(table, record, self.latest_day)  # the one door: what every record meets on the way in
        self._db.table(table).insert(_doc(record))
        self._changed(table, None, record)
        return record

    def insert_many(self, table: str, many: list[dict[str, Any]]) -> None:
        """Inserts a batch in one pass (TinyDB rebuilds a table on every single insert). Not undoable."""
        stamp = _timestamp(self.now)
        made = [{"id": _new_id(), **fields, "created": stamp, "updated": stamp} for fields in many]
        latest = self.latest_day
        for record in made:
            records.refuse(table, record, latest)
        self._db.table(table).insert_multiple(_doc(record) for record in made)
        self._history = self._standing = None

    def update(self, table: str, record_id: str, fields: dict[str, Any]) -> None:
        before = self.get(table, record_id)
        if before is None:
            raise StoreError(f"no record {record_id} in {table}")
        after = {**before, **fields, "updated": _timestamp(self.now)}
        changed = {key for key in fields if key != "deleted" and fields[key] != before.get(key)}
        if changed:  # what an edit changes meets the door; a deletion may take any record away
            records.refuse(table, after, self.latest_day, fields=changed)
        self._db.table(table).update(after, doc_ids=[record_id])
        self._changed(table, before, after)

    def delete(self, table: str, record_id: str) -> None:
        """Leaves a tombstone, so that a merge with an older copy does not bring the record back."""
        self.update(table, record_id, {"deleted": _timestamp(self.now)})

    def put(self, table: str, record: dict[str, Any], replay: bool = False) -> None:
        """Stores a whole record as given, stamps included (an import or an undo): replaces one with its id."""
        self.put_many(table, [record], replay)

    def put_many(self, table: str, many: list[dict[str, Any]], replay: bool = False) -> None:
        """As put for each record (ids unique), in one pass over the table: an import of thousands stays quick.

        Each record meets the door (habits/records.py), and its id may be in no other table; `replay`
        (undo and redo, putting back what was stored before) skips both.
        """
        if not many:
            return  # TinyDB would still rewrite the table, and the file with it
        if table in closed.DAY_TABLES or not replay:
            self.load_closed_years()
        if not replay:
            latest = self.latest_day
            elsewhere = self.ids(but=table)
            for record in many:
                records.refuse(table, record, latest)
                if record["id"] in elsewhere:
                    raise InputError(f"a record in {table!r} cannot be stored: its id {record['id']} is the id of "
                                     f"a record in another table; nothing was changed")
        stored = self._image.data.get(table, {})
        replaced = [r["id"] for r in many if r["id"] in stored]
        if replaced:
            self._db.table(table).remove(doc_ids=replaced)
        self._db.table(table).insert_multiple(_doc(dict(r)) for r in many)
        for record in many:
            self._changed(table, stored.get(record["id"]), record)

    def ids(self, but: str | None = None) -> set[str]:
        """The ids of every record of every table (but one), tombstones included: an id names one record."""
        self.load_closed_years()
        return {key for table in TABLES if table != but for key in self._image.data.get(table, {})}

    def _steps_changes(self) -> list[dict[str, Any]]:
        """This transaction's changes as the journal keeps them: what undo needs, and no second copy of
        what is in the tables already.

        - `{"table", "inserted": [ids]}`: records this change made. Each is in its table as it was made;
          undo makes it a tombstone (which keeps its content) and redo revives that tombstone.
        - `{"table", "id", "before"}`: a record this change edited or deleted, as it was before; undo
          adds `"after"` (the record as the change left it, about to leave the table) for redo.
        - `{"table", "id", "before": None, "after"}`: a tombstone this change brought in (an import),
          kept whole so that redo puts back its own `deleted`; journals of coach 0.6 and before keep
          every change with its whole `before` and `after`, and still undo and redo as they did.
        """
        inserted: dict[str, list[str]] = {}
        changes: list[dict[str, Any]] = []
        for (table, record_id), (before, after) in self.changes.items():
            if before is None and not after.get("deleted"):
                inserted.setdefault(table, []).append(record_id)
            elif before is None:
                changes.append({"table": table, "id": record_id, "before": None, "after": after})
            else:
                changes.append({"table": table, "id": record_id, "before": before})
        return [*({"table": table, "inserted": ids} for table, ids in inserted.items()), *changes]

    def _journal(self, label: str) -> None:
        """Remembers this transaction's changes as one step to undo; a new change ends what could be redone."""
        from habits._db import Query
        journal = self._db.table(JOURNAL)
        journal.remove(Query().undone == True)  # noqa: E712 (a TinyDB query, not a comparison)
        every = journal.all()
        steps = sorted(_steps(every), key=lambda r: r["seq"])
        # The next number after every step's, a step a hand edit broke too: its number stays taken.
        seq = max((int(d.doc_id) for d in every if str(d.doc_id).isdigit()), default=0) + 1
        journal.insert(_doc({
            "seq": seq, "label": label, "at": _timestamp(self.now), "undone": False, "changes": self._steps_changes(),
        }, str(seq)))
        old = steps[: max(0, len(steps) + 1 - JOURNAL_KEEP)]
        old += _over_budget(steps[len(old):])
        if old:
            journal.remove(doc_ids=[str(step["seq"]) for step in old])


class Store:
    """A coach data file. `clock` gives the current moment; the domain never reads the clock itself."""

    def __init__(self, path: Path | str, clock: Callable[[], datetime], lock_timeout: float = LOCK_TIMEOUT_SECONDS):
        # The real file: a data file linked into a synced folder must be replaced there, not the link.
        self.path = Path(os.path.realpath(Path(path).expanduser()))
        self.given = Path(os.path.abspath(Path(path).expanduser()))  # as named: a link stays a link, for messages
        self.clock = clock
        self.lock_timeout = lock_timeout

    def read(self, summarise: bool = False) -> History:
        """The history as it is on disk now; a missing file reads as empty and creates nothing.

        No lock is needed: the file is only ever replaced whole, so a reader sees the old or the new.
        `summarise`: also write the summary from what was read (after read_recent found none that fits),
        so that the next morning command reads the small file; the data file itself is not touched.
        """
        self.check_path()
        signature = self.signature()
        data = _read_file(self.path) or {}
        same = signature is not None and signature == self.signature()  # not replaced while it was read
        # A file as coach left it (its summary names it) was checked record by record when it was
        # written, and the closed years check out by their checksums: no need to check each record again.
        history = history_from(data, self.path, trusted=same and self._summary_signature() == signature)
        if summarise and data and same:
            self._write_summary(data, self.clock(), signature, {record_id for _, record_id, _ in history.unreadable})
        return history

    def signature(self) -> tuple[int, int, int] | None:
        """Changes whenever the file is replaced (by this process or another): a cheap "has it changed?"."""
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def read_raw(self) -> dict[str, Any]:
        """The file's contents as stored, every table and tombstone, the closed years' too (the file's
        shape and version checked, not each record); missing = {}."""
        self.check_path()
        return _read_file(self.path) or {}

    def check_path(self) -> None:
        """Refuses a data path that is there but is not a regular file (a FIFO, a device, a socket, a
        folder; links followed), before anything opens it or makes a file beside it: reading a FIFO
        waits for ever, and /dev/null reads as empty and would be replaced. It only looks (os.stat)."""
        kind = not_a_file(self.given)
        if kind:
            named = f"{self.given} (a link to {self.path})" if os.path.islink(self.given) else str(self.path)
            raise StoreError(f"{named} is {kind}, not a data file; point --db or COACH_DB at a file")

    def check_writable(self) -> None:
        """Refuses a write the shell would refuse (a read-only data file, a read-only folder, a read-only
        file system) before anything is written: an atomic rename would otherwise replace a file the
        person made read-only. Root writes what the shell lets root write."""
        problem = unwritable(self.path)
        if problem:
            raise StoreError(f"cannot write {self.path}: {problem}")

    @property
    def years_folder(self) -> Path:
        return closed.folder_for(self.path)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.check_path()
        self.check_writable()  # before the lock file and the folder are made: a refused write leaves nothing
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder {folder}: {_reason(error)}; nothing was changed") from None
        holding = ExitStack()
        try:
            holding.enter_context(lock.held(str(self.path) + ".lock", self.lock_timeout))
        except lock.LockTimeout:
            raise StoreLocked(
                f"{self.path} is busy: another coach has held its lock for {self.lock_timeout:g} s; "
                f"nothing was changed; try again, or close the other coach"
            ) from None
        except OSError as error:
            raise StoreError(f"cannot lock {self.path}: {_reason(error)}; nothing was changed") from None
        with holding:
            self._sweep_temp_files()
            yield

    @contextmanager
    def transaction(self, label: str = "a change", journal: bool = True,
                    backup: str | None = None, whole: bool = True) -> Iterator[Transaction]:
        """Everything done inside happens together or not at all; `label` names it for undo.

        The first change of a day keeps a backup of the file as it was; `backup` (a reason such as
        "before-import") keeps one before this change in particular. `whole=False` leaves the closed
        years on disk until something in the transaction asks for them (tx.history, tx.get of an old
        record): a step logged today reads and writes this year and the last, not a decade.
        """
        from habits._db import _Database, _FileImage

        with self._locked():
            # A file just as coach left it (its summary names it) was checked record by record when it
            # was written: a change that reads this year only need not check its records again.
            signature = None if whole else self.signature()
            raw = _read_bytes(self.path)
            trusted = (signature is not None and signature == self.signature()  # not replaced meanwhile
                       and self._summary_signature() == signature)
            data, found = _contents(raw, self.path)
            index = closed.index_of(data)
            image = _FileImage(data)
            now = self.clock()
            db = _Database(storage=lambda: image)
            try:
                tx = Transaction(db, image, now, self.path, index)
                if whole:
                    tx.load_closed_years()
                else:
                    _check_years_exist(self.path, index)
                if not trusted:
                    tx.open_history  # noqa: B018 (never write on top of records coach cannot read)
                yield tx
                if journal and tx.changes:
                    tx._journal(label)
                if raw is not None and found < SCHEMA_VERSION:
                    image.dirty = True  # a file of an older version is written in this version's shape
                if image.dirty:
                    stamp(image.data)
                    main, years = self._split(tx, index)
                    payload = orjson.dumps(main, option=orjson.OPT_INDENT_2)  # a bad value fails here
                    made: list[Path] = []  # the backups this change keeps: never pruned by it
                    if raw is not None:
                        reasons = [f"before-migration-v{found}"] if found < SCHEMA_VERSION else []
                        reasons += [backup] if backup else []
                        reasons += ["daily"] if backups.daily_due(self.path, now) else []
                        made = [self._back_up(raw, now, reason, index) for reason in reasons]
                    for name, year_payload in years.items():
                        _make_folder(self.years_folder, "the folder of closed years")
                        write_atomically(self.years_folder / name, year_payload)  # the same name, the same bytes
                    write_atomically(self.path, payload)
                    self._write_summary(main, now, unreadable=tx.unreadable)
                    self._after_commit(closed.index_of(main), keep=made)
            finally:
                db.close()

    def _split(self, tx: Transaction, index: closed.Index) -> tuple[dict[str, Any], dict[str, bytes]]:
        """The data file's contents to write, with the records of closed years moved out, and the
        year files that must exist for it (by name; a year whose records did not change keeps its file)."""
        # A record that cannot be read stays in the data file. A whole transaction has read every record
        # with care and knows them; one of this year only asks of the few a new year moves out.
        movable = ((lambda table, record: record.get("id") not in tx.unreadable) if tx.whole else
                   (lambda table, record: records.read_problem(table, record) is None))
        main, moved = closed.split(tx._image.data, closed.open_from(tx.now.date()), movable)
        new_index = {} if tx.whole else {year: item for year, item in index.items() if year not in moved}
        files: dict[str, bytes] = {}
        for year, tables in sorted(moved.items()):
            if not tx.whole and year in index:  # records of a closed year made in this year's change
                _, stored = _load_year(self.path, index[year], self.years_folder)
                for table, moved_records in tables.items():
                    stored.setdefault(table, {}).update(moved_records)
                history_from(stored, self.years_folder / index[year]["file"])
                tables = stored
            payload = closed.payload_of(tables)
            name = closed.name_for(year, payload)
            if year in index and index[year]["file"] == name:
                new_index[year] = index[year]
                continue
            new_index[year] = {"file": name, "days": closed.days_of(tables)}
            files[name] = payload
        closed.set_index(main, dict(sorted(new_index.items())))
        return main, files

    def _tidy_years(self, index: closed.Index) -> None:
        """Removes the year files the data file no longer names (a reader who still wanted one reads again)."""
        folder = self.years_folder
        wanted = {item["file"] for item in index.values()}
        try:
            present = list(folder.iterdir())
        except OSError:
            return
        for path in present:
            if path.name not in wanted and closed.is_year_file(path.name):
                try:
                    path.unlink()
                except OSError:
                    pass
        if not wanted:
            try:
                folder.rmdir()
            except OSError:
                pass

    # --- the summary: what the morning commands need, in a small file beside the data file ------------

    @property
    def summary_path(self) -> Path:
        return self.path.with_name(self.path.name + ".summary")

    def read_recent(self, since: date | None = None) -> Recent | None:
        """The last few days from the summary the last write left beside the data file, or None.

        `coach status` and the check-in need the day's entries, every day's steps (for the streak and
        strength), the rest days and the settings, not years of people and notes: at 10 years this
        file is a fiftieth of the data file. None when there is no summary, when it is not for the
        data file as it is now (another program replaced the file, or a kill came between the two
        writes), or when it does not reach back to `since`: then read() is the way.
        """
        self.check_path()
        signature = self.signature()
        if signature is None:
            return None
        try:
            summary = orjson.loads(self.summary_path.read_bytes())
            if summary.get("version") != SUMMARY_VERSION or summary.get("signature") != list(signature):
                return None
            recent_from = date.fromisoformat(summary["recent_from"])
            if since is not None and since < recent_from:
                return None
            kinds: dict[str, frozenset[str]] = {}  # "13" -> {"brainstorm", "share"}: a few shared sets, not one a day
            for numbers in set(summary["days"].values()):
                kinds[numbers] = frozenset(_STEP_KEY[n] for n in numbers)
            days = {date.fromisoformat(day): kinds[numbers] for day, numbers in summary["days"].items()}
            history = history_from(summary["records"], self.path)
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError, StoreError):
            return None  # a summary is only ever a shortcut
        return Recent(history, days, recent_from)

    def _summary_signature(self) -> tuple[int, int, int] | None:
        """The data file the summary was made from, as (inode, size, mtime), or None."""
        # The summary begins with its version and signature (see _write_summary): its first bytes tell,
        # without parsing decades of days a write has no use for.
        try:
            with self.summary_path.open("rb") as summary:
                head = summary.read(160)
        except OSError:
            return None
        found = _SUMMARY_HEAD.match(head)
        if found is None or int(found["version"]) != SUMMARY_VERSION or int(found["unreadable"]):
            return None  # a file holding a record that cannot be read is read with care every time
        return int(found["ino"]), int(found["size"]), int(found["mtime"])

    def refresh_summary(self) -> None:
        """Writes the summary of the file as it is now (after a read found none, or a stale one)."""
        self.read(summarise=True)

    def _write_summary(self, data: dict[str, Any], now: datetime, signature: tuple[int, int, int] | None = None,
                       unreadable: set[str] | frozenset[str] = frozenset()) -> None:
        """No lock and no fsync needed: it names the data file it was made from, and a summary that
        does not match the data file (or does not read) is simply not used. `unreadable`: the ids of the
        records the careful read left out, which count for nothing here either."""
        signature = signature or self.signature()
        if signature is None:
            return
        recent_from = (now.date() - timedelta(days=RECENT_DAYS)).isoformat()
        days: dict[str, str] = {}
        for item in closed.index_of(data).values():  # the closed years' days, kept in the data file's meta
            days.update(item["days"])
        for key, record in data.get("entries", {}).items():
            kind = record.get("kind")
            number = _STEP_NUMBER.get(kind) if isinstance(kind, str) else None
            if record.get("deleted") or number is None or key in unreadable or not records.valid_day(record.get("day")):
                continue  # a record coach cannot read counts for no day (coach doctor names it)
            kinds = days.get(record["day"], "")
            if number not in kinds:
                days[record["day"]] = kinds + number
        recent = {"entries", "reflections"}
        kept = {
            table: {key: r for key, r in data.get(table, {}).items() if not r.get("deleted") and key not in unreadable
                    and (table not in recent or (isinstance(r.get("day"), str) and r["day"] >= recent_from))}
            for table in ("entries", "reflections", "rest_days", "settings")
        }
        summary = {"version": SUMMARY_VERSION, "signature": list(signature), "unreadable": len(unreadable),
                   "recent_from": recent_from, "days": days, "records": kept}
        target = self.summary_path
        try:
            fd, tmp = _temp_file(target)
            with os.fdopen(fd, "wb") as out:
                out.write(orjson.dumps(summary))
            os.replace(tmp, target)
        except OSError:
            try:
                target.unlink()  # better none than an old one
            except OSError:
                pass

    def _back_up(self, raw: bytes, now: datetime, reason: str, index: closed.Index | None = None) -> Path:
        """Keeps `raw` (the data file as it was) and the closed years it names, which it shares with
        the data file: a backup of a decade costs a copy of this year's file."""
        target = backups.name_for(self.path, now, reason)
        _make_folder(target.parent, "the backup folder")
        if index is None:
            try:
                index = closed.index_of(_contents(raw, self.path)[0])
            except StoreError:
                index = {}  # a broken file (kept before a restore) is kept as it is
        kept = backups.years_folder(self.path)
        missing = [item["file"] for item in index.values() if not _is_file(kept / item["file"])]  # same name, same bytes
        if missing:
            _make_folder(kept, "the backup folder")
            for name in missing:
                _link_or_copy(self.years_folder / name, kept / name, "back up to")
            _fsync_folder(kept)
        write_atomically(target, raw, what="back up to")
        return target

    def _prune_backups(self, keep: list[Path]) -> None:
        """Prunes by the rules, never a backup in `keep` (the ones the change has just written)."""
        pruned = False
        for old in backups.to_prune(backups.backups_of(self.path), keep):
            try:
                old.path.unlink()
                pruned = True
            except OSError:
                pass  # kept one more than the rules say: harmless
        if pruned:
            self._tidy_backup_years()

    def _tidy_backup_years(self) -> None:
        """Removes the closed years no backup names any more."""
        folder = backups.years_folder(self.path)
        if not folder.exists():
            return
        named: set[str] = set()
        for backup in backups.backups_of(self.path):
            try:
                raw = backup.path.read_bytes()
            except OSError:
                return  # a backup that cannot be read now may name any of them: keep them all
            try:
                named |= {item["file"] for item in closed.index_of(orjson.loads(raw)).values()}
            except (orjson.JSONDecodeError, ValueError, AttributeError):
                continue  # a backup that is not coach's names nothing that could be put back
        for path in folder.iterdir():
            if path.name not in named and closed.is_year_file(path.name):
                try:
                    path.unlink()
                except OSError:
                    pass

    def list_backups(self) -> list[backups.Backup]:
        """The backups beside the data file, newest first."""
        return backups.backups_of(self.path)

    def restore(self, wanted: str) -> Restored:
        """Puts a backup (by name, "latest", or a path) in place of the data file, keeping a backup of
        the file it replaces, even a broken one: a restore can itself be taken back with another."""
        found = newest_good_backup(self.path) if wanted == "latest" else backups.find(self.path, wanted)
        if found is None:
            where = backups.folder_for(self.path)
            raise InputError(f"there is no backup {wanted!r}; coach doctor lists the backups in {where}")
        source = found.path if isinstance(found, backups.Backup) else found
        if source.resolve() == self.path:
            raise InputError(f"{source} is the data file itself; name a backup to restore")
        from_backups = source.parent == backups.folder_for(self.path)
        with self._locked():  # read and put back under the lock: another coach's pruning cannot come between
            raw = _read_bytes(source)
            if raw is None:
                raise InputError(f"there is no backup {wanted!r}")
            data, _ = _contents(raw, source, verb="restore")
            index = closed.index_of(data)
            if index and not from_backups:  # another data file with closed years: all of it, as one file
                raw = _whole_bytes(source, raw, verb="restore")
                data, _ = _contents(raw, source, verb="restore")
                index = {}
            elif index:  # the backup's years, kept with the backups
                for _raw, tables in _load_years(source, index, backups.years_folder(self.path), "restore").values():
                    closed.merge(data, tables)
            history = history_from(data, source)
            current = _read_bytes(self.path)
            kept = None
            if current is not None and current != raw:
                kept = self._back_up(current, self.clock(), "before-restore")
            for item in index.values():  # the years the backup names, back beside the data file
                self._put_back_year(item["file"])
            if current != raw:
                write_atomically(self.path, raw)
            self._after_commit(index, keep=[kept] if kept else [])  # the way back stays, whatever its name
        return Restored(source, kept, len(history.entries), max((e.day for e in history.entries), default=None))

    def _put_back_year(self, name: str) -> None:
        target = self.years_folder / name
        _make_folder(target.parent, "the folder of closed years")
        _link_or_copy(backups.years_folder(self.path) / name, target, "write")
        _fsync_folder(target.parent)
        try:
            there = target.is_file()
        except OSError:
            there = False
        if not there:
            raise StoreError(f"cannot put back {target} from {backups.years_folder(self.path)}; nothing was changed")

    def _after_commit(self, index: closed.Index, keep: list[Path]) -> None:
        """Tidying after the data file was replaced: it never fails the change, which is on disk.
        `keep`: the backups just written, which the pruning leaves whatever the rules say."""
        for tidy in (lambda: self._prune_backups(keep), lambda: self._tidy_years(index)):
            try:
                tidy()
            except (OSError, ValueError, TypeError, KeyError, StoreError):
                pass  # left for the next change to tidy

    def undo(self) -> str | None:
        """Takes back the last change not yet undone; its label, or None when there is nothing to undo."""
        return self._travel(undo=True)

    def redo(self) -> str | None:
        """Does again the change undone last; its label, or None when there is nothing to redo."""
        return self._travel(undo=False)

    def _travel(self, undo: bool) -> str | None:
        self.check_path()
        journal = _contents(_read_bytes(self.path), self.path)[0].get(JOURNAL, {})  # in the data file itself
        if not any(bool(r.get("undone")) is not undo for r in _steps(journal.values())):
            return None  # nothing to travel to: take no lock, create nothing
        with self.transaction(journal=False) as tx:
            steps = [r for r in _steps(tx._db.table(JOURNAL).all()) if bool(r.get("undone")) is not undo]
            if not steps:
                return None
            step = max(steps, key=lambda r: r["seq"]) if undo else min(steps, key=lambda r: r["seq"])
            stamp = _timestamp(tx.now)
            restored: dict[str, list[dict[str, Any]]] = {}
            kept: list[dict[str, Any]] = []  # the step's changes as the journal keeps them from now on
            for change in step["changes"]:
                if not isinstance(change, dict) or change.get("table") not in TABLES:
                    raise StoreError(f"cannot {'undo' if undo else 'redo'} {step['label']!r}: the undo journal's step "
                                     f"{step['seq']} in {self.path} is not as coach writes it; nothing was changed")
                table = change["table"]
                stored = tx._image.data.get(table, {})
                targets: list[dict[str, Any]] = []
                if "inserted" in change:  # records the step made: their content is in the table (a tombstone once undone)
                    for record_id in change["inserted"]:
                        current = stored.get(record_id)
                        if current is not None:  # else gone from the file by hand: nothing to take back
                            targets.append({**current, "deleted": stamp} if undo else
                                           {key: value for key, value in current.items() if key != "deleted"})
                    kept.append(change)
                else:
                    after = change.get("after")
                    if after is None and change["before"] is not None:  # an edit, undone: keep what it made for redo
                        after = dict(stored[change["id"]]) if undo and change["id"] in stored else None
                    target = change["before"] if undo else after
                    if target is None and after is not None:  # undoing an insert: a tombstone, so a synced copy
                        target = {**after, "deleted": stamp}  # does not bring it back
                    if target is not None:
                        targets.append(target)
                    # An edit keeps what it made only while undone: redone, the table holds it again.
                    kept.append({**change, "after": after} if change["before"] is None or undo else
                                {key: value for key, value in change.items() if key != "after"})
                # The restored record is the newest edit of it: a merge with another copy must keep it.
                restored.setdefault(table, []).extend({**target, "updated": stamp} for target in targets)
            for table, put_back in restored.items():
                tx.put_many(table, put_back, replay=True)
            tx._db.table(JOURNAL).update({"undone": undo, "changes": kept}, doc_ids=[str(step["seq"])])
            return str(step["label"])

    def undo_label(self) -> tuple[str | None, str | None]:
        """What undo and redo would take back or do again now (for a footer or a menu)."""
        self.check_path()
        raw = _read_bytes(self.path)
        journal = _steps(_contents(raw, self.path)[0].get(JOURNAL, {}).values())  # the journal is in the data file
        done = [r for r in journal if not r.get("undone")]
        undone = [r for r in journal if r.get("undone")]
        return (max(done, key=lambda r: r["seq"])["label"] if done else None,
                min(undone, key=lambda r: r["seq"])["label"] if undone else None)

    def _sweep_temp_files(self) -> None:
        """A kill between writing a temp file and renaming it leaves the temp file behind: tidy it,
        beside the data file and in the backups folder (a kill while a backup is written)."""
        strays = [*self.path.parent.glob(f".{self.path.name}.*.tmp"), *backups.folder_for(self.path).glob(".*.json.*.tmp"),
                  *self.years_folder.glob(".*.json.*.tmp"), *backups.years_folder(self.path).glob(".*.json.*.tmp")]
        for stray in strays:
            try:
                stray.unlink()
            except OSError:
                pass


def _steps(journal: Any) -> list[dict[str, Any]]:
    """The undo journal's steps as coach writes them; a step a hand edit broke is left alone, never
    the reason a change, an undo or a redo fails."""
    return [r for r in journal if isinstance(r, dict) and type(r.get("seq")) is int and type(r.get("undone")) is bool
            and isinstance(r.get("label"), str) and isinstance(r.get("changes"), list)
            and all(isinstance(c, dict) and (isinstance(c.get("inserted"), list) and all(isinstance(i, str) for i in c["inserted"])
                                            if "inserted" in c else "before" in c) for c in r["changes"])]


_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (a named pipe)"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def not_a_file(path: Path | str) -> str | None:
    """What `path` is when it is there and is not a regular file, symbolic links followed: "a folder",
    "a FIFO (a named pipe)", "a character device"…; None for a regular file, or for nothing there. It only
    looks (os.stat), never opens: opening a FIFO waits for a writer for ever, and a device is real."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing, or out of reach: the read or the write that follows says why
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _FILE_KINDS if test(mode)), "a special file")


def unwritable(path: Path) -> str | None:
    """Why a file at `path` (a regular file, or none yet) cannot be written, as the shell would refuse
    it: the file is read-only, its folder is (a write renames a new file into it), or the file system is
    mounted read-only; None when it can be. os.access asks the kernel, so root's override stays root's.
    A folder not there yet is left to the mkdir that makes it, which says why it cannot."""
    folder = path.parent
    for target, what, rights in ((path, "it", os.W_OK), (folder, f"its folder {folder}", os.W_OK | os.X_OK)):
        if os.access(target, rights) or not os.path.exists(target):
            continue
        try:
            read_only_mount = bool(os.statvfs(target).f_flag & os.ST_RDONLY)
        except OSError:
            read_only_mount = False
        if read_only_mount:
            return (f"{what} is on a read-only file system; nothing was changed "
                    f"(mount it read-write, or write elsewhere)")
        return f"{what} is read-only; nothing was changed (chmod u+w {target} makes it writable)"
    return None


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def rescue_advice(path: Path, prefix: str = "it was left as it is") -> str:
    """What a person can do about a data file coach cannot read: put back the newest backup that reads."""
    every = backups.backups_of(path)
    good = newest_good_backup(path, every)
    if good:
        return (f"{prefix}; coach restore {good.name} puts back the newest backup that reads well "
                f"(coach doctor lists all {len(every)} in {good.path.parent})")
    if every:
        return (f"{prefix}; none of its {len(every)} backups in {every[0].path.parent} reads well either; "
                f"coach doctor says more; import your last export (coach import FILE) into a new file")
    return (f"{prefix} and there is no backup of it yet; coach doctor says more; "
            "move it aside to start afresh, or import your last export (coach import FILE)")


def newest_good_backup(path: Path, every: list[backups.Backup] | None = None) -> backups.Backup | None:
    """The newest backup that reads as a coach data file (a backup kept before a restore may be broken)."""
    for backup in every if every is not None else backups.backups_of(path):
        if backup_problem(backup.path) is None:
            return backup
    return None


def backup_problem(path: Path) -> str | None:
    """Why a file would not restore well, or None when it reads as a whole history."""
    try:
        raw = _read_bytes(path)
        if raw is None:
            return "it is gone"
        data, _ = _contents(raw, path, verb="restore")
        for _raw, tables in _load_years(path, closed.index_of(data), path.parent / "years", "restore").values():
            closed.merge(data, tables)
        history_from(data, path)
    except StoreError as error:
        return str(error)
    return None


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a data file") from None
    except OSError as error:
        raise StoreError(f"cannot read {path}: {_reason(error)}") from None


def _read_file(path: Path) -> dict[str, Any] | None:
    """The whole contents: the data file's, and the records of the closed years it names."""
    for _ in range(5):
        raw = _read_bytes(path)
        if raw is None:
            return None
        data, _ = _contents(raw, path)
        index = closed.index_of(data)
        try:
            for _raw, tables in _load_years(path, index).values():
                closed.merge(data, tables)
        except _YearGone:
            if _read_bytes(path) != raw:
                continue  # a writer replaced the data file meanwhile, and tidied the year it named
            raise
        return data
    raise StoreError(f"{path} kept changing while it was read; try again")


class _YearGone(CorruptFile):
    """A year's file the data file names is not there: a reader may read again (a writer tidied it)."""

    def __init__(self, path: Path, target: Path, verb: str = "read") -> None:
        super().__init__(_refusal(path, f"its year file {target.name} is missing from {target.parent}", verb))
        self.path = target


def _refusal(path: Path, what: str, verb: str) -> str:
    # Only the data file points at its backups; a backup that does not read is just refused.
    advice = rescue_advice(path) if verb == "read" else "it was left as it is"
    return f"cannot {verb} {path}: {what}; {advice}"


def _load_year(path: Path, item: dict[str, Any], folder: Path, verb: str = "read") -> tuple[bytes, dict[str, Any]]:
    """A closed year's file (in `folder`) that `path` names, checked against the checksum in its
    name: its bytes and its tables."""
    target = folder / item["file"]
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        raise _YearGone(path, target, verb) from None
    except OSError as error:
        raise StoreError(f"cannot read {target}: {_reason(error)}") from None
    if not closed.checks_out(item["file"], raw):
        raise CorruptFile(_refusal(path, f"its year file {target} is damaged (it does not match its checksum)", verb))
    try:
        tables = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise CorruptFile(_refusal(path, f"its year file {target} is not valid JSON", verb)) from None
    if (not isinstance(tables, dict) or not set(tables) <= set(closed.DAY_TABLES)
            or not all(isinstance(t, dict) and all(isinstance(r, dict) for r in t.values()) for t in tables.values())):
        raise CorruptFile(_refusal(path, f"its year file {target} is not a year of coach records", verb))
    return raw, tables


def _load_years(path: Path, index: closed.Index, folder: Path | None = None,
                verb: str = "read") -> dict[str, tuple[bytes, dict[str, Any]]]:
    """The closed years `path` names: beside it (a data file), or in `folder` (the backups' years)."""
    where = closed.folder_for(path) if folder is None else folder
    return {year: _load_year(path, item, where, verb) for year, item in index.items()}


def _check_years_exist(path: Path, index: closed.Index) -> None:
    """Before a change that leaves the closed years unread: every year the file names is still there."""
    folder = closed.folder_for(path)
    for item in index.values():
        try:
            there = (folder / item["file"]).is_file()
        except OSError as error:
            raise StoreError(f"cannot read {folder}: {_reason(error)}; nothing was changed") from None
        if not there:
            raise _YearGone(path, folder / item["file"])


def _whole_bytes(path: Path, raw: bytes, verb: str = "read") -> bytes:
    """The data file as one file, its closed years put back in: what a backup keeps. A file that keeps
    everything in itself is kept byte for byte."""
    data, _ = _contents(raw, path, verb=verb)
    index = closed.index_of(data)
    if not index:
        return raw
    for _raw, tables in _load_years(path, index).values():
        closed.merge(data, tables)
    closed.set_index(data, {})
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)


def _make_folder(folder: Path, what: str) -> None:
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot make {what} {folder}: {_reason(error)}; nothing was changed") from None


def _contents(raw: bytes | None, path: Path, verb: str = "read") -> tuple[dict[str, Any], int]:
    """The file's records in this version's shape (migrated in memory), and the version it is at."""
    if raw is None:
        return {}, SCHEMA_VERSION

    def refuse(what: str, advice: str = "it was left as it is") -> CorruptFile:
        # Only the data file points at its backups; a backup that does not read is just refused.
        return CorruptFile(f"cannot {verb} {path}: {what}; {rescue_advice(path, advice) if verb == 'read' else advice}")

    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise refuse("it is empty" if not raw.strip() else
                     f"it is not valid JSON ({error.msg} at line {error.lineno})") from None
    problem = _shape_problem(data)
    if problem:
        raise refuse(problem)
    try:
        found = version_of(data)
        if found > SCHEMA_VERSION:
            raise refuse(f"it was written by a newer coach (data version {found}, this one reads up to "
                         f"{SCHEMA_VERSION})", "it was left as it is; upgrade coach to use it")
        migrated = migrate(data)
        closed.check_index(migrated[0])
        return migrated
    except MigrationError as error:
        raise refuse(str(error)) from None
    except ValueError as error:  # the list of closed years
        raise refuse(str(error)) from None


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
    try:
        return version_of(data)
    except MigrationError as error:
        raise CorruptFile(str(error)) from None


def _temp_file(beside: Path) -> tuple[int, str]:
    """A new file `.NAME.RANDOM.tmp` in the same folder, open for writing, readable by its owner only
    (tempfile.mkstemp's contract, without importing tempfile and shutil on every write)."""
    for _ in range(100):
        name = str(beside.parent / f".{beside.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp file name beside {beside}")


def write_atomically(path: Path, payload: bytes, what: str = "write") -> None:
    """Puts `payload` at `path` whole or not at all: a temp file beside it, fsync, rename, fsync the folder."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o600  # a person's journal: theirs alone to read
    except OSError:
        mode = 0o600
    try:
        fd, tmp = _temp_file(path)
    except OSError as error:
        raise StoreError(f"cannot {what} {path}: {_reason(error)} in {path.parent}; nothing was changed") from None
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
        raise StoreError(f"cannot {what} {path}: {_reason(error)}; nothing was changed") from None
    _fsync_folder(path.parent)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _link_or_copy(source: Path, target: Path, what: str) -> None:
    """A year file shared under a second name: a hard link (atomic, no space; the caller syncs the
    folder), or a copy where the file system has no links. A source that is not there is left out:
    whatever names it is broken already."""
    try:
        os.link(source, target)
    except (FileExistsError, FileNotFoundError):
        return  # the same name is the same contents
    except OSError:
        raw = _read_bytes(source)
        if raw is not None:
            write_atomically(target, raw, what=what)


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


def _newest(records: list[Any]) -> Any:
    return max(records, key=lambda r: datetime.fromisoformat(r.updated))


# The readers that check each record (habits/records.py); a file as coach left it is read without them.
_entry, _heard, _reflection = records.entry, records.heard, records.reflection


_KINDS = frozenset(_STEP_NUMBER)


def _as_written(r: dict[str, Any], *texts: str) -> None:
    # What the checking readers would refuse and a cheap look sees: a trusted read that meets a record
    # coach did not write (a hand edit, an older coach) goes back to checking every record.
    for key in texts:
        if r.get(key, "").__class__ is not str:
            raise ValueError(f"{key} is not text")
    for key in ("created", "updated"):  # with its UTC offset, as coach writes it ("…T09:00:00.000+01:00")
        stamp = r[key]
        if stamp.__class__ is not str or len(stamp) < 25 or stamp[-6] not in "+-" or stamp[-3] != ":":
            raise ValueError(f"{key} is not a time with its UTC offset")


def _entry_as_written(r: dict[str, Any]) -> Entry:
    if r["kind"] not in _KINDS:
        raise ValueError("unknown step")
    _as_written(r, "id", "subject", "note", "platform", "action", "work", "audience")
    return Entry(r["id"], r["kind"], _day_as_written(r["day"]), r["subject"], r["created"], r["updated"],
                 r.get("note", ""), r.get("platform", ""), r.get("action", ""), r.get("work", ""), r.get("audience", ""))


def _day_as_written(day: str) -> date:
    # The shape of the contract's day, cheaply: a record that is not as coach writes it sends the read
    # back to the checking readers (date.fromisoformat alone also takes 20191201 and 2019-W10-1).
    if len(day) != 10 or day[4] != "-" or day[7] != "-":
        raise ValueError(f"day {day!r} is not a date written YYYY-MM-DD")
    return date.fromisoformat(day)


def _heard_as_written(r: dict[str, Any]) -> Heard:
    _as_written(r, "id", "person", "platform", "note")
    return Heard(r["id"], _day_as_written(r["day"]), r["person"], r["created"], r["updated"],
                 r.get("platform", ""), r.get("note", ""))


def _reflection_as_written(r: dict[str, Any]) -> Reflection:
    _as_written(r, "id", "text")
    return Reflection(r["id"], _day_as_written(r["day"]), r["text"], r["created"], r["updated"])


def history_from(data: dict[str, Any], path: Path | str = "the data file", trusted: bool = False) -> History:
    """The live records of a file's contents as domain objects.

    A record that cannot be read (habits/records.py says why) is left out of the history and listed in
    its `unreadable`; it stays in the file as it is, and `coach doctor` names it. One bad record, from
    an older coach or a hand edit, is never the reason nothing works.

    `trusted`: the records are as coach wrote them (the store knows), so the tables that grow by the
    day are read without checking each field again: at 10 years that is 180 ms against 75. Should one
    not read after all, the whole is read again with every record checked.
    """
    if trusted:
        try:
            return _history(data, (_entry_as_written, _heard_as_written, _reflection_as_written), None)
        except records.READ_ERRORS:
            pass
    unreadable: list[tuple[str, str, str]] = []
    return _history(data, (_entry, _heard, _reflection), unreadable)


def _history(data: dict[str, Any], day_readers: tuple[Callable[[dict[str, Any]], Any], ...],
             unreadable: list[tuple[str, str, str]] | None) -> History:
    """`unreadable` None: every record must read (a trusted file); a list: what does not is left out and listed."""
    entry_of, heard_of, reflection_of = day_readers

    def read(table: str, reader: Callable[[dict[str, Any]], Any]) -> Iterator[Any]:
        if unreadable is None:
            yield from (reader(r) for r in _live(data, table))
            return
        for key, r in data.get(table, {}).items():
            if r.get("deleted"):
                continue
            try:
                yield reader(r)
            except records.READ_ERRORS:
                record_id = r.get("id") if isinstance(r.get("id"), str) else str(key)
                unreadable.append((table, record_id, records.read_problem(table, r) or "it cannot be read"))

    entries = sorted(read("entries", entry_of), key=lambda e: (e.day, datetime.fromisoformat(e.created)))
    by_day: dict[date, list[Reflection]] = {}
    for reflection in read("reflections", reflection_of):
        by_day.setdefault(reflection.day, []).append(reflection)
    rests: dict[date, list[RestDay]] = {}
    for rest in read("rest_days", records.rest_day):
        rests.setdefault(rest.day, []).append(rest)
    heard = sorted(read("heard", heard_of), key=lambda h: (h.day, datetime.fromisoformat(h.created)))
    people = tuple(read("people", records.person))
    audiences = tuple(read("audiences", records.audience))
    weeks: dict[str, list[WeekReflection]] = {}
    for week in read("week_reflections", records.week_reflection):
        weeks.setdefault(week.week, []).append(week)
    newest: dict[str, tuple[datetime, Any]] = {}
    for key, updated, value in read("settings", _setting):
        if key not in newest or updated >= newest[key][0]:
            newest[key] = (updated, value)
    return History(
        entries=tuple(entries),
        reflections={day: _newest(rs) for day, rs in by_day.items()},
        rest_days={day: _newest(rs) for day, rs in rests.items()},
        settings={key: value for key, (_, value) in newest.items()},
        heard=tuple(heard),
        people=people,
        audiences=audiences,
        week_reflections={week: _newest(rs) for week, rs in weeks.items()},
        unreadable=tuple(unreadable or ()),
    )


def _setting(r: dict[str, Any]) -> tuple[str, datetime, Any]:
    value = records.setting_value(r)
    return r["key"], datetime.fromisoformat(records.stamp_of(r, "updated")), value
