"""The full-screen app: one table of places to go, their keys, the command palette and the theme."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen
from textual.timer import Timer

from coach.screens.audiences import AudiencesScreen
from coach.screens.history import HistoryScreen
from coach.screens.people import PeopleScreen
from coach.screens.review import ReviewScreen
from coach.screens.today import TodayScreen
from habits.model import STEPS
from habits.routine import redo, set_setting, settings_of, undo
from habits.store import Store, StoreError
from habits.text import InputError, printable


@dataclass(frozen=True)
class Place:
    """A screen of the app: its mode id, the title people see, the key that opens it, what it is for."""

    mode: str
    title: str
    key: str
    screen: type[Screen]
    description: str


# How often the app looks whether the data file changed (`coach log` in another terminal): a stat, no read.
CHANGE_CHECK_SECONDS = 1.5

# The one registry of screens: modes, footer keys and "Go to …" commands are all made from it.
# Function keys, because plain letters belong to the text inputs every screen has; f1 is kept
# for Help, where terminal programs usually put it.
PLACES: tuple[Place, ...] = (
    Place("today", "Today", "f2", TodayScreen, "today's three steps and the evening's reflection"),
    Place("people", "People", "f3", PeopleScreen, "the people you are getting to know, and where each stands"),
    Place("audiences", "Audiences", "f4", AudiencesScreen,
          "the groups you brainstormed, where they gather, and ideas for more"),
    Place("history", "History", "f5", HistoryScreen,
          "a year of days as a heat map, streaks and strength; open a day to mend or fill it in"),
    Place("review", "Review", "f6", ReviewScreen,
          "the week in review: what you gave, who answered, who you met, and a question to close it"),
)


class CoachCommands(Provider):
    """The command palette's own commands: every place in PLACES and the day's actions."""

    def commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = self.app
        assert isinstance(app, CoachApp)
        for place in PLACES:
            yield f"Go to {place.title}", partial(app.switch_mode, place.mode), place.description
        for kind in STEPS:
            yield (f"Log a {kind.title}", partial(app.action_log_step, kind.key),
                   f"{kind.question} (key {kind.number}; from a text field, Escape then {kind.number})")
        yield "Mark today as a rest day", app.action_rest, "a rest day keeps your streak going"
        # Named after what they would take back or do again; offered only when there is something to.
        undo_label, redo_label = self._undo_labels()
        if undo_label:
            yield f"Undo {printable(undo_label)}", app.action_undo, "take back the last change (ctrl+z)"
        if redo_label:
            yield f"Redo {printable(redo_label)}", app.action_redo, "do it again (f9, or ctrl+shift+z)"
        yield "Quit", app.action_quit, "leave coach (everything is already saved)"

    def _undo_labels(self) -> tuple[str | None, str | None]:
        # Read once while the palette is open, not at every key typed in it.
        if not hasattr(self, "_labels"):
            try:
                self._labels = self.app.store.undo_label()  # type: ignore[attr-defined]
            except StoreError:
                self._labels = (None, None)
        return self._labels

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            # Content, not markup: an undo's name holds a name as typed, brackets and all.
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(escape(name)), callback, text=name, help=help_text)


class CoachApp(App[None]):
    """coach, full screen. Screens reach the data through `app.store` and the time through `app.clock`."""

    TITLE = "coach"
    CSS_PATH = "coach.tcss"
    MODES = {place.mode: place.screen for place in PLACES}
    DEFAULT_MODE = PLACES[0].mode
    COMMANDS = App.COMMANDS | {CoachCommands}
    BINDINGS = [
        # Shown in the command palette and known from every Textual app; the footer keeps its room for coach.
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False, id="app.quit"),
        # Not priority: in the reflection, a TextArea, ctrl+z takes back typing. Most terminals send
        # ctrl+shift+z as ctrl+z, so redo has f9 too. Listed in the palette with what they would change.
        Binding("ctrl+z", "undo", "Undo", show=False, id="app.undo"),
        Binding("ctrl+shift+z,f9", "redo", "Redo", show=False, id="app.redo"),
        *(
            # One compact group: five places cannot each have a labelled key in 80 columns.
            Binding(place.key, f"switch_mode('{place.mode}')", place.title, id=f"app.go.{place.mode}",
                    group=Binding.Group("Places", compact=True))
            for place in PLACES
        ),
    ]

    def __init__(self, store: Store, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.store = store
        self.clock = clock or store.clock
        self._theme_loaded = False  # until then a theme change is the stored one being applied
        # The data file as the screen on show last read it (see check_for_changes); taken before the
        # first screen reads, so that a change made meanwhile is still picked up.
        self._signature = store.signature()
        self.change_timer: Timer | None = None

    def on_mount(self) -> None:
        self.change_timer = self.set_interval(CHANGE_CHECK_SECONDS, self.check_for_changes, name="check_for_changes")
        try:
            chosen = str(settings_of(self.store.read())["theme"])
        except StoreError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return
        if chosen in self.available_themes:
            self.theme = chosen
        self._theme_loaded = True

    def watch_theme(self, theme: str) -> None:
        # A theme picked in the command palette is kept, as the `theme` setting, for the next start.
        if not self._theme_loaded:
            return
        try:
            set_setting(self.store, "theme", theme)
        except (InputError, StoreError) as error:
            self.notify(printable(str(error)), severity="error", markup=False)

    def on_app_focus(self, event: events.AppFocus) -> None:
        # Coming back to the terminal after a while: `coach log` may have been run in another terminal,
        # or the day may have turned.
        if not self.check_for_changes() and isinstance(self.screen, TodayScreen):
            self.screen.check_rollover()

    def check_for_changes(self) -> bool:
        """Shows the data file again on the screen in front when it changed since that screen read it,
        here or in another process (`coach log`, `coach undo`); True when it did.

        Called every CHANGE_CHECK_SECONDS and when the terminal gets the focus back. Cheap when nothing
        changed: one stat. The screens keep what is typed and not saved yet, the focus, and the row or
        entry highlighted. A damaged file is told once, by the screen, when it changes, not at every check.
        """
        if self.store.signature() == self._signature:
            return False
        if self.screen.is_modal:
            # A dialog (an entry's editor, a rename, the command palette) is left as it is; the screen
            # under it reads the file again when it closes, and the next check catches up.
            return False
        self.refresh_screen()
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer offers the other places, not the one you are on.
        if action == "switch_mode" and parameters and parameters[0] == self.current_mode:
            return False
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # CoachCommands lists Quit with the day's actions; one Quit in the palette is enough.
        return (command for command in super().get_system_commands(screen) if command.title != "Quit")

    async def action_log_step(self, kind: str) -> None:
        today = await self._today()
        today.focus_step(kind)

    async def action_rest(self) -> None:
        today = await self._today()
        today.action_rest()

    def action_undo(self) -> None:
        self._travel(back=True)

    def action_redo(self) -> None:
        self._travel(back=False)

    def _travel(self, back: bool) -> None:
        """Undoes or redoes the last change, whichever screen made it (or `coach log`), then shows the result."""
        try:
            label = undo(self.store) if back else redo(self.store)
        except StoreError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return
        if label is None:
            self.notify("Nothing to undo." if back else "Nothing to redo.")
            return
        self.notify(f"{'Undone' if back else 'Redone'}: {printable(label)}", markup=False)
        self.refresh_screen()

    def refresh_screen(self) -> None:
        """Shows the data file as it is now on the current screen, by whatever name it reloads itself."""
        # Taken before the screen reads: a change made during the read is seen at the next check.
        self._signature = self.store.signature()
        screen = self.screen
        for name in ("check_day", "refresh_data", "reload", "load"):
            if callable(reload := getattr(screen, name, None)):
                reload()
                return
        screen.post_message(events.ScreenResume())

    async def _today(self) -> TodayScreen:
        await self.switch_mode("today")
        assert isinstance(self.screen, TodayScreen)
        return self.screen


def run_app(store: Store) -> int:
    """Runs the app until the person quits; the exit code for the `coach` command."""
    store.read()  # a damaged data file is reported in one line by the CLI, before the screen opens
    app = CoachApp(store)
    app.run()
    return app.return_code or 0
