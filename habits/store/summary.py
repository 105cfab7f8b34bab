"""The summary: what the morning commands need, in a small file beside the data file.

`coach status` and the check-in need the day's entries, every day's steps (for the streak and strength),
the rest days and the settings, the people's and audiences' records, and the figures the coach reads
(habits/aggregates.py: per person, audience and step), not years of entries and notes. The figures are
kept in two parts: the open years' in the summary, kept current by every write; the closed years' in a
file of their own (`coach.json.figures`), named by the year files it was tallied from, tallied again by
the first face that wants the coach's suggestions after those files change (a year closes, an old
entry is edited: their names change with their contents). No write pays for them, and `coach status`
never parses them. Every write leaves one, naming the data file it was made from by its signature (inode,
size, mtime); a summary that does not name the data file as it is now (another program replaced the
file, or a kill came between the two writes) is not used, and the whole file is read instead.

The first line is read with the standard json module, not orjson: importing orjson (it imports uuid and
platform) costs `coach status` 7 ms, ten times what it saves on a line of some 80 KB. Everything else
(the data file, the years, the figures; every write) is orjson's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from habits.model import STEPS, History
from habits.store import paths, years
from habits.store.errors import StoreError
from habits.store.files import write_quickly
from habits.store.records import history_from, valid_day

if TYPE_CHECKING:
    from habits.aggregates import Tally

Signature = tuple[int, int, int]

# 2: it says how many records the careful read left out (a file with any is not read the quick way),
# and a coach of 0.6, which would trust it, reads the data file itself and refuses a version 4 file.
# 3: the people's and audiences' records, and the figures (the open years' `tally`; the closed years',
# which `closed` names by their files, in the figures file beside it).
SUMMARY_VERSION = 3
_STEP_NUMBER = {kind.key: str(kind.number) for kind in STEPS}  # a day's steps as "123" in the summary
_STEP_KEY = {number: key for key, number in _STEP_NUMBER.items()}
RECENT_DAYS = 2  # the calendar days before a write that the summary keeps whole: yesterday, whatever the day's start
_HEAD = re.compile(
    rb'\{"version":(?P<version>\d+),"signature":\[(?P<ino>\d+),(?P<size>\d+),(?P<mtime>\d+)\],"unreadable":(?P<unreadable>\d+)')


@dataclass(frozen=True)
class Recent:
    """The summary's view: a history of the last days only (and every rest day, setting, person and
    audience record), which steps were done on every day, and the figures of the open years; `tally()`
    adds the closed years' (read from their file when first asked for)."""

    history: History
    days: dict[date, frozenset[str]]
    recent_from: date
    signature: Signature
    open_tally: Tally | bytes  # as the summary file keeps it (its second line), parsed when first wanted
    closed: tuple[str, ...]  # the closed years' files whose figures the figures file must hold
    data_file: Path

    def tally(self) -> Tally:
        """The figures of the whole history."""
        from habits import aggregates  # the figures' module: a face that wants them only

        open_tally = _tally_in(self.open_tally)
        if open_tally is None:  # a summary is only a shortcut: the figures of the data file itself
            from habits.store import contents

            return aggregates.of_tables(contents.read_whole(self.data_file) or {})
        return aggregates.merge([closed_tally(self.data_file, self.closed), open_tally])


def _tally_in(found: Tally | bytes) -> Tally | None:
    import orjson

    try:
        tally = orjson.loads(found) if isinstance(found, bytes) else found
    except orjson.JSONDecodeError:
        return None
    return tally if isinstance(tally, dict) and set(tally) == {"people", "audiences", "steps"} else None


def read_recent(data_file: Path, signature: Signature | None, since: date | None = None) -> Recent | None:
    """The last few days from the summary beside `data_file`, or None: when there is none, when it is
    not for the data file as it is now (`signature`), or when it does not reach back to `since`."""
    if signature is None:
        return None
    try:
        # Its first line is all a day's status needs; the second, the open years' figures, waits for a
        # face that wants the coach's suggestions.
        head, _, figures = paths.summary_file(data_file).read_bytes().partition(b"\n")
        found = json.loads(head)  # the standard module: see the module's note on the first line
    except (OSError, ValueError):  # ValueError: json.JSONDecodeError and a line that is not UTF-8
        return None
    if isinstance(found, dict) and "tally" not in found:
        found["tally"] = figures
    recent = recent_of(found, data_file)
    if recent is None or recent.signature != signature or (since is not None and since < recent.recent_from):
        return None
    return recent


