"""Shared test fixtures: paths resolve from this file, never the working directory.

A missing prerequisite skips a test locally and fails it under ``CI=true``
(:mod:`tests.prerequisites`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.settings import apply_offline_env
from tests.prerequisites import require

apply_offline_env()

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "require(condition, reason): skip the test when condition is false, fail it under CI=true"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("require"):
        require(*mark.args, **mark.kwargs)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    require(SHARED_EVAL.is_dir(), "../shared/eval is not present beside the checkout")
    return SHARED_EVAL


@pytest.fixture(scope="session")
def cache_dir() -> Path:
    from pipeline.settings import get_pipeline_settings

    return get_pipeline_settings().cache_dir


@pytest.fixture
def cue_rules_alone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The outcome from the cue rules and the LLM's answers only: the learned outcome models'
    files are pointed at nothing (for the cue rules' own bounds, and for made-up calls unlike any
    the models were trained on, such as filler lines)."""
    from pipeline.summary import outcome_model

    monkeypatch.setattr(outcome_model, "RESOLUTION_FILE", tmp_path / "no-resolution-model.json")
    monkeypatch.setattr(outcome_model, "FOLLOW_UP_FILE", tmp_path / "no-follow-up-model.json")
