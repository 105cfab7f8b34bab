"""coach/keymap.py: the catalogue of every binding by id, and the user's keys read, checked and filtered.

The module knows Textual's names for keys without importing Textual (the plain commands read a keymap
too); here that knowledge is held against Textual itself, and the catalogue against the bindings the
app's classes really have.
"""

from __future__ import annotations

import importlib
import pkgutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _character_to_key, _normalize_key_list
from textual.screen import Screen

import coach.screens
import coach.widgets
from coach.keymap import (
    ALIASES, BY_ID, KEYS, MODIFIERS, NAMED, SHARED, SHORTER, TEXTUAL_KEYS, binding, check, for_textual, in_words,
    keys_of, notes, read_key, read_keys, usable,
)
from habits.text import InputError
from tests.sizes import examples

REPO = Path(__file__).resolve().parents[2]

# Every printable ASCII character but the space (written "space": blank text is no key) and the comma
# (it parts the keys of one binding: written "comma").
ASCII = [c for c in string.printable if c.isprintable() and c not in " ,"]
# The characters a key name may stand for (keymap._character_named): a keyboard's layers, not pictures.
BELOW_BOX_DRAWING = [chr(n) for n in range(0x21, 0x2500) if chr(n).isprintable() and chr(n) != ","]


def refused(text: str) -> str:
    with pytest.raises(InputError) as caught:
        read_key(text)
    return str(caught.value)


# --- the catalogue ---------------------------------------------------------------------------------

def test_every_binding_id_is_unique_and_by_id_holds_each():
    ids = [key.id for key in KEYS]
    assert len(ids) == len(set(ids))
    assert list(BY_ID) == ids
    assert all(BY_ID[key.id] is key for key in KEYS)


def test_every_default_is_read_as_textual_reads_it_and_is_no_clash_of_its_own():
    for spec in KEYS:
        assert spec.label or spec.tooltip, spec.id  # the footer or the lists have a word for it
        assert spec.where, spec.id
        assert read_keys(spec.keys) == _normalize_key_list(spec.keys), spec.id
        # Its keys given again (written otherwise than the default, so they are checked): no other binding
        # of its part of the app has them, but the pairs that share one on purpose.
        again = ",".join([*spec.keys.split(","), spec.keys.split(",")[0]])
        assert check({}, spec.id, again) == read_keys(spec.keys), spec.id


def _app_modules() -> list[str]:
    return ["coach.app", "coach.quick",
            *(f"coach.screens.{m.name}" for m in pkgutil.iter_modules(coach.screens.__path__)),
            *(f"coach.widgets.{m.name}" for m in pkgutil.iter_modules(coach.widgets.__path__))]


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _coach_classes() -> list[type]:
    for module in _app_modules():
        importlib.import_module(module)
    return [cls for cls in _subclasses(DOMNode) if cls.__module__.startswith("coach.")]


def _binding_owners() -> dict[str, list[type]]:
    """The classes whose BINDINGS hold each binding id."""
    owners: dict[str, list[type]] = {}
    for cls in _coach_classes():
        for entry in cls.__dict__.get("BINDINGS", ()):
            if isinstance(entry, Binding) and entry.id:
                owners.setdefault(entry.id, []).append(cls)
    return owners


def test_the_catalogue_is_exactly_the_bindings_the_app_s_classes_have():
    ours = _coach_classes()
    assert any(cls.__name__ == "CoachApp" for cls in ours) and any(cls.__name__ == "CheckIn" for cls in ours)
    found: dict[str, list[tuple[str, Binding]]] = {}
    for cls in ours:
        for entry in cls.__dict__.get("BINDINGS", ()):
            # Every key of coach has an id: a user can give it other keys.
            assert isinstance(entry, Binding) and entry.id, f"{cls.__qualname__}: {entry!r} has no id"
            found.setdefault(entry.id, []).append((cls.__qualname__, entry))
    assert set(found) == set(BY_ID), (set(found) - set(BY_ID), set(BY_ID) - set(found))
    for binding_id, where in found.items():
        spec = BY_ID[binding_id]
        for owner, entry in where:
            assert (entry.key, entry.description) == (spec.keys, spec.label), (owner, binding_id)


# --- key names, against Textual ---------------------------------------------------------------------

@pytest.mark.parametrize("character", ASCII)
def test_a_printable_ascii_character_is_the_key_textual_names_it(character):
    assert read_key(character) == _character_to_key(character)
    # ctrl+@ is what terminals send for ctrl+space, and Textual names it so (Keys.ControlAt).
    expected = "ctrl+@" if character == "@" else f"ctrl+{_character_to_key(character.lower())}"
    assert read_key(f"ctrl+{character}") == expected
    assert in_words(read_key(character)) == character  # and a sentence names it by the character