def recent_of(summary: Any, data_file: Path) -> Recent | None:
    """A summary's contents as read (the file's, or the one a write has just made), or None when it is
    not a summary of this version. A summary is only ever a shortcut: the data file is the truth."""
    try:
        if summary.get("version") != SUMMARY_VERSION:
            return None
        recent_from = date.fromisoformat(summary["recent_from"])
        kinds: dict[str, frozenset[str]] = {}  # "13" -> {"brainstorm", "share"}: a few shared sets, not one a day
        for numbers in set(summary["days"].values()):
            kinds[numbers] = frozenset(_STEP_KEY[n] for n in numbers)
        days = {date.fromisoformat(day): kinds[numbers] for day, numbers in summary["days"].items()}
        history = history_from(summary["records"], data_file)
        ino, size, mtime = summary["signature"]
        tally = summary["tally"]
        closed = tuple(str(name) for name in summary["closed"])
        if not isinstance(tally, (dict, bytes)):
            return None
    except (KeyError, TypeError, ValueError, AttributeError, StoreError):
        return None
    return Recent(history, days, recent_from, (ino, size, mtime), tally, closed, data_file)


def _grown_tally(data_file: Path, closed: list[str], added: dict[str, dict[str, Any]],
                 unreadable: set[str] | frozenset[str]) -> Tally | None:
    """The open years' figures with `added` counted in, from the summary as the change found it; None
    when that cannot be (no summary, another version, the closed years changed: then all is tallied)."""
    import orjson

    from habits import aggregates

    try:
        head, _, figures = paths.summary_file(data_file).read_bytes().partition(b"\n")
        before = orjson.loads(head)
        if before.get("version") != SUMMARY_VERSION or before.get("closed") != closed:
            return None
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return None
    tally = _tally_in(figures)
    return aggregates.merge([tally, aggregates.of_tables(added, unreadable)]) if tally is not None else None


def closed_tally(data_file: Path, closed: tuple[str, ...] | list[str]) -> Tally:
    """The closed years' figures: from the figures file when it was tallied from the years' files
    `closed`; else tallied from those files, and kept in the figures file for next time (once after a
    year closes or an old record changes: no write pays for it)."""
    import orjson

    from habits import aggregates

    if not closed:
        return aggregates.empty()
    target = paths.figures_file(data_file)
    try:
        head, _, body = target.read_bytes().partition(b"\n")
        if orjson.loads(head) == list(closed):
            return orjson.loads(body)
    except (OSError, orjson.JSONDecodeError):
        pass
    folder = paths.years_folder(data_file)
    tally = aggregates.merge([aggregates.of_tables(years.load_year(data_file, {"file": name}, folder)[1])
                              for name in closed])
    if not write_quickly(target, orjson.dumps(list(closed)) + b"\n" + orjson.dumps(tally)):
        try:
            target.unlink()  # better none than one that names other years
        except OSError:
            pass
    return tally


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


TALLIED = ("entries", "heard")  # the tables the figures are tallied from


def write(data_file: Path, data: dict[str, Any], now: datetime, signature: Signature,
          unreadable: set[str] | frozenset[str] = frozenset(),
          added: dict[str, dict[str, Any]] | None = None) -> dict[str, Any] | None:
    """Writes the summary of `data` (the data file's contents as written, whose signature is
    `signature`); returns it, or None when it could not be written (none is left then). No lock and
    no fsync needed: a summary that does not match the data file (or does not read) is simply not
    used. `unreadable`: the ids of the records the careful read left out, which count for nothing here
    either. `added`: the change only added these entries and heard-backs to a file the summary beside
    it still names: their figures are added to its own, not tallied again from every record."""
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
        for table in ("entries", "reflections", "rest_days", "settings", "people", "audiences")
    }
    import orjson

    from habits import aggregates

    index = years.index_of(data)
    closed = sorted(item["file"] for item in index.values())
    tally = _grown_tally(data_file, closed, added, unreadable) if added is not None else None
    if tally is None:  # every record of the open years, tallied (the data file of a whole read has the closed ones too)
        tally = aggregates.of_tables({table: {key: r for key, r in data.get(table, {}).items()
                                              if not index or years.year_of(r) not in index}
                                      for table in TALLIED}, unreadable)
    summary = {"version": SUMMARY_VERSION, "signature": list(signature), "unreadable": len(unreadable),
               "recent_from": recent_from, "days": days, "records": kept, "tally": tally, "closed": closed}
    target = paths.summary_file(data_file)
    # Two lines: the summary, then the open years' figures (read only by a face that wants them).
    if write_quickly(target, orjson.dumps({k: v for k, v in summary.items() if k != "tally"}) + b"\n"
                     + orjson.dumps(tally)):
        return summary
    try:
        target.unlink()  # better none than an old one
    except OSError:
        pass
    return None
