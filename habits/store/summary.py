"""The summary: what the morning commands need, in a small file beside the data file.

`coach status` and the check-in need the day's entries, every day's steps (for the streak and strength),
the rest days and the settings, the people's and audiences' records, and the figures the coach reads
(habits/aggregates.py: per person, audience and step), not years of entries and notes. The figures are
kept in two parts: the open years' in the summary, kept current by every write; the closed years' in a
file of their own (`coach.json.figures`), named by the year files it was tallied from, tallied again by
the first face that wants the coach's suggestions after those files change (a year closes, an old
entry is edited: their names change with their contents). No write pays for them, and `coach status`
never parses them. Every write leaves one, naming the data file it was made from by its signature (inode,
size, mtime); a summary that does not name the data file as it is now (another program replaced the
file, or a kill came between the two writes) is not used, and the whole file is read instead.

The figures are kept a person a line (`tally_lines`): the audiences and the steps on one line, then one
line for each person's figures, `["key",{…}]`. A logged step rewrites its person's line only, not the
figures of everyone (`_grown`). A face reads them a person at a time: the figures of everyone
(`Recent.figures`, never all in memory as raw tallies), or only the coach's picks and the names to
complete (`Recent.lean`, what the check-in asks: no person's figures kept at all). The figures file
keeps its people in the order of the tally, and their order by last touch on a line of its own.

The first line is read with the standard json module, not orjson: importing orjson (it imports uuid and
platform) costs `coach status` 7 ms, ten times what it saves on a line of some 80 KB. Everything else
(the data file, the years, the figures; every write) is orjson's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from habits.model import STEPS, History, record_counts_for_day
from habits.store import paths, years
from habits.store.errors import StoreError
from habits.store.files import write_quickly
from habits.store.records import history_from, valid_day

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into every command (3 ms)
if TYPE_CHECKING:
    from typing import Any

    from habits.aggregates import Figures
    from habits.coaching import Lean
    from habits.model import PersonRecord
    from habits.tallies import Tally

Signature = tuple[int, int, int]

# 2: it says how many records the careful read left out (a file with any is not read the quick way),
# and a coach of 0.6, which would trust it, reads the data file itself and refuses a version 4 file.
# 3: the people's and audiences' records, and the figures (the open years' `tally`; the closed years',
# which `closed` names by their files, in the figures file beside it).
# 4: the figures a person a line (tally_lines), in the summary and in the figures file.
# 5: a person's figures say what happened (asks apart from gifts, the last gift and answer, issue 14); the
# figures file names the version it was tallied by; a day's steps leave out asks (model.counts_for_day,
# DAY_RULE 2: the closed years' days in the data file's meta are made again by its next write, years.py).
# A change of model.DAY_RULE (the rule, habits.pitch's signals included) bumps this too: the summary's
# days and the figures' gifts follow the same rule.
# 6: it names the machine that wrote it (device.py): in a synced folder another machine's summary, of
# a data file that may be another, is never taken for this one's (an inode number can repeat).
SUMMARY_VERSION = 6
_STEP_NUMBER = {kind.key: str(kind.number) for kind in STEPS}  # a day's steps as "123" in the summary
_STEP_KEY = {number: key for key, number in _STEP_NUMBER.items()}
RECENT_DAYS = 2  # the calendar days before a write that the summary keeps whole: yesterday, whatever the day's start
_HEAD = re.compile(
    rb'\{"version":(?P<version>\d+),"signature":\[(?P<ino>\d+),(?P<size>\d+),(?P<mtime>\d+)\],"unreadable":(?P<unreadable>\d+)'
    rb',"device":"(?P<device>[A-Za-z0-9_.-]*)"')


@dataclass(frozen=True)
class Recent:
    """The summary's view: a history of the last days only (and every rest day, setting, person and
    audience record), which steps were done on every day, and the figures of the open years; `tally()`
    adds the closed years' (read from their file when first asked for)."""

    history: History
    days: dict[date, frozenset[str]]
    recent_from: date
    signature: Signature
    open_tally: Tally | bytes  # as the summary file keeps it (tally_lines, after its first line), parsed when wanted
    closed: tuple[str, ...]  # the closed years' files whose figures the figures file must hold
    data_file: Path

    def tally(self) -> Tally:
        """The figures of the whole history, as one tally."""
        from habits import aggregates  # the figures' module: a face that wants them only

        open_tally = tally_in(self.open_tally)
        if open_tally is None:  # a summary is only a shortcut: the figures of the data file itself
            return self._tally_of_the_file()
        return aggregates.merge([closed_tally(self.data_file, self.closed), open_tally])

    def figures(self, people_records: Sequence[PersonRecord]) -> Figures:
        """The figures as the coach reads them (aggregates.figures_of of `tally()`), read a person at a
        time: the closed years' from the figures file line by line, each merged with the open years' line
        of the same person; only what the coach reads of each person is kept."""
        from habits import aggregates

        opened = _TallyLines.of(self.open_tally)
        if opened is None:
            tally = self._tally_of_the_file()
            return aggregates.figures_of(tally, people_records)
        closed = _closed_lines(self.data_file, self.closed)
        small = aggregates.merge([{"people": {}, **closed.small}, {"people": {}, **opened.small}])
        return aggregates.figures_of_people(_merged(closed.people(), opened), small["audiences"],
                                            small["steps"], people_records)

    def lean(self, people_records: Sequence[PersonRecord], today: date, genres: list[str]) -> Lean:
        """The day's suggestions and the names used before, newest first (the people's and the audiences'),
        as Figures and coaching.coach give them, from a person at a time: each person's figures are made,
        offered to the coach (coaching.Coacher) and let go. Only the picks and the names are kept, so the
        check-in holds no decade of people in memory, however long the history."""
        from habits import aggregates
        from habits.coaching import Coacher, Lean, coach, coaching_of

        opened = _TallyLines.of(self.open_tally)
        if opened is None:  # a damaged summary: the figures of the data file itself
            figures = aggregates.figures_of(self._tally_of_the_file(), people_records)
            return Lean(coach(figures, today, genres), figures.recent_people, figures.recent_audiences)
        closed = _closed_lines(self.data_file, self.closed)
        small = aggregates.merge([{"people": {}, **closed.small}, {"people": {}, **opened.small}])
        # Names newest first, as Figures.recent_people: whoever was touched in the open years by the moment
        # of that touch (ties as they came); then the closed years' in the order the figures file keeps.
        touched: list[tuple[tuple[str, str], int, str]] = []
        closed_names: list[str | None] = []  # by place in the closed years' people; None: placed by the open years

        def people() -> Iterator[tuple[str, dict[str, Any]]]:
            where = opened.by_key()
            for place, (key, person) in enumerate(closed.people()):
                name = person["last_name"] if person["last"] is not None else None
                found = where.pop(key, None)
                if found is not None:
                    later = opened.person(found)
                    into = aggregates._merge_into_new(person)
                    aggregates._merge_person(into, later)
                    if later["last"] is not None:
                        touched.append(((into["last"][0], into["last"][1]), place, into["last_name"]))
                        name = None
                    person = into
                closed_names.append(name)
                yield key, person
            for place, (key, found) in enumerate(where.items(), start=len(closed_names)):
                later = opened.person(found)
                if later["last"] is not None:
                    touched.append(((later["last"][0], later["last"][1]), place, later["last_name"]))
                yield key, later

        made = Coacher(today)
        for place, _, person in aggregates.persons(people(), aggregates.records_by_key(people_records), keep=False):
            made.add(person, place)
        touched.sort(key=lambda touch: (touch[0], -touch[1]), reverse=True)
        names = [name for _, _, name in touched]
        names += [name for name in (closed_names[place] for place in closed.recent) if name is not None]
        return Lean(coaching_of(made, frozenset(small["audiences"]), genres), tuple(names),
                    aggregates._recent_brainstorms(small["audiences"]))

    def _tally_of_the_file(self) -> Tally:
        from habits import aggregates
        from habits.store import contents

        return aggregates.of_tables(contents.read_available(self.data_file)[0] or {})


