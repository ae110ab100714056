"""What crosses the boundary to every summary backend: the time limit and
the token estimate used where a backend has no local tokenizer."""

from __future__ import annotations

import time

import pytest

from pipeline.errors import ProcessingError
from pipeline.summary.engine import GenerationTimeout, check_deadline, estimate_tokens, seconds_left


def test_a_passed_deadline_is_a_timeout_error() -> None:
    check_deadline(time.monotonic() + 5)  # time left: nothing happens
    with pytest.raises(GenerationTimeout) as caught:
        check_deadline(time.monotonic() - 0.001)
    assert caught.value.code == "timeout" and isinstance(caught.value, ProcessingError)
    assert not caught.value.retryable


def test_seconds_left_counts_down_and_goes_negative() -> None:
    assert 4.0 < seconds_left(time.monotonic() + 5) <= 5.0
    assert seconds_left(time.monotonic() - 1) < 0


def test_the_estimate_counts_english_by_characters_and_hangul_fully() -> None:
    english = "Your reference number is 60471."  # 31 characters
    korean = "과태료는 사만원입니다"  # 10 Hangul syllables and a space
    assert estimate_tokens(english) == 31 // 3 + 1
    assert estimate_tokens(korean) == 1 // 3 + 10 + 1
    # Korean is denser: the same length of text is estimated at more tokens.
    assert estimate_tokens("가" * 30) > estimate_tokens("a" * 30)
    assert estimate_tokens("") == 1
