"""The figures the coach reads instead of the years behind them: per person, per audience, per step.

Where a relationship stands (its stage), who is waiting for a reply, whose work was not shared for a
month, which audiences were tried: each needs a few numbers per person, not every entry of a decade.
The store keeps these figures current with every write, in the summary beside the data file: the
open years' figures are tallied from their records, each closed year's once (its file never
changes, so its figures are kept under its file name). Tallies of parts add up to the tally of the
whole (`merge`), which is what makes that work; a property test holds `figures_of` over the merged
tallies to what habits.people.Directory finds in the whole history.

A tally (habits/tallies.py) is plain JSON keyed by the raw key of a name: which names are one person
(aliases, merges) is decided here, when it is read, by the people records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from habits.model import History, PersonRecord, StepKind
from habits.people import STAGES, records_by_key, stage_from, unique_names
from habits.tallies import Tally, _in_order, _merge_into_new, _merge_person, empty, merge, of_history, of_tables, tally
from habits.text import audience_key, person_key


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
    # What the coach reads of what happened (habits/tallies.py _person): the last gift, its kind, action and
    # note; the last connect gift (the conversation's clock); the last answer and the last one with a note.
    gift: tuple[date, str, str, str] | None = None
    talk_last: tuple[date, str] | None = None  # (day, created)
    heard_last: tuple[date, str] | None = None
    heard_note: tuple[date, str] | None = None  # (day, what they said)
    asked: int = 0
    ask_first: date | None = None
    ask_last: date | None = None
    unanswered_asks: int = 0  # asks since they last answered (all, when they never did), of the last few
    shares_since_talk: int = 0  # shares of their work since your last connect gift (all, when none), of the last few
    gift_at: tuple[date, str] | None = None  # the last gift's moment

    @property
    def key(self) -> str:
        return person_key(self.name)

    @property
    def waiting(self) -> bool:
        """They answered after your last gift: it is your turn."""
        return self.heard_last is not None and (self.gift_at is None or self.heard_last > self.gift_at)

    @property
    def stage(self) -> str:
        return stage_from(self.given, self.given_first, self.given_last, self.heard_days)

    @property
    def first_seen(self) -> date:
        return min(d for d in (self.given_first, self.ask_first, self.heard_days[0] if self.heard_days else None) if d)

    @property
    def last_seen(self) -> date:
        """The last touch either way (an ask is one, though not a gift)."""
        return max(d for d in (self.given_last, self.ask_last,
                               self.heard_days[-1] if self.heard_days else None) if d)

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
            gift=(self.day(p["gift"][0]), p["gift"][2], p["gift"][3], p["gift"][4]) if p["gift"] else None,  # type: ignore[arg-type]
            talk_last=self.moment(p["talk"]),
            heard_last=self.moment(p["heard_last"]),
            heard_note=(self.day(p["heard_note"][0]), p["heard_note"][2]) if p["heard_note"] else None,  # type: ignore[arg-type]
            asked=p["asked"],
            ask_first=self.day(p["ask_first"]),
            ask_last=self.day(p["ask_days"][-1][0]) if p["ask_days"] else None,
            # Moments compare as the tally's text does ([day, created in UTC]): no day made for each.
            unanswered_asks=sum(1 for at in p["ask_days"] if p["heard_last"] is None or at > p["heard_last"][:2]),
            shares_since_talk=sum(1 for at in p["share_days"] if p["talk"] is None or at > p["talk"][:2]),
            gift_at=self.moment(p["gift"]),
        )

    def moment(self, stamp: list[str] | None) -> tuple[date, str] | None:
        """A tally's moment, [day, created, …], as (day, created in UTC): ordered as the tally orders them."""
        return (self.day(stamp[0]), stamp[1]) if stamp else None  # type: ignore[return-value]


def figures_of_history(history: History) -> Figures:
    """The figures of a history read whole."""
    return figures_of(of_history(history), history.people)


def _recent_brainstorms(audiences: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for a in sorted((a for a in audiences.values() if a["last"] is not None), key=lambda a: a["last"], reverse=True):
        seen.setdefault(a["last_name"].casefold(), a["last_name"])
    return tuple(seen.values())


__all__ = ["STAGES", "audience_key", "Figures", "PersonFigures", "Tally", "empty", "figures_of", "figures_of_history",
           "figures_of_people", "merge", "of_history", "of_tables", "persons", "records_by_key", "tally"]
