"""Two coach installs, head to head: `coach status --json` and `coach log connect`, interleaved round by
round, CPU time counted. Each round gives each install a fresh copy of one history as yesterday
evening's use left it (bench/run.py's DayOld: the day's backup taken, the summary naming the file), and
runs it as bench/run.py does: `coach` found on PATH by /bin/sh, in a clean environment, at 09:00, so
both figures are the day's first run.

Interleaving lets both share whatever else the machine is doing, which moves bench/run.py's single-
figure medians by a third on 2 cores. For a before/after of a change, install both as a user does
(`pip install .`, not editable: an editable install, run from a shell with PYTHONDONTWRITEBYTECODE=1,
compiles every module changed since its last compile on every run, 40 to 50 ms here):

    python bench/run.py --install        # the working tree: bench/.cache/coach-venv/bin/coach
    git worktree add /tmp/before <commit> && python -m venv /tmp/venv-before
    /tmp/venv-before/bin/pip install /tmp/before
    python bench/ab.py /tmp/venv-before/bin/coach bench/.cache/coach-venv/bin/coach bench/.cache/history-10y-*/ [ROUNDS]
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run as bench  # bench/run.py: the same copies, environment and shell

COMMANDS = (["status", "--json"], ["log", "connect", "Jane Doe"])


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU is user+sys of the shell and the coach it became."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"ab: {' '.join(argv[2:])}: exit status {done.returncode}: {bench.last_line(done.stderr)}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def editable(coach: Path) -> bool:
    """Whether the venv `coach` belongs to has coach as an editable install (its .pth finder)."""
    return any(coach.resolve().parent.parent.glob("lib/python*/site-packages/__editable__.coach-*.pth"))


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    installs = {"A": Path(sys.argv[1]), "B": Path(sys.argv[2])}
    history = Path(sys.argv[3]) / "coach.json"
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    for name, coach in installs.items():
        if coach.name != "coach" or not coach.exists():
            raise SystemExit(f"ab: {coach} is not a coach script in a venv's bin folder")
        if editable(coach):
            print(f"ab: {name} ({coach}) is an editable install; its figures include compiling whatever "
                  f"bytecode is missing or stale, unless the first run could write it", file=sys.stderr)
    found: dict[tuple[str, str], list[tuple[float, float]]] = {}
    load = bench.loads()
    with tempfile.TemporaryDirectory() as work:
        bench.WORK = Path(work)  # the copies' HOME too
        for _ in range(rounds):
            for name, coach in installs.items():
                copy = bench.DayOld(history, Path(work) / name / "coach.json", coach.parent, figures=False)
                copy.make()
                env = bench.user_env(coach.parent, COACH_DB=str(copy.path), COACH_NOW=bench.TODAY)
                for argv in COMMANDS:  # status first: a read changes nothing, so the log is the day's first change
                    found.setdefault((argv[0], name), []).append(timed(bench.shell("coach", *argv), env))
    print(f"{rounds} rounds, {history.parent.name}; load (1, 5, 15 min) {load} before, {bench.loads()} after")
    for (command, name), times in sorted(found.items()):
        wall = statistics.median(w for w, _ in times) * 1000
        cpu = statistics.median(c for _, c in times) * 1000
        print(f"{command:<7} {name} ({installs[name]}): wall {wall:.0f} ms, cpu {cpu:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
