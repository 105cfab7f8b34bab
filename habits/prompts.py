"""The reflection prompt library and its daily rotation."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

# The order is the order of BRIEF.md, so screens that list the ideas read like the brief.
IDEAS: tuple[str, ...] = (
    "responses",
    "not_about_you",
    "stop_counting",
    "relationships_take_time",
    "audiences",
    "one_person_a_day",
)

IDEA_TITLES: dict[str, str] = {
    "responses": "Responses beat broadcasts",
    "not_about_you": "It is not about you",
    "stop_counting": "Stop counting, start talking",
    "relationships_take_time": "Relationships take time",
    "audiences": "Get creative about audiences",
    "one_person_a_day": "One person a day",
}


@dataclass(frozen=True)
class Prompt:
    """One reflection question that closes a routine day, and the idea it serves."""

    text: str
    idea: str


def _prompts(idea: str, *texts: str) -> tuple[Prompt, ...]:
    return tuple(Prompt(text, idea) for text in texts)


# Tone: warm, specific, short, about other people. Never a count, never guilt,
# never a nudge to ask a stranger for anything.
PROMPTS: tuple[Prompt, ...] = (
    *_prompts(
        "responses",
        "Who answered you today, and how did you answer back?",
        "Which reply you wrote today are you gladdest you sent?",
        "Whose post did you answer today instead of posting your own?",
        "What question in someone's comments could you answer tomorrow?",
        "Which conversation today started because you replied first?",
        "What did you reshare today, and what did you add to it?",
        "Whose comment today deserves a thoughtful reply tomorrow?",
    ),
    *_prompts(
        "not_about_you",
        "Whose work did you cheer for today, and what moved you about it?",
        "Who around you could use a little support this week?",
        "What did you share today that had nothing to do with your own book?",
        "Whose good news made your day, and did you tell them so?",
        "Which writer's work would you gladly recommend to a friend tomorrow?",
        "What did you learn today about someone else's project?",
        "Who did you help feel seen today?",
    ),
    *_prompts(
        "stop_counting",
        "Which conversation today felt real, however short it was?",
        "Who did you talk with today, rather than just post at?",
        "What did someone say to you today that you want to remember?",
        "If today had no numbers at all, what was its best moment?",
        "Which exchange today felt most like talking with a friend?",
        "Who taught you something today just by talking with you?",
        "What small kindness did you give or receive online today?",
    ),
    *_prompts(
        "relationships_take_time",
        "Who are you slowly getting to know, and what is a natural next step?",
        "What good follow-up question could you ask someone you admire?",
        "Whose posts have you read for weeks, and what do you now know about them?",
        "Which quiet account could you keep showing up for, with no reply expected?",
        "What thoughtful comment could you leave for someone you admire tomorrow?",
        "Who has warmed up to you lately, one small exchange at a time?",
        "Who have you not talked with in a while that you would like to hear from?",
    ),
    *_prompts(
        "audiences",
        "Which group outside your genre could love what you write?",
        "What hobby or passion does your story touch that you had not noticed?",
        "Who else reads what your readers read?",
        "Which interest group did you find today, and which group does it lead to?",
        "Where would your characters spend a free weekend, and who else goes there?",
        "What season, holiday or event would make your work feel at home?",
        "Who might read your book alongside someone else, like a parent with a teen?",
    ),
    *_prompts(
        "one_person_a_day",
        "Who was your one person today, and what did you say to them?",
        "Who would you like to meet tomorrow?",
        "What was the smallest step you took toward someone today?",
        "Who could be tomorrow's one person, and where might you find them?",
        "What made today's five minutes feel worth it?",
        "Which one person today left you glad you showed up?",
        "What is one easy way to reach one new person tomorrow?",
    ),
)

# A week review looks back over seven days, so these ask about patterns, not moments.
WEEK_PROMPTS: tuple[str, ...] = (
    "Who did you get to know a little better this week?",
    "Which conversation this week would you like to carry into next week?",
    "Whose work did you share this week, and why that work?",
    "Which audience you found this week surprised you the most?",
    "What did you give this week that you are proud of?",
    "Who answered you this week that you did not expect to hear from?",
    "What made showing up easier this week, and how can you keep it?",
    "Who would you like to start warming up to next week?",
    "What did you learn about your readers this week?",
)

# Any constant works; it only has to never change, or every user's rotation would jump.
_ROTATION_SEED = 1_2_3


@lru_cache(maxsize=8)
def _rotation(size: int) -> tuple[int, ...]:
    # Depends only on the length, so the built-in-only case (the common one) is
    # computed once, and a user's list of the same length costs nothing extra.
    order = list(range(size))
    random.Random(_ROTATION_SEED).shuffle(order)
    return tuple(order)


def _texts(extra: Sequence[str]) -> list[str]:
    texts = [prompt.text for prompt in PROMPTS]
    if isinstance(extra, str):
        # A bare string is one prompt, not a sequence of one-letter prompts.
        extra = (extra,)
    seen = set(texts)
    for item in extra:
        text = item.strip()
        if text and text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def prompt_for(day: date, extra: Sequence[str] = ()) -> str:
    """Return the reflection prompt for a routine day.

    `extra` is the user's own prompts; they join the rotation after the built-ins,
    with blanks and duplicates dropped.

    Why this rule: the prompt is a pure function of the date, so it stays the same
    all day, on every run and on every machine, and yesterday's question can be
    shown again when the user answers it the next morning. The day's ordinal walks
    a fixed shuffle of the list, so consecutive days go through every prompt once
    before any comes back: with at least 36 prompts none repeats within a month,
    while the shuffle keeps neighbouring days from following the library's order
    idea by idea.
    """
    texts = _texts(extra)
    order = _rotation(len(texts))
    return texts[order[day.toordinal() % len(texts)]]


def week_prompt(year: int, week: int) -> str:
    """Return the closing prompt for the review of ISO week `week` of `year`."""
    return WEEK_PROMPTS[(year * 53 + week) % len(WEEK_PROMPTS)]
