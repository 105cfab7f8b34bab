"""Closed years: the day-by-day records of years gone by, in files of their own beside the data file.

A morning's change touches this year, not a decade. So the data file keeps this year and the last
one, the people, audiences, settings, rest days and the undo journal; the entries, reflections and
heard-backs of each year before that live in `coach.json.years/YYYY-<checksum>.json` (paths.py). The data file's
meta record lists them (`closed`: year -> the file's name and which steps each of its days had), so
the streak, the strength and the summary never need to open them.

Which steps a day had follows a rule (habits.model.counts_for_day: an ask does not do the Connect step),
and the rule can change (habits.model.DAY_RULE). So each year's item says under which rule its days
were made (`"rule": 2`; an item written by coach 0.9 or before has none). The next write of the data
file, under the lock, makes the days of every item of another rule again from that year's file
(close_years, _refresh_days): one read of each such year, once; the year's file itself is left as it
is. Until then a reader uses the days as stored (a cache, as the summary is); a year's file that cannot
be read keeps its stored days, for the write after it to try again.

A year's file is never changed in place: new contents get a new name (the name carries a checksum of
the contents), the data file is then replaced to point at it, and only then is the old file removed.
The data file's rename stays the single moment a change happens, as it was with one file. A reader
that finds a year's file gone (a writer tidied it after replacing the data file) reads again.

Most of this is pure functions over a file's contents (a dict of tables of records) and the names of
files; then the reading of a year's file, checked against its name, and the tidying of the files no
data file names any more.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date, datetime
from itertools import combinations
from pathlib import Path
from habits.model import DAY_RULE, STEPS, record_counts_for_day
from habits.store import paths
from habits.store.errors import CorruptFile, StoreError, reason
from habits.store.records import history_from, is_day, read_problem, valid_day

DAY_TABLES = ("entries", "reflections", "heard")  # the tables that grow by the day and move out by year
OPEN_YEARS = 2  # this year and the last stay in the data file: yesterday is always at hand
_NAME = re.compile(r"([0-9]{4})-([0-9a-f]{16})\.json")

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into every command (3 ms)
if TYPE_CHECKING:
    from typing import Any

    Data = dict[str, Any]
    Index = dict[str, dict[str, Any]]  # "2016" -> {"file": "2016-….json", "days": {"2016-01-01": "123", …}}


def open_from(today: date) -> date:
    """The first day kept in the data file itself; every record of a day before it is in a year's file."""
    return date(today.year - (OPEN_YEARS - 1), 1, 1)


def index_of(data: Data) -> Index:
    """The closed years a file's meta record lists ({} for a file that keeps everything in itself).
    Its shape is checked (check_index) when the file is read; this only finds it."""
    for record in data.get("meta", {}).values():
        closed = record.get("closed", {}) if isinstance(record, dict) else {}
        if not isinstance(closed, dict):
            raise ValueError("its list of closed years is not valid")
        return closed
    return {}


# Which steps a day had, as days_of writes them: the steps' numbers in order, "1" to "123".
_DAY_STEPS = {"".join(str(kind.number) for kind in chosen)
              for count in range(1, len(STEPS) + 1) for chosen in combinations(STEPS, count)}


def check_index(data: Data) -> None:
    """Raises ValueError when the list of closed years is not as coach writes it."""
    for year, item in index_of(data).items():
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not isinstance(item.get("days"), dict):
            raise ValueError("its list of closed years is not valid")
        found = _NAME.fullmatch(item["file"])
        days = item["days"]
        try:  # in bulk, as decades of days are checked on every write: a value of another type fails the test
            valid = bool(found) and found.group(1) == year and set(days.values()) <= _DAY_STEPS and (
                not days or (min(days) >= f"{year}-01-01" and max(days) <= f"{year}-12-31"))
        except TypeError:  # a value that cannot be compared or hashed
            valid = False
        if not valid and isinstance(days, dict) and bool(found) and found.group(1) == year:
            valid = _drop_days_not_written_as_days(year, days)
        if not valid:
            raise ValueError(f"its list of closed years is not valid (the year {year!r})")


