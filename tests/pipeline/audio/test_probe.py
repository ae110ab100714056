"""Audio probe (pipeline.audio.probe): the checks the API and decode share.

Files are generated here with the standard library's ``wave`` module."""

from __future__ import annotations

import struct
import wave
from pathlib import Path

import numpy as np
import pytest

from pipeline.audio.decode import decode
from pipeline.audio.probe import AudioProbe, probe, sniff_format
from pipeline.errors import ErrorCode, InputError
from pipeline.options import DecodeOptions

RATE = 8000


def write_wav(path: Path, seconds: float, channels: int = 2) -> Path:
    """A 440 Hz tone (not silence, so decode would keep it), 16-bit PCM."""
    t = np.arange(int(seconds * RATE)) / RATE
    tone = (0.3 * 32767 * np.sin(2 * np.pi * 440.0 * t)).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.repeat(tone[:, None], channels, axis=1).tobytes())
    return path


def cut_in_half(whole: Path, cut: Path) -> Path:
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return cut


def set_data_size(path: Path, size: int) -> None:
    data = bytearray(path.read_bytes())
    at = data.find(b"data")
    data[at + 4 : at + 8] = struct.pack("<I", size)
    path.write_bytes(bytes(data))


def refused(check, path: Path) -> InputError:  # noqa: ANN001 - probe or decode
    with pytest.raises(InputError) as caught:
        check(path)
    return caught.value


def by_probe(path: Path) -> AudioProbe:
    return probe(path, 3600.0)


def by_decode(path: Path) -> object:
    return decode(path, DecodeOptions())


def test_a_whole_wav_passes_the_probe(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "call.wav", 4.0)
    assert by_probe(path) == AudioProbe("wav", pytest.approx(4.0), 2, RATE)


@pytest.mark.parametrize("check", [by_probe, by_decode], ids=["api-probe", "decode"])
def test_a_wav_cut_in_half_is_truncated_for_both(tmp_path: Path, check) -> None:  # noqa: ANN001
    cut = cut_in_half(write_wav(tmp_path / "whole.wav", 4.0), tmp_path / "cut.wav")
    error = refused(check, cut)
    assert error.code == ErrorCode.AUDIO_TRUNCATED
    assert "cut.wav" in error.message and "shorter than its header" in error.message


def test_decode_keeps_a_whole_wav_that_the_probe_accepts(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "call.wav", 4.0)
    audio = by_decode(path)
    assert audio.info.duration == pytest.approx(4.0) and audio.info.channels == 2


@pytest.mark.parametrize("size", [0xFFFFFFFF], ids=["streaming-recorder"])
def test_an_unknown_data_size_is_accepted(tmp_path: Path, size: int) -> None:
    # Streaming recorders cannot know the length when they write the header.
    path = write_wav(tmp_path / "live.wav", 2.0)
    set_data_size(path, size)
    assert by_probe(path).channels == 2
    assert by_decode(path).info.duration == pytest.approx(2.0)


def test_a_header_with_no_samples_is_empty(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "empty.wav", 0.0)
    assert refused(by_probe, path).code == ErrorCode.AUDIO_EMPTY


def test_not_audio_is_unreadable_and_the_name_is_the_callers(tmp_path: Path) -> None:
    path = tmp_path / "tmp3f9a.upload"
    path.write_bytes(b"RIFF\x00\x00\x00\x00WAVE" + bytes(64))
    error = refused(lambda p: probe(p, 3600.0, name="the file"), path)
    assert error.code == ErrorCode.AUDIO_UNREADABLE
    assert error.message.startswith("the file ") and "tmp3f9a" not in error.message


def test_too_long_is_refused_from_the_header(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "long.wav", 6.0)
    error = refused(lambda p: probe(p, 5.0), path)
    assert error.code == ErrorCode.AUDIO_TOO_LONG and "6.0 s > 5.0 s" in error.message


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "wav"),
        (b"fLaC\x00\x00\x00\x22", "flac"),
        (b"OggS\x00\x02", "ogg"),
        (b"\x1a\x45\xdf\xa3\x9f\x42", "webm"),
        (b"\x00\x00\x00\x20ftypM4A ", "m4a"),
        (b"FORM\x00\x00\x00\x00AIFF", "aiff"),
        (b"ID3\x04\x00", "mp3"),
        (b"\xff\xfb\x90\x64", "mp3"),
        (b"\xff\xf1\x50\x80", "aac"),
        (b"%PDF-1.7\n", None),
        (b"hello", None),
        (b"", None),
    ],
)
def test_formats_are_known_by_their_magic_bytes(head: bytes, expected: str | None) -> None:
    assert sniff_format(head) == expected