def test_the_space_and_the_comma_are_written_by_name():
    assert read_key("space") == _character_to_key(" ")
    assert read_key("comma") == _character_to_key(",")
    assert read_keys("comma,f8") == "comma,f8"
    assert in_words("comma") == ","


def test_what_a_person_writes_becomes_textual_s_key_name():
    assert read_key("Ctrl+R") == "ctrl+r"
    assert read_key(" f8 ") == "f8"
    assert read_key("?") == "question_mark"
    assert read_key("esc") == "escape"
    assert read_key("¡") == _character_to_key("¡") == "inverted_exclamation_mark"
    assert read_key("shift+ctrl+z") == "ctrl+shift+z"
    assert read_key("ALT+Shift+UP") == "alt+shift+up"
    assert read_key("ctrl++") == "ctrl+plus"
    assert read_key("+") == "plus"
    assert read_key("ctrl+?") == "ctrl+question_mark"
    assert read_key("question_mark") == "question_mark"
    assert read_key("less_than_sign") == "less_than_sign"
    assert read_key("A") == "A"  # shift+a as the terminal sends it
    assert read_key("ctrl+A") == "ctrl+a"
    assert read_keys("ctrl+r, F8 ,ctrl+R") == "ctrl+r,f8"


def test_every_named_key_coach_accepts_is_one_textual_s_parser_produces():
    produced = {key.value for key in Keys}
    assert NAMED <= produced, NAMED - produced
    assert set(ALIASES.values()) <= NAMED
    for name in NAMED:
        assert read_key(name) == name
        assert read_key(name.upper()) == name
    for alias, name in ALIASES.items():
        assert read_key(alias) == name
    assert SHORTER == KEY_NAME_REPLACEMENTS


def test_a_character_beyond_ascii_is_the_key_textual_names_it():
    differ = [(c, read_key(c), _character_to_key(c)) for c in BELOW_BOX_DRAWING
              if c not in ALIASES and _accepted(c) and read_key(c) != _character_to_key(c)]
    assert differ == []
    # An arrow written as a character is the arrow key.
    assert [read_key(c) for c in "↑↓←→"] == ["up", "down", "left", "right"]


def _accepted(text: str) -> bool:
    try:
        read_key(text)
    except InputError:
        return False
    return True


def test_a_key_read_once_reads_the_same_again_for_every_character_with_and_without_a_modifier():
    # What read_key hands back is what is stored, and what the settings dialog gets from Textual for the
    # same key: it must read back as itself, or the app drops it (usable) as a key it cannot read.
    differ = []
    for character in BELOW_BOX_DRAWING:
        for text in (character, f"ctrl+{character}", f"alt+shift+{character}"):
            if not _accepted(text):
                continue
            once = read_key(text)
            again = read_key(once) if _accepted(once) else "refused"
            if again != once:
                differ.append((text, once, again))
    assert differ == []


def test_modifiers_come_in_textual_s_order_alphabetical_as_its_kitty_parser_writes_them():
    assert list(MODIFIERS) == sorted(MODIFIERS)
    # The kitty keyboard protocol's modifier bits, as Textual's parser reads them: shift, alt, ctrl,
    # super, hyper, meta. Each of the 64 combinations, on the up arrow and on a letter.
    bits = ("shift", "alt", "ctrl", "super", "hyper", "meta")
    parser = XTermParser()
    for mask in range(1, 64):
        held = [name for n, name in enumerate(bits) if mask & (1 << n)]
        (event,) = [e for e in parser.feed(f"\x1b[1;{mask + 1}A") if hasattr(e, "key")]
        for order in (held, held[::-1]):
            assert read_key("+".join([*order, "up"])) == event.key, held
    (event,) = [e for e in parser.feed("\x1b[97;6u") if hasattr(e, "key")]
    assert read_key("shift+ctrl+a") == event.key == "ctrl+shift+a"


def test_textual_s_own_keys_are_the_ones_it_binds_on_every_screen():
    own: set[str] = {App.COMMAND_PALETTE_BINDING}
    for cls in (App, Screen):
        for entry in cls.BINDINGS:
            own.update((entry.key if isinstance(entry, Binding) else entry[0]).split(","))
    assert set(TEXTUAL_KEYS) <= own


