"""The data file's versions, and one small function for each step from one version to the next.

The version is the `schema` of the file's `meta` record. On open, a file of an older version is
brought up to date in memory, step by step (`migrate`); the store writes the result only under its
lock, on the next change, after keeping a backup of the file as it was. A file of a newer version is
refused: this coach cannot know what it would lose.

Each step takes the whole file's contents (a dict of tables, each a dict of records) and returns the
contents one version on. A step never reads the clock or the disk, so each is tested from a stored
fixture of the older shape (tests/fixtures/schema-N.json).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into every command (3 ms)
if TYPE_CHECKING:
    from typing import Any

    Data = dict[str, Any]

SCHEMA_VERSION = 4


class MigrationError(ValueError):
    """The file claims a version whose shape it does not have."""


def _v1_to_v2(data: Data) -> Data:
    """Version 2 keys every record by its own id (version 1 used TinyDB's counters "1", "2", …).

    One id instead of two: a record is found without a search, and two records can no longer share
    an id. The undo journal is keyed by its step number. Where version 1 held two records with one
    id (only a hand-edited file can), the one edited last is kept.
    """
    moved: Data = {}
    for name, table in data.items():
        if name == "meta":
            moved[name] = table
            continue
        rekeyed: dict[str, Any] = {}
        for record in table.values():
            if name == "journal":
                key = record.get("seq")
                if not isinstance(key, int) or isinstance(key, bool):
                    raise MigrationError(f"a step of the undo journal has the number {key!r}")
                rekeyed[str(key)] = record
                continue
            key = record.get("id")
            if not isinstance(key, str) or not key:
                raise MigrationError(f"a record in {name!r} has no id")
            if key not in rekeyed or _moment(record) > _moment(rekeyed[key]):
                rekeyed[key] = record
        moved[name] = rekeyed
    return moved


def _v2_to_v3(data: Data) -> Data:
    """Version 3 may keep the records of closed years in files of their own (habits/store/years.py), named
    by the meta record's `closed` list. A version 2 file keeps everything in itself, which version 3
    reads as it is: the store moves the old years out at the next change. The number changes so that
    a coach of version 2, which knows nothing of those files, refuses the file instead of missing
    years of it."""
    return data


def _v3_to_v4(data: Data) -> Data:
    """Version 4's undo journal keeps an insert by its id alone (the record is in its table, or in its
    tombstone once undone) and an edit without its `after` until it is undone: an import of years no
    longer doubles the data file. A version 3 journal reads as it is; the number changes so that a
    coach of version 3, which would fail to undo such a step, refuses the file instead."""
    return data


def _moment(record: dict[str, Any]) -> datetime:
    """When a record was last edited, by the moment and not the text (stamps carry different offsets)."""
    try:
        moment = datetime.fromisoformat(str(record.get("updated")))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# From version N to N + 1. A new version is one function and one line here, plus its fixture.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
}


def version_of(data: Data) -> int:
    """The file's version; a file with no meta record yet (new, or empty) is current."""
    for record in data.get("meta", {}).values():
        schema = record.get("schema") if isinstance(record, dict) else None
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            raise MigrationError(f"its meta record has the data version {schema!r}, which is not a version")
        return schema
    return SCHEMA_VERSION


def stamp(data: Data, writer: dict[str, str] | None = None) -> None:
    """Marks the contents as this version's, keeping what else the meta record holds: the list of closed
    years above all (a version 3 file's years would otherwise be forgotten, and tidied away). `writer`:
    the machine writing (`{"id", "name"}`, device.py), so that a conflict copy can say whose it was."""
    kept = next((dict(record) for record in data.get("meta", {}).values() if isinstance(record, dict)), {})
    data["meta"] = {"1": {**kept, "schema": SCHEMA_VERSION, "app": "coach", **({"writer": writer} if writer else {})}}


def migrate(data: Data) -> tuple[Data, int]:
    """The contents brought up to SCHEMA_VERSION, and the version they were at (equal when current)."""
    found = version_of(data)
    version = found
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        stamp(data)
    return data, found
