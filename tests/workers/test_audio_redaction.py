"""The stored audio loses what the transcript lost: a worker processing a
call with a redacted card or phone number stores the audio with a tone over
it on the speaker's channel; the upload is kept only when the site says so."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import soundfile as sf

from pipeline.audio.mute import TONE_HZ
from pipeline.options import RedactOptions
from pipeline.redact import redact
from pipeline.types import Word
from store import calls
from store.audio import AudioStore
from store.db import Database
from store.settings import Settings
from tests.pipeline.factories import call_result, segment
from workers import processing
from workers.processing import Outcome, WorkerContext

RATE = 8000


def _upload(db: Database, audio: AudioStore) -> tuple[str, np.ndarray]:
    t = np.arange(4 * RATE) / RATE
    signal = np.stack([0.5 * np.sin(2 * np.pi * 300 * t), 0.5 * np.sin(2 * np.pi * 500 * t)], axis=1)
    call_id = calls.new_call_id()
    relative = f"{call_id[:2]}/{call_id}.wav"
    (audio.root / relative).parent.mkdir(parents=True, exist_ok=True)
    sf.write(audio.root / relative, signal, RATE, subtype="PCM_16")
    calls.create_call(db, call_id, calls.NewCall(audio_path=relative, audio_sha256="c" * 64, audio_bytes=1, audio_format="wav"))
    return call_id, signal


def _with_card(*_args: object):  # noqa: ANN202 - the pipeline's signature
    """The customer (channel 1) read a card number at 1.0-2.0 s; the pipeline redacted it."""
    result = call_result()
    card = (Word(1.0, 1.4, "[CARD]", 0.9), Word(1.4, 2.0, "", 0.9))
    segment = dataclasses.replace(result.segments[1], words=card, channel=1)
    return dataclasses.replace(result, segments=(result.segments[0], segment, *result.segments[2:]))


def _with_phone(*_args: object):  # noqa: ANN202 - the pipeline's signature
    """The customer (channel 1) said a phone number at 1.0-3.0 s, redacted by the redaction stage itself."""
    result = call_result()
    said = segment(1, 0.0, 4.0, "it's 07700 900123, thanks", channel=1)  # one word a second
    segments, _ = redact((said,), (), RedactOptions())
    assert [w.text.strip() for w in segments[0].words] == ["it's", "[PHONE],", "", "thanks"]
    return dataclasses.replace(result, segments=(result.segments[0], segments[0], *result.segments[2:]))


def _tone_share(x: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(spectrum[int(TONE_HZ * len(x) / RATE)] / spectrum.max())


def test_the_card_is_silenced_on_its_channel_and_the_upload_is_not_kept(
    make_ctx: Callable[..., WorkerContext], db: Database, settings: Settings
) -> None:
    ctx = make_ctx(_with_card)
    call_id, original = _upload(db, ctx.audio)
    uploaded = ctx.audio.files()
    assert processing.run_call(ctx, call_id) is Outcome.DONE
    with db.session() as session:
        row = calls.get_call(session, call_id)
    assert row is not None and row.audio_path.endswith(".redacted.wav") and row.original_audio_path is None
    assert [p.name for p in ctx.audio.files()] == [f"{call_id}.redacted.wav"] and uploaded[0].name == f"{call_id}.wav"
    stored, rate = sf.read(ctx.audio.path(row.audio_path))
    assert rate == RATE
    card = slice(int(1.0 * RATE), int(2.0 * RATE))
    assert _tone_share(stored[card, 1]) == 1.0  # the customer's card number: a tone
    np.testing.assert_allclose(stored[:, 0], original[:, 0], atol=1e-3)  # the agent: untouched


def test_a_phone_number_is_silenced_over_its_words_on_its_channel_only(
    make_ctx: Callable[..., WorkerContext], db: Database
) -> None:
    ctx = make_ctx(_with_phone)
    call_id, original = _upload(db, ctx.audio)
    assert processing.run_call(ctx, call_id) is Outcome.DONE
    with db.session() as session:
        row = calls.get_call(session, call_id)
    assert row is not None and row.audio_path.endswith(".redacted.wav")
    stored, _ = sf.read(ctx.audio.path(row.audio_path))
    phone = slice(int(1.0 * RATE), int(3.0 * RATE))
    assert _tone_share(stored[phone, 1]) == 1.0  # both words of the number: a tone
    assert np.abs(stored[phone, 1]).max() < 0.2  # the tone, not the voice
    for kept in (slice(0, int(0.8 * RATE)), slice(int(3.2 * RATE), 4 * RATE)):  # "it's", "thanks"
        np.testing.assert_allclose(stored[kept, 1], original[kept, 1], atol=1e-3)
    np.testing.assert_allclose(stored[:, 0], original[:, 0], atol=1e-3)  # the agent: untouched


def test_the_upload_is_kept_for_admins_when_the_site_says_so(
    make_ctx: Callable[..., WorkerContext], db: Database, settings: Settings
) -> None:
    ctx = make_ctx(_with_card)
    ctx.settings = settings.model_copy(update={"keep_original_audio": True})
    call_id, _ = _upload(db, ctx.audio)
    assert processing.run_call(ctx, call_id) is Outcome.DONE
    with db.session() as session:
        row = calls.get_call(session, call_id)
    assert row is not None and row.original_audio_path == f"{call_id[:2]}/{call_id}.wav"
    assert sorted(p.name for p in ctx.audio.files()) == [f"{call_id}.redacted.wav", f"{call_id}.wav"]
    assert calls.delete_call(db, ctx.audio, call_id)
    assert ctx.audio.files() == []


def test_nothing_redacted_keeps_the_upload_as_it_is(make_ctx: Callable[..., WorkerContext], db: Database) -> None:
    ctx = make_ctx(lambda *_a: call_result())
    call_id, _ = _upload(db, ctx.audio)
    assert processing.run_call(ctx, call_id) is Outcome.DONE
    assert [p.name for p in ctx.audio.files()] == [f"{call_id}.wav"]
