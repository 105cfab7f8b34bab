"""Which machine is writing: a data file in a synced folder is written by several.

A device has a `name` people know it by (the computer's name, or COACH_DEVICE, which the command line
passes in) and an `id` that tells two machines apart even when they share a name ("MacBook-Pro"): the
name and the first digits of the machine's systemd id, where it has one. The id marks what belongs to
one machine in a shared file: the steps of the undo journal (undo takes back what was done here, never
what another machine did), the automatic backups, and the data file's last writer (its meta record), so
that a conflict copy can say whose it was ("merged 3 entries from the laptop's copy").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_MACHINE_IDS = ("/etc/machine-id", "/var/lib/dbus/machine-id")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
MAX_NAME = 40


@dataclass(frozen=True)
class Device:
    id: str  # letters, digits, "_", "." and "-": it goes into file names and journal keys
    name: str  # as people know it: "laptop"


def safe(text: str) -> str:
    """`text` with only what a file name and a journal key may hold, at most MAX_NAME characters."""
    return _UNSAFE.sub("-", text.strip()).strip("-.")[:MAX_NAME] or "device"


def named(name: str) -> Device:
    """A device given its name by the person (COACH_DEVICE): the name is the id."""
    return Device(safe(name), name.strip()[:MAX_NAME] or "device")


@cache
def here() -> Device:
    """This machine: its host name, and the first digits of its machine id where it has one."""
    import os

    host = os.uname().nodename.split(".")[0] if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    host = host or "device"
    machine = ""
    for source in _MACHINE_IDS:
        try:
            with open(source, encoding="ascii") as held:
                machine = held.read(64).strip()
        except (OSError, ValueError):
            continue
        if machine:
            break
    suffix = f"-{safe(machine)[:8]}" if machine else ""
    return Device(safe(host)[: MAX_NAME - len(suffix)] + suffix, host[:MAX_NAME])
