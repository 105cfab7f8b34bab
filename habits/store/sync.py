"""A data file in a synced folder: the conflict copies a sync tool leaves beside it, found and merged.

Two machines that change the data file while apart each have a version of it; the sync tool keeps one
under the file's name and the other beside it under a name of its own:

- Syncthing: `coach.sync-conflict-20261207-101500-ABCDEFG.json` (the date, the time, the device);
- Dropbox: `coach (Kit's conflicted copy 2026-12-07).json`, or `coach (conflicted copy 2026-12-07).json`;
- Nextcloud and ownCloud: `coach (conflicted copy 2026-12-07 101500).json`, `coach_conflict-20261207-101500.json`;
- coach itself: `coach.arrived-20261207T101500123456-laptop.json`, a version a sync tool put in place
  while this machine was writing (Store._commit keeps it aside rather than write over it);
- OneDrive: `coach-LAPTOP.json`, the name of the machine whose version it was. A name like that is only
  taken for a copy when the file says that machine wrote it (every write names its machine: device.py),
  so that `coach-work.json`, a second history kept on purpose, is never merged.

The files beside the data file conflict the same way (`coach.json.sync-conflict-….summary`). They are
only shortcuts, made again from the data file (the summary, the figures, the check-in's marker, the
lock), so their copies are removed. A year's file cannot conflict: its name is its contents' checksum.

A copy of the data file is merged by id (merge.py: the version edited last wins, a deletion is an edit),
its closed years with it, in one change that keeps a backup of the file before it; the undo journals are
joined, each machine's steps its own. The copy itself is then kept among the backups (`coach restore`
puts it back) and leaves the folder, so every machine sees it gone. A copy whose year files have not
arrived yet waits for them. Nothing here runs unless a copy is there: one look at the folder.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from habits.store import paths
from habits.store.errors import StoreError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from habits.store import Store

# What each tool puts between a file's name and its extension.
_TAGS = (
    ("coach", re.compile(r"\.arrived-(?P<when>\d{8}T\d{12})-(?P<device>[A-Za-z0-9_.-]{1,40})")),
    ("Syncthing", re.compile(r"\.sync-conflict-(?P<when>\d{8}-\d{6})-(?P<device>[A-Z0-9]{7})")),
    ("Nextcloud", re.compile(r" \(conflicted copy (?P<when>\d{4}-\d{2}-\d{2} \d{6})\)")),
    ("Dropbox", re.compile(r" \((?:(?P<device>[^()]+?)['’]s )?conflicted copy(?: (?P<when>\d{4}-\d{2}-\d{2}))?(?: \(\d+\))?\)")),
    ("ownCloud", re.compile(r"_conflict-(?P<when>\d{8}-\d{6})")),
    ("OneDrive", re.compile(r"-(?P<device>[A-Za-z0-9][A-Za-z0-9_-]{0,62})")),
)
CACHES = paths.BESIDE  # beside the data file: made again from it


@dataclass(frozen=True)
class Conflict:
    path: Path
    of: str  # the name of the file it is a copy of: "coach.json", "coach.json.summary"
    tool: str  # "Syncthing", "Dropbox", "Nextcloud", "ownCloud", "OneDrive"
    device: str  # as the tool names the other machine ("ABCDEFG", "Kit"); "" when it does not

    @property
    def is_data(self) -> bool:
        return not self.of.endswith(CACHES)


def _split(name: str) -> tuple[str, str]:
    base, dot, ext = name.rpartition(".")
    return (base, f".{ext}") if dot and base else (name, "")


def conflict_of(data_file: Path, name: str) -> Conflict | None:
    """What a file beside `data_file` is a conflict copy of, by its name; None when it is none."""
    for original in (data_file.name, *(data_file.name + suffix for suffix in CACHES)):
        base, ext = _split(original)
        if not (name.startswith(base) and name.endswith(ext)) or len(name) <= len(original):
            continue
        tag = name[len(base): len(name) - len(ext)]
        for tool, pattern in _TAGS:
            found = pattern.fullmatch(tag)
            if found:
                return Conflict(data_file.with_name(name), original, tool, found.groupdict().get("device") or "")
    return None


def arrived_name(data_file: Path, now: datetime, device: str) -> Path:
    """Where a version of the data file that arrived while this machine was writing is kept aside, to
    be merged as any conflict copy: `coach.arrived-20261207T101500123456-laptop.json`."""
    base, ext = _split(data_file.name)
    return data_file.with_name(f"{base}.arrived-{now.astimezone(timezone.utc):%Y%m%dT%H%M%S%f}-{device}{ext}")


def conflicts(data_file: Path) -> list[Conflict]:
    """The conflict copies beside `data_file` (one listing of its folder), oldest name first. A name
    that only looks like OneDrive's (`coach-work.json`) is checked by `absorb` before it is merged."""
    stem = _split(data_file.name)[0]
    try:
        names = [entry.name for entry in os.scandir(data_file.parent)
                 if entry.name.startswith(stem) and entry.name != data_file.name]
    except OSError:
        return []
    return sorted((c for name in names if (c := conflict_of(data_file, name)) is not None), key=lambda c: c.path.name)


