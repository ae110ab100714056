"""Where model files are found: installed packages, split files joined once
into the cache (atomically, checked by size and hash), or a site's own path."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.errors import ModelError
from pipeline.model_files import (
    WHISPER_BASE_SIZE,
    _atomic_copy,
    diarization_model_files,
    llm_gguf_path,
    package_dir,
    small_llm_gguf_path,
    whisper_model_dir,
)


def parts(folder: Path, *chunks: bytes) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, chunk in enumerate(chunks):
        path = folder / f"part{i}"
        path.write_bytes(chunk)
        paths.append(path)
    return paths


def test_split_parts_are_joined_in_order_and_checked(tmp_path: Path) -> None:
    sources = parts(tmp_path / "pkg", b"abc", b"def", b"g")
    target = tmp_path / "cache" / "model.bin"
    _atomic_copy(sources, target, size=7, sha256=hashlib.sha256(b"abcdefg").hexdigest())
    assert target.read_bytes() == b"abcdefg"


@pytest.mark.parametrize(("size", "sha256"), [(8, None), (7, "0" * 64)])
def test_a_join_of_the_wrong_size_or_hash_leaves_nothing_that_looks_complete(
    tmp_path: Path, size: int, sha256: str | None
) -> None:
    sources = parts(tmp_path / "pkg", b"abc", b"defg")
    cache = tmp_path / "cache"
    with pytest.raises(ModelError) as caught:
        _atomic_copy(sources, cache / "model.bin", size=size, sha256=sha256)
    assert caught.value.code == "model_missing" and "reinstall" in caught.value.message
    assert list(cache.iterdir()) == [], "no target and no temporary file left"


def test_a_joined_file_of_the_right_size_is_not_joined_again(tmp_path: Path) -> None:
    sources = parts(tmp_path / "pkg", b"abc", b"defg")
    target = tmp_path / "cache" / "model.bin"
    _atomic_copy(sources, target, size=7)
    before = target.stat().st_mtime_ns, target.stat().st_ino
    sources[0].write_bytes(b"xyz")  # would change the join if it ran again
    _atomic_copy(sources, target, size=7)
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == before and target.read_bytes() == b"abcdefg"


def test_a_missing_package_names_what_to_install() -> None:
    with pytest.raises(ModelError) as caught:
        package_dir("callbrief_no_such_model_package", install_hint="callbrief-no-such-model==1.0")
    assert caught.value.code == "model_missing"
    assert "pip install callbrief-no-such-model==1.0" in caught.value.message


def test_a_site_whisper_folder_needs_a_model_bin(tmp_path: Path) -> None:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "model.bin").write_bytes(b"ct2")
    assert whisper_model_dir(str(tmp_path / "good"), tmp_path / "cache") == tmp_path / "good"
    with pytest.raises(ModelError) as caught:
        whisper_model_dir(str(tmp_path), tmp_path / "cache")
    assert caught.value.code == "model_missing" and "base, tiny.en" in caught.value.message


def test_a_site_llm_file_is_used_as_given_or_reported_missing(tmp_path: Path) -> None:
    gguf = tmp_path / "site.gguf"
    gguf.write_bytes(b"GGUF")
    assert llm_gguf_path(tmp_path / "cache", str(gguf)) == gguf
    with pytest.raises(ModelError) as caught:
        llm_gguf_path(tmp_path / "cache", str(tmp_path / "missing.gguf"))
    assert caught.value.code == "model_missing" and "missing.gguf" in caught.value.message


def test_the_packaged_models_are_found(cache_dir: Path) -> None:
    base = whisper_model_dir("base", cache_dir)
    assert (base / "model.bin").stat().st_size == WHISPER_BASE_SIZE
    assert (whisper_model_dir("tiny.en", cache_dir) / "model.bin").is_file()
    assert small_llm_gguf_path().is_file()
    files = diarization_model_files()
    assert (files.segmentation_dir / "pytorch_model.bin").is_file() and files.embedding_state_dict.is_file()
