"""Shared test fixtures: paths resolve from this file, never the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.settings import apply_offline_env

apply_offline_env()

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    if not SHARED_EVAL.is_dir():
        pytest.skip("../shared/eval is not present beside the checkout")
    return SHARED_EVAL


@pytest.fixture(scope="session")
def cache_dir() -> Path:
    from pipeline.settings import get_settings

    return get_settings().cache_dir
