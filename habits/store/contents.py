"""A data file's bytes as tables of records: parsed, its shape checked, brought to this version; and
the whole of it, its closed years put back in.

Every reader and writer comes through `decode`, so a file coach cannot read is refused in one place, in
one line that says what is wrong with it and what to do (backups.rescue_advice).
"""

from __future__ import annotations

from pathlib import Path
from habits.store import years
from habits.store.errors import CorruptFile, StoreError
from habits.store.files import read_bytes
from habits.store.migrations import SCHEMA_VERSION, MigrationError, migrate, version_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into every command (3 ms)
if TYPE_CHECKING:
    from typing import Any

    Data = dict[str, Any]


def decode(raw: bytes | None, path: Path, verb: str = "read") -> tuple[Data, int]:
    """The file's records in this version's shape (migrated in memory), and the version it is at.
    `verb`: what was being done with the file, for the message ("read", "restore"); only the data file
    itself ("read") points at its backups."""
    if raw is None:
        return {}, SCHEMA_VERSION

    def refuse(what: str, advice: str = "it was left as it is") -> CorruptFile:
        if verb != "read":  # a backup that does not read is just refused
            return CorruptFile(f"cannot {verb} {path}: {what}; {advice}")
        # The backups decode files: their advice is imported when a file is refused.
        from habits.store.backups import rescue_advice

        return CorruptFile(f"cannot {verb} {path}: {what}; {rescue_advice(path, advice)}")

    import orjson  # a read of the data file itself (a read of the summary does without: summary.py)

    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise refuse("it is empty" if not raw.strip() else
                     f"it is not valid JSON ({error.msg} at line {error.lineno})") from None
    problem = shape_problem(data)
    if problem:
        raise refuse(problem)
    try:
        found = version_of(data)
        if found > SCHEMA_VERSION:
            raise refuse(f"it was written by a newer coach (data version {found}, this one reads up to "
                         f"{SCHEMA_VERSION})", "it was left as it is; upgrade coach to use it")
        migrated = migrate(data)
        years.check_index(migrated[0])
        return migrated
    except MigrationError as error:
        raise refuse(str(error)) from None
    except ValueError as error:  # the list of closed years
        raise refuse(str(error)) from None


def shape_problem(data: Any) -> str | None:
    """What makes parsed JSON no coach data file (tables of records, and a meta record), or None."""
    if not isinstance(data, dict):
        return "it is not a coach data file (the top level is not an object)"
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(r, dict) for r in table.values()):
            return f"it is not a coach data file (the table {name!r} is not a table of records)"
    if "meta" not in data and any(data.get(t) for t in data if t != "_default"):
        return "it is not a coach data file (it has no coach meta record)"
    return None


def schema_of(data: Data) -> int:
    """The data version a file's meta record claims; CorruptFile when it claims none that is a version."""
    try:
        return version_of(data)
    except MigrationError as error:
        raise CorruptFile(str(error)) from None


def read_whole(path: Path, then: str = "nothing was changed") -> Data | None:
    """The whole contents: the data file's, and the records of the closed years it names; None when
    there is no file. A year's file not here refuses the read (years.YearsAway, with `then`: what
    was not done); read_available reads what is here."""
    data, missing = read_available(path)
    if missing:
        raise years.YearsAway(missing, then)
    return data


def read_available(path: Path) -> tuple[Data | None, list[str]]:
    """The contents with the records of every closed year whose file is here, and the years whose
    files are not (in a synced folder: on their way from another machine). A year's file gone
    meanwhile because a writer replaced the data file and tidied the year it named means a read again."""
    for _ in range(5):
        raw = read_bytes(path)
        if raw is None:
            return None, []
        data, _ = decode(raw, path)
        index = years.index_of(data)
        found, missing = years.load_available(path, index, heal=False)
        if missing and read_bytes(path) != raw:
            continue  # a writer replaced the data file meanwhile, and tidied the year it named
        if missing:  # not a writer's doing: put back from the backups what they keep
            healed, missing = years.load_available(path, {year: index[year] for year in missing})
            found.update(healed)
        for _raw, tables in found.values():
            years.merge(data, tables)
        return data, missing
    raise StoreError(f"{path} kept changing while it was read; try again")


def whole_bytes(path: Path, raw: bytes, verb: str = "read") -> bytes:
    """The data file as one file, its closed years put back in: what a restore of another data file
    puts in place. A file that keeps everything in itself is kept byte for byte."""
    data, _ = decode(raw, path, verb=verb)
    index = years.index_of(data)
    if not index:
        return raw
    for _raw, tables in years.load_years(path, index).values():
        years.merge(data, tables)
    years.set_index(data, {})
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2)
