"""Receiving an upload: stream the multipart body straight to a temporary
file under the audio store, enforcing the size limit as bytes arrive, then
check that it is audio with the pipeline's own probe
(:mod:`pipeline.audio.probe`: magic bytes, a short decode with PyAV, the
WAV length header), so the API and ``callbrief process`` refuse the same
files with the same codes.

Nothing here commits anything: on any error the temporary file is removed
and the caller has stored no row and no file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from api.errors import ApiError
from pipeline.audio.probe import AudioProbe, probe, sniff_format  # PyAV, no ML: loaded at start, not on the first upload
from pipeline.errors import ErrorCode, InputError
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
                raise ApiError(400, ErrorCode.BAD_REQUEST, "send exactly one file in the field 'file'")
            self._is_file = True
            raw_filename = options.get(b"filename")
            # Kept for display only: control characters (NUL: PostgreSQL refuses it) dropped.
            name = raw_filename.decode("utf-8", "replace") if raw_filename else ""
            self.result.filename = "".join(c for c in name if c.isprintable())[:255] or None
            self.writer = self.store.open_upload(self.max_bytes)
        elif len(self.result.fields) >= MAX_FIELDS:
            raise ApiError(400, ErrorCode.BAD_REQUEST, "too many form fields")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._is_file:
            assert self.writer is not None
            self.writer.write(data[start:end])
        else:
            self._value += data[start:end]
            if len(self._value) > MAX_FIELD_BYTES:
                raise ApiError(400, ErrorCode.BAD_REQUEST, f"form field {self._name!r} is longer than {MAX_FIELD_BYTES} bytes")

    def on_part_end(self) -> None:
        if not self._is_file and self._name:
            self.result.fields[self._name] = self._value.decode("utf-8", "replace").strip()


async def receive_upload(request: Request, store: AudioStore, max_bytes: int) -> ReceivedUpload:
    """Stream the request body to a temporary file; raise :class:`ApiError` (4xx) on a bad upload."""
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in params:
        raise ApiError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the call as multipart/form-data with the audio in the field 'file'")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + ENVELOPE_BYTES:
        raise ApiError(413, ErrorCode.UPLOAD_TOO_LARGE, f"the upload is larger than the limit of {max_bytes} bytes")

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
            raise ApiError(400, ErrorCode.MISSING_FILE, "no audio file: send it in the multipart field 'file'")
        if receiver.writer.size_bytes == 0:
            raise ApiError(400, ErrorCode.AUDIO_EMPTY, "the uploaded file is empty")
        if sniff_format(receiver.writer.head) is None:
            raise ApiError(
                415, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "the file is not a supported audio format (wav, mp3, m4a/aac, ogg/opus, flac, webm)",
            )
        receiver.result.upload = await anyio.to_thread.run_sync(receiver.writer.finish)
    except UploadTooLarge as exc:
        _discard(receiver)
        raise ApiError(413, ErrorCode.UPLOAD_TOO_LARGE, f"the upload is larger than the limit of {max_bytes} bytes") from exc
    except FormParserError as exc:
        _discard(receiver)
        raise ApiError(400, ErrorCode.BAD_REQUEST, "the multipart body is malformed") from exc
    except BaseException:  # ApiError, a client that went away, cancellation: leave nothing behind
        _discard(receiver)
        raise
    return receiver.result


def _discard(receiver: _Receiver) -> None:
    if receiver.writer is not None:
        receiver.writer.discard()


def probe_upload(path: Path, max_duration_s: float) -> AudioProbe:
    """The pipeline's audio probe on a received upload; what it refuses is a
    ``422`` with the probe's code, before anything is stored."""
    try:
        return probe(path, max_duration_s, name="the file")
    except InputError as exc:
        log.info("upload refused: %s", exc.code)
        raise ApiError(422, exc.code, exc.message) from exc
