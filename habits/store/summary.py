"""The summary: what the morning commands need, in a small file beside the data file.

`coach status` and the check-in need the day's entries, every day's steps (for the streak and strength),
the rest days and the settings, not years of people and notes: at 10 years this file is a fiftieth of
the data file. Every write leaves one, naming the data file it was made from by its signature (inode,
size, mtime); a summary that does not name the data file as it is now (another program replaced the
file, or a kill came between the two writes) is not used, and the whole file is read instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from habits.model import STEPS, History
from habits.store import paths, years
from habits.store.errors import StoreError
from habits.store.files import write_quickly
from habits.store.records import history_from, valid_day

Signature = tuple[int, int, int]

# 2: it says how many records the careful read left out (a file with any is not read the quick way),
# and a coach of 0.6, which would trust it, reads the data file itself and refuses a version 4 file.
SUMMARY_VERSION = 2
_STEP_NUMBER = {kind.key: str(kind.number) for kind in STEPS}  # a day's steps as "123" in the summary
_STEP_KEY = {number: key for key, number in _STEP_NUMBER.items()}
RECENT_DAYS = 2  # the calendar days before a write that the summary keeps whole: yesterday, whatever the day's start
_HEAD = re.compile(
    rb'\{"version":(?P<version>\d+),"signature":\[(?P<ino>\d+),(?P<size>\d+),(?P<mtime>\d+)\],"unreadable":(?P<unreadable>\d+)')


@dataclass(frozen=True)
class Recent:
    """The summary's view: a history of the last days only, and which steps were done on every day."""

    history: History
    days: dict[date, set[str]]
    recent_from: date


def read_recent(data_file: Path, signature: Signature | None, since: date | None = None) -> Recent | None:
    """The last few days from the summary beside `data_file`, or None: when there is none, when it is
    not for the data file as it is now (`signature`), or when it does not reach back to `since`."""
    if signature is None:
        return None
    try:
        summary = orjson.loads(paths.summary_file(data_file).read_bytes())
        if summary.get("version") != SUMMARY_VERSION or summary.get("signature") != list(signature):
            return None
        recent_from = date.fromisoformat(summary["recent_from"])
        if since is not None and since < recent_from:
            return None
        kinds: dict[str, frozenset[str]] = {}  # "13" -> {"brainstorm", "share"}: a few shared sets, not one a day
        for numbers in set(summary["days"].values()):
            kinds[numbers] = frozenset(_STEP_KEY[n] for n in numbers)
        days = {date.fromisoformat(day): kinds[numbers] for day, numbers in summary["days"].items()}
        history = history_from(summary["records"], data_file)
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError, StoreError):
        return None  # a summary is only ever a shortcut
    return Recent(history, days, recent_from)


def made_from(data_file: Path) -> Signature | None:
    """The data file the summary was made from, as (inode, size, mtime); None when there is no summary,
    or when it holds a record that cannot be read (such a file is read with care every time)."""
    # The summary begins with its version and signature (see write): its first bytes tell, without
    # parsing decades of days a write has no use for.
    try:
        with paths.summary_file(data_file).open("rb") as summary:
            head = summary.read(160)
    except OSError:
        return None
    found = _HEAD.match(head)
    if found is None or int(found["version"]) != SUMMARY_VERSION or int(found["unreadable"]):
        return None
    return int(found["ino"]), int(found["size"]), int(found["mtime"])


def write(data_file: Path, data: dict[str, Any], now: datetime, signature: Signature,
          unreadable: set[str] | frozenset[str] = frozenset()) -> dict[str, Any] | None:
    """Writes the summary of `data` (the data file's contents as written, whose signature is
    `signature`); returns it, or None when it could not be written (none is left then). No lock and
    no fsync needed: a summary that does not match the data file (or does not read) is simply not
    used. `unreadable`: the ids of the records the careful read left out, which count for nothing here
    either."""
    recent_from = (now.date() - timedelta(days=RECENT_DAYS)).isoformat()
    days: dict[str, str] = {}
    for item in years.index_of(data).values():  # the closed years' days, kept in the data file's meta
        days.update(item["days"])
    for key, record in data.get("entries", {}).items():
        kind = record.get("kind")
        number = _STEP_NUMBER.get(kind) if isinstance(kind, str) else None
        if record.get("deleted") or number is None or key in unreadable or not valid_day(record.get("day")):
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
    target = paths.summary_file(data_file)
    if write_quickly(target, orjson.dumps(summary)):
        return summary
    try:
        target.unlink()  # better none than an old one
    except OSError:
        pass
    return None
