"""The command palette holds every place, the day's actions, exports, and the actions of the screen in front."""

from __future__ import annotations

from coach.app import EXPORTS, PLACES, CoachCommands
from habits.routine import log_step

SIZE = (100, 32)


def titles(app) -> list[str]:
    return [title for title, _, _ in CoachCommands(app.screen).commands()]


async def test_every_place_and_every_day_action_is_a_command(make_app, store):
    log_step(store, "connect", "jane")
    app = make_app()
    async with app.run_test(size=SIZE):
        found = titles(app)
        for place in PLACES:
            assert f"Go to {place.title}" in found
        for needed in ("Log a Brainstorm", "Log a Connect", "Log a Share", "Mark today as a rest day", "Help",
                       "Undo log Connect: jane", "Quit", *(title for _, title, _ in EXPORTS)):
            assert needed in found, needed
        assert any(c.title == "Theme" for c in app.get_system_commands(app.screen))  # switch theme


async def test_the_screen_in_front_brings_its_own_actions(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
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


async def test_export_from_the_palette_writes_into_the_home_folder_and_never_over_an_earlier_one(
    make_app, store, tmp_path, monkeypatch
):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    log_step(store, "connect", "jane")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.export("md")
        app.export("md")
        await pilot.pause()
    assert sorted(p.name for p in home.iterdir()) == ["coach-export-2026-11-21-2.md", "coach-export-2026-11-21.md"]
    assert "jane" in (home / "coach-export-2026-11-21.md").read_text()
