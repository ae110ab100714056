"""``callbrief models prepare|list``: every packaged model, where it is on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_models_list_names_every_model_with_a_path_that_exists(cache_dir: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cli.main", "models", "list"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    listed = dict(line.split("\t") for line in proc.stdout.splitlines())
    assert set(listed) == {"whisper-base", "whisper-tiny.en", "llm", "diarization"}
    assert all(Path(path).exists() for path in listed.values())
    assert Path(listed["whisper-base"]).parent == cache_dir, "split models are joined into the cache"
