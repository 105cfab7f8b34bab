"""A history taken out and brought back: the json export and its merge, csv and Markdown for people,
and the data file's check-up (`coach doctor`).

The json export carries every record as stored, tombstones included, each with its stable id and its
`created` and `updated` times. That is what makes an import a merge rather than a copy: a record
unknown here is added, a record known here is replaced only by a later edit of it, and a deletion
travels as a tombstone, so an older copy cannot bring a deleted entry back.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson

from habits.fields import line_parts, step_fields
from habits.model import STEPS, Entry, Heard, History, step
from habits.settings import effective
from habits.store import (
    JOURNAL,
    SCHEMA_VERSION,
    TABLES,
    CorruptFile,
    Store,
    StoreError,
    backup_problem,
    contents,
    history_from,
    lock,
    newest_good_backup,
    not_a_file,
    paths,
    problems,
    records,
    unwritable,
    write_atomically,
    years,
)
from habits.store.backups import Backup, backups_of
from habits.store.errors import reason
from habits.store.merge import wins
from habits.store.records import moment
from habits.text import InputError, printable, shown

FORMAT = "coach"
# The export's own version: the shape of an export (records as lists), not of the data file. It moves
# only when an export changes shape, so a file exported by this coach imports into an older one.
EXPORT_VERSION = 1
FORMATS = ("json", "csv", "md")


# --- what makes a record exportable -----------------------------------------------------------------

def _all_records(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for table in TABLES:
        for record in data.get(table, {}).values():
            yield table, record


_NEVER = datetime.min.replace(tzinfo=timezone.utc)


def _order(record: dict[str, Any]) -> tuple[datetime, str, str]:
    """A stable order for records: when they were made, then their id (a record without them first)."""
    return (moment(record.get("created")) or _NEVER, str(record.get("created", "")), str(record.get("id", "")))


# --- json export -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Export:
    payload: bytes
    summary: str  # what was written, for a message: "57 records", "12 rows", "8 days"


def export_data(store: Store) -> dict[str, Any]:
    """The json export as an object: every record of every table, tombstones included, in a stable order."""
    data = store.read_raw()
    # Every record goes out as it is stored, one that coach cannot read too (coach doctor names it):
    # an export is a copy to keep, and what a later import takes in is for its door to decide.
    history = history_from(data, store.path)
    return {
        "format": FORMAT,
        "version": EXPORT_VERSION,
        "exported": store.clock().astimezone().isoformat(timespec="seconds"),
        "settings": effective(history.settings),
        "records": {table: sorted((dict(r) for r in data.get(table, {}).values()), key=_order) for table in TABLES},
    }


def _json_bytes(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def export(store: Store, form: str = "json") -> Export:
    """The whole history in one of FORMATS, as the bytes of a file."""
    if form == "json":
        data = export_data(store)
        count = sum(len(records) for records in data["records"].values())
        deleted = sum(1 for listed in data["records"].values() for r in listed if r.get("deleted"))
        bad = len(problems(data["records"]))  # a tombstone is checked as if live: undo may bring it back
        notes = [f"{deleted} deleted"] if deleted else []
        notes += [f"{bad} that coach cannot read, as they are: coach doctor names them"] if bad else []
        return Export(_json_bytes(data), _records(count) + (f" ({'; '.join(notes)})" if notes else ""))
    history = store.read()
    if form == "csv":
        text, rows = to_csv(history)
        return Export(text.encode("utf-8"), f"{rows} {'row' if rows == 1 else 'rows'}")
    if form == "md":
        text, days = to_markdown(history)
        return Export(text.encode("utf-8"), f"{days} {'day' if days == 1 else 'days'}")
    raise InputError(f"the export format is one of {', '.join(FORMATS)}, not {form!r}")


def _records(count: int) -> str:
    return f"{count} {'record' if count == 1 else 'records'}"


def write_export(target: Path, payload: bytes, data_path: Path) -> None:
    """Writes an export whole or not at all, as the store writes; never over the data file. A symbolic
    link is written through (the file it points to gets the export, the link stays a link); anything
    there that is not a regular file (a FIFO, a device such as /dev/stdout, a folder) is refused."""
    if _same_file(target, data_path):
        raise InputError(f"{target} is coach's data file itself; give the export another name")
    odd = not_a_file(target)  # links followed, /dev/stdout's too
    if odd == "a folder":
        raise InputError(f"{target} is a folder; give the export a file name")
    if odd:
        raise InputError(f"{target} is {odd}, not a file; give the export a file name, or --output - for "
                         f"standard output")
    if _through_proc(target):
        raise InputError(f"{target} is an open stream of this process, not a file: coach would replace the "
                         f"file behind it; give --output - for standard output")
    real = Path(os.path.realpath(target))  # the temp file goes beside the real file, and is renamed onto it
    data_real = Path(os.path.realpath(data_path))
    if paths.is_kept_beside(data_real, real):
        raise InputError(f"{target} is one of the files coach keeps beside its data file; give the export "
                         f"another name")
    problem = unwritable(real)
    if problem:
        raise InputError(f"cannot write {target}: {problem}")
    write_atomically(real, payload)


def _through_proc(path: Path) -> bool:
    """Whether a path leads through a process's open files (/dev/stdout, /dev/fd/3, //proc/self/fd/1, a
    link to /proc/self/fd): a stream whose file (a shell's redirect target) an atomic write would replace."""
    current = os.path.abspath(path)
    for _ in range(40):
        folder = os.path.realpath(os.path.dirname(current))
        if re.fullmatch(r"/proc/[^/]+(/task/[^/]+)?/fd", folder):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(folder, os.readlink(current))
    return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


# --- import --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Imported:
    name: str
    new: int
    updated: int
    kept: int  # already here: the same record, or a later edit of it
    left_out: tuple[str, ...] = ()  # with --skip-bad: the records that are not valid, each named with why

    def summary(self) -> str:
        text = (f"Imported {self.name}: {self.new} new {'record' if self.new == 1 else 'records'}, "
                f"{self.updated} updated, {self.kept} already here.")
        if self.left_out:
            count = len(self.left_out)
            text += f" Left out {count} {'record' if count == 1 else 'records'} that {'is' if count == 1 else 'are'} not valid."
        return text


BOM = b"\xef\xbb\xbf"  # some editors begin a UTF-8 file with it
NAMED = 5  # a refused import names this many of its bad records


def read_export(path: Path) -> dict[str, list[Any]]:
    """The tables of a json export, its shape checked; any problem is one line naming the file. The
    records themselves are checked by import_export, against the one door every record passes."""

    def refuse(what: str) -> InputError:
        return InputError(f"cannot import {path}: {what}; nothing was changed")

    kind = not_a_file(path)
    if kind and kind != "a folder":  # reading a FIFO would wait for a writer for ever
        raise InputError(f"cannot import {path}: it is {kind}, not an export")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"cannot import {path}: there is no such file") from None
    except IsADirectoryError:
        raise InputError(f"cannot import {path}: it is a folder, not an export") from None
    except OSError as error:
        raise InputError(f"cannot import {path}: {reason(error)}") from None
    try:
        data = orjson.loads(raw.removeprefix(BOM))
    except orjson.JSONDecodeError as error:
        raise refuse("it is empty" if not raw.strip() else
                     f"it is not valid JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise refuse('it is not a coach export (it has no "format": "coach"); coach export writes one')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise refuse(f"its version {shown(version)} is not a coach export version")
    if version > EXPORT_VERSION:
        raise refuse(f"it was written by a newer coach (version {version}; this one reads up to "
                     f"{EXPORT_VERSION}); upgrade coach to import it")
    listed = data.get("records")
    if not isinstance(listed, dict):
        raise refuse('its "records" is not an object of tables')
    for table, rows in listed.items():
        if table not in TABLES:
            raise refuse(f"it has a table {shown(table)} that coach does not know (known: {', '.join(TABLES)})")
        if not isinstance(rows, list):
            raise refuse(f"its table {table!r} is not a list of records")
    return {table: listed.get(table, []) for table in TABLES}


def _bad_records(incoming: dict[str, list[Any]], latest: date) -> list[tuple[str, Any, str]]:
    """The records that may not come in, each with why: the one door's checks (habits/store/records.py), or
    an id given to an earlier record of the export."""
    found = {id(problem.record): problem.why for problem in problems(incoming, latest)}
    bad: list[tuple[str, Any, str]] = []
    seen: dict[str, str] = {}
    for table in TABLES:
        for record in incoming[table]:
            why = found.get(id(record))
            if why is None and record["id"] in seen:
                other = seen[record["id"]]
                why = f"has an id that appears twice in {table!r}" if other == table else (
                    f"has the id of an earlier record in {other!r}")
            elif why is None:
                seen[record["id"]] = table
            if why:
                bad.append((table, record, why))
    return bad


def _clashes(incoming: dict[str, list[Any]], here: dict[str, str], left_out: set[int]) -> list[tuple[str, Any, str]]:
    """The records whose id is the id of a record of another table here (`here`: id -> table)."""
    return [(table, record, f"has the id of a record in {here[record['id']]!r} here")
            for table in TABLES for record in incoming[table]
            if id(record) not in left_out and here.get(record["id"], table) != table]


def _refusal(path: Path, bad: list[tuple[str, Any, str]]) -> InputError:
    count = len(bad)
    named = "; ".join(records.describe(table, record, why) for table, record, why in bad[:NAMED])
    more = f"; and {count - NAMED} more" if count > NAMED else ""
    return InputError(f"cannot import {path}: {count} {'record is' if count == 1 else 'records are'} not valid: "
                      f"{named}{more}; nothing was changed (--skip-bad imports the rest)")


def import_export(store: Store, path: Path | str, skip_bad: bool = False) -> Imported:
    """Merges a json export into the data file as one undoable change, all or nothing.

    Every record meets the door every record meets (habits/store/records.py): one that may not come in
    refuses the whole import, naming up to five, unless `skip_bad` (then the rest come in, and the
    left-out are named). By id, as a synced copy is merged (habits/store/merge.py): a record not here
    is added as it is; one here is replaced when the import's version was edited later (a newer edit,
    or a deletion); otherwise ours stays.
    """
    path = Path(path)
    incoming = read_export(path)
    from habits.days import today_of

    recent = store.read_recent()
    latest = today_of((recent.history if recent else store.read()).settings, store.clock()) + timedelta(days=1)
    bad = _bad_records(incoming, latest)
    if bad and not skip_bad:
        raise _refusal(path, bad)  # before the lock: nothing, not even a lock file, is made
    new = updated = kept = 0
    with store.transaction(f"import {path.name}", backup="before-import") as tx:
        here_records = {table: {r["id"]: r for r in tx.records(table) if isinstance(r.get("id"), str)} for table in TABLES}
        here = {record_id: table for table, known in here_records.items() for record_id in known}
        bad += _clashes(incoming, here, {id(record) for _, record, _ in bad})
        if bad and not skip_bad:
            raise _refusal(path, bad)
        left_out = {id(record) for _, record, _ in bad}
        for table in TABLES:
            taken = []
            for record in incoming[table]:
                if id(record) in left_out:
                    continue
                mine = here_records[table].get(record["id"])
                if mine is None:
                    taken.append(record)
                    new += 1
                    continue
                problem = records.stamp_problem(mine)
                if problem:
                    raise CorruptFile(f"cannot import into {store.path}: its record {record['id']} in {table!r} "
                                      f"{problem}; coach doctor checks the file; nothing was changed")
                if wins(record, mine):  # the version edited last (habits/store/merge.py, as a synced copy)
                    taken.append(record)
                    updated += 1
                else:
                    kept += 1
            tx.put_many(table, taken)
    return Imported(path.name, new, updated, kept, tuple(records.describe(t, r, why) for t, r, why in bad))


# --- csv -----------------------------------------------------------------------------------------------

HEARD = "heard"


def csv_columns() -> tuple[str, ...]:
    """The columns: the day, the kind and the subject, then every step's fields as the Field table
    orders them (habits/fields.py: a field a step gains later gets its column), the note, the id."""
    return ("day", "kind", "subject", *(field.name for field in step_fields()), "id")


# A cell a spreadsheet would read as a formula when it starts with one of these (OWASP, "CSV
# injection"): `=HYPERLINK(...)` in a note must stay text. A carriage return never reaches a cell
# (printable() shows it as ?), but a tab can lead a hand-edited one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A value as a spreadsheet shows it and never runs it: control characters as ? (newlines and tabs
    kept), and a leading ' on a cell that would start a formula, handles such as @jane too."""
    text = printable(text.replace("\r\n", "\n"))  # a hand-edited Windows line end is a line end, not "?"
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_row(item: Entry | Heard, columns: tuple[str, ...]) -> dict[str, str]:
    if isinstance(item, Entry):
        values = {"kind": item.kind, "subject": item.subject}
    else:
        values = {"kind": HEARD, "subject": item.person}
    values["day"] = item.day.isoformat()
    for column in columns:
        values.setdefault(column, str(getattr(item, column, "") or ""))
    return {column: csv_cell(value) for column, value in values.items()}


