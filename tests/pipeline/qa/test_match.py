"""Each rule kind on small hand-made calls, with the evidence it gives."""

from __future__ import annotations

from typing import Any

from pipeline.qa import Matcher, from_dialogue, parse_rules, score_call
from pipeline.qa.call import QaCall, compact, from_compact
from pipeline.qa.match import Outcome


def rules(yaml_rules: str, scorecard: str = "") -> Matcher:
    text = "rules:\n" + yaml_rules
    text += scorecard or "\ncategories:\n  any: {rule: " + yaml_rules.split(":")[0].strip() + "}\n"
    return Matcher(parse_rules(text))


def call(*turns: tuple[str, float, float, str], **summary: Any) -> QaCall:
    dialogue = [{"role": r, "start": s, "end": e, "text": t} for r, s, e, t in turns]
    return from_dialogue(dialogue, language="en", summary=summary or None)


def outcome(matcher: Matcher, view: QaCall, rule_id: str) -> Outcome:
    return matcher.evaluate(view)[rule_id]


GREETING_CALL = call(
    ("agent", 0.5, 4.0, "Thanks for calling the Northwind council, this is Sam."),
    ("customer", 4.5, 9.0, "Hi, my account number is 4 4 7 1 9."),
    ("agent", 9.5, 14.0, "Can I take your date of birth? I can see your balance."),
    ("customer", 30.0, 33.0, "Thank you so much."),
    ("agent", 33.5, 38.0, "Is there anything else I can help you with today?"),
)


def test_phrase_said_matches_after_normalisation_and_quotes_the_words() -> None:
    m = rules("  greet: {kind: phrase, party: agent, phrases: ['thank you for calling Northwind Council']}\n")
    got = outcome(m, GREETING_CALL, "greet")
    assert got.matched
    [ev] = got.evidence
    assert ev.turn_id == 0 and ev.quote == "Thanks for calling the Northwind council,"
    assert ev.start is not None and 0.5 <= ev.start < ev.end <= 4.0


def test_phrase_party_restricts_who_said_it() -> None:
    m = rules("  acct: {kind: phrase, party: agent, phrases: ['account number']}\n")
    assert not outcome(m, GREETING_CALL, "acct").matched
    m = rules("  acct: {kind: phrase, party: customer, phrases: ['account number']}\n")
    assert outcome(m, GREETING_CALL, "acct").matched


def test_phrase_within_the_first_seconds() -> None:
    early = rules("  g: {kind: phrase, party: agent, within: {first_s: 15}, phrases: ['anything else']}\n")
    got = outcome(early, GREETING_CALL, "g")
    assert not got.matched
    [absent] = got.evidence
    assert absent.quote is None and "in the first 15 s" in absent.note and "turns 0-2" in absent.note
    late = rules("  g: {kind: phrase, party: agent, within: {first_s: 40}, phrases: ['anything else']}\n")
    assert outcome(late, GREETING_CALL, "g").matched


def test_phrase_within_the_last_seconds() -> None:
    m = rules("  h: {kind: phrase, party: agent, within: {last_s: 10}, phrases: ['anything else i can help']}\n")
    assert outcome(m, GREETING_CALL, "h").matched
    m = rules("  h: {kind: phrase, party: agent, within: {last_s: 10}, phrases: ['northwind council']}\n")
    assert not outcome(m, GREETING_CALL, "h").matched


def test_phrase_before_another_rule_compares_word_times_inside_one_turn() -> None:
    text = (
        "  details: {kind: phrase, party: agent, phrases: ['i can see']}\n"
        "  id_first: {kind: phrase, party: agent, within: {before: details}, phrases: ['date of birth']}\n"
        "  id_late: {kind: phrase, party: agent, within: {before: id_first}, phrases: ['i can see']}\n"
    )
    m = Matcher(parse_rules("rules:\n" + text + "categories:\n  c: {rule: id_first}\n"))
    outcomes = m.evaluate(GREETING_CALL)
    assert outcomes["id_first"].matched  # "date of birth" comes before "I can see" in turn 2
    assert not outcomes["id_late"].matched


def test_phrase_before_a_rule_that_never_matched_looks_everywhere() -> None:
    text = (
        "  never: {kind: phrase, phrases: ['direct debit']}\n"
        "  id_first: {kind: phrase, within: {before: never}, phrases: ['date of birth']}\n"
    )
    m = Matcher(parse_rules("rules:\n" + text + "categories:\n  c: {rule: id_first}\n"))
    got = m.evaluate(GREETING_CALL)["id_first"]
    assert got.matched and "did not match" in got.evidence[0].note


def test_phrase_not_said_is_met_by_absence_and_quotes_the_offence_otherwise() -> None:
    m = rules("  banned: {kind: phrase, party: agent, said: false, phrases: ['calm down', 'not my problem']}\n")
    assert outcome(m, GREETING_CALL, "banned").matched
    rude = call(("agent", 0, 3, "Okay, calm down, madam."))
    got = outcome(m, rude, "banned")
    assert not got.matched and got.evidence[0].quote == "calm down,"


def test_korean_phrases_ignore_spacing_and_particles() -> None:
    m = rules("  disclosure: {kind: phrase, party: agent, phrases: ['통화 내용이 녹음되']}\n")
    view = from_dialogue([{"role": "agent", "text": "상담 품질 향상을 위해 통화내용은 녹음됩니다."}], language="ko")
    got = outcome(m, view, "disclosure")
    assert got.matched and got.evidence[0].quote == "통화내용은 녹음됩니다."


