"""`coach config keymap`: every binding listed by id, one binding's keys shown, set, reset, refused, undone;
and the command never imports Textual."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from coach.keymap import BY_ID, KEYS
from habits.coach import Coach
from habits.routine import settings_of
from habits.store import Store
from tests.cli.conftest import NOW, REPO



def assert_one_line_error(result, code: int = 1) -> None:
    assert result.code == code, (result.out, result.err)
    assert len(result.err_lines) == 1, result.err
    assert result.err.startswith("coach: ")
    assert "Traceback" not in result.err
    assert result.out == ""


def listing(out: str) -> dict[str, tuple[bool, str, str]]:
    """The listing's binding lines as {id: (yours, keys, what it does)}."""
    found = {}
    for line in out.splitlines():
        if line.startswith("  ") and line.split()[0] in BY_ID:
            binding_id, rest = line.strip().split(None, 1)
            yours = rest.startswith("*")
            keys, about = rest.lstrip("*").split(None, 1)
            found[binding_id] = (yours, keys, about.strip())
    return found


def stored_keymap(db: Path) -> object:
    """The keymap setting as the data file holds it."""
    return settings_of(Store(db, clock=lambda: datetime.fromisoformat(NOW).astimezone()).read())["keymap"]


def ok(run_coach, *argv: str) -> str:
    result = run_coach(*argv)
    assert (result.code, result.err) == (0, ""), result.err
    return result.out


def test_the_listing_has_every_binding_by_where_it_works_with_its_default_keys(run_coach):
    out = ok(run_coach, "config", "keymap")
    found = listing(out)
    assert list(found) == [key.id for key in KEYS]
    for key in KEYS:
        assert found[key.id] == (False, key.keys, key.about), key.id
    # Headed by where they work, in the catalogue's order.
    headings = [line for line in out.splitlines() if line and not line.startswith(" ") and line.endswith(":")]
    assert headings[:3] == ["Everywhere:", "Today:", "Today, on a step:"]
    assert len(headings) == len(dict.fromkeys(key.where for key in KEYS))
    assert out.rstrip().endswith("default: its own again).")


def test_a_binding_given_keys_is_stored_shown_marked_and_reset_by_default(run_coach, db):
    assert ok(run_coach, "config", "keymap", "today.rest", "F8") == "today.rest = f8  (its default: ctrl+r)\n"
    assert stored_keymap(db) == {"today.rest": "f8"}
    assert ok(run_coach, "config", "keymap", "today.rest") == "f8\n"
    # The other form, ID=KEYS, and several keys for one binding.
    assert ok(run_coach, "config", "keymap", "app.go.people=ctrl+g") == "app.go.people = ctrl+g  (its default: f3)\n"
    assert ok(run_coach, "config", "keymap", "app.redo", "ctrl+shift+z, F10") == (
        "app.redo = ctrl+shift+z,f10  (its default: ctrl+shift+z,f9)\n")
    assert stored_keymap(db) == {"today.rest": "f8", "app.go.people": "ctrl+g", "app.redo": "ctrl+shift+z,f10"}

    found = listing(ok(run_coach, "config", "keymap"))
    assert found["today.rest"] == (True, "f8", "Log a rest day")
    assert found["app.go.people"] == (True, "ctrl+g", "Go to People")
    assert found["app.redo"][:2] == (True, "ctrl+shift+z,f10")
    assert found["today.save_reflection"] == (False, "ctrl+s", "Save the reflection")
    # `coach config` shows the setting among the others.
    assert "keymap = today.rest=f8 | app.go.people=ctrl+g | app.redo=ctrl+shift+z,f10" in ok(run_coach, "config")

    # `default` gives it its own keys again, and so does naming them: nothing of yours is kept for it.
    assert ok(run_coach, "config", "keymap", "today.rest", "default") == "today.rest = ctrl+r\n"
    assert ok(run_coach, "config", "keymap", "app.go.people", "f3") == "app.go.people = f3\n"
    assert ok(run_coach, "config", "keymap", "app.redo=default") == "app.redo = ctrl+shift+z,f9\n"
    assert stored_keymap(db) == {}
    assert not any(yours for yours, _, _ in listing(ok(run_coach, "config", "keymap")).values())
    assert ok(run_coach, "config", "keymap", "today.rest") == "ctrl+r\n"