def _drop_days_not_written_as_days(year: str, days: dict[str, Any]) -> bool:
    """A list written by 0.6.0 after an import of a day such as `20191201` (which it took for a date):
    the list is only a cache of which steps each day had, so the day is left out of it, and the record
    (which no reader can read) is named by coach doctor. True when the rest of the list is valid."""
    for day in [d for d in days if not is_day(d)]:
        del days[day]
    try:
        return set(days.values()) <= _DAY_STEPS and (
            not days or (min(days) >= f"{year}-01-01" and max(days) <= f"{year}-12-31"))
    except TypeError:
        return False


def set_index(data: Data, index: Index) -> None:
    for record in data.get("meta", {}).values():
        if index:
            record["closed"] = index
        else:
            record.pop("closed", None)


def payload_of(tables: Data) -> bytes:
    """A year's file as bytes, its records in the order they were made: a year read and written again
    unchanged gives the same bytes, and so keeps its name (and its file)."""
    ordered = {
        table: dict(sorted(tables[table].items(), key=lambda item: (str(item[1].get("created", "")), item[0])))
        for table in sorted(tables)
    }
    import orjson  # the writers' and the whole reads' (json.py has why)

    return orjson.dumps(ordered)


def name_for(year: str, payload: bytes) -> str:
    import hashlib  # only a change of a closed year, or reading one, needs it

    return f"{year}-{hashlib.sha256(payload).hexdigest()[:16]}.json"


def is_year_file(name: str) -> bool:
    return bool(_NAME.fullmatch(name))


def checks_out(name: str, payload: bytes) -> bool:
    """Whether a year's file holds what its name says (a damaged or hand-edited one does not)."""
    found = _NAME.fullmatch(name)
    return bool(found) and name_for(found.group(1), payload) == name


def year_of(record: dict[str, Any]) -> str | None:
    day = record.get("day")
    return day[:4] if isinstance(day, str) and len(day) >= 4 else None


def split(data: Data, first_open: date,
          movable: Callable[[str, dict[str, Any]], bool] | None = None) -> tuple[Data, dict[str, Data]]:
    """The contents without the records of days before `first_open`, and those records by year.
    `movable(table, record)`: False for a record that cannot be read, which stays in the data file
    (coach doctor names it there; a year's file, named by its checksum, is no place to correct it)."""
    cut = first_open.isoformat()
    kept: Data = dict(data)
    years: dict[str, Data] = {}
    for table in DAY_TABLES:
        records = data.get(table)
        if not records:
            continue
        stay: dict[str, Any] = {}
        for key, record in records.items():
            day = record.get("day")
            # A record whose day is not written as the contract writes it stays in the data file, where
            # coach doctor finds it: no year's file, and no list of closed years, is made from it.
            if (isinstance(day, str) and day < cut and valid_day(day) and (movable is None or movable(table, record))
                    and (year := year_of(record))):
                years.setdefault(year, {}).setdefault(table, {})[key] = record
            else:
                stay[key] = record
        kept[table] = stay
    return kept, years


def merge(data: Data, year_tables: Data) -> None:
    """Adds a year's records to the contents; a record also in the data file is the data file's."""
    for table, records in year_tables.items():
        into = data.setdefault(table, {})
        for key, record in records.items():
            into.setdefault(key, record)


def days_of(tables: Data) -> dict[str, str]:
    """Which steps each day of a year had, as the summary keeps them ("2016-03-01": "13")."""

    numbers = {kind.key: str(kind.number) for kind in STEPS}
    days: dict[str, str] = {}
    for record in tables.get("entries", {}).values():
        kind = record.get("kind")
        if record.get("deleted") or not isinstance(kind, str) or kind not in numbers:
            continue
        had = days.get(record["day"], "") if isinstance(record.get("day"), str) else ""
        if numbers[kind] in had:
            continue  # the step is done that day already
        if read_problem("entries", record) or record_counts_for_day(record) is None:
            continue  # what the careful read leaves out counts for no day, nor does an ask
        days[record["day"]] = "".join(sorted(had + numbers[kind]))
    return days


def item_for(name: str, tables: Data) -> dict[str, Any]:
    """A closed year's item in the index: its file's name, its days and the rule they were made by."""
    return {"file": name, "days": days_of(tables), "rule": DAY_RULE}


