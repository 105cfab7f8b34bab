"""Audiences: the groups you brainstormed, where each gathers and who you found there, and ideas for more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.bindings import bind, shown_keys
from coach.widgets import CoachScreen, sentence
from coach.widgets.keybar import KeyBar
from habits.audience_map import AudienceIdea, audience_key, idea, ideas_for_genres, neighbours
from habits.coach import Audience, InputError, Person, Snapshot, StoreError, gathers
from habits.model import STEPS
from habits.people import Directory
from habits.text import person_key, printable
from habits.wording import and_list

# A relationship's stage as the detail reads it.
STAGE_WORDS = {"new": "new", "warming": "warming up", "talking": "talking with you", "connected": "connected"}
# The stages that mean an audience brought you someone real: its neighbours are worth a look.
ANSWERING_STAGES = ("talking", "connected")
# Ideas offered next to each audience that brought you such a person: a few, not the whole map.
NEIGHBOURS_PER_AUDIENCE = 5
GENRES_EXAMPLE = 'coach config genres "historical fiction, horror"'
# The step an idea is logged as: the one that names an audience.
BRAINSTORM = next(kind for kind in STEPS if kind.names_audience)


def short_date(day: date, today: date) -> str:
    """1 Nov, or Nov 2025 for another year: the width of a table column."""
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day:%b %Y}"


def long_date(day: date) -> str:
    """Sunday 1 November 2026."""
    return f"{day:%A} {day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Suggested:
    """An audience from the built-in map offered as an idea, and why it is offered."""

    idea: AudienceIdea
    why: str

    @property
    def key(self) -> str:
        return audience_key(self.idea.name)


@dataclass(frozen=True)
class IdeaGroup:
    title: str
    ideas: tuple[Suggested, ...]


def genres_of(settings: dict[str, object]) -> list[str]:
    genres = settings.get("genres")
    return [str(g) for g in genres] if isinstance(genres, list) else []


def idea_groups(people: list[Person], genres: list[str], listed: set[str]) -> list[IdeaGroup]:
    """Ideas not yet among your audiences: first next to the audiences where you met people who talk
    with you, then for the genres you write. `listed` holds the audience keys already in your list."""
    taken = set(listed)
    groups: list[IdeaGroup] = []
    met: dict[str, tuple[str, list[str]]] = {}  # audience key -> (its name, the people met there)
    for person in people:
        if person.stage in ANSWERING_STAGES:
            for name in person.audiences:
                met.setdefault(audience_key(name), (name, []))[1].append(person.name)
    for name, people in met.values():
        why = f"next to {name}, where you met {and_list(people)}"
        found = [Suggested(item, why) for item in neighbours(name) if audience_key(item.name) not in taken]
        found = found[:NEIGHBOURS_PER_AUDIENCE]
        taken.update(s.key for s in found)
        if found:
            groups.append(IdeaGroup(why[:1].upper() + why[1:], tuple(found)))
    if genres:
        why = f"for {', '.join(genres)}"
        found = [Suggested(item, why) for item in ideas_for_genres(genres) if audience_key(item.name) not in taken]
        if found:
            groups.append(IdeaGroup(f"For {', '.join(genres)}", tuple(found)))
    return groups


def ideas_hint(genres: list[str], groups: list[IdeaGroup]) -> Content:
    """The calm line under the ideas: how to get some, or why there are none for the genres set."""
    genres = [printable(g) for g in genres]
    if not genres:
        return Content("Name your genres for ideas to match:\n") + Content.styled(GENRES_EXAMPLE, "bold")
    if any(g.title.startswith("For ") for g in groups):
        return Content("")
    if ideas_for_genres(genres):
        return Content(f"You have brainstormed every idea coach has for {', '.join(genres)}. Nicely done.")
    return Content(f"coach has no ideas for {', '.join(genres)} yet. It knows genres such as historical "
                   f"fiction, horror, fantasy, romance, mystery and young adult.")


class AudienceTable(DataTable[Text]):
    """Your audiences, one row each, the newest first; the name column takes whatever width is left."""

    # The widths of the columns after the name, in cells, and how their headers read.
    COLUMNS = (("first", "First", 6), ("times", "Times", 5), ("people", "People", 6))

    # Enter goes on to edit the highlighted audience; a click only highlights it.
    BINDINGS = [bind("audiences.edit", "edit")]

    class EditRequested(Message):
        pass

    def __init__(self) -> None:
        super().__init__(id="audience-table", cursor_type="row", zebra_stripes=True)
        self.rows_shown: list[Audience] = []
        self.today: date | None = None

    def show(self, shown: list[Audience], today: date, keep: str | None = None) -> None:
        """Fills the table; the cursor stays on the audience `keep` names when it is still there."""
        current = self.current
        if (shown, today) == (self.rows_shown, self.today) and keep in (None, current.key if current else None):
            return  # read again, nothing changed (`coach log` wrote something else): cursor and scroll stay
        self.rows_shown = shown
        self.today = today
        self._build(keep)

    @property
    def current(self) -> Audience | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]

    def action_edit(self) -> None:
        if self.current is not None:
            self.post_message(self.EditRequested())

    def on_resize(self, event: events.Resize) -> None:
        current = self.current
        self._build(current.key if current else None)

    def _build(self, keep: str | None) -> None:
        if self.today is None:
            return
        others = sum(width + 2 * self.cell_padding for _, _, width in self.COLUMNS)
        # One cell is kept for the scroll bar, which comes and goes with the number of rows.
        name_width = max(10, self.size.width - others - 2 * self.cell_padding - 1)
        scrolled = self.scroll_y
        self.clear(columns=True)
        # Clearing scrolls to the top: the rows in view stay in view (the cursor's row scrolls in if it must).
        self.call_after_refresh(self.scroll_to, y=scrolled, animate=False, immediate=True)
        self.add_column("Audience", width=name_width, key="name")
        for key, label, width in self.COLUMNS:
            self.add_column(Text(label, justify="right"), width=width, key=key)
        for audience in self.rows_shown:
            self.add_row(
                Text(printable(audience.name), no_wrap=True, overflow="ellipsis"),
                Text(short_date(audience.first_seen, self.today), justify="right"),
                Text(str(audience.times), justify="right"),
                Text(str(len(audience.people)), justify="right"),
                key=audience.key,
            )
        keys = [a.key for a in self.rows_shown]
        if keep in keys:
            self.move_cursor(row=keys.index(keep), animate=False, scroll=True)


class DetailScroll(VerticalScroll):
    """The detail's text, a Tab stop only when it is too long to read without scrolling."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0


