"""The pitch guard: which notes read as an ask (signals tested both ways: your own work is a pitch, theirs
is not), the guard's wording, and the warnings a log gets through the door and on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from habits import pitch
from habits.coach import Coach
from habits.model import ACTIONS
from habits.pitch import SIGNALS, guard_warning, is_ask, ordinal, pitch_in
from tests.unit.test_one_door import Clock  # a second on at every call: stamps in order

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 21)
ISSUE_NOTE = "DMed my whole family backstory and my book link"
LONGEST = 110  # one line of an 80-column check-in, wrapped once at most


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# ---- the signals, both ways ----------------------------------------------------------------------------

ASKS = [
    # a pitch of your own work
    ("pitch", "told her about my new novel"),
    ("pitch", "Check out my NEW NOVEL 📚🙏"),
    ("pitch", "MY DEBUT IS OUT!!!"),
    ("pitch", "mentioned my poetry collection"),
    ("pitch", "pre-order my book, it's out in May"),
    ("pitch", "Go buy it… please!"),
    ("pitch", "buy it now, only $2.99"),
    ("pitch", "said our anthology needs readers"),
    ("pitch", "told him to subscribe to my Substack"),
    ("pitch", "shameless plug, sorry"),
    ("pitch", "gave her my discount code"),
    ("pitch", "I just published a fantasy novel, thought you'd like it"),
    ("pitch", "pitched my memoir 🙈"),
    ("pitch", "my newsletter launches Monday"),
    ("pitch", "sent my chapbook"),
    # a link to your own work
    ("link", ISSUE_NOTE),
    ("link", "here's my site: https://jane-writes.example.com/books"),
    ("link", "sent www.mybook.com, my new one"),
    ("link", "my new post: bit.ly/3xYz"),
    ("link", "link to my Amazon page"),
    ("link", "dropped my Amazon link"),
    ("link", "Link in my bio!"),
    # a favour
    ("favour", "could you review my book?"),
    ("favour", "Would you mind?"),
    ("favour", "would you mind reading my first chapter?"),
    ("favour", "asked if she'd blurb my novel"),
    ("favour", "asked once more if she'd blurb my novel"),
    ("favour", "asked if she'd read my first chapter"),
    ("favour", "asked if she’d share my cover reveal"),
    ("favour", "asked her for a blurb"),
    ("favour", "hoping for an honest review"),
    ("favour", "beta read for me?"),
    ("favour", "asked him to be a beta reader"),
    ("favour", "please boost 🙏"),
    ("favour", "Can you RT this?"),
    ("favour", "could you introduce me to your agent?"),
    ("favour", "introduce me to her editor?"),
    ("favour", "asked her to follow me back"),
    ("favour", "any chance you could share it?"),
    ("favour", "share my post pls"),
    ("favour", "leave a review if you liked it!"),
    # a call request
    ("call", "asked for a quick call"),
    ("call", "hop on a Zoom?"),
    ("call", "Zoom call next week?"),
    ("call", "suggested a 15-minute call"),
    ("call", "video chat sometime?"),
    ("call", "coffee chat?? ☕"),
    ("call", "asked for her phone number"),
    ("call", "we should grab a coffee"),
    ("call", "call me!"),
    ("call", "sent my Calendly"),
    ("call", "let's set up a meeting"),
    # an overly personal first message
    ("personal", "told her about my divorce"),
    ("personal", "my whole family story, sorry"),
    ("personal", "shared my life story in the DMs"),
    ("personal", "I'm going through a divorce"),
    ("personal", "talked about my childhood trauma"),
    ("personal", "told him about my ex"),
    ("personal", "my ex-husband and the custody case"),
    ("personal", "overshared, oops"),
    ("personal", "told her everything about me"),
    ("personal", "MY BACKSTORY, all of it"),
]

KIND = [
    "loved your book",
    "Loved YOUR BOOK 😍!!",
    "her novel's ending wrecked me",
    "asked about their newsletter",
    "asked about her newsletter's schedule",
    "her debut is out! congrats 🎉",
    "on her post about drafting",
    "told her about the silk the dress is based on",
    "asked which letters she used for research",
    "asked if she liked the ending",
    "wondered whether they would write a sequel",
    "could you tell me more about the letters?",
    "would you say the 1850s were the turning point?",
    "can you share where the photo was taken?",
    "my book club loved your novel",
    "in my book, she is the best",
    "my favourite novel of hers",
    "my whole family loved your reading",
    "made my day: your poem about herons",
    "your thread helped with my heroine's backstory",
    "thank you for the kind words",
    "I loved your thread https://bsky.app/profile/x/post/1",
    "reshared her post about the Zoom reading",  # her event, not a call with you
    "answered her call for submissions",
    "her novel is called The Long Road",
    "loved her divorce memoir",
    "on his thread about soldiers' letters home",
    "her poem about the estuary",
    "said yes to the salon",
    "bought her book!",
    "I'll buy a copy of yours",
    "left her a review on StoryGraph",
    "her blurb for Nova's book was lovely",
    "asked how her book launch went",
    "",
    "🙂",
    "!!!",
]


@pytest.mark.parametrize("category, note", ASKS)
def test_a_note_that_asks_reads_as_its_category(category, note):
    found = pitch_in(note)
    assert found is not None, note
    assert found.category == category, (note, found)
    assert found.matched and found.matched in " ".join(note.casefold().replace("’", "'").split())
    assert is_ask("connect", "comment", note)


@pytest.mark.parametrize("note", KIND)
def test_a_kind_note_about_their_work_is_no_ask(note):
    assert pitch_in(note) is None, (note, pitch_in(note))
    assert not is_ask("connect", "comment", note)


def test_every_category_is_tested_both_ways_and_says_what_to_do_instead():
    assert {key for key, *_ in SIGNALS} == {category for category, _ in ASKS}
    for key, reads_as, instead, triggers, patterns, _ in SIGNALS:
        assert reads_as and instead and triggers and patterns, key


def test_is_ask_is_the_action_ask_or_a_pitchy_connect_note():
    assert is_ask("connect", "ask", "")
    assert is_ask("connect", "ask", "loved your book")
    assert is_ask("connect", "message", ISSUE_NOTE)
    assert not any(is_ask("connect", action, "") for action in ACTIONS if action != "ask")
    assert not is_ask("connect", "comment", "loved your book")
    # a share or a brainstorm never asks, whatever its note says
    assert not is_ask("share", "", "my book is out")
    assert not is_ask("brainstorm", "", "buy my book")


def test_the_module_is_cheap_to_import():
    """Imported by the tallies on every write: no pattern is compiled until a note is read, and a note
    compiles only the categories whose words it has (a kind note usually none)."""
    code = ("import habits.pitch as p\n"
            "print(p._triggers is None, p._compiled == {})\n"
            "p.is_ask('connect', 'like', '')\n"
            "print(p._triggers is None)\n"
            "p.is_ask('connect', 'comment', 'on her post about drafting 🌿')\n"
            "print(sorted(p._compiled))\n"
            "p.is_ask('connect', 'message', 'sent my book link')\n"
            "print(sorted(p._compiled))\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                          timeout=60)
    assert done.stdout.splitlines() == ["True True", "True", "[]", "[0, 1]"]  # the two link entries


# ---- the guard's wording --------------------------------------------------------------------------------

NAMES = ("@stranger", "jane", "@hilary.mantelpiece")


@pytest.mark.parametrize("stage", ["new", "warming"])
@pytest.mark.parametrize("note", ["", *(note for _, note in ASKS)])
def test_an_early_ask_names_what_it_read_as_and_what_to_do_instead_on_one_short_line(stage, note):
    for name in NAMES:
        found = pitch_in(note)
        line = guard_warning(name, stage, early=True, pitch=found)
        assert line.startswith(f"{name} is {'new to you' if stage == 'new' else 'warming up'}: ")
        assert "not today's Connect" in line
        assert "\n" not in line and len(line) <= LONGEST + len(name) - len("@stranger"), line
        if found is None:
            assert "early to ask a favour" in line
        else:
            assert found.reads_as in line and found.instead[1:] in line


def test_the_issue_example_reads_as_a_link_to_your_work():
    line = guard_warning("@stranger", "new", early=True, pitch=pitch_in(ISSUE_NOTE))
    assert line == ("@stranger is new to you: a link to your work is an ask, not today's Connect. "
                    "Give first: share their posts.")


def test_no_early_warning_for_someone_talking():
    assert guard_warning("tal", "talking", early=False, pitch=pitch_in("my book")) == ""
    assert guard_warning("con", "connected", early=False, pitch=None) == ""


@pytest.mark.parametrize("n, said", [(1, "2nd"), (2, "3rd"), (3, "4th"), (4, "5th"), (10, "11th"), (11, "12th"),
                                     (20, "21st"), (21, "22nd"), (112, "113th")])
def test_asking_again_with_nothing_heard_is_told_to_let_it_rest(n, said):
    for stage in ("new", "warming", "talking", "connected"):
        line = guard_warning("@hilary", stage, early=stage in ("new", "warming"), pitch=None, unanswered_asks=n)
        assert line == (f"Your {said} ask of @hilary, nothing heard: "
                        "let it rest; some never answer, and some accounts are run by a team.")
        assert len(line) <= LONGEST


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "101st", "111th"]


# ---- through the door ------------------------------------------------------------------------------------

@pytest.fixture
def door(tmp_path: Path) -> Coach:
    return Coach.at(tmp_path / "coach.json", Clock())


def test_the_issue_example_warns_through_the_door_and_is_logged(door):
    done = door.log("connect", "@stranger", action="message", note=ISSUE_NOTE)
    assert done.warning == ("@stranger is new to you: a link to your work is an ask, not today's Connect. "
                            "Give first: share their posts.")
    assert (done.value.subject, done.value.action, done.value.note) == ("@stranger", "message", ISSUE_NOTE)


@pytest.mark.parametrize("category, note", ASKS[::4])
def test_every_pitchy_connect_to_someone_new_warns(door, category, note):
    done = door.log("connect", "@someone", action="comment", note=note)
    assert done.warning and "@someone is new to you" in done.warning
    assert dict((k, r) for k, r, *_ in SIGNALS)[category] in done.warning


@pytest.mark.parametrize("note", KIND[::3])
def test_a_kind_note_stays_quiet(door, note):
    assert door.log("connect", "@someone", action="comment", note=note).warning is None


def test_the_action_ask_still_warns_of_a_favour(door):
    done = door.log("connect", "jane", action="ask")
    assert done.warning == ("jane is new to you: early to ask a favour, and not today's Connect. "
                            "Give first next time.")


def test_someone_warming_is_warned_with_what_it_read_as(door):
    for n in (20, 13, 6):
        door.log("connect", "@Wren", action="comment", note="on her poem", day=ago(n))
    done = door.log("connect", "wren", action="message", note="could you review my book?")
    assert done.warning is not None and done.warning.startswith("@Wren is warming up: a favour is an ask")


def test_someone_talking_hears_no_early_warning_for_a_first_ask(door):
    door.log("connect", "tal", action="comment", day=ago(3))
    door.heard("tal", day=ago(2))
    assert door.log("connect", "tal", action="message", note="my new novel is out").warning is None
    assert door.log("connect", "tal", action="comment", note="loved your reading").warning is None


def test_the_fifth_ask_with_nothing_heard_is_not_met_like_the_first(door):
    lines = [door.log("connect", "@hilary", action="ask", note="asked if she'd blurb my novel", day=ago(n)).warning
             for n in (60, 40, 20, 10, 1)]
    assert lines[0] is not None and lines[0].startswith("@hilary is new to you: a favour")
    assert lines[1:] == [f"Your {said} ask of @hilary, nothing heard: let it rest; some never answer, and some "
                         "accounts are run by a team." for said in ("2nd", "3rd", "4th", "5th")]
    assert len(set(lines)) == 5


def test_a_pitchy_message_counts_as_an_ask_and_an_answer_starts_the_count_again(door):
    door.log("connect", "tal", action="comment", day=ago(30))
    door.heard("tal", day=ago(29))
    assert door.log("connect", "tal", action="message", note="check out my book", day=ago(20)).warning is None
    again = door.log("connect", "tal", action="ask", day=ago(10)).warning
    assert again is not None and again.startswith("Your 2nd ask of tal, nothing heard")
    door.heard("tal", day=ago(5))
    assert door.log("connect", "tal", action="ask", day=ago(1)).warning is None  # she answered since


def test_a_gift_between_asks_does_not_reset_the_count(door):
    door.log("connect", "@hilary", action="ask", day=ago(10))
    door.log("connect", "@hilary", action="like", note="her photo of the Cromwell letters", day=ago(5))
    assert door.log("connect", "@hilary", action="ask", day=ago(1)).warning.startswith("Your 2nd ask")


def test_the_whole_history_read_agrees_with_the_figures(tmp_path):
    """log_step without the door's figures reads every year (habits.routine._known_in): the same words."""
    from habits import routine
    from habits.store import Store

    store = Store(tmp_path / "coach.json", Clock())
    first = routine.log_step(store, "connect", "@hilary", action="ask", day=ago(10)).warning
    second = routine.log_step(store, "connect", "@hilary", action="message", note="my book link", day=ago(1))
    assert first is not None and first.startswith("@hilary is new to you")
    assert second.warning is not None and second.warning.startswith("Your 2nd ask of @hilary")
    quiet = routine.log_step(store, "connect", "@jane", action="comment", note="loved your book")
    assert quiet.warning is None


