"""Building the app: the settings are checked before anything else happens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.main import create_app
from pipeline.settings import SettingsError
from store.settings import get_settings


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_a_wrong_setting_stops_the_api_before_it_touches_the_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_settings: None
) -> None:
    monkeypatch.setenv("CALLBRIEF_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CALLBRIEF_UNVERIFIED_FACTS", "remove")
    with pytest.raises(SettingsError, match="CALLBRIEF_UNVERIFIED_FACTS=remove: should be one of flag, drop"):
        create_app()
    assert not (tmp_path / "data").exists()