def sync_tool(folder: Path) -> str | None:
    """The sync tool a folder is kept by, when its markers tell: Syncthing's `.stfolder`, Dropbox's
    `.dropbox`, Nextcloud's and ownCloud's `.sync_*.db`; looked for in the folder and the ones above it."""
    for place in (folder, *folder.parents):
        try:
            names = set(os.listdir(place))
        except OSError:
            continue
        if ".stfolder" in names:
            return "Syncthing"
        if ".dropbox" in names or ".dropbox.cache" in names:
            return "Dropbox"
        if any(n.startswith((".sync_", "._sync_")) and n.endswith(".db") for n in names):
            return "Nextcloud"
    return None


# --- merging ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Absorbed:
    """What one copy brought: records taken by table, and where the copy is kept now."""

    conflict: Conflict
    whose: str  # "the laptop", "device ABCDEFG", "another machine"
    taken: dict[str, int]
    left_out: int
    kept: Path | None

    def line(self) -> str:
        entries = self.taken.get("entries", 0)
        others = sum(self.taken.values()) - entries
        if not entries and not others:
            what = "nothing new"
        else:
            parts = [f"{entries} {'entry' if entries == 1 else 'entries'}"] if entries else []
            parts += [f"{others} other {'record' if others == 1 else 'records'}"] if others else []
            what = " and ".join(parts)
        notes = ["kept among the backups"] if self.kept is not None else []
        if self.left_out:
            notes.append(f"{self.left_out} not valid {'record' if self.left_out == 1 else 'records'} "
                         f"left out, kept in it")
        return f"merged {what} from {self.whose}'s copy" + (f" ({'; '.join(notes)})" if notes else "")


def writer_of(data: dict[str, Any]) -> dict[str, str]:
    """The machine that last wrote a data file's contents, as its meta record names it ({} when none)."""
    for record in data.get("meta", {}).values():
        writer = record.get("writer") if isinstance(record, dict) else None
        if isinstance(writer, dict):
            return {k: v for k, v in writer.items() if isinstance(v, str)}
    return {}


def _whose(conflict: Conflict, data: dict[str, Any]) -> str:
    from habits.text import printable

    name = " ".join(printable(writer_of(data).get("name", "")).split())[:40]  # another machine's words: shown safely
    if name:
        return f"the {name}" if name.islower() and " " not in name else name
    if conflict.device:
        return f"device {conflict.device}" if conflict.tool == "Syncthing" else conflict.device
    return "another machine"


def absorb(store: Store) -> list[str]:
    """Merges every conflict copy beside the store's data file and tidies the copies of its shortcuts;
    one line for each copy of the data file (what came in, or why it waits). Nothing when none is there."""
    found = conflicts(store.path)
    if not found:
        return []
    lines: list[str] = []
    for conflict in found:
        if not conflict.is_data:
            if conflict.tool != "OneDrive":  # (a name only shaped like OneDrive's may be anyone's file)
                try:
                    conflict.path.unlink()  # a shortcut's copy: made again from the data file
                except OSError:
                    pass
            continue
        try:
            done = merge_copy(store, conflict)
        except (StoreError, ValueError) as error:  # ValueError: InputError, a record the door refused
            why = str(error).removeprefix(f"cannot merge {conflict.path}: ")
            lines.append(f"could not merge {conflict.path.name} yet: {why}")
            continue
        if done is not None:
            lines.append(done.line())
    return lines


