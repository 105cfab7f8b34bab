"""Help: the 1-2-3 routine, the ideas behind it, and every key of the screen it was opened from."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Label, OptionList, Select, Static, TextArea

from coach.bindings import shown_keys
from habits.text import printable

ROUTINE = (
    "1 Brainstorm one possible audience · 2 Connect with one person",
    "3 Share one person's work · all three done, and the day is complete",
)

# In our own words; BRIEF.md has the long version. Each fits one line of the dialog at 80 columns.
IDEAS = (
    "Answer people instead of broadcasting: replies build more than posts.",
    "Give before you ask: cheer for other people's work first, and mean it.",
    "Count conversations, not followers: a few real friends beat any number.",
    "Trust grows over weeks of thoughtful exchanges; never open with a pitch.",
    "Look past your genre: every story matters to groups beyond its readers.",
    "One person a day is enough. Some never answer, and that is all right.",
)

# What a focused widget is called in the list of keys, for the widgets coach shows.
WIDGET_NAMES: tuple[tuple[type, str], ...] = (
    (Input, "In a text field"),
    (TextArea, "In a text box"),
    (DataTable, "In the table"),
    (Select, "In a choice"),
    (OptionList, "In the list"),
)


@dataclass(frozen=True)
class KeyGroup:
    """The keys one part of a screen answers to: the screen, what has the focus, or the whole app."""

    title: str
    keys: tuple[tuple[str, str], ...]  # (key as shown, what it does)


def _widget_name(node: DOMNode) -> str:
    for kind, name in WIDGET_NAMES:
        if isinstance(node, kind):
            return name
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", type(node).__name__).lower()  # StepCard: "step card"
    return f"On the {words}"


def key_groups(app: App, screen: Screen, bindings: dict[str, ActiveBinding]) -> list[KeyGroup]:
    """The keys that work on `screen` now, from its active bindings (what its footer is made from, plus
    the hidden ones that have a description), grouped by where they come from: this screen, everywhere,
    then the widget with the focus. Keys for the same thing share a line ("ctrl+shift+z / f9")."""
    found: dict[DOMNode, dict[str, list[str]]] = {}
    # coach's own keys (they have ids) before the ones every Textual screen has, such as tab.
    ordered = sorted(bindings.values(), key=lambda active: active.binding.id is None)
    for active in ordered:
        binding = active.binding
        if not active.enabled or not binding.description:
            continue
        display = app.get_key_display(binding)
        keys = found.setdefault(active.node, {}).setdefault(binding.description, [])
        if display in keys:  # "e,enter" shown as "e": the other key is named as it is
            display = app.get_key_display(Binding(binding.key, binding.action))
        if display not in keys:
            keys.append(display)

    def group(title: str, node: DOMNode) -> KeyGroup | None:
        actions = found.get(node)
        if not actions:
            return None
        return KeyGroup(title, tuple((" / ".join(keys), description) for description, keys in actions.items()))

    # The focused widget and what holds it; a container that cannot take the focus (a scroll around the
    # cards) only passes on keys nothing else took, and its scroll keys would hide the ones that matter.
    focused = [node for node in found if node is not app and node is not screen and getattr(node, "can_focus", False)]
    focused.sort(key=lambda node: len(node.ancestors))  # outermost first
    groups = [group("On this screen", screen), group("Everywhere", app)]
    groups += [group(_widget_name(node), node) for node in focused]
    return [g for g in groups if g is not None]


def key_lines(groups: Iterable[KeyGroup]) -> Content:
    """The groups as aligned lines: a heading, then each key and what it does."""
    width = min(18, max((len(key) for g in groups for key, _ in g.keys), default=4))
    lines: list[Content] = []
    for group in groups:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(group.title, "bold"))
        for key, description in group.keys:
            lines.append(Content.assemble("  ", (printable(key).ljust(width), "bold $text-accent"), "  ",
                                          printable(description[:1].upper() + description[1:])))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """What coach is for and how, and the keys of the screen under it; Escape, q or ? closes it."""

    CSS_PATH = "help.tcss"  # read when first opened (coach.tcss holds what the first frame needs)

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, place: str, groups: list[KeyGroup]) -> None:
        super().__init__()
        self.place = place
        self.groups = groups

    def compose(self) -> ComposeResult:
        with Vertical(id="help") as dialog:
            dialog.border_title = "Help"
            dialog.border_subtitle = f"{shown_keys(self.app, 'help.close', ', ')} closes"
            with VerticalScroll(id="help-body"):
                yield Label("The 1-2-3 routine", classes="help-heading")
                yield Static("\n".join(ROUTINE), id="help-routine", markup=False)
                yield Label("Why it works", classes="help-heading")
                yield Static("\n".join(f"· {idea}" for idea in IDEAS), id="help-ideas", markup=False)
                yield Label(Content(f"Keys here · {printable(self.place)}"), classes="help-heading")
                yield Static(key_lines(self.groups), id="help-keys")
                yield Static("Your own keys for any of these: Settings → Your keys, or coach config keymap.",
                             id="help-keymap", markup=False)

    def action_close(self) -> None:
        self.dismiss()


def help_for(app: App, screen: Screen, place: str | None = None) -> HelpScreen:
    """The help for `screen`, with the keys it answers to right now; `place` is its title in PLACES, when
    it is one of them (else it is named after its class: PersonScreen, "Person")."""
    if place is None:
        words = re.findall(r"[A-Z][a-z0-9]*", type(screen).__name__.removesuffix("Screen")) or ["This screen"]
        place = " ".join([words[0], *(w.lower() for w in words[1:])])
    return HelpScreen(place, key_groups(app, screen, screen.active_bindings))
