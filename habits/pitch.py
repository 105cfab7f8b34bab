"""Asking is not giving: which connects ask for something (a favour, a pitch), and the guard that speaks
before one reaches someone not yet talking with you.

STUB (issue 14): the pitch-guard helper fills this in; the API below is what the rest of habits uses.
"""

from __future__ import annotations

from habits.model import ASK


def is_ask(kind: str, action: str, note: str) -> bool:
    """Whether an entry asks for something rather than gives: a connect with the action `ask`, or one
    whose note reads as a pitch. An ask never counts toward given, warming or the day's Connect step."""
    return kind == "connect" and action == ASK
