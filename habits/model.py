"""What coach remembers: the three steps of the routine as data, and the records of a history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class StepKind:
    """One step of the 1-2-3 routine. The CLI verbs, the screens and storage are all driven by these."""

    key: str
    number: int
    title: str
    subject: str  # what the step is about: "audience" or "person"
    fields: tuple[str, ...]  # optional details besides the note, in the order a form shows them
    question: str  # the step asked as a person would ask it
    placeholder: str
    done_verb: str

    @property
    def names_audience(self) -> bool:
        """The step's subject is an audience (a brainstorm): it remembers the audience by name."""
        return self.subject == "audience"

    @property
    def gives(self) -> bool:
        """The step gives something to a person: it counts toward where that relationship stands."""
        return self.subject == "person"

    @property
    def shares_work(self) -> bool:
        """The step shares someone's work (it has a work field): the thanks the coach spaces out."""
        return "work" in self.fields


STEPS: tuple[StepKind, ...] = (
    StepKind(
        key="brainstorm",
        number=1,
        title="Brainstorm",
        subject="audience",
        fields=(),
        question="Which group of people could your work matter to?",
        placeholder="an audience, e.g. history teachers",
        done_verb="brainstormed",
    ),
    StepKind(
        key="connect",
        number=2,
        title="Connect",
        subject="person",
        fields=("platform", "action", "audience"),
        question="Who did you reply to, comment on or follow?",
        placeholder="a person, e.g. @jane",
        done_verb="connected with",
    ),
    StepKind(
        key="share",
        number=3,
        title="Share",
        subject="person",
        fields=("work", "platform", "audience"),
        question="Whose work did you share?",
        placeholder="whose work? e.g. @sam",
        done_verb="shared",
    ),
)
STEP_KEYS: tuple[str, ...] = tuple(s.key for s in STEPS)
AUDIENCE_STEPS: tuple[str, ...] = tuple(s.key for s in STEPS if s.names_audience)
PERSON_STEPS: tuple[str, ...] = tuple(s.key for s in STEPS if s.gives)  # the steps that give to a person
SHARE_STEPS: tuple[str, ...] = tuple(s.key for s in STEPS if s.shares_work)
# The steps that say what you did for someone (they have an action): the Review counts them by action.
ACTION_STEPS: tuple[str, ...] = tuple(s.key for s in STEPS if "action" in s.fields)
_BY_KEY = {s.key: s for s in STEPS}


def step(key: str) -> StepKind:
    return _BY_KEY[key]


# The version of the rule counts_for_day applies. 1: every entry counted for its step; 2: an ask
# (habits.pitch.is_ask) does not. Bump it when the rule changes, habits.pitch's signals included: the
# caches of which steps a day had are then made again (the closed years' days at the data file's next
# write, habits/store/years.py; the summary and the closed years' figures at once, habits/store/summary.py).
DAY_RULE = 2


def counts_for_day(kind: str, action: str = "", note: str = "") -> str | None:
    """The step an entry makes done on its day, or None. The one rule of which steps a day had: every
    reader of days (History.kinds_by_day and steps_done, the summary's days, the closed years' days)
    asks it. An entry of no step counts for none; an ask (habits.pitch.is_ask: asking a favour, or a
    note that reads as a pitch) is not a gift, and does not make its day's Connect step done."""
    if kind not in _BY_KEY:
        return None
    from habits.pitch import is_ask  # here, not at the top: `import habits.model` stays cheap

    return None if is_ask(kind, action or "", note or "") else kind


def record_counts_for_day(record: dict[str, object]) -> str | None:
    """counts_for_day of a stored entry record (a dict with `kind`, `action`, `note`)."""
    kind, action, note = record.get("kind"), record.get("action"), record.get("note")
    if not isinstance(kind, str):
        return None
    return counts_for_day(kind, action if isinstance(action, str) else "", note if isinstance(note, str) else "")


# What you did when you connected. `ask` is asking a favour: the coach warns when it comes too early.
ACTIONS: tuple[str, ...] = (
    "follow", "like", "comment", "reply", "reshare", "mention", "message", "question", "ask", "other",
)
DEFAULT_ACTION = "other"
ASK = "ask"  # asking a favour: weighed against where the relationship stands


