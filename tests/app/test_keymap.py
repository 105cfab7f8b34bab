"""Your own keys in the app, driven through Pilot: given in Settings (Enter on a binding, then the key), by
`coach config keymap` in another process, or at start; the footer, Help and the keys themselves follow, and
every check of what a key did reads the data file back."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Label, Static

from coach.app import CoachApp
from coach.quick import CheckIn
from coach.screens.help import HelpScreen
from coach.screens.keys import KeyDialog, KeyTable
from coach.screens.people import PeopleScreen
from coach.screens.settings import SettingsScreen
from coach.screens.today import TodayScreen
from coach.widgets.keybar import KeyBar
from habits.coach import Coach
from habits.routine import log_step, settings_of
from habits.store import Store
from tests.app.test_settings import settings_screen

SIZE = (100, 32)
SATURDAY = date(2026, 11, 21)


def stored_keymap(store: Store) -> object:
    """The keymap setting as the data file holds it."""
    return settings_of(store.read())["keymap"]


def rested(store: Store) -> bool:
    return SATURDAY in store.read().rest_days


def another_process(store: Store) -> Coach:
    """A second door on the same data file: `coach config keymap` in another terminal."""
    return Coach(Store(store.path, clock=store.clock))


def footer(app: CoachApp) -> dict[str, tuple[str, str]]:
    """The footer's keys as {what it does: (the key a click presses, the key as shown)}; a group's keys by
    their own names ("People" in the Places group)."""
    found: dict[str, tuple[str, str]] = {}
    for item in app.screen.query_one(KeyBar).shown.items:
        described = next((run.text.strip() for run in item.runs if run.part == "description"), "")
        for run in item.runs:
            if run.part == "key" and run.key is not None:
                found[run.key.tooltip or described] = (run.key.key, run.text.strip())
    return found


def help_keys(app: CoachApp) -> dict[str, str]:
    """Help's list of keys as {what it does: key}."""
    assert isinstance(app.screen, HelpScreen)
    lines = str(app.screen.query_one("#help-keys", Static).render()).splitlines()
    return {line.split(None, 1)[1].strip().split("  ")[-1].strip(): line.split()[0]
            for line in lines if line.startswith("  ")}


def label(screen, selector: str) -> str:
    return str(screen.query_one(selector, Label).render())


def row_keys(table: KeyTable, binding_id: str) -> str:
    return str(table.get_row(binding_id)[2]).strip()


async def ask_keys(pilot, binding_id: str) -> KeyDialog:
    """On Settings: Enter on the binding's row of the key table opens the dialog that takes its key."""
    table = pilot.app.screen.query_one("#field-keymap", KeyTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(binding_id))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, KeyDialog)
    assert pilot.app.screen.spec.id == binding_id
    return pilot.app.screen


async def rebind(pilot, binding_id: str, key: str) -> None:
    """Gives a binding a key through Settings' dialog: Enter on its row, the key, Enter."""
    dialog = await ask_keys(pilot, binding_id)
    await pilot.press(key)
    await pilot.pause()
    assert label(dialog, "#key-pressed").startswith("✓"), label(dialog, "#key-pressed")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SettingsScreen)


async def go(pilot, key: str, screen: type) -> None:
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, screen), (key, pilot.app.screen)


# --- the "done when" ------------------------------------------------------------------------

