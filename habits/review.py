"""The weekly review: what one ISO week (Monday to Sunday) held — given, heard back, people met and moved.

Pure: the caller passes the history and the week; nothing here reads the clock. It counts conversations,
help given and people met (BRIEF.md, idea 3), never followers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from habits.model import ACTION_STEPS, ACTIONS, AUDIENCE_STEPS, DEFAULT_ACTION, SHARE_STEPS, STEP_KEYS, Entry, Heard, History
from habits.people import STAGES, Directory, Person, stage_of
from habits.pitch import is_ask
from habits.wording import and_list
from habits.prompts import week_prompt
from habits.routine import week_key
from habits.text import audience_key

if TYPE_CHECKING:
    from habits.coaching import Suggestion

Week = tuple[int, int]  # (ISO year, ISO week)


def week_of(day: date) -> Week:
    """The ISO week a day belongs to: 2026-12-31 is in (2026, 53), 2027-01-04 in (2027, 1)."""
    iso = day.isocalendar()
    return iso.year, iso.week


def week_days(year: int, week: int) -> list[date]:
    """The seven days of an ISO week, Monday first. ValueError for a week the year does not have."""
    monday = date.fromisocalendar(year, week, 1)
    return [monday + timedelta(days=n) for n in range(7)]


def shift_week(year: int, week: int, weeks: int) -> Week:
    """The week `weeks` after (or, when negative, before) the given one, across year ends."""
    return week_of(date.fromisocalendar(year, week, 1) + timedelta(weeks=weeks))


def week_span(year: int, week: int) -> str:
    """The week's dates as a person reads them: 16–22 November 2026, 30 November – 6 December 2026,
    28 December 2026 – 3 January 2027."""
    days = week_days(year, week)
    monday, sunday = days[0], days[-1]
    if monday.year != sunday.year:
        return f"{monday.day} {monday:%B} {monday.year} – {sunday.day} {sunday:%B} {sunday.year}"
    if monday.month != sunday.month:
        return f"{monday.day} {monday:%B} – {sunday.day} {sunday:%B} {sunday.year}"
    return f"{monday.day}–{sunday.day} {sunday:%B} {sunday.year}"


def weeks_with_activity(history: History) -> list[Week]:
    """Every week holding something logged, heard, reflected on or rested, oldest first."""
    days = {e.day for e in history.entries} | {h.day for h in history.heard}
    days |= set(history.reflections) | set(history.rest_days)
    weeks = {week_of(day) for day in days}
    for key in history.week_reflections:
        try:
            weeks.add((int(key[:4]), int(key[6:])))
        except ValueError:
            continue  # not a week key this version writes; nothing to review it by
    return sorted(weeks)


@dataclass(frozen=True)
class ReviewDay:
    """One day of the week's strip: how many of the three steps were done, and whether it was rested."""

    day: date
    done: int
    rest: bool

    @property
    def complete(self) -> bool:
        return self.done == len(STEP_KEYS)


@dataclass(frozen=True)
class Share:
    """Someone's work you shared: the person (by the name they go by now) and what of theirs."""

    day: date
    person: str
    work: str
    platform: str


@dataclass(frozen=True)
class Asked:
    """Something you asked of someone (habits/pitch.py): shown apart, never among what you gave."""

    day: date
    person: str
    action: str
    note: str


@dataclass(frozen=True)
class HeardBack:
    """Everyone who answered you during the week, with each time they did."""

    person: str
    heard: tuple[Heard, ...]


@dataclass(frozen=True)
class Moved:
    """A person whose relationship moved a stage during the week."""

    name: str
    from_stage: str
    to_stage: str


@dataclass(frozen=True)
class Met:
    """A person first seen this week, and the stage they reached by its end."""

    name: str
    stage: str


@dataclass(frozen=True)
class Explored:
    """An audience brainstormed this week; `new` when it was the first time it came up at all."""

    name: str
    new: bool
    times: int


@dataclass(frozen=True)
class WeekReview:
    year: int
    week: int
    days: tuple[ReviewDay, ...]
    connections: dict[str, int]  # action -> times, only the actions used, the most used first, other last
    connected: tuple[str, ...]  # the people you connected with, each once
    shares: tuple[Share, ...]
    brainstorms: tuple[Explored, ...]
    heard: tuple[HeardBack, ...]
    moved: tuple[Moved, ...]
    met: tuple[Met, ...]
    reflections: dict[date, str]
    prompt: str
    answer: str
    asked: tuple[Asked, ...] = ()  # asks and pitches: not gifts
    letter: tuple[str, ...] = ()  # the coach's few lines to close the week (coach_letter)

    @property
    def key(self) -> str:
        return week_key(self.year, self.week)

    @property
    def monday(self) -> date:
        return self.days[0].day

    @property
    def sunday(self) -> date:
        return self.days[-1].day

    @property
    def complete_days(self) -> int:
        return sum(day.complete for day in self.days)

    @property
    def given(self) -> int:
        """Connections and shares: the times you showed up for someone."""
        return sum(self.connections.values()) + len(self.shares)

    @property
    def is_empty(self) -> bool:
        """Nothing logged, heard, reflected on or rested (the closing answer alone does not count)."""
        return not (self.given or self.asked or self.brainstorms or self.heard or self.reflections
                    or any(day.rest or day.done for day in self.days))


