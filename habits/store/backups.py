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

A backup is the data file's bytes exactly as they were. A change's backups are the data file itself,
linked under the backup's name before the new file is renamed over it (the old file then lives on as
the backup alone: nothing to copy, write or sync but the link), when it is still the very file the
change read (its inode, size and time) and the file system makes links; otherwise the bytes read are
written atomically. The closed years a data
file names (years.py) are never changed in place, so a backup keeps them by name: each one is
linked into `coach.json.backups/years/` (a hard link costs no space; a copy where links cannot be
made) and stays there while a backup names it. Nothing here takes the lock or reads the clock: the
store calls these under its lock with its own clock's time.

And the way back when a data file does not read: `rescue_advice`, the one wording of it, names the
newest backup that reads well (`newest_good_backup`), which `coach restore` puts back.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import orjson

from habits.store import contents, paths, years
from habits.store.device import machine_of
from habits.store.errors import StoreError
from habits.store.files import fsync_folder, is_file, link_or_copy, make_folder, modified, read_bytes, write_atomically
from habits.store.records import history_from
from habits.text import InputError

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_EVENTS = 10

_STAMP = "%Y%m%dT%H%M%S.%fZ"  # the UTC instant, to the microsecond
_NAME = re.compile(
    r"(?P<stamp>\d{8}T\d{6}\.\d{6}Z)(?:-(?P<n>\d+))?-"
    r"(?:(?P<day>\d{4}-\d{2}-\d{2})-daily|(?P<reason>(?:before|conflict)-[a-z0-9-]+))"
    r"(?:@(?P<device>[A-Za-z0-9_.-]{1,40}))?\.json"
)
_OLD_NAME = re.compile(  # an earlier coach's names: the local wall time, which does not order
    r"(?P<day>\d{4}-\d{2}-\d{2})(?:T(?P<time>\d{6}))?-(?P<reason>daily|before-[a-z0-9-]+?)(?:-(?P<n>\d+))?\.json"
)


@dataclass(frozen=True)
class Backup:
    path: Path
    day: date
    reason: str  # "daily", or "before-import", or "conflict-laptop" (a conflict copy that was merged), …
    taken: datetime  # the instant it was taken, in UTC: from the name (an old name: the file's mtime)
    n: int = 1  # the counter after the stamp: orders backups of one instant
    device: str | None = None  # the machine that took it (device.py); None: named before machines were

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def automatic(self) -> bool:
        return self.reason == "daily"

    @property
    def is_conflict_copy(self) -> bool:
        """A synced conflict copy, kept once merged (sync.py): the other machine's version, not this file's."""
        return self.reason.startswith("conflict-")

    def describe(self) -> str:
        """"daily backup of 2026-11-20" or "before import, 2026-11-21 09:15"."""
        if self.automatic:
            return f"daily backup of {self.day.isoformat()}" + (f" on {self.device}" if self.device else "")
        when = f"{self.taken.astimezone():%Y-%m-%d %H:%M}"  # local time
        if self.reason.startswith("conflict-"):  # a synced copy that was merged (sync.py)
            return f"conflict copy from {self.reason.removeprefix('conflict-').replace('-', ' ')}, {when}"
        return f"{self.reason.replace('-', ' ')}, {when}"


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
            taken = _instant(match["stamp"])
            day = date.fromisoformat(match["day"]) if match["day"] else taken.astimezone().date()
        except (ValueError, OverflowError, OSError):
            return None
        return Backup(path, day, match["reason"] or "daily", taken, int(match["n"] or 1), match["device"])
    if match := _OLD_NAME.fullmatch(rest):
        try:
            day = date.fromisoformat(match["day"])
            at = match["time"]
            wall = time(int(at[:2]), int(at[2:4]), int(at[4:6])) if at else time()
            taken = modified(path) or datetime.combine(day, wall).astimezone(UTC)  # naive: this zone
        except (ValueError, OverflowError, OSError):
            return None
        return Backup(path, day, match["reason"], taken, int(match["n"] or 1))
    return None


def _instant(stamp: str) -> datetime:
    """The UTC instant of a name's stamp, "20261121T081500.123456Z" (as _STAMP writes it; by hand: strptime
    would import its locale machinery into every write that lists the backups)."""
    return datetime(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]), int(stamp[9:11]), int(stamp[11:13]),
                    int(stamp[13:15]), int(stamp[16:22]), tzinfo=UTC)


def backups_of(data_file: Path) -> list[Backup]:
    """The backups there are, newest first by the instant they were taken; files in the folder that
    coach did not name are left out."""
    folder = paths.backups_folder(data_file)
    prefix = _prefix(data_file)
    found = [b for name in _names(folder, prefix) if (b := _parse(folder / name, prefix)) is not None]
    return sorted(found, key=lambda b: (b.taken, b.n, b.name), reverse=True)


