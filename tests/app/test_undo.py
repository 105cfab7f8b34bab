"""Undo and redo for the whole app: ctrl+z, f9 or ctrl+shift+z, and the palette; kept in the data file."""

from __future__ import annotations

from textual.widgets import Input

from coach.app import CoachApp, CoachCommands
from coach.screens.today import StepCard, TodayScreen
from coach.widgets.entries import EntryList
from coach.widgets.reflection import ReflectionPanel
from habits.routine import delete_entry, log_step, set_reflection
from habits.store import Store

SIZE = (100, 32)


def card(app: CoachApp, kind: str) -> StepCard:
    return app.screen.query_one(f"#step-{kind}", StepCard)


def notes(app: CoachApp, severity: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if severity is None or n.severity == severity]


def subjects(store: Store) -> list[str]:
    return [e.subject for e in store.read().entries]


async def log_through_screen(pilot, kind: str, subject: str) -> None:
    step_card = card(pilot.app, kind)
    step_card.subject_input.value = subject
    step_card.subject_input.focus()
    await pilot.press("enter")
    await pilot.pause()


async def palette_texts(app: CoachApp) -> list[str]:
    provider = CoachCommands(app.screen)
    return [str(hit.text) async for hit in provider.discover()]


async def test_undo_and_redo_by_key_by_name_in_the_palette_from_inside_an_input_and_on_another_screen(
    make_app, store
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # Nothing to undo or redo is said calmly, and the palette offers neither.
        await pilot.press("ctrl+z")
        await pilot.press("f9")
        await pilot.pause()
        assert notes(app) == ["Nothing to undo.", "Nothing to redo."]
        assert notes(app, "error") == notes(app, "warning") == []

        # The palette offers undo and redo by name when there is one.
        assert not [t for t in await palette_texts(app) if t.startswith(("Undo", "Redo"))]
        await log_through_screen(pilot, "connect", "jane")
        assert "Undo log Connect: jane" in await palette_texts(app)
        assert not [t for t in await palette_texts(app) if t.startswith("Redo")]
        await pilot.press("ctrl+z")
        await pilot.pause()
        texts = await palette_texts(app)
        assert "Redo log Connect: jane" in texts
        assert not [t for t in texts if t.startswith("Undo")]

        # ctrl+z takes back a step logged on Today, from inside an input too.
        await log_through_screen(pilot, "connect", "jane")
        assert subjects(store) == ["jane"]
        card(app, "connect").subject_input.focus()  # ctrl+z from inside an input
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert subjects(store) == []
        assert notes(app)[-1] == "Undone: log Connect: jane"
        assert str(card(app, "connect").border_title).startswith("○")

        # Undo works on another screen too.
        await log_through_screen(pilot, "connect", "@jane")
        await pilot.press("f3")  # People
        await pilot.pause()
        assert not isinstance(app.screen, TodayScreen)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert subjects(store) == []
        assert notes(app)[-1] == "Undone: log Connect: @jane"
        await pilot.press("f2")  # and Today shows it on the way back
        await pilot.pause()
        assert not card(app, "connect").query_one(EntryList).display

        # Undo survives a restart.
        await log_through_screen(pilot, "share", "@ann")
        await pilot.press("ctrl+q")
    assert subjects(store) == ["@ann"]

    again = make_app()  # a new app on the same data file
    assert again is not app
    async with again.run_test(size=SIZE) as pilot:
        assert card(again, "share").query_one(EntryList).lines == ["· @ann"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert subjects(store) == []
        assert card(again, "share").query_one(EntryList).lines == []
        assert notes(again)[-1] == "Undone: log Share: @ann"


async def test_ctrl_z_in_the_reflection_takes_back_typing_a_delete_is_undone_and_redone_and_typing_outlives_both(
    make_app, store
):
    log_step(store, "connect", "@jane", platform="Bluesky")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # ctrl+z in the reflection takes back typing, not the last change.
        area = app.screen.reflection.text_area
        area.focus()
        await pilot.press("H", "i")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert area.text == ""
        assert subjects(store) == ["@jane"]  # the log is still there
        assert not any(n.startswith("Undone") for n in notes(app))

        # A delete, then ctrl+z brings it back, and redo deletes it again.
        listed = card(app, "connect").query_one(EntryList)
        listed.focus()
        await pilot.press("d")
        await pilot.pause()
        assert subjects(store) == []
        assert not listed.display

        await pilot.press("ctrl+z")
        await pilot.pause()
        [entry] = store.read().entries
        assert (entry.subject, entry.platform) == ("@jane", "Bluesky")
        assert listed.display and listed.lines == ["· @jane · Bluesky"]  # the screen shows it again
        assert notes(app)[-1] == "Undone: delete Connect: @jane"

        await pilot.press("f9")
        await pilot.pause()
        assert subjects(store) == []
        assert not listed.display
        assert notes(app)[-1] == "Redone: delete Connect: @jane"

        await pilot.press("ctrl+z", "ctrl+shift+z")  # redo's other key, where the terminal tells it apart
        await pilot.pause()
        assert subjects(store) == []

        # Words being typed are not replaced by a change elsewhere (an undo in another terminal).
        set_reflection(store, "Stored.")
        assert app.check_for_changes() is True
        await pilot.pause()
        panel = app.screen.query_one(ReflectionPanel)
        assert panel.text == "Stored."
        panel.text_area.text = "Being typed"  # not saved yet
        set_reflection(store, "Changed elsewhere.")
        assert app.check_for_changes() is True
        assert panel.text == "Being typed"


async def test_undoing_a_reflection_shows_the_one_before_and_a_dialog_keeps_its_keys(make_app, store):
    log_step(store, "connect", "@jane")
    tom = log_step(store, "connect", "@tom").entry
    set_reflection(store, "Jane answered.")
    set_reflection(store, "Jane answered, and Tom too.")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # Undoing a reflection shows the one before.
        panel = app.screen.query_one(ReflectionPanel)
        assert panel.text == "Jane answered, and Tom too."
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert panel.text == "Jane answered."
        assert notes(app)[-1] == "Undone: reflection"
        # Typing on from there saves on top of what is shown, not of what was undone.
        panel.text_area.focus()
        await pilot.press("end", "!", "ctrl+s")
        assert store.read().reflections[next(iter(store.read().reflections))].text == "Jane answered.!"

        # A dialog keeps its keys, and an entry gone meanwhile is not saved.
        listed = card(app, "connect").query_one(EntryList)
        listed.focus()
        listed.highlighted = 1
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        await pilot.press("ctrl+z")  # a dialog is modal: the app's undo waits until it is closed
        await pilot.pause()
        assert subjects(store) == ["@jane", "@tom"]
        delete_entry(store, tom.id)  # as `coach undo` in another terminal might
        editor.query_one("#edit-subject", Input).value = "@thomas"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is editor
        assert notes(app, "error") == ["That entry is not in your history any more"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert subjects(store) == ["@jane"]
        assert listed.lines == ["· @jane"]  # Today read the file again on the way back


async def test_undo_runs_from_the_palette_and_a_name_in_it_is_shown_as_typed(make_app, store):
    log_step(store, "share", "@ann")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"undo")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert subjects(store) == []
        assert notes(app)[-1] == "Undone: log Share: @ann"
        assert not card(app, "share").query_one(EntryList).display

        log_step(store, "connect", "[b]Jo[/b]")  # `coach log` in another terminal: the palette reads the file
        provider = CoachCommands(app.screen)
        [found] = [hit async for hit in provider.search("undo") if str(hit.text).startswith("Undo")]
        assert found.text == "Undo log Connect: [b]Jo[/b]"
        assert found.prompt.plain == "Undo log Connect: [b]Jo[/b]"
        [discovered] = [hit async for hit in provider.discover() if str(hit.text).startswith("Undo")]
        assert discovered.prompt.plain == "Undo log Connect: [b]Jo[/b]"