def _refresh_days(path: Path, index: Index, known: dict[str, Data]) -> None:
    """The days of each item of `index` made by another rule than DAY_RULE, made again from its year's
    tables (`known`, by year, else read from its file). A year that cannot be read keeps its days
    for now (a reader takes them as they are; the next write tries again)."""
    folder = paths.years_folder(path)
    for year, item in index.items():
        if item.get("rule") == DAY_RULE:
            continue
        tables = known.get(year)
        if tables is None:
            try:
                tables = load_year(path, item, folder)[1]
            except StoreError:
                continue
        index[year] = item_for(item["file"], tables)


# --- a year's file, read -------------------------------------------------------------------------------

class YearGone(CorruptFile):
    """A year's file the data file names is not there: a reader may read again (a writer tidied it)."""

    def __init__(self, path: Path, target: Path, verb: str = "read") -> None:
        super().__init__(_refusal(path, f"its year file {target.name} is missing from {target.parent}", verb))
        self.path = target


def _refusal(path: Path, what: str, verb: str) -> str:
    # The backups read years: their wording is imported when a year is refused.
    from habits.store.backups import refusal

    return refusal(path, what, verb)


class YearsAway(StoreError):
    """Year files the data file names that are not here (yet): in a synced folder, files still on their
    way from another machine. Not damage: nothing is lost, and nothing is written until they arrive."""

    def __init__(self, missing: list[str], then: str = "nothing was changed") -> None:
        self.years = sorted(missing)
        arrived = "it has" if len(self.years) == 1 else "they have"
        super().__init__(f"{waiting_line(self.years)}; {then}; try again once {arrived} arrived")


def waiting_line(missing: list[str]) -> str:
    """"waiting for 2019's file to sync; nothing is lost", for the years whose files are not here yet."""
    from habits.wording import and_list

    if len(missing) == 1:
        return f"waiting for {missing[0]}'s file to sync; nothing is lost"
    return f"waiting for the files of {and_list(sorted(missing))} to sync; nothing is lost"


def load_year(path: Path, item: dict[str, Any], folder: Path, verb: str = "read",
              heal: bool = True) -> tuple[bytes, Data]:
    """A closed year's file (in `folder`) that `path` names, checked against the checksum in its
    name: its bytes and its tables. A year file missing beside the data file that the backups keep
    (the same name is the same bytes) is linked back first (`heal`)."""
    target = folder / item["file"]
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        raw = _from_backups(path, target) if heal and folder == paths.years_folder(path) else None
        if raw is None:
            raise YearGone(path, target, verb) from None
    except OSError as error:
        raise StoreError(f"cannot read {target}: {reason(error)}") from None
    if not checks_out(item["file"], raw):
        raise CorruptFile(_refusal(path, f"its year file {target} is damaged (it does not match its checksum)", verb))
    import orjson

    try:
        tables = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise CorruptFile(_refusal(path, f"its year file {target} is not valid JSON", verb)) from None
    if (not isinstance(tables, dict) or not set(tables) <= set(DAY_TABLES)
            or not all(isinstance(t, dict) and all(isinstance(r, dict) for r in t.values()) for t in tables.values())):
        raise CorruptFile(_refusal(path, f"its year file {target} is not a year of coach records", verb))
    return raw, tables


def _from_backups(path: Path, target: Path) -> bytes | None:
    """A year's file the backups keep, put back beside the data file (a link); its bytes, or None."""
    kept = paths.backup_years_folder(path) / target.name
    try:
        raw = kept.read_bytes()
    except OSError:
        return None
    if not checks_out(target.name, raw):
        return None
    from habits.store.files import link_or_copy

    try:
        target.parent.mkdir(exist_ok=True)
        link_or_copy(kept, target, "put back")
    except (OSError, StoreError):
        pass  # read from the backups all the same
    return raw


def load_available(path: Path, index: Index, heal: bool = True) -> tuple[dict[str, tuple[bytes, Data]], list[str]]:
    """The closed years `path` names that are here, and the years whose files are not (yet). `heal`:
    put back from the backups a year's file missing here (load_year); a reader without the lock asks
    first whether a writer replaced the data file meanwhile (contents.read_available)."""
    found: dict[str, tuple[bytes, Data]] = {}
    missing: list[str] = []
    folder = paths.years_folder(path)
    for year, item in index.items():
        try:
            found[year] = load_year(path, item, folder, heal=heal)
        except YearGone:
            missing.append(year)
    return found, missing


