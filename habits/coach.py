"""The door: the one way every face of coach (the CLI, the app, the check-in) reads and changes the data.

A read is a `Snapshot`: today, which steps every day had, the day's entries, streaks and strength, the
people's and audiences' figures and the coach's suggestions, all of one moment of the data file.
Whether it comes from the summary beside the data file (the last days and the figures, a small file)
or from the whole history is decided here, once: a snapshot reads the whole history only when a face
asks it for something the summary does not hold (`snapshot.history`: a past day, a person's timeline).

Every change returns a `Done` whose snapshot is built from what the change itself wrote: a face never
reads back its own write, and `changed()` (one stat) only ever notices another process's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from habits import routine, streaks
from habits.days import today_of
from habits.model import Entry, Heard, History, PersonRecord, step
from habits.routine import DayStatus, RestOutcome, status_on
from habits.settings import effective
from habits.store import LOCK_TIMEOUT_SECONDS, Recent, Store, StoreError
from habits.text import InputError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into every command (3 ms)
if TYPE_CHECKING:
    from typing import Any

    from habits.aggregates import Figures
    from habits.audiences import Audience
    from habits.coaching import Coaching
    from habits.milestones import Milestone
    from habits.people import Directory, Person
    from habits.review import WeekReview
    from habits.coaching import Lean

# The modules behind the suggestions, the people and the reviews are imported when first used: a
# plain command such as `coach status` has no use for them (a fifth of its start).
_LATER = {"Audience": "habits.audiences", "Coaching": "habits.coaching", "Suggestion": "habits.coaching",
          "gathers": "habits.coaching", "Milestone": "habits.milestones", "Person": "habits.people",
          "PersonFigures": "habits.aggregates", "Figures": "habits.aggregates", "WeekReview": "habits.review"}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        from importlib import import_module

        return getattr(import_module(_LATER[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# What the faces need of the domain's types and errors, from the one module they import.
__all__ = ["LOCK_TIMEOUT_SECONDS", "Coach", "DayStatus", "Done", "Entry", "Heard", "InputError", "RestOutcome",
           "Snapshot", "StoreError", "today_of", *_LATER]

Signature = tuple[int, int, int]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The data file at one moment, as every face shows it. Immutable: a change makes a new one."""

    now: datetime
    today: date
    signature: Signature | None  # the data file this was read from (None: there was none)
    days: Mapping[date, frozenset[str]]  # which steps every day had, a decade of them if so
    recent: History  # the last days' entries and reflections; every rest day, setting, person, audience record
    recent_from: date | None  # the first day `recent` holds whole; None: it is the whole history
    # The figures (habits/aggregates.py) of these people records, when first asked.
    load_figures: Callable[[Sequence[PersonRecord]], Figures] = field(repr=False)
    load_whole: Callable[[], History] | None = field(default=None, repr=False)
    # The suggestions and the names used before without the figures of everyone (store/summary.py: Recent.lean).
    load_lean: Callable[[Sequence[PersonRecord], date, list[str]], Lean] | None = field(default=None, repr=False)

    @cached_property
    def history(self) -> History:
        """Every record, read the first time a face asks (the History, People and Review screens do)."""
        if self.recent_from is None or self.load_whole is None:
            return self.recent
        return self.load_whole()

    def holds(self, day: date) -> bool:
        """Whether the day's entries and reflection are in `recent` (today's and yesterday's always are)."""
        return self.recent_from is None or day >= self.recent_from

    def _for(self, day: date) -> History:
        return self.recent if self.holds(day) else self.history

    @cached_property
    def settings(self) -> dict[str, object]:
        return effective(self.recent.settings)

    @cached_property
    def figures(self) -> Figures:
        return self.load_figures(self.recent.people)

    @cached_property
    def lean(self) -> Lean:
        """The coach's suggestions and the names used before: from the figures when a face asked for them
        already, else a person at a time, never all in memory (the check-in asks for nothing more)."""
        from dataclasses import replace

        from habits.coaching import Lean, coach, welcome_back

        genres = routine.genres_of(self.settings)
        if self.load_lean is not None and "figures" not in self.__dict__:
            lean = self.load_lean(self.recent.people, self.today, genres)
        else:
            figures = self.figures
            lean = Lean(coach(figures, self.today, genres), figures.recent_people, figures.recent_audiences)
        welcome = welcome_back(self.today, lean.coaching.answered, self.last_active)
        return replace(lean, coaching=replace(lean.coaching, welcome=welcome)) if welcome else lean

    @property
    def last_active(self) -> date | None:
        """The last day before today with a step logged; None when there was none."""
        return max((day for day in self.days if day < self.today), default=None)

    @property
    def coaching(self) -> Coaching:
        return self.lean.coaching

    def status(self, day: date | None = None) -> DayStatus:
        """Where a routine day stands (today by default), with the streak and strength as of that day."""
        day = self.today if day is None else day
        return status_on(day, self.days, self._for(day), self._record)

    @cached_property
    def _record(self) -> streaks.Record:
        """The days as the streak and the strength read them, once for every day asked about (every rest
        day is in `recent`, whatever the day)."""
        return routine.record_of(self.days, self.recent)

    def entries_on(self, day: date) -> list[Entry]:
        return self._for(day).entries_on(day)

    def recent_names(self, kind: str) -> list[str]:
        """The names a step's subject took before, newest first: for completing what is typed."""
        lean = self.lean
        return list(lean.recent_audiences if step(kind).names_audience else lean.recent_people)

    def used(self, field_name: str) -> list[str]:
        """What a step's field (habits/fields.py) held before, newest first, for completing what is typed:
        the last days' entries; a platform, the `platforms` setting first and everyone's platforms after."""
        values: list[object] = [getattr(entry, field_name, "") for entry in reversed(self.recent.entries)]
        if field_name == "platform":
            setting = self.settings["platforms"]
            values = [*(setting if isinstance(setting, list) else ()), *values,
                      *(platform for person in self.figures.people for platform in person.platforms)]
        return list(dict.fromkeys(str(value) for value in values if value))

    @cached_property
    def directory(self) -> Directory:
        """Everyone with every entry and answer that names them (the whole history: People, a person's timeline)."""
        from habits.people import Directory

        return Directory(self.history)

    @property
    def people(self) -> list[Person]:
        """Everyone, the most recently seen first, with their timelines (the whole history)."""
        return self.directory.people

    @cached_property
    def audiences(self) -> list[Audience]:
        """Every audience brainstormed or where someone was found, the newest first (the whole history)."""
        from habits.audiences import audiences

        return audiences(self.history)

    def review(self, year: int, week: int) -> WeekReview:
        """An ISO week looked back on (the whole history)."""
        from habits.review import week_review

        return week_review(self.history, year, week, self.directory, self.today)

    @property
    def day_one(self) -> bool:
        """Nothing before today: no step, reflection or rest day on an earlier day."""
        earlier = [*self.days, *self.recent.reflections, *self.recent.rest_days]
        return not any(day < self.today for day in earlier)

    @property
    def is_empty(self) -> bool:
        """Nothing stored at all: no step, reflection, rest day, answer or setting."""
        if self.recent_from is None:
            return self.recent.is_empty and not self.recent.settings
        return (not self.days and not self.recent.rest_days and not self.recent.reflections
                and not self.recent.settings and self.history.is_empty)


