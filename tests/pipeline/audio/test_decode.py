"""Decode stage: every supported format and rate, and every kind of bad input.

All test files are written with PyAV into tmp_path, so nothing here depends
on the project's samples or on a system ffmpeg.
"""

from __future__ import annotations

import hashlib
import json
import struct
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from pipeline.audio.decode import decode
from pipeline.errors import InputError
from pipeline.options import DecodeOptions
from pipeline.types import SAMPLE_RATE

ROOT = Path(__file__).resolve().parents[3]
LEFT_HZ, RIGHT_HZ = 440.0, 660.0


def tones(seconds: float, rate: int, channels: int = 2, level: float = 0.3) -> np.ndarray:
    """A different tone on each channel, so a downmix or swap shows."""
    t = np.arange(int(seconds * rate)) / rate
    rows = [level * np.sin(2 * np.pi * hz * t) for hz in (LEFT_HZ, RIGHT_HZ, 880.0, 990.0, 1100.0, 1210.0)]
    return np.stack(rows[:channels]).astype(np.float32)


def write_audio(path: Path, samples: np.ndarray, rate: int, codec: str, container: str | None = None) -> Path:
    """Encode (channels, n) float32 samples with PyAV, frame by frame."""
    layout = {1: "mono", 2: "stereo", 6: "5.1"}[samples.shape[0]]
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate, layout=layout)
        stream.codec_context.options = {"strict": "experimental"}  # FFmpeg's own vorbis encoder
        step = stream.codec_context.frame_size or 1024
        for start in range(0, samples.shape[1], step):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(samples[:, start : start + step]), format="fltp", layout=layout
            )
            frame.sample_rate = rate
            frame.pts = start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def dominant_hz(row: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(row * np.hanning(row.shape[0])))
    return float(np.fft.rfftfreq(row.shape[0], 1 / SAMPLE_RATE)[spectrum.argmax()])


def wav_header(data_bytes: int, rate: int = 16000) -> bytes:
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVEfmt " + fmt + b"data" + struct.pack("<I", data_bytes)


