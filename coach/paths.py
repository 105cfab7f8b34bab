"""Where the data file lives: --db, then COACH_DB, then the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path


def data_path(cli_db: str | None = None) -> Path:
    chosen = cli_db or os.environ.get("COACH_DB")
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs  # only when needed: it is the one user of platformdirs

    home = Path("~").expanduser()
    if not os.environ.get("XDG_DATA_HOME") and not home.is_dir():
        # Creating a missing home folder (a broken HOME, a container) would hide the data where nobody looks.
        from habits.text import InputError

        raise InputError(f"the home folder {home} does not exist, so there is nowhere to keep your data; "
                         f"set HOME, or choose a data file with --db FILE or COACH_DB=FILE")
    return platformdirs.user_data_path("coach") / "coach.json"
