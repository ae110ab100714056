"""Every error callbrief raises on purpose, as one tree.

    CallbriefError            code, message, retryable
    ├── InputError            the audio or the request is wrong; retrying cannot help
    │     codes: audio_empty, audio_unreadable, audio_truncated, audio_too_long,
    │            audio_no_speech, audio_unsupported, bad_option
    ├── ModelError            a model is missing or failed to load (site configuration)
    │     codes: model_missing, model_load_failed
    ├── ProcessingError       a stage failed on valid input
    │     codes: stage_failed, timeout
    └── TransientError        database or broker trouble; a retry may help
          codes: transient

The ``code`` is stable: it is stored on the call row and shown to users,
and the CLI maps it to an exit status. Always ``raise ... from exc``.
"""

from __future__ import annotations


class CallbriefError(Exception):
    code: str = "error"
    retryable: bool = False

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class InputError(CallbriefError):
    code = "bad_input"


class ModelError(CallbriefError):
    code = "model_missing"


class ProcessingError(CallbriefError):
    code = "stage_failed"


class TransientError(CallbriefError):
    code = "transient"
    retryable = True
