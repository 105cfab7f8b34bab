"""A transaction: the changes made under the store's lock, which reach the disk together or not at all.

Its records live in TinyDB (image.py) over the file's contents as read: every record it inserts,
edits, puts or removes goes through a TinyDB Table's public methods, and every one meets the door
(records.refuse) on its way in. The store opens one (Store.transaction), and writes what it leaves.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from habits.model import History
from habits.store import journal, years
from habits.store.errors import StoreError
from habits.store.records import TABLES, history_from, refuse, stamp_after, timestamp
from habits.text import InputError

if TYPE_CHECKING:
    from habits.store.image import Database, FileImage
    from habits.store.summary import Signature


def _new_id() -> str:
    """32 random hex digits, as uuid4().hex gave (without importing uuid, and platform with it)."""
    return os.urandom(16).hex()


class Transaction:
    """Changes made under the lock; they reach the disk together when the transaction ends well.

    Every record a transaction touches is remembered as it was before and after, so that the
    change can be undone (and redone) later, across restarts: see Store.undo.

    Once its `with` block has ended well, `signature` is the data file's signature as the transaction
    left it (after its write; as it was when nothing was written), and `summary` the summary it wrote
    beside the data file (None when nothing was written, or the summary could not be).
    """

    def __init__(self, db: Database, image: FileImage, now: datetime, path: Path,
                 index: years.Index | None = None, whole: bool = False, device: str | None = None) -> None:
        self._db = db
        self.device = device  # the machine making the change: its journal steps are its own
        self._image = image
        self.now = now
        self._path = path
        self._history: History | None = None
        self._standing: History | None = None
        self._index = index or {}  # the closed years the data file names, as it was read
        self._whole = whole or not self._index  # whether the closed years' records are in the tables (or there are none)
        self.changes: journal.Changes = {}
        self.unreadable: set[str] = set()  # the ids of records found that cannot be read: kept where they are
        self.label: str | None = None  # names the change for undo, when only its own records tell what it was
        self.merging = False  # a merge of a synced copy (sync.py): the file keeps naming its last writer
        self.signature: Signature | None = None
        self.summary: dict[str, Any] | None = None

    @property
    def whole(self) -> bool:
        """Whether the tables hold every record, the closed years' too."""
        return self._whole

    @property
    def contents(self) -> dict[str, Any]:
        """Every table as it stands in this transaction (TinyDB's storage, read; not to be changed)."""
        return self._db.storage.read()

    @property
    def changed(self) -> bool:
        """Whether anything was changed: the file is then written when the transaction ends."""
        return self._image.changed

    def load_closed_years(self) -> None:
        """Brings the closed years' records into the tables: a change of this year only (opened with
        `whole=False`) may now touch any of them. (A whole transaction has them from the start: the
        store merges them into the contents TinyDB opens on, at a thirtieth of the cost of inserting
        them through TinyDB's tables, 2 ms against 60 at 10 years.)"""
        if self._whole:
            return
        self._whole = True
        from habits.store.image import document

        # A record in the data file and in a year's file too (a hand edit) is the data file's, then the
        # first year's (as years.merge has it): the tables take each id once, in the order the years
        # were listed.
        incoming: dict[str, dict[str, Any]] = {}
        found, waiting = years.load_available(self._path, self._index)
        if waiting:  # a change that needs every year waits for them all: nothing is written
            raise years.YearsAway(waiting)
        for _raw, tables in found.values():
            for name, found in tables.items():
                into = incoming.setdefault(name, {})
                for key, record in found.items():
                    into.setdefault(key, record)
        with self._image.loading():  # the file's own records: bringing them in is no change
            for name, found in incoming.items():
                table = self._db.table(name)
                here = {record.doc_id for record in table.get(doc_ids=list(found))}  # one pass over the table
                table.insert_multiple([document(r, key) for key, r in found.items() if key not in here])
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
            self._history = history_from(self.contents, self._path)
            self.unreadable |= {record_id for _, record_id, _ in self._history.unreadable}
        return self._history

    @property
    def standing(self) -> History:
        """The people, audiences, settings and rest days as they stand, without any day's entries,
        reflections or heard-backs: all that logging a step for a day has to look at."""
        if self._standing is None:
            data = self.contents
            self._standing = history_from({t: data[t] for t in data if t not in years.DAY_TABLES}, self._path)
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
        return [dict(r) for r in self._db.table(table).all()]

    def live(self, table: str) -> list[dict[str, Any]]:
        """The raw records of a table that are not tombstones."""
        self.load_closed_years()
        return [dict(r) for r in self._db.table(table).all() if not r.get("deleted")]

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """A record by its id, tombstone or not, as stored."""
        found = self._db.table(table).get(doc_id=record_id)
        if found is None and table in years.DAY_TABLES and not self.whole:
            self.load_closed_years()
            found = self._db.table(table).get(doc_id=record_id)
        return dict(found) if found is not None else None

    @property
    def latest_day(self) -> date:
        """The last day a record may come in for: the day after the routine day of this write (a synced
        machine in another time zone can be a day ahead)."""
        from habits.days import today_of

        return today_of(self.standing.settings, self.now) + timedelta(days=1)

    def insert(self, table: str, fields: dict[str, Any]) -> dict[str, Any]:
        from habits.store.image import document

        stamp = timestamp(self.now)
        record = {"id": _new_id(), **fields, "created": stamp, "updated": stamp}
        refuse(table, record, self.latest_day)  # the one door: what every record meets on the way in
        self._db.table(table).insert(document(record))
        self._changed(table, None, record)
        return record

    def update(self, table: str, record_id: str, fields: dict[str, Any]) -> None:
        before = self.get(table, record_id)
        if before is None:
            raise StoreError(f"no record {record_id} in {table}")
        after = {**before, **fields, "updated": stamp_after(before.get("updated"), self.now)}
        changed = {key for key in fields if key != "deleted" and fields[key] != before.get(key)}
        if changed:  # what an edit changes meets the door; a deletion may take any record away
            refuse(table, after, self.latest_day, fields=changed)
        self._db.table(table).update(after, doc_ids=[record_id])
        self._changed(table, before, after)

    def delete(self, table: str, record_id: str) -> None:
        """Leaves a tombstone, so that a merge with an older copy does not bring the record back."""
        self.update(table, record_id, {"deleted": timestamp(self.now)})

    def put(self, table: str, record: dict[str, Any], replay: bool = False) -> None:
        """Stores a whole record as given, stamps included (an import or an undo): replaces one with its id."""
        self.put_many(table, [record], replay)

    def put_many(self, table: str, many: list[dict[str, Any]], replay: bool = False) -> None:
        """As put for each record (ids unique), in one pass over the table: an import of thousands stays quick.

        Each record meets the door (records.py), and its id may be in no other table; `replay` (undo
        and redo, putting back what was stored before) skips both.
        """
        if not many:
            return  # TinyDB would still rewrite the table, and the file with it
        if table in years.DAY_TABLES or not replay:
            self.load_closed_years()
        if not replay:
            latest = self.latest_day
            elsewhere = self.ids(but=table)
            for record in many:
                refuse(table, record, latest)
                if record["id"] in elsewhere:
                    raise InputError(f"a record in {table!r} cannot be stored: its id {record['id']} is the id of "
                                     f"a record in another table; nothing was changed")
        from habits.store.image import document

        stored = self._db.table(table)
        replaced = {found.doc_id: dict(found) for found in stored.get(doc_ids=[r["id"] for r in many])}
        if replaced:
            stored.remove(doc_ids=list(replaced))
        stored.insert_multiple(document(dict(r)) for r in many)
        for record in many:
            self._changed(table, replaced.get(record["id"]), record)

    def ids(self, but: str | None = None) -> set[str]:
        """The ids of every record of every table (but one), tombstones included: an id names one record."""
        self.load_closed_years()
        data = self.contents
        return {key for table in TABLES if table != but for key in data.get(table, {})}

    def merge_journal(self, theirs: dict[str, Any], their_marks: dict[str, Any]) -> None:
        """Joins another copy's undo journal to this one (a synced copy, sync.py). Each machine undoes
        only its own steps (journal.py), so the steps of every machine live side by side. For each
        machine, the copy whose mark (the number of that machine's last step) is higher knows its steps
        better, and its steps of that machine are taken whole: a step the other copy still holds was cut
        off there (a redo given up) or let go (the journal's length). At the same mark, a step is taken
        in its later version (its `updated`). Steps of no machine (coach 0.10) stay as this file has them."""
        from habits.store.image import document
        from habits.store.records import moment

        table = self._db.table(journal.JOURNAL)
        mine = {str(d.doc_id): dict(d) for d in table.all()}
        theirs = {key: step for key, step in theirs.items() if isinstance(key, str) and isinstance(step, dict)}
        my_marks = self._marks()
        their_marks = their_marks if isinstance(their_marks, dict) else {}
        devices = {r.get("device") for r in (*mine.values(), *theirs.values())} | set(my_marks) | set(their_marks)
        marks = dict(my_marks)
        for device in sorted(d for d in devices if isinstance(d, str)):
            ours_mark = journal.known_seq(mine, device, my_marks)
            their_mark = journal.known_seq(theirs, device, their_marks)
            if ours_mark or their_mark:
                marks[device] = max(ours_mark, their_mark)
            if their_mark < ours_mark:
                continue
            here = {key: r for key, r in mine.items() if r.get("device") == device}
            there = {key: r for key, r in theirs.items() if r.get("device") == device and journal.steps([r])}
            if their_mark > ours_mark:
                wanted = there
            else:  # the same mark: each step in its later version
                wanted = {**here}
                for key, step in there.items():
                    newer, ours = moment(step.get("updated")), moment(here.get(key, {}).get("updated"))
                    if key not in here or (newer is not None and (ours is None or newer > ours)):
                        wanted[key] = step
            if wanted != here:
                table.remove(doc_ids=list(here))
                table.insert_multiple(document(dict(step), key) for key, step in wanted.items())
        if marks != my_marks:
            self._set_marks(dict(sorted(marks.items())))

    def _marks(self) -> dict[str, Any]:
        """The undo journal's marks (journal.MARKS), as the data file's meta record keeps them."""
        found = self._db.table("meta").get(doc_id="1")
        marks = found.get(journal.MARKS) if found is not None else None
        return dict(marks) if isinstance(marks, dict) else {}

    def _set_marks(self, marks: dict[str, Any]) -> None:
        from habits.store.image import document

        meta = self._db.table("meta")
        if meta.get(doc_id="1") is None:
            meta.insert(document({journal.MARKS: marks}, "1"))
        else:
            meta.update({journal.MARKS: marks}, doc_ids=["1"])

    def _record_step(self, label: str) -> None:
        """Remembers this transaction's changes as one step to undo (journal.py)."""
        marks = self._marks()
        journal.record(self._db.table(journal.JOURNAL), label, self.now, self.changes, self.device, marks)
        if self.device is not None:
            self._set_marks(marks)

    def _travel(self, undo: bool) -> str | None:
        """Undoes (or redoes) a step of the journal in this transaction (journal.py)."""
        return journal.travel(self, self._db.table(journal.JOURNAL), undo, self._path, self.device)