def daily_due(data_file: Path, now: datetime, device: str | None = None) -> bool:
    """True when this machine (`device`) has taken no automatic backup on this (local) calendar day yet:
    in a synced folder each machine keeps its own, of the file as it found it. Names only, no stat."""
    prefix, day = _prefix(data_file), now.date().isoformat()
    for name in _names(paths.backups_folder(data_file), prefix):
        if f"{day}-daily" in name:
            match = _NAME.fullmatch(name[len(prefix):]) or _OLD_NAME.fullmatch(name[len(prefix):])
            made_by = match.groupdict().get("device") if match else None
            if (match and match["day"] == day and match["reason"] in (None, "daily")
                    and (made_by is None or machine_of(made_by) == machine_of(device))):
                return False
    return True


def name_for(data_file: Path, now: datetime, reason: str, device: str | None = None) -> Path:
    """Where a new backup goes: the UTC instant `now` (and the local day, for the daily one), with a
    counter after the stamp when a backup of that very instant is there already. A clock set back
    takes the newest backup's instant instead (and the next counter): what was taken last is latest.
    `device`: the machine taking it, named after the reason (`…-daily@laptop.json`): two machines
    sharing the folder never write one name."""
    folder, prefix = paths.backups_folder(data_file), _prefix(data_file)
    instant = now.astimezone(UTC)
    newest = max((b.taken for b in backups_of(data_file)), default=None)
    if newest is not None and newest > instant:
        instant = newest  # the clock went back: a new backup still comes after every one before it
    stamp = instant.strftime(_STAMP)
    what = f"{now.date().isoformat()}-daily" if reason == "daily" else reason
    used = [int(match["n"] or 1) for name in _names(folder, prefix + stamp)
            if (match := _NAME.fullmatch(name[len(prefix):])) and match["stamp"] == stamp]
    counter = f"-{max(used) + 1}" if used else ""
    tag = f"@{device}" if device else ""
    return folder / f"{prefix}{stamp}{counter}-{what}{tag}.json"


def to_prune(backups: list[Backup], keep_paths: Collection[Path] = ()) -> list[Backup]:
    """The backups the rules no longer keep: beyond 7 daily + 4 weekly, and beyond the last 10 others.
    `keep_paths`: backups never pruned whatever the rules say (those just written: the way back of a restore)."""
    keep: set[Backup] = set()
    for machine in {machine_of(b.device) for b in backups if b.automatic}:  # each machine's by the rules
        daily = [b for b in backups if b.automatic and machine_of(b.device) == machine]  # newest first
        keep.update(daily[:KEEP_DAILY])
        weeks: dict[tuple[int, int], Backup] = {}
        for backup in daily[KEEP_DAILY:]:
            week = backup.day.isocalendar()[:2]
            if week not in weeks and len(weeks) < KEEP_WEEKLY:
                weeks[week] = backup  # the newest of that week
        keep.update(weeks.values())
    # The others by the rules too, each machine's apart, and the kept conflict copies apart from them.
    events: dict[tuple[str | None, bool], list[Backup]] = {}
    for backup in backups:
        if not backup.automatic:
            events.setdefault((machine_of(backup.device), backup.is_conflict_copy), []).append(backup)
    for group in events.values():
        keep.update(group[:KEEP_EVENTS])
    spared = {Path(path).name for path in keep_paths}
    return [b for b in backups if b not in keep and b.name not in spared]


def find(data_file: Path, wanted: str) -> Backup | Path | None:
    """A backup by its file name (or "latest"), or else a path to any file, for `coach restore`."""
    backups = backups_of(data_file)
    if wanted == "latest":  # this file's own newest: a merged conflict copy was another machine's version
        return next((b for b in backups if not b.is_conflict_copy), None)
    for backup in backups:
        if wanted in (backup.name, backup.name.removesuffix(".json")):
            return backup
    path = Path(wanted).expanduser()
    return path if path.is_file() else None


# --- taking one, and the pruning after a change ----------------------------------------------------------

def back_up(data_file: Path, raw: bytes, now: datetime, reason: str, index: years.Index | None = None,
            read_as: tuple[int, int, int] | None = None, device: str | None = None) -> Path:
    """Keeps `raw` (the data file as it was) and the closed years it names, which it shares with the
    data file: a backup of a decade costs a link to this year's file. `index`: the closed years `raw`
    names, when the caller has read them already. `read_as`: the data file's (inode, size, mtime) when
    `raw` was read from it: the backup is then the file itself, linked (see link_as_backup)."""
    target = name_for(data_file, now, reason, device)
    make_folder(target.parent, "the backup folder")
    if index is None:
        try:
            index = years.index_of(contents.decode(raw, data_file)[0])
        except StoreError:
            index = {}  # a broken file (kept before a restore) is kept as it is
    kept = paths.backup_years_folder(data_file)
    missing = [item["file"] for item in index.values() if not is_file(kept / item["file"])]  # same name, same bytes
    if missing:
        make_folder(kept, "the backup folder")
        for name in missing:
            link_or_copy(paths.years_folder(data_file) / name, kept / name, "back up to")
        fsync_folder(kept)
    if read_as is None or not link_as_backup(data_file, target, read_as):
        write_atomically(target, raw, what="back up to")
    return target


