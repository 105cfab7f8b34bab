"""The day's work as operations every face of coach shares: log a step, reflect, rest, configure, and
the status of a routine day. The CLI, the app and the check-in all call these, so the rules live once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from habits import streaks
from habits.days import iso_week_bounds, today_of
from habits.model import STEP_KEYS, Reflection, WeekReflection, Entry, Heard, History, PersonRecord, step
from habits.prompts import prompt_for, writes_books
from habits.wording import done_of
from habits.settings import effective, setting
from habits.store.records import entry as read_entry, read_problem
from habits.text import InputError, audience_key, clean_detail, clean_name, clean_note, person_key, shown

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into every command (3 ms)
if TYPE_CHECKING:
    from habits.coaching import Coaching
    from habits.people import Directory, Person
    from habits.store import Store, Transaction

# A day's status (status_on) is what a read needs of this module; the operations import the step's fields
# and the people's rules (habits/fields.py, habits/people.py) when a change is made.


def settings_of(history: History) -> dict[str, object]:
    return effective(history.settings)


def today_for(history: History, now: datetime) -> date:
    """The current routine day, by the stored day_start_hour."""
    return today_of(history.settings, now)


@dataclass(frozen=True)
class DayStatus:
    """Where a routine day stands, and the streak and strength as of that day."""

    day: date
    steps: dict[str, bool]
    rest: bool
    streak: streaks.Streak
    strength: float
    reflection: str | None
    prompt: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(self.steps.values())

    @property
    def done_count(self) -> int:
        return sum(self.steps.values())

    def to_json(self) -> dict[str, object]:
        """The object of `coach status --json`, exactly as CONTRACT.md has it."""
        return {
            "day": self.day.isoformat(),
            "steps": dict(self.steps),
            "complete": self.complete,
            "rest": self.rest,
            "streak": {"current": self.streak.current, "longest": self.streak.longest},
            "strength": round(self.strength, 4),
            "reflection": self.reflection,
        }

    def summary(self) -> str:
        """One line for the end of a check-in or a shell prompt."""
        days = "day" if self.streak.current == 1 else "days"
        head = "rest day" if self.rest else done_of(self.done_count)
        return f"{head} · streak {self.streak.current} {days}"


def day_status(history: History, day: date) -> DayStatus:
    """Where `day` stands in a history read whole."""
    return status_on(day, history.kinds_by_day(), history)


def record_of(days: Mapping[date, Collection[str]], history: History) -> streaks.Record:
    """The days as the streak and the strength read them: each day's fraction of the steps, and the rest
    days (marking a complete day as rest changes nothing: such a day counts as complete)."""
    share = {n: n / len(STEP_KEYS) for n in range(len(STEP_KEYS) + 1)}
    return streaks.Record({d: share[len(kinds)] for d, kinds in days.items()}, history.rest_days)


def status_on(day: date, days: Mapping[date, Collection[str]], history: History,
              record: streaks.Record | None = None) -> DayStatus:
    """Where `day` stands: `days` says which steps were done on every day (the streak and the strength
    look back over all of them); `history` has the day's entries and reflection, and the rest days
    and settings (the store's summary of the last days is enough for a recent day). `record`:
    record_of(days, history), when the caller keeps one for several days."""
    record = record or record_of(days, history)
    kinds = days.get(day, set())
    reflection = history.reflections.get(day)
    entries = history.entries_on(day)
    return DayStatus(
        day=day,
        steps={key: key in kinds for key in STEP_KEYS},
        rest=day in record.rest,
        streak=record.streak(day),
        strength=record.strength(day),
        reflection=reflection.text if reflection else None,
        prompt=day_prompt(day, history, entries),
        entries=entries,
    )


def day_prompt(day: date, history: History, entries: list[Entry] | None = None) -> str:
    """The day's reflection prompt, fitted to what the day held (habits/prompts.py): whether someone
    answered that day (a heard-back), whether it had entries (`entries`: the day's, when the caller has
    them), and whether the writer's genres are books'."""
    if entries is None:
        entries = history.entries_on(day)
    return prompt_for(day, own_prompts(history), answered=any(h.day == day for h in history.heard),
                      entries=bool(entries), books=writes_books(genres_of(settings_of(history))))


def own_prompts(history: History) -> list[str]:
    """The user's own reflection prompts (the `prompts` setting), which join the built-in rotation."""
    stored = settings_of(history)["prompts"]
    return [str(p) for p in stored] if isinstance(stored, list) else []


def coaching_for(history: History, day: date) -> Coaching:
    """The day's suggestions, for the genres the user writes in."""
    from habits.aggregates import figures_of_history
    from habits.coaching import coach

    return coach(figures_of_history(history), day, genres_of(settings_of(history)))


def genres_of(settings: Mapping[str, object]) -> list[str]:
    """The genres the user writes in (the `genres` setting), for the coach's audience ideas."""
    genres = settings["genres"]
    return [str(g) for g in genres] if isinstance(genres, list) else []


def recent_names(history: History, kind: str) -> list[str]:
    """The names a step's subject took before (audiences, or people), newest first, one per person."""
    from habits.aggregates import figures_of_history

    return figures_of_history(history).recent_names(step(kind))


def _history_for(tx: Transaction, day: date) -> History:
    """What a change of one day needs to see: this year's records (and the people, settings and rest
    days) for today or a recent day; every year for a day of a closed year."""
    return tx.open_history if tx.holds(day) else tx.history


def _check_day(history: History, day: date, now: datetime) -> None:
    today = today_for(history, now)
    if day > today:
        raise InputError(f"{day.isoformat()} is in the future (today is {today.isoformat()})")


@dataclass(frozen=True)
class Logged:
    """What a log made, and a gentle warning when it asked too early (a favour or a pitch to someone not yet
    talking with you) or asked again with nothing heard (habits/pitch.py)."""

    entry: Entry
    warning: str | None = None


def log_step(store: Store, kind: str, subject: str, *, day: date | None = None,
             known: Callable[[str], tuple[str, str, int]] | None = None, **details: str | None) -> Logged:
    """Records one step; `day` defaults to the current routine day; `details` are the step's fields
    (habits/fields.py: note, platform, action, work, audience). The step still counts when it warns.

    The pitch guard: a connect that asks (habits.pitch.is_ask: the action `ask`, or a note that reads as a
    pitch, a favour, a call request, a link to your own work or a very personal note) warns when the person
    is not yet talking with you, or when an earlier ask of theirs is still unanswered.

    `known(name)`: the name a person goes by, their stage and their asks since they last answered, from
    the figures the door keeps; without it, every year is read."""
    from habits.fields import FIELDS, clean_step
    from habits.people import too_early_to_ask
    from habits.pitch import guard_warning, is_ask, pitch_in

    if kind not in STEP_KEYS:
        raise InputError(f"there is no step {kind!r} (steps: {', '.join(STEP_KEYS)})")
    _known_fields(details)
    kind_ = step(kind)
    fields: dict[str, str] = {"kind": kind, **clean_step(kind_, {**details, "subject": subject})}
    warning = None
    # Today's step needs this year's records, the people and the settings, not the closed years.
    with store.transaction(f"log {kind_.title}: {fields['subject']}", whole=False) as tx:
        history = tx.standing  # the people, audiences and settings: no day's entries are looked at
        when = day or today_for(history, tx.now)
        _check_day(history, when, tx.now)
        if kind_.gives:
            action, note = fields.get("action", ""), fields.get("note", "")
            if is_ask(kind, action, note):
                name, stage, unanswered = (known or _known_in(tx))(fields["subject"])
                warning = guard_warning(name, stage, early=too_early_to_ask(stage), pitch=pitch_in(note),
                                        unanswered_asks=unanswered) or None
            _remember_person(tx, history, fields["subject"], fields.get("platform", ""))
        for name in (fields["subject"] if kind_.names_audience else "", fields.get("audience", "")):
            if name:
                _remember_audience(tx, tx.standing, name)  # as it stands after the one before
        record = tx.insert("entries", {**fields, "day": when.isoformat()})
    entry = Entry(id=record["id"], day=when, created=record["created"], updated=record["updated"],
                  **{name: value for name, value in fields.items() if name in ("kind", "subject", *FIELDS)})
    return Logged(entry, warning)


def _known_in(tx: Transaction) -> Callable[[str], tuple[str, str, int]]:
    """A person's name, stage and asks since they last answered, from every year of the history (where a
    relationship stands takes all of it)."""
    from habits.people import Directory

    directory = Directory(tx.history)

    def known(name: str) -> tuple[str, str, int]:
        person = directory.find(name)
        return (person.name, person.stage, person.unanswered_asks) if person else (name, "new", 0)

    return known


def log_heard(
    store: Store, person: str, *, day: date | None = None, platform: str | None = None, note: str | None = None
) -> Heard:
    """Records that someone responded to you: the moment a relationship starts to be a conversation."""
    fields = {
        "person": clean_name(person, what="the person"),
        "platform": clean_detail(platform, "the platform"),
        "note": clean_note(note),
    }
    with store.transaction(f"heard from {fields['person']}", whole=False) as tx:
        history = tx.standing
        when = day or today_for(history, tx.now)
        _check_day(history, when, tx.now)
        _remember_person(tx, history, fields["person"], fields["platform"])
        record = tx.insert("heard", {**fields, "day": when.isoformat()})
    return Heard(id=record["id"], day=when, person=fields["person"], created=record["created"],
                 updated=record["updated"], platform=fields["platform"], note=fields["note"])


def _known_fields(details: Mapping[str, object], *more: str) -> None:
    from habits.fields import FIELDS

    unknown = set(details) - set(FIELDS) - set(more)
    if unknown:
        raise TypeError(f"no field {', '.join(sorted(unknown))} (fields: {', '.join(FIELDS)})")


def _remember_person(tx: Transaction, history: History, name: str, platform: str) -> None:
    """Keeps a record of each person, so that they can be renamed, merged and described."""
    from habits.people import records_by_key

    record = records_by_key(history.people).get(person_key(name))
    if record is None:
        tx.insert("people", {"name": name, "aliases": [], "platforms": [platform] if platform else [], "note": ""})
    elif platform and platform.casefold() not in (p.casefold() for p in record.platforms):
        tx.update("people", record.id, {"platforms": [*record.platforms, platform]})


def _remember_audience(tx: Transaction, history: History, name: str) -> None:
    if not any(audience_key(r.name) == audience_key(name) for r in history.audiences):
        tx.insert("audiences", {"name": name, "where": "", "note": ""})


def _person_or_refuse(directory: Directory, name: str) -> Person:
    person = directory.find(clean_name(name, what="the person"))
    if person is None:
        raise InputError(f"there is nobody called {shown(name.strip())} in your history")
    return person


def _record_of(tx: Transaction, person: Person) -> PersonRecord:
    """The person's record, made now for a person known only from entries (an older or imported file)."""
    if person.record is not None:
        return person.record
    made = tx.insert("people", {"name": person.name, "aliases": [], "platforms": list(person.platforms), "note": ""})
    return PersonRecord(made["id"], person.name, made["created"], made["updated"], (), person.platforms, "")


def rename_person(store: Store, name: str, new_name: str) -> str:
    """Gives a person a new name; the old one stays an alias, so every entry that used it is still theirs."""
    return change_person(store, name, rename=new_name)


def merge_people(store: Store, name: str, into: str) -> str:
    """Makes two records one person: everything given to and heard from `name` becomes `into`'s."""
    return change_person(store, name, merge_into=into)


def describe_person(store: Store, name: str, *, note: str | None = None, platforms: str | None = None) -> None:
    """Sets what you know of a person: a note, and the platforms (comma-separated) where they are."""
    change_person(store, name, note=note, platforms=platforms)


def change_person(store: Store, name: str, *, rename: str | None = None, merge_into: str | None = None,
                  note: str | None = None, platforms: str | None = None) -> str:
    """Renames a person or merges them into another, and sets what you know of them, as one change
    (undone as one); the name they go by after it."""
    from habits.people import Directory, unique_names

    new = clean_name(rename, what="the new name") if rename is not None else None
    changes: dict[str, object] = {}
    if note is not None:
        changes["note"] = clean_note(note)
    if platforms is not None:
        changes["platforms"] = [clean_name(p, what="a platform") for p in platforms.split(",") if p.strip()]
    label = (f"rename {name.strip()} to {new}" if new is not None else
             f"merge {name.strip()} into {merge_into.strip()}" if merge_into is not None else f"describe {name.strip()}")
    with store.transaction(label) as tx:
        directory = Directory(tx.history)
        person = _person_or_refuse(directory, name)
        if new is not None:
            other = directory.find(new)
            if other is not None and other.key != person.key:
                raise InputError(f"{other.name} is already someone in your history; merge the two instead")
            record = _record_of(tx, person)
            aliases = list(dict.fromkeys([*record.aliases, person_key(record.name)]))
            aliases = [a for a in aliases if a != person_key(new)]
            tx.update("people", record.id, {"name": new, "aliases": aliases})
            name = new
        elif merge_into is not None:
            target = _person_or_refuse(directory, merge_into)
            if person.key == target.key:
                raise InputError(f"{person.name} and {target.name} are already the same person")
            source_record = _record_of(tx, person)
            target_record = _record_of(tx, target)
            aliases = [*target_record.aliases, person_key(source_record.name), *source_record.aliases]
            aliases = [a for a in dict.fromkeys(aliases) if a != person_key(target_record.name)]
            merged = unique_names([*target_record.platforms, *person.platforms, *target.platforms])
            notes = "\n".join(n for n in (target_record.note, source_record.note) if n)
            tx.update("people", target_record.id, {"aliases": aliases, "platforms": merged, "note": notes})
            tx.delete("people", source_record.id)
            name = target.name
        if changes:
            directory = Directory(tx.history)
            record = _record_of(tx, _person_or_refuse(directory, name))
            tx.update("people", record.id, changes)
    return name


def describe_audience(store: Store, name: str, *, where: str | None = None, note: str | None = None) -> None:
    """Sets where an audience gathers and a note about it."""
    key = audience_key(clean_name(name, what="the audience"))
    with store.transaction(f"describe {name.strip()}") as tx:
        history = tx.history
        record = next((r for r in history.audiences if audience_key(r.name) == key), None)
        if record is None:
            from habits.audiences import audiences

            if not any(a.key == key for a in audiences(history)):
                raise InputError(f"there is no audience called {shown(name.strip())} in your history")
            made = tx.insert("audiences", {"name": clean_name(name, what="the audience"), "where": "", "note": ""})
            record_id = made["id"]
        else:
            record_id = record.id
        changes: dict[str, object] = {}
        if where is not None:
            changes["where"] = clean_note(where, what="where it gathers")
        if note is not None:
            changes["note"] = clean_note(note)
        if changes:
            tx.update("audiences", record_id, changes)


def set_reflection(store: Store, text: str, *, day: date | None = None) -> str:
    """Sets a day's reflection, replacing what it said before; an empty text clears it."""
    cleaned = clean_note(text, what="the reflection")
    with store.transaction("reflection", whole=False) as tx:
        when = day or today_for(tx.standing, tx.now)  # the settings are always at hand
        history = _history_for(tx, when)
        _check_day(history, when, tx.now)
        _put_text(tx, "reflections", history.reflections.get(when), cleaned, {"day": when.isoformat()})
    return cleaned


def _put_text(tx: Transaction, table: str, existing: Reflection | WeekReflection | None, text: str,
              where: dict[str, str]) -> None:
    """Sets an answer's text: a new record, an edit, or (an empty text) a deletion; nothing when it is the same."""
    if existing and not text:
        tx.delete(table, existing.id)
    elif existing:
        if existing.text != text:
            tx.update(table, existing.id, {"text": text})
    elif text:
        tx.insert(table, {**where, "text": text})


def edit_entry(store: Store, entry_id: str, *, day: date | None = None, **details: str | None) -> Entry:
    """Changes what a logged step says: its subject (`subject`), its fields (habits/fields.py) and its
    day; what is not given stays. Undoable like every change."""
    from habits.fields import clean_step

    _known_fields(details, "subject")
    with store.transaction("edit an entry") as tx:
        history = tx.history
        entry = next((e for e in history.entries if e.id == entry_id), None)
        if entry is None:
            raise InputError("that entry is not in your history any more")
        tx.label = f"edit {entry.step.title}: {entry.subject}"
        kind_ = entry.step
        changes: dict[str, str] = clean_step(kind_, details, partial=True)
        if day is not None:
            _check_day(history, day, tx.now)
            changes["day"] = day.isoformat()
        if kind_.subject == "person" and "subject" in changes:
            _remember_person(tx, history, changes["subject"], changes.get("platform", entry.platform))
        for name in (changes.get("subject", "") if kind_.names_audience else "", changes.get("audience", "")):
            if name:
                _remember_audience(tx, history, name)
        if changes:
            tx.update("entries", entry_id, changes)
        stored = tx.get("entries", entry_id)
    return read_entry(stored) if stored is not None else entry


def delete_entry(store: Store, entry_id: str) -> Entry:
    """Deletes a logged step (a tombstone stays, for merges); `coach undo` brings it back."""
    with store.transaction("delete an entry") as tx:
        entry = next((e for e in tx.history.entries if e.id == entry_id), None)
        if entry is None:
            raise InputError("that entry is not in your history any more")
        tx.label = f"delete {entry.step.title}: {entry.subject}"
        tx.delete("entries", entry_id)
    return entry


def week_key(year: int, week: int) -> str:
    return f"{year:04d}-W{week:02d}"


def set_week_reflection(store: Store, year: int, week: int, text: str) -> str:
    """Sets the answer to a week's closing prompt; an empty text clears it."""
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise InputError(f"{year} has no ISO week {week}") from None
    cleaned = clean_note(text, what="the week's reflection")
    key = week_key(year, week)
    with store.transaction(f"reflection for the week {key}") as tx:
        _check_day(tx.history, monday, tx.now)
        _put_text(tx, "week_reflections", tx.history.week_reflections.get(key), cleaned, {"week": key})
    return cleaned


@dataclass(frozen=True)
class RestOutcome:
    day: date
    result: str  # "rested", "already" (it was a rest day) or "complete" (nothing to rest)


def mark_rest(store: Store, *, day: date | None = None) -> RestOutcome:
    """Marks a rest day, within the weekly allowance. A complete day stays complete."""
    with store.transaction("rest day", whole=False) as tx:
        when = day or today_for(tx.standing, tx.now)  # the settings are always at hand
        history = _history_for(tx, when)
        _check_day(history, when, tx.now)
        if not all(tx.holds(d) for d in iso_week_bounds(when)):
            history = tx.history  # a week that began in a closed year
        if history.steps_done(when) == {key: True for key in STEP_KEYS}:
            return RestOutcome(when, "complete")
        if when in history.rest_days:
            return RestOutcome(when, "already")
        allowance = int(settings_of(history)["rest_days_per_week"])
        monday, sunday = iso_week_bounds(when)
        complete = {d for d, kinds in history.kinds_by_day().items() if len(kinds) == len(STEP_KEYS)}
        taken = sorted(d for d in history.rest_days if monday <= d <= sunday and d not in complete)
        if allowance == 0:
            raise InputError("rest days are off (rest_days_per_week is 0); coach config rest_days_per_week 1 "
                             "turns them on")
        if len(taken) >= allowance:
            days = "rest day" if allowance == 1 else "rest days"
            already = ", ".join(d.strftime("%a %d %b") for d in taken) or "none"
            raise InputError(
                f"the week of {monday.isoformat()} already has its {allowance} {days} ({already}); "
                f"coach config rest_days_per_week changes the allowance"
            )
        tx.insert("rest_days", {"day": when.isoformat()})
    return RestOutcome(when, "rested")


def set_setting(store: Store, key: str, raw: str) -> object:
    spec = setting(key)
    value = spec.parse(raw)
    with store.transaction(f"setting {key}") as tx:
        _put_setting(tx, key, lambda _current: value)
    return value


def set_keys(store: Store, binding_id: str, keys: str | None,
             check: Callable[[dict[str, object]], object] | None = None) -> dict[str, str]:
    """Gives one binding of the app its own keys in the `keymap` setting (None: back to its default), the
    rest of the keymap as it is in the file at the moment of the change. The app knows which ids and keys
    exist: `check(the keymap in the file)`, called inside the change, refuses by raising InputError (a key
    another process gave another binding meanwhile). Here they meet the setting's own rules."""
    spec = setting("keymap")
    with store.transaction(f"keys for {binding_id}") as tx:
        def changed(current: object) -> dict[str, str]:
            held = current if isinstance(current, dict) else {}
            if check is not None:
                check(held)
            keymap = {k: v for k, v in held.items() if k != binding_id}
            if keys is not None:
                keymap[binding_id] = keys
            return spec.parse(spec.show(keymap))  # type: ignore[return-value]

        return _put_setting(tx, "keymap", changed)  # type: ignore[return-value]


def _put_setting(tx: Transaction, key: str, change: Callable[[object], object]) -> object:
    """Stores `change(the value in force)` as the setting `key`; its value."""
    # Two copies merged by an import may both hold the key: the newest is the one in force.
    # A record that cannot be read (coach doctor names it) is left as it is, as every reader does.
    held = [r for r in tx.live("settings") if r.get("key") == key and read_problem("settings", r) is None]
    current = max(held, key=lambda r: (datetime.fromisoformat(r["updated"]), r["id"])) if held else None
    value = change(current["value"] if current is not None else setting(key).default)
    if current is None:
        tx.insert("settings", {"key": key, "value": value})
    elif current["value"] != value:
        tx.update("settings", current["id"], {"value": value})
    return value
