"""The `coach` command: argparse in front of habits/. Textual is imported only to open a screen."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date

from coach import __version__
from habits.model import ACTIONS, STEPS, step
from habits.text import InputError, printable, shown

BANNER = "coach — one audience, one person, one share a day."


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line, `coach: …`, with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line. Given arguments that name a command, only that command is built: a command's
    start need not build the other fifteen (`coach --help`, and anything unknown, gets them all)."""
    wanted = _command_in(sys.argv[1:] if argv is None else argv)

    def full(name: str) -> bool:
        return wanted is None or wanted == name

    parser = _Parser(prog="coach", description=BANNER)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--db", metavar="PATH", help="the data file (default: COACH_DB, else your data folder)")
    parser.add_argument("--quick", action="store_true", help="the morning check-in, inline")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    if full("log"):
        log = commands.add_parser("log", help="log one step of today's routine")
        steps = log.add_subparsers(dest="step", metavar="STEP", required=True, parser_class=_Parser)
        for kind in STEPS:
            sub = steps.add_parser(kind.key, help=f"{kind.number}. {kind.question}")
            sub.add_argument(kind.subject, metavar=kind.subject.upper(), help=kind.placeholder)
            if "work" in kind.fields:
                sub.add_argument("--work", metavar="T", help="what you shared: a post, a book, a project")
            if "platform" in kind.fields:
                sub.add_argument("--platform", metavar="P", help="where: Bluesky, Mastodon, a blog…")
            if "action" in kind.fields:
                sub.add_argument("--action", metavar="A", choices=ACTIONS, help=f"one of {', '.join(ACTIONS)}")
            if "audience" in kind.fields:
                sub.add_argument("--audience", metavar="NAME", help="the audience where you found them")
            sub.add_argument("--note", metavar="T", help="a note to your future self")
            sub.add_argument("--date", metavar="D", help="the day (default today)")
            sub.set_defaults(handler=cmd_log)

    if full("heard"):
        heard = commands.add_parser("heard", help="someone responded to you")
        heard.add_argument("person", metavar="PERSON")
        heard.add_argument("--platform", metavar="P")
        heard.add_argument("--note", metavar="T", help="what they said, in a few words")
        heard.add_argument("--date", metavar="D")
        heard.set_defaults(handler=cmd_heard)

    if full("reflect"):
        reflect = commands.add_parser("reflect", help="set the day's reflection")
        reflect.add_argument("text", metavar="TEXT")
        reflect.add_argument("--date", metavar="D")
        reflect.set_defaults(handler=cmd_reflect)

    if full("rest"):
        rest = commands.add_parser("rest", help="mark a rest day (it keeps your streak)")
        rest.add_argument("--date", metavar="D")
        rest.set_defaults(handler=cmd_rest)

    if full("status"):
        status = commands.add_parser("status", help="where today stands")
        form = status.add_mutually_exclusive_group()
        form.add_argument("--json", action="store_true", help="one JSON object, for scripts")
        form.add_argument("--short", action="store_true", help="one short line, for a shell prompt")
        status.add_argument("--date", metavar="D")
        status.set_defaults(handler=cmd_status)

    if full("suggest"):
        suggest = commands.add_parser("suggest", help="who to talk to next, whose work to share, audiences to try")
        suggest.add_argument("--json", action="store_true")
        suggest.set_defaults(handler=cmd_suggest)

    if full("people"):
        people = commands.add_parser("people", help="the people you are getting to know")
        people.add_argument("--json", action="store_true")
        people.set_defaults(handler=cmd_people)

    if full("person"):
        person = commands.add_parser("person", help="one person: their timeline and next step; rename, merge, note")
        person.add_argument("name", metavar="PERSON")
        change = person.add_mutually_exclusive_group()
        change.add_argument("--rename", metavar="NEW", help="give them a new name (the old one still finds them)")
        change.add_argument("--merge-into", metavar="OTHER", help="they are the same person as OTHER: make them one")
        person.add_argument("--note", metavar="T", help="what you know of them")
        person.add_argument("--platforms", metavar="P", help="where they are, comma-separated")
        person.set_defaults(handler=cmd_person)

    if full("audiences"):
        audiences = commands.add_parser("audiences", help="the audiences you have brainstormed")
        audiences.add_argument("--json", action="store_true")
        audiences.set_defaults(handler=cmd_audiences)

    for verb, text in (("undo", "take back the last change"), ("redo", "do again the change undone last")):
        if full(verb):
            commands.add_parser(verb, help=text).set_defaults(handler=cmd_undo, verb=verb)

    if full("config"):
        config = commands.add_parser("config", help="show or change a setting")
        config.add_argument("key", nargs="?", metavar="KEY")
        config.add_argument("value", nargs="?", metavar="VALUE")
        config.set_defaults(handler=cmd_config)

    if full("export"):
        export = commands.add_parser("export", help="write out your whole history: json (to import), csv or md")
        export.add_argument("--format", choices=("json", "csv", "md"), default="json",
                            help="json (default): every record, to import; csv: a spreadsheet; md: a journal to read")
        export.add_argument("--output", metavar="FILE",
                            help="write to FILE, through a link to one (default, or -: standard output)")
        export.set_defaults(handler=cmd_export)

    if full("import"):
        imports = commands.add_parser("import", help="merge a json export into your history (one undoable step)")
        imports.add_argument("file", metavar="FILE")
        imports.add_argument("--skip-bad", action="store_true",
                             help="import the records that are valid and list those left out (default: refuse the whole file)")
        imports.set_defaults(handler=cmd_import)

    if full("doctor"):
        doctor = commands.add_parser("doctor", help="check the data file (it changes nothing), list backups")
        doctor.set_defaults(handler=cmd_doctor)

    if full("restore"):
        restore = commands.add_parser("restore", help="put a backup back in place of the data file (coach doctor lists them)")
        restore.add_argument("backup", metavar="BACKUP", help="a backup's name from coach doctor, 'latest', or a file")
        restore.set_defaults(handler=cmd_restore)
    return parser