# ---- on the command line ---------------------------------------------------------------------------------

def test_the_issue_example_on_the_command_line(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "COACH_DB": str(tmp_path / "coach.json"),
           "COACH_NOW": "2026-11-21T09:00"}

    def coach(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "coach", *argv], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=60)

    done = coach("log", "connect", "@stranger", "--action", "message", "--note", ISSUE_NOTE)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ("coach: @stranger is new to you: a link to your work is an ask, not today's Connect. "
                           "Give first: share their posts.\n")
    assert done.stdout.startswith("✓ Connect: @stranger")
    kind = coach("log", "connect", "@other", "--action", "comment", "--note", "loved your book, the ending!")
    assert kind.returncode == 0 and kind.stderr == ""


def test_pitch_module_keeps_its_stub_signature():
    import inspect

    assert list(inspect.signature(pitch.is_ask).parameters) == ["kind", "action", "note"]


async def test_the_check_in_shows_the_whole_warning_on_two_lines_at_80_columns(tmp_path):
    from textual.widgets import Input, Static

    from coach.quick import CheckIn
    from habits import routine
    from habits.store import Store

    store = Store(tmp_path / "coach.json", Clock())
    routine.log_step(store, "connect", "@hilary.mantelpiece", action="ask", day=ago(20))
    app = CheckIn(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")
        app.query_one("#step-connect", Input).value = "@hilary.mantelpiece / ask"
        await pilot.press("enter")
        await pilot.pause()
        hint = app.query_one("#hint", Static)
        assert str(hint.content) == ("! Your 2nd ask of @hilary.mantelpiece, nothing heard: let it rest; some never "
                                     "answer, and some accounts are run by a team.")
        assert hint.size.height == 2  # wrapped, not cut off with an ellipsis
