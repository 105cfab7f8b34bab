"""Today: the three steps of the routine as a checklist, where the day stands, and the evening's reflection."""

from __future__ import annotations

import re
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Label, Static

from coach.widgets.day_page import DayPage
from coach.widgets.entries import EntryList
from coach.widgets.entry_editor import long_date
from coach.widgets.reflection import ReflectionPanel
from coach.widgets.step_form import StepForm, SubjectInput
from coach.widgets.writing import TypeToWrite
from habits.coach import (
    Coaching,
    DayStatus,
    Done,
    Entry,
    Snapshot,
    StoreError,
    Suggestion,
    gathers,
)
from habits.fields import fields_of
from habits.model import STEPS, StepKind
from habits.text import printable
from habits.wording import standing

# How often an open screen looks at the clock to see whether the routine day has turned over.
# (Changes to the data file, from `coach log` in another terminal, are the app's to notice.)
ROLLOVER_CHECK_SECONDS = 30


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


class DayHeader(Horizontal):
    """The day's date on the left; how far the day is and the streak on the right."""

    def compose(self) -> ComposeResult:
        yield Label(id="day-date")
        yield Label(id="day-standing")

    def show(self, status: DayStatus) -> None:
        self.query_one("#day-date", Label).update(long_date(status.day))
        days = "day" if status.streak.current == 1 else "days"
        self.query_one("#day-standing", Label).update(
            f"{standing(status.done_count, status.rest)} · streak {status.streak.current} {days}"
            f" · longest {status.streak.longest} · strength {status.strength:.0%}"
        )


class StepCard(TypeToWrite, Vertical, can_focus=True):
    """One step of the routine: its question, its form and what is logged for it today.

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

    def __init__(self, kind: StepKind) -> None:
        super().__init__(id=f"step-{kind.key}", classes="step")
        self.kind = kind
        self.done = False
        self.suggestion: Suggestion | None = None

    def compose(self) -> ComposeResult:
        yield Label(self.kind.question, classes="question")
        yield SuggestionLine()
        yield StepForm(self.kind)
        yield EntryList()

    def on_mount(self) -> None:
        self._show_title()

    @property
    def form(self) -> StepForm:
        return self.query_one(StepForm)

    @property
    def subject_input(self) -> SubjectInput:
        return self.form.subject_input

    @property
    def writing_field(self) -> SubjectInput:
        return self.subject_input  # typing on the card starts the name

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

    @on(EntryList.Top)
    def _back_to_card(self, event: EntryList.Top) -> None:
        # Above the first entry is the card it belongs to, where typing starts a name again.
        event.stop()
        self.focus()

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

    def accepted(self, details: dict[str, str]) -> dict[str, str]:
        """The details with what the suggestion brings (a connect's action, where an audience gathers)
        in the fields still at their default: what is filled in wins."""
        assert self.suggestion is not None
        taken = dict(details)
        for field in fields_of(self.kind):
            brought = getattr(self.suggestion, field.name, "")
            if brought and taken.get(field.name, field.default) == field.default:
                taken[field.name] = brought
        return taken

    def action_accept(self) -> None:
        """Logs the suggestion, with the details already filled in."""
        if self.suggestion is not None:
            form = self.form
            form.post_message(StepForm.Submitted(form, self.suggestion.name, self.accepted(form.details())))

    @on(StepForm.Submitted)
    def _take_suggestion(self, event: StepForm.Submitted) -> None:
        # Enter on the empty name takes the suggestion its placeholder shows; on its way to the screen.
        if not event.subject.strip() and self.suggestion is not None:
            event.subject, event.details = self.suggestion.name, self.accepted(event.details)

    def _show_title(self) -> None:
        # The mark is a different character, not only a different colour, so it reads without colour.
        mark = "✓" if self.done else "○"
        self.border_title = Content.from_markup(
            "$mark [b]$number $title[/b]", mark=mark, number=str(self.kind.number), title=self.kind.title
        )


class TodayScreen(DayPage):
    """Today's checklist. Every Enter is one change through the door: nothing waits to be saved."""

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
        self.shown: Snapshot | None = None
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
        self.refresh_from_coach()
        # The card, not its input, takes the first focus, so that 1 2 3 work straight away;
        # Enter, a letter or a digit goes into an input.
        first_open = next((kind for kind in STEPS if not self.card(kind.key).done), STEPS[0])
        self.card(first_open.key).focus()
        self.set_interval(ROLLOVER_CHECK_SECONDS, self.check_rollover)

    def on_unmount(self) -> None:
        # The app is closing: the last words typed in the reflection must not wait for the timer.
        self.save_reflection()

    def on_screen_resume(self) -> None:
        # Back from the entry editor, the command palette or another place: the data may have changed
        # (and the day turned). The door's last snapshot, when nothing did: one stat.
        if self.shown is not None:
            self.refresh_from_coach()

    def card(self, kind: str) -> StepCard:
        return self.query_one(f"#step-{kind}", StepCard)

    @property
    def reflection(self) -> ReflectionPanel:
        return self._reflection

    def check_rollover(self) -> None:
        """Moves to the new day when the routine day has turned over; the clock alone says so, no read.

        Called every ROLLOVER_CHECK_SECONDS and when the terminal gets focus back.
        """
        if self.shown is not None and self._turned():
            self.refresh_from_coach()

    def _turned(self) -> bool:
        """Whether the routine day is no longer the one shown: the clock and the stored day start say so."""
        try:
            return self.coach.today() != self.day
        except StoreError:
            return True  # nothing could be read yet: showing it again says why

    def show(self, snapshot: Snapshot) -> None:
        """Shows the routine day `snapshot` is of, keeping what is typed, the focus and the highlighted
        entry; a turned day saves the reflection typed for the day before, to that day, first."""
        if snapshot is self.shown:
            return
        if snapshot.today != self.day and self.day is not None:
            self.save_reflection()
        self.shown = snapshot
        if snapshot.today != self.day:
            self.day = snapshot.today
            self._notes_shown = None
        status = snapshot.status()
        self.reflection.show(status.day, status.prompt, status.reflection or "")
        self.query_one(DayHeader).show(status)
        coaching = snapshot.coaching
        self._show_notes(coaching)
        for kind in STEPS:
            card = self.card(kind.key)
            card.show([e for e in status.entries if e.kind == kind.key], status.steps[kind.key],
                      coaching.first(kind.key))
            card.form.suggest(snapshot.recent_names(kind.key), snapshot.used)

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

    def on_the_day(self) -> bool:
        """Whether the day shown is still the routine day (no read); if not, moves to the new one first."""
        if self.shown is None or self._turned():
            self.refresh_from_coach()
        return self.shown is not None

    def logged(self, kind: StepKind, done: Done) -> None:
        """After a step's first entry, on to the next open step (its card, where 1 2 3 jump again) or,
        with all three done, to the reflection: the day reads top to bottom, and a digit typed next is
        not taken as a name. A second entry of a done step keeps the focus where it is."""
        if sum(1 for entry in done.snapshot.entries_on(done.value.day) if entry.kind == kind.key) > 1:
            return
        keys = [k.key for k in STEPS]
        after = keys[keys.index(kind.key) + 1:] + keys[: keys.index(kind.key)]
        target = next((self.card(k) for k in after if not self.card(k).done), None)
        (target or self.reflection).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Steps are saved by Enter; ctrl+s is offered only where there is something to save by hand.
        if action == "save_reflection":
            return isinstance(self._current_part(), ReflectionPanel)
        return True