def tally_lines(tally: Tally, *more: Any) -> bytes:
    """A tally as the summary and the figures file keep it: the audiences and the steps on one line, then
    `more` a line each (the figures file's order of its people), then a line for each person,
    `["key",{…}]`, in the tally's order."""
    import orjson

    return b"\n".join([orjson.dumps({"audiences": tally["audiences"], "steps": tally["steps"]}),
                       *(orjson.dumps(line) for line in more),
                       *(orjson.dumps([key, person]) for key, person in tally["people"].items())])


class _TallyLines:
    """A tally kept as tally_lines: its small part parsed; its people a line each, parsed one at a time
    when read (straight from the bytes, no copy of a line). Or a tally as a write has just made it."""

    def __init__(self, small: dict[str, Any], lines: Iterable[bytes] | bytes | dict[str, dict[str, Any]],
                 recent: list[int] | None = None) -> None:
        self.small = small  # {"audiences": …, "steps": …}
        self._lines = lines
        # The figures file's: the places of its people with a last touch, the newest first (ties as they come).
        self.recent = recent if recent is not None else []

    @classmethod
    def of(cls, found: Tally | bytes) -> _TallyLines | None:
        """The tally a summary holds (the file's lines, or a tally a write has just made); None when it
        is not one (a damaged file)."""
        import orjson

        if isinstance(found, dict):
            return cls({"audiences": found["audiences"], "steps": found["steps"]}, found["people"])
        end = found.find(b"\n")
        end = len(found) if end < 0 else end
        try:
            small = orjson.loads(memoryview(found)[:end])
        except orjson.JSONDecodeError:
            return None
        if not isinstance(small, dict) or set(small) != {"audiences", "steps"}:
            return None
        return cls(small, found[end + 1:] if end < len(found) else b"")

    def _spans(self) -> Iterator[tuple[int, int]]:
        raw = self._lines
        assert isinstance(raw, bytes)
        start = 0
        while start < len(raw):
            end = raw.find(b"\n", start)
            end = len(raw) if end < 0 else end
            if end > start:
                yield start, end
            start = end + 1

    def people(self) -> Iterator[tuple[str, dict[str, Any]]]:
        import orjson

        if isinstance(self._lines, dict):
            yield from self._lines.items()
        elif isinstance(self._lines, bytes):
            view = memoryview(self._lines)
            for start, end in self._spans():
                key, person = orjson.loads(view[start:end])
                yield key, person
        else:
            for line in self._lines:
                key, person = orjson.loads(line)
                yield key, person

    def by_key(self) -> dict[str, Any]:
        """Where each person's figures are, by their key, in the tally's order (see person)."""
        import orjson

        if isinstance(self._lines, dict):
            return dict(self._lines)
        assert isinstance(self._lines, bytes)
        view = memoryview(self._lines)
        return {orjson.loads(view[start:end])[0]: (start, end) for start, end in self._spans()}

    def person(self, where: Any) -> dict[str, Any]:
        """A person's figures, from what by_key gave for them."""
        import orjson

        if isinstance(where, dict):
            return where
        return orjson.loads(memoryview(self._lines)[where[0]:where[1]])[1]  # type: ignore[arg-type]

    def whole(self) -> Tally:
        return {"people": dict(self.people()), **self.small}


