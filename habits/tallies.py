"""Tallies: the figures of some entries and heard-backs, per person, audience and step, as the store keeps
them (the summary beside the data file for the open years, the figures file for the closed ones) and
as every write adds to them. Tallies of parts add up to the tally of the whole (`merge`).

A tally is plain JSON (days as ISO text) keyed by the raw key of a name (person_key, audience_key):
which names are one person (aliases, merges) is decided when it is read, by the people records
(habits/aggregates.py, the figures as the coach reads them). This module makes no objects of its own,
so that a write, which tallies what it added, imports little.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from habits.model import AUDIENCE_STEPS, PERSON_STEPS, SHARE_STEPS, STEP_KEYS, History
from habits.pitch import is_ask
from habits.text import audience_key, person_key

Tally = dict[str, Any]
# A moment to order by: the day, then when it was written, in UTC ("2026-11-21", "2026-11-21T09:00:00.000+00:00").
Stamp = tuple[str, str]


def empty() -> Tally:
    return {"people": {}, "audiences": {}, "steps": {}}


def tally(entries: Iterable[Mapping[str, Any]], heard: Iterable[Mapping[str, Any]]) -> Tally:
    """The figures of some entries and heard-backs (raw records, or anything with the same keys), live ones only."""
    out = empty()
    people: dict[str, dict[str, Any]] = out["people"]
    for stamp, e in _in_time_order(entries):
        kind, day = e["kind"], e["day"]
        steps = out["steps"].setdefault(kind, {"count": 0, "first": day, "last": day})
        steps["count"] += 1
        steps["first"], steps["last"] = min(steps["first"], day), max(steps["last"], day)
        named = e["subject"] if kind in AUDIENCE_STEPS else e.get("audience", "")
        if named:
            a = out["audiences"].setdefault(audience_key(named), {
                "name": named, "first": day, "brainstormed": 0, "last": None, "last_name": ""})
            if (day, named) < (a["first"], a["name"]):
                a["first"], a["name"] = day, named
            if kind in AUDIENCE_STEPS:
                a["brainstormed"] += 1
                if a["last"] is None or (list(stamp), named) > (a["last"], a["last_name"]):
                    a["last"], a["last_name"] = list(stamp), named
        if kind not in PERSON_STEPS:
            continue
        p = people.setdefault(person_key(e["subject"]), _person())
        p["given_name"] = _earlier(p["given_name"], [*stamp, e["subject"].strip()])
        if p["last"] is None or (list(stamp), e["subject"]) > (p["last"], p["last_name"]):
            p["last"], p["last_name"] = list(stamp), e["subject"]
        _first_use(p["platforms"], e.get("platform", ""), stamp, casefold=True)
        _first_use(p["audiences"], e.get("audience", ""), stamp, casefold=False)
        if e.get("note"):
            p["note"] = _later(p["note"], [*stamp, e["note"]])
        action = e.get("action") or ""
        if is_ask(kind, action, e.get("note") or ""):  # asking is not giving: no gift, no warming
            p["asked"] += 1
            p["ask_first"] = min(p["ask_first"] or day, day)
            _keep_last(p["ask_days"], list(stamp))
            continue
        p["given"] += 1
        p["given_first"] = min(p["given_first"] or day, day)
        p["given_last"] = max(p["given_last"] or day, day)
        p["gift"] = _later(p["gift"], [*stamp, kind, action, e.get("note") or ""])
        if kind in SHARE_STEPS:
            p["shared_last"] = max(p["shared_last"] or day, day)
            _keep_last(p["share_days"], list(stamp))
        else:
            p["talk"] = list(stamp)
    for stamp, h in _in_time_order(heard):
        day = h["day"]
        p = people.setdefault(person_key(h["person"]), _person())
        p["heard_name"] = _earlier(p["heard_name"], [*stamp, h["person"].strip()])
        p["heard"] += 1
        p["heard_days"].append(day)
        p["heard_last"] = _later(p["heard_last"], [*stamp, h.get("note") or ""])
        if h.get("note"):
            p["heard_note"] = _later(p["heard_note"], [*stamp, h["note"]])
        _first_use(p["heard_platforms"], h.get("platform", ""), stamp, casefold=True)
        if h.get("note"):
            p["note"] = _later(p["note"], [*stamp, h["note"]])
    for p in people.values():
        p["heard_days"].sort()
    return out


# The last moments of some kind a person's figures keep (asks, shares): enough to count "the fifth ask
# with nothing heard" or "shared six times since you last talked", and a few dozen bytes a person.
KEEP_LAST = 12


def _person() -> dict[str, Any]:
    """A person's figures. `given`, `given_first` and `given_last` count gifts only (an ask is not one);
    `gift`: the last gift [day, created, kind, action, note]; `talk`: the last connect gift's moment (a
    share does not restart a conversation); `heard_last` / `heard_note`: the last answer, and the last
    answer with a note [day, created, note]; `ask_days` / `share_days`: the last KEEP_LAST moments."""
    return {"given": 0, "given_first": None, "given_last": None, "given_name": None, "last": None,
            "last_name": "", "shared_last": None, "platforms": [], "audiences": [], "note": None,
            "heard": 0, "heard_days": [], "heard_name": None, "heard_platforms": [],
            "asked": 0, "ask_first": None, "ask_days": [], "share_days": [], "gift": None, "talk": None,
            "heard_last": None, "heard_note": None}


def _keep_last(found: list[list[str]], stamp: list[str]) -> None:
    """Adds a moment to a sorted list of the last KEEP_LAST."""
    found.append(stamp)
    found.sort()
    del found[:-KEEP_LAST]


def _in_time_order(records: Iterable[Mapping[str, Any]]) -> list[tuple[Stamp, Mapping[str, Any]]]:
    """The records with their moments, oldest first (each moment worked out once)."""
    return sorted(((_stamp(r), r) for r in records), key=lambda pair: pair[0])


def _stamp(record: Mapping[str, Any]) -> Stamp:
    return record["day"], _instant(record.get("created", ""))


def _instant(created: str) -> str:
    """When a record was made, in UTC: text that sorts as the moments do (a record made in Berlin and
    one made later in Los Angeles, or either side of the hour summer time repeats, keep their order)."""
    try:
        return datetime.fromisoformat(created).astimezone(UTC).isoformat(timespec="milliseconds")
    except (TypeError, ValueError):
        return created


def _first_use(found: list[list[str]], name: str, stamp: Stamp, casefold: bool) -> None:
    """Keeps each name once, with the moment it was first used: [day, created, name], in the order of
    those moments (names first used in the same instant by name), whatever order the records come in:
    a tally made a step at a time is the tally made at once."""
    if not name:
        return
    key = name.casefold() if casefold else name
    for item in found:
        if (item[2].casefold() if casefold else item[2]) == key:
            if (*stamp, name) < (item[0], item[1], item[2]):
                item[:] = [*stamp, name]
                found.sort()  # [day, created, name]: by the moment, then the name
            return
    found.append([*stamp, name])
    if len(found) > 1 and found[-2] > found[-1]:
        found.sort()


def merge(parts: Sequence[Tally]) -> Tally:
    """One tally of several (the open years' and each closed year's): as if tallied together."""
    out = empty()
    for part in parts:
        for kind, s in part["steps"].items():
            into = out["steps"].setdefault(kind, {"count": 0, "first": s["first"], "last": s["last"]})
            into["count"] += s["count"]
            into["first"], into["last"] = min(into["first"], s["first"]), max(into["last"], s["last"])
        for key, a in part["audiences"].items():
            into = out["audiences"].get(key)
            if into is None:
                out["audiences"][key] = {**a}
                continue
            if (a["first"], a["name"]) < (into["first"], into["name"]):
                into["first"], into["name"] = a["first"], a["name"]
            into["brainstormed"] += a["brainstormed"]
            if a["last"] is not None and (into["last"] is None or (a["last"], a["last_name"]) > (into["last"], into["last_name"])):
                into["last"], into["last_name"] = a["last"], a["last_name"]
        people, made = out["people"], set()  # a person in one part only is that part's, not a copy
        for key, p in part["people"].items():
            into = people.get(key)
            if into is None:
                people[key] = p
                continue
            if key not in made:
                people[key] = into = _merge_into_new(into)
                made.add(key)
            _merge_person(into, p)
    return out


# Which of two moments with what came with them ([day, created, …]) is the earlier or the later: by the
# moment, and of one moment by what came with it, so that the order records are tallied in never matters
# (two steps logged in one millisecond, an import, a step added to the summary's figures).

def _earlier(a: list | None, b: list | None) -> list | None:
    if a is None or b is None:
        return a if b is None else b
    return a if a <= b else b


def _later(a: list | None, b: list | None) -> list | None:
    if a is None or b is None:
        return a if b is None else b
    return a if a > b else b


def _merge_person(into: dict[str, Any], p: Mapping[str, Any]) -> None:
    into["given"] += p["given"]
    into["heard"] += p["heard"]
    into["given_name"] = _earlier(into["given_name"], p["given_name"])
    into["heard_name"] = _earlier(into["heard_name"], p["heard_name"])
    for key, pick in (("given_first", min), ("given_last", max), ("shared_last", max)):
        into[key] = pick(v for v in (into[key], p[key]) if v is not None) if (into[key] or p[key]) else None
    if p["last"] is not None and (into["last"] is None or (p["last"], p["last_name"]) > (into["last"], into["last_name"])):
        into["last"], into["last_name"] = p["last"], p["last_name"]
    into["note"] = _later(into["note"], p["note"])
    into["asked"] += p["asked"]
    into["ask_first"] = min(d for d in (into["ask_first"], p["ask_first"]) if d) if (into["ask_first"] or p["ask_first"]) else None
    for key in ("gift", "talk", "heard_last", "heard_note"):
        into[key] = _later(into[key], p[key])
    for key in ("ask_days", "share_days"):
        into[key] = sorted([*into[key], *p[key]])[-KEEP_LAST:]
    into["heard_days"] = sorted([*into["heard_days"], *p["heard_days"]])
    for name, casefold in (("platforms", True), ("audiences", False), ("heard_platforms", True)):
        for day, created, used in p[name]:
            _first_use(into[name], used, (day, created), casefold)


def of_history(history: History) -> Tally:
    """The tally of a history read whole (what the store tallies from the records themselves)."""
    entries = [{"kind": e.kind, "day": e.day.isoformat(), "created": e.created, "subject": e.subject,
                "platform": e.platform, "audience": e.audience, "note": e.note, "action": e.action}
               for e in history.entries]
    heard = [{"day": h.day.isoformat(), "created": h.created, "person": h.person, "platform": h.platform,
              "note": h.note} for h in history.heard]
    return tally(entries, heard)


def of_tables(tables: Mapping[str, Mapping[str, Any]], skip: Collection[str] = ()) -> Tally:
    """The tally of raw tables (a data file's, a closed year's), leaving out tombstones and the ids in
    `skip` (records the careful read could not read) and anything not shaped as coach writes it."""
    def live(table: str, needs: tuple[str, ...]) -> list[Mapping[str, Any]]:
        return [r for key, r in tables.get(table, {}).items()
                if not r.get("deleted") and key not in skip and r.get("id") not in skip
                and all(isinstance(r.get(k), str) for k in needs)]
    entries = [e for e in live("entries", ("kind", "day", "subject")) if e["kind"] in STEP_KEYS]
    return tally(entries, live("heard", ("day", "person")))


def _merge_into_new(p: Mapping[str, Any]) -> dict[str, Any]:
    into = _person()
    _merge_person(into, p)
    return into


def _at(item: list[str]) -> tuple[str, str]:
    return item[0], item[1]


def _in_order(items: list[list[str]]) -> list[list[str]]:
    """Names with the moment each was first used, in that order (a tally keeps them so; a merge may not)."""
    return items if len(items) < 2 else sorted(items, key=_at)
