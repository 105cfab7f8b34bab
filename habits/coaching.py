"""The coach: who to talk to next, whose work to share, which audience to try — specific and kind.

Pure functions of the figures (habits/aggregates.py: per person and per audience, kept current by
every write, so that no suggestion reads years of entries) and a day. The words matter as much as the picks: "reconnect", never
"neglected"; no guilt for a missed day; nothing ever counts followers.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from habits.audience_map import ideas_for_genres, neighbours
from habits.days import ago
from habits.aggregates import Figures, PersonFigures
from habits.people import NEXT_STEPS, Person
from habits.text import audience_key

RECONNECT_AFTER_DAYS = 7  # a warming or talking person not touched for this long comes back
RECONNECT_WITHIN_DAYS = 365  # after a year apart a reconnection is a new start, not a next step
SHARE_AGAIN_AFTER_DAYS = 30  # someone shared this long ago may be shared again
NEW_PEOPLE_PACE = 5  # more new people than this in a day earns a note: depth beats breadth
MOST = 5  # suggestions a step at the most


def gathers(where: tuple[str, ...] | list[str]) -> str:
    """Where an audience gathers, as one line: also the note an accepted audience idea is logged with."""
    return "gathers: " + " · ".join(where) if where else ""


@dataclass(frozen=True)
class Suggestion:
    step: str  # "brainstorm", "connect" or "share"
    name: str  # the person or the audience
    why: str
    next_step: str
    action: str = ""  # what accepting a connect suggestion logs
    stage: str = ""
    where: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """The note the entry gets when this suggestion is accepted."""
        return gathers(self.where)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"name": self.name, "why": self.why, "next_step": self.next_step}
        if self.stage:
            data["stage"] = self.stage
        if self.action:
            data["action"] = self.action
        if self.where:
            data["where"] = list(self.where)
        return data


@dataclass(frozen=True)
class Coaching:
    day: date
    connect: list[Suggestion] = field(default_factory=list)
    share: list[Suggestion] = field(default_factory=list)
    brainstorm: list[Suggestion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def first(self, step: str) -> Suggestion | None:
        picks = getattr(self, step)
        return picks[0] if picks else None

    def to_json(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "brainstorm": [s.to_json() for s in self.brainstorm],
            "connect": [s.to_json() for s in self.connect],
            "share": [s.to_json() for s in self.share],
            "notes": list(self.notes),
        }


class _Desc(str):
    """A name that sorts the other way: the people's order puts later names first (Directory.people)."""

    __slots__ = ()

    def __lt__(self, other: str) -> bool:  # type: ignore[override]
        return str.__gt__(self, other)


def _people_order(person: Person | PersonFigures, place: int) -> tuple[int, _Desc, int]:
    """Where a person stands in the people's order (the most recently seen first, then by name as
    Directory.people has them, then as they came): an ascending key, unique to each person."""
    return -person.last_seen.toordinal(), _Desc(person.name.casefold()), place


class _Best:
    """The `most` smallest of many (key, item) pairs, kept as they come: a pick of five from thousands of
    people never holds the thousands."""

    def __init__(self, most: int = MOST) -> None:
        self.most = most
        self.found: list[tuple[tuple[object, ...], object]] = []

    def offer(self, key: tuple[object, ...], item: object) -> None:
        found = self.found
        if len(found) == self.most and not key < found[-1][0]:
            return
        at = len(found)
        while at and key < found[at - 1][0]:
            at -= 1
        found.insert(at, (key, item))
        del found[self.most:]

    def items(self) -> list[object]:
        return [item for _, item in self.found]


