"""Tests for the reflection prompt library and its daily rotation."""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, strategies as st

from habits.prompts import (
    IDEA_TITLES,
    IDEAS,
    PROMPTS,
    WEEK_PROMPTS,
    Prompt,
    prompt_for,
    week_prompt,
)

REPO = Path(__file__).resolve().parents[2]
START = date(2024, 1, 1)
THREE_YEARS = [START + timedelta(days=n) for n in range(3 * 366)]
EXTRAS = (
    "Which of my own questions do I keep coming back to?",
    "Who made me laugh online today?",
    "What did I read today that I want to pass on?",
)
# Words that turn a reflection into a scoreboard or a scolding.
FORBIDDEN = ("follower", "neglect", "failed")


def _all_texts() -> list[str]:
    return [prompt.text for prompt in PROMPTS] + list(WEEK_PROMPTS)


def test_ideas_are_the_six_from_the_brief_in_order():
    assert IDEAS == (
        "responses",
        "not_about_you",
        "stop_counting",
        "relationships_take_time",
        "audiences",
        "one_person_a_day",
    )
    assert set(IDEA_TITLES) == set(IDEAS)
    assert all(title.strip() for title in IDEA_TITLES.values())


def test_library_has_at_least_36_prompts():
    assert len(PROMPTS) >= 36
    assert all(isinstance(prompt, Prompt) for prompt in PROMPTS)


def test_every_prompt_names_a_known_idea():
    assert {prompt.idea for prompt in PROMPTS} <= set(IDEAS)


def test_every_idea_has_at_least_five_prompts():
    counts = Counter(prompt.idea for prompt in PROMPTS)
    for idea in IDEAS:
        assert counts[idea] >= 5, idea


def test_prompt_texts_are_distinct():
    texts = [prompt.text for prompt in PROMPTS]
    assert len(set(texts)) == len(texts)
    assert len(set(WEEK_PROMPTS)) == len(WEEK_PROMPTS)


def test_prompts_are_short_and_tidy():
    for text in _all_texts():
        assert 0 < len(text) < 90, text
        assert text == text.strip(), text
        assert text.isascii(), text  # also rules out emoji
        assert text[-1] in ".?", text


def test_no_prompt_counts_or_scolds():
    for text in _all_texts():
        lowered = text.lower()
        for word in FORBIDDEN:
            assert word not in lowered, (word, text)


def test_prompt_for_returns_a_library_prompt():
    texts = {prompt.text for prompt in PROMPTS}
    assert all(prompt_for(day) in texts for day in THREE_YEARS[:60])


def test_prompt_for_is_the_same_all_day_and_every_call():
    day = date(2025, 3, 14)
    first = prompt_for(day)
    assert prompt_for(day) == first
    assert prompt_for(date(2025, 3, 14)) == first


def test_prompt_for_depends_on_nothing_but_the_date():
    day = date(2026, 7, 4)
    expected = prompt_for(day)
    # Other days asked in between, and the global random state, must not matter.
    for other in THREE_YEARS[:100]:
        prompt_for(other)
    random.seed(0)
    assert prompt_for(day) == expected
    random.seed(987654321)
    random.random()
    assert prompt_for(day) == expected
    assert prompt_for(day, ()) == expected
    assert prompt_for(day, []) == expected


def test_prompt_for_is_the_same_in_a_fresh_process():
    day = date(2025, 11, 30)
    code = (
        "from datetime import date; from habits.prompts import prompt_for; "
        "print(prompt_for(date(2025, 11, 30)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO), "PYTHONHASHSEED": "12345"},
    )
    assert result.stdout.strip() == prompt_for(day)


def _assert_no_repeat_within(days: list[date], window: int, extra=()):
    prompts = [prompt_for(day, extra) for day in days]
    for start in range(len(prompts) - window + 1):
        chunk = prompts[start : start + window]
        assert len(set(chunk)) == window, days[start]


def test_no_repeat_within_14_days_over_three_years():
    _assert_no_repeat_within(THREE_YEARS, 14)


def test_no_repeat_within_14_days_with_user_prompts():
    _assert_no_repeat_within(THREE_YEARS, 14, EXTRAS)


def test_whole_library_passes_before_any_prompt_returns():
    size = len(PROMPTS)
    _assert_no_repeat_within(THREE_YEARS, size)
    _assert_no_repeat_within(THREE_YEARS, size + len(EXTRAS), EXTRAS)


def test_user_prompts_join_the_rotation():
    seen = {prompt_for(day, EXTRAS) for day in THREE_YEARS[: len(PROMPTS) + len(EXTRAS)]}
    assert set(EXTRAS) <= seen
    assert {prompt.text for prompt in PROMPTS} <= seen


def test_blank_and_duplicate_user_prompts_are_ignored():
    messy = ["", "   ", "\n", EXTRAS[0], EXTRAS[0], PROMPTS[0].text]
    for day in THREE_YEARS[:120]:
        assert prompt_for(day, messy) == prompt_for(day, [EXTRAS[0]])
    only_blank = ["", "  ", "\t"]
    for day in THREE_YEARS[:120]:
        assert prompt_for(day, only_blank) == prompt_for(day)
    assert all(prompt_for(day, only_blank).strip() for day in THREE_YEARS[:120])


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_any_fortnight_has_fourteen_distinct_prompts(start):
    fortnight = [start + timedelta(days=n) for n in range(14)]
    assert len({prompt_for(day) for day in fortnight}) == 14
    assert len({prompt_for(day, EXTRAS) for day in fortnight}) == 14


def test_week_prompt_comes_from_the_week_library():
    assert len(WEEK_PROMPTS) >= 8
    for year in (2024, 2025, 2026):
        for week in range(1, 54):
            assert week_prompt(year, week) in WEEK_PROMPTS
    assert week_prompt(2025, 10) == week_prompt(2025, 10)
    assert week_prompt(2025, 10) != week_prompt(2025, 11)


def test_module_stays_free_of_ui_libraries():
    code = (
        "import sys, habits.prompts; "
        "print(sorted(m for m in ('textual', 'rich', 'platformdirs') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO)},
    )
    assert result.stdout.strip() == "[]"
