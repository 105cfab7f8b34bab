"""People: everyone you have given to or heard from, where each relationship stands, and a page for each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from coach.bindings import bind, shown_keys
from coach.widgets import CoachScreen, sentence
from coach.widgets.keybar import KeyBar
from habits.coach import Done, InputError, Person, Snapshot, StoreError
from habits.days import ago
from habits.model import DEFAULT_ACTION, step
from habits.people import STAGES, WARMING_MIN_DAYS, WARMING_MIN_GIVEN, too_early_to_ask
from habits.text import person_key, printable


def short_date(day: date, today: date) -> str:
    """Sat 21 Nov; the year only when it is not this one."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def stage_meaning(person: Person) -> str:
    """What the person's stage means, in one line, with their own numbers."""
    if person.stage == "new":
        given = len(person.given)
        span = (max(e.day for e in person.given) - min(e.day for e in person.given)).days if given else 0
        so_far = f"{given} so far" + (f", over {span} days" if span else "")
        return (f"You have started to show up for them. Warming takes {WARMING_MIN_GIVEN} or more touches "
                f"over at least {WARMING_MIN_DAYS // 7} weeks ({so_far}).")
    if person.stage == "warming":
        days = [e.day for e in person.given]
        weeks = max(WARMING_MIN_DAYS // 7, (max(days) - min(days)).days // 7)
        return f"You have shown up for them {len(days)} times over {weeks} weeks; no reply yet — that's normal."
    if person.stage == "talking":
        return "They have answered you: this is a conversation now. Keep it going, without hurry."
    return "They have answered you again and again, over a month or more: a real connection."


def too_early_line(stage: str) -> str:
    if stage == "new":
        return "Too early to ask a favour: they are only starting to see your name."
    return "Too early to ask a favour: wait until they are talking with you."


# ---------------------------------------------------------------------------------------------------------
# The table of people


@dataclass(frozen=True)
class Column:
    """A column of the people table, and how it sorts."""

    key: str
    title: str
    width: int | None  # None: shares the width the fixed columns leave
    descending: bool  # the direction it sorts in when first chosen
    order: tuple[str, str]  # the ascending and the descending order in words
    sort_key: Callable[[Person], object]
    justify: str = "left"


COLUMNS: tuple[Column, ...] = (
    Column("name", "Name", None, False, ("A to Z", "Z to A"), lambda p: p.name.casefold()),
    Column("stage", "Stage", 9, True, ("newest stage first", "furthest along first"),
           lambda p: STAGES.index(p.stage)),
    Column("last", "Last touch", 12, True, ("longest ago first", "most recent first"), lambda p: p.last_seen),
    Column("given", "Given", 7, True, ("fewest first", "most first"), lambda p: len(p.given), "right"),
    Column("heard", "Heard", 7, True, ("fewest first", "most first"), lambda p: len(p.heard), "right"),
    Column("platforms", "Platforms", None, False, ("A to Z", "Z to A"),
           lambda p: ", ".join(p.platforms).casefold()),
)
_COLUMN = {column.key: column for column in COLUMNS}
CELL_PADDING = 1  # DataTable's, on each side of a cell


def column_widths(total: int) -> dict[str, int]:
    """Fixed columns keep their width; the name and the platforms share the rest, the name more of it."""
    fixed = sum(c.width or 0 for c in COLUMNS) + 2 * CELL_PADDING * len(COLUMNS) + 1  # 1: the scrollbar
    rest = max(total - fixed, 18)
    name = max(10, rest * 3 // 5)
    return {c.key: c.width or (name if c.key == "name" else max(8, rest - name)) for c in COLUMNS}


def matches(person: Person, text: str) -> bool:
    """The filter: a case-insensitive piece of the name, a platform or the stage."""
    needle = text.strip().casefold()
    return not needle or any(needle in hay.casefold() for hay in (person.name, person.stage, *person.platforms))


class PeopleTable(DataTable):
    """The table of people; its Enter, which opens the person's page, is named in the footer."""

    BINDINGS = [bind("people.open", "select_cursor")]


class PeopleScreen(CoachScreen):
    """Everyone you have given to or heard from: filter as you type, sort by any column, Enter for a page."""

    CSS_PATH = "people.tcss"  # read when first opened (coach.tcss holds what the first frame needs)

    AUTO_FOCUS = "#people-table"
    WHOLE = True  # everyone you ever gave to or heard from

    BINDINGS = [
        bind("people.filter", "filter"),
        bind("people.sort", "sort"),
        bind("people.reverse", "reverse", show=False),
        bind("people.to_table", "to_table", show=False),
        # Escape leaves the filter for the table; on the table, it clears the filter.
        bind("people.leave_filter", "to_table"),
        bind("people.clear_filter", "clear_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_column = "last"
        self.descending = True
        self.people: list[Person] = []  # everyone, as the last snapshot shown has them
        self.shown: list[Person] = []  # those the filter lets through, in the table's order
        self.today: date | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="people-bar"):
            yield Input(placeholder="/ filter: name, platform, stage", id="people-filter", compact=True)
            yield Label(id="people-count")
        yield PeopleTable(id="people-table", cursor_type="row", zebra_stripes=False, cell_padding=CELL_PADDING)
        yield Static(id="people-empty")
        yield KeyBar()

    @property
    def table(self) -> DataTable:
        return self.query_one("#people-table", DataTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#people-filter", Input)

    def on_mount(self) -> None:
        self.refresh_from_coach()

    def on_screen_resume(self) -> None:
        # Back from a person's page, or from Today where a step may have just been logged.
        self.refresh_from_coach()

    def on_resize(self, event: events.Resize) -> None:
        self.show_people()

    def show(self, snapshot: Snapshot) -> None:
        """Shows everyone the snapshot knows; the filter, the sort, the cursor and the scroll stay."""
        today, people = snapshot.today, snapshot.people
        if (today, people) == (self.today, self.people):
            return  # nothing to show anew: the table, its cursor and its scroll stay as they are
        self.today, self.people = today, people
        self.show_people()

    def show_people(self) -> None:
        """Fills the table from `people`: the filter, then the sort; the cursor stays on the same person."""
        if self.today is None:
            return
        table = self.table
        current = self.shown[table.cursor_row].key if self.shown and 0 <= table.cursor_row < len(self.shown) else None
        column = _COLUMN[self.sort_column]
        # Directory.people is newest-seen first: the sort is stable, so ties stay in that order.
        self.shown = sorted((p for p in self.people if matches(p, self.filter_input.value)),
                            key=column.sort_key, reverse=self.descending)
        widths = column_widths(self.app.size.width)  # the table spans the screen
        # Clearing scrolls to the top; the rows in view stay in view (the cursor's row then scrolls in if
        # it has to), so that a person added elsewhere does not make the table jump.
        scrolled = table.scroll_y
        table.clear(columns=True)
        table.call_after_refresh(table.scroll_to, y=scrolled, animate=False, immediate=True)
        for col in COLUMNS:
            arrow = (" ▼" if self.descending else " ▲") if col.key == self.sort_column else ""
            table.add_column(Text(col.title + arrow, justify=col.justify, style="bold" if arrow else ""),
                             width=widths[col.key], key=col.key)
        for person in self.shown:
            table.add_row(*self._cells(person, widths), key=person.key)
        if self.shown:
            keys = [p.key for p in self.shown]
            table.move_cursor(row=keys.index(current) if current in keys else 0, animate=False)
        self._show_counts()

    def _cells(self, person: Person, widths: dict[str, int]) -> list[Text]:
        assert self.today is not None
        values = {
            "name": printable(person.name),
            "stage": person.stage,
            "last": ago(person.last_seen, self.today),
            "given": str(len(person.given)),
            "heard": str(len(person.heard)),
            "platforms": printable(", ".join(person.platforms)),
        }
        cells = []
        for col in COLUMNS:
            text = Text(values[col.key], justify=col.justify, no_wrap=True, overflow="ellipsis")
            text.truncate(widths[col.key], overflow="ellipsis")
            cells.append(text)
        return cells

    def _show_counts(self) -> None:
        column = _COLUMN[self.sort_column]
        total = len(self.people)
        count = f"{len(self.shown)} of {total}" if len(self.shown) != total else str(total)
        people = "person" if total == 1 else "people"
        order = column.order[1 if self.descending else 0]
        self.query_one("#people-count", Label).update(
            f"{count} {people} · by {column.title.lower()}, {order}"
        )
        empty = self.query_one("#people-empty", Static)
        if not self.people:
            empty.update(f"Nobody yet. The people you connect with or share ({shown_keys(self.app, 'app.go.today')}, "
                         "Today) appear here, "
                         "with where each relationship stands.")
        elif not self.shown:
            empty.update(Content.assemble("Nobody matches ", (printable(self.filter_input.value.strip()), "bold"),
                                          "."))
        empty.display = not self.shown

    def sort_by(self, key: str) -> None:
        """Sorts by a column: its own first direction when newly chosen, the other one when chosen again."""
        if key == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column = key
            self.descending = _COLUMN[key].descending
        self.show_people()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_filter = self.focused is self.filter_input
        if action in ("sort", "reverse", "filter"):
            return not in_filter  # those letters are text in the filter
        if action == "to_table":
            return in_filter
        if action == "clear_filter":
            return not in_filter and bool(self.filter_input.value)
        return True

    def action_sort(self) -> None:
        keys = [c.key for c in COLUMNS]
        self.sort_by(keys[(keys.index(self.sort_column) + 1) % len(keys)])

    def action_reverse(self) -> None:
        self.sort_by(self.sort_column)

    def action_filter(self) -> None:
        self.filter_input.focus()

    def action_to_table(self) -> None:
        self.table.focus()

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""

    def open_person(self, person: Person) -> None:
        self.app.push_screen(PersonScreen(person.name))

    @on(Input.Changed, "#people-filter")
    def _filter_changed(self) -> None:
        self.show_people()
        self.refresh_bindings()

    @on(Input.Submitted, "#people-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # the footer's keys depend on whether the filter has the focus

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        person = next((p for p in self.shown if p.key == key), None)
        if person is not None:
            self.open_person(person)

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        if event.column_key.value in _COLUMN:
            self.sort_by(event.column_key.value)


# ---------------------------------------------------------------------------------------------------------
# A person's page


@dataclass(frozen=True)
class Moment:
    """One line of a person's timeline: something you gave or something they said."""

    day: date
    created: str
    verb: str  # gave, shared, heard
    text: str


def timeline(person: Person) -> list[Moment]:
    """Everything given to and heard from a person, newest first."""
    moments = []
    for entry in person.given:
        where = f" on {entry.platform}" if entry.platform else ""
        if step(entry.kind).shares_work:
            verb, text = "shared", (entry.work or "their work") + where
        else:
            action = entry.action if entry.action and entry.action != DEFAULT_ACTION else "connected"
            verb, text = "gave", action + where
        if entry.audience:
            text += f" · found among {entry.audience}"
        moments.append(Moment(entry.day, entry.created, verb, _with_note(_as(text, entry.subject, person),
                                                                         entry.note)))
    for heard in person.heard:
        said = heard.note.splitlines()[0] if heard.note else "they answered you"
        text = f"{said} · {heard.platform}" if heard.platform else said
        moments.append(Moment(heard.day, heard.created, "heard", _as(text, heard.person, person)))
    return sorted(moments, key=lambda m: (m.day, m.created), reverse=True)


def _as(text: str, name: str, person: Person) -> str:
    # After a rename or a merge, an entry may use another name of theirs: say which.
    return text if person_key(name) == person.key else f"{text} (as {name})"


def _with_note(text: str, note: str) -> str:
    return f"{text} — {note.splitlines()[0]}" if note else text


def split_platforms(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


class PersonScreen(CoachScreen):
    """One person: where you stand, the next natural step, what you know of them and what passed between you.

    The note and the platforms are saved on ctrl+s, when they lose the focus and when the page closes.
    """

    CSS_PATH = "people.tcss"

    AUTO_FOCUS = "#timeline-box"
    WHOLE = True  # their whole timeline
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS = [
        # Escape leaves a field first, as on Today; from anywhere else it goes back to the table.
        bind("person.leave_field", "leave_field"),
        bind("person.back", "back"),
        bind("person.save", "save"),
        # Control keys: plain letters belong to the note and the platforms.
        bind("person.rename", "rename"),
        bind("person.merge", "merge"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.person_name = name
        self.person: Person | None = None
        # Kept by reference: leaving the app saves them after they are unmounted.
        self._note = TextArea(id="person-note", soft_wrap=True, compact=True,
                              placeholder="what you know of them: their work, what they care about")
        self._platforms = Input(id="person-platforms", compact=True, placeholder="comma-separated, e.g. Bluesky, blog")
        self._note_saved = ""  # what the note field held when last loaded or saved
        self._platforms_saved = ""
        self._closing = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="person-head"):
            yield Label(id="person-name")
            yield Label(id="person-stage")
        with Vertical(id="person-about"):
            yield Label(id="stage-meaning")
            yield Label(id="ask-early")
            yield Label(id="next-step")
            yield Label(id="person-facts")
        with Vertical(id="person-notes"):
            with Horizontal(classes="person-field"):
                yield Label("Platforms", classes="person-field-label")
                yield self._platforms
            with Horizontal(classes="person-field"):
                yield Label("Note", classes="person-field-label")
                yield self._note
        with VerticalScroll(id="timeline-box"):
            yield Static(id="timeline")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#person-about").border_title = "Where you stand"
        self.query_one("#person-notes").border_title = "What you know"
        self.refresh_from_coach()

    def on_screen_resume(self) -> None:
        self.refresh_from_coach()

    def on_screen_suspend(self) -> None:
        self.save()  # going to another place with F2, or to a rename or a merge

    def on_unmount(self) -> None:
        self._closing = True
        self.save()  # closed, or the app is quitting

    def show(self, snapshot: Snapshot) -> None:
        """Shows the person as the snapshot has them; fields being edited keep what is typed in them."""
        person = snapshot.directory.find(self.person_name)
        if person is None:
            self.notify(f"{printable(self.person_name)} is no longer in your history.", severity="warning",
                        markup=False)
            if self.is_current:
                self.dismiss()
            return
        self.person = person
        self.person_name = person.name
        self._show(person, snapshot.today)

    def _show(self, person: Person, today: date) -> None:
        self.query_one("#person-name", Label).update(Content(printable(person.name)))
        self.query_one("#person-stage", Label).update(Content.assemble("stage: ", (person.stage, "bold")))
        self.query_one("#stage-meaning", Label).update(stage_meaning(person))
        early = self.query_one("#ask-early", Label)
        early.update(too_early_line(person.stage))
        early.display = too_early_to_ask(person.stage)
        from habits.coaching import next_step_for

        next_step, why = next_step_for(person, today)
        self.query_one("#next-step", Label).update(Content.assemble(
            ("Next step: ", "bold"), next_step, (f" — {why}" if why else "", "dim")))
        facts = [
            f"first seen {short_date(person.first_seen, today)}",
            f"last touch {ago(person.last_seen, today)}",
            f"{len(person.given)} given",
            f"{len(person.heard)} heard",
        ]
        if person.asks:
            facts.append(f"{len(person.asks)} asked (not counted as given)")
        if person.audiences:
            facts.append("found among " + ", ".join(person.audiences))
        self.query_one("#person-facts", Label).update(Content(printable(" · ".join(facts))))
        # Fields: shown as the snapshot has them unless something typed there is not saved yet.
        platforms = ", ".join(person.platforms)
        if self._platforms.value == self._platforms_saved and split_platforms(self._platforms.value) != list(
            person.platforms
        ):
            self._platforms.value = platforms
            self._platforms_saved = platforms
        if self._note.text == self._note_saved and self._note.text.strip() != person.note:
            self._note.load_text(person.note)
            self._note.move_cursor(self._note.document.end)  # more words go after the ones there
            self._note_saved = person.note
        self._show_timeline(person, today)

    def _show_timeline(self, person: Person, today: date) -> None:
        moments = timeline(person)
        days = [short_date(m.day, today) for m in moments]
        width = max(map(len, days), default=0)
        verb_style = {"gave": "$accent", "shared": "$accent", "heard": "bold $success"}
        lines = [
            Content.assemble((day.ljust(width), "$text-muted"), "  ", (f"{m.verb}:", verb_style[m.verb]), " ",
                             printable(m.text))
            for day, m in zip(days, moments)
        ]
        self.query_one("#timeline", Static).update(Content("\n").join(lines))
        box = self.query_one("#timeline-box")
        given, heard = len(person.given), len(person.heard)
        box.border_title = f"Timeline · {given} given, {heard} heard"

    # Saving -------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Saves the note and the platforms, those that changed, as one change; False when it was refused."""
        return self._save(note=True, platforms=True)

    def _save(self, *, note: bool = False, platforms: bool = False) -> bool:
        typed: dict[str, str] = {}
        if platforms and self._platforms.value != self._platforms_saved:
            typed["platforms"] = self._platforms.value
        if note and self._note.text != self._note_saved:
            typed["note"] = self._note.text
        if not typed:
            return True
        before = self.person
        try:
            done = self.coach.change_person(self.person_name, **typed)
        except (InputError, StoreError) as error:
            self._set_status("not saved")
            self.notify(sentence(str(error)), severity="error", markup=False)
            return False
        self._note_saved = typed.get("note", self._note_saved)
        self._platforms_saved = typed.get("platforms", self._platforms_saved)
        if self._closing:
            return True
        if "platforms" in typed:
            # A platform an entry names stays theirs, even when taken out of the list.
            kept_out = {p.casefold() for p in split_platforms(typed["platforms"])}
            kept = [p for p in (before.platforms if before else ()) if p.casefold() not in kept_out]
            if kept:
                self.notify(f"{printable(', '.join(kept))} stays: entries with them name it.", markup=False)
        self._set_status("saved" if not self._unsaved else "…")
        if self.app.screen is self:
            self.show(done.snapshot)  # else it shows when it comes back
        return True

    @property
    def _unsaved(self) -> bool:
        return self._note.text != self._note_saved or self._platforms.value != self._platforms_saved

    def _set_status(self, status: str) -> None:
        if not self._closing:
            self.query_one("#person-notes").border_subtitle = status

    @on(TextArea.Changed)
    @on(Input.Changed, "#person-platforms")
    def _edited(self) -> None:
        if self._unsaved:
            self._set_status("…")

    @on(Input.Submitted, "#person-platforms")
    def _platforms_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save(platforms=True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self._note:
            self._save(note=True)
        elif event.widget is self._platforms:
            self._save(platforms=True)

    def action_save(self) -> None:
        if self.save():
            self._set_status("saved")

    # Keys ---------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_field = self.focused in (self._note, self._platforms)
        if action == "leave_field":
            return in_field
        if action == "back":
            return not in_field
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_leave_field(self) -> None:
        self.query_one("#timeline-box").focus()

    def action_back(self) -> None:
        if self.save():
            self.dismiss()

    def action_rename(self) -> None:
        if not self.save():
            return
        old = self.person_name

        def renamed(done: Done | None) -> None:
            if done is not None:
                self.person_name = done.value
                self.show(done.snapshot)
                self.notify(f"Renamed {printable(old)} to {printable(done.value)}. The old name still finds them.",
                            markup=False)

        self.app.push_screen(RenameScreen(old, lambda new: self.coach.change_person(old, rename=new)), renamed)

    def action_merge(self) -> None:
        if not self.save() or self.person is None:
            return
        snapshot = self.current()
        if snapshot is None:
            return
        this = snapshot.directory.find(self.person_name) or self.person
        others = [p for p in snapshot.people if p.key != this.key]
        if not others:
            self.notify("There is nobody else to merge with.", markup=False)
            return

        def merged(done: Done | None) -> None:
            if done is not None:
                self.person_name = done.value
                self.show(done.snapshot)
                self.notify(f"{printable(this.name)} and {printable(done.value)} are one person now, "
                            f"called {printable(done.value)}.", markup=False)

        self.app.push_screen(
            MergeScreen(this, others, lambda other: self.coach.change_person(this.name, merge_into=other)), merged
        )


# ---------------------------------------------------------------------------------------------------------
# Rename and merge


class RenameScreen(ModalScreen[Done | None]):
    """A new name for a person; the old one keeps finding them. Dismissed with what the rename did."""

    CSS_PATH = "people.tcss"

    BINDINGS = [bind("person.rename.cancel", "cancel")]

    def __init__(self, name: str, rename: Callable[[str], Done]) -> None:
        super().__init__()
        self.old_name = name
        self._rename = rename

    def compose(self) -> ComposeResult:
        with Vertical(classes="person-dialog") as dialog:
            dialog.border_title = Content(f"Rename {printable(self.old_name)}")
            yield Label("The old name stays as another name for them: entries that used it are still theirs.",
                        classes="person-dialog-help")
            yield Input(value=printable(self.old_name), id="rename-input", compact=True)
            yield Label(f"Enter renames · {shown_keys(self.app, 'person.rename.cancel', ' or ')} cancels",
                        classes="person-dialog-keys")

    @on(Input.Submitted, "#rename-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            done = self._rename(event.value)
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        self.dismiss(done)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MergeScreen(ModalScreen[Done | None]):
    """Pick who a person is the same as, then confirm; the one picked keeps their name. Dismissed with
    what the merge did."""

    CSS_PATH = "people.tcss"

    BINDINGS = [
        bind("person.merge.cancel", "cancel"),
        bind("person.merge.up", "move(-1)", show=False),
        bind("person.merge.down", "move(1)", show=False),
    ]

    def __init__(self, person: Person, others: list[Person], merge: Callable[[str], Done]) -> None:
        super().__init__()
        self.person = person
        self.others = others
        self._merge = merge
        self.chosen: Person | None = None
        self.candidates: list[Person] = list(others)

    def compose(self) -> ComposeResult:
        name = printable(self.person.name)
        with Vertical(classes="person-dialog", id="merge-dialog") as dialog:
            dialog.border_title = Content(f"Merge {name} with…")
            with Vertical(id="merge-pick"):
                yield Label(Content.assemble(
                    "Who else is ", (name, "bold"), "? The one you pick keeps their name, and everything given "
                    "and heard moves to them.",
                ), classes="person-dialog-help")
                yield Input(placeholder="type to find a name", id="merge-filter", compact=True)
                yield OptionList(id="merge-options", markup=False, compact=True)
                yield Label(f"{shown_keys(self.app, 'person.merge.up', '/')}{shown_keys(self.app, 'person.merge.down', '/')} "
                            f"choose · Enter picks · {shown_keys(self.app, 'person.merge.cancel', ' or ')} cancels",
                            classes="person-dialog-keys")
            with Vertical(id="merge-confirm"):
                yield Label(id="merge-question", classes="person-dialog-help")
                with Horizontal(classes="person-dialog-buttons"):
                    yield Button("Merge", variant="warning", id="merge-yes", compact=True)
                    yield Button("Back", id="merge-back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#merge-confirm").display = False
        self._fill()
        self.query_one("#merge-filter", Input).focus()

    @property
    def options(self) -> OptionList:
        return self.query_one("#merge-options", OptionList)

    def _fill(self) -> None:
        needle = self.query_one("#merge-filter", Input).value.strip().casefold()
        self.candidates = [p for p in self.others if needle in p.name.casefold()]
        self.options.set_options(
            Option(Content.assemble((printable(p.name), "bold"),
                                    (f"  {p.stage} · {len(p.given)} given · {len(p.heard)} heard", "$text-muted")),
                   id=p.key)
            for p in self.candidates
        )
        if self.candidates:
            self.options.highlighted = 0

    @on(Input.Changed, "#merge-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            return self.focused is self.query_one("#merge-filter", Input)
        return True

    def action_move(self, offset: int) -> None:
        if offset < 0:
            self.options.action_cursor_up()
        else:
            self.options.action_cursor_down()

    @on(Input.Submitted, "#merge-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.options.highlighted
        if index is not None and 0 <= index < len(self.candidates):
            self.pick(self.candidates[index])

    @on(OptionList.OptionSelected, "#merge-options")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick(self.candidates[event.option_index])

    def pick(self, other: Person) -> None:
        """Shows what the merge will do, and waits for a yes."""
        self.chosen = other
        this, that = printable(self.person.name), printable(other.name)
        given = len(self.person.given) + len(other.given)
        heard = len(self.person.heard) + len(other.heard)
        self.query_one("#merge-question", Label).update(Content.assemble(
            "Merge ", (this, "bold"), " into ", (that, "bold"), "? ", (that, "bold"), " keeps the name; ",
            (this, "bold"), f" still finds them. Together: {given} given, {heard} heard.",
        ))
        self.query_one("#merge-pick").display = False
        self.query_one("#merge-confirm").display = True
        self.query_one("#merge-yes", Button).focus()

    def unpick(self) -> None:
        self.chosen = None
        self.query_one("#merge-confirm").display = False
        self.query_one("#merge-pick").display = True
        self.query_one("#merge-filter", Input).focus()

    @on(Button.Pressed, "#merge-yes")
    def _confirmed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.chosen is None:
            return
        try:
            done = self._merge(self.chosen.name)
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        self.dismiss(done)

    @on(Button.Pressed, "#merge-back")
    def _back(self, event: Button.Pressed) -> None:
        event.stop()
        self.unpick()

    def action_cancel(self) -> None:
        if self.chosen is not None:
            self.unpick()
        else:
            self.dismiss(None)
