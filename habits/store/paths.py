"""Every file coach keeps beside a data file, named in this one place.

For a data file `coach.json`:

- `coach.json.lock`: the lock every change takes (lock.py);
- `coach.json.summary`: what the morning commands read instead of the whole history (summary.py);
- `coach.json.figures`: the closed years' figures, which the coach's suggestions add to the summary's (summary.py);
- `coach.json.once`: the routine day the check-in last opened itself (`coach --quick --once`);
- `coach.json.years/`: the closed years, one file a year (years.py);
- `coach.json.backups/`: the backups (backups.py), and in `coach.json.backups/years/` the closed years they name;
- `.coach.json.RANDOM.tmp`: a file being written, renamed onto its target when whole (files.py). Every
  file written atomically gets one beside it (`.coach.json.summary.RANDOM.tmp`, `.2016-….json.RANDOM.tmp`
  in the years' folder): a kill can leave one behind, which the next change sweeps away under the lock.
"""

from __future__ import annotations

import os
from pathlib import Path

BESIDE = (".lock", ".summary", ".figures", ".once")  # the files beside the data file, as suffixes of its name


def lock_file(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + ".lock")


def summary_file(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + ".summary")


def figures_file(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + ".figures")


def once_file(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + ".once")


def years_folder(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + ".years")


def backups_folder(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + ".backups")


def backup_years_folder(data_file: Path) -> Path:
    """Where the backups keep the closed years they name."""
    return backups_folder(data_file) / "years"


def years_of_backup(backup: Path) -> Path:
    """Where the closed years a backup names are kept: backup_years_folder, beside the backup."""
    return backup.parent / "years"


def temp_file_for(target: Path) -> Path:
    """A fresh temp file's name for a write of `target`: in the same folder (the rename must not cross
    file systems), hidden, and named after it: `.coach.json.3f9a0c1b2d4e.tmp`."""
    return target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")


def stray_temp_files(data_file: Path) -> list[Path]:
    """Temp files an interrupted write left beside the data file (the data file's, the summary's, the marker's)."""
    return sorted(data_file.parent.glob(f".{data_file.name}.*.tmp"))


def every_stray_temp_file(data_file: Path) -> list[Path]:
    """Temp files an interrupted write left anywhere coach writes: beside the data file, among the
    backups, and in both folders of closed years."""
    folders = (backups_folder(data_file), years_folder(data_file), backup_years_folder(data_file))
    return [*stray_temp_files(data_file), *(stray for folder in folders for stray in folder.glob(".*.json.*.tmp"))]


def has_others_beside(data_file: Path) -> bool:
    """Whether the data file's folder holds a file named after it that coach did not make (a sync tool's
    conflict copy, say: sync.py). One listing of the folder, no stat."""
    ours = {data_file.name, *(data_file.name + suffix for suffix in (*BESIDE, ".years", ".backups"))}
    stem = data_file.name.rpartition(".")[0] or data_file.name
    try:
        with os.scandir(data_file.parent) as found:
            return any(entry.name.startswith(stem) and entry.name not in ours for entry in found)
    except OSError:
        return False


def is_kept_beside(data_file: Path, path: Path) -> bool:
    """Whether `path` is one of the files coach keeps beside `data_file`, or would make there (both as
    real paths: links resolved): no export may be written over one."""
    if path.parent == data_file.parent and (
            path.name in {data_file.name + suffix for suffix in BESIDE} or path.name.startswith(f".{data_file.name}.")):
        return True
    return any(folder in path.parents for folder in (years_folder(data_file), backups_folder(data_file)))
