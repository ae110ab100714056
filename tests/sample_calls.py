"""The generated sample calls in ``samples/`` and their JSON (format: samples/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAMES = ("billing_stereo_8k", "billing_mono", "silence_music", "korean_call")


def load_sample(name: str) -> dict[str, Any]:
    """The JSON beside sample ``name``, with ``"path"`` (the audio file) added."""
    meta: dict[str, Any] = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    meta["path"] = SAMPLES / meta["audio"]
    return meta