def _by_time(items: Iterable[Entry | Heard]) -> list[Entry | Heard]:
    """By day, then time made; things made in the same moment in the routine's order, heard-backs last."""

    def rank(item: Entry | Heard) -> int:
        return step(item.kind).number if isinstance(item, Entry) else len(STEPS) + 1

    return sorted(items, key=lambda i: (i.day, moment(i.created) or datetime.min, rank(i), i.id))


def to_csv(history: History) -> tuple[str, int]:
    """A header and one row a live step entry or heard-back, by day then time made; and the row count."""
    columns = csv_columns()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    items = _by_time([*history.entries, *history.heard])
    for item in items:
        writer.writerow(_csv_row(item, columns))
    return out.getvalue(), len(items)


# --- Markdown ------------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<~])|&(?=#?[0-9A-Za-z]+;)")
_MD_LINE_START = re.compile(r"^([ \t]*)([#>+=-]|\d{1,9}(?=[.)]))", re.MULTILINE)


def md_text(text: str, at_line_start: bool = True) -> str:
    """Text that Markdown shows as it is: *star* stays *star*, a line of a note never becomes a heading."""
    escaped = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)

    def start(match: re.Match[str]) -> str:
        indent, mark = match.group(1), match.group(2)
        if mark[0].isdigit():  # "2026. A year" would start a numbered list: escape its full stop
            return f"{indent}{mark}\\"
        return f"{indent}\\{mark}"

    if at_line_start:
        return _MD_LINE_START.sub(start, escaped)
    first, newline, rest = escaped.partition("\n")
    return first + newline + _MD_LINE_START.sub(start, rest)


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _item(head: str, parts: list[str], note: str) -> str:
    """One list item: `head` is Markdown already, the parts and the note are a person's text."""
    line = head + " · ".join(md_text(p, at_line_start=False) for p in parts if p)
    if note:  # a note's later lines stay inside the item
        line += " — " + md_text(note, at_line_start=False).replace("\n", "\n  ")
    return line