@dataclass(frozen=True)
class Done:
    """What a change made, and the data as it left it."""

    snapshot: Snapshot
    value: Any = None  # the entry logged, the heard-back, the text saved, the label undone…
    warning: str | None = None  # a gentle word (asking a favour too early): the change was made
    milestones: tuple[Milestone, ...] = ()

    @property
    def signature(self) -> Signature | None:
        return self.snapshot.signature


class Coach:
    """The domain's one door over a data file. `clock` gives the current moment (tests fix it)."""

    def __init__(self, store: Store, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self.clock = clock or store.clock
        self._last: Snapshot | None = None
        self._unreadable: Signature | None = None  # the file as it was when a read of it failed

    @classmethod
    def at(cls, path: Path | str, clock: Callable[[], datetime], lock_timeout: float = LOCK_TIMEOUT_SECONDS,
           device: str | None = None) -> Coach:
        """The door over the data file at `path` (faces open it here, not through the store). `device`:
        what to call this machine (COACH_DEVICE), where several write one synced file; else its name."""
        from habits.store.device import named

        return cls(Store(path, clock, lock_timeout=lock_timeout, device=named(device) if device else None), clock)

    @property
    def path(self) -> Path:
        return self.store.path

    # ---- reads

    def snapshot(self, whole: bool = False) -> Snapshot:
        """The data as it is now. The last snapshot again when the file has not changed since (one stat)
        and the routine day has not turned; `whole`: with every record read (once)."""
        now = self.clock()
        last = self._last
        if last is not None and last.signature is not None and last.signature == self.store.signature() \
                and today_of(last.settings, now) == last.today:
            if whole:
                last.history  # noqa: B018 (read once, kept with the snapshot)
            return last
        try:
            self._last = self._read(now, whole)
        except StoreError:
            self._unreadable = self.store.signature()
            raise
        self._unreadable = None
        return self._last

    def changed(self) -> bool:
        """Whether the data file was replaced since the last snapshot: by another process, since every
        change made through this door hands its snapshot back. One stat. A file that could not be read
        has not changed until it is replaced again (a damaged file is told once, not at every check)."""
        signature = self.store.signature()
        if self._unreadable is not None and signature == self._unreadable:
            return False
        return self._last is None or signature != self._last.signature

    def absorb(self) -> list[str]:
        """Merges the conflict copies a sync tool left beside the data file (habits/store/sync.py): one
        line for each, saying what came in; nothing (one look at the folder) when there is none."""
        from habits.store import paths

        if not paths.has_others_beside(self.store.path):
            return []  # (the usual case: one listing of the folder, and sync.py is not imported)
        from habits.store.sync import absorb

        before = self.store.signature()
        lines = absorb(self.store)
        if lines and self.store.signature() != before:
            self._last = None  # the file was replaced: read it again
        return lines

    def waiting(self) -> str | None:
        """"waiting for 2019's file to sync; nothing is lost" when the last whole read found a closed
        year's file not here yet (its records are left out until it arrives); else None."""
        from habits.store.years import waiting_line

        return waiting_line(list(self.store.waiting)) if self.store.waiting else None

    def today(self) -> date:
        """The current routine day, by the settings of the last snapshot (no read)."""
        return today_of(self.snapshot().settings if self._last is None else self._last.settings, self.clock())

    def _read(self, now: datetime, whole: bool) -> Snapshot:
        if not whole:
            recent = self.store.read_recent()
            if recent is not None:
                today = today_of(recent.history.settings, now)
                if recent.recent_from <= today - timedelta(days=1):  # yesterday's entries are there
                    return self._from_recent(recent, now, today, self.store.read)
        signature = self.store.signature()
        history = self.store.read(summarise=True)
        return self._from_history(history, now, signature)

    @staticmethod
    def _from_recent(recent: Recent, now: datetime, today: date, whole: Callable[[], History] | None) -> Snapshot:
        return Snapshot(now, today, recent.signature, recent.days, recent.history, recent.recent_from,
                        recent.figures, whole, recent.lean)

    @staticmethod
    def _from_history(history: History, now: datetime, signature: Signature | None) -> Snapshot:
        days = {day: frozenset(kinds) for day, kinds in history.kinds_by_day().items()}
        return Snapshot(now, today_of(history.settings, now), signature, days, history, None,
                        lambda records: _figures_of(history, records))

    def _written(self) -> Snapshot:
        """The snapshot of what the last change through this door wrote: from the summary it wrote
        beside the data file, no read. A change that wrote nothing leaves the last snapshot as it is."""
        tx = self.store.last
        recent = self.store.recent_of(tx.summary) if tx is not None and tx.summary is not None else None
        if recent is None:  # nothing written, or no summary could be: the file itself, as it is now
            self._last = None
            return self.snapshot()
        now = self.clock()
        # A whole transaction holds every record already: the snapshot's whole history is its.
        whole = (lambda: tx.history) if tx.whole else self.store.read
        self._last = self._from_recent(recent, now, today_of(recent.history.settings, now), whole)
        return self._last

    # ---- changes

    def log(self, kind: str, subject: str, *, day: date | None = None, **details: str | None) -> Done:
        """Logs one step (habits.routine.log_step), with the milestone it reached, if any."""
        from habits.milestones import first_counted, step_milestones

        logged = routine.log_step(self.store, kind, subject, day=day, known=self._known, **details)
        after = self._written()
        entry = logged.entry
        first = first_counted(after.entries_on(entry.day), entry)  # an ask earlier that day did not do the step
        reached = step_milestones(after.days, after.recent.rest_days, entry, first, after.today)
        return Done(after, entry, logged.warning, tuple(reached))

    def _known(self, name: str) -> tuple[str, str, int]:
        """A person's name, stage and asks since they last answered, from the figures (an ask is weighed
        against them: habits/pitch.py): no year is read."""
        person = self.snapshot().figures.find(name)
        return (person.name, person.stage, person.unanswered_asks) if person else (name, "new", 0)

    def heard(self, person: str, *, day: date | None = None, platform: str | None = None,
              note: str | None = None) -> Done:
        """Records an answer from someone, with their move up to talking or connected, if they made one."""
        from habits.milestones import answer_milestones

        heard = routine.log_heard(self.store, person, day=day, platform=platform, note=note)
        after = self._written()
        return Done(after, heard, None, tuple(answer_milestones(after.figures, heard)))

    def reflect(self, text: str, *, day: date | None = None) -> Done:
        return self._done(routine.set_reflection(self.store, text, day=day))

    def rest(self, *, day: date | None = None) -> Done:
        return self._done(routine.mark_rest(self.store, day=day))

    def edit(self, entry_id: str, *, day: date | None = None, **details: str | None) -> Done:
        return self._done(routine.edit_entry(self.store, entry_id, day=day, **details))

    def delete(self, entry_id: str) -> Done:
        return self._done(routine.delete_entry(self.store, entry_id))

    def rename(self, name: str, new_name: str) -> Done:
        return self._done(routine.rename_person(self.store, name, new_name))

    def merge(self, name: str, into: str) -> Done:
        return self._done(routine.merge_people(self.store, name, into))

    def describe_person(self, name: str, *, note: str | None = None, platforms: str | None = None) -> Done:
        return self._done(routine.describe_person(self.store, name, note=note, platforms=platforms))

    def describe_audience(self, name: str, *, where: str | None = None, note: str | None = None) -> Done:
        return self._done(routine.describe_audience(self.store, name, where=where, note=note))

    def reflect_week(self, year: int, week: int, text: str) -> Done:
        return self._done(routine.set_week_reflection(self.store, year, week, text))

    def configure(self, key: str, raw: str) -> Done:
        return self._done(routine.set_setting(self.store, key, raw))

    def rebind(self, binding_id: str, keys: str | None,
               check: Callable[[dict[str, object]], object] | None = None) -> Done:
        """Gives one of the app's bindings its own keys (None: its default again), in the `keymap`
        setting; `value`: the keymap after it. coach/keymap.py checks the id and the keys: `check` is
        given the keymap as the file holds it inside the change, and refuses by raising InputError."""
        return self._done(routine.set_keys(self.store, binding_id, keys, check))

    def change_person(self, name: str, *, rename: str | None = None, merge_into: str | None = None,
                      note: str | None = None, platforms: str | None = None) -> Done:
        """Renames or merges a person and sets what you know of them, as one change; `value`: the name
        they go by after it."""
        return self._done(routine.change_person(self.store, name, rename=rename, merge_into=merge_into,
                                                note=note, platforms=platforms))

    def import_file(self, path: Path | str, skip_bad: bool = False) -> Done:
        """Merges an export into the history (habits.exchange): `value` says what came in."""
        from habits.exchange import import_export

        return self._done(import_export(self.store, path, skip_bad=skip_bad))

    def restore(self, wanted: str) -> Done:
        """Puts a backup back in place of the data file; `value` says which, and what it replaced."""
        restored = self.store.restore(wanted)
        self._last = None  # not a transaction: the data file is read again
        return Done(self.snapshot(), restored)

    # ---- the file as a whole: export, doctor, the undo journal

    def export(self, form: str = "json") -> Any:
        """The whole history as json (to import), csv or md: `.payload` bytes and a `.summary`."""
        from habits.exchange import export

        return export(self.store, form)

    def write_export(self, target: Path, payload: bytes) -> None:
        from habits.exchange import write_export

        write_export(target, payload, self.store.path)

    def doctor(self) -> Any:
        """What coach doctor says of the data file and its backups (it changes nothing)."""
        from habits.exchange import diagnose

        return diagnose(self.store.path)

    @staticmethod
    def backup_lines(diagnosis: Any) -> list[str]:
        """The backups section of what coach doctor says: where they are, each one, how to put one back."""
        from habits.exchange import backup_lines

        return backup_lines(diagnosis)

    def once_marker(self) -> str:
        """The routine day (YYYY-MM-DD) `coach --quick --once` last opened the check-in; "" when never.
        Kept beside the data file, not in it: opening the check-in is no change to undo or back up."""
        return self.store.once_marker()

    def mark_once(self, day: str) -> bool:
        """Notes that the check-in opened on `day`; False when the marker cannot be written."""
        return self.store.mark_once(day)

    def undo_labels(self) -> tuple[str | None, str | None]:
        """What undo and redo would take back or do again now."""
        return self.store.undo_label()

    def check_path(self) -> None:
        """Refuses a data path that is a folder, a FIFO or a device, before anything opens it."""
        self.store.check_path()

    def undo(self) -> Done:
        """Takes back the last change; `value` is its label, None when there was nothing to undo."""
        return self._done(self.store.undo())

    def redo(self) -> Done:
        return self._done(self.store.redo())

    def _done(self, value: Any) -> Done:
        return Done(self._written(), value)


def _figures_of(history: History, records: Sequence[PersonRecord]) -> Figures:
    from habits.aggregates import figures_of, of_history

    return figures_of(of_history(history), records)
