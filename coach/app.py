"""The full-screen app: one table of places to go, their keys, the command palette and the theme."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import partial
from pathlib import Path

from textual import events
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.color import Color
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.driver import Driver
from textual.markup import escape
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from coach.bindings import bind, shown_keys
from coach.keymap import for_textual, in_words, problems, usable
from coach.places import PLACES
from coach.screens.today import TodayScreen
from coach.themes import DEFAULT_THEME, THEMES
from coach.widgets import CoachScreen
from habits.coach import Coach, Done, InputError, Snapshot, StoreError
from habits.model import STEPS
from habits.text import printable


# Seconds between the first frame and Today's suggestions (see TodayScreen.show).
SUGGESTIONS_AFTER_FIRST_FRAME = 0.05

# How often the app looks whether the data file changed (`coach log` in another terminal): a stat, no read.
CHANGE_CHECK_SECONDS = 1.5

# The exports the palette offers (the command line has `coach export --format … --output …`).
EXPORTS = (
    ("json", "Export everything (JSON, to import)", "every record and setting"),
    ("md", "Export a journal to read (Markdown)", "day by day"),
    ("csv", "Export a spreadsheet (CSV)", "a row per step and answer"),
)


def _own_bindings(node: DOMNode) -> list[Binding]:
    """The key bindings coach's own classes give a widget or screen (not those Textual's classes add)."""
    found: list[Binding] = []
    for cls in type(node).__mro__:
        if cls.__module__.startswith("coach.") and "BINDINGS" in cls.__dict__:
            found += [b for b in cls.__dict__["BINDINGS"] if isinstance(b, Binding)]
    return found


class CoachCommands(Provider):
    """The command palette's own commands: every place in PLACES and the day's actions."""

    def commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = self.app
        assert isinstance(app, CoachApp)
        for place in PLACES:
            yield f"Go to {place.title}", partial(app.switch_mode, place.mode), place.description
        for kind in STEPS:
            jump = shown_keys(app, f"today.jump.{kind.key}", " or ")
            yield (f"Log a {kind.title}", partial(app.action_log_step, kind.key),
                   f"{kind.question} (key {jump}; from a text field, {shown_keys(app, 'today.leave_text', ' or ')} "
                   f"then {jump})")
        yield ("Mark today as a rest day", app.action_rest,
               f"a rest day keeps your streak going (on Today, {shown_keys(app, 'today.rest', ' or ')})")
        for form, title, what in EXPORTS:
            yield title, partial(app.export, form), f"{what}: coach-export-DATE.{form} in your home folder"
        # The actions of the screen in front and of the part of it in focus, by the words their keys show
        # (rename, merge, open a day …): those coach defines, not Textual's focus keys.
        screen = self.screen  # the one the palette was opened on
        nodes = [*(self.focused.ancestors_with_self if self.focused else ()), screen]
        offered: dict[str, tuple[DOMNode, Binding]] = {}
        for node in dict.fromkeys(node for node in nodes if node is screen or node in screen.walk_children()):
            for binding in _own_bindings(node):
                if binding.description and node.check_action(binding.action, ()) is not False:
                    offered.setdefault(binding.action.removeprefix("screen."), (node, binding))
        for action, (node, binding) in offered.items():
            key = shown_keys(app, binding.id, " or ") if binding.id else app.get_key_display(binding)
            title = binding.tooltip or binding.description  # a footer's short word may need its longer name
            yield (title, partial(app.run_action, action, node),
                   f"here, on {type(screen).__name__.removesuffix('Screen')}: key {key}")
        yield "Help", app.action_help, ("the 1-2-3 routine, the ideas behind it, and every key of this screen "
                                        f"({shown_keys(app, 'app.help', ' or ')})")
        # Named after what they would take back or do again; offered only when there is something to.
        undo_label, redo_label = self._undo_labels()
        if undo_label:
            yield (f"Undo {printable(undo_label)}", app.action_undo,
                   f"take back the last change ({shown_keys(app, 'app.undo', ' or ')})")
        if redo_label:
            yield (f"Redo {printable(redo_label)}", app.action_redo,
                   f"do it again ({shown_keys(app, 'app.redo', ' or ')})")
        yield "Quit", app.action_quit, "leave coach (everything is already saved)"

    def _undo_labels(self) -> tuple[str | None, str | None]:
        # Read once while the palette is open, not at every key typed in it.
        if not hasattr(self, "_labels"):
            try:
                self._labels = self.app.coach.undo_labels()  # type: ignore[attr-defined]
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
    """coach, full screen. Screens reach the data through the app's one door, `app.coach` (habits/coach.py)."""

    TITLE = "coach"
    CSS_PATH = "coach.tcss"
    ALLOW_IN_MAXIMIZED_VIEW = "KeyBar"  # as Textual keeps its Footer when a widget is maximized
    MODES = {place.mode: place.make for place in PLACES}
    DEFAULT_MODE = PLACES[0].mode
    COMMANDS = App.COMMANDS | {CoachCommands}
    merged: list[str] = []  # what run_app's merge of conflict copies brought, said once the screen is up
    _waiting: str | None = None  # the closed years last said to be on their way (coach.waiting)
    _told: set[str] = set()  # the lines of merges said already (made the app's own in on_mount)
    BINDINGS = [
        # Shown in the command palette and known from every Textual app; the footer keeps its room for coach.
        bind("app.quit", "quit", show=False),
        # Not priority: in the reflection, a TextArea, ctrl+z takes back typing. Most terminals send
        # ctrl+shift+z as ctrl+z, so redo has f9 too. Listed in the palette with what they would change.
        bind("app.undo", "undo", show=False),
        bind("app.redo", "redo", show=False),
        # Priority, so that a card or a table cannot take it first; in a text field ? is typed (see
        # check_action) and f1 still opens help.
        bind("app.help", "help('?')"),
        bind("app.help_f1", "help", show=False),
        *(
            # One compact group: six places cannot each have a labelled key in 80 columns.
            bind(f"app.go.{place.mode}", f"switch_mode('{place.mode}')", group=Binding.Group("Places", compact=True))
            for place in PLACES
        ),
    ]

    def __init__(self, door: Coach | object, clock: Callable[[], datetime] | None = None,
                 welcome: bool = False) -> None:
        """`door`: the Coach over the data file, or the store to open one on (tests build a Store).
        `welcome`: greet a first run (nothing stored yet) with the welcome dialog; `coach` asks for it,
        tests build the app without it unless they test it."""
        super().__init__()
        self.coach = door if isinstance(door, Coach) else Coach(door, clock)  # type: ignore[arg-type]
        self.clock = self.coach.clock
        self.welcome = welcome
        self.first_frame_shown = False  # Textual's Ready: the first frame is on the terminal
        # Today's suggestions wait for the first frame to reach a terminal; headless (tests), there is
        # none to wait for, unless a test asks (True).
        self.defer_suggestions: bool | None = None
        # coach's own paper-and-ink themes beside Textual's; the `coach` one until another is chosen.
        for theme in THEMES:
            self.register_theme(theme)
        self._theme_loaded = False  # until then a theme change is the stored one being applied
        self.change_timer: Timer | None = None
        # The first snapshot, which the first screen shows too (the door keeps it: no second read).
        try:
            self._first: Snapshot | None = self.coach.snapshot()
            self._unreadable: StoreError | None = None
        except StoreError as error:
            self._first, self._unreadable = None, error
        # The stored theme, in place before the stylesheet is first parsed. Set as `self.theme = …`, its
        # watcher would have Textual parse every rule twice more and restyle every widget (once for
        # the change, once for the first screen): a fifth of the first frame. So the value is set without
        # the watcher, and the two things the watcher does that matter before the first frame are done
        # here: the stylesheet gets the theme's colours, and the app its theme classes. (The watcher's
        # third, mapping ANSI colours to the theme's terminal palette, does not show: coach draws none.)
        chosen = str(self._first.settings["theme"]) if self._first is not None else DEFAULT_THEME
        self.set_reactive(App.theme, chosen if chosen in self.available_themes else DEFAULT_THEME)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.set_class(True, f"-theme-{self.current_theme.name}")
        self.set_class(dark, "-dark-mode")
        self.set_class(not dark, "-light-mode")
        self.keys_in_force: dict[str, str] = {}  # the user's own keys the bindings have now (apply_keymap)
        self._keys_told: set[str] = set()  # the keymap's clashes said already
        if self._first is not None:
            self.apply_keymap(self._first)

    def get_driver_class(self) -> type[Driver]:
        # Textual's own driver for this terminal, with a way out that does not wait (coach/driver.py);
        # any other (Windows, a web server's, one named by TEXTUAL_DRIVER) as it is.
        chosen = super().get_driver_class()
        if chosen.__name__ == "LinuxDriver":
            from coach.driver import fast_driver

            return fast_driver(inline=False)
        return chosen

    def on_mount(self) -> None:
        self.change_timer = self.set_interval(CHANGE_CHECK_SECONDS, self.check_for_changes, name="check_for_changes")
        self._theme_loaded = True  # from now on a theme is someone's choice, to keep
        self._told = set()
        self._tell_merged(self.merged)
        if self._unreadable is not None:
            self.notify(printable(str(self._unreadable)), severity="error", markup=False)
            return
        if self.welcome and self._first is not None and self._first.is_empty:
            from coach.screens.welcome import WelcomeScreen  # a first run's: imported only then

            self.push_screen(WelcomeScreen())

    def on_ready(self) -> None:
        # Textual's first frame is on the terminal: what Today left for after it (the suggestions) now.
        # `coach` starts without the cyclic collector, as a plain command does (coach/cli.py): what the
        # start made stays for the whole run, out of the collector's way, and the app collects from now.
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        # A moment after: the frame goes out through Textual's writer thread, which needs a turn first.
        self.first_frame_shown = True
        self.set_timer(SUGGESTIONS_AFTER_FIRST_FRAME, self._after_first_frame)

    def _after_first_frame(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, TodayScreen):
                screen.first_frame_shown()

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        # Textual leaves $boost clear in light themes and in those that name their panel colour
        # (textual-light, gruvbox, …); coach shades its one-line inputs with it, so give it a faint tint
        # of the text colour, or an empty field would not show.
        if variables.get("boost") == "#00000000":
            variables["boost"] = Color.parse(variables["foreground"]).with_alpha(0.07).hex
        return variables

    def watch_theme(self, theme: str) -> None:
        # A theme picked in the command palette is kept, as the `theme` setting, for the next start.
        if not self._theme_loaded:
            return
        try:
            done = self.coach.configure("theme", theme)
        except (InputError, StoreError) as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return
        self.show_done(done)

    def on_app_focus(self, event: events.AppFocus) -> None:
        # Coming back to the terminal after a while: `coach log` may have been run in another terminal,
        # or the day may have turned.
        if not self.check_for_changes() and isinstance(self.screen, TodayScreen):
            self.screen.check_rollover()

    def check_for_changes(self) -> bool:
        """Shows the data file again on the screen in front when another process changed it since the
        door last read or wrote it (`coach log`, `coach undo` in another terminal); True when it did.

        Called every CHANGE_CHECK_SECONDS and when the terminal gets the focus back. Cheap when nothing
        changed: one stat (a change made here hands its snapshot back, so this never rereads its own
        write). The screens keep what is typed and not saved yet, the focus, and the row or entry
        highlighted. A damaged file is told once, by the screen, when it changes, not at every check.
        """
        try:
            self._tell_merged(self.coach.absorb())  # a conflict copy synced in meanwhile: one look at the folder
        except StoreError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
        waiting = self.coach.waiting()  # a closed year's file on its way: said once, until it arrives
        if waiting != self._waiting and waiting:
            self.notify(printable(waiting[:1].upper() + waiting[1:]), title="Synced", markup=False, timeout=10)
        self._waiting = waiting
        if not self.coach.changed():
            return False
        try:
            if self.screen.is_modal:
                # A dialog (an entry's editor, a rename, the command palette) is left as it is; the door
                # still holds the old snapshot, so the first check after it closes catches up.
                return False
            self.refresh_screen()
        except (NoMatches, ScreenStackError):
            # The screen is being taken down (the app is closing, or a place is being left) between
            # two checks: there is nothing to show the change on, and the next screen reads the file.
            return False
        return True

    def _tell_merged(self, lines: list[str]) -> None:
        """Says what the conflict copies merged brought ("merged 3 entries from the laptop's copy"), or
        why one waits: each line once (a copy that waits for its years is looked at every check)."""
        for line in lines:
            if line in self._told:
                continue
            self._told.add(line)
            self.notify(printable(line[:1].upper() + line[1:]), title="Synced", markup=False, timeout=10)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A dialog that takes the next key pressed for a binding (coach/screens/keys.py) gets every key:
        # ?, f1 and ctrl+q are priority bindings, which would otherwise run before it sees them.
        if getattr(self.screen, "TAKES_EVERY_KEY", False):
            return False
        # The footer offers the other places, not the one you are on.
        if action == "switch_mode" and parameters and parameters[0] == self.current_mode:
            return False
        if action == "help" and parameters == ("?",):
            return not self._typing()
        return True

    def _typing(self) -> bool:
        """Whether the focus is in a text field, where a letter or a ? is text."""
        focused = self.focused
        # A TextArea is known by its document: its module is imported only once a text box is made.
        return isinstance(focused, Input) or (hasattr(focused, "document") and not focused.read_only)  # type: ignore[union-attr]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # CoachCommands lists Quit with the day's actions; one Quit in the palette is enough.
        return (command for command in super().get_system_commands(screen) if command.title != "Quit")

    def action_help(self, key: str = "f1") -> None:
        """Opens help for the screen in front, with the keys it answers to now; the same key closes it.
        `key` is only for check_action, which lets ? through to a text field."""
        from coach.screens.help import HelpScreen, help_for  # imported when first asked for

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        shown = f"{type(self.screen).__module__}:{type(self.screen).__name__}"
        place = next((p.title for p in PLACES if p.where == shown), None)
        self.push_screen(help_for(self, self.screen, place))

    async def action_log_step(self, kind: str) -> None:
        today = await self._today()
        today.focus_step(kind)

    async def action_rest(self) -> None:
        today = await self._today()
        today.action_rest()

    def export(self, form: str) -> None:
        """Writes an export into the home folder, never over an earlier one, and says where."""
        try:
            made = self.coach.export(form)
            home = Path.home()
            target = home / f"coach-export-{self.clock():%Y-%m-%d}.{form}"
            n = 1
            while target.exists():
                n += 1
                target = home / f"coach-export-{self.clock():%Y-%m-%d}-{n}.{form}"
            self.coach.write_export(target, made.payload)
        except (InputError, StoreError, OSError) as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return
        self.notify(f"Exported {made.summary} to {printable(str(target))}", markup=False, timeout=8)

    def action_undo(self) -> None:
        self._travel(back=True)

    def action_redo(self) -> None:
        self._travel(back=False)

    def _travel(self, back: bool) -> None:
        """Undoes or redoes the last change, whichever screen made it (or `coach log`), then shows the result."""
        try:
            done = self.coach.undo() if back else self.coach.redo()
        except StoreError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return
        if done.value is None:
            self.notify("Nothing to undo." if back else "Nothing to redo.")
            return
        self.notify(f"{'Undone' if back else 'Redone'}: {printable(done.value)}", markup=False)
        self.show_done(done)

    def show_done(self, done: Done) -> None:
        """Shows what a change made here left, on the screen in front: its snapshot, no read."""
        self.apply_keymap(done.snapshot)
        if isinstance(self.screen, CoachScreen):
            self.screen.show(done.snapshot)

    def refresh_screen(self) -> None:
        """Shows the data file as it is now on the screen in front."""
        try:
            self.apply_keymap(self.coach.snapshot())
        except StoreError:
            pass  # the screen says so, as it shows the file
        if isinstance(self.screen, CoachScreen):
            self.screen.refresh_from_coach()

    # Keys --------------------------------------------------------------------------------------------

    def apply_keymap(self, snapshot: Snapshot) -> None:
        """Gives the bindings the user's own keys (the `keymap` setting, coach/keymap.py) when they are not
        the ones in force: at start, after a change here (Settings, an undo), and when another process
        changed them (`coach config keymap` in another terminal, a synced machine)."""
        wanted = usable(snapshot.settings.get("keymap"))
        if wanted != self.keys_in_force:
            self.keys_in_force = wanted
            self.set_keymap(for_textual(wanted))
            # A keymap no command here would have taken (an import, a hand edit, two machines' changes
            # merged): each clash said once; the user's key is the one that works.
            for problem in problems(wanted):
                if problem not in self._keys_told:
                    self._keys_told.add(problem)
                    self.notify(printable(problem), title="Your keys", severity="warning", markup=False, timeout=12)

    def get_key_display(self, binding: Binding) -> str:
        # A key of a keyboard's other layers shows as its character (¡, £), not as Textual's name for it.
        shown = super().get_key_display(binding)
        *modifiers, key = shown.split("+") if len(shown) > 1 else [shown]
        if len(key) > 1 and "_" in key and len(character := in_words(key)) == 1:
            return "+".join([*modifiers, character])
        return shown

    async def _today(self) -> TodayScreen:
        await self.switch_mode("today")
        assert isinstance(self.screen, TodayScreen)
        return self.screen


def run_app(store: object) -> int:
    """Runs the app until the person quits; the exit code for the `coach` command."""
    # A damaged data file is reported in one line by the CLI, before the screen opens; the snapshot
    # read here is the one the first screen shows.
    coach = Coach(store)  # type: ignore[arg-type]
    try:
        merged = coach.absorb()  # the conflict copies a sync tool left: merged before the first read
    except StoreError as error:
        merged = [str(error)]
    coach.snapshot()
    app = CoachApp(coach, welcome=True)
    app.merged = merged
    app.run()
    # Everything is saved and the terminal is given back: Python's last collections, which would walk
    # every object Textual made, are left out of the wait between ctrl+q and the prompt.
    gc.freeze()
    return app.return_code or 0
