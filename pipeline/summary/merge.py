"""Merging the partial summaries of a call too long for one prompt.

Most fields merge without a model, so no citation is lost: action items
are the union of the parts' (repeats joined, their turn ids combined);
the reason comes from the first part that has one, because callers say
why they call at the start; the resolution from the last part,
because the end of the call decides it; sentiment starts with the first
part and ends with the last. Only the summary text needs a model: one
short LLM call rewrites the parts' summaries as one. If that call fails,
the parts' summaries are joined instead — the facts are already safe.
Key facts are not merged: the caller reads them from the whole call's
turns (:mod:`pipeline.facts.extract`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pipeline.errors import CallbriefError
from pipeline.summary.engine import GenerationTimeout
from pipeline.summary.prompt import MERGE_SCHEMA, InvalidOutput, build_merge_messages, parse_merge
from pipeline.options import SummarizeOptions
from pipeline.types import ActionItem, Cited, CustomerSentiment, Summary

if TYPE_CHECKING:
    from pipeline.summary.summarize import Summarizer

log = logging.getLogger(__name__)

MERGE_MAX_TOKENS = 300


def merge_partials(engine: Summarizer, partials: Sequence[Summary], options: SummarizeOptions, deadline: float) -> Summary:
    return merge_summaries(partials, _merged_text(engine, partials, options, deadline))


def merge_summaries(partials: Sequence[Summary], summary_text: str) -> Summary:
    """One summary from consecutive parts' summaries (see the module docstring)."""
    if not partials:
        raise ValueError("nothing to merge")
    first, last = partials[0], partials[-1]
    reason = next((p.reason for p in partials if p.reason.text), first.reason)
    # The category goes with the reason: the part that states why the customer called.
    category = next((p.category for p in partials if p.reason.text and p.category), first.category)
    return Summary(
        summary=Cited(summary_text, _union(p.summary.turn_ids for p in partials)),
        reason=reason,
        resolution=last.resolution,
        action_items=_merge_action_items(partials),
        follow_up_required=any(p.follow_up_required for p in partials),
        customer_sentiment=CustomerSentiment(
            start=first.customer_sentiment.start,
            end=last.customer_sentiment.end,
            turn_ids=_union([first.customer_sentiment.turn_ids, last.customer_sentiment.turn_ids]),
        ),
        key_facts=(),  # read from the whole call by the caller
        generator=first.generator,
        model=first.model,
        category=category,
    )


def joined_text(partials: Sequence[Summary]) -> str:
    return " ".join(p.summary.text.strip() for p in partials if p.summary.text.strip())


def _merged_text(engine: Summarizer, partials: Sequence[Summary], options: SummarizeOptions, deadline: float) -> str:
    texts = [p.summary.text for p in partials]
    messages = build_merge_messages(texts)
    prompt_tokens = sum(engine.count_tokens(m.content) for m in messages)
    if prompt_tokens + MERGE_MAX_TOKENS + 64 > engine.context_tokens:
        log.info("partial summaries (%d tokens) do not fit one prompt; joining them", prompt_tokens)
        return joined_text(partials)
    try:
        completion = engine.complete(messages, MERGE_SCHEMA, max_tokens=MERGE_MAX_TOKENS, deadline=deadline)
        if completion.finish_reason == "length":
            raise InvalidOutput("the merged summary was cut off")
        return parse_merge(completion.text)
    except (InvalidOutput, GenerationTimeout, CallbriefError) as exc:
        log.warning("merging %d partial summaries failed (%s); joining them", len(partials), type(exc).__name__)
        return joined_text(partials)


def _merge_action_items(partials: Sequence[Summary]) -> tuple[ActionItem, ...]:
    merged: dict[tuple[str, str], ActionItem] = {}
    for item in (a for p in partials for a in p.action_items):
        key = (item.owner.value, _norm(item.what))
        seen = merged.get(key)
        if seen is None:
            merged[key] = item
        else:
            merged[key] = ActionItem(seen.owner, seen.what, seen.when or item.when, _union([seen.turn_ids, item.turn_ids]))
    return tuple(merged.values())


def _union(id_lists: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    ids: list[int] = []
    for id_list in id_lists:
        ids.extend(i for i in id_list if i not in ids)
    return tuple(ids)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())
