"""Every error callbrief raises on purpose, as one tree, and every code it shows.

    CallbriefError            code, message, retryable
    ├── InputError            the audio or the request is wrong; retrying cannot help
    │     codes: bad_input, audio_empty, audio_unreadable, audio_truncated,
    │            audio_too_long, audio_no_speech, audio_unsupported, bad_option,
    │            bad_manifest, bad_rules
    ├── ModelError            a model is missing or failed to load (site configuration)
    │     codes: model_missing, model_load_failed
    ├── ProcessingError       a stage failed on valid input
    │     codes: stage_failed, timeout, worker_lost
    └── TransientError        database or broker trouble; a retry may help
          codes: transient

The ``code`` is stable: it is stored on the call row and shown to users,
and the CLI maps it to an exit status. :class:`ErrorCode` lists every code,
including those only the HTTP API answers with; README.md's error-code
table is checked against it (tests/pipeline/test_errors.py). Always
``raise ... from exc``.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Every stable error code. The values are what call rows, API bodies and
    the CLI show: never change one, add a new member instead."""

    # InputError
    BAD_INPUT = "bad_input"
    AUDIO_EMPTY = "audio_empty"
    AUDIO_UNREADABLE = "audio_unreadable"
    AUDIO_TRUNCATED = "audio_truncated"
    AUDIO_TOO_LONG = "audio_too_long"
    AUDIO_NO_SPEECH = "audio_no_speech"
    AUDIO_UNSUPPORTED = "audio_unsupported"
    BAD_OPTION = "bad_option"
    BAD_MANIFEST = "bad_manifest"
    BAD_RULES = "bad_rules"  # a QA rule file or rule payload (pipeline.qa.load)
    # ModelError
    MODEL_MISSING = "model_missing"
    MODEL_LOAD_FAILED = "model_load_failed"
    # ProcessingError
    STAGE_FAILED = "stage_failed"
    TIMEOUT = "timeout"
    WORKER_LOST = "worker_lost"
    # TransientError
    TRANSIENT = "transient"
    # Answered only by the HTTP API (api/errors.py, api/upload.py, api/routes/).
    BAD_REQUEST = "bad_request"
    MISSING_FILE = "missing_file"
    INVALID_REQUEST = "invalid_request"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    UPLOAD_TOO_LARGE = "upload_too_large"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    DUPLICATE_UPLOAD = "duplicate_upload"
    CALL_FAILED = "call_failed"
    NOT_READY = "not_ready"
    HTTP_ERROR = "http_error"
    INTERNAL_ERROR = "internal_error"
    DATABASE_UNAVAILABLE = "database_unavailable"
    CLIENT_DISCONNECTED = "client_disconnected"
    CSRF_FAILED = "csrf_failed"  # the web pages: a form without its session's token
    LEGAL_HOLD = "legal_hold"


class CallbriefError(Exception):
    code: ErrorCode = ErrorCode.STAGE_FAILED
    retryable: bool = False

    def __init__(self, message: str, *, code: ErrorCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class InputError(CallbriefError):
    code = ErrorCode.BAD_INPUT


class ModelError(CallbriefError):
    code = ErrorCode.MODEL_MISSING


class ProcessingError(CallbriefError):
    code = ErrorCode.STAGE_FAILED


class TransientError(CallbriefError):
    code = ErrorCode.TRANSIENT
    retryable = True
