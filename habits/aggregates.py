"""The figures the coach reads instead of the years behind them: per person, per audience, per step.

Where a relationship stands (its stage), who is waiting for a reply, whose work was not shared for a
month, which audiences were tried: each needs a few numbers per person, not every entry of a decade.
The store keeps these figures current with every write, in the summary beside the data file: the
open years' figures are tallied from their records, each closed year's once (its file never
changes, so its figures are kept under its file name). Tallies of parts add up to the tally of the
whole (`merge`), which is what makes that work; a property test holds `figures_of` over the merged
tallies to what habits.people.Directory finds in the whole history.

A tally is plain JSON (days as ISO text) keyed by the raw key of a name (person_key, audience_key):
which names are one person (aliases, merges) is decided when it is read, by the people records.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from habits.model import AUDIENCE_STEPS, PERSON_STEPS, SHARE_STEPS, STEP_KEYS, History, PersonRecord, StepKind
from habits.people import STAGES, records_by_key, stage_from, unique_names
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
            a["first"] = min(a["first"], day)
            if kind in AUDIENCE_STEPS:
                a["brainstormed"] += 1
                a["last"], a["last_name"] = list(stamp), named
        if kind not in PERSON_STEPS:
            continue
        p = people.setdefault(person_key(e["subject"]), _person())
        if p["given_name"] is None:
            p["given_name"] = [*stamp, e["subject"].strip()]
        p["given"] += 1
        p["given_first"] = min(p["given_first"] or day, day)
        p["given_last"] = max(p["given_last"] or day, day)
        p["last"], p["last_name"] = list(stamp), e["subject"]
        if kind in SHARE_STEPS:
            p["shared_last"] = max(p["shared_last"] or day, day)
        _first_use(p["platforms"], e.get("platform", ""), stamp, casefold=True)
        _first_use(p["audiences"], e.get("audience", ""), stamp, casefold=False)
        if e.get("note"):
            p["note"] = [*stamp, e["note"]]
    for stamp, h in _in_time_order(heard):
        day = h["day"]
        p = people.setdefault(person_key(h["person"]), _person())
        if p["heard_name"] is None:
            p["heard_name"] = [*stamp, h["person"].strip()]
        p["heard"] += 1
        p["heard_days"].append(day)
        _first_use(p["heard_platforms"], h.get("platform", ""), stamp, casefold=True)
        if h.get("note") and (p["note"] is None or stamp >= tuple(p["note"][:2])):
            p["note"] = [*stamp, h["note"]]
    for p in people.values():
        p["heard_days"].sort()
    return out


def _person() -> dict[str, Any]:
    return {"given": 0, "given_first": None, "given_last": None, "given_name": None, "last": None,
            "last_name": "", "shared_last": None, "platforms": [], "audiences": [], "note": None,
            "heard": 0, "heard_days": [], "heard_name": None, "heard_platforms": []}


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
    """Keeps each name once, with the moment it was first used: [day, created, name]."""
    if not name:
        return
    key = name.casefold() if casefold else name
    for item in found:
        if (item[2].casefold() if casefold else item[2]) == key:
            if stamp < (item[0], item[1]):
                item[:] = [*stamp, name]
            return
    found.append([*stamp, name])


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
            if a["first"] < into["first"]:
                into["first"], into["name"] = a["first"], a["name"]
            into["brainstormed"] += a["brainstormed"]
            if a["last"] is not None and (into["last"] is None or a["last"] > into["last"]):
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


def _earlier(a: list | None, b: list | None) -> list | None:
    if a is None or b is None:
        return a if b is None else b
    return a if a[:2] <= b[:2] else b


def _later(a: list | None, b: list | None) -> list | None:
    if a is None or b is None:
        return a if b is None else b
    return a if a[:2] > b[:2] else b


def _merge_person(into: dict[str, Any], p: Mapping[str, Any]) -> None:
    into["given"] += p["given"]
    into["heard"] += p["heard"]
    into["given_name"] = _earlier(into["given_name"], p["given_name"])
    into["heard_name"] = _earlier(into["heard_name"], p["heard_name"])
    for key, pick in (("given_first", min), ("given_last", max), ("shared_last", max)):
        into[key] = pick(v for v in (into[key], p[key]) if v is not None) if (into[key] or p[key]) else None
    last = _later(into["last"], p["last"])
    if last is not into["last"]:
        into["last"], into["last_name"] = p["last"], p["last_name"]
    into["note"] = _later(into["note"], p["note"])
    into["heard_days"] = sorted([*into["heard_days"], *p["heard_days"]])
    for name, casefold in (("platforms", True), ("audiences", False), ("heard_platforms", True)):
        for day, created, used in p[name]:
            _first_use(into[name], used, (day, created), casefold)


def of_history(history: History) -> Tally:
    """The tally of a history read whole (what the store tallies from the records themselves)."""
    entries = [{"kind": e.kind, "day": e.day.isoformat(), "created": e.created, "subject": e.subject,
                "platform": e.platform, "audience": e.audience, "note": e.note} for e in history.entries]
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


# ---- the figures as the coach reads them: names resolved to people ------------------------------

@dataclass(frozen=True, slots=True)  # slots: a decade has thousands of people
class PersonFigures:
    """One person's figures, whatever names the entries used for them (the coach's view of a Person)."""

    name: str
    record: PersonRecord | None
    given: int
    heard: int
    given_first: date | None
    given_last: date | None
    heard_days: tuple[date, ...]
    shared_last: date | None
    platforms: tuple[str, ...]
    audiences: tuple[str, ...]
    last_note: str  # the newest note of an entry or a heard-back about them

    @property
    def key(self) -> str:
        return person_key(self.name)

    @property
    def stage(self) -> str:
        return stage_from(self.given, self.given_first, self.given_last, self.heard_days)

    @property
    def first_seen(self) -> date:
        return min(d for d in (self.given_first, self.heard_days[0] if self.heard_days else None) if d)

    @property
    def last_seen(self) -> date:
        return max(d for d in (self.given_last, self.heard_days[-1] if self.heard_days else None) if d)

    def last_shared(self) -> date | None:
        return self.shared_last

    @property
    def note(self) -> str:
        return self.record.note if self.record else ""


@dataclass(frozen=True)
class Figures:
    """Everyone's and every audience's figures, and the steps', read from a tally and the people records."""

    people: tuple[PersonFigures, ...]  # the most recently seen first, as Directory.people
    tried: frozenset[str]  # the audience keys brainstormed or named as where someone was found
    audiences: Mapping[str, Mapping[str, Any]]
    steps: Mapping[str, Mapping[str, Any]]
    recent_people: tuple[str, ...]  # the names given to, newest first, one per name
    recent_audiences: tuple[str, ...]  # the audiences brainstormed, newest first

    records: Mapping[str, PersonRecord] = field(default_factory=dict, repr=False)  # any name's key -> its record
    index: Mapping[str, PersonFigures] = field(default_factory=dict, repr=False)  # a person's key -> figures

    def find(self, name: str) -> PersonFigures | None:
        key = person_key(name)
        record = self.records.get(key)
        return self.index.get(person_key(record.name) if record else key)

    def stage_of(self, name: str) -> str:
        person = self.find(name)
        return person.stage if person else "new"

    def recent_names(self, kind: StepKind) -> list[str]:
        """The names a step's subject took before (audiences, or people), newest first, one per name."""
        return list(self.recent_audiences if kind.names_audience else self.recent_people)


