"""Today: the three steps of the routine as a checklist, where the day stands, and the evening's reflection."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from coach.widgets import CoachScreen, sentence
from coach.widgets.reflection import AnswerPanel
from habits.coaching import Coaching, Suggestion, gathers
from habits.days import routine_day
from habits.milestones import logged_milestones
from habits.model import ACTIONS, DEFAULT_ACTION, STEPS, Entry, History, StepKind
from habits.routine import (
    DayStatus, coaching_for, day_status, delete_entry, edit_entry, log_step, mark_rest, recent_names,
    set_reflection, settings_of, today_for,
)
from habits.store import Store, StoreError
from habits.text import InputError, printable

# How often an open screen looks at the clock to see whether the routine day has turned over.
# (Changes to the data file, from `coach log` in another terminal, are the app's to notice.)
LARGE_FILE = 1_000_000  # bytes of data file from which Today paints from the summary first (about two years)
ROLLOVER_CHECK_SECONDS = 30
# A reflection is saved this long after typing stops, so a crash or a closed terminal loses little.
REFLECTION_SAVE_DELAY = 1.0


def long_date(day: date) -> str:
    """Saturday 21 November."""
    return f"{day:%A} {day.day} {day:%B}"


def describe(entry: Entry) -> str:
    """One logged entry as a line under its step: the entry, then the first line of its note."""
    line = entry.describe()
    if entry.note:
        line += " — " + entry.note.splitlines()[0]
    return printable(line)


def suggestion_line(suggestion: Suggestion, width: int) -> Content:
    """A suggestion in one line of `width` cells: who or what, and the next step (the card's lower edge
    says why).

    For an audience, the places where it gathers say more than its next step, which is the same for
    every audience; the places that do not fit go whole rather than being cut mid-word.
    """
    name = printable(suggestion.name).replace("\n", " ")
    if suggestion.where:
        whats = [gathers(suggestion.where[:n]) for n in range(len(suggestion.where), 0, -1)]
    else:
        whats = [suggestion.next_step]
    lines = [Content(f" — {what}") for what in whats]
    head = Content.assemble("Suggested: ", (name, "bold"))
    fits = next((rest for rest in lines if head.cell_length + rest.cell_length <= width), lines[-1])
    return (head + fits).truncate(width, ellipsis=True)


class SuggestionLine(Widget):
    """A step's suggestion under its question, fitted to the width it is given."""

    def __init__(self) -> None:
        super().__init__(classes="suggestion")
        self.suggestion: Suggestion | None = None

    def offer(self, suggestion: Suggestion | None) -> None:
        self.suggestion = suggestion
        self.tooltip = suggestion_help(suggestion) if suggestion else None
        self.refresh()

    def render(self) -> Content:
        return suggestion_line(self.suggestion, self.size.width) if self.suggestion else Content("")


def suggestion_help(suggestion: Suggestion) -> str:
    """The whole suggestion, for the tooltip of a line that may be cut short."""
    lines = [printable(suggestion.name), suggestion.next_step, suggestion.why]
    if suggestion.where:
        lines.append(suggestion.note)
    return "\n".join(lines)


class SubjectInput(Input):
    """A step's name input, whose placeholder is the longest of its choices that fits its width."""

    def __init__(self, placeholder: str) -> None:
        # Not selecting on focus: a letter typed on the card has already gone in, and must stay.
        super().__init__(placeholder=placeholder, classes="subject", compact=True, select_on_focus=False)
        self.choices: tuple[str, ...] = (placeholder,)

    def offer(self, *choices: str) -> None:
        self.choices = choices
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.scrollable_content_region.width
        fitting = [choice for choice in self.choices if len(choice) < width]  # one cell for the cursor
        self.placeholder = fitting[0] if fitting else self.choices[-1]


# The inputs a step's `fields` name, in the order StepKind.fields lists them.
FIELD_WIDGETS: dict[str, Callable[[], Widget]] = {
    "platform": lambda: Input(placeholder="platform", classes="platform", compact=True),
    "work": lambda: Input(placeholder="the work", classes="work", compact=True),
    "audience": lambda: Input(placeholder="audience", classes="audience", compact=True),
    "action": lambda: Select(
        [(action, action) for action in ACTIONS], value=DEFAULT_ACTION, allow_blank=False, classes="action",
        compact=True,
    ),
}