def tally_in(found: Tally | bytes) -> Tally | None:
    """The tally a summary holds, parsed whole; None when it is not one."""
    import orjson

    try:
        lines = _TallyLines.of(found)
        return lines.whole() if lines is not None else None
    except (orjson.JSONDecodeError, ValueError, TypeError):
        return None


def _merged(first: Iterable[tuple[str, dict[str, Any]]], then: _TallyLines) -> Iterator[tuple[str, dict[str, Any]]]:
    """The people of two tallies as tallies.merge([first, then]) has them, one at a time: `first`'s in
    its order, each with `then`'s figures of the same key counted in; then `then`'s other people."""
    from habits import tallies

    where = then.by_key()
    for key, person in first:
        found = where.pop(key, None)
        if found is not None:
            into = tallies._merge_into_new(person)
            tallies._merge_person(into, then.person(found))
            person = into
        yield key, person
    for key, found in where.items():
        yield key, then.person(found)


def read_recent(data_file: Path, signature: Signature | None, since: date | None = None,
                device: str = "") -> Recent | None:
    """The last few days from the summary beside `data_file`, or None: when there is none, when it is
    not for the data file as it is now (`signature`, as this machine, `device`, wrote it), or when it
    does not reach back to `since`."""
    if signature is None:
        return None
    try:
        # Its first line is all a day's status needs; the rest, the open years' figures, waits for a face
        # that wants the coach's suggestions.
        with paths.summary_file(data_file).open("rb") as held:
            head, figures = held.readline(), held.read()  # (no copy of the whole file in between)
        found = json.loads(head)  # the standard module: see the module's note on the first line
    except (OSError, ValueError):  # ValueError: json.JSONDecodeError and a line that is not UTF-8
        return None
    if not isinstance(found, dict) or found.get("device") != device:
        return None  # another machine's, synced here: its inode numbers are not this file system's
    if "tally" not in found:
        found["tally"] = figures
    recent = recent_of(found, data_file)
    if recent is None or recent.signature != signature or (since is not None and since < recent.recent_from):
        return None
    return recent


