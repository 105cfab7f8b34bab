"""Backups of the data file, kept in a folder beside it: `coach.json.backups/`.

- At most one automatic backup a day: the first change of a calendar day copies the file as it was
  before that change. The last 7 of these are kept, and the newest of each of the 4 weeks before them.
- One before every migration, every import and every restore, named after it; the last 10 are kept.

A backup is the data file's bytes exactly as they were, written atomically. The closed years a data
file names (habits/closed.py) are never changed in place, so a backup keeps them by name: each one is
linked into `coach.json.backups/years/` (a hard link costs no space; a copy where links cannot be
made) and stays there while a backup names it. Nothing here takes the lock or reads the clock: the
store calls these under its lock with its own clock's time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_EVENTS = 10

_NAME = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})(?:T(?P<time>\d{6}))?-(?P<reason>daily|before-[a-z0-9-]+?)(?:-(?P<n>\d+))?\.json"
)


@dataclass(frozen=True)
class Backup:
    path: Path
    day: date
    reason: str  # "daily", or "before-import", …
    taken: datetime  # from the name: the day (at midnight for a daily one) and time it was taken

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
        return f"{self.reason.replace('-', ' ')}, {self.taken:%Y-%m-%d %H:%M}"


def folder_for(data_file: Path) -> Path:
    return data_file.parent / f"{data_file.name}.backups"


def years_folder(data_file: Path) -> Path:
    """Where the backups keep the closed years they name."""
    return folder_for(data_file) / "years"


def _prefix(data_file: Path) -> str:
    return data_file.stem + "-"


def backups_of(data_file: Path) -> list[Backup]:
    """The backups there are, newest first; files in the folder that coach did not name are left out."""
    folder = folder_for(data_file)
    prefix = _prefix(data_file)
    found = []
    try:
        names = [p for p in folder.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return []
    for path in names:
        match = _NAME.fullmatch(path.name[len(prefix):])
        if not match:
            continue
        try:
            day = date.fromisoformat(match["day"])
            time = datetime.strptime(match["time"], "%H%M%S").time() if match["time"] else None
        except ValueError:
            continue
        taken = datetime.combine(day, time) if time else datetime.combine(day, datetime.min.time())
        found.append(Backup(path, day, match["reason"], taken))
    return sorted(found, key=lambda b: (b.taken, b.name), reverse=True)


def daily_due(data_file: Path, now: datetime) -> bool:
    """True when no automatic backup has been taken on this calendar day yet."""
    return not (folder_for(data_file) / f"{_prefix(data_file)}{now.date().isoformat()}-daily.json").exists()


def name_for(data_file: Path, now: datetime, reason: str) -> Path:
    """Where a new backup goes: one name per day for the daily one, per second (then -2, -3) for the others."""
    folder = folder_for(data_file)
    if reason == "daily":
        return folder / f"{_prefix(data_file)}{now.date().isoformat()}-daily.json"
    base = f"{_prefix(data_file)}{now:%Y-%m-%dT%H%M%S}-{reason}"
    path, n = folder / f"{base}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}.json"
    return path


def to_prune(backups: list[Backup]) -> list[Backup]:
    """The backups the rules no longer keep: beyond 7 daily + 4 weekly, and beyond the last 10 others."""
    daily = [b for b in backups if b.automatic]  # newest first
    keep = set(daily[:KEEP_DAILY])
    weeks: dict[tuple[int, int], Backup] = {}
    for backup in daily[KEEP_DAILY:]:
        week = backup.day.isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks[week] = backup  # the newest of that week
    keep.update(weeks.values())
    keep.update([b for b in backups if not b.automatic][:KEEP_EVENTS])
    return [b for b in backups if b not in keep]


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