def _entry_item(entry: Entry) -> str:
    return _item(f"- **{step(entry.kind).title}** — ", line_parts(entry), entry.note)


def _heard_item(heard: Heard) -> str:
    return _item("- **Heard** from ", [heard.person, heard.platform], heard.note)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in md_text(text).splitlines())


def to_markdown(history: History) -> tuple[str, int]:
    """A journal a person reads: a section a day with anything recorded, newest first; and the day count."""
    sections: list[tuple[date, int, list[str]]] = []
    days = ({e.day for e in history.entries} | {h.day for h in history.heard}
            | set(history.reflections) | set(history.rest_days))
    kinds = history.kinds_by_day()  # which steps each day had done (an ask does no step)
    for day in days:
        entries = sorted(history.entries_on(day), key=lambda e: (step(e.kind).number,) + _time_key(e))
        heard = sorted((h for h in history.heard if h.day == day), key=_time_key)
        body = [_entry_item(e) for e in entries] + [_heard_item(h) for h in heard]
        parts = ["\n".join(body)] if body else []
        complete = len(kinds.get(day, ())) == len(STEPS)
        if day in history.rest_days and not complete:
            parts.append("Rest day.")
        reflection = history.reflections.get(day)
        if reflection and reflection.text:
            parts.append(_quote(reflection.text))
        sections.append((day, 0, [f"## {_long_date(day)}", *parts]))
    for key, reflection in history.week_reflections.items():
        year, week = int(key[:4]), int(key[6:])
        try:
            sunday = date.fromisocalendar(year, week, 7)
        except ValueError:
            continue
        # Headed by the week's Sunday, the week's reflection comes before its days (newest first).
        sections.append((sunday, 1, [f"## Week {week} of {year}", _quote(reflection.text)]))
    sections.sort(key=lambda s: (s[0], s[1]), reverse=True)
    blocks = ["# coach journal"] + ["\n\n".join(lines) for _, _, lines in sections]
    if not sections:
        blocks.append("Nothing recorded yet.")
    # A journal is read in a terminal too: no control character (an escape sequence) from a hand edit.
    return printable("\n\n".join(blocks) + "\n"), len(days)


