"""Merging the partial summaries of a long call: fields merge by rule so no
citation is lost; only the summary text is rewritten by the model, and
joined instead when that fails."""

from __future__ import annotations

import dataclasses
import time

import pytest

from pipeline.options import SummarizeOptions
from pipeline.summary.engine import GenerationTimeout
from pipeline.summary.merge import joined_text, merge_partials, merge_summaries
from pipeline.types import ActionItem, Cited, CustomerSentiment, Resolution, Role, Sentiment, Summary, SummaryResolution
from tests.pipeline.summary.test_summarize import FakeEngine


def part(
    text: str,
    ids: tuple[int, ...],
    *,
    reason: str = "",
    status: Resolution = Resolution.UNRESOLVED,
    actions: tuple[ActionItem, ...] = (),
    follow_up: bool = False,
    mood: tuple[Sentiment, Sentiment] = (Sentiment.NEUTRAL, Sentiment.NEUTRAL),
) -> Summary:
    return Summary(
        summary=Cited(text, ids),
        reason=Cited(reason, ids[:1] if reason else ()),
        resolution=SummaryResolution(status, f"{status.value} at the end of this part", ids[-1:]),
        action_items=actions,
        follow_up_required=follow_up,
        customer_sentiment=CustomerSentiment(mood[0], mood[1], (ids[0], ids[-1])),
        key_facts=(),
        generator="fake",
        model="fake-1",
    )


PARTS = (
    part("The customer disputes a charge.", (0, 3), reason="A charge they do not recognise.",
         mood=(Sentiment.NEGATIVE, Sentiment.NEGATIVE),
         actions=(ActionItem(Role.AGENT, "Send the  refund form", None, (2,)),)),
    part("The agent checks the account.", (4, 7), reason="Checking the meter.", follow_up=True,
         actions=(ActionItem(Role.AGENT, "send the refund form", "Friday", (6,)),
                  ActionItem(Role.CUSTOMER, "Read the meter", None, (7,)))),
    part("A refund is approved.", (8, 9), status=Resolution.RESOLVED, mood=(Sentiment.NEUTRAL, Sentiment.POSITIVE)),
)  # fmt: skip


def test_fields_merge_by_rule_and_keep_every_citation() -> None:
    merged = merge_summaries(PARTS, "One summary.")
    assert merged.summary == Cited("One summary.", (0, 3, 4, 7, 8, 9))
    assert merged.reason.text == "A charge they do not recognise.", "why they call is said at the start"
    assert merged.resolution == PARTS[-1].resolution, "the end of the call decides it"
    assert (merged.customer_sentiment.start, merged.customer_sentiment.end) == (Sentiment.NEGATIVE, Sentiment.POSITIVE)
    assert merged.customer_sentiment.turn_ids == (0, 3, 8, 9)
    assert merged.follow_up_required, "any part that needs a follow-up makes the call need one"
    assert (merged.generator, merged.model, merged.key_facts) == ("fake", "fake-1", ())


def test_an_action_item_said_twice_is_one_item_with_both_citations() -> None:
    items = merge_summaries(PARTS, "x").action_items
    assert items == (
        ActionItem(Role.AGENT, "Send the  refund form", "Friday", (2, 6)),
        ActionItem(Role.CUSTOMER, "Read the meter", None, (7,)),
    )


def test_the_reason_comes_from_the_first_part_that_has_one() -> None:
    quiet_start = (dataclasses.replace(PARTS[0], reason=Cited("", ())), *PARTS[1:])
    assert merge_summaries(quiet_start, "x").reason.text == "Checking the meter."
    with pytest.raises(ValueError):
        merge_summaries((), "x")


def options() -> SummarizeOptions:
    return SummarizeOptions(backend="llama_cpp", timeout_s=30.0)


def test_the_model_rewrites_the_parts_summaries_as_one() -> None:
    engine = FakeEngine(['{"summary": "A disputed charge was refunded after a meter check."}'])
    merged = merge_partials(engine, PARTS, options(), time.monotonic() + 30)
    assert merged.summary.text == "A disputed charge was refunded after a meter check."
    assert "The agent checks the account." in engine.calls[0][0][-1].content


@pytest.mark.parametrize(
    "reply",
    ['{"summary": ""}', "not json", GenerationTimeout("late")],
    ids=["empty", "invalid", "timeout"],
)
def test_a_failed_merge_joins_the_parts_summaries(reply: str | Exception) -> None:
    merged = merge_partials(FakeEngine([reply]), PARTS, options(), time.monotonic() + 30)
    assert merged.summary.text == joined_text(PARTS)
    assert merged.summary.text == "The customer disputes a charge. The agent checks the account. A refund is approved."


def test_parts_too_long_for_one_prompt_are_joined_without_asking_the_model() -> None:
    engine = FakeEngine([], context_tokens=100)
    merged = merge_partials(engine, PARTS, options(), time.monotonic() + 30)
    assert merged.summary.text == joined_text(PARTS) and engine.calls == []
