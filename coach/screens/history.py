"""History: a year as a heat map of days, the streaks and strength over time, and a page to mend any past day."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, Sparkline, Static, TextArea
from textual.widgets.option_list import Option

from coach.widgets import CoachScreen, sentence
from habits.calendar import (
    HistoryFacts, Level, YearGrid, add_months, day_level, history_facts, step_streaks, strength_series, year_grid,
)
from habits.days import parse_day
from habits.model import ACTIONS, DEFAULT_ACTION, STEPS, Entry, History, step
from habits.routine import (
    day_status, delete_entry, edit_entry, log_step, mark_rest, set_reflection, today_for,
)
from habits.store import Store, StoreError
from habits.streaks import Streak, streak
from habits.text import InputError, printable

# A cell reads without colour: each level has its own character; colour (from the theme) comes on top.
MARKS: dict[Level, str] = {"before": " ", 0: "·", 1: "░", 2: "▒", 3: "█", "rest": "◌", "future": " "}
LEVEL_CLASS: dict[Level, str] = {
    "before": "heat-map--blank", 0: "heat-map--none", 1: "heat-map--step-1", 2: "heat-map--step-2",
    3: "heat-map--step-3", "rest": "heat-map--rest", "future": "heat-map--blank",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LABEL_WIDTH = 4  # "Mon " before the first column
SELECTED_MARK, TODAY_MARK = "▲", "△"  # under the columns: which week the selected day and today are in


def long_day(day: date) -> str:
    """Saturday 14 November 2026."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def short_day(day: date) -> str:
    """Sat 14 Nov 2026."""
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def steps_line(facts: HistoryFacts, day: date, today: date) -> str:
    """What a day holds, in a few words: "2 of 3 done (Brainstorm, Connect) · reflection written"."""
    level = day_level(facts, day, today)
    kinds = facts.kinds.get(day, frozenset())
    done = [kind.title for kind in STEPS if kind.key in kinds]
    if level == "rest":
        words = "rest day"
    elif len(done) == len(STEPS):
        words = "all 3 done"
    elif done:
        words = f"{len(done)} of 3 done ({', '.join(done)})"
    else:
        words = "nothing logged"
    if day in facts.reflections:
        words += " · reflection written"
    return words


