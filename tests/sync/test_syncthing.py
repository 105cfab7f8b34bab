"""Two devices syncing one coach data file through real Syncthing lose nothing, even across a conflict.

A laptop and a desktop share a folder through two Syncthing instances on loopback (tests/sync/syncthing.py)
and run the real `python -m coach` on it, each with its own COACH_DB path, COACH_DEVICE and HOME:

1. the laptop logs two entries; once synced, the desktop sees them;
2. the link is paused; both sides write the data file: the laptop undoes (deletes) its entry from before
   the pause, the desktop edits the person the laptop logged before it, and each logs new records;
3. the link is resumed: Syncthing keeps one data file and leaves the other as `coach.sync-conflict-*.json`
   (the test checks that it did); then a plain `coach status` on each side in turn, with a sync after each,
   until no conflict copy is left (coach merges conflict copies when a command starts);
4. both sides export the same records; every record a command acknowledged (exit 0) is there; the deleted
   entry stays deleted (a tombstone); the edit holds; no conflict copy is left beside the data file.

Run: `pytest -m sync tests/sync` (about 8 s; needs the `syncthing` binary, else skipped; the `sync` mark is
left out of the default run). Where coach does not merge conflict copies, step 4 fails, listing the records
that Syncthing's choice of one file lost and the conflict copies left.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.sync.syncthing import SyncPair

pytestmark = pytest.mark.sync

REPO = Path(__file__).resolve().parents[2]
DAY = "2026-11-21"  # a Saturday
EDIT = "edited on the desktop: writes about tiny habits"


class Clock:
    """COACH_NOW for each command: one minute later every time, shared by both sides."""

    def __init__(self, start_minute: int = 9 * 60) -> None:
        self.minute = start_minute

    def tick(self) -> str:
        self.minute += 1
        return f"{DAY}T{self.minute // 60:02d}:{self.minute % 60:02d}"


@dataclass
class Side:
    """One device's coach: its data file in that device's synced folder, its own HOME and COACH_DEVICE."""

    name: str
    folder: Path
    home: Path
    clock: Clock

    @property
    def db(self) -> Path:
        return self.folder / "coach.json"

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("COACH_")}
        env.update(COACH_DB=str(self.db), COACH_NOW=self.clock.tick(), COACH_DEVICE=self.name, HOME=str(self.home))
        return subprocess.run([sys.executable, "-m", "coach", *argv], check=False, cwd=REPO, env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=60)

    def ok(self, *argv: str) -> str:
        done = self.run(*argv)
        assert done.returncode == 0, f"{self.name}: coach {' '.join(argv)} exited {done.returncode}:\n{done.stderr}"
        return done.stdout

    def records(self) -> dict[str, list[dict[str, Any]]]:
        return json.loads(self.ok("export", "--format", "json"))["records"]


def sides(pair: SyncPair) -> tuple[Side, Side]:
    clock = Clock()
    made = []
    for device in pair.devices:
        home = pair.root / f"{device.name}-home"
        home.mkdir()
        made.append(Side(device.name, device.folder, home, clock))
    return made[0], made[1]


def find(records: dict[str, list[dict[str, Any]]], table: str, **fields: str) -> list[dict[str, Any]]:
    return [record for record in records[table] if all(record.get(key) == value for key, value in fields.items())]


def live(record: dict[str, Any]) -> bool:
    return not record.get("deleted")


def test_two_devices_lose_nothing_across_a_pause_and_a_conflict(sync_pair: SyncPair) -> None:
    pair = sync_pair
    laptop, desktop = sides(pair)
    acknowledged: list[tuple[str, dict[str, str]]] = []  # (table, fields) of every record a command took

    def connect(side: Side, person: str, action: str, note: str) -> None:
        side.ok("log", "connect", person, "--action", action, "--note", note)
        acknowledged.append(("entries", {"kind": "connect", "subject": person, "action": action, "note": note}))

    def heard(side: Side, person: str, note: str) -> None:
        side.ok("heard", person, "--note", note)
        acknowledged.append(("heard", {"person": person, "note": note}))

    # 1. Connected: the laptop logs, the desktop sees it.
    connect(laptop, "@kit@example.social", "comment", "laptop: kit's thread on tiny habits")
    doomed = {"kind": "connect", "subject": "@ann@example.social", "note": "laptop: ann's question, answered"}
    laptop.ok("log", "connect", "@ann@example.social", "--action", "reply", "--note", doomed["note"])
    pair.wait_in_sync()
    seen = desktop.records()
    assert all(find(seen, table, **fields) for table, fields in acknowledged), seen["entries"]
    assert find(seen, "entries", **doomed)
    status = json.loads(desktop.ok("status", "--json"))
    assert status["day"] == DAY and status["steps"]["connect"] is True

    # 2. Paused: both sides write the data file, each alone.
    pair.pause()
    undone = laptop.ok("undo")  # the laptop takes back its last change, from before the pause: its log of @ann
    assert "@ann@example.social" in undone, undone
    desktop.ok("person", "@kit@example.social", "--note", EDIT)  # the desktop edits the laptop's @kit
    connect(laptop, "@lee@example.social", "follow", "laptop: lee's zine")
    connect(desktop, "@mo@example.social", "like", "desktop: mo's sketch")
    heard(laptop, "@lee@example.social", "laptop: lee said thanks")
    connect(desktop, "@noor@example.social", "question", "desktop: noor's talk")
    connect(laptop, "@pat@example.social", "mention", "laptop: pat's release")
    heard(desktop, "@mo@example.social", "desktop: mo wrote back")
    pair.scan()  # each side has indexed its own change before the link comes back

    # 3. Resumed: Syncthing keeps one data file and leaves the other beside it as a conflict copy.
    pair.resume()
    pair.wait_in_sync()
    appeared = pair.conflicts()
    assert all(any(name.startswith("coach.sync-conflict-") and name.endswith(".json") for name in names)
               for names in appeared.values()), f"no conflict copy of coach.json after resume: {appeared}"
    for _ in range(3):
        for side in (laptop, desktop):
            side.ok("status")  # any command: coach merges the conflict copies it finds as it starts
            pair.wait_in_sync()
        if not any(pair.conflicts().values()):
            break

    # 4. One history on both sides, nothing acknowledged lost, the deletion and the edit kept.
    on_laptop, on_desktop = laptop.records(), desktop.records()
    problems = []
    if on_laptop != on_desktop:
        differ = sorted(table for table in on_laptop.keys() | on_desktop.keys()
                        if on_laptop.get(table) != on_desktop.get(table))
        problems.append(f"the two sides export different records in: {differ}")
    for side, records in (("laptop", on_laptop), ("desktop", on_desktop)):
        for table, fields in acknowledged:
            if not any(live(record) for record in find(records, table, **fields)):
                problems.append(f"{side}: lost {table} {fields}")
        gone = find(records, "entries", **doomed)
        if not gone or any(live(record) for record in gone):
            problems.append(f"{side}: the entry undone on the laptop is {'missing' if not gone else 'live'}: {doomed}")
        kit = [person for person in find(records, "people", name="@kit@example.social") if live(person)]
        if [person["note"] for person in kit] != [EDIT]:
            problems.append(f"{side}: the desktop's edit of @kit is not what is there: {kit}")
    left = {name: names for name, names in pair.conflicts().items() if names}
    if left:
        problems.append(f"conflict copies left beside the data file: {left} (appeared after resume: {appeared})")
    assert not problems, "\n".join(problems)