def week_review(history: History, year: int, week: int, directory: Directory | None = None,
                today: date | None = None) -> WeekReview:
    """The review of ISO week `week` of `year`. ValueError for a week the year does not have.
    `directory`: the history's people, when the caller has them already (they take a while to sort out).
    `today`: the routine day, for the coach's letter of a week still under way (default: its Sunday)."""
    days = week_days(year, week)
    monday, sunday = days[0], days[-1]

    def this_week(day: date) -> bool:
        return monday <= day <= sunday

    entries = sorted((e for e in history.entries if this_week(e.day)), key=lambda e: (e.day, e.created))
    kinds: dict[date, set[str]] = {}
    for entry in entries:
        done = entry.counts_for_day  # an ask does no step
        if done is not None:
            kinds.setdefault(entry.day, set()).add(done)
    strip = tuple(
        ReviewDay(day, len(kinds.get(day, ())),
                  # A rested day that was completed anyway counts as complete, as in the routine.
                  day in history.rest_days and len(kinds.get(day, ())) < len(STEP_KEYS))
        for day in days
    )

    directory = directory if directory is not None else Directory(history)

    asks = [e for e in entries if is_ask(e.kind, e.action, e.note)]
    connects = [e for e in entries if e.kind in ACTION_STEPS and not is_ask(e.kind, e.action, e.note)]
    counts: dict[str, int] = {}
    for entry in connects:
        action = entry.action or DEFAULT_ACTION
        counts[action] = counts.get(action, 0) + 1
    # The most used first; "other" (no action named) last, as it says the least.
    order = {action: n for n, action in enumerate(ACTIONS)}
    connections = dict(sorted(counts.items(), key=lambda item: (
        item[0] == DEFAULT_ACTION, -item[1], order.get(item[0], len(order)))))
    connected = tuple(dict.fromkeys(_name(directory, e.subject) for e in connects))
    shares = tuple(Share(e.day, _name(directory, e.subject), e.work, e.platform) for e in entries if e.kind in SHARE_STEPS)
    moved, met = _people_of_the_week(directory, monday, sunday)

    review = WeekReview(
        year=year,
        week=week,
        days=strip,
        connections=connections,
        connected=connected,
        shares=shares,
        brainstorms=_explored(history, entries, monday),
        heard=_heard_back(history, directory, this_week),
        moved=moved,
        met=met,
        reflections={day: r.text for day, r in sorted(history.reflections.items()) if this_week(day)},
        prompt=week_prompt(year, week),
        answer=_answer(history, year, week),
        asked=tuple(Asked(e.day, _name(directory, e.subject), e.action, e.note) for e in asks),
    )
    end = min(sunday, today) if today else sunday
    return replace(review, letter=coach_letter(history, directory, monday, end, empty=review.is_empty))


def coach_letter(history: History, directory: Directory, monday: date, end: date,
                 empty: bool = False) -> tuple[str, ...]:
    """A few lines from the coach to close the week, as it stood at the end of `end` (its Sunday, or
    today while it is under way): who answered, who waits on you, someone to let rest, one person to go
    back to and one audience to try, from the coach's picks of that day. `empty`: nothing happened in
    the week; then two kind lines at most. Never a count of followers."""
    from habits.aggregates import figures_of_history
    from habits.coaching import WAITING_WITHIN_DAYS, coach
    from habits.routine import genres_of, settings_of

    before = replace(history, entries=tuple(e for e in history.entries if e.day <= end),
                     heard=tuple(h for h in history.heard if h.day <= end))
    coaching = coach(figures_of_history(before), end, genres_of(settings_of(history)))
    person = coaching.connect[0] if coaching.connect else None
    idea = coaching.brainstorm[0] if coaching.brainstorm else None
    if empty:
        if person is not None:
            return ("The people you met are still there, and one is enough to begin again.",
                    f"Start with {person.name}: {_why(person)} {_sentence(person.next_step, True)}")
        if idea is not None:
            return (f"One person is enough to begin, and one audience to look for them in: {_idea(idea)}.",)
        return ("One person is enough to begin.",)

    heard = list(dict.fromkeys(_name(directory, h.person) for h in history.heard if monday <= h.day <= end))
    waiting, resting = [], []
    for p in directory.people:
        heard_days = [h.day for h in p.heard if h.day <= end]
        if heard_days and (end - max(heard_days)).days <= WAITING_WITHIN_DAYS and p.waiting_on(end):
            waiting.append(p.name)
        # Asked again this week, with nothing heard since the asks began: the "let it rest".
        asks = [e.day for e in p.asks if e.day <= end and (not heard_days or e.day > max(heard_days))]
        if len(asks) >= 2 and max(asks) >= monday:
            resting.append(p.name)

    lines = []
    if heard:
        lines.append(f"This week {and_list(heard)} answered you. That is what all the showing up is for.")
    else:
        lines.append("No answers this week: they come in their own time, so keep giving without keeping score.")
    if waiting:
        lines.append(f"{and_list(waiting[:3])} {'is' if len(waiting[:3]) == 1 else 'are'} waiting on you: "
                     "answer back first.")
    if resting:
        lines.append(f"Let {and_list(resting[:2])} rest for now: some never answer, and some accounts are run "
                     "by a team.")
    back = next((pick for pick in coaching.connect if pick.name not in waiting and pick.name not in resting), None)
    if back is not None:
        lines.append(f"Go back to {back.name}: {_why(back)} {_sentence(back.next_step, True)}")
    if idea is not None:
        lines.append(f"One audience to try: {_idea(idea)}.")
    return tuple(lines)


