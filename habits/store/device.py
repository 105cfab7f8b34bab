"""Which machine is writing: a data file in a synced folder is written by several.

A device has a `name` people know it by (the computer's name, or COACH_DEVICE, which the command line
passes in) and an `id` that tells two machines apart even when they share a name ("MacBook-Pro"): the
name and the first digits of the machine's systemd id, where it has one. The id marks what belongs to
one machine in a shared file: the steps of the undo journal (undo takes back what was done here, never
what another machine did), the automatic backups, and the data file's last writer (its meta record), so
that a conflict copy can say whose it was ("merged 3 entries from the laptop's copy").
"""

from __future__ import annotations

from collections import namedtuple
from functools import cache

_MACHINE_IDS = ("/etc/machine-id", "/var/lib/dbus/machine-id")
_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_HEX = frozenset("0123456789abcdef")
MAX_NAME = 40


# `id`: letters, digits, "_", "." and "-" (it goes into file names and journal keys); `name`: as people know
# it, "laptop". (A named tuple: `coach status` reads the summary by the device's id, and a dataclass costs
# it half a millisecond to make.)
Device = namedtuple("Device", ["id", "name"])


def safe(text: str) -> str:
    """`text` with only what a file name and a journal key may hold, at most MAX_NAME characters."""
    kept = "".join(c if c in _SAFE else "-" for c in text.strip())
    while "--" in kept:
        kept = kept.replace("--", "-")
    return kept.strip("-.")[:MAX_NAME] or "device"


def named(name: str) -> Device:
    """A device given its name by the person (COACH_DEVICE): the name is the id."""
    return Device(safe(name), name.strip()[:MAX_NAME] or "device")


def machine_of(device_id: str | None) -> str | None:
    """What stays of a machine's id when its name changes (a laptop renamed, or named anew by DHCP): the
    digits of its machine id, where it has one; else the id itself (COACH_DEVICE keeps it steady there)."""
    if device_id is None:
        return None
    suffix = device_id[-8:]
    return suffix if len(device_id) > 9 and device_id[-9] == "-" and set(suffix) <= _HEX else device_id


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
