"""The reflection prompt library and its daily rotation: a prompt a day, fitted to what the day held."""

from __future__ import annotations

import random
import re
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


# What a prompt may assume of the day it closes (Prompt.needs). A prompt with none fits every day.
ANSWERED = "answered"  # someone answered you that day (a heard-back on that day)
ENTRIES = "entries"  # the day had entries: a step logged, a person or an audience of that day
BOOKS = "books"  # the writer writes books (their genres say so): "your book", "your characters"
NEEDS: tuple[str, ...] = (ANSWERED, ENTRIES, BOOKS)


@dataclass(frozen=True)
class Prompt:
    """One reflection question that closes a routine day, the idea it serves, and what it assumes of
    the day (`needs`: ANSWERED, ENTRIES, BOOKS)."""

    text: str
    idea: str
    needs: frozenset[str] = frozenset()

    def fits(self, answered: bool | None = None, entries: bool | None = None, books: bool | None = None) -> bool:
        """Whether the prompt may close a day: None is "not known", and leaves out nothing."""
        known = {ANSWERED: answered, ENTRIES: entries, BOOKS: books}
        return all(known[need] is not False for need in self.needs)


def _prompts(idea: str, *texts: str | tuple[str, str | tuple[str, ...]]) -> tuple[Prompt, ...]:
    """The prompts of an idea: a text, or (text, what it needs): one of NEEDS, or a tuple of them."""
    made = []
    for item in texts:
        if isinstance(item, str):
            made.append(Prompt(item, idea))
        else:
            text, needs = item
            made.append(Prompt(text, idea, frozenset((needs,) if isinstance(needs, str) else needs)))
    return tuple(made)


# Tone: warm, specific, short, about other people. Never a count, never guilt,
# never a nudge to ask a stranger for anything. A prompt that speaks of who answered, of what the day
# held, or of "your book" says so (ANSWERED, ENTRIES, BOOKS): it never closes a day that did not.
# Enough prompts fit every day (at least as many as need something) for the rotation to stand in for
# any that do not fit: see _layout.
PROMPTS: tuple[Prompt, ...] = (
    *_prompts(
        "responses",
        ("Who answered you today, and how did you answer back?", ANSWERED),
        ("Which reply you wrote today are you gladdest you sent?", ENTRIES),
        ("Whose post did you answer today instead of posting your own?", ENTRIES),
        "What question in someone's comments could you answer tomorrow?",
        ("Which conversation today started because you replied first?", (ANSWERED, ENTRIES)),
        ("What did you reshare today, and what did you add to it?", ENTRIES),
        ("Whose comment today deserves a thoughtful reply tomorrow?", ANSWERED),
        "Whose post could you answer tomorrow with a real question?",
        "What reply could you write tomorrow that adds something a like cannot?",
        ("Who answered you today, and what could you ask them next?", ANSWERED),
    ),
    *_prompts(
        "not_about_you",
        ("Whose work did you cheer for today, and what moved you about it?", ENTRIES),
        "Who around you could use a little support this week?",
        ("What did you share today that had nothing to do with your own work?", ENTRIES),
        "Whose good news could you celebrate with them this week?",
        "Which writer's work would you gladly recommend to a friend tomorrow?",
        ("What did you learn today about someone else's project?", ENTRIES),
        ("Who did you help feel seen today?", ENTRIES),
        "What do you know now that a newer writer would be glad to hear?",
        "Which newer writer could you encourage this week, and how?",
        "What beginner's question could you answer from your own experience?",
        "Who helped you when you started, and who could you help the same way?",
    ),
    *_prompts(
        "stop_counting",
        ("Which conversation today felt real, however short it was?", ANSWERED),
        ("Who did you talk with today, rather than just post at?", ENTRIES),
        ("What did someone say to you today that you want to remember?", ANSWERED),
        "If today had no numbers at all, what was its best moment?",
        ("Which exchange today felt most like talking with a friend?", ANSWERED),
        ("Who taught you something today just by talking with you?", ANSWERED),
        ("What small kindness did you give online today?", ENTRIES),
        "Whose posts would you miss if they stopped writing?",
        "Which few people online would you most like to know better?",
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
        "Some people never answer, and it is not personal. Who can you let be for now?",
        "Which big account might be run by a team, and does that change the silence?",
        "What would patience look like with someone you admire this month?",
        "Who could you keep cheering for, whether or not they ever reply?",
        "Which friendship of yours took months to grow, and what kept it going?",
        "Which slow conversation could you let ripen instead of hurrying it?",
    ),
    *_prompts(
        "audiences",
        "Which group outside your genre could love what you write?",
        "What hobby or passion does your writing touch that you had not noticed?",
        "Who else reads what your readers read?",
        ("Which interest group did you find today, and which group does it lead to?", ENTRIES),
        ("Where would your characters spend a free weekend, and who else goes there?", BOOKS),
        "What season, holiday or event would make your work feel at home?",
        "Who might read your work alongside someone else, like a parent with a teen?",
        "Which club, class or forum could enjoy what you write?",
        "What do your readers love besides reading?",
        ("Which place or time in your book has fans of its own?", BOOKS),
    ),
    *_prompts(
        "one_person_a_day",
        ("Who was your one person today, and what did you say to them?", ENTRIES),
        "Who would you like to meet tomorrow?",
        ("What was the smallest step you took toward someone today?", ENTRIES),
        "Who could be tomorrow's one person, and where might you find them?",
        ("What made today's five minutes feel worth it?", ENTRIES),
        ("Which one person today left you glad you showed up?", ENTRIES),
        "What is one easy way to reach one new person tomorrow?",
        "Who is one person you could thank tomorrow?",
        "Whose name keeps coming back to you, and what could you say to them?",
    ),
)