class EntryList(OptionList):
    """What is logged for a step today, one line an entry: e or Enter edits the highlighted one, d or
    Delete deletes it (ctrl+z brings it back). Up from the first line, or Escape, goes back to the card."""

    BINDINGS = [
        Binding("e,enter", "select", "Edit", key_display="e", id="today.entry.edit"),
        Binding("d,delete", "delete", "Delete", id="today.entry.delete"),
    ]

    class Edit(Message):
        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class Delete(Message):
        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self) -> None:
        super().__init__(classes="entries", markup=False, compact=True)
        self.entries: list[Entry] = []

    def show(self, entries: list[Entry]) -> None:
        """Lists the entries; the highlight stays on the same entry, or near where a deleted one was."""
        lines = [(entry.id, describe(entry)) for entry in entries]
        if lines != [(entry.id, describe(entry)) for entry in self.entries]:
            kept = self.entry
            index = self.highlighted or 0
            self.entries = list(entries)
            self.set_options(Option(f"· {line}", id=entry_id) for entry_id, line in lines)
            ids = [entry_id for entry_id, _ in lines]
            if entries:
                self.highlighted = ids.index(kept.id) if kept and kept.id in ids else min(index, len(ids) - 1)
        self.display = bool(entries)

    @property
    def entry(self) -> Entry | None:
        """The highlighted entry."""
        index = self.highlighted
        return self.entries[index] if index is not None and index < len(self.entries) else None

    def render(self) -> Content:
        # The list draws itself line by line; this is the same text in one piece, as a Static had it.
        return Content("\n".join(f"· {describe(entry)}" for entry in self.entries))

    def action_select(self) -> None:
        if entry := self.entry:
            self.post_message(self.Edit(entry))

    def action_delete(self) -> None:
        if entry := self.entry:
            self.post_message(self.Delete(entry))

    def action_cursor_up(self) -> None:
        if not self.highlighted:
            # Above the first entry is the card it belongs to, where typing starts a name again.
            for card in self.ancestors:
                if isinstance(card, StepCard):
                    card.focus()
                    return
        super().action_cursor_up()


class EditEntryScreen(ModalScreen[Entry | None]):
    """A logged entry's fields, as its step has them, to change: Enter or ctrl+s saves, Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="today.edit_entry.save"),
        Binding("escape", "cancel", "Cancel", id="today.edit_entry.cancel"),
    ]

    LABELS = {"platform": "Platform", "action": "Action", "work": "Work", "audience": "Audience"}

    def __init__(self, store: Store, entry: Entry) -> None:
        super().__init__()
        self.store = store
        self.entry = entry

    def compose(self) -> ComposeResult:
        entry = self.entry
        kind = entry.step
        with Vertical(id="edit-entry") as dialog:
            dialog.border_title = Content(f"Edit {kind.title}: {printable(entry.subject)}")
            dialog.border_subtitle = f"{long_date(entry.day)}"
            with Horizontal(classes="edit-field"):
                yield Label(kind.subject.capitalize(), classes="edit-label")
                yield Input(entry.subject, placeholder=kind.placeholder, id="edit-subject", compact=True)
            for name in kind.fields:
                with Horizontal(classes="edit-field"):
                    yield Label(self.LABELS[name], classes="edit-label")
                    if name == "action":
                        value = entry.action if entry.action in ACTIONS else DEFAULT_ACTION
                        yield Select([(a, a) for a in ACTIONS], value=value, allow_blank=False, id="edit-action",
                                     compact=True)
                    else:
                        yield Input(getattr(entry, name), placeholder=name, id=f"edit-{name}", compact=True)
            with Horizontal(classes="edit-field"):
                yield Label("Note", classes="edit-label")
                yield Input(entry.note, placeholder="note", id="edit-note", compact=True)
            yield Label("Enter or ctrl+s saves · Escape cancels", classes="edit-keys")
        yield Footer()  # over Today's, whose keys do not reach through the dialog

    def on_mount(self) -> None:
        self.query_one("#edit-subject", Input).focus()

    def changes(self) -> dict[str, str]:
        """The fields whose value differs from the entry's, by the name edit_entry gives them."""
        names = ("subject", *self.entry.step.fields, "note")
        values = {name: str(getattr(self.query_one(f"#edit-{name}"), "value")) for name in names}
        return {name: value for name, value in values.items() if value != getattr(self.entry, name)}

    def action_save(self) -> None:
        changes = self.changes()
        if not changes:
            self.dismiss(None)  # nothing changed: nothing to store, nothing to undo
            return
        try:
            edited = edit_entry(self.store, self.entry.id, **changes)
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        self.dismiss(edited)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()


