"""Audiences: the interest groups brainstormed, where they gather, and the people found in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from habits.model import AUDIENCE_STEPS, AudienceRecord, History
from habits.people import Directory
from habits.text import audience_key


@dataclass(frozen=True)
class Audience:
    name: str
    record: AudienceRecord | None
    first_seen: date
    times: int  # brainstorm entries that named it
    notes: tuple[str, ...]
    people: tuple[str, ...]  # the names connect and share entries gave as found here

    @property
    def key(self) -> str:
        return audience_key(self.name)

    @property
    def where(self) -> str:
        return self.record.where if self.record else ""

    def to_json(self) -> dict[str, object]:
        """One object of `coach audiences --json`, exactly as CONTRACT.md has it."""
        return {"name": self.name, "first_seen": self.first_seen.isoformat(), "times": self.times,
                "notes": list(self.notes)}


def audiences(history: History) -> list[Audience]:
    """Every audience named in a brainstorm or as where a person was found, the newest first."""
    records = {audience_key(r.name): r for r in sorted(history.audiences, key=lambda r: r.created, reverse=True)}
    directory = Directory(history)  # people found there are counted once, by who they are
    found: dict[str, dict] = {}
    for entry in history.entries:
        name = entry.audience_named
        if not name:
            continue
        key = audience_key(name)
        record = records.get(key)
        info = found.setdefault(key, {"name": record.name if record else name, "record": record,
                                      "first_seen": entry.day, "times": 0, "notes": [], "people": {}})
        info["first_seen"] = min(info["first_seen"], entry.day)
        if entry.kind in AUDIENCE_STEPS:
            info["times"] += 1
            if entry.note:
                info["notes"].append(entry.note)
        else:
            person = directory.find(entry.subject)
            if person is not None:
                info["people"].setdefault(person.key, person.name)
    result = [
        Audience(name=i["name"], record=i["record"], first_seen=i["first_seen"], times=i["times"],
                 notes=tuple(i["notes"]), people=tuple(i["people"].values()))
        for i in found.values()
    ]
    return sorted(result, key=lambda a: (a.first_seen, a.name.casefold()), reverse=True)