@dataclass(frozen=True)
class Entry:
    """One logged step: a brainstormed audience, a connection made or a piece of work shared."""

    id: str
    kind: str
    day: date
    subject: str
    created: str
    updated: str
    note: str = ""
    platform: str = ""
    action: str = ""
    work: str = ""
    audience: str = ""  # for connect and share: the audience where the person was found

    @property
    def step(self) -> StepKind:
        return step(self.kind)

    @property
    def counts_for_day(self) -> str | None:
        """The step this entry makes done on its day, or None (an ask): habits.model.counts_for_day."""
        return counts_for_day(self.kind, self.action, self.note)

    @property
    def audience_named(self) -> str:
        """The audience this entry names: a brainstorm's subject, else where the person was found."""
        return self.subject if self.kind in AUDIENCE_STEPS else self.audience

    def describe(self) -> str:
        """The entry in one line: who or what, then the action (unless "other"), the work, the platform."""
        action = self.action if self.action != DEFAULT_ACTION else ""
        return " · ".join(part for part in (self.subject, action, self.work, self.platform) if part)


@dataclass(frozen=True)
class Reflection:
    id: str
    day: date
    text: str
    created: str
    updated: str


@dataclass(frozen=True)
class WeekReflection:
    """The answer to a weekly review's closing prompt; `week` is an ISO week, "2026-W47"."""

    id: str
    week: str
    text: str
    created: str
    updated: str


@dataclass(frozen=True)
class RestDay:
    id: str
    day: date
    created: str
    updated: str


@dataclass(frozen=True)
class Heard:
    """A person responded to you: a reply, a comment, a reshare of yours, a message back."""

    id: str
    day: date
    person: str
    created: str
    updated: str
    platform: str = ""
    note: str = ""


@dataclass(frozen=True)
class PersonRecord:
    """What coach keeps about a person beyond the entries that name them.

    `aliases` are the person keys of other names they go by (old names, handles on other
    platforms, records merged into this one): an entry naming any of them is theirs. Entries are
    never rewritten, so a rename or a merge cannot lose one.
    """

    id: str
    name: str
    created: str
    updated: str
    aliases: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class AudienceRecord:
    """An audience you brainstormed or found people in, and where it gathers."""

    id: str
    name: str
    created: str
    updated: str
    where: str = ""
    note: str = ""


@dataclass(frozen=True)
class History:
    """Everything live in a data file (tombstoned records left out), read at one moment."""

    entries: tuple[Entry, ...] = ()
    reflections: dict[date, Reflection] = field(default_factory=dict)
    rest_days: dict[date, RestDay] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=dict)
    heard: tuple[Heard, ...] = ()
    people: tuple[PersonRecord, ...] = ()
    audiences: tuple[AudienceRecord, ...] = ()
    week_reflections: dict[str, WeekReflection] = field(default_factory=dict)
    # Records the file holds that cannot be read (table, id, why): kept in the file as they are, left
    # out of everything above, named by `coach doctor`.
    unreadable: tuple[tuple[str, str, str], ...] = field(default=(), compare=False)
    # Closed years whose files the data file names but are not here yet (a synced folder still bringing
    # them): their records are left out of everything above until they arrive. Nothing is lost.
    waiting: tuple[str, ...] = field(default=(), compare=False)

    def entries_on(self, day: date) -> list[Entry]:
        return [e for e in self.entries if e.day == day]

    def steps_done(self, day: date) -> dict[str, bool]:
        """Which steps `day` had done (counts_for_day: an ask does not do the Connect step)."""
        done = {e.counts_for_day for e in self.entries if e.day == day}
        return {key: key in done for key in STEP_KEYS}

    def kinds_by_day(self) -> dict[date, set[str]]:
        """Which steps were done on each day (counts_for_day). A day whose entries count for no step
        (only an ask) is not in it, as in the summary's days."""
        done: dict[date, set[str]] = {}
        for entry in self.entries:
            had = done.get(entry.day)
            if had is not None and entry.kind in had:
                continue  # the step is done already: no need to ask again
            kind = entry.counts_for_day
            if kind is not None:
                done.setdefault(entry.day, set()).add(kind)
        return done

    @property
    def is_empty(self) -> bool:
        return not (self.entries or self.reflections or self.rest_days or self.heard)
