"""Decode stage: any common audio file -> :class:`DecodedAudio` at 16 kHz.

PyAV decodes (its wheel carries FFmpeg, so no system ffmpeg is needed) and
resamples each frame to 16 kHz float32 as it arrives, into one buffer that
is preallocated from the container's declared duration. Peak memory is
therefore about one copy of the result, however long the file is.

Stereo is never downmixed: agent and customer recorded on separate channels
are the best speaker separation a call can have. A stereo file whose two
channels carry one signal (up to a gain) keeps one row in ``samples``, so
the glue does not treat it as two parties, while ``AudioInfo.channels``
still reports 2. Files with more than two channels keep the first two.

Bad input raises :class:`InputError` with one of these codes (the file is
opened and its length header checked by :mod:`pipeline.audio.probe`, the
same checks an upload gets from the API):

    audio_unreadable   missing, not a file, not audio, or corrupt from the start
    audio_empty        0 bytes, or a valid header with no samples
    audio_truncated    a WAV shorter than its header says, decoding failed
                       part-way, or it stopped well short of the length the
                       container declares. The partial audio is NOT kept: a
                       summary of half a call reads like a whole one, so the
                       operator has to see the problem instead. (Isolated
                       corrupt packets are skipped, as ffmpeg does. A cut-off
                       Ogg file declares no other length, so it decodes as
                       the shorter file it now is; a cut-off mp4/m4a has lost
                       its index and is audio_unreadable.)
    audio_too_long     longer than ``DecodeOptions.max_duration_s`` (checked on
                       the header first and again while decoding, so a header
                       that lies cannot make us decode hours)
    audio_no_speech    only digital silence (loudest 100 ms window below
                       ``DecodeOptions.silence_threshold_dbfs``)
    audio_unsupported  no audio stream (e.g. a video-only file) or no decoder
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import av
import numpy as np

from pipeline.audio.levels import identical_channels, loudest_window_dbfs
from pipeline.audio.probe import audio_stream, check_length_header, declared_duration, open_container, too_long
from pipeline.errors import ErrorCode, InputError
from pipeline.options import DecodeOptions
from pipeline.progress import ProgressHook, report
from pipeline.types import SAMPLE_RATE, AudioInfo, DecodedAudio

log = logging.getLogger(__name__)

# Corrupt packets in the middle of a stream are skipped, as the ffmpeg CLI
# does; this many mean the file is damaged beyond a glitch.
MAX_SKIPPED_PACKETS = 20
# A stream that ends this far short of its declared length was cut off.
TRUNCATED_MIN_SHORTFALL_S = 1.0
TRUNCATED_MIN_SHORTFALL_RATIO = 0.10
# Used when the container declares no duration; the buffer then grows.
UNKNOWN_DURATION_GUESS_S = 600.0
GROWTH_FACTOR = 1.5
# Caps buffer growth when max_duration_s is unbounded (inf).
MAX_BUFFER_S = 48 * 3600.0
PROGRESS_STEP = 0.01


def decode(path: Path, options: DecodeOptions, on_progress: ProgressHook | None = None) -> DecodedAudio:
    """Decode ``path`` to 16 kHz float32, shape (channels, n), channels 1 or 2."""
    path = Path(path)
    size_bytes = _checked_size(path)
    container = open_container(path, path.name)
    with container:
        stream = audio_stream(container, path.name)
        check_length_header(path, path.name)
        declared = declared_duration(container, stream)
        if declared is not None and declared > options.max_duration_s:
            raise too_long(path.name, declared, options.max_duration_s)
        decoder = _StreamDecoder(path, declared, options, on_progress)
        decoder.run(container, stream)
        format_name = f"{container.format.name.split(',')[0]}/{stream.codec_context.name}"

    buffer = decoder.buffer
    view = buffer.view() if buffer is not None else np.empty((1, 0), np.float32)
    if view.shape[1] == 0:
        raise InputError(f"{path.name} contains no audio samples", code=ErrorCode.AUDIO_EMPTY)
    if loudest_window_dbfs(view) < options.silence_threshold_dbfs:
        raise InputError(f"{path.name} contains only silence", code=ErrorCode.AUDIO_NO_SPEECH)
    if view.shape[0] == 2 and identical_channels(view):
        log.debug("both channels carry the same signal: keeping one")
        del view
        buffer.keep_first_row()
    samples = buffer.result()

    info = AudioInfo(
        duration=samples.shape[1] / SAMPLE_RATE,
        channels=decoder.source_channels,
        sample_rate=decoder.source_rate,
        sha256=_sha256(path),
        format=format_name,
        size_bytes=size_bytes,
    )
    report(on_progress, "decode", 1.0)
    return DecodedAudio(info=info, samples=samples)


def _checked_size(path: Path) -> int:
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise InputError(f"audio file not found: {path}", code=ErrorCode.AUDIO_UNREADABLE) from exc
    except OSError as exc:
        raise InputError(f"audio file cannot be read: {path} ({exc.strerror})", code=ErrorCode.AUDIO_UNREADABLE) from exc
    if not path.is_file():
        raise InputError(f"not a regular file: {path}", code=ErrorCode.AUDIO_UNREADABLE)
    if stat.st_size == 0:
        raise InputError(f"{path.name} is empty (0 bytes)", code=ErrorCode.AUDIO_EMPTY)
    return stat.st_size


class _Buffer:
    """A (channels, capacity) float32 buffer filled from the left."""

    def __init__(self, channels: int, capacity: int, limit: int) -> None:
        self.limit = limit  # growth stops here; the caller rejects longer audio
        self.data = np.empty((channels, max(capacity, 1)), dtype=np.float32)
        self.n = 0

    def append(self, block: np.ndarray) -> None:
        # shape of block: (channels, m)
        m = block.shape[1]
        if self.n + m > self.data.shape[1]:
            self._grow(self.n + m)
        self.data[:, self.n : self.n + m] = block
        self.n += m

    def _grow(self, needed: int) -> None:
        capacity = max(needed, min(int(self.data.shape[1] * GROWTH_FACTOR), self.limit))
        log.debug("decode buffer grows from %d to %d samples", self.data.shape[1], capacity)
        if self.data.shape[0] == 1:
            # A single row can grow in place (realloc, usually without a copy).
            self.data.resize((1, capacity), refcheck=False)
            return
        grown = np.empty((self.data.shape[0], capacity), dtype=np.float32)
        grown[:, : self.n] = self.data[:, : self.n]
        self.data = grown

    def view(self) -> np.ndarray:
        return self.data[:, : self.n]

    def keep_first_row(self) -> None:
        # Row 0 is the first half of the C-ordered (2, capacity) buffer:
        # shrinking in place frees row 1 without copying row 0. Safe because
        # no view of the buffer is alive at this point.
        self.data.resize((1, self.data.shape[1]), refcheck=False)

    def result(self) -> np.ndarray:
        if self.data.shape[0] == 1 and self.n < self.data.shape[1]:
            self.data.resize((1, self.n), refcheck=False)
            return self.data
        # A view: each row stays contiguous, and no copy of the whole call
        # is made just to drop unused capacity (at most GROWTH_FACTOR - 1).
        return self.data[:, : self.n]


class _StreamDecoder:
    """Decodes one audio stream frame by frame into a :class:`_Buffer`."""

    def __init__(
        self, path: Path, declared: float | None, options: DecodeOptions, on_progress: ProgressHook | None
    ) -> None:
        self.path = path
        self.declared = declared
        self.options = options
        self.on_progress = on_progress
        self.buffer: _Buffer | None = None  # made on the first frame, when the channels are known
        self.source_rate = 0
        self.source_channels = 0
        self._max_samples = options.max_duration_s * SAMPLE_RATE
        self._next_report = PROGRESS_STEP

    @property
    def decoded_s(self) -> float:
        return self.buffer.n / SAMPLE_RATE if self.buffer is not None else 0.0

    def run(self, container: av.container.InputContainer, stream: av.audio.stream.AudioStream) -> None:
        # fltp: planar float32, so each frame is (channels, m) without conversion.
        resampler = av.AudioResampler(format="fltp", layout=None, rate=SAMPLE_RATE)
        skipped = 0
        failed_last = False
        try:
            for packet in container.demux(stream):
                try:
                    frames = packet.decode()
                except av.FFmpegError as exc:
                    skipped += 1
                    failed_last = True
                    log.debug("skipping a corrupt packet (%d so far): %s", skipped, exc)
                    if skipped > MAX_SKIPPED_PACKETS:
                        break
                    continue
                for frame in frames:
                    self._take(frame, resampler.resample(frame))
                    failed_last = False
                self._report()
            self._take(None, resampler.resample(None))
        except av.FFmpegError as exc:
            # The demuxer itself gave up (e.g. a cut-off container).
            log.debug("demuxing stopped: %s", exc)
            failed_last = True
        except ValueError as exc:
            # PyAV raises ValueError when the stream's format changes mid-way.
            log.debug("decoding stopped: %s", exc)
            failed_last = True
        self._check_complete(failed_last or skipped > MAX_SKIPPED_PACKETS)

    def _take(self, source: av.AudioFrame | None, frames: list[av.AudioFrame]) -> None:
        if self.buffer is None:
            if source is None:
                return
            self._start(source)
        assert self.buffer is not None
        for out in frames:
            self.buffer.append(out.to_ndarray()[: self.buffer.data.shape[0]])
        if self.buffer.n > self._max_samples:
            raise too_long(self.path.name, self.decoded_s, self.options.max_duration_s)

    def _start(self, first: av.AudioFrame) -> None:
        self.source_rate = int(first.sample_rate)
        self.source_channels = len(first.layout.channels)
        if self.source_channels > 2:
            log.debug("%d channels in the source: keeping the first two", self.source_channels)
        limit = int(min(self.options.max_duration_s, MAX_BUFFER_S) * SAMPLE_RATE) + SAMPLE_RATE
        guess_s = self.declared * 1.02 + 1.0 if self.declared is not None else UNKNOWN_DURATION_GUESS_S
        self.buffer = _Buffer(min(self.source_channels, 2), min(int(guess_s * SAMPLE_RATE), limit), limit)

    def _report(self) -> None:
        if not self.declared or self.on_progress is None or self.decoded_s < self._next_report * self.declared:
            return
        fraction = min(self.decoded_s / self.declared, 0.99)
        report(self.on_progress, "decode", fraction)
        self._next_report = fraction + PROGRESS_STEP

    def _check_complete(self, failed: bool) -> None:
        name = self.path.name
        if failed:
            if self.decoded_s == 0:
                raise InputError(f"{name} is corrupt or not audio: no audio could be decoded", code=ErrorCode.AUDIO_UNREADABLE)
            raise InputError(f"{name} is damaged: decoding failed after {self.decoded_s:.1f} s", code=ErrorCode.AUDIO_TRUNCATED)
        if self.declared is not None and self.decoded_s > 0 and _cut_short(self.decoded_s, self.declared):
            raise InputError(
                f"{name} is cut off: its header declares {self.declared:.1f} s but only {self.decoded_s:.1f} s decode",
                code=ErrorCode.AUDIO_TRUNCATED,
            )


def _cut_short(decoded: float, declared: float) -> bool:
    shortfall = declared - decoded
    return shortfall > TRUNCATED_MIN_SHORTFALL_S and shortfall > TRUNCATED_MIN_SHORTFALL_RATIO * declared


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
