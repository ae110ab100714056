from __future__ import annotations

import pytest

from pipeline.asr.languages import WHISPER_LANGUAGES, parse_language
from pipeline.errors import ErrorCode, InputError
from tests.prerequisites import require_module


def test_the_list_is_faster_whispers() -> None:
    tokenizer = require_module("faster_whisper.tokenizer")
    assert WHISPER_LANGUAGES == frozenset(tokenizer._LANGUAGE_CODES)


def test_known_codes_pass_and_unknown_ones_are_bad_options() -> None:
    assert parse_language(" KO ") == "ko" and parse_language("yue") == "yue"
    for bad in ("zz", "en-US", "english", "", "k\x00o"):
        with pytest.raises(InputError) as refused:
            parse_language(bad)
        assert refused.value.code is ErrorCode.BAD_OPTION