def decode_error(path: Path, options: DecodeOptions | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        decode(path, options or DecodeOptions())
    error = caught.value
    # A human message naming the file, not a stack trace or FFmpeg's errno text.
    assert path.name in error.message
    assert "Traceback" not in error.message and "Errno" not in error.message
    return error


# (file suffix, codec, container, sample rates the codec can carry)
FORMATS = [
    ("wav", "pcm_s16le", None, (8000, 16000, 44100, 48000)),
    ("mp3", "libmp3lame", None, (8000, 16000, 44100, 48000)),
    ("m4a", "aac", None, (8000, 16000, 44100, 48000)),
    ("aac", "aac", "adts", (8000, 16000, 44100, 48000)),
    ("flac", "flac", None, (8000, 16000, 44100, 48000)),
    ("ogg", "vorbis", None, (8000, 16000, 44100, 48000)),
    ("opus", "libopus", "ogg", (8000, 16000, 48000)),  # Opus has no 44.1 kHz mode
    ("webm", "libopus", "webm", (8000, 16000, 48000)),
    ("webm", "vorbis", "webm", (44100,)),
]


@pytest.mark.parametrize(
    ("suffix", "codec", "container", "rate"),
    [(s, c, f, r) for s, c, f, rates in FORMATS for r in rates],
)
def test_each_format_and_rate_decodes_to_16k_stereo(
    tmp_path: Path, suffix: str, codec: str, container: str | None, rate: int
) -> None:
    path = write_audio(tmp_path / f"call.{suffix}", tones(2.0, rate), rate, codec, container)

    audio = decode(path, DecodeOptions())

    assert audio.samples.dtype == np.float32
    assert audio.samples.shape[0] == 2, "stereo must not be downmixed"
    assert audio.info.channels == 2
    # Opus always decodes at 48 kHz, whatever rate it was fed.
    assert audio.info.sample_rate == (48000 if codec == "libopus" else rate)
    # Raw AAC (ADTS) keeps the encoder's priming and padding: up to two frames.
    slack = 0.05 + 2048 / rate
    assert audio.info.duration == pytest.approx(2.0, abs=slack)
    assert audio.samples.shape[1] == round(audio.info.duration * SAMPLE_RATE)
    middle = audio.samples[:, SAMPLE_RATE // 2 : SAMPLE_RATE * 3 // 2]
    # 3 %: FFmpeg's own vorbis encoder smears tones at 44.1 kHz (646 Hz for
    # 660); a wrong resampling ratio is off by 8 % or more (44.1 vs 48 kHz).
    assert dominant_hz(middle[0]) == pytest.approx(LEFT_HZ, rel=0.03)
    assert dominant_hz(middle[1]) == pytest.approx(RIGHT_HZ, rel=0.03)
    rms = float(np.sqrt(np.mean(middle[0] ** 2)))
    assert rms == pytest.approx(0.3 / np.sqrt(2), rel=0.15)
    assert audio.info.size_bytes == path.stat().st_size
    assert audio.info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert suffix in audio.info.format or codec.removeprefix("lib") in audio.info.format


def test_mono_stays_one_row(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "mono.wav", tones(1.0, 8000, channels=1), 8000, "pcm_s16le")
    audio = decode(path, DecodeOptions())
    assert audio.samples.shape == (1, SAMPLE_RATE)
    assert audio.info.channels == 1


@pytest.mark.parametrize(
    ("suffix", "codec", "right_gain"), [("wav", "pcm_s16le", 1.0), ("mp3", "libmp3lame", 1.0), ("m4a", "aac", 0.6)]
)
def test_stereo_with_identical_channels_keeps_one_row_but_reports_two(
    tmp_path: Path, suffix: str, codec: str, right_gain: float
) -> None:
    left = tones(2.0, 44100, channels=1)
    path = write_audio(tmp_path / f"same.{suffix}", np.concatenate([left, right_gain * left]), 44100, codec)

    audio = decode(path, DecodeOptions())

    assert audio.samples.shape[0] == 1, "the glue would treat two copies of one signal as two parties"
    assert audio.info.channels == 2
    assert dominant_hz(audio.samples[0]) == pytest.approx(LEFT_HZ, abs=3)


def test_two_parties_with_crosstalk_stay_two_channels(tmp_path: Path) -> None:
    left, right = tones(2.0, 16000)
    mixed = np.stack([left + 0.063 * right, right + 0.063 * left])  # -24 dB bleed both ways
    path = write_audio(tmp_path / "call.wav", mixed, 16000, "pcm_s16le")
    assert decode(path, DecodeOptions()).samples.shape[0] == 2


def test_more_than_two_channels_keeps_the_first_two(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "surround.wav", tones(1.0, 48000, channels=6), 48000, "pcm_s16le")

    audio = decode(path, DecodeOptions())

    assert audio.samples.shape == (2, SAMPLE_RATE)
    assert audio.info.channels == 6
    assert dominant_hz(audio.samples[0]) == pytest.approx(LEFT_HZ, abs=3)
    assert dominant_hz(audio.samples[1]) == pytest.approx(RIGHT_HZ, abs=3)


def test_progress_rises_to_one(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "call.flac", tones(30.0, 16000), 16000, "flac")
    seen: list[tuple[str, float]] = []

    decode(path, DecodeOptions(), on_progress=lambda stage, fraction: seen.append((stage, fraction)))

    fractions = [f for _, f in seen]
    assert {s for s, _ in seen} == {"decode"}
    assert len(fractions) > 10
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0 and 0.0 < fractions[0] < 0.5


# Bad input: each case has a stable code and a readable message.


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    assert decode_error(tmp_path / "nowhere.wav").code == "audio_unreadable"


def test_directory_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "folder.wav"
    folder.mkdir()
    assert decode_error(folder).code == "audio_unreadable"


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "content",
    [
        b"this is a text file, not a recording\n" * 500,
        np.random.default_rng(7).bytes(200_000),
        b"\x89PNG\r\n\x1a\n" * 3,
    ],
    ids=["text", "random-bytes", "png-magic"],
)
def test_not_audio_is_unreadable(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "upload.mp3"
    path.write_bytes(content)
    assert decode_error(path).code == "audio_unreadable"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    assert decode_error(path).code == "audio_empty"


def test_valid_header_with_zero_samples(tmp_path: Path) -> None:
    path = tmp_path / "zero.wav"
    path.write_bytes(wav_header(0))
    assert decode_error(path).code == "audio_empty"


def test_digital_silence_has_no_speech(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "silent.wav", np.zeros((2, 16000 * 5), np.float32), 16000, "pcm_s16le")
    assert decode_error(path).code == "audio_no_speech"


def test_quiet_but_not_silent_audio_is_accepted(tmp_path: Path) -> None:
    # -40 dBFS is a quiet line, not an empty one: the threshold is -55 dBFS.
    path = write_audio(tmp_path / "quiet.wav", tones(2.0, 16000, level=0.014), 16000, "pcm_s16le")
    assert decode(path, DecodeOptions()).samples.shape[0] == 2


@pytest.mark.parametrize(
    ("suffix", "codec"), [("wav", "pcm_s16le"), ("mp3", "libmp3lame"), ("flac", "flac"), ("webm", "libopus")]
)
def test_truncated_file_fails_rather_than_returning_part_of_the_call(tmp_path: Path, suffix: str, codec: str) -> None:
    whole = write_audio(tmp_path / f"whole.{suffix}", tones(8.0, 48000), 48000, codec)
    cut = tmp_path / f"cut.{suffix}"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])

    error = decode_error(cut)

    assert error.code == "audio_truncated"