# --- refusals ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, why", [
    ("", "missing"),
    ("   ", "missing"),
    ("ctrl+", "needs a key after it"),
    ("ctrl+ctrl+a", "twice"),
    ("Ctrl+ctrl+a", "twice"),
    ("banana", "not a key coach knows"),
    ("grinning_face", "not a key coach knows"),
    ("f25", "not a key coach knows"),
    ("f0", "not a key coach knows"),
    ("ctrl+shift", "not a key coach knows"),
    ("\x01", "not a key"),
    ("\x7f", "not a key"),
    ("\xad", "not a key"),
    ("\u200b", "not a key"),
    ("alt+\u200b", "not a key"),
    ("😀", "not a key coach knows"),  # pictures are no keys, by name ("banana") or by character
    ("ctrl+─", "not a key coach knows"),
    ("ctrl+\x1b", "not a key"),
    ("foo+a", "'foo' is not one of alt, ctrl"),
    ("cmd+a", "'cmd' is not one of"),
    ("+a", "is not one of"),
])
def test_what_is_not_a_key_is_refused_saying_why(text, why):
    assert why in refused(text)


def test_a_character_whose_lower_case_is_two_is_read_or_refused_never_a_crash():
    # "İ".lower() is "i̇", two code points: Unicode has no name for that.
    for text in ("ctrl+İ", "ctrl+latin_capital_letter_i_with_dot_above", "İ"):
        try:
            key = read_key(text)
        except InputError:
            continue
        assert read_key(key) == key


def test_keys_for_one_binding_are_comma_separated_and_none_is_refused():
    assert read_keys("ctrl+r,f8") == "ctrl+r,f8"
    assert read_keys("f8,,ctrl+r") == "f8,ctrl+r"
    for text in ("", ",", " , "):
        with pytest.raises(InputError, match="missing"):
            read_keys(text)
    with pytest.raises(InputError, match="banana"):
        read_keys("f8,banana")


def test_an_unknown_binding_id_names_the_nearest_ones():
    assert binding(" today.rest ") is BY_ID["today.rest"]
    with pytest.raises(InputError) as caught:
        binding("today.rst")
    assert "today.rest" in str(caught.value) and "did you mean" in str(caught.value)
    with pytest.raises(InputError) as caught:
        binding("zzz")
    assert "did you mean" not in str(caught.value) and "coach config keymap" in str(caught.value)


# --- check: a keymap without clashes ----------------------------------------------------------------

def test_check_gives_the_keys_read_and_empty_or_default_gives_the_default():
    assert check({}, "today.rest", "F8") == "f8"
    assert check({}, "app.go.people", "ctrl+g") == "ctrl+g"
    assert check({"today.rest": "f8"}, "today.rest", "") == "ctrl+r"
    assert check({"today.rest": "f8"}, "today.rest", " Default ") == "ctrl+r"
    with pytest.raises(InputError):
        check({}, "nope.rest", "f8")


def test_check_refuses_a_key_another_binding_of_the_same_place_has():
    with pytest.raises(InputError) as caught:
        check({}, "today.rest", "1")
    assert "today.jump.brainstorm" in str(caught.value) and "Today" in str(caught.value)
    with pytest.raises(InputError, match="person.save"):
        check({}, "person.rename", "ctrl+s")
    with pytest.raises(InputError, match="app.go.people"):
        check({}, "app.undo", "f3")
    # The keys a binding has now count, the user's own among them, and the ones it left are free.
    mine = {"today.rest": "f8"}
    with pytest.raises(InputError, match="today.rest"):
        check(mine, "today.save_reflection", "f8")
    assert check(mine, "today.save_reflection", "ctrl+r") == "ctrl+r"
    # Another place's binding may have the same key: only one of them is in force at a time.
    assert check({}, "person.rename", "ctrl+r") == "ctrl+r"
    assert check({}, "history.day.rest", "f8") == "f8"


def test_check_refuses_the_keys_textual_keeps_unless_they_are_the_binding_s_own():
    for key in ("tab", "shift+tab", "ctrl+p", "ctrl+c"):
        with pytest.raises(InputError, match="every screen"):
            check({}, "today.rest", key)
    with pytest.raises(InputError, match="copies"):
        check({}, "app.quit", "ctrl+q,ctrl+c")
    assert check({}, "quick.quit", "ctrl+c") == "ctrl+c"
    assert check({}, "today.step.tab", "tab,ctrl+t") == "tab,ctrl+t"