def recent_of(summary: Any, data_file: Path) -> Recent | None:
    """A summary's contents as read (the file's, or the one a write has just made), or None when it is
    not a summary of this version. A summary is only ever a shortcut: the data file is the truth."""
    try:
        if summary.get("version") != SUMMARY_VERSION:
            return None
        recent_from = date.fromisoformat(summary["recent_from"])
        kinds: dict[str, frozenset[str]] = {}  # "13" -> {"brainstorm", "share"}: a few shared sets, not one a day
        for numbers in set(summary["days"].values()):
            kinds[numbers] = frozenset(_STEP_KEY[n] for n in numbers)
        days = {date.fromisoformat(day): kinds[numbers] for day, numbers in summary["days"].items()}
        history = history_from(summary["records"], data_file)
        ino, size, mtime = summary["signature"]
        tally = summary["tally"]
        closed = tuple(str(name) for name in summary["closed"])
        if not isinstance(tally, (dict, bytes)):
            return None
    except (KeyError, TypeError, ValueError, AttributeError, StoreError):
        return None
    return Recent(history, days, recent_from, (ino, size, mtime), tally, closed, data_file)


def _grown(data_file: Path, added: Tally) -> bytes | None:
    """The summary's figures (tally_lines) with `added` counted in: the line of each person `added` names
    is read and written again, a new person's line added at the end (as tallies.merge([before, added])
    orders them), the rest kept byte for byte. None when the summary's figures are not as expected (then
    every record is tallied again). The caller knows the summary names the file the change read, and
    that the closed years did not change."""
    import orjson

    from habits import tallies

    try:
        _, found, body = paths.summary_file(data_file).read_bytes().partition(b"\n")
        first, _, people = body.partition(b"\n")
        small = orjson.loads(first)
        if not found or not isinstance(small, dict) or set(small) != {"audiences", "steps"}:
            return None
        for key, person in added["people"].items():
            prefix = orjson.dumps([key])[:-1] + b","  # its line starts ["key",
            if people.startswith(prefix):
                start = 0
            else:
                start = people.find(b"\n" + prefix)
                start = start + 1 if start >= 0 else -1
            if start < 0:  # nobody of that key yet
                people += (b"\n" if people else b"") + orjson.dumps([key, person])
                continue
            end = people.find(b"\n", start)
            end = len(people) if end < 0 else end
            was_key, before = orjson.loads(people[start:end])
            if was_key != key:
                return None
            into = tallies._merge_into_new(before)
            tallies._merge_person(into, person)
            people = people[:start] + orjson.dumps([key, into]) + people[end:]
    except (OSError, orjson.JSONDecodeError, ValueError, TypeError, KeyError):
        return None
    small = tallies.merge([{"people": {}, **small}, {"people": {}, "audiences": added["audiences"],
                                                         "steps": added["steps"]}])
    return orjson.dumps({"audiences": small["audiences"], "steps": small["steps"]}) + (b"\n" + people if people else b"")


