"""How long the long tests run: a fixed, smaller size under the README's `pytest`, the whole under `pytest -m slow`.

The long tests (kills, races between processes, property tests) are marked `slow`. `pytest` runs every one
of them at its small size, the same cases every run: the kill tests kill at each step of a write, the races
write fewer entries, the property tests try a fixed sequence of examples (a fixed seed). `pytest -m slow`
runs only them, at their whole size: the random kills too, every entry, and ten times the examples, new
ones each run. CI runs both. tests/conftest.py sets FULL from the `-m` expression before any test module
is imported, so that a test module may size its cases, and its property tests' examples, when it is.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")
FULL = False


def sized(default: T, full: T) -> T:
    """`default` under `pytest`, `full` under `pytest -m slow`."""
    return full if FULL else default


def examples(default: int) -> int:
    """A property test's examples: `default` under `pytest` (the same ones every run), ten times as many
    under `pytest -m slow` (new ones every run)."""
    return sized(default, 10 * default)