class Coacher:
    """The day's suggestions, from the people one at a time in any order (`add`, with each person's place
    in the order they came: the tie-break of last resort), so that the figures of a decade need never be
    all in memory at once (store/summary.py reads them a person at a time). The picks are those of the
    functions below over the people as Directory.people orders them."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.connect = _Best()
        self.share = _Best()
        self.audiences: dict[str, tuple[tuple[int, _Desc, int], int]] = {}  # an audience -> where it first appears
        self.new_today = 0

    def add(self, person: Person | PersonFigures, place: int) -> None:
        today, stage, seen = self.today, person.stage, person.last_seen
        if stage in ("warming", "talking") and RECONNECT_AFTER_DAYS <= (today - seen).days <= RECONNECT_WITHIN_DAYS:
            self.connect.offer((seen, person.name.casefold(), place), person)
        last = person.last_shared()
        if (last is None or (today - last).days >= SHARE_AGAIN_AFTER_DAYS) and (person.given or person.heard):
            # Those who answered first; then the never shared; then the longest unshared, the most recently seen first.
            self.share.offer((not person.heard, last is not None, last or date.min, -seen.toordinal(),
                              *_people_order(person, place)[1:]), (person, last))
        if stage in ("talking", "connected"):
            order = _people_order(person, place)
            for at, audience in enumerate(person.audiences):
                if audience not in self.audiences or (order, at) < self.audiences[audience]:
                    self.audiences[audience] = (order, at)
        if person.first_seen == today:
            self.new_today += 1

    def fruitful(self) -> list[str]:
        """The audiences of the people who answer (talking or connected), as they first appear in the people's order."""
        return sorted(self.audiences, key=self.audiences.__getitem__)

    def connect_picks(self) -> list[Suggestion]:
        picks = []
        for person in self.connect.items():
            since = ago(person.last_seen, self.today)  # type: ignore[attr-defined]
            if person.stage == "warming":  # type: ignore[attr-defined]
                weeks = max(2, (person.last_seen - person.first_seen).days // 7)  # type: ignore[attr-defined]
                why = f"you have been warming up to them for {weeks} weeks; last touch {since}"
            else:
                why = f"you are talking; reconnect — last touch {since}"
            next_step, action = NEXT_STEPS[person.stage]  # type: ignore[attr-defined]
            picks.append(Suggestion("connect", person.name, why, next_step, action=action,  # type: ignore[attr-defined]
                                    stage=person.stage))  # type: ignore[attr-defined]
        return picks

    def share_picks(self) -> list[Suggestion]:
        picks = []
        for person, last in self.share.items():  # type: ignore[misc]
            why = "you have never shared their work" if last is None else f"last shared {ago(last, self.today)}"
            if person.heard:
                why += "; they answered you"
            picks.append(Suggestion("share", person.name, why, "share something of theirs you genuinely liked",
                                    stage=person.stage))
        return picks


def _coacher(people: Sequence[Person | PersonFigures], today: date) -> Coacher:
    made = Coacher(today)
    for place, person in enumerate(people):
        made.add(person, place)
    return made


@dataclass(frozen=True)
class Lean:
    """What the check-in asks of the figures: the day's suggestions, and the names to complete (the people's
    and the audiences', newest first), read without the figures of everyone (store/summary.py)."""

    coaching: Coaching
    recent_people: tuple[str, ...]
    recent_audiences: tuple[str, ...]


def connect_suggestions(people: Sequence[Person | PersonFigures], today: date) -> list[Suggestion]:
    """Warming and talking people with no touch for a week or more, the longest waiting first."""
    return _coacher(people, today).connect_picks()


def share_suggestions(people: Sequence[Person | PersonFigures], today: date) -> list[Suggestion]:
    """People you have engaged with whose work you never shared, or not for a month.

    Someone shared in the last 30 days is never suggested, so nobody is pressed on you twice a week.
    Those who answered you come first: sharing their work is the natural thanks.
    """
    return _coacher(people, today).share_picks()


def brainstorm_suggestions(tried: Collection[str], people: Sequence[Person | PersonFigures],
                           genres: list[str]) -> list[Suggestion]:
    """Audiences next to your genres, then audiences next to the ones that brought you real conversations.

    `tried`: the audience keys brainstormed, or already where someone was found: either way, not a new idea.
    """
    return brainstorm_from(tried, _coacher(people, date.min).fruitful(), genres)


def brainstorm_from(tried: Collection[str], fruitful: list[str], genres: list[str]) -> list[Suggestion]:
    """brainstorm_suggestions, given the audiences of the people who answer, in the people's order."""
    from_genres: dict[str, Suggestion] = {}
    for found in ideas_for_genres(genres):
        if audience_key(found.name) not in tried:
            from_genres.setdefault(audience_key(found.name), Suggestion(
                "brainstorm", found.name, "an audience next to what you write",
                "find one place where they gather and read for ten minutes", where=found.where))
    from_conversations: dict[str, Suggestion] = {}
    for origin in fruitful:
        for near in neighbours(origin):
            key = audience_key(near.name)
            if key not in tried and key not in from_genres:
                from_conversations.setdefault(key, Suggestion(
                    "brainstorm", near.name, f"next to {origin}, where you met people who answer",
                    "find one place where they gather and read for ten minutes", where=near.where))
    # Genre ideas first, but never so many that the audiences next to real conversations, the
    # stronger signal, are crowded out.
    genre_picks, near_picks = list(from_genres.values()), list(from_conversations.values())
    keep = max(MOST - min(2, len(near_picks)), MOST - len(near_picks))
    return (genre_picks[:keep] + near_picks + genre_picks[keep:])[:MOST]


def coach(figures: Figures, today: date, genres: list[str]) -> Coaching:
    made = Coacher(today)
    for place, person in enumerate(figures.people):
        made.add(person, place)
    return coaching_of(made, figures.tried, genres)


def coaching_of(made: Coacher, tried: Collection[str], genres: list[str]) -> Coaching:
    """The day's suggestions, once every person was added."""
    notes = []
    if made.new_today > NEW_PEOPLE_PACE:
        notes.append(f"{made.new_today} new people today. Depth beats breadth: tomorrow, go back to one of them "
                     f"rather than meeting someone new.")
    if not genres:
        notes.append('Tell coach what you write for audience ideas: coach config genres "historical fiction, horror".')
    return Coaching(
        day=made.today,
        connect=made.connect_picks(),
        share=made.share_picks(),
        brainstorm=brainstorm_from(tried, made.fruitful(), genres),
        notes=notes,
    )
