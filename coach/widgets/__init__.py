"""What two or more screens share."""

from textual.screen import Screen

from habits.store import Store
from habits.text import printable


class CoachScreen(Screen[None]):
    """A screen of the full app: it reaches the data file through the app's one store."""

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined]


def sentence(message: str) -> str:
    """An error message from habits/ ("the person is empty") as a notification reads it."""
    return printable(message[:1].upper() + message[1:])
