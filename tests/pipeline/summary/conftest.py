"""Fixtures of the summary tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.summary import outcome_model


@pytest.fixture
def cue_rules_alone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The outcome from the cue rules and the LLM's answers only: the learned outcome models are
    left out (for made-up calls unlike any they were trained on, such as filler lines)."""
    monkeypatch.setattr(outcome_model, "RESOLUTION_FILE", tmp_path / "no-resolution-model.json")
    monkeypatch.setattr(outcome_model, "FOLLOW_UP_FILE", tmp_path / "no-follow-up-model.json")
