"""Writes a realistic synthetic history through coach's own store, for benchmarks and for trying the app.

About 2,000 people and 5,000 heard-backs at 10 years.

    python bench/make_history.py --years 10 --out /tmp/coach-10y.json [--end 2026-11-21] [--seed 1]

Most days have all three steps, some two or one, a few are rest days or missed; most complete days
have a reflection. People recur the way a real routine does: a pool grows over the years and most
connections go to people met before.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from habits.days import iso_week_bounds  # noqa: E402
from habits.model import ACTIONS  # noqa: E402
from habits.prompts import prompt_for  # noqa: E402
from habits.store import Store  # noqa: E402
from habits.store.records import timestamp  # noqa: E402
from habits.text import person_key  # noqa: E402

AUDIENCES = [
    "history teachers", "renaissance faire regulars", "civil war re-enactors", "halloween lovers",
    "spy gadget fans", "parents of teenagers", "book club hosts", "librarians", "true crime podcasters",
    "genealogy hobbyists", "cosplayers", "museum volunteers", "tabletop gamers", "folk musicians",
]
PLATFORMS = ["Bluesky", "Mastodon", "Instagram", "a blog", "a newsletter", "LinkedIn"]
FIRST = ["Ada", "Sam", "Jo", "Priya", "Mei", "Tomás", "Noor", "Elif", "Kofi", "Ines", "Rui", "Lena"]
LAST = ["Reyes", "Okafor", "Lindqvist", "Nakamura", "Haddad", "Moreau", "Kowalski", "Brennan", "Shah"]


def build(years: int, end: date, seed: int) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    start = end - timedelta(days=round(365.25 * years) - 1)
    people = Pool()
    records: dict[str, list[dict]] = {"entries": [], "reflections": [], "rest_days": [], "heard": []}
    rested_weeks: set[date] = set()
    day = start
    while day <= end:
        roll = rng.random()
        if roll < 0.03 and iso_week_bounds(day)[0] not in rested_weeks:
            rested_weeks.add(iso_week_bounds(day)[0])
            records["rest_days"].append({"day": day.isoformat()})
        elif roll > 0.06 and day != end:
            steps = 3 if roll > 0.2 else rng.choice((1, 2))
            for kind in ("brainstorm", "connect", "share")[:steps]:
                records["entries"].append(_entry(rng, kind, day, people))
            if steps == 3 and rng.random() < 0.7:
                records["reflections"].append({"day": day.isoformat(), "text": _answer(rng, day)})
        # About 500 heard-backs a year: people you have been talking to lately answer now and then.
        for _ in range(rng.choice((0, 1, 1, 2, 2, 2))):
            if people.names:
                records["heard"].append({"person": rng.choice(people.names[-40:]), "day": day.isoformat(),
                                         "platform": rng.choice(PLATFORMS), "note": "answered my comment"})
        day += timedelta(days=1)
    return records


class Pool:
    """The people met so far, oldest first, each under one name nobody else has (about 2,000 at 10 years)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._keys: set[str] = set()

    def pick(self, rng: random.Random) -> str:
        """Mostly someone met before, lately above all; a third of the time someone new."""
        if self.names and rng.random() < 0.67:
            return rng.choice(self.names[-60:] if rng.random() < 0.7 else self.names)
        while True:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if rng.random() < 0.7:
                name = "@" + name.lower().replace(" ", "") + str(rng.randint(1, 999))
            if person_key(name) not in self._keys:
                break
        self._keys.add(person_key(name))
        self.names.append(name)
        return name


def _entry(rng: random.Random, kind: str, day: date, people: Pool) -> dict:
    entry = {"kind": kind, "day": day.isoformat(), "note": ""}
    if kind == "brainstorm":
        entry["subject"] = rng.choice(AUDIENCES)
        if rng.random() < 0.3:
            entry["note"] = "they gather around hashtags and monthly meetups"
    else:
        entry["subject"] = people.pick(rng)
        entry["platform"] = rng.choice(PLATFORMS)
        if kind == "connect":
            entry["action"] = rng.choice([a for a in ACTIONS if a != "ask"])
        else:
            entry["work"] = rng.choice(["a new story", "their debut novel", "a blog post", "an essay"])
    return entry


def _answer(rng: random.Random, day: date) -> str:
    return f"{prompt_for(day)} — " + rng.choice([
        "A long thread with a librarian about research.", "Someone answered my question at last.",
        "Quiet day, but I liked the post I shared.", "A teacher wants to use my chapter in class.",
    ])


def write(store: Store, tables: dict[str, list[dict]]) -> None:
    """Stores what build made as records coach made them (each with an id of its own, made now), in one
    change that is not undoable: a history to start from, not a step of one."""
    with store.transaction(journal=False) as tx:
        made = timestamp(tx.now)
        for table, many in tables.items():
            tx.put_many(table, [{"id": os.urandom(16).hex(), **fields, "created": made, "updated": made}
                                for fields in many])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--end", default=None, help="the last day (default: today)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    end = date.fromisoformat(args.end) if args.end else date.today()
    out = Path(args.out)
    if out.exists():
        sys.exit(f"make_history: {out} exists; choose a new path")
    write(Store(out, clock=lambda: datetime.now().astimezone()), build(args.years, end, args.seed))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
