"""Rule files: the shipped default, and errors that name the rule and the field."""

from __future__ import annotations

import pytest

from pipeline.errors import ErrorCode
from pipeline.qa import RuleError, load_default, parse_rules
from pipeline.qa.rules import PhraseRule


def test_the_default_rule_set_has_the_public_sector_scorecard_and_categories() -> None:
    rules = load_default()
    assert rules.item_ids == ("greeting", "identity", "disclosure", "next_steps", "further_help", "no_banned_phrases")
    assert {c.id for c in rules.categories} >= {"cancellation_threat", "complaint", "vulnerable_customer"}
    assert rules.scorecard_for("ko") is rules.scorecard_for("en") is not None


def test_vars_expand_into_every_wording() -> None:
    rules = parse_rules(
        "vars: {org: [Northwind Council, 다산콜재단]}\n"
        "rules:\n  g: {kind: phrase, phrases: ['welcome to {org}']}\n"
        "categories:\n  c: {rule: g}\n"
    )
    rule = rules.rules["g"]
    assert isinstance(rule, PhraseRule)
    assert [w.text for w in rule.wordings] == ["welcome to Northwind Council", "welcome to 다산콜재단"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: [", "not valid YAML at line 1"),
        ("- a list", "must be a mapping"),
        ("rules:\n  g: {kind: phrase, phrases: [hi], within: {first_s: soon}}\ncategories: {c: {rule: g}}",
         "rule 'g': field 'within.first_s': expected a number, got 'soon'"),
        ("rules:\n  g: {kind: phrase, party: boss, phrases: [hi]}\ncategories: {c: {rule: g}}",
         "rule 'g': field 'party': expected one of agent, customer, any, got 'boss'"),
        ("rules:\n  g: {kind: phrase, phrases: []}\ncategories: {c: {rule: g}}",
         "rule 'g': field 'phrases': expected a non-empty list"),
        ("rules:\n  g: {kind: phrase, phrases: ['!!!']}\ncategories: {c: {rule: g}}",
         "rule 'g': field 'phrases[0]': '!!!' has no words left"),
        ("rules:\n  g: {kind: phrase, phrases: ['hi {org}']}\ncategories: {c: {rule: g}}",
         "rule 'g': field 'phrases[0]': '{org}' is not defined in 'vars'"),
        ("rules:\n  g: {kind: shout}\ncategories: {c: {rule: g}}", "rule 'g': field 'kind': expected one of phrase"),
        ("rules:\n  g: {kind: silence, longer_than_s: 5, colour: red}\ncategories: {c: {rule: g}}",
         "rule 'g': unknown field(s) 'colour'"),
        ("rules:\n  s: {kind: sentiment, is: [furious]}\ncategories: {c: {rule: s}}",
         "rule 's': field 'is': expected values among positive, neutral, negative, got 'furious'"),
        ("rules:\n  t: {kind: talk_share, party: agent, min: 0.8, max: 0.2}\ncategories: {c: {rule: t}}",
         "rule 't': field 'min': 0.8 is above 'max' 0.2"),
        ("rules:\n  a: {kind: all, rules: [b]}\ncategories: {c: {rule: a}}", "rule 'a': field 'rules[0]': no rule named 'b'"),
        ("rules:\n  a: {kind: not, rule: b}\n  b: {kind: not, rule: a}\ncategories: {c: {rule: a}}", "refers to itself"),
        ("rules:\n  g: {kind: silence, longer_than_s: 5}\nscorecards:\n  card: {items: {greet: {weight: 2}}}",
         "item 'greet' of scorecard 'card': field 'rule' is missing"),
        ("rules:\n  g: {kind: silence, longer_than_s: 5}\nscorecards:\n  card: {items: {greet: {rule: g, weight: -1}}}",
         "item 'greet' of scorecard 'card': field 'weight': expected a number >= 0, got -1"),
        ("rules:\n  g: {kind: silence, longer_than_s: 5}", "no scorecards and no categories"),
    ],
)
def test_bad_rule_files_name_the_rule_and_the_field(text: str, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse_rules(text)
    assert caught.value.code == ErrorCode.BAD_RULES
    assert message in caught.value.message


def test_a_file_that_multiplies_into_too_many_wordings_is_refused() -> None:
    values = ", ".join(f"w{n}" for n in range(300))
    text = (
        f"vars: {{a: [{values}], b: [{values}]}}\n"
        "rules:\n  g: {kind: phrase, phrases: ['{a} {b}']}\ncategories: {c: {rule: g}}\n"
    )
    with pytest.raises(RuleError, match="more than 50000 wordings"):
        parse_rules(text)
    aliases = "rules:\n  g: {kind: phrase, phrases: &p [" + ", ".join(f"x{n}" for n in range(1000)) + "]}\n"
    aliases += "".join(f"  g{n}: {{kind: phrase, phrases: *p}}\n" for n in range(60))
    with pytest.raises(RuleError, match="more than 50000 wordings"):
        parse_rules(aliases + "categories: {c: {rule: g}}\n")