COMMANDS = ("log", "heard", "reflect", "rest", "status", "suggest", "people", "person", "audiences", "undo", "redo",
            "config", "export", "import", "doctor", "restore")


def _command_in(argv: Sequence[str]) -> str | None:
    """The command the arguments name (the first word that is not an option or --db's value), or None."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif word == "--":
            return None
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a terminal that cannot show ✓ gets ?, not a traceback
    try:
        args = build_parser(argv).parse_args(argv)
        if args.command is not None and (args.quick or args.once):
            raise UsageError(f"--quick and --once open the check-in; they do not go with {args.command}")
    except UsageError as error:
        print(f"coach: {_one_line(error)}", file=sys.stderr)
        return 2
    if args.version:
        print(f"coach {__version__}")
        return 0
    from habits.store import StoreError

    try:
        if args.command is None:
            return _open_screen(args)
        return args.handler(args, _store(args))
    except UsageError as error:
        print(f"coach: {_one_line(error)}", file=sys.stderr)
        return 2
    except (InputError, StoreError) as error:
        print(f"coach: {_one_line(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`coach status | head -1`): say nothing more, and keep Python's own
        # flush at exit from raising again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _one_line(error: object, most: int = 480) -> str:
    """An error as the contract has it: one line, no terminal controls, not a wall of echoed input."""
    text = " ".join(printable(str(error)).splitlines())
    return text if len(text) <= most else f"{text[: most - 80]} … {text[-70:]}"


def _store(args: argparse.Namespace):
    from coach import clock
    from coach.paths import data_path
    from habits.store import Store

    try:
        clock.now()
    except ValueError:
        raise InputError("COACH_NOW is not an ISO date-time such as 2026-11-21T09:00") from None
    # An empty --db or COACH_DB is a mistake in a script, not a wish for the default file: refuse it.
    if args.db is not None and not args.db.strip():
        raise UsageError("--db is empty; give a data file's path")
    if args.db is None and os.environ.get("COACH_DB") is not None and not os.environ["COACH_DB"].strip():
        raise UsageError("COACH_DB is set but empty; give a data file's path, or unset it for the default")
    return Store(data_path(args.db), clock.now, lock_timeout=_lock_timeout())


def _lock_timeout() -> float:
    """COACH_LOCK_TIMEOUT: how many seconds to wait for another coach's lock (default 10)."""
    from habits.store import LOCK_TIMEOUT_SECONDS

    raw = os.environ.get("COACH_LOCK_TIMEOUT", "").strip()
    if not raw:
        return LOCK_TIMEOUT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise InputError(f"COACH_LOCK_TIMEOUT is {shown(raw)}; give a number of seconds, such as 10")
    return seconds


