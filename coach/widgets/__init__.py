"""What two or more screens share: the screen protocol (every place shows a snapshot, through one method)."""

from collections.abc import Callable
from datetime import date
from typing import ClassVar, TypeVar

from textual.screen import Screen
from textual.widget import Widget

from habits.coach import Coach, Done, InputError, Snapshot, StoreError
from habits.text import printable


class CoachScreen(Screen[None]):
    """A place of the full app. It reads and changes the data only through the app's one door
    (`self.coach`, habits/coach.py), and shows what it is given in `show(snapshot)`: when it opens,
    after a change of its own (the snapshot the change returned, no read), and when the app's change
    check sees another process's write. `WHOLE`: the place shows more than the last days (History,
    People, Review, Audiences), so the snapshot it is given has every record at hand."""

    WHOLE: ClassVar[bool] = False

    @property
    def coach(self) -> Coach:
        return self.app.coach  # type: ignore[attr-defined]

    def show(self, snapshot: Snapshot) -> None:
        """Shows the data as `snapshot` has it, keeping what is typed and not saved, the focus and the
        highlighted row."""
        raise NotImplementedError

    def current(self) -> Snapshot | None:
        """The data as it is now (the last snapshot, when nothing changed); None, after saying why in a
        notification, when the data file cannot be read."""
        try:
            return self.coach.snapshot(whole=self.WHOLE)
        except StoreError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return None

    def refresh_from_coach(self) -> None:
        """Shows the data as it is now (the app calls this after a change made elsewhere)."""
        snapshot = self.current()
        if snapshot is not None:
            self.show(snapshot)

    def change(self, make: Callable[[], Done]) -> Done | None:
        """Makes one change through the door (`make`) and shows the snapshot it hands back; None, after
        saying why in a notification, when it is refused."""
        done = attempt(self, make)
        if done is not None:
            self.show(done.snapshot)
        return done

    def tell(self, done: Done) -> None:
        """What a change wants said besides what it did: a gentle warning, a milestone reached (never a
        word when a streak ends)."""
        if done.warning:
            self.notify(printable(done.warning), severity="warning", markup=False, timeout=10)
        for milestone in done.milestones:
            self.notify(printable(milestone.text), title="Milestone", markup=False, timeout=10)


def long_date(day: date) -> str:
    """Saturday 21 November."""
    return f"{day:%A} {day.day} {day:%B}"


def sentence(message: str) -> str:
    """An error message from habits/ ("the person is empty") as a notification reads it."""
    return printable(message[:1].upper() + message[1:])


Made = TypeVar("Made")


def attempt(node: Widget, make: Callable[[], Made]) -> Made | None:
    """Does `make` (a change through the door); None, after saying why in a notification, when it is
    refused: a screen's change, a dialog's save."""
    try:
        return make()
    except (InputError, StoreError) as error:
        node.notify(sentence(str(error)), severity="error", markup=False)
        return None
