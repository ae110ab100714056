"""Phrase normalisation: case, punctuation, numbers, inflections, Korean spacing and particles."""

from __future__ import annotations

import pytest

from pipeline.qa.normalize import phrase_units, strip_particle


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("thank you for calling Northwind Council", "Thanks for calling the Northwind council!"),
        ("we will call you back", "We'll call you back."),
        ("your reference is 44719", "your reference is 4 4 7 1 9"),
        ("calls are recorded", "CALLS ARE RECORDED."),
        ("I have booked an engineer", "I have booked the engineers"),
        ("본인 확인", "본인확인"),
        ("성함을 말씀해 주세요", "성함 말씀해 주세요"),
    ],
)
def test_wordings_that_mean_the_same_normalise_alike(a: str, b: str) -> None:
    assert phrase_units(a) == phrase_units(b)


def test_inflections_share_a_stem() -> None:
    assert phrase_units("calling")[0] == phrase_units("called")[0] == phrase_units("calls")[0] == "call"


def test_korean_particles_are_stripped_but_short_words_keep_their_last_syllable() -> None:
    assert strip_particle("확인을") == "확인"
    assert strip_particle("고객님께서") == "고객님"
    assert strip_particle("문의") == "문의"  # not 문 + the particle 의


def test_a_korean_stem_is_a_prefix_of_its_contracted_forms() -> None:
    stem, contracted = "".join(phrase_units("녹음되")), "".join(phrase_units("녹음됩니다"))
    assert contracted.startswith(stem)


def test_different_words_stay_different() -> None:
    assert phrase_units("cancel my account") != phrase_units("cancel my appointment")
    assert phrase_units("녹음") != phrase_units("녹취")