def keep_copy(data_file: Path, raw: bytes, taken: datetime, whose: str, index: years.Index) -> Path:
    """Keeps a conflict copy that was merged (sync.py) as a backup, `coach-…-conflict-laptop.json`, with
    the closed years it names: listed by coach doctor, put back by coach restore. Named by `taken`, the
    copy's own time, and not by the machine keeping it: both machines keep it under one name, with the
    same bytes, which a sync tool takes for one file."""
    slug = re.sub(r"[^a-z0-9]+", "-", whose.casefold().removeprefix("the ")).strip("-")[:40] or "copy"
    folder, prefix = paths.backups_folder(data_file), _prefix(data_file)
    stamp = taken.astimezone(UTC).strftime(_STAMP)
    target = folder / f"{prefix}{stamp}-conflict-{slug}.json"
    for n in range(2, 100):
        if read_bytes(target) in (None, raw):
            break
        target = folder / f"{prefix}{stamp}-{n}-conflict-{slug}.json"
    make_folder(folder, "the backup folder")
    kept = paths.backup_years_folder(data_file)
    for item in index.values():
        if not is_file(kept / item["file"]):
            make_folder(kept, "the backup folder")
            link_or_copy(paths.years_folder(data_file) / item["file"], kept / item["file"], "back up to")
    if read_bytes(target) != raw:
        write_atomically(target, raw, what="back up to")
    return target


def link_as_backup(data_file: Path, target: Path, read_as: tuple[int, int, int]) -> bool:
    """Links the data file under the backup's name `target`, when it is still the file read as `read_as`
    (inode, size, mtime: its bytes are then the bytes read); synced as a written backup is (the file's
    data, which costs nothing when the write that made it synced it, and the folder). The change that
    follows renames a new file over the data file, so the backup is the old file's only name from then
    on (Store._commit removes it again when that rename never comes). False when no link can be made
    here (a file system without links) or the file is not the one read: then the bytes are written."""
    temp = paths.temp_file_for(target)
    try:
        os.link(data_file, temp)
    except OSError:
        return False
    try:
        found = os.stat(temp)
        if (found.st_ino, found.st_size, found.st_mtime_ns) != tuple(read_as):
            raise FileExistsError("not the file that was read")
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass
        return False
    fsync_folder(target.parent)
    return True


def forget_linked(data_file: Path, made: Collection[Path]) -> None:
    """Removes the backups in `made` that are still the data file itself (a change that linked them and
    then failed to replace the data file): a backup must not be the live file, which a program editing
    it in place would change too. The next change of the day keeps its backup again."""
    for backup in made:
        try:
            if os.path.samefile(backup, data_file):
                backup.unlink()
        except OSError:
            pass


def prune(data_file: Path, keep: Collection[Path], now: datetime) -> None:
    """Prunes by the rules, never a backup in `keep` (the ones the change has just written)."""
    pruned = False
    for old in to_prune(backups_of(data_file), keep):
        try:
            old.path.unlink()
            pruned = True
        except OSError:
            pass  # kept one more than the rules say: harmless
    if pruned:
        tidy_years(data_file, now)


def tidy_years(data_file: Path, now: datetime) -> None:
    """Removes the closed years no backup names any more, but those retired in the last RETIRED_DAYS
    (years.retire): in a synced folder, the other machine's data file may still name one."""
    folder = paths.backup_years_folder(data_file)
    if not folder.exists():
        return
    named: set[str] = set()
    for backup in backups_of(data_file):
        try:
            raw = backup.path.read_bytes()
        except OSError:
            return  # a backup that cannot be read now may name any of them: keep them all
        try:
            named |= {item["file"] for item in years.index_of(orjson.loads(raw)).values()}
        except (orjson.JSONDecodeError, ValueError, AttributeError):
            continue  # a backup that is not coach's names nothing that could be put back
    recent = now.timestamp() - years.RETIRED_DAYS * 86400
    for path in folder.iterdir():
        if path.name not in named and years.is_year_file(path.name):
            try:
                if path.stat().st_mtime > recent:
                    continue  # retired lately (years.retire): another machine's data file may name it
                path.unlink()
            except OSError:
                pass


