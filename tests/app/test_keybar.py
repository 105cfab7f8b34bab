"""KeyBar, the line of keys at the foot of coach's screens, on a small app of its own (fast, and every kind
of binding Footer shows: plain, disabled, hidden, compact and spaced groups, a place not offered)."""

from __future__ import annotations

import re

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input

from coach.themes import DEFAULT_THEME, THEMES
from coach.widgets.keybar import KeyBar

STEP = Binding.Group("Step", compact=True)
PLACES = Binding.Group("Places", compact=True)
WEEK = Binding.Group("Week")


class Card(Widget, can_focus=True):
    """A focusable part with no keys of its own."""

    DEFAULT_CSS = "Card { height: 1; }"


class Keys(Screen):
    BINDINGS = [
        *(Binding(str(n), f"app.run('jump {n}')", f"Step {n}", group=STEP) for n in (1, 2, 3)),
        Binding("ctrl+s", "app.run('save')", "Save"),
        Binding("ctrl+o", "app.run('off')", "Off"),  # disabled: the app's check_action says None
        Binding("ctrl+r", "app.run('rest')", "Rest", show=False),
        Binding("[,pageup", "app.run('week before')", "Week before", key_display="<", group=WEEK),
        Binding("],pagedown", "app.run('week after')", "Week after", key_display=">", group=WEEK),
    ]

    def __init__(self, bar: type[Widget]) -> None:
        super().__init__()
        self.bar = bar

    def compose(self) -> ComposeResult:
        yield Card(id="first")
        yield Card(id="second")
        yield Input(id="field")  # takes the digits: the Step keys leave the bar while it has the focus
        yield self.bar()


class KeysApp(App[None]):
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "run('help')", "Help", key_display="?", priority=True),
        *(Binding(f"f{n}", f"run('place {n}')", f"Place {n}", tooltip=f"Go to place {n}", group=PLACES)
          for n in (2, 3, 4)),
    ]

    def __init__(self, bar: type[Widget] = KeyBar) -> None:
        super().__init__()
        self.bar = bar
        self.ran: list[str] = []

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME  # coach's look: its $footer-* colours
        self.push_screen(Keys(self.bar))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if parameters == ("off",):
            return None  # shown, dimmed
        return parameters != ("place 3",)  # the place you are on is not offered

    def action_run(self, what: str) -> None:
        self.ran.append(what)


class CountedKeyBar(KeyBar):
    """Counts its repaints."""

    repaints = 0

    def refresh(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.repaints += 1
        return super().refresh(*args, **kwargs)


ALL_KEYS = " 123 Step  ^s Save  ^o Off  < > Week  ? Help  f2f4 Places "


def line(bar: KeyBar) -> str:
    return bar.render_line(0).text


async def test_the_bar_shows_the_keys_as_footer_does_and_repaints_only_when_they_change():
    app = KeysApp(CountedKeyBar)
    async with app.run_test(size=(80, 6)) as pilot:
        bar = app.screen.query_one(CountedKeyBar)
        await pilot.pause()
        assert line(bar) == ALL_KEYS.ljust(80 - 12) + "▏^p palette "
        # Disabled: dimmed, key and description; the others not.
        styles = {segment.text.strip(): segment.style for segment in bar.render_line(0) if segment.text.strip()}
        assert styles["^o"].dim and styles["Off"].dim
        assert not styles["^s"].dim and not styles["Save"].dim and styles["^s"].bold

        widgets = len(app.screen.query("*"))
        app.screen.query_one("#first").focus()
        await pilot.pause()
        bar.repaints = 0
        app.screen.query_one("#second").focus()  # the same keys
        await pilot.pause()
        assert bar.repaints == 0
        app.screen.query_one(Input).focus()  # digits, brackets and ? are typed here
        await pilot.pause()
        assert bar.repaints == 1
        assert line(bar).startswith(" ^s Save  ^o Off  f2f4 Places  ")
        assert not bar.children and len(app.screen.query("*")) == widgets

        # Narrow: whole keys only, and none after the first that does not fit ("? Help" would).
        await pilot.resize_terminal(47, 6)
        await pilot.pause()
        app.screen.query_one("#first").focus()
        await pilot.pause()
        assert line(bar) == " 123 Step  ^s Save  ^o Off".ljust(47 - 12) + "▏^p palette "


async def test_footer_and_the_bar_paint_the_same_screen():
    shots = []
    for bar in (Footer, KeyBar):
        app = KeysApp(bar)
        async with app.run_test(size=(100, 6)) as pilot:
            await pilot.pause()
            app.screen.query_one("#first").focus()
            await pilot.pause()
            # Taken as pytest-textual-snapshot takes them (the same style's neighbours joined), so coach's
            # pictures do not change; the SVG's id, a checksum of Rich's segments, left out.
            shots.append(re.sub(r"terminal-\d+", "terminal", app.export_screenshot(simplify=True)))
    footer, keybar = shots
    assert "Places" in keybar and "palette" in keybar
    assert keybar == footer


async def test_a_click_presses_the_key_and_hovering_names_it():
    app = KeysApp()
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)

        async def click(text: str) -> None:
            assert await pilot.click(KeyBar, offset=(line(bar).index(text), 0))
            await pilot.pause()

        await click("^s")
        await click("Save")
        await click("23 Step")
        await click(">")
        await click("f4")
        await click("Places")  # a group's name is no key
        bells: list[str] = []
        app.bell = lambda: bells.append("ring")  # type: ignore[method-assign]
        await click("^o")  # disabled: a bell, no action
        assert app.ran == ["save", "save", "jump 2", "week after", "place 4"]
        assert bells == ["ring"]
        await pilot.hover(KeyBar, offset=(line(bar).index("f4"), 0))
        assert bar.tooltip == "Go to place 4"
        await pilot.hover(KeyBar, offset=(line(bar).index("1"), 0))
        assert bar.tooltip == "Step 1"  # a group's key with no tooltip: its description
        await pilot.hover(KeyBar, offset=(line(bar).index("^s"), 0))
        assert bar.tooltip is None  # a plain key's tooltip is its binding's, and Save has none
        await click("^p")
        assert isinstance(app.screen, CommandPalette)


class Late(Screen):
    """A screen whose check_action asks about a part mounted after its first frame."""

    BINDINGS = [Binding("ctrl+s", "save", "Save")]

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def on_mount(self) -> None:
        self.call_after_refresh(self.mount, Card(id="late"))

    def on_descendant_mount(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.query_one("#late").is_mounted


async def test_a_part_not_mounted_yet_leaves_the_bar_empty_until_the_bindings_change():
    app = App()
    async with app.run_test(size=(40, 4)) as pilot:
        await app.push_screen(Late())
        await pilot.pause()
        await pilot.pause()
        assert line(app.screen.query_one(KeyBar)).startswith(" ^s Save ")
