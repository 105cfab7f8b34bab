"""The coach: who to talk to next, whose work to share, which audience to try — specific and kind.

Pure functions of the figures (habits/aggregates.py: per person and per audience, kept current by
every write, so that no suggestion reads years of entries) and a day. The words matter as much as the picks: "reconnect", never
"neglected"; no guilt for a missed day; nothing ever counts followers.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from habits.audience_map import genre_note, idea, ideas_for_genres, neighbours
from habits.days import ago
from habits.aggregates import Figures, PersonFigures
from habits.people import NEXT_STEPS, Person
from habits.tallies import KEEP_LAST
from habits.text import audience_key, person_key
from habits.wording import and_list

# When someone comes back to Connect (habits/people.py has the stages). A conversation's clock is the last
# connect gift or answer: sharing someone's work again does not restart a conversation.
TALKING_QUIET_DAYS = 7  # someone you talk with, quiet this long, comes back
CONNECTED_QUIET_DAYS = 14  # a friend: after two weeks
WARMING_QUIET_DAYS = 7
RECONNECT_WITHIN_DAYS = 365  # after a year apart a reconnection is a new start, not a next step
WAITING_WITHIN_DAYS = 60  # an answer older than this is no longer waiting on you: a reconnection
FOLLOW_UP_WITHIN_DAYS = 21  # someone new met this recently gets a first follow-up…
FOLLOW_UP_AFTER_DAYS = 2  # …once a couple of days have passed
SHARES_BEFORE_TALKING = 3  # shared this many times since you last talked: comment instead
REST_AFTER_ASKS = 2  # asks with nothing heard: let them rest
SHARE_AGAIN_AFTER_DAYS = 30  # someone shared this long ago may be shared again
NEW_PEOPLE_PACE = 5  # more new people than this in a day earns a note: depth beats breadth
AWAY_DAYS = 7  # a gap longer than this with nothing logged: a welcome back
MOST = 5  # suggestions a step at the most
MOST_CONNECT = 8  # the people to go back to: the relationships first, so a few more
LOOK_BACK = 1  # the days before that the picks are made again for, to know who was passed over
TAKE_TURNS = 3  # the first picks of a step take turns by day: a pick passed over moves down the next day

FRESH_DAYS = 1  # an answer from yesterday (or today) not yet answered back leads: answer while it is warm

# The tiers of Connect, the first first (Coacher.add): someone who answered in the last days; someone
# waiting on you longer; friends and conversations gone quiet; people you are warming up to (or only
# ever share); people met lately.
FRESH, WAITING, QUIET, WARMING, MET = range(5)


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
    welcome: str = ""  # a welcome back after a gap, naming who answered meanwhile (welcome_back)
    genre_note: str = ""  # the genres the map does not know, and how to teach coach (also among the notes)
    answered: tuple[tuple[date, str], ...] = ()  # the latest answers, the latest first: who a welcome names

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
            "welcome": self.welcome,
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


def _on(day: date) -> str:
    """A day as a person says it in a sentence: "20 Sep"."""
    return f"{day.day} {day:%b}"


# A note of what someone said, as the writer wrote it ("asked which letters I used"), told back to the
# writer ("asked which letters you used"). A note that does not start with what they did is quoted.
_SAID = ("asked", "said", "wrote", "told", "loved", "liked", "thanked", "invited", "replied", "shared", "sent",
         "mentioned", "wondered", "wants", "offered", "answered", "commented", "recommended", "reshared", "praised",
         "agreed", "suggested", "congratulated", "welcomed", "quoted", "tagged", "messaged", "followed")
_QUESTION = ("asked", "wondered", "wants to know", "wanted to know", "?")
_TOLD_BACK = {"my": "your", "me": "you", "i": "you", "mine": "yours", "myself": "yourself", "i'm": "you're",
              "i've": "you've", "i'd": "you'd", "our": "your", "us": "you", "we": "you"}


def _short(text: str, most: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def told_back(name: str, note: str, day: date) -> str:
    """What someone said, as one clause: "@ada asked about your heroine's dress on 20 Sep"."""
    words = _short(note).split(" ")
    if words and words[0].casefold() in _SAID:
        said = " ".join(_TOLD_BACK.get(w.casefold(), w) if w.isalpha() or "'" in w else w for w in words)
        return f"{name} {said} on {_on(day)}"
    return f"{name} answered you on {_on(day)}: “{_short(note, 50)}”"


def asks_something(note: str) -> bool:
    """A note of an answer that reads as a question to the writer: it waits on an answer."""
    folded = note.casefold()
    return any(sign in folded for sign in _QUESTION)


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


def take_turns(picks: list, today: date, turns: int = TAKE_TURNS, by_name: bool = True) -> list:
    """The picks with the first few taking turns to lead, a day each: stable all day, and the one first
    today is not first tomorrow while those few stay the same. The turn goes by name (`by_name`), not by
    place, so that the few changing places overnight (a touch moves someone up) does not give the lead
    back to whoever had it; the others keep their places."""
    ring = min(turns, len(picks))
    if ring < 2:
        return list(picks)
    if not by_name:  # a walk: the list turned one place a day
        shift = today.toordinal() % ring
        return [*picks[shift:ring], *picks[:shift], *picks[ring:]]
    order = sorted(range(ring), key=lambda at: person_key(picks[at].name))
    lead = order[today.toordinal() % ring]
    return [picks[lead], *picks[:lead], *picks[lead + 1:]]


def passed_over(picks: list[Suggestion], yesterday: Suggestion | None, turns: int = TAKE_TURNS) -> list[Suggestion]:
    """A pick first yesterday and not taken (so offered again today) moves down behind the next ones: the
    turns alone would let it lead again when the picks around it changed overnight."""
    if yesterday is None or len(picks) < 2 or picks[0].name != yesterday.name:
        return picks
    ring = min(turns, len(picks))
    return [*picks[1:ring], picks[0], *picks[ring:]]


class Coacher:
    """The day's suggestions, from the people one at a time in any order (`add`, with each person's place
    in the order they came: the tie-break of last resort), so that the figures of a decade need never be
    all in memory at once (store/summary.py reads them a person at a time). The picks are those of the
    functions below over the people as Directory.people orders them."""

    def __init__(self, today: date, look_back: int = LOOK_BACK) -> None:
        self.today = today
        # Yesterday's picks from the same figures, to know who was passed over (only its picks are made),
        # themselves made knowing the day before's, and so on `look_back` days.
        self.yesterday = Coacher(today - timedelta(days=1), look_back - 1) if look_back > 0 else None
        self.connect = _Best(MOST_CONNECT)
        self.share = _Best(MOST + MOST_CONNECT)  # room for those Connect takes (nobody is offered for both)
        self.answered = _Best(MOST)  # who answered lately, the latest first: a welcome back names them
        self.audiences: dict[str, tuple[tuple[int, _Desc, int], int]] = {}  # an audience -> where it first appears
        self.new_today = 0

    def add(self, person: Person | PersonFigures, place: int) -> None:
        stage, order = person.stage, _people_order(person, place)  # (worked out once: a decade has thousands)
        self._offer(person, stage, order)
        if self.yesterday is not None:
            self.yesterday._offer(person, stage, order)
        today = self.today
        if person.heard_last is not None and (today - person.heard_last[0]).days <= WAITING_WITHIN_DAYS:
            heard = person.heard_last
            self.answered.offer((-heard[0].toordinal(), *order), (heard[0], person.name))
        if stage in ("talking", "connected"):
            for at, audience in enumerate(person.audiences):
                if audience not in self.audiences or (order, at) < self.audiences[audience]:
                    self.audiences[audience] = (order, at)
        if person.first_seen == today:
            self.new_today += 1

    def _offer(self, person: Person | PersonFigures, stage: str, order: tuple[int, _Desc, int]) -> None:
        """Offers someone to the day's Connect and Share picks (`order`: their place in the people's order)."""
        today = self.today
        if not _may_be_offered(person):
            return
        found = self._connect_tier(person, stage)
        if found is not None:
            tier, since = found
            # Within a tier, whoever has waited longest first; then the people's order.
            self.connect.offer((tier, since, *order), (tier, person))
        last = person.last_shared()
        if last is None or (today - last).days >= SHARE_AGAIN_AFTER_DAYS:
            # Those who answered first; then the never shared; then the longest unshared, the most recently seen first.
            self.share.offer((not person.heard, last is not None, last or date.min, *order), (person, last))

    def _connect_tier(self, person: Person | PersonFigures, stage: str) -> tuple[int, date] | None:
        """Where someone stands in the day's Connect, and since when they wait; None: not that day."""
        today = self.today
        if (today - person.last_seen).days > RECONNECT_WITHIN_DAYS:
            return None  # a year apart: a new start, not a next step
        heard = person.heard_last[0] if person.heard_last else None
        if person.waiting and heard is not None and (today - heard).days <= WAITING_WITHIN_DAYS:
            return (FRESH if (today - heard).days <= FRESH_DAYS else WAITING), heard
        talked = max((d for d in (heard, person.talk_last[0] if person.talk_last else None) if d), default=None)
        quiet = (today - talked).days if talked else None
        if stage in ("talking", "connected"):
            after = CONNECTED_QUIET_DAYS if stage == "connected" else TALKING_QUIET_DAYS
            if talked and after <= (quiet or 0) <= RECONNECT_WITHIN_DAYS:
                return QUIET, talked
            return None
        shared = person.last_shared()
        if person.shares_since_talk >= SHARES_BEFORE_TALKING and shared is not None and \
                0 < (today - shared).days <= WAITING_WITHIN_DAYS:  # sharing them lately, never a word
            return WARMING, talked or person.first_seen
        if stage == "warming":
            if talked and WARMING_QUIET_DAYS <= (quiet or 0) <= RECONNECT_WITHIN_DAYS:
                return WARMING, talked
            return None
        first = person.first_seen
        if person.given and (today - first).days <= FOLLOW_UP_WITHIN_DAYS and \
                (today - person.last_seen).days >= FOLLOW_UP_AFTER_DAYS:
            return MET, person.last_seen
        return None

    def fruitful(self) -> list[str]:
        """The audiences of the people who answer (talking or connected), as they first appear in the people's order."""
        return sorted(self.audiences, key=self.audiences.__getitem__)

    def picks(self) -> tuple[list[Suggestion], list[Suggestion]]:
        """Today's Connect and Share picks, nobody in both. Whoever answered in the last days leads; the
        next few take turns. The first few of Connect (those it offers first) are Connect's; someone further down who is also a Share pick is left to Share, so a writer with few
        people still has someone to share. A pick first yesterday that is still here moves down
        (passed_over; yesterday as the same figures make it: whoever was touched since is no pick today)."""
        before = self.yesterday.picks() if self.yesterday is not None else ([], [])
        ranked = self.connect_ranked()
        fresh = sum(1 for tier, _ in self.connect.items() if tier == FRESH)  # type: ignore[misc]
        connect = ranked[:fresh] + passed_over(take_turns(ranked[fresh:], self.today),
                                               before[0][0] if before[0] else None)
        first = {person_key(pick.name) for pick in connect[:TAKE_TURNS]}
        share = passed_over(self.share_picks(first), before[1][0] if before[1] else None)
        shared = {person_key(pick.name) for pick in share}
        connect = connect[:TAKE_TURNS] + [pick for pick in connect[TAKE_TURNS:] if person_key(pick.name) not in shared]
        return connect, share

    def connect_picks(self) -> list[Suggestion]:
        return self.picks()[0]

    def connect_ranked(self) -> list[Suggestion]:
        """Connect's picks in the order of the relationship, before any turns."""
        return [self._connect_pick(tier, person) for tier, person in self.connect.items()]  # type: ignore[misc]

    def _connect_pick(self, tier: int, person: Person | PersonFigures) -> Suggestion:
        name, stage, today = person.name, person.stage, self.today
        said = person.heard_note
        if tier in (FRESH, WAITING):
            heard = person.heard_last[0]  # type: ignore[index]
            fresh = said is not None and said[0] == heard
            if fresh and asks_something(said[1]):  # type: ignore[index]
                why, next_step = told_back(name, said[1], said[0]), "answer their question"  # type: ignore[index]
            elif fresh:
                why, next_step = told_back(name, said[1], said[0]), "answer back: that is the conversation"  # type: ignore[index]
            else:
                why, next_step = f"{name} answered you on {_on(heard)}", "answer back: that is the conversation"
            return Suggestion("connect", name, why, next_step, action="reply", stage=stage)
        gift = person.gift
        if tier == QUIET:
            talked = max(d for d in (person.heard_last[0] if person.heard_last else None,
                                     person.talk_last[0] if person.talk_last else None) if d)
            if said is not None:  # what they said last, then the silence: one short sentence
                why = f"{told_back('they', said[1], said[0])}; quiet since {_on(talked)}"
                why = f"a friend: {why}" if stage == "connected" else why
            else:
                who = "a friend" if stage == "connected" else "you were talking"
                why = f"{who}, quiet since {_on(talked)} ({ago(talked, today)})"
            if gift is not None and gift[2] == "question" and (person.heard_last is None or
                                                             person.heard_last < person.gift_at):  # type: ignore[operator]
                next_step, action = "your question is still open: comment on their latest post, no new question", "comment"
            elif stage == "connected":
                next_step, action = NEXT_STEPS["connected"]
            else:
                next_step, action = NEXT_STEPS["talking"]
            return Suggestion("connect", name, why, next_step, action=action, stage=stage)
        shares = person.shares_since_talk
        if shares >= SHARES_BEFORE_TALKING:
            since = "and never talked" if person.talk_last is None else f"since you last talked on {_on(person.talk_last[0])}"
            times = "a dozen times or more" if shares >= KEEP_LAST else f"{shares} times"
            why = f"you shared {name} {times} {since}"
            return Suggestion("connect", name, why, "comment on their next post instead of sharing them again",
                              action="comment", stage=stage)
        if tier == WARMING:
            weeks = max(2, (person.last_seen - person.first_seen).days // 7)
            reached = person.talk_last[0] if person.talk_last else person.last_seen  # (a share is no word to them)
            why = f"you have been warming up to them for {weeks} weeks; you last reached out {ago(reached, today)}"
            if gift is not None and gift[2] == "comment":
                next_step, action = "ask a good question about their latest post", "question"
            else:
                next_step, action = NEXT_STEPS["warming"]
            return Suggestion("connect", name, why, next_step, action=action, stage=stage)
        what = f" ({gift[2]})" if gift is not None and gift[2] not in ("", "other") else ""
        why = f"you met on {_on(person.first_seen)}{what}: a first follow-up"
        return Suggestion("connect", name, why, "leave a thoughtful comment on their latest post",
                          action="comment", stage=stage)

    def share_picks(self, taken: Collection[str] = (), turns: bool = True) -> list[Suggestion]:
        """Whose work to share, taking turns by day (`turns`); never someone in `taken` (the keys of
        Connect's first picks)."""
        picks = []
        for person, last in self.share.items():  # type: ignore[misc]
            if person.key in taken:
                continue
            why = "you have never shared their work" if last is None else f"last shared {ago(last, self.today)}"
            if person.heard:
                why += "; they answered you"
            picks.append(Suggestion("share", person.name, why, "share something of theirs you genuinely liked",
                                    stage=person.stage))
        return take_turns(picks[:MOST], self.today) if turns else picks[:MOST]


def welcome_back(today: date, answered: Sequence[tuple[date, str]], last_active: date | None) -> str:
    """A welcome back after a gap (nothing logged for more than AWAY_DAYS), naming who answered meanwhile
    (`answered`: the latest answers, the latest first, as Coaching keeps them)."""
    if last_active is None or (today - last_active).days <= AWAY_DAYS:
        return ""
    away = (today - last_active).days
    span = f"{away // 7} weeks" if away >= 14 else f"{away} days"
    meanwhile = list(dict.fromkeys(name for day, name in answered if day > last_active))
    if not meanwhile:
        return f"Welcome back after {span}. No catching up to do: one person today is plenty."
    start = "them" if len(meanwhile) > 1 else meanwhile[0]
    return f"Welcome back after {span}. While you were away, {and_list(meanwhile)} answered you: start with {start}."


def _may_be_offered(person: Person | PersonFigures) -> bool:
    """Never someone asked again and again with nothing heard (let them rest), nor someone only ever asked."""
    return person.unanswered_asks < REST_AFTER_ASKS and bool(person.given or person.heard)


def next_step_for(person: Person | PersonFigures, today: date) -> tuple[str, str]:
    """Someone's next natural step and why, as the coach would say it today: the Connect pick's when they
    are one; else the stage's, never "follow them" to someone you have given to, and rest after asks."""
    made = Coacher(today)
    found = made._connect_tier(person, person.stage) if _may_be_offered(person) else None
    if found is not None:
        pick = made._connect_pick(found[0], person)
        return pick.next_step, pick.why
    if person.unanswered_asks >= REST_AFTER_ASKS:
        return ("let it rest; some never answer, and some accounts are run by a team",
                f"{person.unanswered_asks} asks with nothing heard")
    stage = person.stage
    if stage == "new" and person.given:
        return "leave a thoughtful comment on their latest post", ""
    return NEXT_STEPS[stage][0], ""


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
    """Who to go back to, by the relationship: someone waiting on you (they answered, or asked you
    something, after your last gift); friends and conversations gone quiet (a friend after two weeks,
    a conversation after one); people you are warming up to, quiet a week, or only ever share; people
    met in the last three weeks, for a first follow-up. Within each, whoever has waited longest first;
    the first few take turns by day (take_turns)."""
    return _coacher(people, today).connect_picks()


def ranking(people: Sequence[Person | PersonFigures], today: date) -> tuple[list[Suggestion], list[Suggestion]]:
    """Connect's and Share's picks as ranked, before the turns and before either gives way to the other."""
    made = _coacher(people, today)
    return made.connect_ranked(), made.share_picks(turns=False)


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


def brainstorm_from(tried: Collection[str], fruitful: list[str], genres: list[str],
                    today: date | None = None) -> list[Suggestion]:
    """brainstorm_suggestions, given the audiences of the people who answer, in the people's order.
    `today`: the ideas take turns by day, each list walked one idea a day (so no idea leads two days
    running while there are two), instead of the same five leading for weeks."""
    tried = {*tried, *(audience_key(found.name) for key in tried if (found := idea(key)) is not None)}  # "birders"
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
    if today is not None:
        genre_picks, near_picks = (take_turns(picks, today, len(picks), by_name=False) for picks in (genre_picks, near_picks))
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
    unknown = genre_note(genres)
    if unknown:
        notes.append(unknown)
    if made.new_today > NEW_PEOPLE_PACE:
        notes.append(f"{made.new_today} new people today. Depth beats breadth: tomorrow, go back to one of them "
                     f"rather than meeting someone new.")
    if not genres:
        notes.append('Tell coach what you write for audience ideas: coach config genres "historical fiction, horror".')
    connect, share = made.picks()
    return Coaching(
        day=made.today,
        connect=connect,
        share=share,
        brainstorm=brainstorm_from(tried, made.fruitful(), genres, made.today),
        notes=notes,
        answered=tuple(made.answered.items()),  # type: ignore[arg-type]
        genre_note=unknown or "",
    )
