"""The normalisers applied to reference and hypothesis before scoring: the
rules the README states, so a word error rate means the same from run to run."""

from __future__ import annotations

import pytest

from pipeline.evaluation.normalize import normalize, tokens, uses_cer


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("It's 4, 8, 2, 1, 3.", "it is 48213"),  # read digit by digit, with commas
        ("my account is 4 8 2 1 3", "my account is 48213"),
        ("four eight two one three", "48213"),  # Whisper's own normaliser joins spelled digits
        ("I have 1 car and 2 cats", "i have one car and 2 cats"),  # a lone digit is not an id
    ],
)
def test_an_id_read_digit_by_digit_is_one_word(said: str, written: str) -> None:
    assert normalize(said, "en") == written


def test_english_drops_fillers_asides_and_punctuation_and_writes_money_as_digits() -> None:
    assert normalize("Um, Mr. Jones paid one thousand five hundred dollars [laughs].", "en") == "mister jones paid $1500"


def test_british_spellings_score_the_same_as_american_ones() -> None:
    assert normalize("I apologise, the centre cancelled your cheque", "en-GB") == normalize(
        "I apologize, the center canceled your check", "en"
    )


def test_korean_is_scored_by_characters_whatever_the_spacing() -> None:
    assert uses_cer("ko") and uses_cer("ko-KR") and not uses_cer(None) and not uses_cer("fr")
    assert tokens("안녕하세요, 고객님!", "ko") == tokens("안녕 하세요 고객님", "ko") == list("안녕하세요고객님")


def test_other_languages_lose_case_punctuation_and_symbols_only() -> None:
    assert tokens("Ça coûte 10 €, d'accord?", "fr") == ["ça", "coûte", "10", "d", "accord"]