def _open_screen(args: argparse.Namespace) -> int:
    if args.quick and args.once:
        return _check_in_once(args)
    if args.once:
        raise UsageError("--once goes with --quick")
    store = _store(args)
    if not _interactive():  # a script, cron, a pipe: a screen would be drawn for nobody, and wait for ever
        what = "the check-in (coach --quick)" if args.quick else "the full-screen app (coach)"
        missing = _not_terminals()
        which = f"{missing[0]} is not one" if len(missing) == 1 else "neither standard input nor standard output is one"
        raise InputError(f"{what} needs a terminal, and {which}; "
                         f"in a script, use the plain commands, such as coach status or coach log "
                         f"(coach --help lists them)")
    store.check_path()  # a FIFO or a device as the data file: said before Textual is loaded
    if args.quick:
        return _open_check_in(store)
    from coach.app import run_app

    return run_app(store)


def _open_check_in(store) -> int:
    from coach.quick import run_check_in

    return run_check_in(store)


def _check_in_once(args: argparse.Namespace) -> int:
    """`coach --quick --once`, from a shell's start-up file: the check-in the first time in a routine day
    while the day is not complete (nor a rest day); otherwise nothing at all, and no Textual loaded.

    It never fails a shell's start: every outcome exits 0. A problem the user must hear about (a
    damaged data file, a bad COACH_NOW) is one `coach: …` line on stderr, and no check-in. Where the
    check-in was opened today is kept in a marker file beside the data file (`coach.json.once`, the
    routine day's date), not in the data file: opening the check-in is not a change to undo or back up.
    A marker that cannot be written means no check-in, silently, rather than one at every new shell;
    so does a shell that is not a terminal (scp and rsync read .bashrc too).
    """
    from habits.store import StoreError

    try:
        store = _store(args)
        today = _once_today(store)
        if today is None or store.once_marker() == today.isoformat():
            return 0
        if not _interactive() or not store.mark_once(today.isoformat()):
            return 0
        _open_check_in(store)
    except (InputError, StoreError, UsageError) as error:  # an empty COACH_DB too: said, and the shell starts
        print(f"coach: {_one_line(error)}", file=sys.stderr)
    return 0


def _once_today(store) -> date | None:
    """Today's routine day while it is still open (not complete, not a rest day), else None. From the
    summary beside the data file when it reaches today, else the whole history."""
    from habits.routine import day_status, today_for

    now = store.clock()
    recent = store.read_recent()
    if recent is not None and recent.recent_from <= today_for(recent.history, now):
        history, by_day = recent.history, recent.days
    else:
        history, by_day = store.read(), None
    today = today_for(history, now)
    status = day_status(history, today, by_day)
    return None if status.complete or status.rest else today


def _interactive() -> bool:
    return not _not_terminals()


def _not_terminals() -> list[str]:
    """Which of standard input and output is not a terminal (closed, a file, a pipe, /dev/null)."""
    found = []
    for name, stream in (("standard input", sys.stdin), ("standard output", sys.stdout)):
        try:
            terminal = stream is not None and stream.isatty()
        except (ValueError, OSError):  # closed
            terminal = False
        if not terminal:
            found.append(name)
    return found


def _day(args: argparse.Namespace, store, history=None) -> date | None:
    """The --date argument as a routine day, or None when it is absent (the operations take today)."""
    from habits.days import parse_day
    from habits.routine import today_for

    if getattr(args, "date", None) is None:
        return None
    history = history or store.read()  # to know which day is today, by the day_start_hour setting
    return parse_day(args.date, today_for(history, store.clock()))