def _time_key(item: Entry | Heard) -> tuple[datetime, str]:
    return (moment(item.created) or datetime.min, item.id)


# --- doctor --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    ok: bool
    text: str
    advice: str = ""  # for a failed check: what a person can do about it; for a note: what it means for them
    # Worth knowing, and nothing wrong with the data (a leftover coach tidies, a place it cannot write
    # to): `ok` stays True, so doctor still says all is well and exits 0. Shown with "·", not ✓ or ✗.
    note: bool = False


@dataclass(frozen=True)
class Diagnosis:
    checks: tuple[Check, ...]
    backups: tuple[Backup, ...] = ()
    backup_folder: Path | None = None

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def notes(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.note)

    @property
    def verdict(self) -> str:
        """The last line: all is well, or what to do (doctor itself never changes the file)."""
        if self.ok:
            return " ".join(["All is well.", *(c.advice for c in self.notes if c.advice)])
        advice = next(c.advice for c in self.checks if not c.ok)
        return f"Something is wrong; coach doctor changed nothing. {advice}"


def _size(count: int) -> str:
    if count < 1000:
        return f"{count} {'byte' if count == 1 else 'bytes'}"
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"


def diagnose(path: Path) -> Diagnosis:
    """Checks a data file without changing it: readable, shaped as coach writes it, every record valid."""
    return Diagnosis(tuple(_file_checks(path)), tuple(backups_of(path)), paths.backups_folder(path))


