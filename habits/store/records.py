"""What a stored record is: how one is read into the domain, and the one door every new record passes.

Two questions, asked of the same record in two places:

- **Can it be read?** (`read_problem`, and `history_from`, which every reader uses.) Its shape: the
  fields a record of its table must have, of the right types, a day written `YYYY-MM-DD`, stamps with
  their UTC offset. A record that fails is left out of the history and named by `coach doctor`; it is
  kept in the file as it is. One bad record, written by an older coach or a hand edit, is never the
  reason nothing works.
- **May it come in?** (`problem` and `refuse`, used by every writer: `coach log`, heard, reflect, the
  app's forms, the undo journal's replay excepted, `coach import`, and any merge or importer after
  them.) Its shape, and then the rules typed text meets (habits/text.py): names of at most 200
  characters on one line, notes of at most 10,000, no control characters, an action coach knows, a day
  no later than the day after the routine day of the write (a synced machine in another time zone can
  be a day ahead), and an id of plain text.

`problems` asks both of every record of a file or an export at once: what doctor names and what an
import refuses, each with its table, its id and why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into every command (3 ms)
if TYPE_CHECKING:
    from typing import Any

from habits.model import (
    ACTIONS, STEP_KEYS, AudienceRecord, Entry, Heard, History, PersonRecord, Reflection, RestDay, WeekReflection,
)
from habits.settings import setting
from habits.text import MAX_NAME, MAX_NOTE, InputError, clean_detail, clean_name, clean_note, control_in, shown

TABLES = ("entries", "reflections", "rest_days", "settings", "heard", "people", "audiences", "week_reflections")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # the contract's only way to write a day (fromisoformat takes more)
ISO_WEEK = re.compile(r"[0-9]{4}-W[0-9]{2}")
MAX_ID = 200
MAX_LIST = 1_000  # the aliases or platforms of one person


def is_day(value: Any) -> bool:
    """Whether a stored value is a day as the contract writes it: `2026-11-21`, not `20261121` or `2026-W47-6`."""
    return isinstance(value, str) and DAY.fullmatch(value) is not None


def valid_day(value: Any) -> bool:
    """A day as the contract writes it that is a day of the calendar too (not 2026-02-30)."""
    try:
        day_of(value)
    except ValueError:
        return False
    return True


def day_of(value: Any) -> date:
    try:
        if is_day(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"day {shown(value)} is not a date written YYYY-MM-DD")


def timestamp(moment: datetime) -> str:
    """A moment as coach stores it: local time with its UTC offset, to the millisecond."""
    return moment.astimezone().isoformat(timespec="milliseconds")


def stamp_after(previous: Any, now: datetime) -> str:
    """The `updated` of a new version of a record whose version now is `previous`: the current moment,
    or a millisecond after `previous` when that is later (this machine's clock is behind the one that
    made it). A version made after another is then always the later one, which a merge keeps."""
    before = moment(previous)
    if before is not None and before >= now:
        from datetime import timedelta

        return timestamp(before + timedelta(milliseconds=1))
    return timestamp(now)


def moment(value: Any) -> datetime | None:
    """A stored time, or None when it is not ISO 8601 text with its UTC offset (it could not be ordered)."""
    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo is not None else None


def text_of(record: dict[str, Any], key: str, default: str | None = None) -> str:
    value = record.get(key, default) if default is not None else record[key]
    if not isinstance(value, str):
        raise ValueError(f"{key} is not text")
    return value


def stamp_of(record: dict[str, Any], key: str) -> str:
    # A stamp that does not parse, or has no UTC offset, cannot be ordered against the others.
    if datetime.fromisoformat(text_of(record, key)).tzinfo is None:
        raise ValueError(f"{key} has no UTC offset")
    return record[key]


def texts_of(record: dict[str, Any], key: str) -> tuple[str, ...]:
    values = record.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{key} is not a list of text")
    return tuple(values)


def entry(r: dict[str, Any]) -> Entry:
    if r.get("kind") not in STEP_KEYS:
        raise ValueError(f"unknown step {shown(r.get('kind'))}")
    return Entry(
        id=text_of(r, "id"), kind=r["kind"], day=day_of(r.get("day")), subject=text_of(r, "subject"),
        created=stamp_of(r, "created"), updated=stamp_of(r, "updated"), note=text_of(r, "note", ""),
        platform=text_of(r, "platform", ""), action=text_of(r, "action", ""), work=text_of(r, "work", ""),
        audience=text_of(r, "audience", ""),
    )


def heard(r: dict[str, Any]) -> Heard:
    return Heard(
        id=text_of(r, "id"), day=day_of(r.get("day")), person=text_of(r, "person"), created=stamp_of(r, "created"),
        updated=stamp_of(r, "updated"), platform=text_of(r, "platform", ""), note=text_of(r, "note", ""),
    )


def reflection(r: dict[str, Any]) -> Reflection:
    return Reflection(text_of(r, "id"), day_of(r.get("day")), text_of(r, "text"), stamp_of(r, "created"),
                      stamp_of(r, "updated"))


def rest_day(r: dict[str, Any]) -> RestDay:
    return RestDay(text_of(r, "id"), day_of(r.get("day")), stamp_of(r, "created"), stamp_of(r, "updated"))


def person(r: dict[str, Any]) -> PersonRecord:
    return PersonRecord(
        id=text_of(r, "id"), name=text_of(r, "name"), created=stamp_of(r, "created"), updated=stamp_of(r, "updated"),
        aliases=texts_of(r, "aliases"), platforms=texts_of(r, "platforms"), note=text_of(r, "note", ""),
    )


def audience(r: dict[str, Any]) -> AudienceRecord:
    return AudienceRecord(
        id=text_of(r, "id"), name=text_of(r, "name"), created=stamp_of(r, "created"), updated=stamp_of(r, "updated"),
        where=text_of(r, "where", ""), note=text_of(r, "note", ""),
    )


def week_reflection(r: dict[str, Any]) -> WeekReflection:
    week = text_of(r, "week")
    if not ISO_WEEK.fullmatch(week):
        raise ValueError(f"week {shown(week)} is not an ISO week such as 2026-W47")
    date.fromisocalendar(int(week[:4]), int(week[6:]), 1)  # W53 of a year that has 52 is no week
    return WeekReflection(text_of(r, "id"), week, text_of(r, "text"), stamp_of(r, "created"), stamp_of(r, "updated"))


def setting_value(r: dict[str, Any]) -> Any:
    """A setting's stored value, checked against what the setting takes; a newer coach's setting is kept."""
    stamp_of(r, "created")
    stamp_of(r, "updated")
    try:
        spec = setting(text_of(r, "key"))
    except InputError:
        return r.get("value")  # a setting of a newer coach: kept, not used
    value = r["value"]
    try:
        valid = spec.parse(spec.show(value)) == value
    except (InputError, TypeError):
        valid = False
    if not valid:
        raise ValueError(f"{spec.key} has the value {shown(value)}")
    return value


READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "entries": entry, "reflections": reflection, "rest_days": rest_day, "settings": setting_value,
    "heard": heard, "people": person, "audiences": audience, "week_reflections": week_reflection,
}
READ_ERRORS = (KeyError, ValueError, TypeError, AttributeError)


def read_problem(table: str, record: Any) -> str | None:
    """Why a record cannot be read into the history, or None (the readers' question)."""
    if not isinstance(record, dict):
        return "is not an object"
    try:
        READERS[table](record)
    except KeyError as error:
        return f"has no {error.args[0]!r}" if error.args and isinstance(error.args[0], str) else "lacks a field"
    except READ_ERRORS as error:
        return str(error)
    return None


# --- the door ----------------------------------------------------------------------------------------

_NAME, _NOTE, _DETAIL, _NAMES = "name", "note", "detail", "names"
# Every text a person gives, by table: the same cleaners `coach log` puts typed text through.
_TEXTS: dict[str, dict[str, str]] = {
    "entries": {"subject": _NAME, "note": _NOTE, "platform": _DETAIL, "work": _DETAIL, "audience": _DETAIL},
    "heard": {"person": _NAME, "platform": _DETAIL, "note": _NOTE},
    "reflections": {"text": _NOTE},
    "people": {"name": _NAME, "aliases": _NAMES, "platforms": _NAMES, "note": _NOTE},
    "audiences": {"name": _NAME, "where": _NOTE, "note": _NOTE},
    "week_reflections": {"text": _NOTE},
}
_DAYS = ("entries", "heard", "reflections", "rest_days")
_STAMPS = {"id", "created", "updated", "deleted"}
# The fields each table's records have; any other (a newer coach's, a hand edit's) meets _other_problem.
_FIELDS: dict[str, set[str]] = {
    "entries": {"kind", "day", "action", *_TEXTS["entries"]}, "heard": {"day", *_TEXTS["heard"]},
    "reflections": {"day", "text"}, "rest_days": {"day"}, "settings": {"key", "value"},
    "people": set(_TEXTS["people"]), "audiences": set(_TEXTS["audiences"]), "week_reflections": {"week", "text"},
}


def _text_problem(rule: str, value: Any, what: str) -> str | None:
    """What the cleaners would say of a text, and then of it as it is stored: the cleaners trim and
    collapse white space, so the limits and the control-character rule hold for the stored text too."""
    if rule == _NAMES:
        if len(value) > MAX_LIST:
            return f"{what} lists {len(value):,} names; the most is {MAX_LIST:,}"
        return next(filter(None, (_text_problem(_NAME, item, f"a name in {what}") for item in value)), None)
    try:
        {_NAME: clean_name, _DETAIL: clean_detail, _NOTE: clean_note}[rule](value, what)
    except InputError as error:
        return str(error)
    note = rule == _NOTE
    most = MAX_NOTE if note else MAX_NAME
    if len(value) > most:
        return f"{what} is {len(value):,} characters long as stored; the most is {most:,}"
    if control_in(value, multiline=note):
        return f"{what} cannot contain control characters" + ("" if note else " (a tab or a line break either)")
    return None


def _other_problem(key: Any, value: Any) -> str | None:
    """A field this coach does not know (a newer coach's, a hand edit's): kept as it comes, within the
    limits of a note: plain values, or a short list of them, with no control characters."""
    what = f"the field {shown(key)} (which this coach does not know)"
    if _text_problem(_NAME, key, "a field's name"):
        return f"{what} has a name that is not plain text of at most {MAX_NAME} characters"
    values = value if isinstance(value, list) and len(value) <= MAX_LIST else [value]
    if sum(len(item) for item in values if isinstance(item, str)) > MAX_NOTE:
        return f"{what} holds more than {MAX_NOTE:,} characters"
    for item in values:
        if isinstance(item, str):
            found = _text_problem(_NOTE, item, what)
            if found:
                return found
        elif item is not None and not isinstance(item, (bool, int, float)):
            return f"{what} holds more than plain values (or a list of at most {MAX_LIST:,} of them)"
    return None


def problem(table: str, record: Any, latest: date | None = None, fields: Any = None) -> str | None:
    """Why a record may not come in, or None: its shape, then the rules every typed text meets.

    `latest`: the last day a record may be for (the day after the routine day of the write); None
    leaves days after today alone (doctor, a record already stored). `fields`: check only these of
    its texts (an edit of a record checks what it changes, not what an older coach once let in).
    """
    found = read_problem(table, record)
    if found:
        return found
    record_id = record["id"]
    if not record_id.strip() or len(record_id) > MAX_ID or _text_problem(_NAME, record_id, "id"):
        return f"its id {shown(record_id)} is not an id (plain text of at most {MAX_ID} characters)"
    if record.get("deleted") is not None:
        try:
            stamp_of(record, "deleted")
        except READ_ERRORS:
            return 'its "deleted" is not a time with its UTC offset'
    for key, rule in _TEXTS.get(table, {}).items():
        if key in record and (fields is None or key in fields):
            found = _text_problem(rule, record[key], f"the {key}")
            if found:
                return found
    known = _FIELDS[table] | _STAMPS
    if table == "settings":
        try:
            setting(record["key"])
        except InputError:  # a newer coach's setting: its name and value meet the rules of any other field
            known = known - {"value"}
            if fields is None and _text_problem(_NAME, record["key"], "the key"):
                return f"its key {shown(record['key'])} is not plain text of at most {MAX_NAME} characters"
    for key in record:
        if key not in known and (fields is None or key in fields):
            found = _other_problem(key, record[key])
            if found:
                return found
    if table == "entries" and record.get("action", "") not in ("", *ACTIONS) and (fields is None or "action" in fields):
        return f"the action {shown(record['action'])} is not one of {', '.join(ACTIONS)}"
    if latest is not None and table in _DAYS and (fields is None or "day" in fields) and record["day"] > latest.isoformat():
        return f"the day {record['day']} is after tomorrow ({latest.isoformat()})"
    if latest is not None and table == "week_reflections" and (fields is None or "week" in fields):
        week = record["week"]
        if date.fromisocalendar(int(week[:4]), int(week[6:]), 1) > latest:
            return f"the week {week} has not begun"
    return None


def refuse(table: str, record: dict[str, Any], latest: date | None = None, fields: Any = None) -> None:
    """Raises InputError, one line, when a record may not come in (the store's door for every write)."""
    found = problem(table, record, latest, fields)
    if found:
        raise InputError(f"a record in {table!r} cannot be stored: {found}; nothing was changed")


def describe(table: str, record: Any, why: str) -> str:
    """A bad record for a message: its table, the start of its id, and why."""
    record_id = record.get("id") if isinstance(record, dict) else None
    short = (record_id[:8] + "…" if len(record_id) > 9 else record_id) if isinstance(record_id, str) else "(no id)"
    return f"{table} {shown(short, 12)[1:-1]}: {why}"


def stamp_problem(record: dict[str, Any]) -> str | None:
    """What keeps a record from being merged by id and time, or None."""
    record_id = record.get("id")
    if not isinstance(record_id, str) or not record_id.strip():
        return 'has no "id"'
    for key in ("created", "updated"):
        if moment(record.get(key)) is None:
            return f'has no "{key}" time with its UTC offset'
    if record.get("deleted") and moment(record["deleted"]) is None:
        return 'has a "deleted" that is not a time'
    return None


@dataclass(frozen=True)
class Problem:
    """A record `problems` found: one that cannot be read (`readable` False: it is left out of the
    history), or one that reads but that the door would not let in now (`readable` True: text an older
    coach or a hand edit let in)."""

    table: str
    id: str | None  # the record's id, when it has one that is text
    why: str
    record: Any
    readable: bool


def problems(data: Mapping[str, Any], latest: date | None = None) -> list[Problem]:
    """Every record of `data` that cannot be read or that the door would refuse, table by table in
    TABLES' order, each record once. `data`: a file's tables (records keyed by their ids) or an
    export's (lists of records). A tombstone is checked as if live: undo may bring it back. `latest`:
    as for `problem` (None: a day after tomorrow is no problem, as for a record already stored)."""
    found: list[Problem] = []
    for table in TABLES:
        rows = data.get(table) or ()
        for record in rows.values() if isinstance(rows, Mapping) else rows:
            if not isinstance(record, dict):
                found.append(Problem(table, None, "is not an object", record, False))
                continue
            why = stamp_problem(record) or read_problem(table, record)
            readable = why is None
            if readable:
                why = problem(table, record, latest)
            if why:
                record_id = record.get("id")
                found.append(Problem(table, record_id if isinstance(record_id, str) else None, why, record, readable))
    return found


# --- the history: the live records of a file's tables as domain objects --------------------------------

def history_from(data: Mapping[str, Any], path: Path | str = "the data file", trusted: bool = False) -> History:
    """The live records of a file's contents as domain objects.

    A record that cannot be read (read_problem says why) is left out of the history and listed in its
    `unreadable`; it stays in the file as it is, and `coach doctor` names it. One bad record, from an
    older coach or a hand edit, is never the reason nothing works.

    `trusted`: the records are as coach wrote them (the store knows), so the tables that grow by the
    day are read without checking each field again: at 10 years that is 180 ms against 75. Should one
    not read after all, the whole is read again with every record checked.
    """
    if trusted:
        try:
            return _history(data, (_entry_as_written, _heard_as_written, _reflection_as_written), None)
        except READ_ERRORS:
            pass
    unreadable: list[tuple[str, str, str]] = []
    return _history(data, (entry, heard, reflection), unreadable)


def live(data: Mapping[str, Any], table: str) -> Iterator[dict[str, Any]]:
    """The records of a table that are not tombstones."""
    for record in data.get(table, {}).values():
        if not record.get("deleted"):
            yield record


def _history(data: Mapping[str, Any], day_readers: tuple[Callable[[dict[str, Any]], Any], ...],
             unreadable: list[tuple[str, str, str]] | None) -> History:
    """`unreadable` None: every record must read (a trusted file); a list: what does not is left out and listed."""
    entry_of, heard_of, reflection_of = day_readers

    def read(table: str, reader: Callable[[dict[str, Any]], Any]) -> Iterator[Any]:
        if unreadable is None:
            yield from (reader(r) for r in live(data, table))
            return
        for key, r in data.get(table, {}).items():
            if r.get("deleted"):
                continue
            try:
                yield reader(r)
            except READ_ERRORS:
                record_id = r.get("id") if isinstance(r.get("id"), str) else str(key)
                unreadable.append((table, record_id, read_problem(table, r) or "it cannot be read"))

    entries = sorted(read("entries", entry_of), key=lambda e: (e.day, datetime.fromisoformat(e.created)))
    by_day: dict[date, list[Reflection]] = {}
    for found in read("reflections", reflection_of):
        by_day.setdefault(found.day, []).append(found)
    rests: dict[date, list[RestDay]] = {}
    for rest in read("rest_days", rest_day):
        rests.setdefault(rest.day, []).append(rest)
    heard_back = sorted(read("heard", heard_of), key=lambda h: (h.day, datetime.fromisoformat(h.created)))
    people = tuple(read("people", person))
    audiences = tuple(read("audiences", audience))
    weeks: dict[str, list[WeekReflection]] = {}
    for week in read("week_reflections", week_reflection):
        weeks.setdefault(week.week, []).append(week)
    newest: dict[str, tuple[tuple[datetime, str], Any]] = {}
    for key, updated, value in read("settings", _setting):  # (updated, id): the same choice on every machine
        if key not in newest or updated >= newest[key][0]:
            newest[key] = (updated, value)
    return History(
        entries=tuple(entries),
        reflections={day: _newest(rs) for day, rs in by_day.items()},
        rest_days={day: _newest(rs) for day, rs in rests.items()},
        settings={key: value for key, (_, value) in newest.items()},
        heard=tuple(heard_back),
        people=people,
        audiences=audiences,
        week_reflections={week: _newest(rs) for week, rs in weeks.items()},
        unreadable=tuple(unreadable or ()),
    )


def _newest(found: list[Any]) -> Any:
    """The one in force of several records for one day (two synced machines each wrote one): the last
    edited, and at the same instant the greater id, so that every machine shows the same one."""
    return max(found, key=lambda r: (datetime.fromisoformat(r.updated), r.id))


def _setting(r: dict[str, Any]) -> tuple[str, tuple[datetime, str], Any]:
    value = setting_value(r)
    return r["key"], (datetime.fromisoformat(stamp_of(r, "updated")), str(r.get("id", ""))), value


# The trusted readers: a file as coach left it is read without checking each field again. What the
# checking readers would refuse and a cheap look sees sends the read back to them: a record coach did
# not write (a hand edit, an older coach) is then checked with every other.

_KINDS = frozenset(STEP_KEYS)


def _as_written(r: dict[str, Any], *texts: str) -> None:
    for key in texts:
        if r.get(key, "").__class__ is not str:
            raise ValueError(f"{key} is not text")
    for key in ("created", "updated"):  # with its UTC offset, as coach writes it ("…T09:00:00.000+01:00")
        stamp = r[key]
        if stamp.__class__ is not str or len(stamp) < 25 or stamp[-6] not in "+-" or stamp[-3] != ":":
            raise ValueError(f"{key} is not a time with its UTC offset")


def _day_as_written(day: str) -> date:
    # The shape of the contract's day, cheaply: a record that is not as coach writes it sends the read
    # back to the checking readers (date.fromisoformat alone also takes 20191201 and 2019-W10-1).
    if len(day) != 10 or day[4] != "-" or day[7] != "-":
        raise ValueError(f"day {day!r} is not a date written YYYY-MM-DD")
    return date.fromisoformat(day)


def _entry_as_written(r: dict[str, Any]) -> Entry:
    if r["kind"] not in _KINDS:
        raise ValueError("unknown step")
    _as_written(r, "id", "subject", "note", "platform", "action", "work", "audience")
    return Entry(r["id"], r["kind"], _day_as_written(r["day"]), r["subject"], r["created"], r["updated"],
                 r.get("note", ""), r.get("platform", ""), r.get("action", ""), r.get("work", ""), r.get("audience", ""))


def _heard_as_written(r: dict[str, Any]) -> Heard:
    _as_written(r, "id", "person", "platform", "note")
    return Heard(r["id"], _day_as_written(r["day"]), r["person"], r["created"], r["updated"],
                 r.get("platform", ""), r.get("note", ""))


def _reflection_as_written(r: dict[str, Any]) -> Reflection:
    _as_written(r, "id", "text")
    return Reflection(r["id"], _day_as_written(r["day"]), r["text"], r["created"], r["updated"])