def test_truncated_m4a_without_its_index_is_unreadable(tmp_path: Path) -> None:
    # PyAV writes the mp4 index (moov) at the end: half a file has none.
    whole = write_audio(tmp_path / "whole.m4a", tones(4.0, 44100), 44100, "aac")
    cut = tmp_path / "cut.m4a"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert decode_error(cut).code == "audio_unreadable"


def test_longer_than_the_maximum_is_rejected_from_the_header(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "long.flac", tones(12.0, 16000), 16000, "flac")
    error = decode_error(path, DecodeOptions(max_duration_s=5.0))
    assert error.code == "audio_too_long"
    assert "12.0 s" in error.message and "5.0 s" in error.message


def test_a_header_that_understates_the_duration_cannot_make_decoding_run_on(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "lying.webm", tones(20.0, 48000), 48000, "libopus", "webm")
    data = bytearray(path.read_bytes())
    duration_at = data.find(b"\x44\x89\x88")  # Matroska Duration element, an 8-byte float (ms)
    assert duration_at > 0
    data[duration_at + 3 : duration_at + 11] = struct.pack(">d", 1000.0)
    path.write_bytes(bytes(data))
    with av.open(str(path)) as container:
        assert container.duration == pytest.approx(1_000_000), "the header now claims 1 s"
    seen: list[float] = []

    with pytest.raises(InputError) as caught:
        decode(path, DecodeOptions(max_duration_s=5.0), on_progress=lambda _s, f: seen.append(f))

    assert caught.value.code == "audio_too_long"
    assert max(seen, default=0.0) < 1.0


def test_video_without_audio_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "screen.webm"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libvpx", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(10):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 20, np.uint8), format="rgb24")
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)

    error = decode_error(path)

    assert error.code == "audio_unsupported"
    assert "video" in error.message


_MEMORY_PROBE = """
import json, resource, sys
from pathlib import Path
import av, numpy
from pipeline.audio.decode import decode
from pipeline.options import DecodeOptions
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
audio = decode(Path(sys.argv[1]), DecodeOptions())
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"growth": (after - before) * 1024, "nbytes": audio.samples.nbytes, "shape": audio.samples.shape}))
"""


def write_long_flac(path: Path, seconds: int, rate: int) -> None:
    """A long two-channel file, encoded one second at a time."""
    rng = np.random.default_rng(0)
    t = np.arange(rate) / rate
    with av.open(str(path), "w") as out:
        stream = out.add_stream("flac", rate=rate, layout="stereo")
        for second in range(seconds):
            rows = [0.2 * np.sin(2 * np.pi * (300 + 100 * c + second % 5) * t) for c in range(2)]
            block = np.stack(rows) + 0.01 * rng.standard_normal((2, rate))
            frame = av.AudioFrame.from_ndarray(block.astype(np.float32), format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = rate, second * rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


@pytest.mark.slow
def test_memory_of_a_20_minute_call_stays_near_one_copy(tmp_path: Path) -> None:
    path = tmp_path / "long.flac"
    write_long_flac(path, 20 * 60, 22050)

    probe = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    result = json.loads(probe.stdout)

    assert result["shape"] == [2, 20 * 60 * SAMPLE_RATE]
    # Measured: ~1.15x (the buffer plus FFmpeg's own frames). Concatenating
    # per-frame arrays, or a float64 pass, would need 2x-3x.
    assert result["growth"] < 2.0 * result["nbytes"]
