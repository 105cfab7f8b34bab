"""How the coach's picks vary from morning to morning, for the three scripted writers (tests/histories.py).

Every morning from the fifth week on, the coach reads everything logged before that morning (as the
writer opening coach would) and its first pick of each step is noted. Printed for each writer and
step: the mornings with a first pick, how many of them repeated the morning before while there was
another pick to offer, the longest run of one first pick, and how many different first picks there
were; then the mornings on which someone was offered for both Connect and Share (never, if all is well).

    python bench/variety.py
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from habits.aggregates import figures_of_history  # noqa: E402
from habits.coaching import coach  # noqa: E402
from habits.routine import genres_of, settings_of  # noqa: E402
from habits.text import person_key  # noqa: E402
from tests.histories import END, START, WRITERS, history  # noqa: E402

STEPS = ("connect", "share", "brainstorm")


def main() -> int:
    print(f"{'writer':<9} {'step':<10} {'mornings':>8} {'repeats':>8} {'longest run':>12} {'different':>10}")
    for writer in WRITERS:
        whole = history(writer)
        genres = genres_of(settings_of(whole))
        leads: dict[str, list[tuple[str | None, int]]] = {step: [] for step in STEPS}
        both = 0
        day = START + timedelta(days=28)
        while day <= END:
            before = replace(whole, entries=tuple(e for e in whole.entries if e.day < day),
                             heard=tuple(h for h in whole.heard if h.day < day))
            coaching = coach(figures_of_history(before), day, genres)
            for step in STEPS:
                picks = getattr(coaching, step)
                leads[step].append((picks[0].name if picks else None, len(picks)))
            both += bool({person_key(p.name) for p in coaching.connect} & {person_key(p.name) for p in coaching.share})
            day += timedelta(days=1)
        for step in STEPS:
            named = [(lead, count) for lead, count in leads[step]]
            repeats = sum(1 for (a, _), (b, count) in zip(named, named[1:]) if a is not None and a == b and count > 1)
            run = longest = 0
            last = None
            for lead, _ in named:
                run = run + 1 if lead is not None and lead == last else 1
                longest, last = max(longest, run if lead is not None else 0), lead
            different = len({lead for lead, _ in named if lead is not None})
            mornings = sum(1 for lead, _ in named if lead is not None)
            print(f"{writer:<9} {step:<10} {mornings:>8} {repeats:>8} {longest:>12} {different:>10}")
        print(f"{writer:<9} {'both':<10} {both:>8} mornings with someone offered for Connect and Share")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