def test_a_member_of_a_pair_that_shares_a_key_on_purpose_may_move_and_come_back():
    assert {"person.back", "person.leave_field", "people.leave_filter", "people.clear_filter"} <= SHARED
    assert "person.save" not in SHARED and "today.rest" not in SHARED
    # Escape is both Leave field and Back: neither refuses the other.
    assert check({}, "person.back", "escape,f8") == "escape,f8"
    moved = {"person.back": "f8"}
    assert check({}, "person.back", "f8") == "f8"
    assert check(moved, "person.back", "escape") == "escape"  # back to sharing the default
    # Once moved, its new key is its own: the other may not take it.
    with pytest.raises(InputError, match="person.back"):
        check(moved, "person.leave_field", "f8")
    # Sharing is for the pair: another binding of the place may not take their key.
    with pytest.raises(InputError, match="person.leave_field"):
        check({}, "person.save", "escape")
    # Given its own key, a member no longer shares: the other coming to that key is refused.
    with pytest.raises(InputError, match="person.leave_field"):
        check({"person.leave_field": "f10"}, "person.back", "f10")


def test_a_pair_member_given_its_own_key_leaves_the_shared_key_to_the_other_in_textual():
    # Textual, applying a keymap, takes a rebound binding's old key from every binding of its screen or
    # widget: for_textual names the other member's default keys, so that it keeps them.
    owners = _binding_owners()
    assert SHARED
    for moved in sorted(SHARED):
        partner = next(spec for spec in KEYS if spec.id in SHARED and spec.id != moved
                       and spec.keys == BY_ID[moved].keys and spec.where == BY_ID[moved].where)
        given = {moved: "f24"}
        assert for_textual(given) == {moved: "f24", partner.id: partner.keys}
        for cls in owners[moved]:
            bindings = BindingsMap(cls.__dict__["BINDINGS"])
            bindings.apply_keymap(App._normalize_keymap(for_textual(given)))
            keys = {key: [b.id for b in found] for key, found in bindings.key_to_bindings.items()}
            assert keys["f24"] == [moved], cls
            for key in _normalize_key_list(partner.keys).split(","):
                assert partner.id in keys.get(key, []), (cls, key, keys)
    assert for_textual({}) == {}
    assert for_textual({"today.rest": "f8"}) == {"today.rest": "f8"}
    both = {"person.back": "f8", "person.leave_field": "f5"}
    assert for_textual(both) == both


# --- a stored keymap --------------------------------------------------------------------------------

def test_usable_keeps_known_ids_with_readable_keys_as_textual_names_them():
    stored = {"today.rest": "F8", "app.go.people": "ctrl+g", "nope.rest": "f1", "app.quit": "banana",
              "app.undo": 3, "app.redo": "ctrl+shift+z,,f9", "app.help": "?"}
    assert usable(stored) == {"today.rest": "f8", "app.go.people": "ctrl+g", "app.redo": "ctrl+shift+z,f9",
                              "app.help": "question_mark"}
    assert usable(None) == {} and usable(["today.rest"]) == {} and usable("today.rest=f8") == {}
    assert usable({}) == {}


def test_keys_of_is_the_user_s_keys_else_the_default():
    assert keys_of({}, "today.rest") == "ctrl+r"
    assert keys_of({"today.rest": "f8"}, "today.rest") == "f8"
    assert keys_of({"today.rest": ""}, "today.rest") == "ctrl+r"


def test_in_words_names_a_key_as_a_sentence_does():
    assert in_words("ctrl+r") == "ctrl+r"
    assert in_words("question_mark") == "?"
    assert in_words("ctrl+left_square_bracket") == "ctrl+["
    assert in_words("inverted_exclamation_mark") == "¡"
    assert in_words("plus") == "+" and in_words("ctrl+plus") == "ctrl++"
    assert in_words("f8") == "f8" and in_words("space") == "Space" and in_words("escape") == "Escape"
    assert in_words("up") == "↑" and in_words("ctrl+down") == "ctrl+↓" and in_words("ctrl+@") == "ctrl+@"


# --- a property: a key read is read as itself ------------------------------------------------------

_modifiers = st.lists(st.sampled_from(MODIFIERS), unique=True, max_size=3).flatmap(
    lambda mods: st.tuples(*(st.sampled_from([m, m.upper(), m.title()]) for m in mods)))
_bases = st.one_of(
    st.sampled_from(sorted(NAMED | set(ALIASES))),
    st.sampled_from(BELOW_BOX_DRAWING),
    st.sampled_from(BELOW_BOX_DRAWING).map(_character_to_key),  # a character by Textual's name for it
    st.characters(min_codepoint=0x21, max_codepoint=0x24FF, exclude_characters=","),
    st.characters(exclude_characters=",", exclude_categories=("Cs",)),  # anything at all
)
_key = st.tuples(_modifiers, _bases).map(lambda found: "+".join([*found[0], found[1]]))