def cmd_log(args: argparse.Namespace, store) -> int:
    from habits.milestones import logged_milestones
    from habits.routine import day_status, log_step

    kind = step(args.step)
    recent = store.read_recent() if getattr(args, "date", None) is not None else None
    day = _day(args, store, recent.history if recent else None)
    logged = log_step(
        store, kind.key, getattr(args, kind.subject), day=day, note=args.note,
        platform=getattr(args, "platform", None), action=getattr(args, "action", None),
        work=getattr(args, "work", None), audience=getattr(args, "audience", None),
    )
    entry = logged.entry
    if logged.warning:
        print(f"coach: {printable(logged.warning)}", file=sys.stderr)
    # The summary the log just wrote has the day and every day's steps; years of people are not needed.
    recent = store.read_recent(since=entry.day)
    history, by_day = (recent.history, recent.days) if recent else (store.read(), None)
    status = day_status(history, entry.day, by_day)
    print(f"✓ {kind.title}: {printable(entry.describe())} — {_day_phrase(status)}")
    _print_milestones(logged_milestones(history, entry, _today(store, history), by_day=by_day))
    return 0


def _print_milestones(milestones) -> None:
    """A streak reaching 7, 30, 100 or 365 days, or someone moving up to talking or connected: one line each."""
    for milestone in milestones:
        print(printable(milestone.text))


def _day_phrase(status) -> str:
    when = status.day.strftime("%a %d %b")
    if status.complete:
        days = "day" if status.streak.current == 1 else "days"
        return f"all three done for {when} · streak {status.streak.current} {days}"
    return f"{status.done_count} of 3 done for {when}"


def cmd_reflect(args: argparse.Namespace, store) -> int:
    from habits.routine import set_reflection

    if not args.text.strip():
        raise InputError("the reflection is empty; write a sentence or two")
    day = _day(args, store)
    set_reflection(store, args.text, day=day)
    print(f"Reflection saved for {(day or _today(store, store.read())).strftime('%a %d %b')}.")
    return 0


def cmd_rest(args: argparse.Namespace, store) -> int:
    from habits.routine import mark_rest

    day = _day(args, store)
    outcome = mark_rest(store, day=day)
    when = outcome.day.strftime("%a %d %b")
    print({
        "rested": f"{when} is a rest day. Your streak carries over it.",
        "already": f"{when} was already a rest day.",
        "complete": f"{when} is already complete: nothing to rest.",
    }[outcome.result])
    return 0


def _today(store, history) -> date:
    from habits.routine import today_for

    return today_for(history, store.clock())


def cmd_status(args: argparse.Namespace, store) -> int:
    from habits.routine import day_status

    # The summary beside the data file is enough for a day of the last few; else the whole history.
    recent = store.read_recent()
    history = recent.history if recent else store.read(summarise=True)
    day = _day(args, store, history) or _today(store, history)
    if recent and day < recent.recent_from:
        recent, history = None, store.read()
    status = day_status(history, day, recent.days if recent else None)
    if args.json:
        _json(status.to_json())
    elif args.short:
        marks = "".join("✓" if done else "·" for done in status.steps.values())
        print(f"{'rest' if status.rest else marks} {status.streak.current}")
    else:
        print(render_status(status))
    return 0


def render_status(status) -> str:
    lines = [f"{status.day.strftime('%a %d %b %Y')} · "
             + ("rest day" if status.rest else f"{status.done_count} of 3 done")]
    for kind in STEPS:
        entries = [e for e in status.entries if e.kind == kind.key]
        mark = "✓" if entries else "○"
        what = "; ".join(printable(e.describe()) for e in entries)
        lines.append(f"  {mark} {kind.number} {kind.title:<11}{what}".rstrip())
    days = "day" if status.streak.current == 1 else "days"
    lines.append(f"Streak {status.streak.current} {days} · longest {status.streak.longest}"
                 f" · strength {status.strength:.0%}")
    if status.reflection:
        first = printable(status.reflection).splitlines()[0]
        lines.append(f"Reflection: {first}")
    else:
        lines.append(f"Tonight: {printable(status.prompt)}")  # the user's own prompts are stored text
    return "\n".join(lines)


def cmd_config(args: argparse.Namespace, store) -> int:
    from habits.routine import set_setting, settings_of
    from habits.settings import SETTINGS, setting

    if args.key is None:
        values = settings_of(store.read())
        for spec in SETTINGS:
            print(f"{spec.key} = {printable(spec.show(values[spec.key]))}".ljust(34) + f"# {spec.help}")
        return 0
    spec = setting(args.key)
    if args.value is None:
        print(printable(spec.show(settings_of(store.read())[spec.key])))
        return 0
    value = set_setting(store, args.key, args.value)
    print(f"{spec.key} = {printable(spec.show(value))}")
    return 0