def test_a_key_beyond_ascii_is_stored_by_textual_s_name_and_kept_in_force(run_coach, db):
    # ¡ and « are keys of a keyboard's other layers (alt+1, AltGr+z).
    result = run_coach("config", "keymap", "today.rest", "¡")
    assert (result.code, result.out) == (0, "today.rest = inverted_exclamation_mark  (its default: ctrl+r)\n")
    # Taken, with a note: in a text field it is typed.
    assert result.err_lines == ["coach: note: in a text field ¡ is typed: there, it does not reach today.rest"]
    result = run_coach("config", "keymap", "today.save_reflection", "«")
    assert result.code == 0 and result.out.startswith(
        "today.save_reflection = left_pointing_double_angle_quotation_mark  (its default")
    assert ok(run_coach, "config", "keymap", "today.save_reflection") == "left_pointing_double_angle_quotation_mark\n"
    assert listing(ok(run_coach, "config", "keymap"))["today.save_reflection"][0] is True


@pytest.mark.parametrize("argv, why", [
    (("today.rst", "f8"), "did you mean today.rest"),
    (("nothing.here",), "no key binding 'nothing.here'"),
    (("today.rest", "banana"), "'banana' is not a key"),
    (("today.rest", "ctrl+ctrl+r"), "twice"),
    (("today.rest", "f8,f25"), "'f25' is not a key"),
    (("today.rest", "1"), "today.jump.brainstorm"),
    (("today.rest", "tab"), "moves the focus"),
    (("app.go.people", "ctrl+p"), "command palette"),
    (("app.undo", "f3"), "app.go.people"),
    (("today.rest", "f3"), "'Go to People' everywhere (app.go.people)"),  # an everywhere key meets every place
    (("today.rest", "?"), "? already means 'Help' everywhere"),
    (("app.go.people", "s"), "people.sort"),
    (("today.rest=banana",), "'banana' is not a key"),
    (("today.rest", "ctrl+\x1b[31m"), "is not a key"),
    (("today.rest", "ctrl+İ,banana"), "'banana' is not a key"),
    (("today.rest", "😀"), "is not a key coach knows"),  # stored, the app would drop it
])
def test_a_refusal_is_one_line_exit_1_and_stores_nothing(run_coach, db, argv, why):
    ok(run_coach, "config", "keymap", "today.save_reflection", "f10")  # the file exists, with a keymap in it
    before = db.read_bytes()
    result = run_coach("config", "keymap", *argv)
    assert_one_line_error(result)
    assert why in result.err
    assert "\x1b" not in result.err
    assert db.read_bytes() == before


def test_a_key_another_binding_was_given_is_refused_and_the_key_it_left_is_free(run_coach, db):
    ok(run_coach, "config", "keymap", "today.rest", "f8")
    before = db.read_bytes()
    refused = run_coach("config", "keymap", "today.save_reflection", "f8")
    assert_one_line_error(refused)
    assert "today.rest" in refused.err and "Log a rest day" in refused.err
    assert db.read_bytes() == before
    assert ok(run_coach, "config", "keymap", "today.save_reflection", "ctrl+r") == (
        "today.save_reflection = ctrl+r  (its default: ctrl+s)\n")


def test_too_many_words_are_a_usage_error(run_coach, db):
    ok(run_coach, "config", "keymap", "today.rest", "f8")
    before = db.read_bytes()
    assert_one_line_error(run_coach("config", "theme", "a", "b"), code=2)
    assert_one_line_error(run_coach("config", "keymap", "today.rest", "f9", "extra"), code=2)
    assert db.read_bytes() == before


def test_undo_takes_a_rebinding_back_and_redo_does_it_again(run_coach, db):
    ok(run_coach, "config", "keymap", "today.rest", "f8")
    ok(run_coach, "config", "keymap", "today.rest", "f10")
    assert ok(run_coach, "undo") == "Undone: keys for today.rest.\n"
    assert ok(run_coach, "config", "keymap", "today.rest") == "f8\n"
    assert ok(run_coach, "undo") == "Undone: keys for today.rest.\n"
    assert ok(run_coach, "config", "keymap", "today.rest") == "ctrl+r\n"
    assert stored_keymap(db) == {}
    assert ok(run_coach, "redo") == "Redone: keys for today.rest.\n"
    assert ok(run_coach, "config", "keymap", "today.rest") == "f8\n"


