"""Two coach installs, head to head: `coach status --json` and `coach log connect`, interleaved round by
round on fresh copies of one history, each settled first (its summary names the copy), CPU time counted.

Interleaving lets both share whatever else the machine is doing, which moves bench/run.py's single-
figure medians by a third on 2 cores. For a before/after of a change:

    git worktree add /tmp/before <commit> && python -m venv /tmp/venv-before
    /tmp/venv-before/bin/pip install -e /tmp/before
    python bench/ab.py /tmp/venv-before/bin/coach "$(command -v coach)" bench/.cache/history-10y-*/
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (["status", "--json"], ["log", "connect", "@someone"])


def run(coach: str, argv: list[str], db: Path) -> tuple[float, float]:
    env = {**os.environ, "COACH_DB": str(db), "COACH_NOW": "2026-11-21T09:00"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([coach, *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - start, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    first, second, history = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    found: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as work:
        for _ in range(rounds):
            for name, coach in (("A", first), ("B", second)):
                copy = Path(work) / name
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(history, copy)
                db = copy / "coach.json"
                run(coach, ["status"], db)  # settled: its own summary names the copy
                for argv in COMMANDS:
                    found.setdefault((argv[0], name), []).append(run(coach, argv, db))
    for (command, name), times in sorted(found.items()):
        wall = statistics.median(w for w, _ in times) * 1000
        cpu = statistics.median(c for _, c in times) * 1000
        print(f"{command:<7} {name} ({first if name == 'A' else second}): wall {wall:.0f} ms, cpu {cpu:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