class DayHeader(Horizontal):
    """The day's date on the left; how far the day is and the streak on the right."""

    def compose(self) -> ComposeResult:
        yield Label(id="day-date")
        yield Label(id="day-standing")

    def show(self, status: DayStatus) -> None:
        self.query_one("#day-date", Label).update(long_date(status.day))
        done = "rest day" if status.rest else f"{status.done_count} of 3 done"
        days = "day" if status.streak.current == 1 else "days"
        self.query_one("#day-standing", Label).update(
            f"{done} · streak {status.streak.current} {days} · longest {status.streak.longest}"
            f" · strength {status.strength:.0%}"
        )


class StepCard(Vertical, can_focus=True):
    """One step of the routine: its question, its inputs and what is logged for it today.

    The card itself takes focus (Escape moves there from an input) so that the screen's plain keys,
    1 2 3, work again; Enter or a letter goes back into the first input.

    The coach's suggestion for the step shows under the question while the step is open. One key
    takes it: Enter in the empty name input, or ctrl+y anywhere in the card (a letter would be typed).
    """

    BINDINGS = [
        Binding("enter", "edit", "Edit", show=False, id="today.step.edit"),
        Binding("ctrl+y", "accept", "Accept", id="today.step.accept"),
        # Down from the card (or from one of its inputs) to what is logged under it, to edit or delete.
        Binding("down", "to_entries", "Entries", show=False, id="today.step.entries"),
    ]

    class Submitted(Message):
        """Enter was pressed in one of the card's inputs: log the step with what they hold."""

        def __init__(self, card: StepCard, subject: str, note: str, details: dict[str, str]) -> None:
            super().__init__()
            self.card = card
            self.subject = subject
            self.note = note
            self.details = details

    def __init__(self, kind: StepKind) -> None:
        super().__init__(id=f"step-{kind.key}", classes="step")
        self.kind = kind
        self.done = False
        self.suggestion: Suggestion | None = None

    def compose(self) -> ComposeResult:
        yield Label(self.kind.question, classes="question")
        yield SuggestionLine()
        with Horizontal(classes="fields"):
            yield SubjectInput(self.kind.placeholder)
            for name in self.kind.fields:
                yield FIELD_WIDGETS[name]()
            yield Input(placeholder="note", classes="note", compact=True)
        yield EntryList()

    def on_mount(self) -> None:
        self._show_title()

    @property
    def subject_input(self) -> SubjectInput:
        return self.query_one(SubjectInput)

    def focus_first(self) -> None:
        self.subject_input.focus()

    @property
    def entry_list(self) -> EntryList:
        return self.query_one(EntryList)

    def action_edit(self) -> None:
        self.focus_first()

    def action_to_entries(self) -> None:
        # Down from above lands on the first entry, the one just below.
        self.entry_list.highlighted = 0
        self.entry_list.focus()

    def on_key(self, event: events.Key) -> None:
        # Typing on a card starts the name: the letter goes into the input rather than being lost.
        # Digits stay the screen's jumps to a step.
        if self.has_focus and event.is_printable and event.character and not event.character.isdigit():
            event.stop()
            event.prevent_default()
            field = self.subject_input
            field.cursor_position = len(field.value)
            field.insert_text_at_cursor(event.character)
            field.focus()

    def show(self, entries: list[Entry], done: bool, suggestion: Suggestion | None) -> None:
        """What is logged today, and the coach's next suggestion: a done step keeps it in its input only,
        so that a finished card stays quiet but another one is still a key away."""
        self.done = done
        self.set_class(done, "-done")
        self._show_title()
        entry_list = self.entry_list
        had_focus = entry_list.has_focus
        entry_list.show(entries)
        if had_focus and not entries:
            self.focus()  # the last one was deleted or undone: the card is where the focus was
        self.suggestion = suggestion
        line = self.query_one(SuggestionLine)
        line.offer(suggestion)
        line.display = suggestion is not None and not done
        # Why, on the card's lower edge: the line above keeps its width for who and what to do.
        # A Content, not a str: a str would be read as markup, and the why can name an audience.
        self.border_subtitle = Content(printable(suggestion.why)) if suggestion is not None and not done else None
        if suggestion is None:
            self.subject_input.offer(self.kind.placeholder)
        else:
            name = printable(suggestion.name).replace("\n", " ")
            self.subject_input.offer(f"enter to log: {name}", f"↵ {name}")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept":
            return self.suggestion is not None
        if action == "to_entries":
            return any(entry_list.display for entry_list in self.query(EntryList))
        return True

    def action_accept(self) -> None:
        """Logs the suggestion, with the details already filled in; the action and note it brings
        fill only what is left at its default."""
        suggestion = self.suggestion
        if suggestion is None:
            return
        details = self._details()
        if suggestion.action and details.get("action") == DEFAULT_ACTION:
            details["action"] = suggestion.action
        note = self.query_one(".note", Input).value or suggestion.note
        self.post_message(self.Submitted(self, suggestion.name, note, details))

    def suggest(self, subjects: list[str], platforms: list[str]) -> None:
        """Offers names and platforms already used, completed with the right arrow key."""
        self.subject_input.suggester = SuggestFromList(subjects, case_sensitive=False)
        for platform in self.query(".platform").results(Input):
            platform.suggester = SuggestFromList(platforms, case_sensitive=False)

    def clear(self) -> None:
        for field in self.query(Input):
            field.value = ""
        for action in self.query(".action").results(Select):
            action.value = DEFAULT_ACTION

    def _show_title(self) -> None:
        # The mark is a different character, not only a different colour, so it reads without colour.
        mark = "✓" if self.done else "○"
        self.border_title = Content.from_markup(
            "$mark [b]$number $title[/b]", mark=mark, number=str(self.kind.number), title=self.kind.title
        )

    def _details(self) -> dict[str, str]:
        # Each field is an Input or a Select, both of which hold a `value`.
        return {name: str(getattr(self.query_one(f".{name}"), "value")) for name in self.kind.fields}

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.subject_input.value.strip() and self.suggestion is not None:
            self.action_accept()  # Enter on the empty name takes the suggestion its placeholder shows
            return
        note = self.query_one(".note", Input).value
        self.post_message(self.Submitted(self, self.subject_input.value, note, self._details()))


