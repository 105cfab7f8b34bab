"""The only way in to the data file: TinyDB behind atomic writes, a file lock and a schema version.

Measured in ../shared/STORAGE.md: TinyDB's own JSONStorage writes over the live file (a kill leaves
it damaged) and two processes without a lock lose entries. So every change here happens inside one
`transaction()`: take the lock, read the file once, let TinyDB change the tables in memory, then
serialise them, write a temp file beside the data file, fsync, `os.replace`, fsync the folder. A
failing command raises before the commit and leaves the file exactly as it was.

The records of the years before last live in files of their own (years.py): a transaction opened
with `whole=False` (logging today's step) never opens them, and one that needs them gets them when it
asks for `tx.history`. Year files are written before the data file that names them and removed only
after it no longer does, so the data file's rename stays the one moment of a change.

One job a file: paths.py names every file beside the data file; files.py writes them whole; lock.py
is the lock; contents.py reads a file's bytes as tables; records.py reads a record and is the door
every new one passes; years.py keeps the closed years; summary.py the small file the morning commands
read; backups.py keeps, prunes and restores backups and words the way back; journal.py is undo and
redo; migrations.py the data versions; image.py is TinyDB (imported by writers only); transaction.py
the changes of one transaction. This module is the face: `Store`, and the names the rest of coach uses.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from pathlib import Path

from habits.model import History
from habits.store import contents, paths, summary, years
from habits.store.errors import CorruptFile, StoreError, StoreLocked, reason
from habits.store.files import make_folder, not_a_file, read_bytes, unwritable, write_atomically, write_quickly
from habits.store.migrations import SCHEMA_VERSION, stamp
from habits.store.records import TABLES, Problem, history_from, problems
from habits.store.summary import Recent, Signature

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into every command (3 ms)
if TYPE_CHECKING:
    from typing import Any

    from habits.store.backups import Restored
    from habits.store.device import Device
    from habits.store.transaction import Transaction

# A read (coach status, the check-in's first frame) has no use for the writers' modules: the lock, the
# transaction and its journal, the backups. They are imported by the first change, or the first name asked for.
_LATER = {"Restored": "backups", "backup_problem": "backups", "newest_good_backup": "backups",
          "rescue_advice": "backups", "JOURNAL": "journal", "JOURNAL_KEEP": "journal", "Transaction": "transaction"}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        from importlib import import_module

        return getattr(import_module(f"habits.store.{_LATER[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "JOURNAL", "JOURNAL_KEEP", "LOCK_TIMEOUT_SECONDS", "SCHEMA_VERSION", "TABLES", "CorruptFile", "Problem",
    "Recent", "Restored", "Store", "StoreError", "StoreLocked", "Transaction", "backup_problem", "history_from",
    "newest_good_backup", "not_a_file", "problems", "rescue_advice", "unwritable", "write_atomically",
]

LOCK_TIMEOUT_SECONDS = 10.0


class Store:
    """A coach data file. `clock` gives the current moment; the domain never reads the clock itself."""

    def __init__(self, path: Path | str, clock: Callable[[], datetime], lock_timeout: float = LOCK_TIMEOUT_SECONDS,
                 device: Device | None = None):
        # The real file: a data file linked into a synced folder must be replaced there, not the link.
        self.path = Path(os.path.realpath(Path(path).expanduser()))
        self.given = Path(os.path.abspath(Path(path).expanduser()))  # as named: a link stays a link, for messages
        self.clock = clock
        self.lock_timeout = lock_timeout
        # The last transaction this Store committed (or ended without a change): what it left on disk
        # (`signature`, `summary`), so that whoever made the change need not read it back.
        self.last: Transaction | None = None
        self._device = device
        self.waiting: tuple[str, ...] = ()  # the closed years the last read found not here yet (sync.py)

    @property
    def device(self) -> Device:
        """The machine writing (device.py): its name marks its undo steps, its backups and its writes."""
        if self._device is None:
            from habits.store.device import here

            self._device = here()
        return self._device

    def read(self, summarise: bool = False) -> History:
        """The history as it is on disk now; a missing file reads as empty and creates nothing.

        No lock is needed: the file is only ever replaced whole, so a reader sees the old or the new.
        `summarise`: also write the summary from what was read when none names the file as it is (after
        read_recent found none that fits), so that the next morning command reads the small file; the
        data file itself is not touched.
        """
        self.check_path()
        signature = self.signature()
        found, waiting = contents.read_available(self.path)
        data = found or {}
        same = signature is not None and signature == self.signature()  # not replaced while it was read
        # A file as coach left it (its summary names it) was checked record by record when it was
        # written, and the closed years check out by their checksums: no need to check each record again.
        summarised = same and summary.made_from(self.path, self.device.id) == signature
        history = history_from(data, self.path, trusted=summarised)
        self.waiting = tuple(sorted(waiting))
        if waiting:  # a read-only answer: what is here, and which years are still on their way
            from dataclasses import replace

            return replace(history, waiting=tuple(sorted(waiting)))
        if summarise and data and same and not summarised:
            summary.write(self.path, data, self.clock(), signature,  # type: ignore[arg-type]
                          {record_id for _, record_id, _ in history.unreadable}, device=self.device.id)
        return history

    def signature(self) -> Signature | None:
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
        return contents.read_whole(self.path, then="nothing was read") or {}

    def read_recent(self, since: date | None = None) -> Recent | None:
        """The last few days from the summary the last write left beside the data file, or None (then
        read() is the way): when there is none, when it is not for the data file as it is now, or when
        it does not reach back to `since` (summary.py)."""
        self.check_path()
        return summary.read_recent(self.path, self.signature(), since, self.device.id)

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
        return paths.years_folder(self.path)

    @property
    def summary_path(self) -> Path:
        return paths.summary_file(self.path)

    # --- the check-in's marker: the routine day `coach --quick --once` last opened it, beside the data file

    def once_marker(self) -> str:
        """The day the marker holds ("2026-11-21"), or "" when there is none that reads."""
        try:
            return paths.once_file(self.path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return ""

    def mark_once(self, day: str) -> bool:
        """Writes the marker (its folder too, as the first write of the data file would); False when it
        cannot. Not in the data file: opening the check-in is not a change to undo or back up."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return write_quickly(paths.once_file(self.path), f"{day}\n".encode())

    # --- changes ------------------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.check_path()
        self.check_writable()  # before the lock file and the folder are made: a refused write leaves nothing
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder {folder}: {reason(error)}; nothing was changed") from None
        from habits.store import lock

        holding = ExitStack()
        try:
            holding.enter_context(lock.held(str(paths.lock_file(self.path)), self.lock_timeout))
        except lock.LockTimeout:
            raise StoreLocked(
                f"{self.path} is busy: another coach has held its lock for {self.lock_timeout:g} s; "
                f"nothing was changed; try again, or close the other coach"
            ) from None
        except OSError as error:
            raise StoreError(f"cannot lock {self.path}: {reason(error)}; nothing was changed") from None
        with holding:
            # A kill between writing a temp file and renaming it leaves the temp file behind: tidy it.
            for stray in paths.every_stray_temp_file(self.path):
                try:
                    stray.unlink()
                except OSError:
                    pass
            yield

    @contextmanager
    def transaction(self, label: str = "a change", journal: bool = True,
                    backup: str | None = None, whole: bool = True) -> Iterator[Transaction]:
        """Everything done inside happens together or not at all; `label` names it for undo.

        The first change of a day keeps a backup of the file as it was; `backup` (a reason such as
        "before-import") keeps one before this change in particular. `whole=False` leaves the closed
        years on disk until something in the transaction asks for them (tx.history, tx.get of an old
        record): a step logged today reads and writes this year and the last, not a decade. When the
        block has ended well, `tx.signature` and `tx.summary` say what the transaction left on disk.
        """
        from habits.store.image import open_image  # TinyDB: writers only
        from habits.store.transaction import Transaction

        with self._locked():
            # A file just as coach left it (its summary names it) was checked record by record when it
            # was written: a change that reads this year only need not check its records again.
            signature = self.signature()
            raw = read_bytes(self.path)
            read_as = signature if signature is not None and signature == self.signature() else None  # not replaced meanwhile
            trusted = not whole and read_as is not None and summary.made_from(self.path, self.device.id) == read_as
            data, found = contents.decode(raw, self.path)
            index = years.index_of(data)
            if whole:  # the contents TinyDB opens on: the data file's tables and its closed years'
                loaded, waiting = years.load_available(self.path, index)
                if waiting:  # (a change of this year only leaves them where they are, arrived or not)
                    raise years.YearsAway(waiting)
                for _raw, tables in loaded.values():
                    years.merge(data, tables)
            now = self.clock()
            db, image = open_image(data)
            try:
                tx = Transaction(db, image, now, self.path, index, whole, self.device.id)
                if not trusted:  # (a whole transaction never is: it reads every record with care)
                    tx.open_history  # noqa: B018 (never write on top of records coach cannot read)
                yield tx
                if journal and tx.changes:
                    tx._record_step(tx.label or label)
                # A file of an older version is written in this version's shape.
                if tx.changed or (raw is not None and found < SCHEMA_VERSION):
                    tx.signature, tx.summary = self._commit(tx, raw, found, index, backup, trusted, read_as)
                else:
                    tx.signature = self.signature()
                self.last = tx
            finally:
                db.close()

    def recent_of(self, written: dict[str, Any]) -> Recent | None:
        """A summary a transaction wrote (`tx.summary`), read as read_recent reads the file."""
        return summary.recent_of(written, self.path)

    def _commit(self, tx: Transaction, raw: bytes | None, found: int, index: years.Index, backup: str | None,
                trusted: bool = False, read_as: Signature | None = None) -> tuple[Signature | None, dict[str, Any] | None]:
        """Writes what `tx` leaves: backups first, then the years' new files, then the data file (the one
        moment of the change), then the summary; tidies after. The data file's signature as written,
        and the summary written (None when it could not be). `read_as`: the data file's signature when
        `raw` was read, when it was not replaced meanwhile (a backup is then the file itself, linked)."""
        import orjson

        from habits.store import backups
        data = dict(tx.contents)  # the tables as TinyDB left them; stamped and split on a copy
        # The machine writing is named in the file, but for a merge of a synced copy (sync.py): both
        # machines merge the same two versions, and write the very same bytes (every key in order: the
        # records by id), which a sync tool then takes for no conflict at all. Otherwise the records stay
        # in the order they were made, which orders the steps of one instant.
        stamp(data, None if tx.merging else {"id": self.device.id, "name": self.device.name})
        main, year_files = years.close_years(data, self.path, index, tx.now, tx.whole, tx.unreadable)
        options = orjson.OPT_INDENT_2 | (orjson.OPT_SORT_KEYS if tx.merging else 0)
        payload = orjson.dumps(main, option=options)  # a bad value fails here
        made: list[Path] = []  # the backups this change keeps: never pruned by it
        if raw is not None:
            reasons = [f"before-migration-v{found}"] if found < SCHEMA_VERSION else []
            reasons += [backup] if backup else []
            reasons += ["daily"] if backups.daily_due(self.path, tx.now, self.device.id) else []
            made = [backups.back_up(self.path, raw, tx.now, why, index, read_as, self.device.id) for why in reasons]
        named_before = {item["file"] for item in index.values()}
        written: list[Path] = []
        try:
            for name, year_payload in year_files.items():
                make_folder(self.years_folder, "the folder of closed years")
                target = self.years_folder / name
                if name not in named_before and not target.exists():
                    written.append(target)
                write_atomically(target, year_payload)  # the same name, the same bytes
            self._keep_what_arrived(raw, read_as, tx.now)
            write_atomically(self.path, payload)
        except BaseException:
            backups.forget_linked(self.path, made)
            for target in written:  # year files no data file names: this write made them, and failed
                try:
                    target.unlink()
                except OSError:
                    pass
            raise
        signature = self.signature()
        # The summary named the file as this change found it: the figures of what the change only added
        # are added to the summary's (a logged step), rather than tallied again from every record.
        added: dict[str, dict[str, Any]] = {table: {} for table in summary.TALLIED}
        for (table, key), (_, after) in tx.changes.items():
            if table in added:
                added[table][key] = after
        closed_as_before = sorted(item["file"] for item in index.values()) == sorted(
            item["file"] for item in years.index_of(main).values())
        grown = trusted and closed_as_before and all(
            before is None and not after.get("deleted")
            for (table, _), (before, after) in tx.changes.items() if table in summary.TALLIED)
        summarised = (summary.write(self.path, main, tx.now, signature, tx.unreadable, added if grown else None,
                                    self.device.id)
                      if signature else None)
        self._after_commit(years.index_of(main), index, made, tx.now)
        return signature, summarised

    def _keep_what_arrived(self, raw: bytes | None, read_as: Signature | None, now: datetime) -> None:
        """A data file replaced since this change read it, under its lock, was replaced by no coach: a
        sync tool brought the other machine's version. It is kept aside as a conflict copy (sync.py),
        which the next command merges, rather than written over."""
        if read_as is not None and self.signature() == read_as:
            return  # (the usual case: one stat)
        if read_as is None and read_bytes(self.path) == raw:
            return  # (no file then and now, or the same bytes)
        from habits.store.sync import arrived_name

        try:
            os.rename(self.path, arrived_name(self.path, now, self.device.id))
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreError(f"cannot write {self.path}: another program replaced it meanwhile and it cannot "
                             f"be kept aside ({reason(error)}); nothing was changed") from None

    def _after_commit(self, index: years.Index, replaced: years.Index, keep: list[Path], now: datetime) -> None:
        """Tidying after the data file was replaced: it never fails the change, which is on disk.
        `index`: the closed years the file names now; `replaced`: those it named before. `keep`: the
        backups just written, which the pruning leaves whatever the rules say. `now`: the store's clock."""
        from habits.store import backups
        for tidy in (lambda: backups.prune(self.path, keep, now), lambda: years.tidy(self.path, index, replaced, now)):
            try:
                tidy()
            except (OSError, ValueError, TypeError, KeyError, StoreError):
                pass  # left for the next change to tidy

    def restore(self, wanted: str) -> Restored:
        """Puts a backup (by name, "latest", or a path) in place of the data file, keeping a backup of
        the file it replaces, even a broken one: a restore can itself be taken back with another."""
        from habits.store import backups
        source = backups.source_of(self.path, wanted)
        with self._locked():  # read and put back under the lock: another coach's pruning cannot come between
            try:
                replaced = years.index_of(contents.decode(read_bytes(self.path), self.path)[0])
            except (StoreError, ValueError):
                replaced = {}  # a file that does not read names no year to tidy
            restored, index = backups.put_back(self.path, source, wanted, self.clock(), self.device.id)
            self._after_commit(index, replaced, [restored.kept] if restored.kept else [], self.clock())  # the way back stays
        return restored

    # --- undo and redo (journal.py) -------------------------------------------------------------------

    def undo(self) -> str | None:
        """Takes back the last change not yet undone; its label, or None when there is nothing to undo."""
        return self._travel(undo=True)

    def redo(self) -> str | None:
        """Does again the change undone last; its label, or None when there is nothing to redo."""
        return self._travel(undo=False)

    def _travel(self, undo: bool) -> str | None:
        from habits.store import journal

        self.check_path()
        if not journal.can_travel(contents.decode(read_bytes(self.path), self.path)[0], undo, self.device.id):  # the journal
            return None  # is in the data file itself; nothing to travel to: take no lock, create nothing
        with self.transaction(journal=False) as tx:
            return tx._travel(undo)

    def undo_label(self) -> tuple[str | None, str | None]:
        """What undo and redo would take back or do again now (for a footer or a menu)."""
        from habits.store import journal

        self.check_path()
        return journal.labels(contents.decode(read_bytes(self.path), self.path)[0], self.device.id)  # (in the data file)