# Genres that are not books: a writer whose every genre reads as one of these is not asked about "your
# book". Each is a word's beginning, found anywhere in the genre ("nature poetry", "food blogging"), not
# inside a word ("universe" is no verse).
NOT_BOOKS: tuple[str, ...] = (
    "poem", "poet", "verse", "haiku", "sonnet", "spoken word", "slam poetry",
    "blog", "newsletter", "substack", "journalis", "column", "podcast",
    "screenplay", "screenwrit", "playwrit", "songwrit", "song lyric", "lyrics",
    "comic strip", "webcomic", "flash fiction", "short stor", "microfiction", "copywrit", "fan fic", "fanfic",
)
_NOT_BOOKS = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in NOT_BOOKS) + ")")


def writes_books(genres: Sequence[str]) -> bool:
    """Whether a writer with these genres (the `genres` setting) writes books: some genre that is not
    poetry, a blog, a script… No genres at all says nothing of books: no."""
    if isinstance(genres, str):
        genres = (genres,)
    return any(isinstance(g, str) and g.strip() and not _NOT_BOOKS.search(g.lower()) for g in genres)


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
def _layout(size: int) -> tuple[int, ...]:
    """The rotation of a library of `size` prompts (the built-ins, then the user's own): which prompt each
    of `size` slots holds, a day a slot.

    Depends only on the length, so the built-in-only case (the common one) is computed once, and a
    user's list of the same length costs nothing extra. The slots come in couples half a cycle apart
    (slot i and slot i + size // 2): each prompt that needs something of the day is coupled with one that
    fits every day, which stands in for it on a day it does not fit. A stand-in is thus shown about half
    a cycle away from its own slot, and no two slots share one."""
    rng = random.Random(_ROTATION_SEED)
    needing = [i for i, prompt in enumerate(PROMPTS) if prompt.needs]
    plain = [i for i in range(size) if i >= len(PROMPTS) or not PROMPTS[i].needs]
    rng.shuffle(needing)
    rng.shuffle(plain)
    couples: list[list[int]] = []
    while needing and plain:
        couples.append([needing.pop(), plain.pop()])
    rest = needing + plain  # (the built-ins keep as many plain prompts as needing ones: a test says so)
    while len(rest) >= 2:
        couples.append([rest.pop(), rest.pop()])
    rng.shuffle(couples)
    for couple in couples:
        if rng.random() < 0.5:
            couple.reverse()
    return tuple([first for first, _ in couples] + [second for _, second in couples] + rest)


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


def prompt_for(day: date, extra: Sequence[str] = (), *, answered: bool | None = None,
               entries: bool | None = None, books: bool | None = None) -> str:
    """Return the reflection prompt for a routine day.

    `extra` is the user's own prompts; they join the rotation after the built-ins,
    with blanks and duplicates dropped, and fit every day.

    What the day held: `answered`, whether someone answered the writer that day (a heard-back);
    `entries`, whether the day had entries; `books`, whether the writer writes books
    (writes_books of their genres). A prompt that needs what the day did not hold never closes it:
    nobody is asked who answered when nobody did, what they did on a day they did nothing, or about
    "your book" when they write poems. None is "not known" and leaves out nothing: with none of them
    given, every prompt fits (as callers from before had it).

    Why this rule: the prompt is a pure function of the date and of what the day held, so it stays
    the same all day (until the day holds more), on every run and on every machine, and yesterday's
    question can be shown again when the user answers it the next morning. The day's ordinal walks
    a fixed shuffle of the library (_layout), so consecutive days go through every prompt once before
    any comes back; a prompt that does not fit the day gives way to its couple half a cycle away, which
    fits every day. So whatever the days held, no prompt comes back within about half the library's
    length (over 30 days: a month), and on days that held everything the whole library passes first.
    """
    texts = _texts(extra)
    size = len(texts)
    order = _layout(size)
    slot = day.toordinal() % size
    half = size // 2

    def fits(index: int) -> bool:
        return index >= len(PROMPTS) or PROMPTS[index].fits(answered, entries, books)

    candidates = [slot]
    if slot < 2 * half:
        candidates.append(slot + half if slot < half else slot - half)
    # (a library with more prompts that need something than fit every day: the next slot that fits)
    candidates += [(slot + step) % size for step in range(1, size)]
    return texts[next((order[s] for s in candidates if fits(order[s])), order[slot])]


def week_prompt(year: int, week: int) -> str:
    """Return the closing prompt for the review of ISO week `week` of `year`."""
    return WEEK_PROMPTS[(year * 53 + week) % len(WEEK_PROMPTS)]
