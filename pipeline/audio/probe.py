"""Audio probe: is a file audio callbrief can decode, and is it whole?

One set of checks for the two places a file arrives: the API checks an
upload with :func:`probe` before anything is stored, and the decode stage
(:mod:`pipeline.audio.decode`) opens every file with the same functions, so
a corrupt, cut-off, empty or too long file gets the same code from the API
as from ``callbrief process``. (The API also refuses what its magic bytes do
not name as audio; decode also refuses silence, which it only sees whole.)

    sniff_format(head)                the container by its magic bytes (None: not audio we know)
    open_container(path, name)        PyAV, local files only          audio_unreadable
    audio_stream(container, name)     its first audio stream          audio_unreadable, audio_unsupported
    declared_duration(container, s)   the length the container declares
    check_length_header(path, name)   a WAV whose ``data`` chunk
                                      claims more than the file holds audio_truncated
    too_long(name, s, max_s)          the error for a call too long   audio_too_long
    probe(path, max_s, name)          all of these, plus a decode of
                                      the first frames                audio_empty, audio_unreadable

``name`` is how messages call the file: its name on the command line,
"the file" for an upload (whose temporary name means nothing to a user).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

import av

from pipeline.errors import ErrorCode, InputError

log = logging.getLogger(__name__)

# Frames decoded by :func:`probe`: enough to find a corrupt stream, cheap
# even for a long upload.
PROBE_FRAMES = 8
# What a streaming recorder writes as the ``data`` size when it does not know it.
_UNKNOWN_WAV_SIZES = (0, 0xFFFFFFFF)


@dataclass(frozen=True)
class AudioProbe:
    format: str | None  # by magic bytes: wav, flac, ogg, webm, m4a, aiff, mp3, aac
    duration_s: float | None  # as the container declares it
    channels: int
    sample_rate: int


def sniff_format(head: bytes) -> str | None:
    """The container by its magic bytes; None when it is not a known audio format."""
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head[:3] == b"ID3":
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF:
        if head[1] & 0xF6 == 0xF0:  # ADTS: sync word, layer 00
            return "aac"
        if head[1] & 0xE0 == 0xE0:  # MPEG audio frame sync
            return "mp3"
    return None


def open_container(path: Path, name: str) -> av.container.InputContainer:
    try:
        # An absolute path is never read as a protocol ("http:...", "concat:..."),
        # and the whitelist stops playlist formats (HLS, ffconcat) from
        # opening anything but local files: callbrief makes no connections.
        return av.open(
            str(path.resolve()),
            mode="r",
            container_options={"protocol_whitelist": "file"},
            metadata_errors="ignore",
        )
    except av.FFmpegError as exc:
        raise InputError(f"{name} is not an audio file that can be read", code=ErrorCode.AUDIO_UNREADABLE) from exc
    except OSError as exc:
        raise InputError(f"{name} cannot be read ({exc.strerror})", code=ErrorCode.AUDIO_UNREADABLE) from exc


def audio_stream(container: av.container.InputContainer, name: str) -> av.audio.stream.AudioStream:
    if not container.streams.audio:
        if container.streams.video and not _is_picture_or_text(container.format.name):
            raise InputError(f"{name} is a video without an audio track", code=ErrorCode.AUDIO_UNSUPPORTED)
        raise InputError(f"{name} is not an audio file", code=ErrorCode.AUDIO_UNREADABLE)
    stream = container.streams.audio[0]
    if stream.codec_context is None:
        raise InputError(f"{name}: no decoder for its audio codec", code=ErrorCode.AUDIO_UNSUPPORTED)
    return stream


def _is_picture_or_text(format_name: str) -> bool:
    # FFmpeg opens a text file as "tty" (ANSI art) and pictures as
    # image2 / *_pipe: for a user these are "not audio", not "a video".
    return format_name in ("tty", "image2") or format_name.endswith("_pipe")


def declared_duration(container: av.container.InputContainer, stream: av.audio.stream.AudioStream) -> float | None:
    if stream.duration is not None and stream.time_base is not None and stream.duration > 0:
        return float(stream.duration * stream.time_base)
    if container.duration is not None and container.duration > 0:
        return container.duration / av.time_base
    return None


def check_length_header(path: Path, name: str) -> None:
    """Raise ``audio_truncated`` when a WAV's ``data`` chunk claims more bytes
    than the file holds. FFmpeg decodes such a file as the shorter one it now
    is, and a summary of half a call reads like a whole one."""
    if _wav_truncated(path):
        raise InputError(
            f"{name} is cut off: the WAV file is shorter than its header says (an interrupted copy or upload?)",
            code=ErrorCode.AUDIO_TRUNCATED,
        )


def _wav_truncated(path: Path) -> bool:
    # Streaming recorders write 0 or 0xFFFFFFFF as the data size: unknown, accepted.
    size = path.stat().st_size
    with open(path, "rb") as f:
        header = f.read(12)
        if header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            return False  # not WAV; RF64 keeps its sizes elsewhere
        offset = 12
        while offset + 8 <= size:
            f.seek(offset)
            chunk_id, length = f.read(4), int.from_bytes(f.read(4), "little")
            if chunk_id == b"data":
                if length in _UNKNOWN_WAV_SIZES:
                    return False
                return offset + 8 + length > size
            offset += 8 + length + (length & 1)
    return False


def too_long(name: str, duration_s: float, max_duration_s: float) -> InputError:
    return InputError(
        f"{name} is longer than the allowed maximum ({_duration_text(duration_s)} > {_duration_text(max_duration_s)})",
        code=ErrorCode.AUDIO_TOO_LONG,
    )


def _duration_text(seconds: float) -> str:
    if math.isinf(seconds):
        return "unbounded"
    if seconds < 120:
        return f"{seconds:.1f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.2f} h"


def probe(path: Path, max_duration_s: float, name: str | None = None) -> AudioProbe:
    """Open ``path``, decode its first frames and check its declared length:
    a corrupt, header-only, cut-off or too long file raises :class:`InputError`."""
    name = name or path.name
    with open(path, "rb") as f:
        audio_format = sniff_format(f.read(16))
    with open_container(path, name) as container:
        stream = audio_stream(container, name)
        duration_s = declared_duration(container, stream)
        frames = _decode_first_frames(container, stream, name)
        channels, rate = stream.codec_context.channels, stream.codec_context.sample_rate
    if frames == 0:
        raise InputError(f"{name} contains no audio samples", code=ErrorCode.AUDIO_EMPTY)
    check_length_header(path, name)
    if duration_s is not None and duration_s > max_duration_s:
        raise too_long(name, duration_s, max_duration_s)
    return AudioProbe(audio_format, duration_s, int(channels or 0), int(rate or 0))


def _decode_first_frames(container: av.container.InputContainer, stream: av.audio.stream.AudioStream, name: str) -> int:
    frames = 0
    try:
        for _frame in container.decode(stream):
            frames += 1
            if frames >= PROBE_FRAMES:
                break
    except Exception as exc:  # noqa: BLE001 - FFmpeg raises many types for one cause: unreadable input
        log.info("audio could not be decoded (%s)", type(exc).__name__)
        raise InputError(
            f"{name} could not be decoded as audio (corrupt or truncated)", code=ErrorCode.AUDIO_UNREADABLE
        ) from exc
    return frames
