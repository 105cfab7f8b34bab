"""What a conflict copy costs: the first command after a sync tool left one, against the same command without.

For each size of history (bench/make_history.py), every round: copy the history twice, a "laptop" and a
"desktop"; each logs a step of its own (as two machines apart would); the laptop's file is put beside the
desktop's under Syncthing's conflict name; then `coach status` on the desktop is timed, which merges the
copy (a whole read of both, the merge, a backup, the write) before it answers. The baseline is the same
`coach status` on a desktop with no copy beside it (the day's second run: the summary is there). Whole
processes, `python -m coach` of this tree in this interpreter, compiled first; medians of the rounds.

    python bench/sync.py            # 7 rounds at 1 and 10 years
    python bench/sync.py --rounds 3 --years 1
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-12-07T09:00"


def coach(db: Path, device: str, *argv: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "COACH_DB": str(db), "COACH_NOW": NOW, "COACH_DEVICE": device, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "coach", *argv], env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done


def place(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(source, folder / "coach.json")
    years = source.with_name(source.name + ".years")
    if years.exists():
        shutil.copytree(years, folder / "coach.json.years")
    return folder / "coach.json"


def one_round(history: Path, work: Path) -> tuple[float, float, str]:
    laptop, desktop = place(history, work / "laptop"), place(history, work / "desktop")
    coach(laptop, "laptop", "log", "connect", "@laptop-only")
    coach(desktop, "desktop", "log", "connect", "@desktop-only")
    coach(desktop, "desktop", "status")  # the summary is the desktop's: the baseline reads it
    plain, _ = coach(desktop, "desktop", "status")
    for year_file in (laptop.parent / "coach.json.years").glob("*.json"):  # the laptop's years, synced
        target = desktop.parent / "coach.json.years" / year_file.name
        if not target.exists():
            shutil.copy(year_file, target)
    shutil.copy(laptop, desktop.with_name("coach.sync-conflict-20261207-091500-LAPTOPX.json"))
    merged, done = coach(desktop, "desktop", "status")
    shutil.rmtree(work)
    return plain, merged, done.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--years", type=int, nargs="*", default=[1, 10])
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "coach", quiet=1)
    compileall.compile_dir(ROOT / "habits", quiet=1)
    print(f"{'history':>10}  {'coach status':>13}  {'with a copy to merge':>21}  said")
    with tempfile.TemporaryDirectory() as tmp:
        for years in args.years:
            source = Path(tmp) / f"{years}y" / "coach.json"
            source.parent.mkdir()
            subprocess.run([sys.executable, str(ROOT / "bench" / "make_history.py"), "--years", str(years),
                            "--out", str(source), "--end", "2026-12-06"], check=True, capture_output=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
            runs = [one_round(source, Path(tmp) / f"round-{years}-{n}") for n in range(args.rounds)]
            plain = statistics.median(r[0] for r in runs) * 1000
            merged = statistics.median(r[1] for r in runs) * 1000
            print(f"{years:>4} years  {plain:>10.0f} ms  {merged:>18.0f} ms  {runs[-1][2]}")


if __name__ == "__main__":
    main()
