"""The `coach` command: argparse in front of the door (habits.coach). Textual is imported only to open a screen.

Every command opens one `Coach` on the data file: a read is `coach.snapshot()`, a change is one of the
door's writes, and what a change prints comes from the snapshot it hands back (`done.snapshot`), never
from a read after it. The imports stay inside the commands, so `coach status` loads only what it uses.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from datetime import date

from coach import __version__
from habits.model import STEPS, step
from habits.text import InputError, printable, shown

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into every command (3 ms)
if TYPE_CHECKING:
    from habits.coach import Coach
    from habits.fields import Field

BANNER = "coach — one audience, one person, one share a day."


class UsageError(Exception):
    pass


class _Formatter(argparse.HelpFormatter):
    """argparse's help, as wide as the terminal as argparse has it, found without importing shutil (and its
    compression modules) into every command: argparse makes a formatter for each option it adds."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size() gives it: COLUMNS, else standard output's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line, `coach: …`, with exit code 2."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line. Given arguments that name a command, only that command is built: a command's
    start need not build the other fifteen (`coach --help`, and anything unknown, gets them all)."""
    given = list(sys.argv[1:] if argv is None else argv)
    wanted = _command_in(given)
    # No command at all (`coach`, `coach --quick`): none of the commands' parsers is needed; asking for
    # help, or a word that is no command, gets them all.
    bare = wanted is None and not _words(given) and not {"-h", "--help"} & set(given)

    def full(name: str) -> bool:
        return not bare and (wanted is None or wanted == name)

    parser = _Parser(prog="coach", description=BANNER)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--db", metavar="PATH", help="the data file (default: COACH_DB, else your data folder)")
    parser.add_argument("--quick", action="store_true", help="the morning check-in, inline")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    if full("log"):
        from habits.fields import fields_of  # the steps' options: log's and heard's only

        log = commands.add_parser("log", help="log one step of today's routine")
        steps = log.add_subparsers(dest="step", metavar="STEP", required=True, parser_class=_Parser)
        for kind in STEPS:
            sub = steps.add_parser(kind.key, help=f"{kind.number}. {kind.question}")
            sub.add_argument("subject", metavar=kind.subject.upper(), help=kind.placeholder)
            for detail in fields_of(kind):  # the step's fields, the note last (habits/fields.py)
                _option(sub, detail)
            sub.add_argument("--date", metavar="D", help="the day (default today)")
            sub.set_defaults(handler=cmd_log)

    if full("heard"):
        from habits.fields import FIELDS

        heard = commands.add_parser("heard", help="someone responded to you")
        heard.add_argument("person", metavar="PERSON")
        _option(heard, FIELDS["platform"])
        _option(heard, FIELDS["note"], help="what they said, in a few words")
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
        config = commands.add_parser(
            "config", help="show or change a setting",
            epilog="coach config keymap lists the app's keys by binding id; coach config keymap ID KEYS gives one "
                   "of them your own keys (comma-separated, such as f8 or ctrl+r,f8), coach config keymap ID "
                   "default its own again.")
        config.add_argument("key", nargs="?", metavar="KEY")
        config.add_argument("value", nargs="?", metavar="VALUE")
        config.add_argument("keys", nargs="?", metavar="KEYS", help="with keymap ID: the binding's new keys")
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

    if full("serve"):
        serve = commands.add_parser(
            "serve", help="serve the full-screen app to a browser (this machine only, unless --public)",
            epilog="Each browser tab is its own coach on the same data file. Only this machine can open it unless "
                   "--public is given: there is no password, so anyone who reaches the address can read and change "
                   "your history.")
        serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
        serve.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
        serve.add_argument("--public", action="store_true",
                           help="allow an address other machines can reach (0.0.0.0, a LAN address)")
        serve.add_argument("--url", metavar="URL",
                           help="the address browsers use to reach it, when not http://HOST:PORT (a proxy, a tunnel)")
        serve.set_defaults(handler=cmd_serve)

    if full("doctor"):
        doctor = commands.add_parser("doctor", help="check the data file (it changes nothing), list backups")
        doctor.set_defaults(handler=cmd_doctor)

    if full("restore"):
        restore = commands.add_parser("restore", help="put a backup back in place of the data file (coach doctor lists them)")
        restore.add_argument("backup", metavar="BACKUP", help="a backup's name from coach doctor, 'latest', or a file")
        restore.set_defaults(handler=cmd_restore)
    return parser


def _option(parser: argparse.ArgumentParser, detail: Field, **otherwise: str) -> None:
    """A step field's option as the Field table has it (habits/fields.py: flag, metavar, help, choices);
    `otherwise` says a part of it another way (`help=` for the heard-back's note)."""
    parser.add_argument(detail.flag, **{"dest": detail.name, "metavar": detail.metavar, "help": detail.help,
                                        "choices": detail.choices or None, **otherwise})


COMMANDS = ("log", "heard", "reflect", "rest", "status", "suggest", "people", "person", "audiences", "undo", "redo",
            "config", "export", "import", "doctor", "restore", "serve")


def _words(argv: Sequence[str]) -> list[str]:
    """The arguments that are not options (nor --db's value)."""
    words, after_db = [], False
    for word in argv:
        if after_db:
            after_db = False
        elif word == "--db":
            after_db = True
        elif word == "--" or not word.startswith("-"):
            words.append(word)
    return words


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
    # A plain command lives a tenth of a second and leaves no garbage that only the cyclic collector could
    # free: its collections, while the modules load, while the data file is parsed and as the interpreter
    # exits, are a tenth of `coach log` and of `coach status` (and TinyDB's tables and the summary's days
    # are nothing to walk at the way out). Off while it runs, and its objects left to the exit; the
    # screens, which live on, collect as usual (_open_screen).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
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
    from habits.coach import StoreError

    try:
        if args.command is None:
            return _open_screen(args)
        _leave_objects_to_the_exit()
        coach = _coach(args, absorb=args.command != "doctor")  # doctor changes nothing: it lists the copies
        code = args.handler(args, coach)
        waiting = coach.waiting()
        if waiting:
            print(f"coach: {_one_line(waiting)}", file=sys.stderr)
        return code
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


_LEFT: list[bool] = []


def _leave_objects_to_the_exit() -> None:
    """At the interpreter's exit, the objects a plain command made are not walked once more by a last
    collection (gc.freeze, as the check-in leaves): the process ends, and with it every one of them."""
    if not _LEFT:
        import atexit

        atexit.register(gc.freeze)
        _LEFT.append(True)


def _one_line(error: object, most: int = 480) -> str:
    """An error as the contract has it: one line, no terminal controls, not a wall of echoed input."""
    text = " ".join(printable(str(error)).splitlines())
    return text if len(text) <= most else f"{text[: most - 80]} … {text[-70:]}"


def _coach(args: argparse.Namespace, absorb: bool = True) -> Coach:
    """The door over the data file the command line names (--db, else COACH_DB, else the default).
    `absorb`: first merge the conflict copies a sync tool left beside it, each said in one line."""
    from coach import clock
    from coach.paths import data_path
    from habits.coach import Coach

    try:
        clock.now()
    except ValueError:
        raise InputError("COACH_NOW is not an ISO date-time such as 2026-11-21T09:00") from None
    # An empty --db or COACH_DB is a mistake in a script, not a wish for the default file: refuse it.
    if args.db is not None and not args.db.strip():
        raise UsageError("--db is empty; give a data file's path")
    if args.db is None and os.environ.get("COACH_DB") is not None and not os.environ["COACH_DB"].strip():
        raise UsageError("COACH_DB is set but empty; give a data file's path, or unset it for the default")
    coach = Coach.at(data_path(args.db), clock.now, lock_timeout=_lock_timeout(), device=os.environ.get("COACH_DEVICE"))
    if absorb:  # (a merge opens a transaction, which checks the path itself)
        for line in coach.absorb():
            print(f"coach: {_one_line(line)}", file=sys.stderr)
    return coach


def _lock_timeout() -> float:
    """COACH_LOCK_TIMEOUT: how many seconds to wait for another coach's lock (default 10)."""
    from habits.coach import LOCK_TIMEOUT_SECONDS

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
    # The screens turn the collector on after their first frame (coach/quick.py, coach/app.py): they live on,
    # and their garbage is collected as usual from then.
    if args.quick and args.once:
        return _check_in_once(args)
    if args.once:
        raise UsageError("--once goes with --quick")
    coach = _coach(args, absorb=False)  # the app merges the copies itself, and says so on its screen
    if not _interactive() and not _served():  # a script, cron, a pipe: a screen drawn for nobody, waiting for ever
        what = "the check-in (coach --quick)" if args.quick else "the full-screen app (coach)"
        missing = _not_terminals()
        which = f"{missing[0]} is not one" if len(missing) == 1 else "neither standard input nor standard output is one"
        raise InputError(f"{what} needs a terminal, and {which}; "
                         f"in a script, use the plain commands, such as coach status or coach log "
                         f"(coach --help lists them)")
    coach.check_path()  # a FIFO or a device as the data file: said before Textual is loaded
    if args.quick:
        for line in coach.absorb():
            print(f"coach: {_one_line(line)}", file=sys.stderr)
        return _open_check_in(coach)
    from coach.app import run_app

    return run_app(coach.store)  # run_app opens its own Coach on the store (coach/app.py)


def _open_check_in(coach: Coach) -> int:
    from coach.quick import run_check_in

    return run_check_in(coach)  # the snapshot --once read is the one the check-in opens on, unless the file changed


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
    from habits.coach import StoreError

    try:
        coach = _coach(args)
        snapshot = coach.snapshot()  # the summary beside the data file when it reaches today
        status, today = snapshot.status(), snapshot.today.isoformat()
        if status.complete or status.rest or coach.once_marker() == today:
            return 0
        if not _interactive() or not coach.mark_once(today):
            return 0
        _open_check_in(coach)
    except (InputError, StoreError, UsageError) as error:  # an empty COACH_DB too: said, and the shell starts
        print(f"coach: {_one_line(error)}", file=sys.stderr)
    return 0


def _served() -> bool:
    """Whether this `coach` is one `coach serve` started for a browser tab: drawn by Textual's web driver,
    through pipes, not a terminal."""
    from coach.serve import WEB_DRIVER

    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


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


def _day(args: argparse.Namespace, coach: Coach) -> date | None:
    """The --date argument as a routine day, or None when it is absent (the door's writes take today).
    Only a --date needs today (by the day_start_hour setting): only then is the data read for it."""
    from habits.days import parse_day

    if getattr(args, "date", None) is None:
        return None
    return parse_day(args.date, coach.snapshot().today)


def cmd_log(args: argparse.Namespace, coach: Coach) -> int:
    from habits.fields import fields_of

    kind = step(args.step)
    details = {detail.name: getattr(args, detail.name) for detail in fields_of(kind)}
    day = _day(args, coach)
    done = coach.log(kind.key, args.subject, day=day, **details)  # one change, and no read after it
    entry = done.value
    if done.warning:
        print(f"coach: {printable(done.warning)}", file=sys.stderr)
    print(f"✓ {kind.title}: {printable(entry.describe())} — {_day_phrase(done.snapshot.status(entry.day))}")
    _print_milestones(done.milestones)
    return 0


def _print_milestones(milestones) -> None:
    """A streak reaching 7, 30, 100 or 365 days, or someone moving up to talking or connected: one line each."""
    for milestone in milestones:
        print(printable(milestone.text))


def _day_phrase(status) -> str:
    from habits.wording import done_of

    when = status.day.strftime("%a %d %b")
    if status.complete:
        days = "day" if status.streak.current == 1 else "days"
        return f"all three done for {when} · streak {status.streak.current} {days}"
    return f"{done_of(status.done_count)} for {when}"


def cmd_reflect(args: argparse.Namespace, coach: Coach) -> int:
    if not args.text.strip():
        raise InputError("the reflection is empty; write a sentence or two")
    day = _day(args, coach)
    done = coach.reflect(args.text, day=day)
    print(f"Reflection saved for {(day or done.snapshot.today).strftime('%a %d %b')}.")
    return 0


def cmd_rest(args: argparse.Namespace, coach: Coach) -> int:
    from habits.wording import rest_said

    day = _day(args, coach)
    outcome = coach.rest(day=day).value
    print(rest_said(outcome.result, outcome.day))
    return 0


def cmd_status(args: argparse.Namespace, coach: Coach) -> int:
    # The summary beside the data file holds the last days; a day before them reads the whole history.
    snapshot = coach.snapshot()
    status = snapshot.status(_day(args, coach) or snapshot.today)
    if args.json:
        _json(status.to_json())
    elif args.short:
        marks = "".join("✓" if done else "·" for done in status.steps.values())
        print(f"{'rest' if status.rest else marks} {status.streak.current}")
    else:
        print(render_status(status))
    return 0


def render_status(status) -> str:
    from habits.wording import standing

    lines = [f"{status.day.strftime('%a %d %b %Y')} · {standing(status.done_count, status.rest)}"]
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


def cmd_serve(args: argparse.Namespace, coach: Coach) -> int:
    from coach.serve import serve

    coach.check_path()
    coach.snapshot()  # a damaged data file is said here, in one line, not in every browser tab
    return serve(coach.store.path, args.host, args.port, args.public, args.url)


def cmd_config(args: argparse.Namespace, coach: Coach) -> int:
    from habits.settings import SETTINGS, setting

    if args.key == "keymap" and args.value is not None:
        return _config_keymap(args, coach)
    if args.keys is not None:
        raise UsageError(f"config {args.key} takes one value; quote a value with spaces in it")
    if args.key is None:
        values = coach.snapshot().settings
        for spec in SETTINGS:
            print(f"{spec.key} = {printable(spec.show(values[spec.key]))} ".ljust(34) + f"# {spec.help}")
        return 0
    spec = setting(args.key)
    if args.key == "keymap":
        print(_keymap_listing(coach.snapshot().settings["keymap"]))  # type: ignore[arg-type]
        return 0
    if args.value is None:
        print(printable(spec.show(coach.snapshot().settings[spec.key])))
        return 0
    value = coach.configure(args.key, args.value).value
    print(f"{spec.key} = {printable(spec.show(value))}")
    return 0


def _config_keymap(args: argparse.Namespace, coach: Coach) -> int:
    """`coach config keymap ID` shows one binding's keys; `… ID KEYS` gives it those (`default`: its own)."""
    from coach import keymap

    binding_id, keys = args.value, args.keys
    if keys is None and "=" in binding_id:  # coach config keymap today.rest=f8
        binding_id, _, keys = binding_id.partition("=")
    spec = keymap.binding(binding_id)
    held = coach.snapshot().settings["keymap"]
    stored = keymap.usable(held)
    if keys is None:
        unread = held.get(spec.id) if isinstance(held, dict) and spec.id not in stored else None
        print(keymap.keys_of(stored, spec.id) + (f"  (yours, {printable(str(unread))}, is not keys this coach knows: "
                                                  f"not used)" if unread is not None else ""))
        return 0
    chosen, check = keymap.rebinding(spec.id, keys)
    done = coach.rebind(spec.id, chosen, check)
    for note in keymap.notes(spec.id, chosen or spec.keys):  # taken, with what to know of it
        print(f"coach: note: {note}", file=sys.stderr)
    now = keymap.keys_of(keymap.usable(done.value), spec.id)
    print(f"{spec.id} = {now}" + ("" if now == spec.keys else f"  (its default: {spec.keys})"))
    return 0


def _keymap_listing(stored: object) -> str:
    """Every binding: its id, the keys it answers to (yours marked *), what it does, by where it works."""
    from coach import keymap

    yours = keymap.usable(stored)
    unread = {k: v for k, v in stored.items() if k not in yours} if isinstance(stored, dict) else {}
    lines: list[str] = []
    where = None
    for spec in keymap.KEYS:
        if spec.where != where:
            where = spec.where
            lines.append(("\n" if lines else "") + f"{where[:1].upper()}{where[1:]}:")
        keys = keymap.keys_of(yours, spec.id)
        mark = "*" if spec.id in yours else " "
        lines.append(f"  {spec.id:<34} {mark}{keys:<20} {spec.about}")
    for binding_id, keys in unread.items():  # a newer coach's binding, or a hand edit: kept, not used
        lines.append(f"  {printable(str(binding_id)):<34} !{printable(str(keys)):<20} not used: not a binding or "
                     f"not keys this coach knows")
    lines.append("\n* your own keys; ! kept in the file, not used. coach config keymap ID KEYS changes one (KEYS: "
                 "comma-separated, such as f8 or ctrl+r,f8; default: its own again).")
    return "\n".join(lines)


def _json(value: object) -> None:
    import json

    print(_json_safe(json.dumps(value, ensure_ascii=False)))


def _json_safe(text: str) -> str:
    """JSON escapes the C0 controls but not DEL and C1 (U+009B is CSI to many terminals): escape those too.
    They only occur inside JSON strings, so the document means exactly the same."""
    import re

    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def cmd_heard(args: argparse.Namespace, coach: Coach) -> int:
    day = _day(args, coach)
    done = coach.heard(args.person, day=day, platform=args.platform, note=args.note)
    heard = done.value
    person = done.snapshot.figures.find(heard.person)
    stage = person.stage if person else "talking"
    print(f"✓ Heard from {printable(heard.person)} — {stage} now. Answer back: that is the conversation.")
    _print_milestones(done.milestones)
    return 0


def cmd_suggest(args: argparse.Namespace, coach: Coach) -> int:
    from habits.wording import NO_SUGGESTION

    coaching = coach.snapshot().coaching
    if args.json:
        _json(coaching.to_json())
        return 0
    if coaching.welcome:
        print(printable(coaching.welcome))
    for kind in STEPS:
        picks = getattr(coaching, kind.key)
        print(f"{kind.number} {kind.title}")
        if kind.names_audience and coaching.genre_note:  # said where the ideas would be
            print(f"  {printable(coaching.genre_note)}")
        if not picks:
            print(f"  {NO_SUGGESTION[kind.key]}")
        for pick in picks:
            print(f"  · {printable(pick.name)} — {printable(pick.next_step)}")
            print(f"    {printable(pick.why)}" + (f"; {printable(pick.note)}" if pick.where else ""))
    for note in coaching.notes:
        if note != coaching.genre_note:
            print(f"Note: {printable(note)}")
    return 0


def cmd_people(args: argparse.Namespace, coach: Coach) -> int:
    from habits.days import ago

    snapshot = coach.snapshot(whole=True)  # everyone's timeline: the whole history
    people = snapshot.people
    if args.json:
        _json([p.to_json() for p in people])
        return 0
    if not people:
        print("Nobody yet. coach log connect NAME records the first person you reach out to.")
        return 0
    width = min(28, max(len(p.name) for p in people))
    print(f"{'name':<{width}}  {'stage':<9}  {'last touch':<12}  given  heard  platforms")
    for p in people:
        name = printable(p.name)
        name = name if len(name) <= width else name[: width - 1] + "…"
        print(f"{name:<{width}}  {p.stage:<9}  {ago(p.last_seen, snapshot.today):<12}  {len(p.given):>5}"
              f"  {len(p.heard):>5}  {printable(', '.join(p.platforms))}".rstrip())
    return 0


def cmd_person(args: argparse.Namespace, coach: Coach) -> int:
    from habits.coaching import next_step_for
    from habits.days import ago
    from habits.people import too_early_to_ask

    name = args.name
    # One read to know they exist (a change to nobody is refused before anything is written), then at
    # most one change, and the timeline from the snapshot that change hands back.
    snapshot = coach.snapshot(whole=True)
    if snapshot.directory.find(name) is None:
        raise InputError(f"there is nobody called {shown(name.strip())} in your history")
    if args.rename or args.merge_into or args.note is not None or args.platforms is not None:
        done = coach.change_person(name, rename=args.rename, merge_into=args.merge_into, note=args.note,
                                   platforms=args.platforms)
        snapshot, name = done.snapshot, done.value
        if args.rename:
            print(f"Renamed: {printable(args.name.strip())} is now {printable(name)}.")
        elif args.merge_into:
            print(f"Merged {printable(args.name.strip())} into {printable(name)}.")
    person = snapshot.directory.find(name)
    if person is None:
        raise InputError(f"there is nobody called {shown(name.strip())} in your history")
    print(f"{printable(person.name)} · {person.stage} · first seen {person.first_seen:%d %b %Y}"
          f" · last touch {ago(person.last_seen, snapshot.today)}")
    if person.platforms:
        print(f"On: {printable(', '.join(person.platforms))}")
    next_step, why = next_step_for(person, snapshot.today)
    print(f"Next: {next_step}" + (f" ({printable(why)})" if why else ""))
    if too_early_to_ask(person.stage):
        print("It is too early to ask them for a favour: keep giving first.")
    if person.note:
        print(f"Note: {printable(person.note)}")
    timeline = [(e.day, f"{'shared' if step(e.kind).shares_work else 'gave'}: {printable(e.describe())}")
                for e in person.given]
    timeline += [(e.day, f"asked: {printable(e.describe())}") for e in person.asks]
    timeline += [(h.day, "heard: " + printable(" · ".join(x for x in (h.note, h.platform) if x) or "they answered"))
                 for h in person.heard]
    for day, what in sorted(timeline, reverse=True):
        print(f"  {day:%Y-%m-%d}  {what}")
    return 0


def cmd_audiences(args: argparse.Namespace, coach: Coach) -> int:
    found = coach.snapshot(whole=True).audiences
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


def cmd_undo(args: argparse.Namespace, coach: Coach) -> int:
    label = (coach.undo() if args.verb == "undo" else coach.redo()).value
    if label is None:
        raise InputError(f"there is nothing to {args.verb}")
    print(f"{'Undone' if args.verb == 'undo' else 'Redone'}: {printable(label)}.")
    return 0


def cmd_export(args: argparse.Namespace, coach: Coach) -> int:
    from dataclasses import replace
    from pathlib import Path

    # json holds the text as stored (its escapes keep a hand-edited control character harmless and exact);
    # md is a journal to read, so it goes through printable() like everything else shown to a person;
    # csv's cells do too, one by one (habits.exchange.csv_cell: its own line ends are \r\n).
    exported = coach.export(args.format)
    if args.format in ("json", "md"):
        text = exported.payload.decode("utf-8")
        text = _json_safe(text) if args.format == "json" else printable(text)
        exported = replace(exported, payload=text.encode("utf-8"))
    if args.output is not None and not args.output.strip():
        raise UsageError("--output is empty; give a file name, or - for standard output")
    if args.output is None or args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(exported.payload)  # bytes: the terminal's encoding must not change an export
        sys.stdout.flush()
        return 0
    target = Path(args.output).expanduser()
    coach.write_export(target, exported.payload)
    print(f"Exported {exported.summary} to {printable(str(target))}.")
    return 0


def cmd_import(args: argparse.Namespace, coach: Coach) -> int:
    imported = coach.import_file(args.file, skip_bad=args.skip_bad).value
    print(printable(imported.summary()))
    shown_most = 20
    for line in imported.left_out[:shown_most]:
        print(f"  left out: {printable(line)}")
    if len(imported.left_out) > shown_most:
        print(f"  … and {len(imported.left_out) - shown_most} more")
    return 0


def cmd_doctor(args: argparse.Namespace, coach: Coach) -> int:
    diagnosis = coach.doctor()
    for check in diagnosis.checks:  # ✓ well, ✗ wrong, · a note: worth knowing, nothing wrong with the data
        print(f"{'·' if check.note else '✓' if check.ok else '✗'} {printable(check.text)}")
    for line in coach.backup_lines(diagnosis):
        print(printable(line))
    print(printable(diagnosis.verdict))
    return 0 if diagnosis.ok else 1


def cmd_restore(args: argparse.Namespace, coach: Coach) -> int:
    restored = coach.restore(args.backup).value
    last = f", the last on {restored.last_day.isoformat()}" if restored.last_day else ""
    count = f"{restored.entries} {'entry' if restored.entries == 1 else 'entries'}"
    print(printable(f"Restored {restored.source.name}: {count}{last}."))
    if restored.kept is not None:
        print(printable(f"The file it replaced is kept as {restored.kept.name}; "
                        f"coach restore {restored.kept.name} brings it back."))
    return 0
