"""What every test process shares: the cost of starting Textual apps, paid once per process, not per test.

Most of the suite's time is Pilot tests, and each one builds a new CoachApp. Two things in that start are the
same work every time and can be done once in a test process without changing what any test sees:

- Textual parses the stylesheet (coach.tcss and the DEFAULT_CSS of every widget class) once per App: it keeps
  its parse cache on the Stylesheet instance, and again in a fresh Stylesheet each time the theme's variables
  are applied. Parsing is a pure function of the CSS text, where it was read from, its flags and the
  variables, so one process-wide cache keyed by all of them hands every app the rules it would have parsed.
  (Textual itself already reuses parsed rule sets between parses of one stylesheet.)
- Python's cyclic garbage collector: a Textual app is many thousands of objects in cycles, and with the
  default thresholds the oldest generation is scanned over and over, the modules of pytest, Textual and
  hypothesis included. Those are frozen once collected, and collections are made less frequent.

And one worker more than there are cores (`-n auto` in pyproject.toml): a Pilot test spends about a fifth of
its time asleep (every key press and pause waits for a quiet 20 ms), and a spare worker uses that time.

The long tests are marked `slow` (tests/sizes.py): `pytest` runs them at a fixed, smaller size, `pytest -m slow`
runs only them, whole. Every property test is one of them, and Hypothesis's profile follows: `pytest` tries
the same examples every run (derandomized: no example database to read or write), `pytest -m slow` new ones.
"""

from __future__ import annotations

import gc
import inspect
import os
import re

import pytest
from hypothesis import is_hypothesis_test, settings
from textual.css.stylesheet import Stylesheet

from tests import sizes


def _share_parsed_stylesheets() -> None:
    """One cache of parsed CSS for every Stylesheet in this process, keyed by everything parsing reads."""
    parse_rules = Stylesheet._parse_rules
    # The private method this wraps, as of Textual 8.2.8: with another signature, leave Textual alone.
    expected = ["self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]
    if list(inspect.signature(parse_rules).parameters) != expected or getattr(parse_rules, "shared", False):
        return
    parsed: dict[tuple, list] = {}

    def shared_parse_rules(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(self._variables.items()))
        try:
            return parsed[key]
        except KeyError:
            rules = parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            return rules

    shared_parse_rules.shared = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = shared_parse_rules  # type: ignore[method-assign]


_share_parsed_stylesheets()

# Every Store a test makes, and every coach it runs, is one machine named "here" (habits/store/device.py):
# its backups are named `…-daily@here.json` on every machine the suite runs on. The sync tests name theirs.
from habits.store import device as _device  # noqa: E402

_device.here = lambda: _device.named("here")  # type: ignore[assignment]
os.environ["COACH_DEVICE"] = "here"


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    # Everything imported and collected so far lives until the end: out of the collector's way.
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: the cores this process may use, plus one; PYTEST_XDIST_AUTO_NUM_WORKERS still decides."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    return len(os.sched_getaffinity(0)) + 1


# No deadline in either: a test machine shared with other work makes a deadline a coin toss, and speed
# targets live in bench/, not in tests.
settings.register_profile("coach", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("coach-slow", max_examples=1000, deadline=None, print_blob=True)  # sizes.examples: ten times


def asks_for_slow(markexpr: str) -> bool:
    """Whether a `-m` expression picks the slow tests (`slow`, `slow and not x`) rather than leaving them out."""
    return re.search(r"\bslow\b", markexpr) is not None and re.search(r"\bnot\W*slow\b", markexpr) is None


def pytest_configure(config: pytest.Config) -> None:
    # Before any test module is imported: a module sizes its cases, and settings its examples, on import.
    sizes.FULL = asks_for_slow(config.getoption("markexpr") or "")
    if not config.getoption("hypothesis_profile", None):  # --hypothesis-profile still decides
        settings.load_profile("coach-slow" if sizes.FULL else "coach")


def pytest_itemcollected(item: pytest.Item) -> None:
    if is_hypothesis_test(getattr(item, "obj", None)):
        item.add_marker(pytest.mark.slow)
