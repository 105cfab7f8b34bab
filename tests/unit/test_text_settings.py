"""Typed text checked once on the way in, stored text made safe on the way out, and the settings table."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from habits.settings import SETTINGS, effective, setting
from habits.text import MAX_NAME, MAX_NOTE, InputError, clean_detail, clean_name, clean_note, person_key, printable
from tests.sizes import examples

ESC = "\x1b"


# --- names ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("  Jane  ", "Jane"),
        ("Jane   Doe", "Jane Doe"),
        ("\tJane\tDoe ", "Jane Doe"),
        ("@jane", "@jane"),
        ("📚 Book Club 🐉", "📚 Book Club 🐉"),
        ("שרה כהן", "שרה כהן"),
        ("محمد الكاتب", "محمد الكاتب"),
        ("Zoë Ångström", "Zoë Ångström"),
    ],
)
def test_clean_name_trims_and_keeps_any_script(typed, clean):
    assert clean_name(typed) == clean


@pytest.mark.parametrize("typed", ["", "   ", "\t", "@", "  @  "])
def test_clean_name_refuses_an_empty_name(typed):
    with pytest.raises(InputError, match="empty"):
        clean_name(typed)


@pytest.mark.parametrize("typed", [f"{ESC}[31mJane", "Ja\x00ne", "Jane\nDoe", "Jane\r", "\x9bJane", "Jane\x7f"])
def test_clean_name_refuses_control_characters(typed):
    with pytest.raises(InputError, match="control characters"):
        clean_name(typed)


def test_clean_name_refuses_an_overlong_name_and_says_what_it_is():
    assert clean_name("x" * MAX_NAME) == "x" * MAX_NAME
    with pytest.raises(InputError, match="the person is 201 characters"):
        clean_name("x" * (MAX_NAME + 1), what="the person")


@given(st.text(max_size=40))
@settings(max_examples=examples(50))
def test_a_clean_name_is_one_trimmed_line_without_control_characters(typed):
    try:
        name = clean_name(typed)
    except InputError as error:
        assert "\n" not in str(error)
    else:
        assert name and name == name.strip() and name != "@"
        assert not any(unicodedata.category(c) == "Cc" for c in name)


# --- notes and details ----------------------------------------------------------------------------

def test_clean_note_keeps_lines_and_tabs_and_trims_the_ends():
    assert clean_note("  first line\n\tsecond line  \n") == "first line\n\tsecond line"
    assert clean_note("one\r\ntwo") == "one\ntwo"
    assert clean_note(None) == ""
    assert clean_note("   ") == ""


def test_clean_note_takes_ten_thousand_characters_and_no_more():
    assert clean_note("x" * MAX_NOTE) == "x" * MAX_NOTE
    with pytest.raises(InputError, match="10,001 characters"):
        clean_note("x" * (MAX_NOTE + 1))


@pytest.mark.parametrize("typed", [f"nice {ESC}[2J", "bell\x07", "lone\rreturn"])
def test_clean_note_refuses_control_characters(typed):
    with pytest.raises(InputError, match="control characters"):
        clean_note(typed)


def test_clean_detail_is_an_optional_one_line_name():
    assert clean_detail(None, "the platform") == ""
    assert clean_detail("   ", "the platform") == ""
    assert clean_detail(" Blue  sky ", "the platform") == "Blue sky"
    with pytest.raises(InputError, match="the platform"):
        clean_detail(f"{ESC}]0;owned{ESC}\\", "the platform")


# --- printing stored text -------------------------------------------------------------------------

def test_printable_replaces_escape_and_other_controls_but_keeps_lines_and_tabs():
    assert printable(f"{ESC}[31mred") == "?[31mred"
    assert printable("bell\x07 csi\x9b nul\x00") == "bell? csi? nul?"
    assert printable("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert printable("📚 שרה") == "📚 שרה"


@given(st.text(max_size=60))
@settings(max_examples=examples(60))
def test_printable_text_holds_no_control_character_but_newline_and_tab(text):
    shown = printable(text)
    assert len(shown) == len(text)
    assert all(unicodedata.category(c) != "Cc" or c in "\n\t" for c in shown)


# --- people ---------------------------------------------------------------------------------------

def test_two_names_are_one_person_after_trimming_one_at_sign_and_case():
    assert person_key("  @Jane ") == person_key("jane") == person_key("JANE")
    assert person_key("@@jane") == "@jane"  # only one leading @ is dropped
    assert person_key("Straße") == person_key("STRASSE")


# --- settings -------------------------------------------------------------------------------------

def test_the_settings_are_the_ones_the_contract_names():
    assert [s.key for s in SETTINGS] == ["day_start_hour", "rest_days_per_week", "genres", "platforms", "theme",
                                         "prompts", "keymap"]


def test_defaults_fill_in_what_is_not_stored():
    assert effective({}) == {"day_start_hour": 4, "rest_days_per_week": 1, "genres": [], "platforms": [],
                             "theme": "", "prompts": [], "keymap": {}}
    assert effective({"day_start_hour": 6})["day_start_hour"] == 6
    assert effective({"day_start_hour": 6})["rest_days_per_week"] == 1


@pytest.mark.parametrize(
    ("key", "low", "high"), [("day_start_hour", 0, 23), ("rest_days_per_week", 0, 7)]
)
def test_whole_number_settings_take_their_range_and_nothing_else(key, low, high):
    parse = setting(key).parse
    assert parse(str(low)) == low and parse(f" {high} ") == high
    for bad in (str(low - 1), str(high + 1), "two", "", "1.5"):
        with pytest.raises(InputError, match=f"{low} to {high}"):
            parse(bad)


def test_a_name_list_setting_splits_on_commas_drops_blanks_and_repeats():
    parse = setting("genres").parse
    assert parse("historical fiction, Horror , ,horror,YA,") == ["historical fiction", "Horror", "YA"]
    assert parse("") == []
    assert setting("genres").show(["horror", "YA"]) == "horror, YA"
    with pytest.raises(InputError, match="genres"):
        parse(f"horror, {ESC}[1m")


def test_theme_takes_a_themes_name():
    assert setting("theme").parse(" textual-dark ") == "textual-dark"
    assert setting("theme").parse("") == ""
    for bad in ("my theme", "dark!", "x" * 61):
        with pytest.raises(InputError, match="theme"):
            setting("theme").parse(bad)


def test_an_unknown_setting_is_refused_naming_the_known_ones():
    with pytest.raises(InputError) as caught:
        setting("colour")
    assert "colour" in str(caught.value)
    assert all(s.key in str(caught.value) for s in SETTINGS)
