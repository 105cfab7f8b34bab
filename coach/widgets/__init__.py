"""What two or more screens share."""

from textual.screen import Screen

from habits.model import History
from habits.store import Store, StoreError
from habits.text import printable


class CoachScreen(Screen[None]):
    """A screen of the full app: it reaches the data file through the app's one store."""

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined]

    def read_history(self) -> History | None:
        """The data file as it is now; None, after saying why in a notification, when it cannot be read."""
        try:
            return self.store.read()
        except StoreError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return None


def sentence(message: str) -> str:
    """An error message from habits/ ("the person is empty") as a notification reads it."""
    return printable(message[:1].upper() + message[1:])