def closed_tally(data_file: Path, closed: tuple[str, ...] | list[str]) -> Tally:
    """The closed years' figures, as one tally: from the figures file when it was tallied from the years'
    files `closed`; else tallied from those files, and kept in the figures file for next time (once after a
    year closes or an old record changes: no write pays for it)."""
    found = _closed_lines(data_file, closed)
    return {"people": dict(found.people()), **found.small}


def _closed_lines(data_file: Path, closed: tuple[str, ...] | list[str]) -> _TallyLines:
    """The closed years' figures as the figures file keeps them: its first line names the years' files
    they were tallied from (`{"closed": […]}`), its second is the audiences and the steps, its third
    (`{"recent": […]}`) the places of its people by their last touch, the newest first, and the rest a
    person a line. Read a line at a time when they are still those files; else tallied from the years (a
    year at a time), written, and handed over."""
    import orjson

    from habits import tallies

    if not closed:
        return _TallyLines({"audiences": {}, "steps": {}}, [])
    target = paths.figures_file(data_file)
    try:
        held = target.open("rb")
    except OSError:
        held = None
    if held is not None:
        with held:
            try:
                named = orjson.loads(held.readline()) == {"closed": list(closed), "version": SUMMARY_VERSION}
                small = orjson.loads(held.readline()) if named else None
                recent = orjson.loads(held.readline()) if named else None
            except orjson.JSONDecodeError:
                small = recent = None
        if (isinstance(small, dict) and set(small) == {"audiences", "steps"} and isinstance(recent, dict)
                and isinstance(recent.get("recent"), list)):
            return _TallyLines(small, _lines_after(target, 3), recent["recent"])
    folder = paths.years_folder(data_file)
    tally = tallies.empty()
    waiting = False
    for name in closed:  # a year's records at a time: only their figures are kept
        try:
            tally = tallies.merge([tally, tallies.of_tables(years.load_year(data_file, {"file": name}, folder)[1])])
        except years.YearGone:
            waiting = True  # on its way from another machine: the figures of the years here, kept for no one
    newest = [place for place, person in sorted(enumerate(tally["people"].values()),
                                                key=lambda placed: placed[1]["last"] or [], reverse=True)
              if person["last"] is not None]
    if waiting or not write_quickly(target, orjson.dumps({"closed": list(closed), "version": SUMMARY_VERSION}) + b"\n" + tally_lines(tally, {"recent": newest})):
        try:
            target.unlink()  # better none than one that names other years
        except OSError:
            pass
    return _TallyLines({"audiences": tally["audiences"], "steps": tally["steps"]}, tally["people"], newest)


def _lines_after(path: Path, skip: int) -> Iterator[bytes]:
    """The lines of a file after the first `skip`, read as they are wanted. The file is opened again: a
    figures file replaced meanwhile (another coach tallied the same years) holds the same figures."""
    try:
        with path.open("rb") as held:
            for _ in range(skip):
                held.readline()
            for line in held:
                line = line.rstrip(b"\n")
                if line:
                    yield line
    except OSError:
        return


