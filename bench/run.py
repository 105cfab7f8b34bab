"""How fast coach is against the programs it should feel like: whole processes and first frames, timed.

Repeat the run (a few minutes; the first run also installs jrnl into bench/.cache/jrnl-venv from PyPI):

    /work/venv/bin/python bench/run.py                  # 7 rounds at 1, 10 and 30 years of history
    /work/venv/bin/python bench/run.py --quick          # 3 rounds at 1 and 10 years
    /work/venv/bin/python bench/run.py --runs 9 --years 10 --json /tmp/bench.json

Each round runs every baseline and every coach figure once, so a ratio is taken pair by pair (a coach
figure over its baseline from the same round) and the table shows the median of those ratios.

- Whole processes (`python -c pass`, `import tinydb, dateutil`, jrnl's quick entry, `coach status
  --json`, `coach log connect`): time.perf_counter around subprocess.run, output thrown away.
- Terminal apps (the minimal app inline and full screen, `coach --quick`, `coach`): run in an 80x24
  pseudo-terminal. First frame = start until MARKER appears in the output. Then the bench waits
  SETTLE seconds (a person reading the screen), sends the key that leaves (Esc; ctrl+q for `coach`)
  and times until the process has exited. Peak memory is ru_maxrss of that process (os.wait4).

Histories come from bench/make_history.py (last day END, every coach run at COACH_NOW) and are cached
in bench/.cache/ until make_history.py or habits/ change. `coach log` gets a fresh copy of the file each
run, settled by an untimed `coach status` (which writes the summary that names it, as any earlier
coach command would have), so every run is the day's first change (it includes the daily backup). jrnl's journal holds a
year of daily entries and is restored before each run.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from habits.store import paths  # noqa: E402 (the names of the files beside a data file)

CACHE = BENCH / ".cache"
WORK = CACHE / "work"
PYTHON = sys.executable
END = "2026-11-21"  # make_history leaves its last day open: this is "today", yesterday is complete
COACH_NOW = "2026-11-21T09:00"
COLUMNS, LINES = 80, 24
MARKER = {"minimal": "minimal", "coach": "Brainstorm"}  # a text of the first frame
ESC, CTRL_Q = b"\x1b", b"\x11"
SETTLE = 0.5  # seconds between the first frame and the key that leaves
TARGET_YEARS = 10


class Failure(Exception):
    """A run that exited badly or never showed its frame: one line saying what happened."""


# ---- what to run ------------------------------------------------------------------------------


@dataclass
class Probe:
    """One program run once per round. `terminal` probes report three figures, the others one."""

    name: str
    argv: list[str]
    env: dict[str, str]
    years: int | None = None  # None for a baseline
    terminal: bool = False
    marker: str = ""
    leave: bytes = ESC
    before: Callable[[], object] | None = None  # called before each run (fresh copies of data files)

    def figures(self) -> list[str]:
        if not self.terminal:
            return [self.name]
        leave = "Esc" if self.leave == ESC else "ctrl+q"
        return [f"{self.name} · first frame", f"{self.name} · {leave} to exit", f"{self.name} · peak memory"]

    def run(self, timeout: float) -> list[float]:
        if self.before:
            self.before()
        if self.terminal:
            return run_in_terminal(self.argv, self.env, self.marker, self.leave, timeout)
        return [run_process(self.argv, self.env, timeout)]


def coach_command() -> list[str]:
    script = Path(PYTHON).parent / "coach"
    return [str(script)] if script.exists() else [PYTHON, "-m", "coach"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COACH_", "TEXTUAL")) and k not in ("COLUMNS", "LINES")}
    return {**env, "TERM": "xterm-256color", **extra}


def baselines(jrnl: Probe | None) -> list[Probe]:
    minimal = [PYTHON, str(BENCH / "minimal_app.py")]
    env = clean_env()
    probes = [
        Probe("python -c pass", [PYTHON, "-c", "pass"], env),
        # No target: shows what this venv's site (coach's editable-install finder) adds to every start.
        Probe("python -S -c pass", [PYTHON, "-S", "-c", "pass"], env),
        Probe("python -c 'import tinydb, dateutil'", [PYTHON, "-c", "import tinydb, dateutil"], env),
        Probe("minimal inline", [*minimal, "--inline"], env, terminal=True, marker=MARKER["minimal"]),
        Probe("minimal full", minimal, env, terminal=True, marker=MARKER["minimal"]),
    ]
    return probes + ([jrnl] if jrnl else [])


def coach_probes(years: int, history: Path) -> list[Probe]:
    coach = coach_command()
    shown = WORK / f"{years}y" / "coach.json"  # read by status and the screens
    logged = WORK / f"{years}y-log" / "coach.json"  # a fresh copy for every `coach log`
    fresh_copy(history, shown)
    env = clean_env(COACH_NOW=COACH_NOW, COACH_DB=str(shown))
    log_env = clean_env(COACH_NOW=COACH_NOW, COACH_DB=str(logged))
    return [
        Probe("coach status --json", [*coach, "status", "--json"], env, years),
        Probe("coach log connect", [*coach, "log", "connect", "Jane Doe"], log_env, years,
              before=lambda: fresh_copy(history, logged, settle=[*coach, "status"], env=log_env)),
        Probe("coach --quick", [*coach, "--quick"], env, years, terminal=True, marker=MARKER["coach"]),
        Probe("coach", coach, env, years, terminal=True, marker=MARKER["coach"], leave=CTRL_Q),
    ]


def fresh_copy(source: Path, target: Path, settle: list[str] | None = None, env: dict[str, str] | None = None) -> None:
    """The data file and its closed years in a folder of their own, as generated (no backups, no lock file).

    `settle`: a coach command run (untimed) on the copy, so that it is as coach leaves a file it
    wrote: with the summary that names it (a copy is a new file to coach, whose summary no longer fits).
    """
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir(parents=True)
    shutil.copyfile(source, target)
    years = paths.years_folder(source)
    if years.exists():
        shutil.copytree(years, paths.years_folder(target))
    if settle:
        subprocess.run(settle, env=env, check=True, stdout=subprocess.DEVNULL)


# ---- histories and jrnl, made once and cached ---------------------------------------------------


def history(years: int) -> Path:
    """The cached history of `years` years, made again when the generator or the store changed."""
    sources = [BENCH / "make_history.py", *sorted((ROOT / "habits").rglob("*.py"))]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:12]
    path = CACHE / f"history-{years}y-{END}-{digest}" / "coach.json"  # with coach.json.years/ beside it
    if not path.exists():
        for stale in CACHE.glob(f"history-{years}y-*"):
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
        print(f"making a history of {years} years …", file=sys.stderr)
        making = CACHE / "making"
        shutil.rmtree(making, ignore_errors=True)
        making.mkdir()
        subprocess.run([PYTHON, str(BENCH / "make_history.py"), "--years", str(years), "--out",
                        str(making / "coach.json"), "--end", END], check=True, stdout=subprocess.DEVNULL)
        made = making / "coach.json"
        for extra in (paths.lock_file(made), paths.summary_file(made)):  # the store leaves these beside the data file
            extra.unlink(missing_ok=True)
        making.replace(path.parent)
    return path


def jrnl_probe() -> Probe:
    """jrnl in its own venv, a plain-text journal of a year, `jrnl "today: one entry."`."""
    venv = CACHE / "jrnl-venv"
    jrnl = venv / "bin" / "jrnl"
    if not jrnl.exists():
        print("installing jrnl into bench/.cache/jrnl-venv …", file=sys.stderr)
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "jrnl"], check=True)
    year = CACHE / "jrnl-year.txt"
    if not year.exists():
        year.write_text(journal_of_a_year(), encoding="utf-8")
    journal = WORK / "jrnl" / "journal.txt"
    config_home = WORK / "jrnl" / "config"
    write_jrnl_config(venv, config_home / "jrnl" / "jrnl.yaml", journal)
    env = clean_env(XDG_CONFIG_HOME=str(config_home))
    return Probe("jrnl quick entry", [str(jrnl), "today: one entry."], env,
                 before=lambda: shutil.copyfile(year, journal))


def journal_of_a_year() -> str:
    last = date.fromisoformat(END) - timedelta(days=1)
    days = (last - timedelta(days=n) for n in range(364, -1, -1))
    return "".join(f"[{day.isoformat()} 09:00:00 PM] Wrote for an hour, answered two readers.\n"
                   "The second chapter is slow going, but it is going.\n\n" for day in days)


def write_jrnl_config(venv: Path, path: Path, journal: Path) -> None:
    """jrnl's own defaults with one unencrypted plain-text journal and no editor (YAML; JSON means v1)."""
    version = subprocess.run([str(venv / "bin" / "python"), "-c", "import jrnl; print(jrnl.__version__)"],
                             check=True, capture_output=True, text=True).stdout.strip()
    config = {
        "version": version, "journals": {"default": {"journal": str(journal)}}, "editor": "",
        "encrypt": False, "template": False, "default_hour": 9, "default_minute": 0,
        "timeformat": "%F %r", "tagsymbols": "#@", "highlight": False, "linewrap": 79,
        "indent_character": "|", "colors": {"body": "none", "date": "none", "tags": "none", "title": "none"},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{key}: {json.dumps(value)}\n" for key, value in config.items()), encoding="utf-8")


# ---- timing one run -----------------------------------------------------------------------------


def run_process(argv: list[str], env: dict[str, str], timeout: float) -> float:
    """Seconds from start to exit of one process; Failure if it fails or outlives the timeout."""
    start = time.perf_counter()
    try:
        done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise Failure(f"still running after {timeout:.0f} s (killed)") from None
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise Failure(f"exit status {done.returncode}: {last_line(done.stderr)}")
    return elapsed


def run_in_terminal(argv: list[str], env: dict[str, str], marker: str, leave: bytes,
                    timeout: float) -> list[float]:
    """[first frame (s), key to exit (s), peak memory (MB)] of one run in a pseudo-terminal."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal, become the program
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    output = bytearray()
    try:
        shown = read_until(fd, output, marker.encode(), start + timeout)
        if shown == "time":
            raise Failure(f"no {marker!r} within {timeout:.0f} s (killed): {last_line(output)}")
        if shown == "closed":
            _, status = os.waitpid(pid, 0)
            pid = 0
            raise Failure(f"{describe(status)} before {marker!r} appeared: {last_line(output)}")
        first_frame = time.perf_counter() - start
        read_until(fd, output, None, time.perf_counter() + SETTLE)
        os.write(fd, leave)
        sent = time.perf_counter()
        if read_until(fd, output, None, sent + timeout) == "time":
            raise Failure(f"still running {timeout:.0f} s after {leave!r} (killed)")
        _, status, usage = os.wait4(pid, 0)
        pid = 0
        leaving = time.perf_counter() - sent
        if status != 0:
            raise Failure(f"{describe(status)} after {leave!r}: {last_line(output)}")
        return [first_frame, leaving, usage.ru_maxrss / 1024]
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def read_until(fd: int, output: bytearray, marker: bytes | None, deadline: float) -> str:
    """Read the program's output into `output` until `marker` is in it ("marker"), the program
    closes the terminal ("closed") or the deadline passes ("time")."""
    while (left := deadline - time.perf_counter()) > 0:
        if select.select([fd], [], [], left)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the program's end of the terminal is closed
                chunk = b""
            if not chunk:
                return "closed"
            seen = max(0, len(output) - len(marker or b""))
            output += chunk
            if marker and marker in output[seen:]:
                return "marker"
    return "time"


def describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def last_line(output: bytes) -> str:
    """The last line of text a program printed, terminal escapes removed (a cursor move ends a line)."""
    output = re.sub(rb"\x1b\[[0-9;]*H", b"\n", output)
    text = re.sub(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|.)", b"", output)
    lines = [line.strip() for line in text.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no output)"


# ---- rounds and results ---------------------------------------------------------------------------


@dataclass
class Results:
    """Every figure's value per round (None where it failed or was skipped), keyed (figure, years)."""

    rounds: int
    values: dict[tuple[str, int | None], list[float | None]] = field(default_factory=dict)
    failures: dict[tuple[str, int | None], str] = field(default_factory=dict)

    def add(self, probe: Probe, round_: int, run: list[float] | None) -> None:
        for index, figure in enumerate(probe.figures()):
            series = self.values.setdefault((figure, probe.years), [None] * self.rounds)
            series[round_] = run[index] if run else None

    def median(self, key: tuple[str, int | None]) -> float | None:
        found = [v for v in self.values.get(key, []) if v is not None]
        return statistics.median(found) if found else None

    def ratio(self, top: tuple[str, int | None], bottom: tuple[str, int | None]) -> float | None:
        """The median of the round-by-round ratios top / bottom."""
        pairs = zip(self.values.get(top, []), self.values.get(bottom, []))
        found = [a / b for a, b in pairs if a is not None and b]
        return statistics.median(found) if found else None


def measure(probes: list[Probe], rounds: int, timeout: float) -> Results:
    results = Results(rounds)
    for round_ in range(rounds):
        print(f"round {round_ + 1} of {rounds}: ", end="", file=sys.stderr, flush=True)
        for probe in probes:
            key = (probe.name, probe.years)
            run = None
            if key not in results.failures:  # a program that failed once is not run again
                try:
                    run = probe.run(timeout)
                except Failure as failure:
                    results.failures[key] = f"round {round_ + 1}: {failure}"
            results.add(probe, round_, run)
            print("." if run else "x", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    return results


# ---- the tables ------------------------------------------------------------------------------------


def targets(years: list[int]) -> list[tuple[str, tuple, tuple, float | None]]:
    """(what, coach figure, baseline figure, limit on the ratio) for every target the run can check."""
    y = TARGET_YEARS
    rows = []
    if y in years:
        rows += [
            ("`coach status --json` / `python -c pass`", ("coach status --json", y), ("python -c pass", None), 5),
            ("`coach status --json` / jrnl quick entry", ("coach status --json", y), ("jrnl quick entry", None), 0.5),
            ("`coach log connect` / jrnl quick entry", ("coach log connect", y), ("jrnl quick entry", None), 0.6),
            ("first frame: `coach --quick` / minimal inline", ("coach --quick · first frame", y),
             ("minimal inline · first frame", None), 1.15),
            ("first frame: `coach` / minimal full screen", ("coach · first frame", y),
             ("minimal full · first frame", None), 1.25),
            ("Esc to exit: `coach --quick` / minimal inline", ("coach --quick · Esc to exit", y),
             ("minimal inline · Esc to exit", None), 0.5),
            ("peak memory: `coach --quick` / minimal inline", ("coach --quick · peak memory", y),
             ("minimal inline · peak memory", None), 1.2),
        ]
    if 1 in years and 30 in years:
        for figure in ("coach status --json", "coach log connect", "coach --quick · first frame",
                       "coach · first frame", "coach --quick · Esc to exit"):
            rows.append((f"30 years / 1 year: {figure}", (figure, 30), (figure, 1), 1.5))
        rows.append(("30 years / 1 year: coach --quick · peak memory (no target)",
                     ("coach --quick · peak memory", 30), ("coach --quick · peak memory", 1), None))
    return rows


def show(figure: str, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f} MB" if figure.endswith("memory") else f"{value * 1000:.0f} ms"


def target_table(results: Results, years: list[int]) -> list[str]:
    lines = ["| target | coach (median) | baseline (median) | ratio, pair by pair | limit | result |",
             "| --- | --- | --- | --- | --- | --- |"]
    for what, top, bottom, limit in targets(years):
        failed = results.failures.get(_probe_key(top)) or results.failures.get(_probe_key(bottom))
        ratio = results.ratio(top, bottom)
        if ratio is None:
            verdict = "FAILED"
        elif limit is None:
            verdict = "info"
        else:
            verdict = "PASS" if ratio <= limit else "MISS"
        if failed and verdict != "FAILED":
            verdict += " (some runs failed)"
        lines.append(f"| {what} | {show(top[0], results.median(top))} | {show(bottom[0], results.median(bottom))} "
                     f"| {'—' if ratio is None else f'{ratio:.2f}x'} | {'—' if limit is None else f'≤ {limit}x'} "
                     f"| {verdict} |")
    return lines


def raw_table(results: Results) -> list[str]:
    lines = ["| figure | history | median | min – max | runs |", "| --- | --- | --- | --- | --- |"]
    for (figure, years), series in results.values.items():
        found = [v for v in series if v is not None]
        span = f"{show(figure, min(found))} – {show(figure, max(found))}" if found else "—"
        where = "baseline" if years is None else f"{years} y"
        lines.append(f"| {figure} | {where} | {show(figure, results.median((figure, years)))} | {span} "
                     f"| {len(found)} of {len(series)} |")
    return lines


def _probe_key(key: tuple[str, int | None]) -> tuple[str, int | None]:
    return key[0].split(" · ")[0], key[1]


def report(results: Results, years: list[int], seconds: float) -> str:
    load = os.getloadavg()[0]
    heading = (f"coach bench: {results.rounds} rounds, histories of {', '.join(map(str, years))} years, "
               f"took {seconds:.0f} s; {os.cpu_count()} CPUs, load {load:.1f} at the end")
    checked = target_table(results, years) if targets(years) else ["(no target at these histories)"]
    lines = [heading, "", *checked, "", *raw_table(results)]
    if results.failures:
        lines += ["", "Failures (a failed program is not run again):"]
        lines += [f"- {name}{'' if years is None else f' at {years} y'}: {message}"
                  for (name, years), message in results.failures.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="rounds (default 7, or 3 with --quick)")
    parser.add_argument("--years", help="histories to measure, e.g. 1,10,30 (default; 1,10 with --quick)")
    parser.add_argument("--quick", action="store_true", help="3 rounds at 1 and 10 years")
    parser.add_argument("--timeout", type=float, default=20, help="seconds before a run counts as hung (20)")
    parser.add_argument("--json", metavar="OUT", help="also write every value to this file")
    args = parser.parse_args()
    rounds = args.runs or (3 if args.quick else 7)
    years = [int(y) for y in (args.years or ("1,10" if args.quick else "1,10,30")).split(",")]

    started = time.perf_counter()
    # As pip leaves an installed package: its bytecode compiled (with PYTHONDONTWRITEBYTECODE set, an
    # editable install would otherwise compile every changed module again on every run).
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "coach"), str(ROOT / "habits")], check=True)
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    try:
        results = measure(prepare(years), rounds, args.timeout)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    if args.json:
        write_json(results, years, Path(args.json))
    print(report(results, years, time.perf_counter() - started))


def prepare(years: list[int]) -> list[Probe]:
    """Every probe of a round, baselines first; makes what is missing on the way (jrnl, histories)."""
    try:
        jrnl = jrnl_probe()
    except (subprocess.CalledProcessError, OSError) as error:
        print(f"bench: no jrnl baseline: {error}", file=sys.stderr)
        jrnl = None
    probes = baselines(jrnl)
    for n in years:
        probes += coach_probes(n, history(n))
    return probes


def write_json(results: Results, years: list[int], path: Path) -> None:
    path.write_text(json.dumps({
        "rounds": results.rounds, "years": years,
        "values": [{"figure": f, "years": y, "values": v} for (f, y), v in results.values.items()],
        "failures": [{"figure": f, "years": y, "message": m} for (f, y), m in results.failures.items()],
    }, indent=2), encoding="utf-8")

if __name__ == "__main__":
    main()