def load_years(path: Path, index: Index, folder: Path | None = None,
               verb: str = "read") -> dict[str, tuple[bytes, Data]]:
    """The closed years `path` names: beside it (a data file), or in `folder` (the backups' years)."""
    where = paths.years_folder(path) if folder is None else folder
    return {year: load_year(path, item, where, verb) for year, item in index.items()}


# --- a change, written: which records go to which year's file ------------------------------------------

def close_years(data: Data, path: Path, index: Index, now: datetime, whole: bool,
                unreadable: set[str]) -> tuple[Data, dict[str, bytes]]:
    """The data file's contents to write, with the records of closed years moved out, and the year
    files that must exist for it (by name; a year whose records did not change keeps its file).

    `data`: the contents a transaction leaves, every closed year's records in it when `whole`, else
    this year's and the last's only (with `index`, the closed years as the file named them). `data`
    itself is left as it is. A record that cannot be read stays in the data file: a whole transaction
    has read every record with care and knows them (`unreadable`: their ids); one of this year only
    asks of the few a new year moves out.
    """
    movable = ((lambda table, record: record.get("id") not in unreadable) if whole else
               (lambda table, record: read_problem(table, record) is None))
    main, moved = split(data, open_from(now.date()), movable)
    new_index = {} if whole else {year: item for year, item in index.items() if year not in moved}
    folder = paths.years_folder(path)
    files: dict[str, bytes] = {}
    for year, tables in sorted(moved.items()):
        if not whole and year in index:  # records of a closed year made in this year's change
            try:
                _, stored = load_year(path, index[year], folder)
            except YearGone:
                raise YearsAway([year]) from None
            for table, moved_records in tables.items():
                stored.setdefault(table, {}).update(moved_records)
            history_from(stored, folder / index[year]["file"])
            tables = stored
        payload = payload_of(tables)
        name = name_for(year, payload)
        moved[year] = tables
        if year in index and index[year]["file"] == name:
            new_index[year] = index[year]
            continue
        new_index[year] = item_for(name, tables)
        files[name] = payload
    _refresh_days(path, new_index, moved)  # days made by an older rule: made again, once
    set_index(main, dict(sorted(new_index.items())))
    return main, files


RETIRED_DAYS = 30  # how long a year file no data file here names stays with the backups (backups.tidy_years)


def tidy(path: Path, index: Index, replaced: Index, now: datetime) -> None:
    """Retires the year files the data file `path` named before this write (`replaced`) and no longer
    names (`index`, its list as just written), and removes their folder when it is left empty (a
    reader who still wanted one reads again). A year file it never named is left alone: in a synced
    folder it can be another machine's, arrived before the data file that names it (coach doctor
    lists such files)."""
    wanted = {item["file"] for item in index.values()}
    retire(path, {item["file"] for item in replaced.values()} - wanted, now)
    if not wanted:
        try:
            paths.years_folder(path).rmdir()  # only when empty
        except OSError:
            pass


def retire(path: Path, names: set[str], now: datetime) -> None:
    """Moves year files the data file no longer names to the backups' years (`coach.json.backups/years/`),
    where they stay RETIRED_DAYS: in a synced folder the other machine's data file may still name one
    until this machine's arrives there, and load_year puts it back from the backups when it does. `now`:
    the store's clock, which the file's time is set to (backups.tidy_years counts the days from it)."""
    folder, kept = paths.years_folder(path), paths.backup_years_folder(path)
    for name in names:
        if not is_year_file(name):
            continue
        source = folder / name
        try:
            if (kept / name).exists():
                source.unlink()  # a backup keeps it already (a link, or the same bytes)
            else:
                kept.mkdir(parents=True, exist_ok=True)
                os.replace(source, kept / name)
                os.utime(kept / name, (now.timestamp(), now.timestamp()))  # retired now: tidy_years counts its days from here
        except OSError:
            pass
