from textual.widgets import Label
from coach.screens.keys import KeyDialog, KeyTable
from coach.screens.help import HelpScreen
from coach.widgets.keybar import KeyBar

async def test_explore(make_app, store):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        table = app.screen.query_one(KeyTable)
        table.focus()
        table.move_cursor(row=table.get_row_index("today.rest"))
        await pilot.press("enter")
        await pilot.pause()
        print(type(app.screen))
        await pilot.press("question_mark")
        await pilot.pause()
        print(type(app.screen), app.screen_stack)
        if isinstance(app.screen, KeyDialog):
            print(app.screen.query_one("#key-pressed", Label).render())
        await pilot.press("f1")
        await pilot.pause()
        print(type(app.screen), app.screen_stack)
        if isinstance(app.screen, KeyDialog):
            print(app.screen.query_one("#key-pressed", Label).render())
        await pilot.press("ctrl+z")
        await pilot.pause()
        print(type(app.screen), app.screen_stack)
        if isinstance(app.screen, KeyDialog):
            print(app.screen.query_one("#key-pressed", Label).render())
        await pilot.press("ctrl+q")
        await pilot.pause()
        print(app.is_running, type(app.screen), app.screen_stack)
        if isinstance(app.screen, KeyDialog):
            print(app.screen.query_one("#key-pressed", Label).render())
