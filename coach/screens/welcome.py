"""The first run: the 1-2-3 routine in two lines, and the three settings the coach needs from day one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from coach.bindings import bind, shown_keys
from coach.screens.settings import FIELDS, PLACEHOLDERS
from habits.coach import Coach, InputError, StoreError
from habits.settings import setting
from habits.text import printable

ROUTINE = (
    ("Every day, three small steps: brainstorm one audience, connect with one person, "
     "share one person's work."),
    "It is about relationships, not follower counts: one person today, another tomorrow.",
)

# What the coach's first suggestions need: genres for audience ideas, platforms to log where, and when
# a day starts so that late-night steps land on the right day. The rest can wait for Settings (f7).
KEYS = ("genres", "platforms", "day_start_hour")
_FIELD = {field.key: field for field in FIELDS}
# The Settings screen's words, shortened where the dialog is narrower.
NOTES = {key: _FIELD[key].help for key in KEYS} | {"day_start_hour": "an hour, 0-23: at 4, 01:30 counts as the day before"}


class WelcomeScreen(ModalScreen[bool]):
    """Shown once, over Today, when the data file holds nothing yet. Start (Enter) saves what was
    filled in and closes; Escape closes and saves nothing. Dismissed with True when something was saved."""

    DEFAULT_CSS = """
    WelcomeScreen {
        align: center middle;
    }
    #welcome {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $border;
        border-title-color: $text-accent;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        background: $surface;
    }
    #welcome .routine {
        width: 1fr;
        color: $text;
    }
    #welcome .routine.-last {
        margin-bottom: 1;
        color: $text-muted;
    }
    #welcome .welcome-row {
        height: 1;
    }
    #welcome .welcome-label {
        width: 17;
        color: $text-muted;
    }
    #welcome .welcome-row:focus-within .welcome-label {
        color: $text;
        text-style: bold;
    }
    #welcome Input {
        width: 1fr;
        padding: 0 1;
        background: $boost;
    }
    #welcome Input:focus {
        background: $primary 25%;
    }
    #welcome .welcome-note {
        width: 1fr;
        margin-left: 17;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    #welcome .welcome-note.-error {
        color: $text-error;
        text-style: bold;
    }
    #welcome-keys {
        height: 1;
        margin-top: 1;
    }
    #welcome-keys Label {
        width: 1fr;
        padding-left: 2;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS = [
        bind("welcome.skip", "skip"),
        bind("welcome.next", "app.focus_next", show=False),
        bind("welcome.previous", "app.focus_previous", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome") as dialog:
            dialog.border_title = "Welcome to coach"
            dialog.border_subtitle = f"{shown_keys(self.app, 'app.go.settings')} Settings changes these later"
            yield Static(ROUTINE[0], classes="routine", markup=False)
            yield Static(ROUTINE[1], classes="routine -last", markup=False)
            for key in KEYS:
                field = _FIELD[key]
                with Horizontal(classes="welcome-row"):
                    yield Label(field.label, classes="welcome-label")
                    yield Input(
                        setting(key).show(setting(key).default) if key == "day_start_hour" else "",
                        placeholder=PLACEHOLDERS.get(key, ""), id=f"welcome-{key}", compact=True,
                        select_on_focus=False,
                    )
                yield Label(NOTES[key], classes="welcome-note", id=f"welcome-note-{key}", markup=False)
            with Horizontal(id="welcome-keys"):
                yield Button("Start", variant="primary", id="welcome-start", compact=True)
                yield Label("Enter saves and starts · Esc skips, nothing saved")

    def on_mount(self) -> None:
        self.query_one(f"#welcome-{KEYS[0]}", Input).focus()

    def value(self, key: str) -> str:
        return self.query_one(f"#welcome-{key}", Input).value

    def _note(self, key: str, error: str | None) -> None:
        """The line under a field: what it is for, or why its value was refused (with a ✗, not only red)."""
        note = self.query_one(f"#welcome-note-{key}", Label)
        # The label beside it names the setting: "day_start_hour takes a whole number …" loses its first words.
        note.update(Content(f"✗ {printable(error.removeprefix(f'{key} takes '))}" if error else NOTES[key]))
        note.set_class(error is not None, "-error")

    def action_start(self) -> None:
        """Checks every field first, so that a refused one saves nothing; then saves each that differs
        from its default (an untouched field stores nothing) and closes."""
        parsed: dict[str, object] = {}
        errors: dict[str, str] = {}
        for key in KEYS:
            try:
                parsed[key] = setting(key).parse(self.value(key))
            except InputError as error:
                errors[key] = str(error)
        for key in KEYS:
            self._note(key, errors.get(key))
        if errors:
            self.query_one(f"#welcome-{next(iter(errors))}", Input).focus()
            return
        saved = False
        for key in KEYS:
            if parsed[key] == setting(key).default:
                continue
            try:
                self.coach.configure(key, self.value(key))
            except (InputError, StoreError) as error:
                self._note(key, str(error))
                return
            saved = True
        self.dismiss(saved)

    def action_skip(self) -> None:
        self.dismiss(False)

    @property
    def coach(self) -> Coach:
        return self.app.coach  # type: ignore[attr-defined]

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    @on(Button.Pressed, "#welcome-start")
    def _start_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()