RUN = """
import sys
from coach.cli import main
code = main(['--db', sys.argv[1], *sys.argv[2:]])
print('CODE', code)
print('MODULES', ' '.join(sorted(sys.modules)))
"""


def modules_of(db: Path, *argv: str) -> tuple[str, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COACH_NOW": "2026-11-21T09:00"}
    env.pop("COACH_DB", None)
    done = subprocess.run([sys.executable, "-c", RUN, str(db), *argv], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if line.startswith(("CODE", "MODULES")))
    return lines["CODE"], set(lines["MODULES"].split())


@pytest.mark.parametrize("argv", [
    ("config", "keymap"),
    ("config", "keymap", "today.rest", "f8"),
    ("config", "keymap", "today.rest"),
    ("config", "keymap", "today.rest", "banana"),
])
def test_coach_config_keymap_never_imports_textual(tmp_path, argv):
    code, found = modules_of(tmp_path / "coach.json", *argv)
    assert code == ("1" if "banana" in argv else "0")
    assert "coach.keymap" in found
    assert not {name for name in found if name == "textual" or name.startswith("textual.")}
    assert "coach.bindings" not in found and "coach.app" not in found


def test_a_key_most_terminals_send_as_another_is_taken_with_a_note(run_coach, db):
    result = run_coach("config", "keymap", "app.go.history", "ctrl+h")
    assert (result.code, result.out) == (0, "app.go.history = ctrl+h  (its default: f5)\n")
    assert result.err_lines == ["coach: note: most terminals send ctrl+h as backspace (kitty and a few others tell "
                                "them apart); if it does nothing, choose another key"]
    assert stored_keymap(db) == {"app.go.history": "ctrl+h"}


def test_a_key_a_text_field_keeps_is_taken_with_a_note_but_refused_for_the_check_in(run_coach, db):
    result = run_coach("config", "keymap", "today.rest", "ctrl+x")
    assert result.code == 0
    assert result.err_lines == ["coach: note: in a text field ctrl+x cuts: there, it does not reach today.rest"]
    # The check-in's focus is always in a text field: ctrl+x would cut, a letter be typed; the priority
    # binding that leaves at once is not kept from its key by a field.
    for keys in ("ctrl+x", "x", "?"):
        refused = run_coach("config", "keymap", "quick.leave", keys)
        assert refused.code == 1 and "in the check-in the focus is always in a text field" in refused.err
    assert stored_keymap(db) == {"today.rest": "ctrl+x"}
    assert ok(run_coach, "config", "keymap", "quick.leave", "f10") == "quick.leave = f10  (its default: escape)\n"
    # A priority binding would take a field's own key from every field: refused for it.
    refused = run_coach("config", "keymap", "today.previous_part", "ctrl+k")
    assert refused.code == 1 and "would take it from every field" in refused.err
    assert ok(run_coach, "config", "keymap", "today.previous_part", "alt+k") == (
        "today.previous_part = alt+k  (its default: ctrl+up)\n")


def test_its_default_again_is_refused_when_another_binding_has_that_key_now(run_coach, db):
    for binding_id, key in (("people.sort", "x"), ("people.reverse", "s")):
        assert run_coach("config", "keymap", binding_id, key).code == 0  # (a note: in a text field, it is typed)
    result = run_coach("config", "keymap", "people.sort", "default")
    assert result.code == 1 and "s already means 'Reverse the order' in People (people.reverse)" in result.err
    assert stored_keymap(db) == {"people.sort": "x", "people.reverse": "s"}


def test_an_entry_this_coach_cannot_use_is_shown_as_kept_and_not_used(run_coach, db):
    assert run_coach("config", "keymap", "today.rest", "f8").code == 0
    Coach(Store(db, clock=lambda: datetime.fromisoformat(NOW).astimezone())).configure(
        "keymap", "today.rest=banana | later.binding=f9")
    assert ok(run_coach, "config", "keymap", "today.rest") == (
        "ctrl+r  (yours, banana, is not keys this coach knows: not used)\n")
    shown = ok(run_coach, "config", "keymap")
    assert "  today.rest                         !banana" in shown and "  later.binding" in shown
    assert "! kept in the file, not used" in shown