class AudienceDetail(Vertical):
    """What is known of the highlighted audience, with its `where` and note to edit; or the highlighted idea."""

    def compose(self) -> ComposeResult:
        with DetailScroll(id="detail-body"):
            yield Static(id="detail-text")
        with Vertical(id="detail-edit"):
            with Horizontal(classes="field"):
                yield Label("where", classes="field-label")
                yield Input(id="audience-where", compact=True, placeholder="where they gather")
            with Horizontal(classes="field"):
                yield Label("note", classes="field-label")
                yield Input(id="audience-note", compact=True, placeholder="a note about them")

    @property
    def where_input(self) -> Input:
        return self.query_one("#audience-where", Input)

    @property
    def note_input(self) -> Input:
        return self.query_one("#audience-note", Input)

    def show_text(self, title: str, body: Content) -> None:
        self.border_title = Content(printable(title))  # a Content: an audience's name is not markup
        self.query_one("#detail-text", Static).update(body)


def _heading(text: str, aside: str = "") -> Content:
    head = Content.styled(text, "bold $text-accent")
    return head + Content.styled(f" {aside}", "$text-muted") if aside else head


def audience_text(audience: Audience, directory: Directory) -> Content:
    """The detail of one of your audiences: when, its notes, where it gathers, who you found there."""
    if audience.times:
        times = "once" if audience.times == 1 else f"{audience.times} times"
        when = f"First brainstormed {long_date(audience.first_seen)}, {times} in all."
    else:
        when = f"Not brainstormed yet: named where you found someone on {long_date(audience.first_seen)}."
    parts = [Content.styled(when, "$text-muted"), Content(""), _heading("Notes")]
    notes = [n for n in audience.notes if n.strip()]
    parts += [Content(f"· {printable(n)}") for n in notes] or [Content.styled("none yet", "$text-muted")]
    parts += [Content("")]
    if audience.where:
        parts += [_heading("Where they gather"), Content(printable(audience.where))]
    elif (known := idea(audience.name)) is not None:
        parts += [_heading("Where they gather", "(ideas)"), Content(" · ".join(known.where))]
    else:
        parts += [_heading("Where they gather"),
                  Content.styled("not noted yet: type it below, then Enter", "$text-muted")]
    parts += [Content(""), _heading("People found here")]
    if audience.people:
        for name in audience.people:
            person = directory.find(name)
            stage = STAGE_WORDS[person.stage] if person else STAGE_WORDS["new"]
            shown = person.name if person else name
            parts.append(Content(f"· {printable(shown)}") + Content.styled(f" — {stage}", "$text-muted"))
    else:
        parts.append(Content.styled("nobody yet: log a Connect with “found in” set to it", "$text-muted"))
    return Content("\n").join(parts)


