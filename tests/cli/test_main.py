"""The ``callbrief`` entry point: a wrong setting stops every process at start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

MESSAGE = "callbrief: error [bad_option]: CALLBRIEF_UNVERIFIED_FACTS=remove: should be one of flag, drop\n"


@pytest.mark.parametrize("command", [["process", "call.wav"], ["serve"], ["api"], ["worker"]], ids=" ".join)
def test_a_wrong_setting_stops_the_command_at_start(tmp_path: Path, command: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLBRIEF_") and k not in ("DATABASE_URL", "BROKER_URL")}
    env.update(CALLBRIEF_DATA_DIR=str(tmp_path / "data"), CALLBRIEF_UNVERIFIED_FACTS="remove")
    (tmp_path / "call.wav").write_bytes(b"RIFF")
    out = subprocess.run(
        [sys.executable, "-m", "cli.main", *command], cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60,
    )
    assert (out.returncode, out.stderr) == (2, MESSAGE)
    assert not (tmp_path / "data").exists(), "nothing is created before the settings are checked"
