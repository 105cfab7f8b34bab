"""Your own keys, in Settings: every binding of coach/keymap.py in a table, and a dialog that takes the
next key pressed, as this terminal sends it (alt+1 may arrive as ¡: then ¡ is the key to bind)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from coach import keymap
from coach.keymap import Key, in_words, keys_in_words, keys_of
from habits.text import InputError


class KeyTable(DataTable[Text]):
    """One row a binding: where it works, what it does, its keys (yours in bold, marked •). Enter on a
    row asks for its new key."""

    class Chosen(Message):
        def __init__(self, spec: Key) -> None:
            super().__init__()
            self.spec = spec

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.shown: dict[str, str] | None = None

    def on_mount(self) -> None:
        self.add_column("Where", key="where")
        self.add_column("What it does", key="about")
        self.add_column("Keys", key="keys")

    def show(self, yours: dict[str, str]) -> None:
        """The keys as `yours` (the keymap in force) makes them; the row under the cursor stays."""
        if yours == self.shown:
            return
        self.shown = dict(yours)
        row = self.cursor_row
        self.clear()
        for spec in keymap.KEYS:
            keys = keys_in_words(keys_of(yours, spec.id), " ")
            shown = Text(f"• {keys}", "bold") if spec.id in yours else Text(f"  {keys}")
            self.add_row(Text(spec.where[:1].upper() + spec.where[1:]), Text(spec.about), shown, key=spec.id)
        self.move_cursor(row=min(row, self.row_count - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(keymap.BY_ID[str(event.row_key.value)]))


class KeyDialog(ModalScreen[str | None]):
    """Asks for a binding's new key: the next key pressed is shown, checked against the rest of the
    keymap, and kept with Enter. Escape cancels; Backspace gives the binding its default keys again.
    Those three, and several keys for one binding, are for `coach config keymap ID KEYS`."""

    TAKES_EVERY_KEY = True  # the app's own keys, priority ones too, step aside while it asks (CoachApp.check_action)

    def __init__(self, spec: Key, yours: dict[str, str]) -> None:
        super().__init__()
        self.spec = spec
        self.yours = yours
        self.chosen: str | None = None  # the key pressed last, when it can be taken

    def compose(self) -> ComposeResult:
        now = keys_of(self.yours, self.spec.id)
        with Vertical(id="key-dialog") as dialog:
            dialog.border_title = f"Keys for {self.spec.about} · {self.spec.where}"
            dialog.border_subtitle = self.spec.id
            default = "its default" if self.spec.id not in self.yours else f"default {self.spec.keys}"
            yield Label(Content(f"Now: {now} ({default})"), id="key-now")
            yield Label("Press the key you want.", id="key-pressed")
            yield Label("Enter keeps it · Escape cancels · Backspace: its default again", classes="key-hint")

    def on_key(self, event: events.Key) -> None:
        # Every key comes here first, as the terminal sends it: none of them is a binding while asked.
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self.dismiss(None)
        elif event.key == "backspace":
            self.dismiss("")
        elif event.key == "enter":
            if self.chosen is not None:
                self.dismiss(self.chosen)
        else:
            self._pressed(event.key)

    def _pressed(self, key: str) -> None:
        pressed = self.query_one("#key-pressed", Label)
        try:
            self.chosen = keymap.check(self.yours, self.spec.id, key)
        except InputError as error:
            self.chosen = None
            pressed.update(Content(f"✗ {error}"))
            pressed.set_class(True, "-error")
            return
        said = [f"✓ {in_words(self.chosen)}: Enter keeps it", *(f"! {note}" for note in keymap.notes(self.spec.id, self.chosen))]
        pressed.update(Content("\n".join(said)))
        pressed.set_class(False, "-error")