async def test_rest_day_and_people_given_keys_in_settings_work_and_survive_a_restart(make_app, store, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert footer(app)["Rest day"] == ("ctrl+r", "^r")
        order = list(footer(app))
        screen = await settings_screen(pilot)
        await rebind(pilot, "today.rest", "f8")
        assert stored_keymap(store) == {"today.rest": "f8"}
        assert label(screen, "#note-keymap") == "✓ Saved: Log a rest day (Today) is now f8"
        await rebind(pilot, "app.go.people", "ctrl+g")
        assert stored_keymap(store) == {"today.rest": "f8", "app.go.people": "ctrl+g"}
        assert label(screen, "#note-keymap") == "✓ Saved: Go to People (everywhere) is now ctrl+g"
        table = screen.query_one(KeyTable)
        assert row_keys(table, "today.rest") == "• f8" and row_keys(table, "app.go.people") == "• ctrl+g"
        assert row_keys(table, "today.save_reflection") == "ctrl+s"
        assert footer(app)["People"] == ("ctrl+g", "^g")  # applied at once, here too

        await go(pilot, "f2", TodayScreen)
        # The footer shows the new key in the old key's place.
        assert footer(app)["Rest day"] == ("f8", "f8")
        assert list(footer(app)) == order
        assert app.screen.active_bindings["f8"].binding.id == "today.rest"
        assert "ctrl+r" not in app.screen.active_bindings
        await pilot.press("ctrl+r")  # the old key does nothing now
        await pilot.pause()
        assert not rested(store)
        await pilot.press("f8")
        await pilot.pause()
        assert rested(store)

        await pilot.press("f3")  # no longer People's key
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await go(pilot, "ctrl+g", PeopleScreen)

    # A new app on the same data file: the same keys.
    again = CoachApp(Store(store.path, clock=clock), clock=clock)
    async with again.run_test(size=SIZE) as pilot:
        assert again.keys_in_force == {"today.rest": "f8", "app.go.people": "ctrl+g"}
        assert footer(again)["Rest day"] == ("f8", "f8")
        assert footer(again)["People"] == ("ctrl+g", "^g")
        await pilot.press("f8")  # Today is a rest day already: the key says so
        await pilot.pause()
        assert [n.message for n in again._notifications][-1:] == ["Sat 21 Nov was already a rest day."]
        await go(pilot, "ctrl+g", PeopleScreen)


async def test_help_lists_the_keys_you_gave(make_app, store):
    another_process(store).rebind("today.rest", "f8")
    another_process(store).rebind("app.go.people", "ctrl+g")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await go(pilot, "question_mark", HelpScreen)
        keys = help_keys(app)
        assert keys["Rest day"] == "f8"
        assert keys["People"] == "^g"
        assert keys["Help"].startswith("?")
        await go(pilot, "escape", TodayScreen)


async def test_a_keymap_changed_by_another_process_is_applied_at_once(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert footer(app)["Rest day"] == ("ctrl+r", "^r")
        other = another_process(store)
        other.rebind("today.rest", "f8")
        app.check_for_changes()  # what the timer does every CHANGE_CHECK_SECONDS
        await pilot.pause()
        assert app.keys_in_force == {"today.rest": "f8"}
        assert footer(app)["Rest day"] == ("f8", "f8")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not rested(store)
        await pilot.press("f8")
        await pilot.pause()
        assert rested(store)

        # On Settings, the table shows it; back to its default elsewhere, and the table follows.
        screen = await settings_screen(pilot)
        table = screen.query_one(KeyTable)
        assert row_keys(table, "today.rest") == "• f8"
        other.rebind("today.rest", None)
        app.check_for_changes()
        await pilot.pause()
        assert row_keys(table, "today.rest") == "ctrl+r"
        assert app.keys_in_force == {}

        # A key a newer coach, or a hand, wrote that this one cannot read is left alone, not applied.
        other.rebind("today.rest", "banana")
        other.rebind("app.go.people", "ctrl+g")
        app.check_for_changes()
        await pilot.pause()
        assert app.keys_in_force == {"app.go.people": "ctrl+g"}
        await go(pilot, "f2", TodayScreen)
        assert footer(app)["Rest day"] == ("ctrl+r", "^r")


async def test_a_key_of_another_layer_shows_as_its_character(make_app, store):
    # alt+1 arrives as ¡ in many terminals: then ¡ is the key.
    another_process(store).rebind("today.rest", "inverted_exclamation_mark")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert footer(app)["Rest day"] == ("inverted_exclamation_mark", "¡")
        await pilot.press("inverted_exclamation_mark")
        await pilot.pause()
        assert rested(store)


# --- the dialog -------------------------------------------------------------------------------------

async def test_a_clashing_key_shows_why_and_enter_then_keeps_nothing(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        dialog = await ask_keys(pilot, "today.rest")
        assert label(dialog, "#key-now") == "Now: ctrl+r (its default)"
        await pilot.press("1")
        await pilot.pause()
        pressed = label(dialog, "#key-pressed")
        assert pressed.startswith("✗") and "today.jump.brainstorm" in pressed
        assert dialog.query_one("#key-pressed").has_class("-error")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # nothing to keep: it stays open
        assert stored_keymap(store) == {}
        # A key of Textual's own is refused the same way.
        await pilot.press("tab")
        await pilot.pause()
        assert label(dialog, "#key-pressed").startswith("✗") and "focus" in label(dialog, "#key-pressed")
        # A good key after a bad one can be kept.
        await pilot.press("f8")
        await pilot.pause()
        assert label(dialog, "#key-pressed") == "✓ f8: Enter keeps it"
        assert not dialog.query_one("#key-pressed").has_class("-error")
        # The key pressed last is the one kept: a bad one after a good one takes it back.
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and stored_keymap(store) == {}
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_escape_cancels_with_nothing_stored(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        before = label(screen, "#note-keymap")
        dialog = await ask_keys(pilot, "today.rest")
        await pilot.press("f8")
        await pilot.pause()
        assert label(dialog, "#key-pressed").startswith("✓")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert stored_keymap(store) == {}
        assert label(screen, "#note-keymap") == before
        assert row_keys(screen.query_one(KeyTable), "today.rest") == "ctrl+r"
        assert app.keys_in_force == {}


async def test_backspace_gives_the_binding_its_default_again(make_app, store):
    another_process(store).rebind("today.rest", "f8")
    another_process(store).rebind("app.go.people", "ctrl+g")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        dialog = await ask_keys(pilot, "today.rest")
        assert label(dialog, "#key-now") == "Now: f8 (default ctrl+r)"
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen is screen
        assert stored_keymap(store) == {"app.go.people": "ctrl+g"}  # the other binding's keys stay
        assert label(screen, "#note-keymap") == "✓ Saved: Log a rest day (Today) is now ctrl+r"
        assert row_keys(screen.query_one(KeyTable), "today.rest") == "ctrl+r"
        await go(pilot, "f2", TodayScreen)
        assert footer(app)["Rest day"] == ("ctrl+r", "^r")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert rested(store)


async def test_the_app_s_priority_keys_pressed_in_the_dialog_are_the_key_asked_for(make_app, store):
    # ? and f1 open Help, and ctrl+q quits, from any screen: while the dialog asks, they are keys pressed
    # for it, and refused there, being the app's own everywhere; a free key is then taken.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settings_screen(pilot)
        dialog = await ask_keys(pilot, "people.sort")
        for key, owner in (("question_mark", "app.help"), ("f1", "app.help_f1"), ("ctrl+q", "app.quit")):
            await pilot.press(key)
            await pilot.pause()
            assert app.is_running, key
            assert app.screen is dialog, (key, app.screen_stack)
            assert label(dialog, "#key-pressed").startswith("✗ ") and f"everywhere ({owner})" in label(dialog, "#key-pressed")
        await pilot.press("enter")  # nothing taken yet: Enter keeps nothing
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("f10")
        await pilot.pause()
        assert label(dialog, "#key-pressed") == "✓ f10: Enter keeps it"
        await pilot.press("enter")
        await pilot.pause()
        assert stored_keymap(store) == {"people.sort": "f10"}
        # The dialog gone, they are the app's keys again.
        await go(pilot, "question_mark", HelpScreen)


async def test_undo_of_a_rebinding_gives_the_old_key_back(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        await rebind(pilot, "today.rest", "f8")
        await go(pilot, "f2", TodayScreen)
        assert footer(app)["Rest day"] == ("f8", "f8")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert stored_keymap(store) == {}
        assert app.keys_in_force == {}
        assert footer(app)["Rest day"] == ("ctrl+r", "^r")
        # Redo gives it the new key again; undone once more, the old key works and the new one does not.
        await pilot.press("f9")
        await pilot.pause()
        assert stored_keymap(store) == {"today.rest": "f8"}
        assert footer(app)["Rest day"] == ("f8", "f8")
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert not rested(store)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert rested(store)
        # Settings' table says so too.
        await go(pilot, "f7", SettingsScreen)
        assert row_keys(screen.query_one(KeyTable), "today.rest") == "ctrl+r"


# --- pairs that share a key on purpose ------------------------------------------------------------

async def test_a_binding_that_shares_escape_given_its_own_key_leaves_escape_to_the_other(make_app, store):
    # On People, Escape leaves the filter (people.leave_filter) or clears it (people.clear_filter),
    # by where the focus is. Clear filter given f8: Escape still leaves the filter.
    log_step(store, "connect", "@jane", day=SATURDAY)
    log_step(store, "connect", "Tom", day=SATURDAY)
    another_process(store).rebind("people.clear_filter", "f8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await go(pilot, "f3", PeopleScreen)
        screen = app.screen
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is screen.filter_input
        screen.filter_input.value = "tom"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is screen.table  # left the filter
        assert screen.filter_input.value == "tom"
        assert footer(app)["Clear filter"][0] == "f8"
        await pilot.press("escape")  # Clear filter's key is f8 now
        await pilot.pause()
        assert screen.filter_input.value == "tom"
        await pilot.press("f8")
        await pilot.pause()
        assert screen.filter_input.value == ""


# --- the check-in ---------------------------------------------------------------------------------

async def test_the_check_in_honours_your_key_to_leave(store):
    another_process(store).rebind("quick.leave", "f8")
    app = CheckIn(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.focused, Input)
        hint = str(app.query_one("#hint").render())
        assert hint.endswith("f8 leave") and "esc" not in hint  # the hint names your key
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running  # Escape is not its key now
        await pilot.press("f8")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_a_key_a_text_field_keeps_is_taken_with_what_to_know_of_it(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settings_screen(pilot)
        dialog = await ask_keys(pilot, "today.rest")
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert label(dialog, "#key-pressed").splitlines() == [
            "✓ ctrl+x: Enter keeps it", "! in a text field ctrl+x cuts: there, it does not reach today.rest"]
        await pilot.press("enter")
        await pilot.pause()
        assert stored_keymap(store) == {"today.rest": "ctrl+x"}


async def test_its_default_again_is_refused_when_another_binding_has_that_key_now(make_app, store):
    another_process(store).rebind("people.sort", "x")
    another_process(store).rebind("people.reverse", "s")  # Sort's default, free since Sort moved
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        await ask_keys(pilot, "people.sort")
        await pilot.press("backspace")
        await pilot.pause()
        assert label(screen, "#note-keymap").startswith("✗ Not saved: s already means 'Reverse the order' in People")
        assert stored_keymap(store) == {"people.sort": "x", "people.reverse": "s"}


async def test_a_key_another_process_gave_meanwhile_is_refused_as_it_is_kept(make_app, store):
    # The dialog checked f8 against the keymap as it was; `coach config keymap` in another terminal gave
    # f8 to Save before Enter: kept, the rest day would take Save's key away.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        dialog = await ask_keys(pilot, "today.rest")
        await pilot.press("f8")
        await pilot.pause()
        assert label(dialog, "#key-pressed").startswith("✓ f8")
        another_process(store).rebind("today.save_reflection", "f8")
        await pilot.press("enter")
        await pilot.pause()
        assert label(screen, "#note-keymap").startswith("✗ Not saved: f8 already means 'Save the reflection'")
        assert stored_keymap(store) == {"today.save_reflection": "f8"}


async def test_a_stored_clash_is_told_once_and_the_key_given_works(make_app, store):
    # A keymap no command here would have taken (an import, a hand edit, two machines merged).
    Coach(store).configure("keymap", "today.rest=1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        told = [n.message for n in app._notifications if n.title == "Your keys"]
        assert told == ["today.rest = 1: 1 already means 'Go to Brainstorm' in Today (today.jump.brainstorm); "
                        "give that one another key first, or choose another"]
        app.check_for_changes()  # nothing changed: nothing said again
        assert len([n for n in app._notifications if n.title == "Your keys"]) == 1


async def test_a_day_s_page_names_the_rest_key_you_gave_when_you_come_back_to_it(make_app, store):
    from coach.screens.history import DayScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(DayScreen(SATURDAY))
        await pilot.pause()
        log = app.screen.query_one("#day-log")
        assert log.border_subtitle == "ctrl+r: a rest day"
        another_process(store).rebind("history.day.rest", "f8")
        app.check_for_changes()
        await app.push_screen(HelpScreen("Day", []))
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        assert log.border_subtitle == "f8: a rest day"
