"""Metrics against cases computed by hand."""

from __future__ import annotations

import pytest

from pipeline.evaluation.metrics import cp_word_errors, diarization_errors, speaker_texts, word_errors
from pipeline.types import SpeakerSegment


def test_wer_counts_one_of_each_error_kind():
    # ref: the cat sat on the mat (6 words)
    # hyp: cat sit on the mat today -> first "the" missing (D), sat->sit (S), "today" extra (I)
    result = word_errors("The cat sat on the mat.", "cat sit on the mat today")
    assert (result.substitutions, result.deletions, result.insertions, result.hits) == (1, 1, 1, 4)
    assert result.rate == pytest.approx(3 / 6)
    assert ("s", "sat", "sit") in result.diff
    assert ("d", "the", "") in result.diff
    assert ("i", "", "today") in result.diff


def test_english_normaliser_ignores_case_punctuation_titles_and_spelling():
    result = word_errors("Mr. Smith's favourite colour, he said!", "mister smith's favorite color he said")
    assert result.errors == 0


def test_english_normaliser_reads_numbers_and_currency_alike():
    assert word_errors("It costs one thousand five hundred dollars", "It costs $1,500").errors == 0


def test_a_number_read_digit_by_digit_matches_its_written_form():
    assert word_errors("Your account number is 48213.", "your account number is 4, 8, 2, 1, 3").errors == 0
    assert word_errors("Reference 60471", "reference six zero four seven one").errors == 0
    # Two small numbers in a row are not an id.
    assert word_errors("2 3 year old kids", "23 year old kids").errors == 2


def test_korean_is_scored_by_characters_ignoring_spacing_and_punctuation():
    assert word_errors("안녕하세요 고객님", "안녕 하세요, 고객 님!", language="ko").errors == 0
    result = word_errors("안녕하세요 고객님", "안녕하세요 고객", language="ko")
    assert result.unit == "char"
    assert result.reference_length == 8
    assert result.deletions == 1
    assert result.rate == pytest.approx(1 / 8)


def test_text_on_an_empty_reference_scores_as_wholly_wrong():
    hallucinated = word_errors("", "Thanks for watching!")
    assert hallucinated.insertions == 3
    assert hallucinated.rate == 1.0
    assert word_errors("", "").rate == 0.0


def test_empty_hypothesis_deletes_every_reference_word():
    result = word_errors("please call me back", "")
    assert result.deletions == 4
    assert result.rate == 1.0


def test_cpwer_maps_speakers_to_minimise_errors():
    ref = {"A": "hello there", "B": "good morning sir"}
    result = cp_word_errors(ref, {"s1": "good morning", "s2": "hello there"})
    assert result.mapping == {"s2": "A", "s1": "B"}
    assert result.errors == 1  # "sir" deleted
    assert result.rate == pytest.approx(1 / 5)


def test_cpwer_counts_an_unmatched_reference_speaker_in_full():
    # One hypothesis speaker holds all words: best is to pair it with B
    # (2 insertions) and leave A unmatched (2 deletions).
    result = cp_word_errors({"A": "hello there", "B": "good morning sir"}, {"s1": "hello there good morning sir"})
    assert result.errors == 4
    assert result.mapping == {"s1": "B"}
    assert result.rate == pytest.approx(4 / 5)


def test_speaker_texts_joins_each_speaker_in_time_order():
    texts = speaker_texts([("B", 5.0, "second"), ("A", 0.0, "one"), ("B", 1.0, "first"), ("A", 9.0, "two")])
    assert texts == {"A": "one two", "B": "first second"}


REF = [SpeakerSegment(0, 10, "A"), SpeakerSegment(10, 20, "B")]
# X is A until 8 s, Y takes over 2 s early (confusion 8-10), stops 2 s early
# (missed 18-20), and X talks over nobody at 21-23 (false alarm).
HYP = [SpeakerSegment(0, 8, "X"), SpeakerSegment(8, 18, "Y"), SpeakerSegment(21, 23, "X")]


def test_der_without_collar_is_hand_computed():
    result = diarization_errors(REF, HYP, uem=[(0, 24)], collar=0.0)
    assert (result.missed, result.false_alarm, result.confusion, result.total) == pytest.approx((2, 2, 2, 20))
    assert result.rate == pytest.approx(6 / 20)


def test_der_collar_removes_a_quarter_second_around_each_reference_boundary():
    # pyannote's collar is the total width: 0.125 s each side of 0, 10 and 20 s.
    result = diarization_errors(REF, HYP, uem=[(0, 24)], collar=0.25)
    assert result.confusion == pytest.approx(1.875)
    assert result.missed == pytest.approx(1.875)
    assert result.false_alarm == pytest.approx(2.0)
    assert result.total == pytest.approx(19.5)
    assert result.rate == pytest.approx(5.75 / 19.5)


def test_der_only_scores_inside_the_uem():
    result = diarization_errors(REF, HYP, uem=[(0, 20)], collar=0.0)
    assert result.false_alarm == 0.0
    assert result.rate == pytest.approx(4 / 20)


def test_perfect_diarization_with_other_labels_scores_zero():
    hyp = [SpeakerSegment(0, 10, "spk1"), SpeakerSegment(10, 20, "spk0")]
    assert diarization_errors(REF, hyp).rate == 0.0