def test_wide_gap_allows_a_name_between_two_parts() -> None:
    m = rules("  g: {kind: phrase, phrases: ['you are through to ... council']}\n")
    view = call(("agent", 0, 3, "You're through to Lakeside Borough Council."))
    assert outcome(m, view, "g").matched
    far = call(("agent", 0, 5, "You're through to the one and only best ever borough council."))
    assert not outcome(m, far, "g").matched


def test_silence_longer_than() -> None:
    m = rules("  quiet: {kind: silence, longer_than_s: 10}\n")
    got = outcome(m, GREETING_CALL, "quiet")
    assert got.matched
    [ev] = got.evidence
    assert (ev.start, ev.end, ev.turn_id) == (14.0, 30.0, 3) and "16.0 s" in ev.note
    m = rules("  quiet: {kind: silence, longer_than_s: 20}\n")
    assert not outcome(m, GREETING_CALL, "quiet").matched


def test_interruptions_from_the_analytics_or_from_overlapping_turns() -> None:
    m = rules("  talkover: {kind: interruptions, party: agent, at_least: 2}\n")
    overlapping = call(
        ("customer", 0, 5, "I want to say something"), ("agent", 4, 8, "but I interrupt"),
        ("customer", 8.5, 12, "and again I talk"), ("agent", 11, 14, "and I interrupt again"),
    )
    got = outcome(m, overlapping, "talkover")
    assert got.matched and [e.start for e in got.evidence] == [4.0, 11.0]
    from dataclasses import replace

    assert not outcome(m, replace(overlapping, interruptions=(("agent", 4.0),)), "talkover").matched


def test_talk_share_outside_a_range() -> None:
    m = rules("  monologue: {kind: talk_share, party: agent, min: 0.2, max: 0.7}\n")
    agent_heavy = call(("agent", 0, 9, "a long speech"), ("customer", 9, 10, "ok"))
    got = outcome(m, agent_heavy, "monologue")
    assert got.matched and "90%" in got.evidence[0].note
    assert not outcome(m, GREETING_CALL, "monologue").matched


def test_sentiment_resolution_and_reason_come_from_the_summary() -> None:
    text = (
        "  unhappy: {kind: sentiment, is: [negative]}\n"
        "  open: {kind: resolution, is: [unresolved, escalated]}\n"
        "  billing: {kind: reason, is: billing}\n"
    )
    m = Matcher(parse_rules("rules:\n" + text + "categories:\n  c: {rule: unhappy}\n"))
    summary = {
        "customer_sentiment": {"start": "neutral", "end": "negative", "turn_ids": [3]},
        "resolution": {"status": "escalated", "text": "", "turn_ids": [4]},
        "reason": {"text": "bill", "turn_ids": [1]},
        "category": "billing",
    }
    got = m.evaluate(call(("agent", 0, 1, "hi"), **summary))
    assert got["unhappy"].matched and got["unhappy"].evidence[0].turn_id == 3
    assert got["open"].matched and got["billing"].matched
    without = m.evaluate(call(("agent", 0, 1, "hi")))
    assert not without["unhappy"].matched and "no summary" in without["unhappy"].evidence[0].note


def test_all_any_not_combine_other_rules() -> None:
    text = (
        "  a: {kind: phrase, phrases: ['northwind']}\n"
        "  b: {kind: phrase, phrases: ['calm down']}\n"
        "  both: {kind: all, rules: [a, b]}\n"
        "  either: {kind: any, rules: [a, b]}\n"
        "  neither_b: {kind: not, rule: b}\n"
        "  inline: {kind: all, rules: [a, {kind: silence, longer_than_s: 5}]}\n"
    )
    m = Matcher(parse_rules("rules:\n" + text + "categories:\n  c: {rule: both}\n"))
    got = m.evaluate(GREETING_CALL)
    assert not got["both"].matched and got["either"].matched and got["neither_b"].matched
    assert got["inline"].matched


def test_scorecard_weights_not_applicable_items_and_categories() -> None:
    text = """
rules:
  greet: {kind: phrase, party: agent, within: {first_s: 15}, phrases: ['thank you for calling']}
  details: {kind: phrase, party: agent, phrases: ['your balance']}
  ident: {kind: phrase, party: agent, within: {before: details}, phrases: ['date of birth']}
  debit: {kind: phrase, phrases: ['direct debit']}
  recap: {kind: phrase, party: agent, phrases: ['to recap']}
  thanks: {kind: phrase, party: customer, phrases: ['thank you']}
categories:
  grateful: {title: Grateful customer, rule: thanks}
scorecards:
  card:
    items:
      greeting: {rule: greet, weight: 1}
      identity: {rule: ident, weight: 2}
      debit_explained: {rule: recap, applies_if: debit, weight: 5}
      recap: {rule: recap, weight: 1}
"""
    result = score_call(Matcher(parse_rules(text)), GREETING_CALL)
    status = {i.id: i.status for i in result.items}
    assert status == {"greeting": "met", "identity": "met", "debit_explained": "not_applicable", "recap": "not_met"}
    assert result.score == 75.0  # (1 + 2) of 4
    assert result.failed == ("recap",)
    assert [c.id for c in result.categories] == ["grateful"]
    assert result.categories[0].evidence[0].turn_id == 3


def test_compact_form_scores_the_same() -> None:
    m = rules("  greet: {kind: phrase, party: agent, within: {first_s: 15}, phrases: ['thank you for calling']}\n")
    again = from_compact(compact(GREETING_CALL))
    assert m.evaluate(again)["greet"] == m.evaluate(GREETING_CALL)["greet"]
