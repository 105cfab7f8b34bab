"""The `sync_pair` fixture: two real Syncthing devices on loopback (tests/sync/syncthing.py), started for
one test and always stopped after it. Skipped without the `syncthing` binary. When a test fails, its
report gains a section with both devices' folder state, files and last log lines.

Run: `pytest -m sync tests/sync` (the `sync` mark is deselected by default).
"""

from __future__ import annotations

import os

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.syncthing import SyncPair


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    pair = getattr(item, "_sync_pair", None)
    if pair is not None and report.failed and report.when in ("setup", "call"):
        # Still running here: teardown comes after, so the REST state is the failure's.
        report.sections.append(("syncthing: both devices", pair.report(lines=40)))


@pytest.fixture
def sync_pair(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[SyncPair]:
    """Laptop and desktop, connected, sharing the folder "coach" (tmp_path/laptop, tmp_path/desktop)."""
    if shutil.which("syncthing") is None:
        if os.environ.get("COACH_REQUIRE_SYNCTHING"):  # .ci/run: CI must run it, never skip it
            pytest.fail("COACH_REQUIRE_SYNCTHING is set and there is no syncthing binary on PATH")
        pytest.skip("needs the syncthing binary (Debian's syncthing package); .ci/run installs it")
    pair = SyncPair(tmp_path)
    request.node._sync_pair = pair
    try:
        pair.start()
        yield pair
    finally:
        pair.stop()
        print("syncthing timings:", ", ".join(f"{what} {seconds:.1f} s" for what, seconds in pair.timings))
