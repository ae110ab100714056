from __future__ import annotations

from pathlib import Path

import pytest

from store.audio import AudioStore, UploadTooLarge


def test_an_upload_is_invisible_until_committed(tmp_path: Path) -> None:
    store = AudioStore(tmp_path)
    writer = store.open_upload(max_bytes=10)
    writer.write(b"RIFF")
    writer.write(b"1234")
    upload = writer.finish()
    assert upload.size_bytes == 8 and upload.head == b"RIFF1234"
    relative = store.commit(upload, "ab" * 16, "wav")
    assert store.path(relative).read_bytes() == b"RIFF1234"
    assert [p.name for p in store.files()] == ["ab" * 16 + ".wav"]


def test_too_large_uploads_leave_nothing(tmp_path: Path) -> None:
    store = AudioStore(tmp_path)
    writer = store.open_upload(max_bytes=4)
    with pytest.raises(UploadTooLarge):
        writer.write(b"12345")
    writer.discard()
    assert store.files() == []


def test_paths_cannot_escape_the_store(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        AudioStore(tmp_path / "audio").path("../secret")
