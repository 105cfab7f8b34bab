"""Backups of the data file, kept in a folder beside it: `coach.json.backups/`.

- At most one automatic backup a day: the first change of a calendar day copies the file as it was
  before that change. The last 7 of these are kept, and the newest of each of the 4 weeks before them.
- One before every migration, every import and every restore, named after it; the last 10 are kept.

A backup's name carries the UTC instant it was taken, to the microsecond, and the backups are ordered
(listed, pruned, "latest") by that instant, never by a local wall time, which goes backwards when the
zone changes and repeats an hour on the night summer time ends:
`coach-20261121T081500.123456Z-before-import.json`, and for the daily one the local calendar day it
stands for as well, `coach-20261121T081500.123456Z-2026-11-21-daily.json` (the day is what "one a day"
counts). A second backup of the same instant (a coarse clock, or several in one transaction) gets a
counter after the stamp, `…Z-2-before-import.json`, which orders it after the first. Times are shown
to people in local time. Backups an earlier coach named by local wall time
(`coach-2026-11-21T091500-before-import.json`, `coach-2026-11-21-daily.json`) are still listed and
restored: their instant is the file's modification time (a backup is written fresh, so that is when
it was taken), or their name's time in the current zone when the file cannot be looked at. The store
passes the backups it has just written (the one a restore names as the way back) to the pruning,
which never removes them.

A backup is the data file's bytes exactly as they were, written atomically. The closed years a data
file names (habits/closed.py) are never changed in place, so a backup keeps them by name: each one is
linked into `coach.json.backups/years/` (a hard link costs no space; a copy where links cannot be
made) and stays there while a backup names it. Nothing here takes the lock or reads the clock: the
store calls these under its lock with its own clock's time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_EVENTS = 10

_STAMP = "%Y%m%dT%H%M%S.%fZ"  # the UTC instant, to the microsecond
_NAME = re.compile(
    r"(?P<stamp>\d{8}T\d{6}\.\d{6}Z)(?:-(?P<n>\d+))?-"
    r"(?:(?P<day>\d{4}-\d{2}-\d{2})-daily|(?P<reason>before-[a-z0-9-]+))\.json"
)
_OLD_NAME = re.compile(  # an earlier coach's names: the local wall time, which does not order
    r"(?P<day>\d{4}-\d{2}-\d{2})(?:T(?P<time>\d{6}))?-(?P<reason>daily|before-[a-z0-9-]+?)(?:-(?P<n>\d+))?\.json"
)


@dataclass(frozen=True)
class Backup:
    path: Path
    day: date
    reason: str  # "daily", or "before-import", …
    taken: datetime  # the instant it was taken, in UTC: from the name (an old name: the file's mtime)
    n: int = 1  # the counter after the stamp: orders backups of one instant

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def automatic(self) -> bool:
        return self.reason == "daily"

    def describe(self) -> str:
        """"daily backup of 2026-11-20" or "before import, 2026-11-21 09:15"."""
        if self.automatic:
            return f"daily backup of {self.day.isoformat()}"
        return f"{self.reason.replace('-', ' ')}, {self.taken.astimezone():%Y-%m-%d %H:%M}"  # local time


def folder_for(data_file: Path) -> Path:
    return data_file.parent / f"{data_file.name}.backups"


def years_folder(data_file: Path) -> Path:
    """Where the backups keep the closed years they name."""
    return folder_for(data_file) / "years"


def _prefix(data_file: Path) -> str:
    return data_file.stem + "-"


def _names(folder: Path, prefix: str) -> list[str]:
    try:
        return [name for name in os.listdir(folder) if name.startswith(prefix)]
    except OSError:
        return []


def _parse(path: Path, prefix: str) -> Backup | None:
    """The backup a file name describes, or None for a file coach did not name."""
    rest = path.name[len(prefix):]
    if match := _NAME.fullmatch(rest):
        try:
            taken = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=timezone.utc)
            day = date.fromisoformat(match["day"]) if match["day"] else taken.astimezone().date()
        except (ValueError, OverflowError, OSError):
            return None
        return Backup(path, day, match["reason"] or "daily", taken, int(match["n"] or 1))
    if match := _OLD_NAME.fullmatch(rest):
        try:
            day = date.fromisoformat(match["day"])
            time = datetime.strptime(match["time"], "%H%M%S").time() if match["time"] else datetime.min.time()
            taken = _modified(path) or datetime.combine(day, time).astimezone(timezone.utc)  # naive: this zone
        except (ValueError, OverflowError, OSError):
            return None
        return Backup(path, day, match["reason"], taken, int(match["n"] or 1))
    return None


def _modified(path: Path) -> datetime | None:
    """When the file was last written, in UTC, to the microsecond; None when it cannot be looked at."""
    try:
        ns = path.stat().st_mtime_ns
        return datetime.fromtimestamp(ns // 10**9, timezone.utc) + timedelta(microseconds=ns % 10**9 // 1000)
    except (OSError, OverflowError, ValueError):
        return None


def backups_of(data_file: Path) -> list[Backup]:
    """The backups there are, newest first by the instant they were taken; files in the folder that
    coach did not name are left out."""
    folder = folder_for(data_file)
    prefix = _prefix(data_file)
    found = [b for name in _names(folder, prefix) if (b := _parse(folder / name, prefix)) is not None]
    return sorted(found, key=lambda b: (b.taken, b.n, b.name), reverse=True)


def daily_due(data_file: Path, now: datetime) -> bool:
    """True when no automatic backup has been taken on this (local) calendar day yet: names only, no stat."""
    prefix, day = _prefix(data_file), now.date().isoformat()
    for name in _names(folder_for(data_file), prefix):
        if name.endswith(f"{day}-daily.json"):
            match = _NAME.fullmatch(name[len(prefix):]) or _OLD_NAME.fullmatch(name[len(prefix):])
            if match and match["day"] == day and match["reason"] in (None, "daily"):
                return False
    return True


def name_for(data_file: Path, now: datetime, reason: str) -> Path:
    """Where a new backup goes: the UTC instant `now` (and the local day, for the daily one), with a
    counter after the stamp when a backup of that very instant is there already. A clock set back
    takes the newest backup's instant instead (and the next counter): what was taken last is latest."""
    folder, prefix = folder_for(data_file), _prefix(data_file)
    instant = now.astimezone(timezone.utc)
    newest = max((b.taken for b in backups_of(data_file)), default=None)
    if newest is not None and newest > instant:
        instant = newest  # the clock went back: a new backup still comes after every one before it
    stamp = instant.strftime(_STAMP)
    what = f"{now.date().isoformat()}-daily" if reason == "daily" else reason
    used = [int(match["n"] or 1) for name in _names(folder, prefix + stamp)
            if (match := _NAME.fullmatch(name[len(prefix):])) and match["stamp"] == stamp]
    counter = f"-{max(used) + 1}" if used else ""
    return folder / f"{prefix}{stamp}{counter}-{what}.json"


def to_prune(backups: list[Backup], keep_paths: Collection[Path] = ()) -> list[Backup]:
    """The backups the rules no longer keep: beyond 7 daily + 4 weekly, and beyond the last 10 others.
    `keep_paths`: backups never pruned whatever the rules say (those just written: the way back of a restore)."""
    daily = [b for b in backups if b.automatic]  # newest first
    keep = set(daily[:KEEP_DAILY])
    weeks: dict[tuple[int, int], Backup] = {}
    for backup in daily[KEEP_DAILY:]:
        week = backup.day.isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks[week] = backup  # the newest of that week
    keep.update(weeks.values())
    keep.update([b for b in backups if not b.automatic][:KEEP_EVENTS])
    spared = {Path(path).name for path in keep_paths}
    return [b for b in backups if b not in keep and b.name not in spared]


def find(data_file: Path, wanted: str) -> Backup | Path | None:
    """A backup by its file name (or "latest"), or else a path to any file, for `coach restore`."""
    backups = backups_of(data_file)
    if wanted == "latest":
        return backups[0] if backups else None
    for backup in backups:
        if wanted in (backup.name, backup.name.removesuffix(".json")):
            return backup
    path = Path(wanted).expanduser()
    return path if path.is_file() else None
