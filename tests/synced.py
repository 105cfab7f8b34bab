"""Two folders kept in step the way a sync tool keeps them, in-process and in an instant, for the tests
of a data file shared by two machines (tests/unit/test_sync.py, test_sync_properties.py).

`Synced.sync()` does what Syncthing does with each file since the last time: a file changed on one side
only goes to the other (a deletion too); a file changed on both sides keeps the version written last
(by its modification time, the laptop's at a tie, or as the test chooses) under its name on both sides, and the other version
becomes a conflict copy beside it on both, named as Syncthing names them; a file deleted on one side
and changed on the other comes back changed. Temp files and the lock are not synced (Syncthing skips
neither, but they are gone or empty by the time a sync could see them).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

SKIP = (".tmp", ".lock")


def files_of(folder: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.endswith(SKIP):
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def conflict_name(rel: str, device: str, stamp: str = "20261207-101500") -> str:
    folder, _, name = rel.rpartition("/")
    base, dot, ext = name.rpartition(".")
    named = f"{base}.sync-conflict-{stamp}-{device}.{ext}" if dot and base else f"{name}.sync-conflict-{stamp}-{device}"
    return f"{folder}/{named}" if folder else named


class Synced:
    """The laptop's folder `a` and the desktop's `b`, kept in step when `sync()` is called."""

    def __init__(self, a: Path, b: Path, laptop_wins: Callable[[str], bool] | None = None) -> None:
        """`laptop_wins(name)`: which version keeps the name in a conflict (Syncthing: the newer file;
        other tools choose otherwise), else the newer one."""
        self.a, self.b = a, b
        self.laptop_wins = laptop_wins
        a.mkdir(parents=True, exist_ok=True)
        b.mkdir(parents=True, exist_ok=True)
        self.base: dict[str, bytes] = {}
        self.conflicts = 0

    def _put(self, folder: Path, rel: str, payload: bytes | None, mtime: int | None = None) -> None:
        target = folder / rel
        if payload is None:
            target.unlink(missing_ok=True)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload)
        if mtime is not None:
            os.utime(target, ns=(mtime, mtime))

    def sync(self) -> None:
        left, right = files_of(self.a), files_of(self.b)
        for rel in sorted(set(left) | set(right) | set(self.base)):
            x, y, base = left.get(rel), right.get(rel), self.base.get(rel)
            if x == y:
                final = x
            elif x == base:  # changed on the desktop only
                self._put(self.a, rel, y, (self.b / rel).stat().st_mtime_ns if y is not None else None)
                final = y
            elif y == base:  # changed on the laptop only
                self._put(self.b, rel, x, (self.a / rel).stat().st_mtime_ns if x is not None else None)
                final = x
            elif x is None or y is None:  # deleted on one side, changed on the other: the change stays
                final, where = (y, self.b) if x is None else (x, self.a)
                self._put(self.a if x is None else self.b, rel, final, (where / rel).stat().st_mtime_ns)
            else:  # changed on both: the newer keeps the name, the other is a conflict copy on both sides
                self.conflicts += 1
                newer_a = (self.laptop_wins(rel) if self.laptop_wins is not None else
                           (self.a / rel).stat().st_mtime_ns >= (self.b / rel).stat().st_mtime_ns)
                final, loser = (x, y) if newer_a else (y, x)
                # Syncthing names a copy by the time of the conflict, to the second: one a second here.
                copy = conflict_name(rel, "DESKTOP" if newer_a else "LAPTOPX", f"20261207-{101500 + self.conflicts}")
                for folder in (self.a, self.b):
                    self._put(folder, rel, final)
                    self._put(folder, copy, loser)
                self.base[copy] = loser
            if final is None:
                self.base.pop(rel, None)
            else:
                self.base[rel] = final

    def in_step(self) -> bool:
        return files_of(self.a) == files_of(self.b)
