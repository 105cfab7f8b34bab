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


def connect_suggestions(people: Sequence[Person | PersonFigures], today: date) -> list[Suggestion]:
    """Warming and talking people with no touch for a week or more, the longest waiting first."""
    waiting = [
        p for p in people
        if p.stage in ("warming", "talking")
        and RECONNECT_AFTER_DAYS <= (today - p.last_seen).days <= RECONNECT_WITHIN_DAYS
    ]
    waiting.sort(key=lambda p: (p.last_seen, p.name.casefold()))
    picks = []
    for person in waiting[:MOST]:
        since = ago(person.last_seen, today)
        if person.stage == "warming":
            weeks = max(2, (person.last_seen - person.first_seen).days // 7)
            why = f"you have been warming up to them for {weeks} weeks; last touch {since}"
        else:
            why = f"you are talking; reconnect — last touch {since}"
        next_step, action = NEXT_STEPS[person.stage]
        picks.append(Suggestion("connect", person.name, why, next_step, action=action, stage=person.stage))
    return picks


def share_suggestions(people: Sequence[Person | PersonFigures], today: date) -> list[Suggestion]:
    """People you have engaged with whose work you never shared, or not for a month.

    Someone shared in the last 30 days is never suggested, so nobody is pressed on you twice a week.
    Those who answered you come first: sharing their work is the natural thanks.
    """
    candidates = []
    for person in people:
        last = person.last_shared()
        if last is not None and (today - last).days < SHARE_AGAIN_AFTER_DAYS:
            continue
        if not person.given and not person.heard:
            continue
        candidates.append((person, last))
    candidates.sort(key=lambda c: (not c[0].heard, c[1] is not None, c[1] or date.min, -c[0].last_seen.toordinal()))
    picks = []
    for person, last in candidates[:MOST]:
        why = "you have never shared their work" if last is None else f"last shared {ago(last, today)}"
        if person.heard:
            why += "; they answered you"
        picks.append(Suggestion("share", person.name, why, "share something of theirs you genuinely liked",
                                stage=person.stage))
    return picks


def brainstorm_suggestions(tried: Collection[str], people: Sequence[Person | PersonFigures],
                           genres: list[str]) -> list[Suggestion]:
    """Audiences next to your genres, then audiences next to the ones that brought you real conversations.

    `tried`: the audience keys brainstormed, or already where someone was found: either way, not a new idea.
    """
    from_genres: dict[str, Suggestion] = {}
    for found in ideas_for_genres(genres):
        if audience_key(found.name) not in tried:
            from_genres.setdefault(audience_key(found.name), Suggestion(
                "brainstorm", found.name, "an audience next to what you write",
                "find one place where they gather and read for ten minutes", where=found.where))
    from_conversations: dict[str, Suggestion] = {}
    fruitful = list(dict.fromkeys(a for p in people if p.stage in ("talking", "connected") for a in p.audiences))
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
    people = figures.people
    notes = []
    new_today = [p for p in people if p.first_seen == today]
    if len(new_today) > NEW_PEOPLE_PACE:
        notes.append(f"{len(new_today)} new people today. Depth beats breadth: tomorrow, go back to one of them "
                     f"rather than meeting someone new.")
    if not genres:
        notes.append('Tell coach what you write for audience ideas: coach config genres "historical fiction, horror".')
    return Coaching(
        day=today,
        connect=connect_suggestions(people, today),
        share=share_suggestions(people, today),
        brainstorm=brainstorm_suggestions(figures.tried, people, genres),
        notes=notes,
    )
