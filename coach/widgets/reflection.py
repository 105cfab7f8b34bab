"""A prompt and the text that answers it, saved a moment after typing stops: Today's reflection, the week's answer."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Label, TextArea

from habits.text import printable


class AnswerPanel(Vertical):
    """A prompt and the text that answers it, in a bordered panel whose subtitle tells whether it is saved.

    It asks for a save (the SaveDue message) a moment after typing stops and when the text loses focus;
    the screen does the saving, so that it can also save on ctrl+s, on leaving and on exit.
    Subclasses choose the delay (save_delay) and whether the panel itself takes the focus (can_focus).
    """

    class SaveDue(Message):
        pass

    def __init__(self, title: str, *, id: str, area_id: str, prompt_id: str) -> None:
        super().__init__(id=id)
        self._title = title
        self._prompt_id = prompt_id
        self.saved_text = ""
        self.stored_text = ""  # what the data file held when last loaded or saved, as habits cleaned it
        self._save_timer: Timer | None = None
        # Kept by reference, not queried: on exit the last save reads it after it is unmounted.
        self._area = TextArea(id=area_id, soft_wrap=True, compact=True)

    def compose(self) -> ComposeResult:
        yield Label(id=self._prompt_id)
        yield self._area

    def on_mount(self) -> None:
        self.border_title = self._title

    @property
    def save_delay(self) -> float:
        """Seconds between the last key and the save; a property so subclasses read their module's setting."""
        return 1.0

    @property
    def text_area(self) -> TextArea:
        return self._area

    @property
    def text(self) -> str:
        return self._area.text

    @property
    def unsaved(self) -> bool:
        return self.text != self.saved_text

    def load(self, prompt: str, text: str) -> None:
        self.query_one(f"#{self._prompt_id}", Label).update(Content(printable(prompt)))
        self.saved_text = self.stored_text = text
        self._area.load_text(text)
        self._area.move_cursor(self._area.document.end)  # more words go after the ones there
        self._cancel_timer()
        self.border_subtitle = ""

    def mark_saved(self, text: str, stored: str) -> None:
        """`text` was saved; the data file now holds `stored` (the text as habits cleaned it)."""
        self.saved_text, self.stored_text = text, stored
        self._cancel_timer()
        # Typing may have gone on while the save ran: then what is on screen is not saved yet.
        self.border_subtitle = "saved" if self.text == text else "…"

    def mark_failed(self) -> None:
        self.border_subtitle = "not saved"

    @on(TextArea.Changed)
    def _edited(self, event: TextArea.Changed) -> None:
        event.stop()
        self._cancel_timer()
        if self.unsaved:
            self.border_subtitle = "…"
            self._save_timer = self.set_timer(self.save_delay, lambda: self.post_message(self.SaveDue()))
        elif self.border_subtitle:
            self.border_subtitle = "saved"  # typed back to what is stored

    def on_descendant_blur(self) -> None:
        if self.unsaved:
            self.post_message(self.SaveDue())

    def _cancel_timer(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