def is_copy(store_path: Path, conflict: Conflict, data: dict[str, Any] | None = None) -> bool:
    """Whether a file named like a conflict copy is one. Every name is, but OneDrive's (`coach-LAPTOP.json`),
    which anyone could give a file: that is a copy when the machine it names wrote it, and it shares
    records with the data file (a history of the laptop's own, `coach-laptop.json`, shares none)."""
    if conflict.tool != "OneDrive":
        return True
    from habits.store import TABLES, contents
    from habits.store.files import read_bytes

    if data is None:
        try:
            data = contents.decode(read_bytes(conflict.path), conflict.path, verb="merge")[0]
        except StoreError:
            return False
    if writer_of(data).get("name", "").casefold() != conflict.device.casefold():
        return False
    try:
        ours = contents.decode(read_bytes(store_path), store_path)[0]
    except StoreError:
        return False
    return any(key in ours.get(table, {}) for table in TABLES for key in data.get(table, {}))


def merge_copy(store: Store, conflict: Conflict) -> Absorbed | None:
    """Merges one conflict copy of the data file into it (see the module); None when the file is not a
    copy after all (a OneDrive-shaped name of a file that is not one: is_copy)."""
    from habits.store import TABLES, backups, contents, journal, records, years
    from habits.store.files import modified, read_bytes
    from habits.store.merge import merged

    raw = read_bytes(conflict.path)
    if raw is None:
        return None  # another coach merged it meanwhile
    try:
        data, _ = contents.decode(raw, conflict.path, verb="merge")
    except StoreError:
        if conflict.tool == "OneDrive":
            return None  # `coach-export.json`, or any file of the person's: not a data file, not a copy
        raise
    if not is_copy(store.path, conflict, data):
        return None
    whose = _whose(conflict, data)
    index = years.index_of(data)
    loaded, waiting = years.load_available(store.path, index)  # a copy names years in the same folder
    if waiting:
        raise years.YearsAway(waiting, f"{whose}'s copy waits")
    for _raw, tables in loaded.values():
        years.merge(data, tables)
    taken: dict[str, int] = {}
    left_out = 0
    with store.transaction(f"merge {whose}'s copy", journal=False, backup="before-sync-merge") as tx:
        tx.merging = True
        here = {table: {r["id"]: r for r in tx.records(table) if isinstance(r.get("id"), str)} for table in TABLES}
        owner = {record_id: table for table, known in here.items() for record_id in known}
        for table in TABLES:
            theirs = {key: r for key, r in data.get(table, {}).items()
                      if isinstance(r, dict) and r.get("id") == key}
            take = []
            for record in merged(here[table], theirs).values():
                # The door's checks of the record alone, not of the day against this machine's clock
                # (the other machine took it in by its own): both machines decide alike.
                if records.problem(table, record) or owner.setdefault(record["id"], table) != table:
                    left_out += 1  # kept in the copy, among the backups
                    continue
                take.append(record)
            tx.put_many(table, take, replay=True)  # (checked above)
            if take:
                taken[table] = len(take)
        meta = next((r for r in data.get("meta", {}).values() if isinstance(r, dict)), {})
        tx.merge_journal(data.get(journal.JOURNAL, {}), meta.get(journal.MARKS, {}))
    try:
        named_now = {item["file"] for item in years.index_of(contents.decode(read_bytes(store.path), store.path)[0]).values()}
    except StoreError:
        named_now = {item["file"] for item in index.values()}  # (then nothing is retired)
    taken_at = min(modified(conflict.path) or store.clock(), store.clock())  # never a time to come
    kept = backups.keep_copy(store.path, raw, taken_at, whose, index)
    try:
        conflict.path.unlink()
    except FileNotFoundError:
        pass
    except OSError as error:
        raise StoreError(f"merged, but cannot move {conflict.path} away: {error}") from None
    years.retire(store.path, {item["file"] for item in index.values()} - named_now, store.clock())
    return Absorbed(conflict, whose, taken, left_out, kept)
