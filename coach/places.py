"""The places of the full app: their modes, titles, default keys and screens. No Textual here: the plain
commands read it too (`coach config keymap` lists the keys that open each place)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Place:
    """A screen of the app: its mode id, the title people see, the key that opens it, what it is for."""

    mode: str
    title: str
    key: str  # the default: the user's keymap (`app.go.MODE`) may give it another
    where: str  # "module:Class" of its screen, imported the first time the place is opened
    description: str

    @property
    def screen(self) -> type[Screen]:
        """The screen's class. Imported when first needed: the app opens on Today, and importing every
        place's widgets up front would delay its first frame."""
        module, name = self.where.split(":")
        return getattr(import_module(module), name)

    def make(self) -> Screen:
        return self.screen()


# The one registry of screens: modes, footer keys and "Go to …" commands are all made from it.
# Function keys, because plain letters belong to the text inputs every screen has; f1 is kept
# for Help, where terminal programs usually put it.
PLACES: tuple[Place, ...] = (
    Place("today", "Today", "f2", "coach.screens.today:TodayScreen",
          "today's three steps and the evening's reflection"),
    Place("people", "People", "f3", "coach.screens.people:PeopleScreen",
          "the people you are getting to know, and where each stands"),
    Place("audiences", "Audiences", "f4", "coach.screens.audiences:AudiencesScreen",
          "the groups you brainstormed, where they gather, and ideas for more"),
    Place("history", "History", "f5", "coach.screens.history:HistoryScreen",
          "a year of days as a heat map, streaks and strength; open a day to mend or fill it in"),
    Place("review", "Review", "f6", "coach.screens.review:ReviewScreen",
          "the week in review: what you gave, who answered, who you met, and a question to close it"),
    Place("settings", "Settings", "f7", "coach.screens.settings:SettingsScreen",
          "when your day starts, rest days, what you write, where you meet people, theme, your own prompts"),
)
