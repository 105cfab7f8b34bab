"""Where the data file lives: --db, then COACH_DB, then the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path


def data_path(cli_db: str | None = None) -> Path:
    chosen = cli_db or os.environ.get("COACH_DB")
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs  # only when needed: it is the one user of platformdirs

    return platformdirs.user_data_path("coach") / "coach.json"