def _json(value: object) -> None:
    import json

    print(_json_safe(json.dumps(value, ensure_ascii=False)))


def _json_safe(text: str) -> str:
    """JSON escapes the C0 controls but not DEL and C1 (U+009B is CSI to many terminals): escape those too.
    They only occur inside JSON strings, so the document means exactly the same."""
    import re

    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def cmd_heard(args: argparse.Namespace, store) -> int:
    from habits.milestones import heard_milestones
    from habits.people import Directory
    from habits.routine import log_heard

    heard = log_heard(store, args.person, day=_day(args, store), platform=args.platform, note=args.note)
    history = store.read()
    person = Directory(history).find(heard.person)
    stage = person.stage if person else "talking"
    print(f"✓ Heard from {printable(heard.person)} — {stage} now. Answer back: that is the conversation.")
    _print_milestones(heard_milestones(history, heard, _today(store, history)))
    return 0


def cmd_suggest(args: argparse.Namespace, store) -> int:
    from habits.routine import coaching_for

    history = store.read()
    coaching = coaching_for(history, _today(store, history))
    if args.json:
        _json(coaching.to_json())
        return 0
    for kind in STEPS:
        picks = getattr(coaching, kind.key)
        print(f"{kind.number} {kind.title}")
        if not picks:
            print("  " + {
                "brainstorm": "no new ideas from the map; an audience of your own will do",
                "connect": "nobody is waiting on you; say hello to someone whose post you enjoyed",
                "share": "everyone you know was shared this month; share anyone whose work moved you",
            }[kind.key])
        for pick in picks:
            print(f"  · {printable(pick.name)} — {printable(pick.next_step)}")
            print(f"    {printable(pick.why)}" + (f"; {printable(pick.note)}" if pick.where else ""))
    for note in coaching.notes:
        print(f"Note: {printable(note)}")
    return 0


def cmd_people(args: argparse.Namespace, store) -> int:
    from habits.days import ago
    from habits.people import Directory

    history = store.read()
    people = Directory(history).people
    if args.json:
        _json([p.to_json() for p in people])
        return 0
    if not people:
        print("Nobody yet. coach log connect NAME records the first person you reach out to.")
        return 0
    today = _today(store, history)
    width = min(28, max(len(p.name) for p in people))
    print(f"{'name':<{width}}  {'stage':<9}  {'last touch':<12}  given  heard  platforms")
    for p in people:
        name = printable(p.name)
        name = name if len(name) <= width else name[: width - 1] + "…"
        print(f"{name:<{width}}  {p.stage:<9}  {ago(p.last_seen, today):<12}  {len(p.given):>5}  {len(p.heard):>5}"
              f"  {printable(', '.join(p.platforms))}".rstrip())
    return 0


def cmd_person(args: argparse.Namespace, store) -> int:
    from habits.days import ago
    from habits.people import Directory, too_early_to_ask
    from habits.routine import describe_person, merge_people, rename_person
    from habits.text import clean_name, clean_note

    name = args.name
    # Everything checked before any change: a command that fails changes nothing.
    if Directory(store.read()).find(name) is None:
        raise InputError(f"there is nobody called {shown(name.strip())} in your history")
    if args.note is not None:
        clean_note(args.note)
    for platform in (args.platforms or "").split(","):
        if platform.strip():
            clean_name(platform, what="a platform")
    if args.rename:
        name = rename_person(store, name, args.rename)
        print(f"Renamed: {printable(args.name.strip())} is now {printable(name)}.")
    elif args.merge_into:
        name = merge_people(store, name, args.merge_into)
        print(f"Merged {printable(args.name.strip())} into {printable(name)}.")
    if args.note is not None or args.platforms is not None:
        describe_person(store, name, note=args.note, platforms=args.platforms)
    history = store.read()
    person = Directory(history).find(name)
    if person is None:
        raise InputError(f"there is nobody called {shown(name.strip())} in your history")
    today = _today(store, history)
    print(f"{printable(person.name)} · {person.stage} · first seen {person.first_seen:%d %b %Y}"
          f" · last touch {ago(person.last_seen, today)}")
    if person.platforms:
        print(f"On: {printable(', '.join(person.platforms))}")
    print(f"Next: {person.next_step()}")
    if too_early_to_ask(person.stage):
        print("It is too early to ask them for a favour: keep giving first.")
    if person.note:
        print(f"Note: {printable(person.note)}")
    timeline = [(e.day, f"{'shared' if e.kind == 'share' else 'gave'}: {printable(e.describe())}") for e in person.given]
    timeline += [(h.day, "heard: " + printable(" · ".join(x for x in (h.note, h.platform) if x) or "they answered"))
                 for h in person.heard]
    for day, what in sorted(timeline, reverse=True):
        print(f"  {day:%Y-%m-%d}  {what}")
    return 0