def _file_checks(path: Path) -> Iterator[Check]:
    newest = newest_good_backup(path)
    rescue = (f"coach restore {newest.name} puts back the newest backup that reads well ({newest.describe()}), keeping "
              f"this file as a backup too." if newest else
              f"There is no backup yet: move {path} aside and import your last export (coach import FILE), "
              f"or put back a copy of the file you trust.")
    if not path.exists() and not path.is_symlink():
        yield Check(True, f"no data file yet at {path} (it is created on the first entry)")
        return
    odd = not_a_file(path)  # a FIFO would hang the read below; a device is no data file either
    if odd:
        yield Check(False, f"{path} is {odd}, not a data file", "Point --db or COACH_DB at a data file"
                    + (f", or move the folder {path} aside." if odd == "a folder" else "."))
        return
    try:
        raw = path.read_bytes()
    except OSError as error:
        yield Check(False, f"data file: {path}, but it cannot be read ({reason(error)})",
                    "Check the file's permissions.")
        return
    yield Check(True, f"data file: {path} ({_size(len(raw))})")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        what = "it is empty" if not raw.strip() else f"{error.msg} at line {error.lineno}"
        yield Check(False, f"not readable JSON: {what}", rescue)
        return
    yield Check(True, "readable JSON")
    problem = contents.shape_problem(data)
    if problem:
        yield Check(False, f"shape: {problem}", rescue)
        return
    count = sum(len(data.get(t, {})) for t in TABLES)
    steps = len(data.get(JOURNAL, {}))
    yield Check(True, f"shape: {_records(count)} in {len(TABLES)} tables; {steps} "
                      f"{'change' if steps == 1 else 'changes'} in the undo journal")
    try:
        schema = contents.schema_of(data)
    except CorruptFile as error:
        yield Check(False, f"schema version: {error}", rescue)
        return
    if schema > SCHEMA_VERSION:
        yield Check(False, f"schema version {schema}: newer than this coach reads ({SCHEMA_VERSION})",
                    "Upgrade coach to use this file.")
        return
    yield Check(True, f"schema version {schema} (this coach reads up to {SCHEMA_VERSION})")
    years = _years_check(path, data, rescue)
    yield years
    if not years.ok:
        return
    yield from _sync_checks(path, data)
    yield from _records_checks(path, data)
    yield _ids_check(data, rescue)
    yield _temp_files_check(path)
    yield from _write_checks(path)


