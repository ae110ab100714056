"""Receiving an upload: stream the multipart body straight to a temporary
file under the audio store, enforcing the size limit as bytes arrive, then
check that it is audio (magic bytes, then a short decode with PyAV).

Nothing here commits anything: on any error the temporary file is removed
and the caller has stored no row and no file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import anyio
import av  # PyAV: FFmpeg's decoders, no ML; imported at start so the first upload is not slow
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from api.errors import ApiError
from store.audio import AudioStore, StoredUpload, UploadTooLarge, UploadWriter

log = logging.getLogger(__name__)

FILE_FIELD = "file"
MAX_FIELD_BYTES = 8 * 1024
MAX_FIELDS = 32
# Multipart headers and form fields around the file; not counted as audio.
ENVELOPE_BYTES = 256 * 1024


@dataclass
class ReceivedUpload:
    fields: dict[str, str] = field(default_factory=dict)
    upload: StoredUpload | None = None
    filename: str | None = None


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


class _Receiver:
    """python-multipart callbacks writing the ``file`` part to disk."""

    def __init__(self, store: AudioStore, max_bytes: int) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self.result = ReceivedUpload()
        self.writer: UploadWriter | None = None
        self._name = ""
        self._is_file = False
        self._value = bytearray()
        self._header_field = b""
        self._header_value = b""
        self._disposition = b""

    def on_part_begin(self) -> None:
        self._name, self._is_file, self._disposition = "", False, b""
        self._value = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_field.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_field, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        if self._name == FILE_FIELD:
            if self.writer is not None:
                raise ApiError(400, "bad_request", "send exactly one file in the field 'file'")
            self._is_file = True
            raw_filename = options.get(b"filename")
            self.result.filename = raw_filename.decode("utf-8", "replace")[:255] if raw_filename else None
            self.writer = self.store.open_upload(self.max_bytes)
        elif len(self.result.fields) >= MAX_FIELDS:
            raise ApiError(400, "bad_request", "too many form fields")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._is_file:
            assert self.writer is not None
            self.writer.write(data[start:end])
        else:
            self._value += data[start:end]
            if len(self._value) > MAX_FIELD_BYTES:
                raise ApiError(400, "bad_request", f"form field {self._name!r} is longer than {MAX_FIELD_BYTES} bytes")

    def on_part_end(self) -> None:
        if not self._is_file and self._name:
            self.result.fields[self._name] = self._value.decode("utf-8", "replace").strip()


async def receive_upload(request: Request, store: AudioStore, max_bytes: int) -> ReceivedUpload:
    """Stream the request body to a temporary file; raise :class:`ApiError` (4xx) on a bad upload."""
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in params:
        raise ApiError(415, "unsupported_media_type", "send the call as multipart/form-data with the audio in the field 'file'")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + ENVELOPE_BYTES:
        raise ApiError(413, "upload_too_large", f"the upload is larger than the limit of {max_bytes} bytes")

    receiver = _Receiver(store, max_bytes)
    parser = MultipartParser(
        params[b"boundary"],
        {
            "on_part_begin": receiver.on_part_begin,
            "on_part_data": receiver.on_part_data,
            "on_part_end": receiver.on_part_end,
            "on_header_field": receiver.on_header_field,
            "on_header_value": receiver.on_header_value,
            "on_header_end": receiver.on_header_end,
            "on_headers_finished": receiver.on_headers_finished,
        },
    )
    try:
        async for chunk in request.stream():
            # Hashing and writing happen in a thread: a 500 MB upload must
            # not stall every other request on the event loop.
            await anyio.to_thread.run_sync(parser.write, chunk)
        parser.finalize()
        if receiver.writer is None:
            raise ApiError(400, "missing_file", "no audio file: send it in the multipart field 'file'")
        if receiver.writer.size_bytes == 0:
            raise ApiError(400, "audio_empty", "the uploaded file is empty")
        if sniff_format(receiver.writer.head) is None:
            raise ApiError(
                415, "unsupported_media_type",
                "the file is not a supported audio format (wav, mp3, m4a/aac, ogg/opus, flac, webm)",
            )
        receiver.result.upload = await anyio.to_thread.run_sync(receiver.writer.finish)
    except UploadTooLarge as exc:
        _discard(receiver)
        raise ApiError(413, "upload_too_large", f"the upload is larger than the limit of {max_bytes} bytes") from exc
    except FormParserError as exc:
        _discard(receiver)
        raise ApiError(400, "bad_request", "the multipart body is malformed") from exc
    except BaseException:  # ApiError, a client that went away, cancellation: leave nothing behind
        _discard(receiver)
        raise
    return receiver.result


def _discard(receiver: _Receiver) -> None:
    if receiver.writer is not None:
        receiver.writer.discard()


def _wav_truncated(path: Path) -> bool:
    """True when the ``data`` chunk claims more bytes than the file holds.
    Streaming recorders write 0 or 0xFFFFFFFF there: unknown, accepted."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        header = f.read(12)
        if header[:4] != b"RIFF":
            return False  # RF64 keeps sizes elsewhere; FFmpeg has read it already
        offset = 12
        while offset + 8 <= size:
            f.seek(offset)
            chunk_id, length = f.read(4), int.from_bytes(f.read(4), "little")
            if chunk_id == b"data":
                if length in (0, 0xFFFFFFFF):
                    return False
                return offset + 8 + length > size
            offset += 8 + length + (length & 1)
    return False


@dataclass(frozen=True)
class Probe:
    format: str
    duration_s: float | None
    channels: int
    sample_rate: int


def probe_audio(path: Path, sniffed: str, max_duration_s: float) -> Probe:
    """Open the container and decode its first frames: a corrupt or
    header-only file is refused here, before anything is stored."""
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise ApiError(422, "audio_unreadable", "the file contains no audio stream")
            stream = container.streams.audio[0]
            duration_s = float(container.duration) / 1_000_000 if container.duration else None
            frames = 0
            for _frame in container.decode(stream):
                frames += 1
                if frames >= 8:
                    break
            channels, rate = stream.codec_context.channels, stream.codec_context.sample_rate
    except ApiError:
        raise
    except Exception as exc:  # noqa: BLE001 - FFmpeg raises many types for one cause: unreadable input
        log.info("upload refused: audio could not be decoded (%s)", type(exc).__name__)
        raise ApiError(422, "audio_unreadable", "the file could not be decoded as audio (corrupt or truncated)") from exc
    if frames == 0:
        raise ApiError(422, "audio_empty", "the file contains no audio samples")
    if sniffed == "wav" and _wav_truncated(path):
        raise ApiError(422, "audio_truncated", "the WAV file is shorter than its header says (truncated upload?)")
    if duration_s is not None and duration_s > max_duration_s:
        raise ApiError(
            422, "audio_too_long",
            f"the call is {duration_s:.0f} s long; the limit is {max_duration_s:.0f} s",
        )
    return Probe(sniffed, duration_s, int(channels or 0), int(rate or 0))
