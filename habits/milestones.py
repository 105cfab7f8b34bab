"""Milestones: a calm word when the streak reaches 7, 30, 100 or 365 days, or someone starts talking with you.

Pure: the caller passes the history before and after a change (or the streaks and stages themselves).
There is never a message for a streak that ended: a missed day is not news, and the strength score
already forgives it (BRIEF.md: streaks reward showing up). Stages count only upward moves to
"talking" and "connected", the two that mean someone answered; "warming" is your own doing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from habits.model import STEP_KEYS, Entry, Heard, History
from habits.people import STAGES, Directory, stage_from
from habits.streaks import current_streak

if TYPE_CHECKING:
    from habits.aggregates import Figures

# The streak lengths worth a word, and the word. Said once, as the streak reaches them.
STREAK_MILESTONES: dict[int, str] = {
    7: "Seven days in a row: a week of showing up for other people.",
    30: "Thirty days in a row: a month of audiences found, people met and work shared.",
    100: "A hundred days in a row: this is simply what you do now.",
    365: "A whole year, day after day. Thank you for showing up for people.",
}

# Short enough, with a name of 20 characters, for one line of an 80-column check-in.
STAGE_MILESTONES: dict[str, str] = {
    "talking": "{name} answered you: a conversation has begun.",
    "connected": "You and {name} are connected now: a relationship built over weeks.",
}


@dataclass(frozen=True)
class Milestone:
    """One thing worth a word: `kind` "streak" (value: the days) or "stage" (value: the stage reached)."""

    kind: str
    value: int | str
    text: str
    person: str = ""


def streak_milestones(before: int, after: int) -> list[Milestone]:
    """The milestone the current streak reached going from `before` to `after` days: the highest one
    crossed (an import that fills a year at once says one thing, not four), none when it fell or stayed."""
    crossed = [days for days in STREAK_MILESTONES if before < days <= after]
    if not crossed:
        return []
    days = max(crossed)
    return [Milestone("streak", days, STREAK_MILESTONES[days])]


def stage_milestones(before: Mapping[str, str], after: Mapping[str, str]) -> list[Milestone]:
    """People (name -> stage) who moved up to talking or connected; someone not in `before` was new.
    A move down (an undo, a heard-back deleted) says nothing."""
    found: list[Milestone] = []
    for name, stage in after.items():
        was = before.get(name, "new")
        if stage in STAGE_MILESTONES and STAGES.index(stage) > STAGES.index(was):
            found.append(Milestone("stage", stage, STAGE_MILESTONES[stage].format(name=name), person=name))
    return found


def current_streak_on(days: Mapping[date, Collection[str]], rest_days: Collection[date], today: date) -> int:
    """The current streak as habits.routine.status_on counts it, from which steps each day had."""
    complete = _CompleteDays(days)  # the streak walks back from today: no need to sort out decades of days
    rest = {day for day in rest_days if day not in complete}
    return current_streak(complete, rest, today)


def current_streak_of(history: History, today: date) -> int:
    return current_streak_on(history.kinds_by_day(), history.rest_days, today)


class _CompleteDays:
    """The days with every step done, asked one day at a time."""

    def __init__(self, by_day: Mapping[date, Collection[str]]) -> None:
        self._by_day = by_day

    def __contains__(self, day: object) -> bool:
        return len(self._by_day.get(day, ())) == len(STEP_KEYS)  # type: ignore[call-overload]


def stages_of(history: History, names: Iterable[str] | None = None) -> dict[str, str]:
    """Each person's stage by the name they go by now; only those `names` find, when given."""
    directory = Directory(history)
    if names is None:
        return {person.name: person.stage for person in directory.people}
    people = (directory.find(name) for name in names)
    return {person.name: person.stage for person in people if person is not None}


def milestones(before: History, after: History, today: date, people: Iterable[str] | None = None) -> list[Milestone]:
    """What a change reached: the streak (as of the routine day `today`) and the people's stages.

    `people`: the names the change touched, to look at their stages only ([] for none, None for everyone).
    """
    found = streak_milestones(current_streak_of(before, today), current_streak_of(after, today))
    names = None if people is None else list(people)
    if names is None or names:
        # By the name they go by after the change, so that before and after line up.
        now = stages_of(after, names)
        found += stage_milestones(stages_of(before, now), now)
    return found


def logged_milestones(after: History, entry: Entry, today: date) -> list[Milestone]:
    """What logging `entry` reached, from the history read whole after it."""
    return step_milestones(after.kinds_by_day(), after.rest_days, entry,
                           first_of_its_kind=first_counted(after.entries_on(entry.day), entry), today=today)


def first_counted(day_entries: Iterable[Entry], entry: Entry) -> bool:
    """Whether `entry` is the only one of its day's entries (`day_entries`, itself among them) that does
    its step (habits.model.counts_for_day: an ask earlier that day did not do the Connect step)."""
    return entry.counts_for_day is not None and not any(
        e.id != entry.id and e.kind == entry.kind and e.counts_for_day is not None for e in day_entries)


def step_milestones(days: Mapping[date, Collection[str]], rest_days: Collection[date], entry: Entry,
                    first_of_its_kind: bool, today: date) -> list[Milestone]:
    """What logging `entry` reached, from which steps each day had after it (`days`), and whether it was
    the first of its step that day that does it (first_counted; else nothing changed). An ask does no
    step (habits.model.counts_for_day): it reaches nothing. A step never moves anyone to talking or
    connected (only an answer does), so only the streak is looked at."""
    if not first_of_its_kind or entry.counts_for_day is None:
        return []
    before = dict(days)
    before[entry.day] = set(days.get(entry.day, ())) - {entry.kind}
    return streak_milestones(current_streak_on(before, rest_days, today), current_streak_on(days, rest_days, today))


def heard_milestones(after: History, heard: Heard, today: date) -> list[Milestone]:
    """What hearing back from someone reached, from the history read after it was recorded."""
    from habits.aggregates import figures_of_history

    return answer_milestones(figures_of_history(after), heard)


def answer_milestones(figures: Figures, heard: Heard) -> list[Milestone]:
    """What an answer from someone reached, from the figures after it: their move up to talking or
    connected, if they made one (an answer changes nothing else a milestone counts)."""
    person = figures.find(heard.person)
    if person is None:
        return []
    days = list(person.heard_days)
    days.remove(heard.day)  # as they stood before this answer
    before = stage_from(person.given, person.given_first, person.given_last, days)
    return stage_milestones({person.name: before}, {person.name: person.stage})