def _years_check(path: Path, data: dict[str, Any], rescue: str) -> Check:
    """The closed years the data file names: each there, matching its checksum; merged into `data`."""
    try:
        years.check_index(data)
        index = years.index_of(data)
        loaded, waiting = years.load_available(path, index)
    except (ValueError, StoreError) as error:
        return Check(False, f"closed years: {error}", rescue)
    if not index:
        return Check(True, "closed years: none yet (every record is in the data file)")
    count = 0
    for _raw, tables in loaded.values():
        count += sum(len(records) for records in tables.values())
        years.merge(data, tables)
    first, last = min(index), max(index)
    span = first if first == last else f"{first}–{last}"
    if waiting:
        names = ", ".join(index[year]["file"] for year in sorted(waiting))
        return Check(True, f"closed years: {span} in {paths.years_folder(path)}; {years.waiting_line(waiting)} "
                           f"({names} not here yet)",
                     f"A synced folder brings them soon; until then coach answers with the years that are here "
                     f"and makes no change that needs them. If no other machine shares this folder, they are "
                     f"lost: {rescue}", note=True)
    return Check(True, f"closed years: {span} in {paths.years_folder(path)} ({_records(count)}), "
                       f"each matching its checksum")


def _sync_checks(path: Path, data: dict[str, Any]) -> Iterator[Check]:
    """What a synced folder leaves: the tool keeping it, conflict copies, year files no data file names."""
    from habits.store.sync import conflicts, sync_tool, writer_of

    tool = sync_tool(path.parent)
    name = writer_of(data).get("name")
    by = f"; last written by {name}" if name else ""
    if tool:
        yield Check(True, f"synced folder: kept by {tool}{by}", note=True)
    copies = [c for c in conflicts(path) if c.is_data]
    if copies:
        listed = ", ".join(c.path.name for c in copies)
        tools = ", ".join(sorted({"kept aside by coach" if c.tool == "coach" else c.tool for c in copies}))
        yield Check(True, f"conflict copies: {len(copies)} ({tools}): {listed}",
                    "The next coach command merges them into the data file (a backup first) and keeps each "
                    "among the backups.", note=True)
    elif tool:
        yield Check(True, "conflict copies: none")
    named = {item["file"] for item in years.index_of(data).values()}
    try:
        present = sorted(p.name for p in paths.years_folder(path).iterdir() if years.is_year_file(p.name))
    except OSError:
        present = []
    strays = [name for name in present if name not in named]
    if strays:
        yield Check(True, f"year files no data file names: {', '.join(strays)}",
                    "Another machine's, arriving before the data file that names them, or left by an "
                    "interrupted write; coach leaves them alone.", note=True)


def _records_checks(path: Path, data: dict[str, Any]) -> Iterator[Check]:
    """Every record as the one door would take it in (habits/store/records.py). One that fails was written by
    an older coach or a hand edit: it is kept as it is and left out of what coach shows, so this names
    it, rather than its being the reason nothing works."""
    def listed(bad: list[tuple[str, Any, str]]) -> str:
        named = "; ".join(records.describe(table, record, why) for table, record, why in bad[:NAMED])
        return named + (f"; and {len(bad) - NAMED} more" if len(bad) > NAMED else "")

    found = problems(data)
    unreadable = [(p.table, p.record, p.why) for p in found if not p.readable]
    if unreadable:
        count = len(unreadable)
        yield Check(False, f"{count} {'record is' if count == 1 else 'records are'} not valid: {listed(unreadable)}",
                    f"Such a record is kept as it is and left out of what coach shows and counts; everything else "
                    f"works. Correct or delete it by hand in {path} (one in a year's file, which is named by its "
                    f"checksum, is corrected by importing an export that holds it corrected, with a later \"updated\"), "
                    f"then run coach doctor again.")
    # Read well, but hold what the door would not let in now (a hand edit's escape, an older import's
    # long name): shown with ? for each control character, and kept.
    unlike = [(p.table, p.record, p.why) for p in found if p.readable]
    if unlike:
        count = len(unlike)
        yield Check(True, f"{'the others read' if unreadable else 'every record reads'}; {count} "
                          f"{'holds' if count == 1 else 'hold'} text coach would not take in now: {listed(unlike)}",
                    f"An export of this file imports only with --skip-bad until {'it is' if count == 1 else 'they are'} "
                    f"corrected.", note=True)
    elif not unreadable:
        yield Check(True, "every record valid")


