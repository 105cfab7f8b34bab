"""Settings: when a day starts, rest days, what you write, where you meet people, the look, your own prompts."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select, TextArea

from coach.bindings import bind, shown_keys
from coach.screens.keys import KeyDialog, KeyTable
from coach.widgets import CoachScreen
from coach.widgets.keybar import KeyBar
from coach.keymap import Key, keys_in_words, keys_of, rebinding, usable
from habits.coach import InputError, Snapshot, StoreError
from habits.prompts import PROMPTS
from habits.settings import setting
from habits.text import printable


@dataclass(frozen=True)
class Field:
    """A setting as the screen shows it: its label, and a line on what it does."""

    key: str
    label: str
    help: str


# One a setting of habits.settings; the theme is a choice of the app's themes, the prompts a text of lines.
FIELDS: tuple[Field, ...] = (
    Field("day_start_hour", "Day starts at", "an hour, 0-23: at 4, 01:30 still counts as the day before"),
    Field("rest_days_per_week", "Rest days a week", "0-7; a rest day keeps your streak going"),
    Field("genres", "What you write", "genres, comma-separated: audience ideas come from them"),
    Field("platforms", "Where you meet", "platforms, comma-separated: offered as you log a step"),
    Field("theme", "Theme", "the app's colours; ctrl+p, then \"theme\", previews them too"),
    Field("prompts", "Your prompts", "one question a line; they join the built-in ones that close the day"),
    Field("keymap", "Your keys", "Enter on a row, then the key: for keys your terminal or tmux keeps (f-keys, alt+1)"),
)
_FIELD = {field.key: field for field in FIELDS}
TEXT_FIELDS = ("day_start_hour", "rest_days_per_week", "genres", "platforms")
# An empty field still shows where to type, and what.
PLACEHOLDERS = {"genres": "e.g. historical fiction, horror", "platforms": "e.g. Bluesky, Mastodon, blog"}


def shown_value(key: str, value: object) -> str:
    """A stored value as its field holds it: the prompts one a line, the rest as `coach config` shows them."""
    if key == "prompts":
        return "\n".join(str(p) for p in value) if isinstance(value, list) else ""
    return setting(key).show(value)


class SettingsScreen(CoachScreen):
    """Every setting, each saved on its own: Enter or leaving a field saves it; a refusal shows beside it."""

    CSS_PATH = "settings.tcss"  # read when first opened (coach.tcss holds what the first frame needs)

    BINDINGS = [
        bind("settings.save", "save"),
        bind("settings.leave_field", "leave_field", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        # Kept by reference: on_unmount saves after the fields have left the DOM.
        self.fields: dict[str, Input | TextArea] = {
            key: Input(placeholder=PLACEHOLDERS.get(key, ""), id=f"field-{key}", compact=True, select_on_focus=False)
            for key in TEXT_FIELDS
        }
        self.fields["prompts"] = TextArea(id="field-prompts", soft_wrap=True, compact=True,
                                          placeholder="Who made you laugh online today?")
        # What each field held when it was last shown from the data or saved: a field holding anything
        # else has typing in it that is not saved yet, which showing the data again never overwrites.
        self.saved_text: dict[str, str] = {}
        self.own_prompts = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="settings-head"):
            yield Label("Settings", id="settings-title")
            yield Label("Enter, or leaving a field, saves it", id="settings-hint")
        with VerticalScroll(id="settings-body", can_focus=False):
            for field in FIELDS:
                with Vertical(classes="setting", id=f"setting-{field.key}"):
                    with Horizontal(classes="setting-row"):
                        with Vertical(classes="setting-label"):
                            yield Label(field.label)
                            if field.key == "prompts":
                                yield Label(id="prompt-count", classes="setting-count")
                        yield self._editor(field.key)
                    yield Label(field.help, classes="setting-note", id=f"note-{field.key}", markup=False)
        yield KeyBar()

    def _editor(self, key: str) -> Widget:
        if key == "keymap":
            return KeyTable(id="field-keymap")
        if key == "theme":
            themes = sorted(self.app.available_themes)
            return Select([(name, name) for name in themes], allow_blank=False, value=self.app.theme,
                          id="field-theme", compact=True)
        return self.fields[key]

    def on_mount(self) -> None:
        self.refresh_from_coach()
        # A theme picked in the command palette shows here at once.
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def on_screen_resume(self) -> None:
        self.refresh_from_coach()

    def on_screen_suspend(self) -> None:
        # Off to another place, or a dialog over this one: what was typed goes to the file, not lost here.
        self.save_all()

    def on_unmount(self) -> None:
        self.save_all(quiet=True)  # the app is closing

    # Reading -------------------------------------------------------------------------------------------

    def text_of(self, key: str) -> str:
        field = self.fields[key]
        return field.text if isinstance(field, TextArea) else field.value

    def _set_text(self, key: str, text: str) -> None:
        self.saved_text[key] = text  # first: the Changed that follows then sees nothing unsaved
        field = self.fields[key]
        if isinstance(field, TextArea):
            field.load_text(text)
        else:
            field.value = text

    def unsaved(self, key: str) -> bool:
        return key in self.saved_text and self.text_of(key) != self.saved_text[key]

    def show(self, snapshot: Snapshot) -> None:
        """Shows the settings as the snapshot has them, in every field but the one being typed in and
        those holding typing not saved yet."""
        values = snapshot.settings
        for key, field in self.fields.items():
            text = printable(shown_value(key, values[key]))
            if key in self.saved_text and (field.has_focus or self.unsaved(key) or self.saved_text[key] == text):
                continue
            self._set_text(key, text)
        prompts = values["prompts"]
        self._show_prompt_count(len(prompts) if isinstance(prompts, list) else 0)
        self.query_one(KeyTable).show(usable(values["keymap"]))

    def _theme_changed(self, theme: str) -> None:
        select = self.query_one("#field-theme", Select)
        if select.value != theme:
            select.value = theme

    def _show_prompt_count(self, own: int) -> None:
        self.own_prompts = own
        self.query_one("#prompt-count", Label).update(f"{own} yours\n{len(PROMPTS)} built in")

    # Saving --------------------------------------------------------------------------------------------

    def save(self, key: str, quiet: bool = False) -> bool:
        """Saves one field when its text changed; False when the setting refused it (the note says why)."""
        if not self.unsaved(key):
            return True
        text = self.text_of(key)
        try:
            done = self.coach.configure(key, text)
        except (InputError, StoreError) as error:
            if not quiet:
                self._note(key, f"✗ Not saved: {printable(str(error))}", "error")
            return False
        self.saved_text[key] = text
        if not quiet:
            # The field not being typed in shows the value as stored: trimmed, blanks and repeats dropped.
            self.show(done.snapshot)
            self._note(key, "✓ Saved", "saved")
        return True

    def save_all(self, quiet: bool = False) -> bool:
        # A list, not a generator: every field is saved, not only those before the first refused one.
        return all([self.save(key, quiet) for key in self.fields])  # noqa: C419

    def _note(self, key: str, text: str | None = None, state: str = "") -> None:
        """The line under a field: what it does, or what became of the last save. Saved and refused
        each say so in words, so that the colour is never the only sign."""
        note = self.query_one(f"#note-{key}", Label)
        note.update(Content(text if text is not None else _FIELD[key].help))
        for name in ("error", "saved", "editing"):
            note.set_class(state == name, f"-{name}")
        self.query_one(f"#setting-{key}").set_class(state == "error", "-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        key = (event.input.id or "").removeprefix("field-")
        if key not in TEXT_FIELDS:
            return
        if self.unsaved(key):
            self.save(key)
        elif not self.query_one(f"#note-{key}").has_class("-error"):
            self._note(key, "✓ Saved", "saved")  # Enter on what is already saved says so too

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _edited(self, event: Input.Changed | TextArea.Changed) -> None:
        widget = event.input if isinstance(event, Input.Changed) else event.text_area
        key = (widget.id or "").removeprefix("field-")
        if key not in self.fields:
            return
        if self.unsaved(key):
            how = shown_keys(self.app, "settings.save", " or ") if key == "prompts" else "Enter"
            self._note(key, f"{how} or leaving the field saves it · {_FIELD[key].help}", "editing")
        elif self.query_one(f"#note-{key}").has_class("-editing"):
            self._note(key)  # typed back to what is saved

    @on(Select.Changed, "#field-theme")
    def _theme_chosen(self, event: Select.Changed) -> None:
        event.stop()
        theme = str(event.value)
        if theme == self.app.theme or theme not in self.app.available_themes:
            return
        self.app.theme = theme  # the app keeps it as the `theme` setting (CoachApp.watch_theme)
        self._note("theme", f"✓ Saved: {theme}", "saved")

    @on(KeyTable.Chosen)
    def _key_chosen(self, event: KeyTable.Chosen) -> None:
        snapshot = self.current()
        if snapshot is None:
            return
        yours = usable(snapshot.settings["keymap"])
        self.app.push_screen(KeyDialog(event.spec, yours), lambda keys: self._rebind(event.spec, keys))

    def _rebind(self, spec: Key, keys: str | None) -> None:
        """Keeps the key the dialog took ("": the binding's default again), and applies it at once."""
        if keys is None:
            return
        try:
            # Checked again as it is kept: another process may have given the key to another binding, and
            # its default again may be another binding's key now.
            done = self.coach.rebind(spec.id, *rebinding(spec.id, keys))
        except (InputError, StoreError) as error:
            self._note("keymap", f"✗ Not saved: {printable(str(error))}", "error")
            return
        self.app.show_done(done)  # type: ignore[attr-defined]  # CoachApp: the keymap applied, and shown here
        now = keys_in_words(keys_of(usable(done.value), spec.id))
        self._note("keymap", f"✓ Saved: {spec.about} ({spec.where}) is now {now}", "saved")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        key = (event.widget.id or "").removeprefix("field-")
        if key in self.fields:
            self.save(key)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    # Keys ----------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":
            return self.focused is not None
        return True

    def action_save(self) -> None:
        key = (self.focused.id or "").removeprefix("field-") if self.focused else ""
        if self.save_all() and key in self.fields and not self.unsaved(key):
            self._note(key, "✓ Saved", "saved")

    def action_leave_field(self) -> None:
        self.set_focus(None)