def _sentence(text: str, capital: bool = False) -> str:
    """A reason or a next step as a sentence of the letter: one full stop, a capital when asked for."""
    text = text.strip().rstrip(".")
    if capital and text:
        text = text[0].upper() + text[1:]
    return text if text.endswith(("?", "!")) else text + "."


def _why(pick: Suggestion) -> str:
    """The coach's reason after the name it follows: "they replied", not "@fern replied" twice."""
    why = pick.why
    if why.startswith(pick.name + " "):
        why = "they " + why[len(pick.name) + 1:]
    return _sentence(why)


def _idea(idea: Suggestion) -> str:
    return f"{idea.name} ({idea.where[0]})" if idea.where else idea.name


def _name(directory: Directory, name: str) -> str:
    person = directory.find(name)
    return person.name if person else name




def _explored(history: History, entries: list[Entry], monday: date) -> tuple[Explored, ...]:
    # "First time" means no entry before the week named it, as a brainstorm or as where someone was found.
    before = {audience_key(e.audience_named) for e in history.entries if e.day < monday and e.audience_named}
    found: dict[str, list] = {}  # audience key -> [the name as first written, times]
    for entry in entries:
        if entry.kind in AUDIENCE_STEPS:
            found.setdefault(audience_key(entry.subject), [entry.subject, 0])[1] += 1
    return tuple(Explored(name, key not in before, times) for key, (name, times) in found.items())


def _heard_back(history: History, directory: Directory, this_week: Callable[[date], bool]) -> tuple[HeardBack, ...]:
    by_person: dict[str, tuple[str, list[Heard]]] = {}
    for heard in sorted((h for h in history.heard if this_week(h.day)), key=lambda h: (h.day, h.created)):
        person = directory.find(heard.person)
        key, name = (person.key, person.name) if person else (heard.person.casefold(), heard.person)
        by_person.setdefault(key, (name, []))[1].append(heard)
    return tuple(HeardBack(name, tuple(heard)) for name, heard in by_person.values())


def _stage_by(person: Person, last_day: date) -> str | None:
    """A person's stage counting only what happened up to `last_day`; None if not met by then."""
    given = [e.day for e in person.given if e.day <= last_day]
    heard = [h.day for h in person.heard if h.day <= last_day]
    return stage_of(given, heard) if given or heard else None


def _people_of_the_week(directory: Directory, monday: date, sunday: date) -> tuple[tuple[Moved, ...], tuple[Met, ...]]:
    """Who moved a stage during the week, and who was first seen in it.

    Only someone given to or heard from during the week can have moved: a stage depends on nothing else.
    """
    moved, met = [], []
    for person in directory.people:
        this_week = [day for day in (*(e.day for e in person.given), *(h.day for h in person.heard))
                     if monday <= day <= sunday]  # (an ask alone moves no stage)
        if not this_week:
            continue
        before = _stage_by(person, monday - timedelta(days=1))
        after = _stage_by(person, sunday)
        assert after is not None  # they were seen this week
        if before is None:
            met.append((min(this_week), person.name.casefold(), Met(person.name, after)))
        elif before != after:
            moved.append(Moved(person.name, before, after))
    return (
        tuple(sorted(moved, key=lambda m: (-STAGES.index(m.to_stage), m.name.casefold()))),
        tuple(m for *_, m in sorted(met, key=lambda item: item[:2])),
    )


def _answer(history: History, year: int, week: int) -> str:
    saved = history.week_reflections.get(week_key(year, week))
    return saved.text if saved else ""
