"""The service's settings: the pipeline's plus database, broker, workers;
checked when a process reads them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.settings import SettingsError
from store.settings import Settings, get_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"CALLBRIEF_{name.upper()}", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("BROKER_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_embedded_defaults_live_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CALLBRIEF_DATA_DIR", str(tmp_path))
    settings = get_settings()
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'callbrief.db'}"
    assert settings.resolved_broker_url == f"sqla+sqlite:///{tmp_path / 'broker.db'}"
    assert settings.resolved_audio_dir == tmp_path / "audio"


def test_database_and_broker_urls_are_read_without_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/callbrief")
    monkeypatch.setenv("BROKER_URL", "redis://broker:6379/0")
    settings = get_settings()
    assert (settings.resolved_database_url, settings.resolved_broker_url) == ("postgresql://db/callbrief", "redis://broker:6379/0")


def test_the_service_checks_the_pipeline_settings_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # The API and the workers stop at start, not at the summary of every call.
    monkeypatch.setenv("CALLBRIEF_UNVERIFIED_FACTS", "remove")
    with pytest.raises(SettingsError, match=r"^bad_option: CALLBRIEF_UNVERIFIED_FACTS=remove: should be one of flag, drop$"):
        get_settings()


@pytest.mark.parametrize(
    ("variable", "value"),
    [("CALLBRIEF_WORKER_LEASE_S", "0"), ("CALLBRIEF_MAX_UPLOAD_BYTES", "-5"), ("CALLBRIEF_WORKER_CONCURRENCY", "0"),
     ("CALLBRIEF_MAX_WORKER_DEATHS", "0"), ("CALLBRIEF_TASK_QUEUE", "")],
)
def test_service_limits_are_checked(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=f"^bad_option: {variable}={value}: should "):
        get_settings()


def test_the_hard_time_limit_must_be_above_the_soft_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLBRIEF_TASK_SOFT_TIME_LIMIT_S", "600")
    monkeypatch.setenv("CALLBRIEF_TASK_HARD_TIME_LIMIT_S", "600")
    with pytest.raises(SettingsError, match="CALLBRIEF_TASK_HARD_TIME_LIMIT_S should be above CALLBRIEF_TASK_SOFT_TIME_LIMIT_S"):
        get_settings()


def test_an_unsupported_database_is_refused_without_showing_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://callbrief:s3cret@db/callbrief")
    with pytest.raises(SettingsError) as caught:
        get_settings()
    assert caught.value.message == "DATABASE_URL: should be a sqlite:/// or postgresql:// URL"
    assert "s3cret" not in str(caught.value)