@given(st.lists(_key, min_size=1, max_size=3), st.sampled_from([",", ", ", " ,"]))
@settings(max_examples=examples(300))
def test_keys_read_once_read_the_same_again(keys, comma):
    text = comma.join(keys)
    try:
        once = read_keys(text)
    except InputError:
        return
    assert read_keys(once) == once
    for key in once.split(","):
        *mods, _base = key.split("+") if key != "plus" else [key]
        assert mods == sorted(set(mods))
    assert usable({"today.rest": text}) == {"today.rest": once}


def test_the_module_imports_no_textual():
    # The plain commands read and check a keymap; Textual's import would be most of their start.
    done = subprocess.run([sys.executable, "-c", "import sys, coach.keymap; print(sorted(sys.modules))"],
                          cwd=REPO, capture_output=True, text=True, timeout=60, check=True)
    assert "'coach.keymap'" in done.stdout and "textual" not in done.stdout


def test_the_text_fields_keys_are_textual_s_input_and_text_area_keys():
    from textual.widgets import Input, TextArea

    def keys_of_widget(widget: type) -> set[str]:
        return {key.strip() for b in widget.BINDINGS for key in b.key.split(",")}

    from coach.keymap import INPUT_KEYS, TEXT_AREA_KEYS

    assert set(INPUT_KEYS) == keys_of_widget(Input)
    assert set(TEXT_AREA_KEYS) == keys_of_widget(TextArea) - keys_of_widget(Input)


def test_priority_is_the_catalogue_s_word_and_every_such_binding_has_it():
    from coach.app import CoachApp
    from coach.keymap import PRIORITY
    from coach.quick import CheckIn
    from coach.screens.today import TodayScreen

    prioritised = {b.id for cls in (CoachApp, TodayScreen, CheckIn) for b in cls.BINDINGS if b.priority}
    assert prioritised == PRIORITY


@pytest.mark.parametrize(("binding_id", "keys"), [
    ("app.quit", "backspace"), ("app.quit", "z"), ("app.help_f1", "h"), ("today.jump_from_text.share", "x"),
    ("today.previous_part", "backspace"), ("quick.quit", "e"), ("app.quit", "ctrl+k"), ("quick.quit", "ctrl+x"),
])
def test_a_priority_binding_may_not_take_a_text_field_s_key(binding_id, keys):
    # It runs before the field sees the key: typing h would open Help, z would quit.
    with pytest.raises(InputError, match="would take it from every field"):
        check({}, binding_id, keys)


def test_a_priority_binding_may_take_a_character_of_another_layer_with_a_note():
    # alt+1 arrives as ¡ from some keyboards: the jump from a text field is what it is for.
    assert check({}, "today.jump_from_text.brainstorm", "¡") == "inverted_exclamation_mark"
    assert notes("today.jump_from_text.brainstorm", "inverted_exclamation_mark") == [
        "in a text field ¡ now runs today.jump_from_text.brainstorm instead of being typed"]


@pytest.mark.parametrize(("binding_id", "keys", "holder"), [
    ("today.step.accept", "ctrl+r", "today.rest"),  # a step's card lies inside Today
    ("entries.delete", "ctrl+s", "today.save_reflection"),  # the entries too
    ("audiences.idea.log", "ctrl+b", "audiences.brainstorm_idea"),
])
def test_a_part_of_a_screen_and_the_screen_do_not_share_a_key(binding_id, keys, holder):
    with pytest.raises(InputError, match=holder):
        check({}, binding_id, keys)


def test_shift_and_a_letter_is_the_capital_and_shift_and_another_character_is_refused():
    assert read_key("shift+a") == "A" and read_key("Shift+Z") == "Z"
    with pytest.raises(InputError, match="the character it types"):
        read_key("shift+1")
    assert read_key("ctrl+shift+a") == "ctrl+shift+a"


def test_ctrl_space_is_taken_with_a_note_that_terminals_send_ctrl_at():
    assert read_key("ctrl+space") == "ctrl+space" and read_key("ctrl+@") == "ctrl+@" == read_key("ctrl+at")
    assert any("ctrl+@" in note for note in notes("today.rest", "ctrl+space"))


def test_a_stored_keymap_s_clashes_are_told():
    from coach.keymap import problems

    assert problems({"today.rest": "f8"}) == []
    (problem,) = problems({"today.rest": "1"})
    assert problem.startswith("today.rest = 1: 1 already means 'Go to Brainstorm'")