class ReflectionPanel(AnswerPanel, can_focus=True):
    """The day's reflection prompt and the text that answers it.

    Unlike the week's answer, the panel itself is a stop for Tab (Enter goes into the text), and it
    remembers the text as habits stored it, cleaned, to tell a change made elsewhere from its own.
    """

    BINDINGS = [Binding("enter", "edit", "Edit", show=False, id="today.reflection.edit")]

    def __init__(self) -> None:
        super().__init__("Reflection", id="reflection-panel", area_id="reflection", prompt_id="prompt")

    @property
    def save_delay(self) -> float:
        return REFLECTION_SAVE_DELAY  # read at each edit, so that a test can shorten it

    def action_edit(self) -> None:
        self.text_area.focus()

    def on_key(self, event: events.Key) -> None:
        # As on a step's card: typing on the panel starts the text, rather than being lost. Digits
        # stay the screen's jumps to a step.
        if self.has_focus and event.is_printable and event.character and not event.character.isdigit():
            event.stop()
            event.prevent_default()
            area = self.text_area
            area.move_cursor(area.document.end)
            area.insert(event.character)
            area.focus()


class TodayScreen(CoachScreen):
    """Today's checklist. Every Enter is its own transaction through habits.routine: nothing waits to be saved."""

    AUTO_FOCUS = ""  # on_mount chooses: the first step not done yet
    # A tall terminal gives the reflection more lines (see coach.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS = [
        *(
            Binding(str(kind.number), f"jump('{kind.key}')", kind.title, id=f"today.jump.{kind.key}",
                    group=Binding.Group("Step", compact=True))
            for kind in STEPS
        ),
        # The same jumps from inside a text input, where plain digits are typed as text. Many terminals
        # send alt+digit as a character (¡ ™ £), so ctrl+up/down move between the parts of the day too.
        *(
            Binding(f"alt+{kind.number}", f"jump('{kind.key}')", kind.title, show=False, priority=True,
                    id=f"today.jump_from_text.{kind.key}")
            for kind in STEPS
        ),
        # Not in the footer, which has no room for them at 80 columns; README and help list them.
        Binding("ctrl+up", "move(-1)", "Previous part", key_display="^↑", priority=True, show=False,
                id="today.previous_part"),
        Binding("ctrl+down", "move(1)", "Next part", key_display="^↓", priority=True, show=False,
                id="today.next_part"),
        # A control key: on a card, plain letters start typing a name, and a name may begin with r.
        Binding("ctrl+r", "rest", "Rest day", id="today.rest"),
        Binding("ctrl+s", "save_reflection", "Save", id="today.save_reflection"),
        Binding("escape", "leave_text", "Leave field", show=False, id="today.leave_text"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self._day_start_hour: int | None = None  # the setting as last read: the clock alone tells a new day
        # The coach's notes already on screen today (their numbers left out): a note that comes up
        # while the screen is open, as the sixth new person is logged, is also told once as a toast.
        self._notes_shown: set[str] | None = None
        # Kept by reference: on_unmount saves the reflection after the panel has left the DOM.
        self._reflection = ReflectionPanel()

    def compose(self) -> ComposeResult:
        yield DayHeader(id="day-header")
        yield Static(id="coach-notes", markup=False)
        # Not a stop of its own for Tab: it scrolls to whichever card has the focus.
        with VerticalScroll(id="steps", can_focus=False):
            for kind in STEPS:
                yield StepCard(kind)
        yield self._reflection
        yield Footer()

    def on_mount(self) -> None:
        if not self._first_from_summary():
            self.check_day()
        # The card, not its input, takes the first focus, so that 1 2 3 work straight away;
        # Enter, a letter or a digit goes into an input.
        first_open = next((kind for kind in STEPS if not self.card(kind.key).done), STEPS[0])
        self.card(first_open.key).focus()
        self.set_interval(ROLLOVER_CHECK_SECONDS, self.check_rollover)

    def on_unmount(self) -> None:
        # The app is closing: the last words typed in the reflection must not wait for the timer.
        self.save_reflection()

    def card(self, kind: str) -> StepCard:
        return self.query_one(f"#step-{kind}", StepCard)

    @property
    def reflection(self) -> ReflectionPanel:
        return self._reflection

    def check_rollover(self) -> None:
        """Moves to the new day when the routine day has turned over; the clock alone says so, no read.

        Called every ROLLOVER_CHECK_SECONDS and when the terminal gets focus back.
        """
        if self._day_start_hour is None or routine_day(self.app.clock(), self._day_start_hour) != self.day:
            self.check_day()

    _shown_signature: tuple[int, int, int] | None = None  # the data file as the screen last showed it whole

    def _first_from_summary(self) -> bool:
        """With years in the data file, the first frame comes from the store's summary (the last days,
        every day's steps) and the coach's suggestions follow from the whole history, read in a thread.
        A small file is read whole at once: below LARGE_FILE that costs a few tens of milliseconds."""
        signature = self.store.signature()
        if signature is None or signature[1] < LARGE_FILE:
            return False
        recent = self.store.read_recent()
        if recent is None:
            return False
        self.check_day(recent.history, recent.days)
        self._shown_signature = signature  # the whole of it is on its way, in the thread
        self.run_worker(self._read_whole, thread=True, exclusive=True, group="history")
        return True

    def _read_whole(self) -> None:
        try:
            history = self.store.read()
        except StoreError:
            self.app.call_from_thread(self.check_day)  # which says what is wrong
            return
        self.app.call_from_thread(self.check_day, history)

    def check_day(self, history: History | None = None, by_day: dict[date, set[str]] | None = None) -> None:
        """Reads the data file again and shows it; if the routine day has turned over, moves to the new day.

        `history` when it has just been read; with `by_day` it is the summary's last days only, and the
        coach's suggestions wait for the whole history."""
        signature = self.store.signature()  # before the read: a change made during it is seen next time
        if history is None:
            history = self.read_history()
            if history is None:
                return
        if by_day is None:
            self._shown_signature = signature
        self._day_start_hour = int(settings_of(history)["day_start_hour"])  # type: ignore[call-overload]
        today = today_for(history, self.app.clock())
        if today != self.day:
            if self.day is not None:
                self.save_reflection()  # to the day it was written for, before the screen moves on
            self.day = today
            self._notes_shown = None
            reflection = history.reflections.get(today)
            self.reflection.load(day_status(history, today, by_day).prompt, reflection.text if reflection else "")
        else:
            # Changed behind the panel (an undo, `coach reflect`): shown again, unless words typed here
            # are waiting to be saved, which win.
            reflection = history.reflections.get(today)
            stored = reflection.text if reflection else ""
            if stored != self.reflection.stored_text and not self.reflection.unsaved:
                self.reflection.load(day_status(history, today, by_day).prompt, stored)
        self._show(history, by_day)

    def on_screen_resume(self) -> None:
        # Back from the entry editor, the command palette or another place: the data may have changed
        # (and the day turned). Right after mounting, or when nothing changed, there is nothing to read.
        if self.day is None:
            return
        if self.store.signature() != self._shown_signature:
            self.check_day()
        else:
            self.check_rollover()

    def _show(self, history: History, by_day: dict[date, set[str]] | None = None) -> None:
        assert self.day is not None
        status = day_status(history, self.day, by_day)
        self.query_one(DayHeader).show(status)
        coaching = coaching_for(history, self.day) if by_day is None else None  # from the summary: not yet
        if coaching is not None:
            self._show_notes(coaching)
        platforms = _platforms(history)
        for kind in STEPS:
            card = self.card(kind.key)
            card.show(
                [e for e in status.entries if e.kind == kind.key], status.steps[kind.key],
                coaching.first(kind.key) if coaching else None,
            )
            card.suggest(recent_names(history, kind.key), platforms)

    def _show_notes(self, coaching: Coaching) -> None:
        """The coach's notes (depth beats breadth, what to set for ideas) on one line under the date."""
        notes = [printable(note) for note in coaching.notes]
        line = self.query_one("#coach-notes", Static)
        line.update(" ".join(notes))
        line.tooltip = "\n".join(notes) or None
        line.display = bool(notes)
        kinds = {re.sub(r"\d+", "#", note): note for note in notes}
        if self._notes_shown is not None:
            for kind, note in kinds.items():
                if kind not in self._notes_shown:
                    self.notify(note, markup=False, timeout=10)
        self._notes_shown = (self._notes_shown or set()) | set(kinds)

    def focus_step(self, kind: str) -> None:
        self.card(kind).focus_first()

    def action_jump(self, kind: str) -> None:
        self.focus_step(kind)

    @property
    def parts(self) -> list[StepCard | ReflectionPanel]:
        """The parts of the day in screen order: the three steps, then the reflection."""
        return [*(self.card(kind.key) for kind in STEPS), self.reflection]

    def _current_part(self) -> StepCard | ReflectionPanel | None:
        for widget in self.focused.ancestors_with_self if self.focused else ():
            if isinstance(widget, (StepCard, ReflectionPanel)):
                return widget
        return None

    def action_move(self, offset: int) -> None:
        parts = self.parts
        current = self._current_part()
        index = parts.index(current) + offset if current else 0
        parts[index % len(parts)].action_edit()

    def action_leave_text(self) -> None:
        """Escape from a text field to the card holding it, where 1 2 3 work again."""
        if part := self._current_part():
            part.focus()

    @on(StepCard.Submitted)
    def log_entry(self, event: StepCard.Submitted) -> None:
        self.check_day()
        kind = event.card.kind
        # Only the step that completes the day can take the streak to a milestone.
        completes = not event.card.done and all(self.card(k.key).done for k in STEPS if k is not kind)
        first_of_step = not event.card.done
        try:
            logged = log_step(
                self.store, kind.key, event.subject, day=self.day, note=event.note, **event.details
            )
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        event.card.clear()
        self.check_day()
        if first_of_step:
            self._move_on_from(kind.key)
        self.notify(f"Logged {kind.title}: {printable(logged.entry.subject)}", markup=False)
        if logged.warning:
            self.notify(printable(logged.warning), severity="warning", markup=False, timeout=10)
        if completes:
            self._notify_milestones(logged.entry)

    def _move_on_from(self, kind: str) -> None:
        """After a step's first entry, on to the next open step (its card, where 1 2 3 jump again) or,
        with all three done, to the reflection: the day reads top to bottom, and a digit typed next is
        not taken as a name. A second entry of a done step keeps the focus where it is."""
        keys = [k.key for k in STEPS]
        after = keys[keys.index(kind) + 1:] + keys[: keys.index(kind)]
        target = next((self.card(k) for k in after if not self.card(k).done), None)
        (target or self.reflection).focus()

    def _notify_milestones(self, entry: Entry) -> None:
        """A streak of 7, 30, 100 or 365 days, told calmly; never a word when a streak ends."""
        try:
            history = self.store.read()
        except StoreError:
            return  # check_day has said what is wrong
        for milestone in logged_milestones(history, entry, today_for(history, self.app.clock())):
            self.notify(printable(milestone.text), title="Milestone", markup=False, timeout=10)

    @on(EntryList.Edit)
    def open_entry_editor(self, event: EntryList.Edit) -> None:
        entry = event.entry

        def edited(changed: Entry | None) -> None:
            self.check_day()
            if changed is not None:
                self.notify(f"Saved {changed.step.title}: {printable(changed.subject)}", markup=False)

        self.app.push_screen(EditEntryScreen(self.store, entry), edited)

    @on(EntryList.Delete)
    def delete_logged_entry(self, event: EntryList.Delete) -> None:
        try:
            entry = delete_entry(self.store, event.entry.id)
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            self.check_day()
            return
        self.check_day()
        self.notify(f"Deleted {entry.step.title}: {printable(entry.subject)} — ctrl+z brings it back", markup=False)

    def action_rest(self) -> None:
        self.check_day()
        try:
            outcome = mark_rest(self.store, day=self.day)
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        self.check_day()
        when = f"{outcome.day:%A}"
        self.notify({
            "rested": f"{when} is a rest day. Your streak carries over it.",
            "already": f"{when} was already a rest day.",
            "complete": f"{when} is already complete: nothing to rest.",
        }[outcome.result])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Steps are saved by Enter; ctrl+s is offered only where there is something to save by hand.
        if action == "save_reflection":
            return isinstance(self._current_part(), ReflectionPanel)
        return True

    def action_save_reflection(self) -> None:
        self.save_reflection()

    @on(ReflectionPanel.SaveDue)
    def _save_due(self) -> None:
        self.save_reflection()

    def save_reflection(self) -> None:
        """Saves the reflection for the day on screen, when it changed since it was last saved."""
        panel = self.reflection
        if self.day is None or not panel.unsaved:
            return
        text = panel.text
        try:
            stored = set_reflection(self.store, text, day=self.day)
        except (InputError, StoreError) as error:
            panel.mark_failed()
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        panel.mark_saved(text, stored)


def _platforms(history: History) -> list[str]:
    named = [str(p) for p in settings_of(history)["platforms"]]  # type: ignore[union-attr]
    used = [e.platform for e in reversed(history.entries) if e.platform]
    return list(dict.fromkeys(named + used))