def _ids_check(data: dict[str, Any], rescue: str) -> Check:
    where: dict[Any, list[str]] = {}
    for table, record in _all_records(data):
        if isinstance(record.get("id"), str):  # a record without one is named by the records' check
            where.setdefault(record["id"], []).append(table)
    repeated = {i: tables for i, tables in where.items() if len(tables) > 1}
    if not repeated:
        return Check(True, "ids unique within and across tables")
    first, tables = next(iter(repeated.items()))
    counted = ", ".join(f"{n} in {t!r}" for t, n in Counter(tables).items())
    more = f" ({len(repeated)} ids are repeated)" if len(repeated) > 1 else ""
    return Check(False, f"ids not unique: {first} is the id of {len(tables)} records ({counted}){more}", rescue)


def _temp_files_check(path: Path) -> Check:
    strays = paths.stray_temp_files(path)
    if not strays:
        return Check(True, "no stray temp files")
    names = ", ".join(s.name for s in strays[:3]) + (" …" if len(strays) > 3 else "")
    # A kill between writing a temp file and renaming it leaves one; the data file is whole (the rename
    # is the one moment of a change), so it is a note, not a failure.
    return Check(True, f"{len(strays)} stray temp {'file' if len(strays) == 1 else 'files'} from an "
                       f"interrupted write: {names} (harmless: the data file is as it was before that write, "
                       f"and coach removes {'it' if len(strays) == 1 else 'them'} at its next change)", note=True)


def _write_checks(path: Path) -> Iterator[Check]:
    """The lock, and whether coach could record a change here at all. A place coach cannot write to (a
    read-only mount, a folder or a data file that is not writable) is a note, not a failure: the history
    reads well, and every command that only shows it works."""
    folder = path.parent
    read_only = _not_writable(path)  # (the place, why)
    lock_path = paths.lock_file(path)
    if not lock_path.exists():
        if read_only is None:
            yield Check(True, "lock: no lock file (nothing has written here yet)")
    else:
        try:
            with lock.held(str(lock_path), 0):  # the lock every change takes, tried once
                pass
        except lock.LockTimeout:
            yield Check(False, "lock: held by another coach, writing right now",
                        "Let the other coach finish (or close it), then run coach doctor again.")
        except OSError as error:
            if error.errno == errno.EROFS:
                read_only = read_only or (folder, f"{folder} is on a read-only file system")
            elif read_only is None or error.errno not in (errno.EACCES, errno.EPERM):
                yield Check(False, f"lock: cannot take it ({reason(error)})", f"Check the permissions of {lock_path}.")
            # else: the place is not writable, and the note below says so: the lock is not to blame
        else:
            yield Check(True, "lock: free")
    if read_only:
        place, why = read_only
        yield Check(True, f"read-only: {why}; coach can show your history but cannot record anything until it "
                          f"is writable", f"Nothing can be recorded until {place} is writable.", note=True)


def _not_writable(path: Path) -> tuple[Path, str] | None:
    """Where and why a change could not be recorded (it writes a temp file and the lock in the folder,
    then renames onto the data file, which the store refuses while the file is read-only), or None."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return folder, f"{folder} is on a read-only file system"
    except (OSError, AttributeError):  # no statvfs on Windows
        pass
    if not os.access(folder, os.W_OK | os.X_OK):
        return folder, f"{folder} is not writable"
    if not os.access(path, os.W_OK):
        return path, f"{path} is not writable"
    return None


def backup_lines(diagnosis: Diagnosis) -> list[str]:
    """The backups section of coach doctor: where they are, each one, and how to put one back."""
    folder = diagnosis.backup_folder
    if not diagnosis.backups:
        return [f"Backups: none yet; the first change of each day keeps one in {folder}"]
    lines = [f"Backups in {folder} (newest first; the last 7 days, the 4 weeks before, "
             f"and one before each import, migration, restore or merge of a synced copy):"]
    width = max(len(b.name) for b in diagnosis.backups)
    for backup in diagnosis.backups:
        try:
            size = _size(backup.path.stat().st_size)
        except OSError:
            size = "?"
        broken = "  ✗ does not read" if backup_problem(backup.path) else ""
        lines.append(f"  {backup.name:<{width}}  {backup.describe():<34} {size:>8}{broken}")
    lines.append("coach restore NAME puts one back; the file it replaces is kept as a backup too.")
    return lines