def cmd_audiences(args: argparse.Namespace, store) -> int:
    from habits.audiences import audiences

    found = audiences(store.read())
    if args.json:
        _json([a.to_json() for a in found])
        return 0
    if not found:
        print("No audiences yet. coach log brainstorm AUDIENCE records the first; coach suggest has ideas.")
        return 0
    for audience in found:
        times = {0: "found through people you met", 1: "brainstormed once"}.get(
            audience.times, f"brainstormed {audience.times} times")
        count = len(audience.people)
        people = f" · {count} {'person' if count == 1 else 'people'} found there" if count else ""
        print(f"{printable(audience.name)} — since {audience.first_seen:%d %b %Y}, {times}{people}")
        for note in list(dict.fromkeys(audience.notes))[-3:]:
            print(f"  · {printable(note.splitlines()[0])}")
    return 0


def cmd_undo(args: argparse.Namespace, store) -> int:
    from habits.routine import redo, undo

    label = undo(store) if args.verb == "undo" else redo(store)
    if label is None:
        raise InputError(f"there is nothing to {args.verb}")
    print(f"{'Undone' if args.verb == 'undo' else 'Redone'}: {printable(label)}.")
    return 0


def cmd_export(args: argparse.Namespace, store) -> int:
    from dataclasses import replace
    from pathlib import Path

    from habits.exchange import export, write_export

    # json holds the text as stored (its escapes keep a hand-edited control character harmless and exact);
    # md is a journal to read, so it goes through printable() like everything else shown to a person;
    # csv's cells do too, one by one (habits.exchange.csv_cell: its own line ends are \r\n).
    done = export(store, args.format)
    if args.format in ("json", "md"):
        text = done.payload.decode("utf-8")
        done = replace(done, payload=(_json_safe(text) if args.format == "json" else printable(text)).encode("utf-8"))
    if args.output is not None and not args.output.strip():
        raise UsageError("--output is empty; give a file name, or - for standard output")
    if args.output is None or args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(done.payload)  # bytes: the terminal's encoding must not change an export
        sys.stdout.flush()
        return 0
    target = Path(args.output).expanduser()
    write_export(target, done.payload, store.path)
    print(f"Exported {done.summary} to {printable(str(target))}.")
    return 0


def cmd_import(args: argparse.Namespace, store) -> int:
    from habits.exchange import import_export

    imported = import_export(store, args.file, skip_bad=args.skip_bad)
    print(printable(imported.summary()))
    shown_most = 20
    for line in imported.left_out[:shown_most]:
        print(f"  left out: {printable(line)}")
    if len(imported.left_out) > shown_most:
        print(f"  … and {len(imported.left_out) - shown_most} more")
    return 0


def cmd_doctor(args: argparse.Namespace, store) -> int:
    from habits.exchange import backup_lines, diagnose

    diagnosis = diagnose(store.path)
    for check in diagnosis.checks:  # ✓ well, ✗ wrong, · a note: worth knowing, nothing wrong with the data
        print(f"{'·' if check.note else '✓' if check.ok else '✗'} {printable(check.text)}")
    for line in backup_lines(diagnosis):
        print(printable(line))
    print(printable(diagnosis.verdict))
    return 0 if diagnosis.ok else 1


def cmd_restore(args: argparse.Namespace, store) -> int:
    restored = store.restore(args.backup)
    last = f", the last on {restored.last_day.isoformat()}" if restored.last_day else ""
    count = f"{restored.entries} {'entry' if restored.entries == 1 else 'entries'}"
    print(printable(f"Restored {restored.source.name}: {count}{last}."))
    if restored.kept is not None:
        print(printable(f"The file it replaced is kept as {restored.kept.name}; "
                        f"coach restore {restored.kept.name} brings it back."))
    return 0
