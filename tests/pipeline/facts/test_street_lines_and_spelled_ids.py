"""Street lines the call is about ("2207 Sycamore Lane", "Flat 3, 22 Larkfield Road", "57 Lancaster
Drive, Red Deer"), not the address given to pass identity checks; ids whose spelled letters stand
apart ("P A, two four, zero seven …") or whose rest follows a read-back ("s r two five" / "s r two
five, go ahead" / "zero zero six …"); a deadline named as one ("the deadline is Friday", "your due
date the twenty fifth"); an amount a bill is brought down to; and the look-alikes that stay what
they were."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from pipeline.evaluation.summary_metrics import fact_recall, invented_facts
from pipeline.facts.index import fact_in_text
from pipeline.facts.scan import key_facts_in
from pipeline.types import KeyFact, Role
from tests.pipeline import factories
from tests.pipeline.facts.said import shown, values

A, C = Role.AGENT, Role.CUSTOMER


# ------------------------------------------------------------ street lines


@pytest.mark.parametrize(
    ("question", "answer", "street"),
    [
        ("what's the address", "it's twenty two oh seven sycamore lane we're by the middle school", "2207 Sycamore Lane"),
        ("Can I take the address?", "It's flat three, twenty-two Larkfield Road. Donna Kerrigan.", "Flat 3, 22 Larkfield Road"),
        ("okay what is the service address", "fifty seven lancaster drive red deer", "57 Lancaster Drive, Red Deer"),
        ("Whereabouts are you?", "Forty-two Gaspereau River Road. Out past the old church there.", "42 Gaspereau River Road"),
        ("oh that's no good what's the address", "forty one twenty six west belden avenue", "4126 West Belden Avenue"),
        ("And where have you moved to?", "It's 42 Cundles Road East, unit 7.", "42 Cundles Road East"),
        ("Where would you like the final bill sent?", "9 Wollescote Drive, Stourbridge.", "9 Wollescote Drive, Stourbridge"),
        # a flat's number said right before the house number
        ("and the address sorry it broke up a bit", "flat six forty two hadley road", "Flat 6, 42 Hadley Road"),
        # digits joined by hyphens; a flat after the street is no town
        ("Sure. What's the address?", "It is 2-2-0-9 West Fifth Street, Suite C.", "2209 West 5th Street"),
        # two street types: the last one names the street, the first is part of its name
        ("Good. What's the address?", "Four four seven one. 4471 Harbor View Drive?", "4471 Harbor View Drive"),
        ("Where's the unit?", "Unit three, twelve Harbour View Road.", "Unit 3, 12 Harbour View Road"),
    ],
)
def test_the_address_a_call_is_about_is_a_key_fact(question: str, answer: str, street: str) -> None:
    assert ("other", street) in shown((A, question), (C, answer))


@pytest.mark.parametrize(
    "question",
    [
        "And can you confirm the first line of your address and your date of birth?",
        "Thank you. Can I take your name and address, please?",
        "For security, can you confirm your address for me?",
        "and the address we'd have is",
    ],
)
def test_an_address_given_to_pass_identity_checks_is_no_key_fact(question: str) -> None:
    assert shown((A, question), (C, "it's fourteen lime grove")) == []


@pytest.mark.parametrize(
    "text",
    [
        "we'll sort it either way",
        "it's at 5 today either way",
        "I walked 80 over the road",
        "give me five minutes and I'll ring you back, no way round it",
        "I live on Beech Avenue",  # no house number: no address to act on
    ],
)
def test_words_that_name_no_street_are_no_address(text: str) -> None:
    assert [v for k, v in values(text) if k == "other"] == []


@pytest.mark.parametrize("text", ["It's fourteen palm close\nAgent: Thank you.", "at lot fourteen palm close Agent: sir"])
def test_a_speaker_named_after_a_street_line_is_no_town(text: str) -> None:
    assert values(text) == [("other", "14 Palm Close")]


def test_a_street_read_back_is_the_same_address_as_the_one_with_its_town() -> None:
    facts = shown(
        (A, "What's the address?"),
        (C, "Holroyd's News, 52 North Street, Keighley, BD21 3AH."),
        (A, "52 North Street, lovely."),
    )
    assert [v for k, v in facts if k == "other"] == ["52 North Street, Keighley", "BD21 3AH"]


@pytest.mark.parametrize(
    ("value", "said", "backed"),
    [
        ("19 Wattle Street, Punchbowl", "It's 9 Wattle... no. Sorry. 19. 19 Wattle Street, Punchbowl.", True),
        ("19 Wattle Street", "It's 19 Wattle Street, Punchbowl.", True),  # the town left out
        ("19 Wattle Street, Punchbowl", "It's 19 Wattle Street.", False),  # a town nobody said
        ("21 Wattle Street", "It's 19 Wattle Street.", False),
    ],
)
def test_the_checker_backs_a_street_line_only_as_it_was_said(value: str, said: str, backed: bool) -> None:
    assert fact_in_text(value, said) is backed


def test_a_labelled_address_is_found_by_its_street_line_not_by_a_number_that_happens_to_be_in_the_summary() -> None:
    label = KeyFact("other", "14 Kauri Street, Kingsland")
    assert fact_recall([label], "Collection booked for Saturday the fourteenth.").missed == (label.value,)
    assert fact_recall([label], "Address: 14 Kauri Street, Kingsland").found == (label.value,)


# ------------------------------------------------------------ ids spelled apart or continued after a read-back


def test_letters_spelled_before_a_comma_start_the_id() -> None:
    assert values("I see the request, reference P A, two four, zero seven seven one three.") == [("reference", "PA2407713")]


def test_a_lone_a_is_still_a_word_before_digits() -> None:
    assert values("it's a two four zero seven seven one three") == [("reference", "2407713")]


def test_an_id_spelled_goes_on_after_the_caller_reads_its_start_back() -> None:
    facts = shown(
        (A, "your service request number is s r two five"),
        (C, "s r two five go ahead"),
        (A, "zero zero six one eight four four"),
        (C, "zero zero six one eight four four got it"),
    )
    assert facts == [("reference", "SR250061844")]


def test_a_read_back_followed_by_more_than_digits_is_not_the_rest_of_the_id() -> None:
    facts = shown(
        (A, "Your reference is T S five seven three one zero."),
        (C, "T S five seven three one zero. Okay."),
        (A, "One more thing: keep the card they left."),
    )
    assert facts == [("reference", "TS57310")]


def test_an_id_spelled_in_two_turns_is_not_invented_by_the_evaluation() -> None:
    turns = ["your service request number is s r two five", "s r two five go ahead", "zero zero six one eight four four"]
    summary = dataclasses.replace(factories.summary(), checks=(), key_facts=(KeyFact("reference", "SR250061844"),))
    assert "SR250061844" not in invented_facts(summary, "\n".join(turns), turns)


# ------------------------------------------------------------ deadlines named as one, amounts brought down to


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("The deadline is Friday, otherwise they won't let her sit the exams.", ("deadline", "Friday")),
        ("the deadline is the sixteenth", ("deadline", "the sixteenth")),
        ("just pay it by your due date the twenty fifth your ticket number is", ("date", "the twenty fifth")),
    ],
)
def test_a_day_named_as_a_deadline_or_due_date_is_read(text: str, fact: tuple[str, str]) -> None:
    assert [(f.kind, text[f.start : f.end]) for f in key_facts_in(text)] == [fact]


def test_a_friday_said_in_passing_is_still_no_date() -> None:
    assert values("the deadline passed and Friday was busy") == []


def test_an_amount_a_bill_is_brought_down_to_is_read_in_a_call_about_money() -> None:
    text = "For your bill that brings it down to eighteen thousand two hundred seventy-six."
    assert values(text, money_said=True) == [("amount", Decimal(18276))]
    assert values("the queue went down to twelve hundred", money_said=True) == []


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        # a letter said alone between digits said one at a time is the id's
        ("the recorded deed is instrument two zero one nine r zero four one eight eight two five", "2019R0418825"),
        ("your reference is four four one nine k zero four one eight", "4419K0418"),
        # "last four": a count of the digits that follow, not the first of them
        ("The card is blocked, last four two zero seven eight.", "2078"),
    ],
)
def test_letters_inside_and_counts_before_an_id_read_out(text: str, ident: str) -> None:
    assert [f.value for f in key_facts_in(text) if f.kind in ("reference", "account")] == [ident]


def test_a_phone_number_said_over_two_turns_is_not_invented_by_the_evaluation() -> None:
    turns = ["성함하고 연락처 말씀 부탁드립니다", "김정호요 번호는 공일공 사칠이삼에", "네", "팔팔공일이요"]
    summary = dataclasses.replace(factories.summary(), key_facts=(KeyFact("phone", "010-4723-8801"),), checks=())
    assert "010-4723-8801" not in invented_facts(summary, " ".join(turns), turns)