def figures_of(total: Tally, people_records: Sequence[PersonRecord]) -> Figures:
    """The figures as the coach reads them: every raw name grouped into the person it belongs to."""
    return figures_of_people(total["people"].items(), total["audiences"], total["steps"], people_records)


def figures_of_people(people: Iterable[tuple[str, Mapping[str, Any]]], audiences: Mapping[str, Mapping[str, Any]],
                      steps: Mapping[str, Mapping[str, Any]], people_records: Sequence[PersonRecord]) -> Figures:
    """figures_of, from a tally's people one at a time (a key once, in the tally's order: see persons)."""
    records = records_by_key(people_records)
    last: list[tuple[tuple[str, str], str]] = []  # every key's last touch and the name it used, for recent_people

    def noting(items: Iterable[tuple[str, Mapping[str, Any]]]) -> Iterator[tuple[str, Mapping[str, Any]]]:
        for key, p in items:
            if p["last"] is not None:
                last.append(((p["last"][0], p["last"][1]), p["last_name"]))
            yield key, p

    index = {canonical: person for _, canonical, person in sorted(persons(noting(people), records),
                                                                  key=lambda placed: placed[0])}
    ordered = tuple(sorted(index.values(), key=lambda f: (f.last_seen, f.name.casefold()), reverse=True))
    last.sort(key=lambda touch: touch[0], reverse=True)
    return Figures(ordered, frozenset(audiences), audiences, steps, tuple(name for _, name in last),
                   _recent_brainstorms(audiences), records, index)


