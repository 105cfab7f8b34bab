"""What two or more screens share."""

from habits.text import printable


def sentence(message: str) -> str:
    """An error message from habits/ ("the person is empty") as a notification reads it."""
    return printable(message[:1].upper() + message[1:])