# --- restore ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Restored:
    source: Path
    kept: Path | None  # the backup of the file it replaced (None when there was none, or it was the same)
    entries: int
    last_day: date | None


def source_of(data_file: Path, wanted: str) -> Path:
    """The file `coach restore WANTED` puts back: a backup by name, "latest" (the newest that reads
    well), or a path to any file; InputError when there is none."""
    found = newest_good_backup(data_file) if wanted == "latest" else find(data_file, wanted)
    if found is None:
        where = paths.backups_folder(data_file)
        raise InputError(f"there is no backup {wanted!r}; coach doctor lists the backups in {where}")
    source = found.path if isinstance(found, Backup) else found
    if source.resolve() == data_file:
        raise InputError(f"{source} is the data file itself; name a backup to restore")
    return source


def put_back(data_file: Path, source: Path, wanted: str, now: datetime,
             device: str | None = None) -> tuple[Restored, years.Index]:
    """Puts `source` in place of the data file, keeping a backup of the file it replaces, even a broken
    one: a restore can itself be taken back with another. Under the lock (the store holds it): another
    coach's pruning cannot come between. The closed years the data file now names are returned, for
    the tidying after."""
    raw = read_bytes(source)
    if raw is None:
        raise InputError(f"there is no backup {wanted!r}")
    data, _ = contents.decode(raw, source, verb="restore")
    index = years.index_of(data)
    if index and source.parent != paths.backups_folder(data_file):  # another data file with closed years:
        raw = contents.whole_bytes(source, raw, verb="restore")  # all of it, as one file
        data, _ = contents.decode(raw, source, verb="restore")
        index = {}
    elif index:  # the backup's years, kept with the backups
        for _raw, tables in years.load_years(source, index, paths.backup_years_folder(data_file), "restore").values():
            years.merge(data, tables)
    history = history_from(data, source)
    current = read_bytes(data_file)
    kept = None
    if current is not None and current != raw:
        kept = back_up(data_file, current, now, "before-restore", device=device)
    for item in index.values():  # the years the backup names, back beside the data file
        _put_back_year(data_file, item["file"])
    if current != raw:
        write_atomically(data_file, raw)
    restored = Restored(source, kept, len(history.entries), max((e.day for e in history.entries), default=None))
    return restored, index


def _put_back_year(data_file: Path, name: str) -> None:
    target = paths.years_folder(data_file) / name
    make_folder(target.parent, "the folder of closed years")
    link_or_copy(paths.backup_years_folder(data_file) / name, target, "write")
    fsync_folder(target.parent)
    try:
        there = target.is_file()
    except OSError:
        there = False
    if not there:
        raise StoreError(f"cannot put back {target} from {paths.backup_years_folder(data_file)}; nothing was changed")


# --- the way back, in words --------------------------------------------------------------------------------

def refusal(path: Path, what: str, verb: str) -> str:
    """A file that cannot be read, in one line: what is wrong, and (for the data file itself, `verb`
    "read") the way back; a backup that does not read is just refused."""
    advice = rescue_advice(path) if verb == "read" else "it was left as it is"
    return f"cannot {verb} {path}: {what}; {advice}"


def rescue_advice(path: Path, prefix: str = "it was left as it is") -> str:
    """What a person can do about a data file coach cannot read: put back the newest backup that reads."""
    every = backups_of(path)
    good = newest_good_backup(path, every)
    if good:
        return (f"{prefix}; coach restore {good.name} puts back the newest backup that reads well "
                f"(coach doctor lists all {len(every)} in {good.path.parent})")
    if every:
        return (f"{prefix}; none of its {len(every)} backups in {every[0].path.parent} reads well either; "
                f"coach doctor says more; import your last export (coach import FILE) into a new file")
    return (f"{prefix} and there is no backup of it yet; coach doctor says more; "
            "move it aside to start afresh, or import your last export (coach import FILE)")


def newest_good_backup(path: Path, every: list[Backup] | None = None) -> Backup | None:
    """The newest backup that reads as a coach data file (a backup kept before a restore may be broken)."""
    for backup in every if every is not None else backups_of(path):
        if not backup.is_conflict_copy and backup_problem(backup.path) is None:
            return backup
    return None


def backup_problem(path: Path) -> str | None:
    """Why a file would not restore well, or None when it reads as a whole history."""
    try:
        raw = read_bytes(path)
        if raw is None:
            return "it is gone"
        data, _ = contents.decode(raw, path, verb="restore")
        for _raw, tables in years.load_years(path, years.index_of(data), paths.years_of_backup(path), "restore").values():
            years.merge(data, tables)
        history_from(data, path)
    except StoreError as error:
        return str(error)
    return None
