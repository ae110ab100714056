"""A transcript cut into prompts that fit the model's context.

:func:`transcript_budget` is what one prompt leaves for transcript lines
after the instructions, the answer, the call's facts and margins;
:func:`plan_chunks` packs consecutive turns into :class:`Chunk` s of that
size (a call longer than one prompt is summarised in parts and merged), and
:func:`facts_that_fit` keeps the facts whose lines fit their room.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pipeline.errors import ErrorCode, ModelError
from pipeline.facts.extract import MAX_KEY_FACTS
from pipeline.options import SummarizeOptions
from pipeline.summary.prompt import build_messages, fact_line, transcript_line
from pipeline.types import KeyFact, Turn

# Chat-template tokens around the messages, and the retry's added sentence.
TEMPLATE_MARGIN_TOKENS = 64
RETRY_MARGIN_TOKENS = 64
# Room kept in every prompt for the facts read from its turns.
FACT_LINE_TOKENS = 24
FACTS_BUDGET_TOKENS = MAX_KEY_FACTS * FACT_LINE_TOKENS
MIN_TRANSCRIPT_TOKENS = 128


class Sized(Protocol):
    """What the budget needs of an engine: its context and its tokenizer."""

    context_tokens: int

    def count_tokens(self, text: str) -> int: ...


@dataclass(frozen=True)
class Chunk:
    """Consecutive transcript lines that fit one prompt."""

    lines: tuple[str, ...]
    turn_ids: tuple[int, ...]


def facts_that_fit(facts: Sequence[KeyFact], count_tokens: Any) -> list[KeyFact]:
    """The facts whose prompt lines fit :data:`FACTS_BUDGET_TOKENS` (long values may not)."""
    kept: list[KeyFact] = []
    used = 0
    for fact in facts:
        used += count_tokens(fact_line(fact)) + 1
        if used > FACTS_BUDGET_TOKENS:
            break
        kept.append(fact)
    return kept


def transcript_budget(engine: Sized, options: SummarizeOptions) -> int:
    """Tokens left for transcript lines in one prompt."""
    fixed = sum(engine.count_tokens(m.content) for m in build_messages([], part=99, parts=99, language="ko"))
    budget = (
        engine.context_tokens
        - options.max_new_tokens
        - fixed
        - FACTS_BUDGET_TOKENS
        - TEMPLATE_MARGIN_TOKENS
        - RETRY_MARGIN_TOKENS
    )
    if budget < MIN_TRANSCRIPT_TOKENS:
        raise ModelError(
            f"a context of {engine.context_tokens} tokens leaves no room for the transcript "
            f"after {options.max_new_tokens} answer tokens; raise the context size",
            code=ErrorCode.MODEL_LOAD_FAILED,
        )
    return budget


def plan_chunks(turns: Sequence[Turn], count_tokens: Any, budget_tokens: int) -> list[Chunk]:
    """Pack consecutive turns into chunks of at most ``budget_tokens``.

    A turn too long for one chunk is cut at word boundaries; every piece
    keeps the turn's id, so citations stay valid.
    """
    chunks: list[Chunk] = []
    lines: list[str] = []
    ids: list[int] = []
    used = 0
    for turn, line in _lines(turns, count_tokens, budget_tokens):
        cost = count_tokens(line) + 1  # + the newline
        if lines and used + cost > budget_tokens:
            chunks.append(Chunk(tuple(lines), tuple(ids)))
            lines, ids, used = [], [], 0
        lines.append(line)
        if turn.id not in ids:
            ids.append(turn.id)
        used += cost
    if lines:
        chunks.append(Chunk(tuple(lines), tuple(ids)))
    return chunks


def _lines(turns: Sequence[Turn], count_tokens: Any, budget_tokens: int) -> list[tuple[Turn, str]]:
    out: list[tuple[Turn, str]] = []
    for turn in turns:
        line = transcript_line(turn)
        if count_tokens(line) + 1 <= budget_tokens:
            out.append((turn, line))
            continue
        # Words tokenised one by one cost at least as much as together.
        prefix = count_tokens(transcript_line(turn, "")) + 1
        piece: list[str] = []
        used = prefix
        for word in turn.text.split():
            cost = count_tokens(" " + word)
            if piece and used + cost > budget_tokens:
                out.append((turn, transcript_line(turn, " ".join(piece))))
                piece, used = [], prefix
            piece.append(word)
            used += cost
        if piece:
            out.append((turn, transcript_line(turn, " ".join(piece))))
    return out
