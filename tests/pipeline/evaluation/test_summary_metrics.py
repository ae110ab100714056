"""Summary metrics against cases computed by hand."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.evaluation.summary_metrics import (
    fact_recall,
    invented_facts,
    normalize_fact,
    removed_facts,
    rouge,
    schema_errors,
    summary_fields,
)
from pipeline.types import KeyFact
from tests.pipeline import factories


def test_rouge_is_hand_computed_and_keeps_the_best_reference():
    # unigrams: P 3/3, R 3/6 -> F 2/3; bigrams: P 2/2, R 2/5 -> F 4/7
    scores = rouge("the cat sat", ["the cat sat on the mat", "a dog barked"])
    assert scores["rouge1"] == pytest.approx(2 / 3)
    assert scores["rouge2"] == pytest.approx(4 / 7)
    assert scores["rougeL"] == pytest.approx(2 / 3)
    assert rouge("the cat sat", []) == {}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("$1,500.50", "1500.5 dollars"),
        ("£42.10", "42.1"),
        ("March 3rd", "march 3"),
        ("USD 2,000", "$2000"),
    ],
)
def test_fact_normalisation_makes_equal_values_equal(a, b):
    assert normalize_fact(a) == normalize_fact(b)


def test_fact_recall_finds_facts_in_any_written_form():
    produced = "Refund of $1,500.50 under ref REF-4417-B; callback on 3 March."
    expected = [
        KeyFact("amount", "1500.50 dollars"),
        KeyFact("reference", "ref 4417b"),
        KeyFact("date", "March 3rd"),
        KeyFact("account", "ACC-99912"),
    ]
    result = fact_recall(expected, produced)
    assert result.found == ("1500.50 dollars", "ref 4417b", "March 3rd")
    assert result.missed == ("ACC-99912",)
    assert result.recall == pytest.approx(3 / 4)


def test_fact_recall_does_not_match_a_number_inside_a_longer_one():
    assert fact_recall([KeyFact("amount", "15")], "The bill was 1500.").recall == 0.0


def test_fact_recall_is_undefined_without_expected_facts():
    assert fact_recall([], "anything").recall is None


def test_summary_fields_include_every_field_that_states_facts():
    text = "\n".join(summary_fields(factories.summary()))
    for piece in ("£42.10", "REF-99812", "March bill", "Charge credited", "Friday"):
        assert piece in text


def test_fact_recall_reads_each_field_apart():
    # Listed one after the other, an id and a house number are not one longer id: the address is
    # found, and the id with the house number's digits on its end is not.
    fields = ["A774102963", "88 Sugar Camp Road, Laurel Fork", "$118.40", "June first"]
    expected = [KeyFact("other", "new address 88 Sugar Camp Road, Laurel Fork"), KeyFact("account", "A77410296388")]
    result = fact_recall(expected, fields)
    assert result.found == ("new address 88 Sugar Camp Road, Laurel Fork",)
    assert result.missed == ("A77410296388",)


def test_invented_facts_come_from_unverified_checks_and_the_source():
    summary = factories.summary()
    assert invented_facts(summary) == ("77.00",)


def test_invented_facts_checks_the_summary_against_the_transcript_field_by_field():
    summary = dataclasses.replace(
        factories.summary(),
        checks=(),
        key_facts=(KeyFact("account", "381542"), KeyFact("ticket", "71204"), KeyFact("amount", "£55.00")),
    )
    source = "The permit number is 381542 and your ticket number is 71204, the charge was £42.10."
    # Two true ids in adjacent fields are not one long invented id; £55 is invented.
    assert invented_facts(summary, source) == ("£55.00",)


def test_an_id_said_in_two_halves_over_turns_is_not_invented():
    summary = dataclasses.replace(factories.summary(), checks=(), key_facts=(KeyFact("reference", "HP772041"),))
    turns = ["Is there a number on the letter?", "There is. H P seven seven two...", "Mm-hm.", "...oh four one. And a hatchback."]
    assert "HP772041" not in invented_facts(summary, " ".join(turns), turns)
    # Halves that are not at a pause (the end of one turn, the start of a later one) back nothing.
    apart = ["H P seven seven two is the old one, I think.", "My flat is four one and the car is blue, oh four one."]
    assert "HP772041" in invented_facts(summary, " ".join(apart), apart)


def test_valid_summary_has_no_schema_errors():
    assert schema_errors(factories.summary(), [0, 1, 2, 3]) == []


def test_schema_errors_name_the_broken_field():
    summary = factories.summary()
    broken = dataclasses.replace(
        summary,
        key_facts=(KeyFact("colour", "blue", (9,)),),
        summary=dataclasses.replace(summary.summary, text="  "),
    )
    errors = schema_errors(broken, [0, 1, 2, 3])
    assert "summary: empty" in errors
    assert any(e.startswith("key_facts[0].kind") for e in errors)
    assert "key_facts[0]: cites turn ids [9] that do not exist" in errors


def test_a_value_the_checker_removed_is_not_stated_but_is_counted_apart():
    flagged = factories.summary()
    dropped = dataclasses.replace(
        flagged, checks=tuple(dataclasses.replace(c, action="dropped") if not c.verified else c for c in flagged.checks)
    )
    assert invented_facts(flagged) == ("77.00",) and removed_facts(flagged) == ()
    assert invented_facts(dropped) == () and removed_facts(dropped) == ("77.00",)