def made_from(data_file: Path, device: str = "") -> Signature | None:
    """The data file the summary was made from, as (inode, size, mtime); None when there is no summary,
    or when it holds a record that cannot be read (such a file is read with care every time)."""
    # The summary begins with its version and signature (see write): its first bytes tell, without
    # parsing decades of days a write has no use for.
    try:
        with paths.summary_file(data_file).open("rb") as summary:
            head = summary.read(160)
    except OSError:
        return None
    found = _HEAD.match(head)
    if (found is None or int(found["version"]) != SUMMARY_VERSION or int(found["unreadable"])
            or found["device"].decode() != device):
        return None
    return int(found["ino"]), int(found["size"]), int(found["mtime"])


TALLIED = ("entries", "heard")  # the tables the figures are tallied from


def write(data_file: Path, data: dict[str, Any], now: datetime, signature: Signature,
          unreadable: set[str] | frozenset[str] = frozenset(),
          added: dict[str, dict[str, Any]] | None = None, device: str = "") -> dict[str, Any] | None:
    """Writes the summary of `data` (the data file's contents as written, whose signature is
    `signature`); returns it, or None when it could not be written (none is left then). No lock and
    no fsync needed: a summary that does not match the data file (or does not read) is simply not
    used. `unreadable`: the ids of the records the careful read left out, which count for nothing here
    either. `added`: the change only added these entries and heard-backs to a file the summary beside
    it still names, and left the closed years as they were: their figures are added to its own (_grown),
    not tallied again from every record."""
    recent_from = (now.date() - timedelta(days=RECENT_DAYS)).isoformat()
    days: dict[str, str] = {}
    for item in years.index_of(data).values():  # the closed years' days, kept in the data file's meta
        days.update(item["days"])
    checked: dict[object, bool] = {}  # each day written once checked: two years have some 700 days, not 2,000 entries
    for key, record in data.get("entries", {}).items():
        kind, day = record.get("kind"), record.get("day")
        number = _STEP_NUMBER.get(kind) if isinstance(kind, str) else None
        if record.get("deleted") or number is None or key in unreadable:
            continue
        valid = checked.get(day) if isinstance(day, str) else False
        if valid is None:
            valid = checked[day] = valid_day(day)
        if not valid:
            continue  # a record coach cannot read counts for no day (coach doctor names it)
        kinds = days.get(day, "")
        if number not in kinds and record_counts_for_day(record) is not None:  # an ask does no step
            days[day] = kinds + number
    recent = {"entries", "reflections", "heard"}  # the last days' (whose answers a day's prompt asks about)
    kept = {
        table: {key: r for key, r in data.get(table, {}).items() if not r.get("deleted") and key not in unreadable
                and (table not in recent or (isinstance(r.get("day"), str) and r["day"] >= recent_from))}
        for table in ("entries", "reflections", "heard", "rest_days", "settings", "people", "audiences")
    }
    import orjson

    from habits import tallies

    index = years.index_of(data)
    closed = sorted(item["file"] for item in index.values())
    tally: Tally | bytes | None = _grown(data_file, tallies.of_tables(added, unreadable)) if added is not None else None
    if tally is None:  # every record of the open years, tallied (the data file of a whole read has the closed ones too)
        tally = tallies.of_tables({table: {key: r for key, r in data.get(table, {}).items()
                                              if not index or years.year_of(r) not in index}
                                      for table in TALLIED}, unreadable)
    summary = {"version": SUMMARY_VERSION, "signature": list(signature), "unreadable": len(unreadable),
               "device": device, "recent_from": recent_from, "days": days, "records": kept, "tally": tally, "closed": closed}
    target = paths.summary_file(data_file)
    # The summary on its first line, then the open years' figures (read only by a face that wants them).
    if write_quickly(target, orjson.dumps({k: v for k, v in summary.items() if k != "tally"}) + b"\n"
                     + (tally if isinstance(tally, bytes) else tally_lines(tally))):
        return summary
    try:
        target.unlink()  # better none than an old one
    except OSError:
        pass
    return None