def idea_text(suggested: Suggested, listed: set[str], keys: str = "Enter or ctrl+b") -> Content:
    """The detail of an idea: why it is offered, where it gathers, what sits next to it (and which of
    those are yours already); `keys`: those that log it."""
    item = suggested.idea
    parts = [
        Content.styled(f"An idea {printable(suggested.why)}.", "$text-muted"),
        Content(""),
        _heading("Where they gather"),
        *(Content(f"· {place}") for place in item.where),
    ]
    if item.related:
        related = [name + (" (yours)" if audience_key(name) in listed else "") for name in item.related]
        parts += [Content(""), _heading("Next to it"), Content(" · ".join(related))]
    parts += [Content(""), Content.styled(f"{keys} logs it as today's Brainstorm.", "italic $text-muted")]
    return Content("\n").join(parts)


class IdeaList(OptionList):
    """The ideas. Enter logs the highlighted one; a click only highlights it, so browsing logs nothing."""

    BINDINGS = [bind("audiences.idea.log", "screen.brainstorm_idea", show=False)]


class AudiencesHeader(Horizontal):
    """The screen's line: its name on the left, how many audiences and people on the right."""

    def compose(self) -> ComposeResult:
        yield Label("Audiences", id="audiences-title")
        yield Label(id="audiences-count")

    def show(self, shown: list[Audience]) -> None:
        if not shown:
            self.query_one("#audiences-count", Label).update("none brainstormed yet")
            return
        people = {person_key(name) for audience in shown for name in audience.people}
        count = "1 audience" if len(shown) == 1 else f"{len(shown)} audiences"
        found = "1 person" if len(people) == 1 else f"{len(people)} people"
        self.query_one("#audiences-count", Label).update(f"{count} · {found} found in them")