def persons(people: Iterable[tuple[str, Mapping[str, Any]]], records: Mapping[str, PersonRecord],
            keep: bool = True) -> Iterator[tuple[int, str, PersonFigures]]:
    """Each person's figures with their place (where their first name came in `people`) and their key (as
    Figures.find files them), from a tally's
    people one at a time: a person whose names the records do not make several is made as they come and
    only their figures are kept, so that the people of a decade, read from the figures file line by line
    (store/summary.py), are never all in memory at once as raw tallies. A name the records group with
    others waits for them. `records`: records_by_key of the people records. `keep`: the figures made are
    kept (their days and names are shared among them); else each is let go by whoever takes it."""
    names: dict[str, int] = {}  # a person's key -> how many keys the records give them
    for record in records.values():
        names[person_key(record.name)] = names.get(person_key(record.name), 0) + 1
    made = _Made(share=keep)
    waiting: dict[str, tuple[int, dict[str, Any]]] = {}
    merged: set[str] = set()  # the waiting groups of several names: merged into a new person, the tally's left as it is
    for place, (key, p) in enumerate(people):
        record = records.get(key)
        canonical = person_key(record.name) if record else key
        if names.get(canonical, 1) == 1:
            yield place, canonical, made.person(p, records.get(canonical))
        elif canonical not in waiting:
            waiting[canonical] = (place, p)  # type: ignore[assignment]
        else:
            first, group = waiting[canonical]
            if canonical not in merged:
                group = _merge_into_new(group)
                waiting[canonical] = (first, group)
                merged.add(canonical)
            _merge_person(group, p)
    for canonical, (place, p) in waiting.items():
        yield place, canonical, made.person(p, records.get(canonical))


class _Made:
    """PersonFigures made from raw figures, sharing one object for each day and each platform or audience
    name (a decade of people has a few thousand distinct days and a few dozen platforms)."""

    def __init__(self, share: bool = True) -> None:
        self.share = share  # False: figures made one at a time and let go; nothing to share, nothing to keep
        self.days: dict[str, date] = {}
        self.names: dict[str, str] = {}
        self.tuples: dict[tuple[str, ...], tuple[str, ...]] = {}

    def day(self, text: str | None) -> date | None:
        if not text:
            return None
        if not self.share:
            return date.fromisoformat(text)
        found = self.days.get(text)
        if found is None:
            found = self.days[text] = date.fromisoformat(text)
        return found

    def name(self, text: str) -> str:
        return self.names.setdefault(text, text) if self.share else text

    def names_of(self, texts: Iterable[str]) -> tuple[str, ...]:
        found = tuple(self.name(text) for text in texts)
        return self.tuples.setdefault(found, found) if self.share else found

    def person(self, p: Mapping[str, Any], record: PersonRecord | None) -> PersonFigures:
        first = p["given_name"] or p["heard_name"]
        platforms = [*(record.platforms if record else ()), *(x[2] for x in _in_order(p["platforms"])),
                     *(x[2] for x in _in_order(p["heard_platforms"]))]
        return PersonFigures(
            name=record.name if record else first[2],
            record=record,
            given=p["given"],
            heard=p["heard"],
            given_first=self.day(p["given_first"]),
            given_last=self.day(p["given_last"]),
            heard_days=tuple(self.day(d) for d in p["heard_days"]),  # type: ignore[misc]
            shared_last=self.day(p["shared_last"]),
            platforms=self.names_of(unique_names(platforms)),
            audiences=self.names_of(x[2] for x in _in_order(p["audiences"])),
            last_note=p["note"][2] if p["note"] else "",
        )


def figures_of_history(history: History) -> Figures:
    """The figures of a history read whole."""
    return figures_of(of_history(history), history.people)


def _merge_into_new(p: Mapping[str, Any]) -> dict[str, Any]:
    into = _person()
    _merge_person(into, p)
    return into


def _recent_brainstorms(audiences: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for a in sorted((a for a in audiences.values() if a["last"] is not None), key=lambda a: a["last"], reverse=True):
        seen.setdefault(a["last_name"].casefold(), a["last_name"])
    return tuple(seen.values())


def _at(item: list[str]) -> tuple[str, str]:
    return item[0], item[1]


def _in_order(items: list[list[str]]) -> list[list[str]]:
    """Names with the moment each was first used, in that order (a tally keeps them so; a merge may not)."""
    return items if len(items) < 2 else sorted(items, key=_at)


__all__ = ["STAGES", "audience_key", "Figures", "PersonFigures", "Tally", "empty", "figures_of", "figures_of_history",
           "figures_of_people", "merge", "of_history", "of_tables", "persons", "records_by_key", "tally"]
