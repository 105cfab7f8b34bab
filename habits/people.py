"""People: who an entry or a heard-back names, where each relationship stands, and its next natural step.

Relationships take time (BRIEF.md, idea 4): the stages only move with patience — several touches over
weeks before someone is "warming", answers over a month before they are "connected" — and the coach
never suggests asking a favour of someone who is not yet talking with you.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from habits.model import PERSON_STEPS, SHARE_STEPS, Entry, Heard, History, PersonRecord
from habits.pitch import is_ask
from habits.tallies import KEEP_LAST, _instant
from habits.text import person_key

STAGES = ("new", "warming", "talking", "connected")
WARMING_MIN_GIVEN = 3
WARMING_MIN_DAYS = 14
CONNECTED_MIN_HEARD = 3
CONNECTED_MIN_DAYS = 30

# The next natural step for each stage, and the action it logs when a suggestion is accepted.
NEXT_STEPS: dict[str, tuple[str, str]] = {
    "new": ("follow them and like a post you genuinely enjoyed", "like"),
    "warming": ("leave a thoughtful comment on their latest post", "comment"),
    "talking": ("ask a follow-up question about their latest post", "question"),
    "connected": ("reply to their latest post, as a friend would", "reply"),
}


def stage_of(given_days: Sequence[date], heard_days: Sequence[date]) -> str:
    """The contract's stage rules, from the days you gave to someone and the days they answered."""
    given = len(given_days)
    if heard_days or given < WARMING_MIN_GIVEN:  # the span of the days given is not looked at
        return stage_from(given, None, None, heard_days)
    return stage_from(given, min(given_days), max(given_days), heard_days)


def stage_from(given: int, given_first: date | None, given_last: date | None, heard_days: Sequence[date]) -> str:
    """The stage rules from the figures they need: how often you gave and over how long, and the days
    they answered (a few at most, to whoever answers at all)."""
    if heard_days:
        if len(heard_days) >= CONNECTED_MIN_HEARD and (max(heard_days) - min(heard_days)).days >= CONNECTED_MIN_DAYS:
            return "connected"
        return "talking"
    if given >= WARMING_MIN_GIVEN and given_first and given_last and (given_last - given_first).days >= WARMING_MIN_DAYS:
        return "warming"
    return "new"


def too_early_to_ask(stage: str) -> bool:
    return stage in ("new", "warming")


def ask_warning(name: str, stage: str) -> str:
    """Short enough for one line of an 80-column check-in: the point first, kindly."""
    where = "new to you" if stage == "new" else "still warming up"
    return f"{name} is {where}: early to ask a favour. Logged; give first next time."


@dataclass(frozen=True)
class Person:
    """Everything known of one person, whatever names the entries used for them. `given`: the gifts
    (connects and shares); `asks`: the connects that asked for something (habits/pitch.py), which count
    toward no stage."""

    name: str
    record: PersonRecord | None
    given: tuple[Entry, ...]
    heard: tuple[Heard, ...]
    platforms: tuple[str, ...]
    asks: tuple[Entry, ...] = ()

    @property
    def key(self) -> str:
        return person_key(self.name)

    @property
    def stage(self) -> str:
        return stage_of([e.day for e in self.given], [h.day for h in self.heard])

    @property
    def days(self) -> list[date]:
        return [e.day for e in self.given] + [e.day for e in self.asks] + [h.day for h in self.heard]

    # What happened, as habits.aggregates.PersonFigures has it (the coach reads either).
    @property
    def gift(self) -> tuple[date, str, str, str] | None:
        last = _last(self.given)
        return (last.day, last.kind, last.action, last.note) if last else None

    @property
    def gift_at(self) -> tuple[date, str] | None:
        return _moment(_last(self.given))

    @property
    def talk_last(self) -> tuple[date, str] | None:
        return _moment(_last([e for e in self.given if e.kind not in SHARE_STEPS]))

    @property
    def heard_last(self) -> tuple[date, str] | None:
        return _moment(_last(self.heard))

    @property
    def heard_note(self) -> tuple[date, str] | None:
        last = _last([h for h in self.heard if h.note])
        return (last.day, last.note) if last else None

    @property
    def heard_days(self) -> tuple[date, ...]:
        return tuple(sorted(h.day for h in self.heard))

    @property
    def asked(self) -> int:
        return len(self.asks)

    @property
    def ask_last(self) -> date | None:
        return max((e.day for e in self.asks), default=None)

    @property
    def unanswered_asks(self) -> int:
        """Asks since they last answered (all, when they never did), of the last KEEP_LAST (as the figures keep)."""
        heard = self.heard_last
        asks = sorted(_moment(e) for e in self.asks)[-KEEP_LAST:]  # type: ignore[type-var]
        return sum(1 for at in asks if heard is None or at > heard)

    @property
    def shares_since_talk(self) -> int:
        """Shares of their work since your last connect gift (all, when none), of the last KEEP_LAST."""
        talk = self.talk_last
        shares = sorted(_moment(e) for e in self.given if e.kind in SHARE_STEPS)[-KEEP_LAST:]  # type: ignore[type-var]
        return sum(1 for at in shares if talk is None or at > talk)

    def waiting_on(self, day: date) -> bool:
        """They answered after your last gift, as things stood at the end of `day`."""
        heard = _moment(_last([h for h in self.heard if h.day <= day]))
        gift = _moment(_last([e for e in self.given if e.day <= day]))
        return heard is not None and (gift is None or heard > gift)

    @property
    def waiting(self) -> bool:
        heard, gift = self.heard_last, self.gift_at
        return heard is not None and (gift is None or heard > gift)

    @property
    def first_seen(self) -> date:
        return min(self.days)

    @property
    def last_seen(self) -> date:
        """The last touch, either way: something you gave or something they said."""
        return max(self.days)

    def last_shared(self) -> date | None:
        return max((e.day for e in self.given if e.kind in SHARE_STEPS), default=None)

    @property
    def audiences(self) -> tuple[str, ...]:
        touched = sorted((*self.given, *self.asks), key=_moment)  # type: ignore[arg-type]
        return tuple(dict.fromkeys(e.audience for e in touched if e.audience))

    @property
    def note(self) -> str:
        return self.record.note if self.record else ""

    def next_step(self) -> str:
        return NEXT_STEPS[self.stage][0]

    def to_json(self) -> dict[str, object]:
        """One object of `coach people --json`, exactly as CONTRACT.md has it (`given` counts gifts: an
        ask is none)."""
        return {
            "name": self.name,
            "platforms": list(self.platforms),
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "given": len(self.given),
            "heard": len(self.heard),
            "stage": self.stage,
        }


