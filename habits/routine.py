"""The day's work as operations every face of coach shares: log a step, reflect, rest, configure, and
the status of a routine day. The CLI, the app and the check-in all call these, so the rules live once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from habits import streaks
from habits.days import iso_week_bounds, routine_day
from habits.model import ACTIONS, DEFAULT_ACTION, STEP_KEYS, STEPS, Entry, History, step
from habits.prompts import prompt_for
from habits.settings import effective, setting
from habits.store import Store
from habits.text import InputError, clean_detail, clean_name, clean_note, person_key


def settings_of(history: History) -> dict[str, object]:
    return effective(history.settings)


def today_for(history: History, now: datetime) -> date:
    """The current routine day, by the stored day_start_hour."""
    return routine_day(now, int(settings_of(history)["day_start_hour"]))


def kinds_by_day(history: History) -> dict[date, set[str]]:
    done: dict[date, set[str]] = {}
    for entry in history.entries:
        done.setdefault(entry.day, set()).add(entry.kind)
    return done


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
        head = "rest day" if self.rest else f"{self.done_count} of 3 done"
        return f"{head} · streak {self.streak.current} {days}"


def day_status(history: History, day: date) -> DayStatus:
    by_day = kinds_by_day(history)
    complete = {d for d, kinds in by_day.items() if len(kinds) == len(STEP_KEYS)}
    # Marking a complete day as rest changes nothing: such a day counts as complete.
    rest = {d for d in history.rest_days if d not in complete}
    fractions = {d: len(kinds) / len(STEP_KEYS) for d, kinds in by_day.items()}
    kinds = by_day.get(day, set())
    reflection = history.reflections.get(day)
    return DayStatus(
        day=day,
        steps={key: key in kinds for key in STEP_KEYS},
        rest=day in rest,
        streak=streaks.streak(complete, rest, day),
        strength=streaks.strength(fractions, rest, day),
        reflection=reflection.text if reflection else None,
        prompt=prompt_for(day),
        entries=history.entries_on(day),
    )


def recent_names(history: History, kind: str) -> list[str]:
    """The names a step's subject took before (audiences, or people), newest first, one per person."""
    subject = step(kind).subject
    kinds = {s.key for s in STEPS if s.subject == subject}
    key = person_key if subject == "person" else str.casefold
    seen: dict[str, str] = {}
    for entry in reversed(history.entries):
        if entry.kind in kinds:
            seen.setdefault(key(entry.subject), entry.subject)
    return list(seen.values())


def _check_day(history: History, day: date, now: datetime) -> None:
    today = today_for(history, now)
    if day > today:
        raise InputError(f"{day.isoformat()} is in the future (today is {today.isoformat()})")


def log_step(
    store: Store,
    kind: str,
    subject: str,
    *,
    day: date | None = None,
    note: str | None = None,
    platform: str | None = None,
    action: str | None = None,
    work: str | None = None,
) -> Entry:
    """Records one step; `day` defaults to the current routine day."""
    if kind not in STEP_KEYS:
        raise InputError(f"there is no step {kind!r} (steps: {', '.join(STEP_KEYS)})")
    kind_ = step(kind)
    fields: dict[str, str] = {
        "kind": kind,
        "subject": clean_name(subject, what=f"the {kind_.subject}"),
        "note": clean_note(note),
    }
    if "platform" in kind_.fields:
        fields["platform"] = clean_detail(platform, "the platform")
    if "work" in kind_.fields:
        fields["work"] = clean_detail(work, "the work")
    if "action" in kind_.fields:
        chosen = (action or DEFAULT_ACTION).strip().lower()
        if chosen not in ACTIONS:
            raise InputError(f"the action is one of {', '.join(ACTIONS)}, not {action!r}")
        fields["action"] = chosen
    with store.transaction() as tx:
        history = tx.history
        when = day or today_for(history, tx.now)
        _check_day(history, when, tx.now)
        record = tx.insert("entries", {**fields, "day": when.isoformat()})
    return Entry(
        id=record["id"], kind=kind, day=when, subject=fields["subject"], created=record["created"],
        updated=record["updated"], note=fields["note"], platform=fields.get("platform", ""),
        action=fields.get("action", ""), work=fields.get("work", ""),
    )


def set_reflection(store: Store, text: str, *, day: date | None = None) -> str:
    """Sets a day's reflection, replacing what it said before; an empty text clears it."""
    cleaned = clean_note(text, what="the reflection")
    with store.transaction() as tx:
        history = tx.history
        when = day or today_for(history, tx.now)
        _check_day(history, when, tx.now)
        existing = history.reflections.get(when)
        if existing and not cleaned:
            tx.delete("reflections", existing.id)
        elif existing:
            if existing.text != cleaned:
                tx.update("reflections", existing.id, {"text": cleaned})
        elif cleaned:
            tx.insert("reflections", {"day": when.isoformat(), "text": cleaned})
    return cleaned


@dataclass(frozen=True)
class RestOutcome:
    day: date
    result: str  # "rested", "already" (it was a rest day) or "complete" (nothing to rest)


def mark_rest(store: Store, *, day: date | None = None) -> RestOutcome:
    """Marks a rest day, within the weekly allowance. A complete day stays complete."""
    with store.transaction() as tx:
        history = tx.history
        when = day or today_for(history, tx.now)
        _check_day(history, when, tx.now)
        if history.steps_done(when) == {key: True for key in STEP_KEYS}:
            return RestOutcome(when, "complete")
        if when in history.rest_days:
            return RestOutcome(when, "already")
        allowance = int(settings_of(history)["rest_days_per_week"])
        monday, sunday = iso_week_bounds(when)
        complete = {d for d, kinds in kinds_by_day(history).items() if len(kinds) == len(STEP_KEYS)}
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
    with store.transaction() as tx:
        current = next((r for r in tx.live("settings") if r["key"] == key), None)
        if current is None:
            tx.insert("settings", {"key": key, "value": value})
        elif current["value"] != value:
            tx.update("settings", current["id"], {"value": value})
    return value
