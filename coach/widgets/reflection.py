"""A prompt and the text that answers it, saved a moment after typing stops: a day's reflection (Today,
a past day's page), the week's answer (Review)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from datetime import date

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from coach.bindings import bind
from coach.widgets import sentence
from coach.widgets.writing import TypeToWrite
from habits.coach import Coach, Done, InputError, StoreError
from habits.text import printable

if TYPE_CHECKING:
    from textual.widgets import TextArea

# A reflection is saved this long after typing stops, so a crash or a closed terminal loses little.
REFLECTION_SAVE_DELAY = 1.0


class AnswerPicture(Widget, can_focus=True):
    """The answer as its text box shows it, drawn in one widget until the box is first used: a text box is
    many parts for Textual to style, and Today opens with one. Focus or a click opens the box."""

    def __init__(self, panel: AnswerPanel, id: str) -> None:
        super().__init__(id=id, classes="answer")
        self.panel = panel

    def render(self) -> Content:
        # The last lines, as the box shows them with its cursor after the last word.
        lines = Content(self.panel.text).wrap(max(1, self.size.width)) if self.panel.text else []
        return Content("\n").join(lines[-max(1, self.size.height):])

    def on_focus(self) -> None:
        self.panel.text_area.focus()

    def on_click(self, event: events.Click) -> None:
        self.panel.text_area.focus()


class AnswerPanel(Vertical):
    """A prompt and the text that answers it, in a bordered panel whose subtitle tells whether it is saved.

    It asks for a save (the SaveDue message) a moment after typing stops and when the text loses focus;
    the screen saves (`save_with`), so that it can also save on ctrl+s, on leaving and on exit.
    Subclasses choose the delay (save_delay) and whether the panel itself takes the focus (can_focus).
    """

    class SaveDue(Message):
        pass

    def __init__(self, title: str, *, id: str, area_id: str) -> None:
        super().__init__(id=id)
        self._title = title
        self.prompt = ""  # drawn by the panel on its first line, above the text box (one widget less)
        self.saved_text = ""
        self.stored_text = ""  # what the data file held when last loaded or saved, as habits cleaned it
        self._save_timer: Timer | None = None
        self._area_id = area_id
        # The text box, made when first used (`text_area`); until then a picture of it, and the text here.
        # Kept by reference, not queried: on exit the last save reads it after it is unmounted.
        self._area: TextArea | None = None
        self._text = ""
        self._picture = AnswerPicture(self, id=f"{area_id}-picture")

    def compose(self) -> ComposeResult:
        yield self._picture

    def render(self) -> Content:
        # The prompt, on the line above the text box (whose top margin keeps it free).
        return Content.styled(printable(self.prompt), "italic").truncate(self.size.width, ellipsis=True)

    def on_mount(self) -> None:
        self.border_title = self._title

    @property
    def save_delay(self) -> float:
        """Seconds between the last key and the save; a property so subclasses read their module's setting."""
        return 1.0

    @property
    def text_area(self) -> TextArea:
        """The text box, put in the picture's place the first time it is asked for."""
        if self._area is None:
            from textual.widgets import TextArea  # not imported until a text box is first used

            area = self._area = TextArea(self._text, id=self._area_id, classes="answer", soft_wrap=True,
                                         compact=True)
            area.move_cursor(area.document.end)  # more words go after the ones there
            if self._picture.styles.inline.has_rule("height"):
                area.styles.height = self._picture.styles.height
            self._picture.display = False
            self.mount(area, after=self._picture)
        return self._area

    @property
    def text(self) -> str:
        return self._area.text if self._area is not None else self._text

    def set_lines(self, lines: int) -> None:
        """How many lines the text box shows (a tall terminal gives Today's reflection more)."""
        for box in (self._picture, self._area):
            if box is not None:
                box.styles.height = lines

    @property
    def unsaved(self) -> bool:
        return self.text != self.saved_text

    def load(self, prompt: str, text: str) -> None:
        self.prompt = prompt
        self.refresh()
        self.saved_text = self.stored_text = text
        if self._area is None:
            self._text = text
            self._picture.refresh()
        else:
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

    def save_with(self, write: Callable[[str], Done]) -> Done | None:
        """Saves the text, when it changed since it was last saved, by `write` (one change through the
        door, whose value is the text as stored). A refusal is said, and the panel says "not saved"."""
        if not self.unsaved:
            return None
        text = self.text
        try:
            done = write(text)
        except (InputError, StoreError) as error:
            self.mark_failed()
            self.notify(sentence(str(error)), severity="error", markup=False)
            return None
        self.mark_saved(text, str(done.value))
        return done

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
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


class ReflectionPanel(TypeToWrite, AnswerPanel, can_focus=True):
    """A routine day's reflection: its prompt and the text that answers it (Today, a past day's page).

    Unlike the week's answer, the panel itself is a stop for Tab (Enter or a letter goes into the text),
    and it remembers the text as habits stored it, cleaned, to tell a change made elsewhere from its own.
    """

    BINDINGS = [bind("reflection.edit", "edit", show=False)]

    def __init__(self) -> None:
        super().__init__("Reflection", id="reflection-panel", area_id="reflection")
        self.day: date | None = None

    @property
    def save_delay(self) -> float:
        return REFLECTION_SAVE_DELAY  # read at each edit, so that a test can shorten it

    @property
    def writing_field(self) -> TextArea:
        return self.text_area

    def action_edit(self) -> None:
        self.text_area.focus()

    def show(self, day: date, prompt: str, stored: str) -> None:
        """The reflection of `day` as stored. Another day's is loaded (the last words typed for the day
        before are the screen's to save first); the same day's, changed elsewhere (an undo, `coach
        reflect`), is shown again unless words typed here wait to be saved, which win."""
        if day != self.day:
            self.day = day
            self.load(prompt, stored)
        elif stored != self.stored_text and not self.unsaved:
            self.load(prompt, stored)

    def save(self, coach: Coach) -> Done | None:
        """Saves what is typed as the reflection of the day shown."""
        day = self.day
        if day is None:
            return None
        return self.save_with(lambda text: coach.reflect(text, day=day))
