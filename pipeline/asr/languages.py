"""The languages Whisper recognises: what ``--language`` and an upload's
``language`` field may name. Kept here, not read from faster-whisper, so
the API checks an upload without importing the speech recognizer
(tests/pipeline/asr/test_languages.py compares the two lists)."""

from __future__ import annotations

from pipeline.errors import ErrorCode, InputError

WHISPER_LANGUAGES = frozenset(
    (
        "af am ar as az ba be bg bn bo br bs ca cs cy da de el en es et eu fa fi fo fr gl gu ha haw he hi hr "
        "ht hu hy id is it ja jw ka kk km kn ko la lb ln lo lt lv mg mi mk ml mn mr ms mt my ne nl nn no oc "
        "pa pl ps pt ro ru sa sd si sk sl sn so sq sr su sv sw ta te tg th tk tl tr tt uk ur uz vi yi yo zh yue"
    ).split()
)


def parse_language(text: str) -> str:
    """``"KO"`` -> ``"ko"``; a code Whisper does not know raises
    :class:`InputError` (``bad_option``)."""
    code = text.strip().lower()
    if code not in WHISPER_LANGUAGES:
        raise InputError(
            f"unknown language {text.strip()[:16]!r}: give a code Whisper recognises, such as 'en' or 'ko'",
            code=ErrorCode.BAD_OPTION,
        )
    return code
