"""The words every face of coach says alike, kept in one place: how a day stands, a rest day, an empty list."""

from __future__ import annotations

from datetime import date

from habits.model import STEP_KEYS


def done_of(count: int) -> str:
    """How many of the day's steps are done: "2 of 3 done"."""
    return f"{count} of {len(STEP_KEYS)} done"


def standing(done_count: int, rest: bool) -> str:
    """A day in a few words: "rest day", or "2 of 3 done"."""
    return "rest day" if rest else done_of(done_count)


def rest_said(result: str, day: date) -> str:
    """What marking `day` as a rest day did (habits.routine.RestOutcome.result), as one sentence."""
    when = day.strftime("%a %d %b")
    return {
        "rested": f"{when} is a rest day. Your streak carries over it.",
        "already": f"{when} was already a rest day.",
        "complete": f"{when} is already complete: nothing to rest.",
    }[result]


def and_list(names: list[str]) -> str:
    """jane; jane and ann; jane, ann and bo."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# When the coach has no pick for a step: what to do instead, kindly.
NO_SUGGESTION: dict[str, str] = {
    "brainstorm": "no new ideas from the map; an audience of your own will do",
    "connect": "nobody is waiting on you; say hello to someone whose post you enjoyed",
    "share": "nobody is due a share today; share anyone whose work moved you",
}