class AudiencesScreen(CoachScreen):
    """Your audiences and what is known of each, and ideas for the next ones to brainstorm."""

    CSS_PATH = "audiences.tcss"  # read when first opened (coach.tcss holds what the first frame needs)

    AUTO_FOCUS = "#audience-table"
    WHOLE = True  # every audience ever brainstormed, and who was found in each

    BINDINGS = [
        # One key, two jobs: in the ideas it logs the highlighted one; anywhere else it goes to them.
        bind("audiences.brainstorm_idea", "brainstorm_idea"),
        bind("audiences.focus_ideas", "focus_ideas"),
        bind("audiences.leave_text", "leave_text", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: Snapshot | None = None  # the data as last shown
        self.ideas: dict[str, Suggested] = {}
        self.listed: set[str] = set()  # the keys of the audiences in your list
        self._showing_idea = False
        # The audience whose `where` and note the inputs hold, and the values they were loaded with.
        self._editing: str | None = None
        self._loaded = ("", "")

    def compose(self) -> ComposeResult:
        yield AudiencesHeader(id="audiences-header")
        with Grid(id="audiences-body"):
            with Vertical(id="audience-list", classes="panel"):
                yield AudienceTable()
                yield Static(id="audience-empty")
            yield AudienceDetail(id="audience-detail", classes="panel")
            with Vertical(id="ideas-panel", classes="panel"):
                yield IdeaList(id="ideas")
                yield Static(id="ideas-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#audience-list").border_title = "Your audiences"
        self.query_one("#ideas-panel").border_title = "Ideas"

    def on_screen_resume(self) -> None:
        # Opened, or back from another screen or the command palette: `coach log` may have run meanwhile.
        self.refresh_from_coach()

    @property
    def table(self) -> AudienceTable:
        return self.query_one(AudienceTable)

    @property
    def idea_list(self) -> OptionList:
        return self.query_one("#ideas", OptionList)

    @property
    def detail(self) -> AudienceDetail:
        return self.query_one(AudienceDetail)

    def show(self, snapshot: Snapshot, select: str | None = None) -> None:
        """Shows the audiences and ideas as the snapshot has them, keeping the highlighted audience and
        idea where it can (`select`: the audience to highlight instead)."""
        self.snapshot = snapshot
        shown = snapshot.audiences
        self.query_one(AudiencesHeader).show(shown)
        current = self.table.current
        self.table.show(shown, snapshot.today, keep=select or (current.key if current else None))
        self.table.display = bool(shown)
        self.listed = {a.key for a in shown}
        genres = genres_of(snapshot.settings)
        groups = idea_groups(snapshot.people, genres, self.listed)
        self._show_ideas(groups, ideas_hint(genres, groups))
        empty = self.query_one("#audience-empty", Static)
        more = ", or pick one of the ideas below" if self.ideas else ""
        empty.update(f"No audiences yet. Brainstorm one on Today ({shown_keys(self.app, 'app.go.today')}){more}.")
        empty.display = not shown
        self._show_detail()
        if self.focused is None or not self.focused.display:
            # Nothing to highlight among your audiences yet: the ideas are where to start.
            (self.table if shown else self.idea_list).focus()

    def _show_ideas(self, groups: list[IdeaGroup], hint_text: Content) -> None:
        ideas_list = self.idea_list
        before = ideas_list.highlighted
        was = ideas_list.highlighted_option.id if ideas_list.highlighted_option else None
        self.ideas = {s.key: s for group in groups for s in group.ideas}
        options: list[Option] = []
        for group in groups:
            options.append(Option(Content.styled(printable(group.title), "bold"), disabled=True))
            for suggested in group.ideas:
                options.append(Option(
                    Content(f"  {suggested.idea.name}") + Content.styled(
                        "  " + " · ".join(suggested.idea.where), "$text-muted"),
                    id=suggested.key,
                ))
        ideas_list.set_options(options)
        ideas_list.display = bool(options)
        hint = self.query_one("#ideas-hint", Static)
        hint.update(hint_text)
        hint.display = bool(hint_text)
        hint.set_class(bool(options), "-under-ideas")
        if not options:
            return
        enabled = [i for i, option in enumerate(options) if not option.disabled]
        if was in self.ideas:
            ideas_list.highlighted = ideas_list.get_option_index(was)
        else:
            # The idea just logged has left the list: the one after it takes its place.
            wanted = before if before is not None else 0
            ideas_list.highlighted = next((i for i in enabled if i >= wanted), enabled[-1])

    @property
    def current_idea(self) -> Suggested | None:
        option = self.idea_list.highlighted_option
        return self.ideas.get(option.id) if option and option.id else None

    def _show_detail(self) -> None:
        detail = self.detail
        suggested = self.current_idea if self._showing_idea else None
        edit = self.query_one("#detail-edit")
        if suggested is not None:
            detail.show_text(suggested.idea.name, idea_text(suggested, self.listed, (
                f"{shown_keys(self.app, 'audiences.idea.log', ' or ')} or "
                f"{shown_keys(self.app, 'audiences.brainstorm_idea', ' or ')}")))
            edit.display = False
            self._mark_unsaved()
            return
        audience = self.table.current
        if audience is None:
            detail.show_text("", Content.styled(
                "An audience is a group of people your work could matter to: history teachers, "
                "people who live for Halloween, parents of teenagers. Each one you brainstorm "
                "shows here, with where it gathers and who you met there.", "$text-muted"))
            edit.display = False
            self._mark_unsaved()
            return
        assert self.snapshot is not None  # an audience is listed: a snapshot was shown
        detail.show_text(audience.name, audience_text(audience, self.snapshot.directory))
        edit.display = True
        note = audience.record.note if audience.record else ""
        self._load_inputs(audience, audience.where, note)

    def _load_inputs(self, audience: Audience, where: str, note: str) -> None:
        """Puts the audience's `where` and note in the inputs, unless they hold unsaved typing for it."""
        detail = self.detail
        same = self._editing == audience.key
        for field, loaded, value in ((detail.where_input, self._loaded[0], where),
                                     (detail.note_input, self._loaded[1], note)):
            if not same or field.value == loaded:
                field.value = printable(value)
        self._editing = audience.key
        self._loaded = (printable(where), printable(note))
        known = idea(audience.name)
        detail.where_input.placeholder = (
            f"e.g. {known.where[0]}" if known else "a tag, a forum, a meetup"
        )
        self._mark_unsaved()

    def _mark_unsaved(self) -> None:
        detail = self.detail
        unsaved = (detail.where_input.value, detail.note_input.value) != self._loaded
        detail.border_subtitle = "Enter saves" if unsaved and detail.query_one("#detail-edit").display else ""

    @on(DataTable.RowHighlighted, "#audience-table")
    def _audience_highlighted(self) -> None:
        if not self._showing_idea:
            self._show_detail()

    @on(AudienceTable.EditRequested)
    def _edit_audience(self) -> None:
        self.detail.where_input.focus()

    @on(OptionList.OptionHighlighted, "#ideas")
    def _idea_highlighted(self) -> None:
        if self._showing_idea:
            self._show_detail()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # The detail follows the list you are in: the highlighted idea while in the ideas,
        # the highlighted audience anywhere else.
        showing_idea = event.widget is self.idea_list
        if showing_idea != self._showing_idea:
            self._showing_idea = showing_idea
            self._show_detail()
        self.refresh_bindings()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._mark_unsaved()

    @on(Input.Submitted, "#audience-where")
    def _save_where(self, event: Input.Submitted) -> None:
        event.stop()
        self._save(where=event.value)

    @on(Input.Submitted, "#audience-note")
    def _save_note(self, event: Input.Submitted) -> None:
        event.stop()
        self._save(note=event.value)

    def _save(self, where: str | None = None, note: str | None = None) -> None:
        audience = self.table.current
        if audience is None:
            return
        try:
            done = self.coach.describe_audience(audience.name, where=where, note=note)
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        name = printable(audience.name)
        if where is not None:
            # Saving one field keeps what is typed, unsaved, in the other.
            self._loaded = (printable(where.strip()), self._loaded[1])
            self.notify(f"Saved where {name} gather." if where.strip() else f"Cleared where {name} gather.",
                        markup=False)
        else:
            self._loaded = (self._loaded[0], printable((note or "").strip()))
            self.notify(f"Saved the note on {name}.", markup=False)
        self.show(done.snapshot)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "brainstorm_idea":
            return self.focused is self.idea_list and self.current_idea is not None
        if action == "focus_ideas":
            return self.focused is not self.idea_list and self.idea_list.display
        if action == "leave_text":
            return isinstance(self.focused, Input)
        return True

    def action_focus_ideas(self) -> None:
        self.idea_list.focus()

    def action_leave_text(self) -> None:
        if self.table.display:
            self.table.focus()

    def action_brainstorm_idea(self) -> None:
        suggested = self.current_idea
        if suggested is None:
            return
        item = suggested.idea
        try:
            done = self.coach.log(BRAINSTORM.key, item.name, note=gathers(item.where))  # on today's routine day
        except (InputError, StoreError) as error:
            self.notify(sentence(str(error)), severity="error", markup=False)
            return
        self.notify(f"Logged today's {BRAINSTORM.title}: {item.name}.", markup=False)
        self.tell(done)  # it may be the step that completes the day: its milestone, as Today says it
        self.show(done.snapshot, select=suggested.key)