class HeatMap(Widget):
    """A year of days, a column a week and a row a weekday, each cell shaded by the steps done that day.

    Under the columns, ▲ points at the selected day's week and △ at today's; the selected day's
    weekday and month are lit in the labels. A click picks a day; a click on the picked day opens it.
    """

    COMPONENT_CLASSES = {
        "heat-map--label", "heat-map--label-selected", "heat-map--blank", "heat-map--none", "heat-map--step-1",
        "heat-map--step-2", "heat-map--step-3", "heat-map--rest", "heat-map--today", "heat-map--selected",
    }

    class Clicked(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.facts: HistoryFacts | None = None
        self.today: date | None = None
        self.selected: date | None = None
        self.grid: YearGrid | None = None

    def show(self, facts: HistoryFacts, today: date, selected: date) -> None:
        if self.grid is None or self.grid.year != selected.year:
            self.grid = year_grid(selected.year)
        self.facts, self.today, self.selected = facts, today, selected
        self.refresh(layout=True)

    @property
    def columns(self) -> int:
        return len(self.grid.columns) if self.grid else 53

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return LABEL_WIDTH + self.columns

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 9  # the months, seven weekdays, the marks

    def cell_at(self, x: int, y: int) -> date | None:
        """The day drawn at a point of the widget, if any."""
        column, row = x - LABEL_WIDTH, y - 1
        if self.grid is None or not (0 <= column < self.columns and 0 <= row < 7):
            return None
        return self.grid.columns[column][row]

    def render(self) -> Text:
        if self.grid is None or self.facts is None or self.today is None or self.selected is None:
            return Text("")
        style = self.get_component_rich_style
        label, lit = style("heat-map--label"), style("heat-map--label-selected")
        selected_column, selected_row = self.grid.position(self.selected)
        lines: list[Text] = []

        months = Text(" " * (LABEL_WIDTH + self.columns), style=label, no_wrap=True)
        for column, month in self.grid.month_starts():
            start = LABEL_WIDTH + column
            months = months[:start] + Text(MONTHS[month - 1], style=lit if month == self.selected.month else label) \
                + months[start + 3:]
        lines.append(months)

        for row, weekday in enumerate(WEEKDAYS):
            line = Text(no_wrap=True)
            line.append(f"{weekday} ", style=lit if row == selected_row else label)
            for column in self.grid.columns:
                day = column[row]
                if day is None:
                    line.append(" ")
                    continue
                level = day_level(self.facts, day, self.today)
                cell = style(LEVEL_CLASS[level])
                if day == self.today:
                    cell += style("heat-map--today")
                if day == self.selected:
                    cell += style("heat-map--selected")
                line.append(MARKS[level], style=cell)
            lines.append(line)

        marks = [" "] * self.columns
        if self.today.year == self.grid.year:
            marks[self.grid.position(self.today)[0]] = TODAY_MARK
        marks[selected_column] = SELECTED_MARK
        lines.append(Text(" " * LABEL_WIDTH + "".join(marks), style=lit, no_wrap=True))
        return Text("\n").join(lines)

    def on_click(self, event: events.Click) -> None:
        day = self.cell_at(event.x, event.y)
        if day is not None:
            self.post_message(self.Clicked(day))


def legend() -> Content:
    """What the characters mean, drawn with the same characters."""
    parts = [f"{MARKS[0]} none", f"{MARKS[1]} 1 step", f"{MARKS[2]} 2", f"{MARKS[3]} all 3", f"{MARKS['rest']} rest",
             f"{SELECTED_MARK} selected", f"{TODAY_MARK} today"]
    return Content("  ".join(parts))


def week_strengths(facts: HistoryFacts, grid: YearGrid, today: date) -> list[float]:
    """Strength at the end of each week of the year up to today (today itself for this week)."""
    ends = []
    for column in grid.columns:
        last = max(day for day in column if day is not None)
        first = min(day for day in column if day is not None)
        if first > today:
            break
        ends.append(min(last, today))
    if not ends:
        return []
    start = min(day for day in grid.columns[0] if day is not None)
    series = strength_series(facts, ends[-1], days=(ends[-1] - start).days + 1)
    return [series[(end - start).days] for end in ends]


class StreakTable(Widget):
    """The current and longest streak of the whole routine and of each step, as of today: a column
    each when there is room across, a row each when it stands beside the year."""

    ACROSS_WIDTH = 9 + 12 * (1 + len(STEPS))

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.streaks: list[tuple[str, Streak]] = []

    def show(self, facts: HistoryFacts, today: date) -> None:
        per_step = step_streaks(facts, today)
        self.streaks = [("All three", streak(facts.complete, facts.rest, today))]
        self.streaks += [(kind.title, per_step[kind.key]) for kind in STEPS]
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3 if width >= self.ACROSS_WIDTH else 1 + len(self.streaks or STEPS)

    def render(self) -> Content:
        if self.size.width >= self.ACROSS_WIDTH:
            head = Content(" " * 9) + Content.assemble(*((title.rjust(12), "bold") for title, _ in self.streaks))
            now = Content("Now".ljust(9) + "".join(str(s.current).rjust(12) for _, s in self.streaks))
            longest = Content("Longest".ljust(9) + "".join(str(s.longest).rjust(12) for _, s in self.streaks))
            return Content("\n").join([head, now, longest])
        width = max(5, max((len(str(s.longest)) for _, s in self.streaks), default=1))
        lines = [Content(" " * 10) + Content.assemble(("now".rjust(width), "bold"), "  ",
                                                       ("longest".rjust(max(width, 7)), "bold"))]
        for title, found in self.streaks:
            lines.append(Content.assemble((title.ljust(10), "bold"), str(found.current).rjust(width), "  ",
                                          str(found.longest).rjust(max(width, 7))))
        return Content("\n").join(lines)


class HistoryScreen(CoachScreen):
    """A year of the routine at a glance. Arrows move the selected day; Enter opens it to mend or fill in."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]

    BINDINGS = [
        # The day's frame says "Enter opens the day": the footer keeps its room for the places at 80 columns.
        Binding("enter", "open_day", "Open day", show=False, id="history.open_day"),
        Binding("left", "move(-7)", "Week before", show=False, id="history.week_before"),
        Binding("right", "move(7)", "Week after", show=False, id="history.week_after"),
        Binding("up", "move(-1)", "Day before", show=False, id="history.day_before"),
        Binding("down", "move(1)", "Day after", show=False, id="history.day_after"),
        Binding("[,pageup", "month(-1)", "Month", id="history.month_before", tooltip="Month before",
                group=Binding.Group("Month", compact=True)),
        Binding("],pagedown", "month(1)", "Month", id="history.month_after", tooltip="Month after",
                group=Binding.Group("Month", compact=True)),
        Binding("{,ctrl+left", "month(-12)", "Year", id="history.year_before", tooltip="Year before",
                group=Binding.Group("Year", compact=True)),
        Binding("},ctrl+right", "month(12)", "Year", id="history.year_after", tooltip="Year after",
                group=Binding.Group("Year", compact=True)),
        # Not in the footer, which has no room for it at 80 columns (and names the Today screen).
        Binding("t,home", "to_today", "Back to today", show=False, id="history.to_today"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.facts: HistoryFacts | None = None
        self.today: date | None = None
        self.selected: date | None = None
        self.entries_by_day: dict[date, list[Entry]] = {}
        self.reflections: dict[date, str] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="history-head"):
            yield Label(id="history-title")
            yield Label(id="history-standing")
        # Side by side on a wide terminal; the streaks under the year on a narrow one.
        with Horizontal(id="history-top"):
            with Vertical(id="history-year"):
                yield HeatMap(id="heat-map")
                with Horizontal(id="history-strength"):
                    yield Label("Str.", id="history-strength-label")
                    yield Sparkline(id="history-sparkline")
                yield Label(legend(), id="history-legend")
            with Vertical(id="history-streaks"):
                yield StreakTable(id="streak-table")
                yield Static(id="history-year-counts")
        with Vertical(id="history-day"):
            yield Static(id="history-day-text")
            yield Static(id="history-day-reflection")
        yield Footer()

    @property
    def heat_map(self) -> HeatMap:
        return self.query_one(HeatMap)

    def on_mount(self) -> None:
        self.query_one("#history-streaks").border_title = "Streaks in days"
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from a day's page, or from Today where a step may have just been logged.
        self.reload()

    def reload(self) -> None:
        """Reads the data file again and shows it; the selected day stays, unless today has moved before it."""
        history = self.read_history()
        if history is None:
            return
        self.facts = history_facts(history)
        self.entries_by_day = {}
        for entry in history.entries:
            self.entries_by_day.setdefault(entry.day, []).append(entry)
        self.reflections = {day: reflection.text for day, reflection in history.reflections.items()}
        self.today = today_for(history, self.app.clock())  # type: ignore[attr-defined]
        table = self.query_one(StreakTable)
        table.show(self.facts, self.today)
        overall = table.streaks[0][1]
        [strength] = strength_series(self.facts, self.today, days=1)
        days = "day" if overall.current == 1 else "days"
        self.query_one("#history-standing", Label).update(
            f"streak {overall.current} {days} · longest {overall.longest} · strength {strength:.0%}"
        )
        self.select(self.selected or self.today, force=True)

    @property
    def earliest(self) -> date:
        """How far back the selection goes: the year before the first record, for days forgotten before it."""
        assert self.today is not None
        first = self.facts.first if self.facts and self.facts.first else self.today
        return date(min(first.year, self.today.year) - 1, 1, 1)

    def select(self, day: date, force: bool = False) -> None:
        """Selects a day, never after today nor before `earliest`, and shows it."""
        if self.facts is None or self.today is None:
            return
        day = min(max(day, self.earliest), self.today)
        year_changed = self.selected is None or day.year != self.selected.year
        if day == self.selected and not force:
            return
        self.selected = day
        self.heat_map.show(self.facts, self.today, day)
        if year_changed or force:
            self._show_year()
        self._show_day()

    def _show_year(self) -> None:
        assert self.facts is not None and self.today is not None and self.heat_map.grid is not None
        grid = self.heat_map.grid
        year = grid.year
        self.query_one("#history-title", Label).update(f"History · {year}")
        # Today is still open: it is not missed yet.
        levels = [day_level(self.facts, d, self.today) for column in grid.columns for d in column
                  if d and d != self.today]
        complete, rest = levels.count(3), levels.count("rest")
        counts = [("Complete", complete), ("Partly done", levels.count(1) + levels.count(2)),
                  ("Missed", levels.count(0)), ("Rest", rest)]
        self.query_one("#history-year-counts", Static).update(Content("\n").join(
            [Content.styled(f"Days in {year}", "bold")]
            + [Content(f"{name:<12}{count:>5}") for name, count in counts]
        ))
        self.query_one("#history-year").border_title = (
            f"{year} · {complete} complete {'day' if complete == 1 else 'days'} · {rest} rest"
        )
        strengths = week_strengths(self.facts, grid, self.today)
        sparkline = self.query_one(Sparkline)
        sparkline.data = strengths
        sparkline.styles.width = max(1, len(strengths))
        self.query_one("#history-strength").display = any(strengths)
        if any(strengths):
            self.query_one("#history-year").border_subtitle = (
                f"strength at each week's end: {min(strengths):.0%} to {max(strengths):.0%}"
            )
        else:
            self.query_one("#history-year").border_subtitle = ""

    def _show_day(self) -> None:
        assert self.facts is not None and self.today is not None and self.selected is not None
        day = self.selected
        when = " (today)" if day == self.today else ""
        box = self.query_one("#history-day")
        box.border_title = f"{long_day(day)}{when}"
        box.border_subtitle = "Enter opens the day"
        if self.facts.first is None:
            lines = [Content("Nothing recorded yet: the days fill in as you log steps on Today (F2).")]
        elif day < self.facts.first:
            lines = [Content(f"Before your first record ({short_day(self.facts.first)}).")]
        else:
            lines = [Content(steps_line(self.facts, day, self.today))]
        lines += [Content("· ") + entry_line(entry) for entry in self.entries_by_day.get(day, [])]
        self.query_one("#history-day-text", Static).update(Content("\n").join(lines))
        reflection = self.reflections.get(day, "")
        said = self.query_one("#history-day-reflection", Static)
        said.update(Content("“" + printable(" ".join(reflection.split())) + "”") if reflection else "")
        said.display = bool(reflection)

    # Keys ----------------------------------------------------------------------------------------------

    def action_move(self, days: int) -> None:
        if self.selected is not None:
            self.select(self.selected + timedelta(days=days))

    def action_month(self, months: int) -> None:
        if self.selected is not None:
            self.select(add_months(self.selected, months))

    def action_to_today(self) -> None:
        if self.today is not None:
            self.select(self.today)

    def action_open_day(self) -> None:
        if self.selected is not None:
            self.app.push_screen(DayScreen(self.selected))

    @on(HeatMap.Clicked)
    def _clicked(self, event: HeatMap.Clicked) -> None:
        if event.day == self.selected:
            self.action_open_day()
        else:
            self.select(event.day)


# ---------------------------------------------------------------------------------------------------------
# A day's page: what was logged, a step forgotten, the reflection


def entry_line(entry: Entry) -> Content:
    """An entry in the day's list: the step, then who or what, then the first line of its note."""
    line = Content.assemble((f"{entry.step.title:<11}", "bold"), printable(entry.describe()))
    if entry.note:
        line += Content(" — " + printable(entry.note.splitlines()[0]))
    return line


class EntryList(OptionList):
    """The day's entries; Enter edits the highlighted one, Delete (or d) deletes it."""

    BINDINGS = [
        Binding("enter", "select", "Edit", id="history.day.edit"),
        Binding("e", "select", "Edit", show=False, id="history.day.edit_letter"),
        Binding("d,delete", "delete", "Delete", id="history.day.delete"),
    ]

    class Delete(Message):
        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def action_delete(self) -> None:
        if self.highlighted is not None:
            option = self.get_option_at_index(self.highlighted)
            if option.id:
                self.post_message(self.Delete(option.id))


class DayScreen(CoachScreen):
    """One past (or today's) routine day: its entries, to edit or delete; a step to log on it; its reflection.

    Each change is its own transaction, saved at once and undoable. The reflection is saved on ctrl+s,
    when it loses the focus and when the page closes.
    """

    AUTO_FOCUS = ""  # on_mount chooses: the entries if there are any, else the first step to fill in
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS = [
        # Escape leaves a field first, as on Today; from anywhere else it goes back to the calendar.
        Binding("escape", "leave_field", "Leave field", id="history.day.leave_field"),
        Binding("escape", "back", "Back", id="history.day.back"),
        Binding("ctrl+s", "save_reflection", "Save", id="history.day.save"),
        # Named on the steps' frame rather than in the footer, which has no room for it at 80 columns.
        Binding("ctrl+r", "rest", "Rest day", show=False, id="history.day.rest"),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.today: date | None = None
        self.entries: list[Entry] = []
        # Kept by reference: leaving the app saves it after it is unmounted.
        self._reflection = TextArea(id="day-reflection", soft_wrap=True, compact=True)
        self._reflection_saved = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="day-head"):
            yield Label(Content(long_day(self.day)), id="day-title")
            yield Label(id="day-standing")
        with Vertical(id="day-entries-box"):
            yield EntryList(id="day-entries", markup=False, compact=True)
            yield Static("Nothing logged on this day. Fill in a step below.", id="day-nothing")
        with Vertical(id="day-log"):
            for kind in STEPS:
                with Horizontal(classes="day-log-row"):
                    yield Label(f"{kind.number} {kind.title}", classes="day-log-label")
                    yield Input(placeholder=kind.placeholder, id=f"log-{kind.key}", classes="day-log-subject",
                                compact=True)
                    yield Input(placeholder="note", id=f"log-{kind.key}-note", classes="day-log-note", compact=True)
        with Vertical(id="day-reflection-box"):
            yield Label(id="day-prompt")
            yield self._reflection
        yield Footer()

    @property
    def entry_list(self) -> EntryList:
        return self.query_one(EntryList)

    @property
    def reflection(self) -> TextArea:
        return self._reflection

    def on_mount(self) -> None:
        self.query_one("#day-entries-box").border_title = "Logged"
        log = self.query_one("#day-log")
        log.border_title = "Fill in a step · Enter logs it on this day"
        log.border_subtitle = "ctrl+r: a rest day"
        self.query_one("#day-reflection-box").border_title = "Reflection"
        self.reload()
        if self.entries:
            self.entry_list.focus()
        else:
            self.query_one(f"#log-{STEPS[0].key}", Input).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_screen_suspend(self) -> None:
        self.save_reflection()  # to another place with a function key, or to edit an entry

    def on_unmount(self) -> None:
        self.save_reflection()  # closed, or the app is quitting

    def reload(self) -> None:
        """Reads the day again; a reflection being typed keeps what is typed."""
        history = self.read_history()
        if history is None:
            return
        self._show(history)

    def _show(self, history: History) -> None:
        status = day_status(history, self.day)
        today = self.today = today_for(history, self.app.clock())  # type: ignore[attr-defined]
        when = "today · " if self.day == today else ""
        standing = "rest day" if status.rest else f"{status.done_count} of 3 done"
        self.query_one("#day-standing", Label).update(f"{when}{standing}")
        self.entries = status.entries
        entry_list = self.entry_list
        highlighted = entry_list.highlighted
        entry_list.set_options(Option(entry_line(e), id=e.id) for e in self.entries)
        if self.entries:
            entry_list.highlighted = min(highlighted or 0, len(self.entries) - 1)
        entry_list.display = bool(self.entries)
        if not self.entries and entry_list.has_focus:
            self.query_one(f"#log-{STEPS[0].key}", Input).focus()  # the last one was deleted
        self.query_one("#day-nothing").display = not self.entries
        self.query_one("#day-prompt", Label).update(Content(printable(status.prompt)))
        stored = status.reflection or ""
        if self._reflection.text == self._reflection_saved and stored != self._reflection_saved:
            self._reflection.load_text(stored)
            self._reflection.move_cursor(self._reflection.document.end)
            self._reflection_saved = stored

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    # Changes --------------------------------------------------------------------------------------------

    @on(Input.Submitted, ".day-log-subject, .day-log-note")
    def _log(self, event: Input.Submitted) -> None:
        event.stop()
        kind = (event.input.id or "").removeprefix("log-").removesuffix("-note")
        subject = self.query_one(f"#log-{kind}", Input)
        note = self.query_one(f"#log-{kind}-note", Input)
        try:
            logged = log_step(self.store, kind, subject.value, day=self.day, note=note.value)
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        subject.value = note.value = ""
        self.reload()
        self.notify(f"Logged {step(kind).title} on {short_day(self.day)}: {printable(logged.entry.subject)}",
                    markup=False)
        if logged.warning:
            self.notify(printable(logged.warning), severity="warning", markup=False, timeout=10)

    @on(OptionList.OptionSelected, "#day-entries")
    def _edit(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.entry(event.option.id or "")
        if entry is None:
            return
        today = self.today or self.day

        def edited(saved: bool | None) -> None:
            if saved:
                self.notify(f"Saved {entry.step.title}.", markup=False)

        self.app.push_screen(EntryScreen(entry, self.store, today), edited)

    @on(EntryList.Delete)
    def _delete(self, event: EntryList.Delete) -> None:
        try:
            entry = delete_entry(self.store, event.entry_id)
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        self.reload()
        self.notify(f"Deleted {entry.step.title}: {printable(entry.subject)}. ctrl+z brings it back.", markup=False)

    def action_rest(self) -> None:
        try:
            outcome = mark_rest(self.store, day=self.day)
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        self.reload()
        self.notify({
            "rested": f"{short_day(self.day)} is a rest day. Your streak carries over it.",
            "already": f"{short_day(self.day)} was already a rest day.",
            "complete": f"{short_day(self.day)} is complete: nothing to rest.",
        }[outcome.result])

    def save_reflection(self) -> bool:
        text = self._reflection.text
        if text == self._reflection_saved:
            return True
        try:
            set_reflection(self.store, text, day=self.day)
        except (InputError, StoreError) as error:
            self._set_reflection_status("not saved")
            self.notify(sentence(str(error)), severity="error", markup=False)
            return False
        self._reflection_saved = text
        self._set_reflection_status("saved")
        return True

    def _set_reflection_status(self, status: str) -> None:
        if self.is_mounted:
            self.query_one("#day-reflection-box").border_subtitle = status

    @on(TextArea.Changed, "#day-reflection")
    def _reflection_edited(self) -> None:
        box = self.query_one("#day-reflection-box")
        if self._reflection.text != self._reflection_saved:
            self._set_reflection_status("…")
        elif box.border_subtitle:
            self._set_reflection_status("saved")  # typed back to what is stored

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self._reflection:
            self.save_reflection()

    def action_save_reflection(self) -> None:
        self.save_reflection()

    # Keys ----------------------------------------------------------------------------------------------

    def _in_field(self) -> bool:
        return isinstance(self.focused, (Input, TextArea))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":
            return self._in_field()
        if action == "back":
            return not self._in_field()
        if action == "save_reflection":
            return self.focused is self._reflection
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_leave_field(self) -> None:
        if self.entries:
            self.entry_list.focus()
        else:
            self.set_focus(None)

    def action_back(self) -> None:
        if self.save_reflection():
            self.dismiss()


class EntryScreen(ModalScreen[bool]):
    """An entry's fields, to correct; Enter saves what changed, Escape leaves it as it was."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="history.entry.cancel"),
        Binding("ctrl+s", "save", "Save", id="history.entry.save"),
    ]

    def __init__(self, entry: Entry, store: Store, today: date) -> None:
        super().__init__()
        self.entry = entry
        self.store = store
        self.today = today

    def compose(self) -> ComposeResult:
        entry = self.entry
        kind = entry.step
        with Vertical(classes="entry-dialog") as dialog:
            dialog.border_title = f"Edit {kind.title}"
            yield self._field(kind.subject, Input(value=printable(entry.subject), id="entry-subject", compact=True))
            for name in kind.fields:
                if name == "action":
                    widget: Widget = Select([(a, a) for a in ACTIONS], value=entry.action or DEFAULT_ACTION,
                                            allow_blank=False, id="entry-action", compact=True)
                else:
                    widget = Input(value=printable(getattr(entry, name)), id=f"entry-{name}", compact=True)
                yield self._field(name, widget)
            # A note may hold several lines: a text area keeps them (Enter there starts a new line).
            yield self._field("note", TextArea(printable(entry.note), id="entry-note", soft_wrap=True, compact=True))
            yield self._field("day", Input(value=entry.day.isoformat(), id="entry-day", compact=True))
            with Horizontal(classes="entry-dialog-buttons"):
                yield Button("Save", variant="primary", id="entry-save", compact=True)
                yield Button("Cancel", id="entry-cancel", compact=True)
            yield Label("Enter saves (ctrl+s in the note) · Escape cancels", classes="entry-dialog-keys")

    @staticmethod
    def _field(name: str, widget: Widget) -> Horizontal:
        return Horizontal(Label(name, classes="entry-field-label"), widget, classes=f"entry-field -{name}")

    def changes(self) -> dict[str, object]:
        """The fields whose value differs from the entry's: only those are saved."""
        entry = self.entry
        found: dict[str, object] = {}
        for name in ("subject", *entry.step.fields, "note"):
            widget = self.query_one(f"#entry-{name}")
            value = widget.text if isinstance(widget, TextArea) else str(widget.value)  # type: ignore[attr-defined]
            if value != printable(getattr(entry, name) or ("" if name != "action" else DEFAULT_ACTION)):
                found[name] = value
        typed = self.query_one("#entry-day", Input).value.strip()
        if typed != entry.day.isoformat():
            day = parse_day(typed, self.today)
            if day != entry.day:
                found["day"] = day
        return found

    def action_save(self) -> None:
        self.save()

    def save(self) -> None:
        try:
            changes = self.changes()
            if changes:
                edit_entry(self.store, self.entry.id, **changes)  # type: ignore[arg-type]
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        self.dismiss(bool(changes))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    @on(Button.Pressed, "#entry-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.save()

    @on(Button.Pressed, "#entry-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)
