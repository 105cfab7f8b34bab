"""The command palette holds every place, the day's actions, exports, and the actions of the screen in front."""

from __future__ import annotations

from coach.app import EXPORTS, PLACES, CoachCommands
from habits.routine import log_step

SIZE = (100, 32)


def titles(app) -> list[str]:
    return [title for title, _, _ in CoachCommands(app.screen).commands()]


async def test_every_place_day_action_and_export_is_a_command_and_the_screen_in_front_brings_its_own(
    make_app, store, tmp_path, monkeypatch
):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    log_step(store, "connect", "jane")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        found = titles(app)
        for place in PLACES:
            assert f"Go to {place.title}" in found
        for needed in ("Log a Brainstorm", "Log a Connect", "Log a Share", "Mark today as a rest day", "Help",
                       "Undo log Connect: jane", "Quit", *(title for _, title, _ in EXPORTS)):
            assert needed in found, needed
        assert any(c.title == "Theme" for c in app.get_system_commands(app.screen))  # switch theme

        # An export writes into the home folder, never over an earlier one.
        app.export("md")
        app.export("md")
        await pilot.pause()
        assert sorted(p.name for p in home.iterdir()) == ["coach-export-2026-11-21-2.md", "coach-export-2026-11-21.md"]
        assert "jane" in (home / "coach-export-2026-11-21.md").read_text()

        # The screen in front brings its own actions.
        await app.switch_mode("history")
        await pilot.pause()
        found = titles(app)
        assert {"Open day", "Month before", "Year after", "Back to today"} <= set(found)
        assert "Focus Next" not in found  # Textual's own keys stay out
        before = app.screen.selected
        [(_, month_before, _)] = [c for c in CoachCommands(app.screen).commands() if c[0] == "Month before"]
        await month_before()
        await pilot.pause()
        assert (before.year, before.month) == (2026, 11) and (app.screen.selected.year, app.screen.selected.month) == (2026, 10)