def _moment(record: Entry | Heard | None) -> tuple[date, str] | None:
    """When a record was made, as the figures order it: its day, then its moment in UTC."""
    return (record.day, _instant(record.created)) if record is not None else None


def _last(records: Sequence[Entry] | Sequence[Heard]) -> Entry | Heard | None:
    return max(records, key=_moment, default=None)  # type: ignore[arg-type, return-value]


def records_by_key(records: Sequence[PersonRecord]) -> dict[str, PersonRecord]:
    """Any key a person record answers to (its name's, its aliases) -> the record; the oldest wins."""
    found: dict[str, PersonRecord] = {}
    for record in sorted(records, key=lambda r: r.created):
        for key in (person_key(record.name), *record.aliases):
            found.setdefault(key, record)
    return found


class Directory:
    """Who is who in a history: every name and alias resolved to one person."""

    def __init__(self, history: History) -> None:
        self._records = records_by_key(history.people)
        groups: dict[str, tuple[str, list[Entry], list[Heard]]] = {}
        for entry in history.entries:
            if entry.kind in PERSON_STEPS:
                self._group(groups, entry.subject)[1].append(entry)  # gifts and asks: split below
        for heard in history.heard:
            self._group(groups, heard.person)[2].append(heard)
        self._people: dict[str, Person] = {}
        for group_key, (name, given, heard_back) in groups.items():
            record = self._records.get(group_key)
            platforms = [*(record.platforms if record else ()), *(e.platform for e in given),
                         *(h.platform for h in heard_back)]
            self._people[group_key] = Person(
                name=record.name if record else name,
                record=record,
                given=tuple(e for e in given if not is_ask(e.kind, e.action, e.note)),
                heard=tuple(heard_back),
                platforms=tuple(unique_names(platforms)),
                asks=tuple(e for e in given if is_ask(e.kind, e.action, e.note)),
            )

    def _canonical(self, name: str) -> str:
        key = person_key(name)
        record = self._records.get(key)
        return person_key(record.name) if record else key

    def _group(self, groups: dict, name: str) -> tuple[str, list[Entry], list[Heard]]:
        return groups.setdefault(self._canonical(name), (name.strip(), [], []))

    def find(self, name: str) -> Person | None:
        return self._people.get(self._canonical(name))

    def stage_of(self, name: str) -> str:
        person = self.find(name)
        return person.stage if person else "new"

    @property
    def people(self) -> list[Person]:
        """Everyone, the most recently seen first."""
        return sorted(self._people.values(), key=lambda p: (p.last_seen, p.name.casefold()), reverse=True)


def unique_names(names: Sequence[str]) -> list[str]:
    """The names in order, without blanks or repeats that differ only in case."""
    seen: dict[str, str] = {}
    for name in names:
        if name:
            seen.setdefault(name.casefold(), name)
    return list(seen.values())
