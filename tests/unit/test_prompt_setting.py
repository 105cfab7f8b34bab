"""Your own reflection prompts: the `prompts` setting, and how it joins the day's rotation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from habits import routine
from habits.prompts import PROMPTS, prompt_for
from habits.settings import MAX_PROMPTS, setting
from habits.store import Store
from habits.text import InputError

TODAY = date(2026, 11, 21)


def test_prompts_are_one_a_line_trimmed_without_blanks_or_repeats():
    parse = setting("prompts").parse
    typed = "  Who made you laugh today?\r\n\n\t\nWho   made you laugh today? \nwho made you laugh today?\nWhat next?"
    assert parse(typed) == ["Who made you laugh today?", "What next?"]
    assert parse("") == [] and parse("\n  \n") == []


def test_on_one_line_prompts_are_parted_by_a_bar_and_shown_the_same_way():
    spec = setting("prompts")
    value = spec.parse("Who made you laugh today? | What next?")
    assert value == ["Who made you laugh today?", "What next?"]
    assert spec.parse(spec.show(value)) == value


def test_a_prompt_too_long_or_too_many_or_with_control_characters_is_refused_by_number():
    parse = setting("prompts").parse
    with pytest.raises(InputError, match="prompt 2 is 201 characters"):
        parse("fine\n" + "x" * 201)
    with pytest.raises(InputError, match=f"at most {MAX_PROMPTS}"):
        parse("\n".join(f"question {n}?" for n in range(MAX_PROMPTS + 1)))
    assert len(parse("\n".join(f"question {n}?" for n in range(MAX_PROMPTS)))) == MAX_PROMPTS
    with pytest.raises(InputError, match="prompt 1 cannot contain control characters"):
        parse("bell\x07")


def test_the_days_prompt_takes_in_your_own(tmp_path):
    store = Store(tmp_path / "coach.json", clock=lambda: datetime(2026, 11, 21, 9, 0).astimezone())
    days = [TODAY + timedelta(days=n) for n in range(len(PROMPTS) + 1)]
    # With none of your own, exactly the built-in rotation, for days that held nothing (nobody answered,
    # no entries) of a writer with no genres (not known to write books).
    empty = {"answered": False, "entries": False, "books": False}
    history = store.read()
    assert [routine.day_status(history, d).prompt for d in days] == [prompt_for(d, **empty) for d in days]
    routine.set_setting(store, "prompts", "Who made you laugh today?")
    history = store.read()
    shown = [routine.day_status(history, d).prompt for d in days]
    assert "Who made you laugh today?" in shown
    assert shown == [prompt_for(d, ["Who made you laugh today?"], **empty) for d in days]
