"""Summary stage: turns -> a grounded :class:`pipeline.types.Summary`.

    load_summarizer(options, cache_dir)  one engine per process:
        llama_cpp | transformers | openai   an LLM behind :class:`Summarizer`
        extractive                         :class:`NoLLM`, by choice or because
                                           no LLM could be loaded (it says why)
        auto                               llama.cpp if it imports, else
                                           transformers, else extractive
    summarize(engine, turns, options)   prompt -> JSON -> Summary; a call longer
                                        than the context is summarised in parts
                                        and merged (:mod:`pipeline.summary.merge`)

The outcome (resolution status, confidence, evidence, ``needs_review``,
``follow_up_required``) is not the model's one-pass label: short questions
after the same transcript and the cue rules decide it
(:mod:`pipeline.summary.outcome`); the reason's category is constrained to
the site's taxonomy (:mod:`pipeline.summary.category`). A Korean call's text
is built from templates and quoted turns (:mod:`pipeline.summary.korean`)
unless the engine is the site's own model behind the ``openai`` backend; the
packaged model then only picks the category, and the cue rules decide the
outcome.

Whatever happens, a summary comes back: no LLM, a model that fails, the
time limit (``options.timeout_s``, for the whole stage) or output that does
not fit the schema twice all fall back to the extractive summarizer, and
``generator``/``model``/``fallback_reason`` say so. Every summary, from any
generator, goes through :func:`pipeline.summary.grounding.check_summary` last, and
its key facts are read from the turns (:mod:`pipeline.facts.extract`), not
written by a model.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipeline.errors import CallbriefError, ErrorCode, InputError, ModelError
from pipeline.facts.extract import MAX_KEY_FACTS, read_key_facts
from pipeline.summary.actions import action_items_from_cues
from pipeline.summary.category import OTHER, Taxonomy, categorize_by_rules, load_taxonomy
from pipeline.summary.cues import find_cues
from pipeline.summary.engine import Completion, GenerationTimeout, Message, TokenHook, estimate_tokens
from pipeline.summary.merge import merge_partials
from pipeline.summary.outcome import (
    QUESTIONS,
    Answer,
    Chooser,
    ask,
    ask_category,
    decide,
    prime,
    vote_from_answers,
    vote_from_cues,
)
from pipeline.summary.prompt import (
    InvalidOutput,
    build_messages,
    fact_line,
    parse_summary,
    retry_messages,
    summary_schema,
    transcript_line,
    transcript_messages,
)
from pipeline.options import SUMMARY_BACKENDS, SummarizeOptions
from pipeline.progress import ProgressHook, report
from pipeline.types import KeyFact, Summary, Turn

log = logging.getLogger(__name__)

STAGE = "summarize"
KOREAN_TEMPLATES = "templates-ko"
# Chat-template tokens around the messages, and the retry's added sentence.
TEMPLATE_MARGIN_TOKENS = 64
RETRY_MARGIN_TOKENS = 64
# Room kept in every prompt for the facts read from its turns.
FACT_LINE_TOKENS = 24
FACTS_BUDGET_TOKENS = MAX_KEY_FACTS * FACT_LINE_TOKENS
MIN_TRANSCRIPT_TOKENS = 128


class Summarizer(Protocol):
    """An LLM that completes chat messages into JSON fitting a schema."""

    name: str  # the Summary's ``generator``: "llama_cpp" | "transformers" | "openai"
    model: str
    context_tokens: int

    def count_tokens(self, text: str) -> int: ...

    def complete(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        deadline: float,
        on_token: TokenHook | None = None,
    ) -> Completion:
        """Raises :class:`pipeline.summary.engine.GenerationTimeout` past ``deadline`` (a
        ``time.monotonic()`` instant) and :class:`CallbriefError` on failure.
        ``on_token``, when given, is told the number of tokens generated so far."""
        ...


@dataclass(frozen=True)
class NoLLM:
    """The engine when summaries are extractive; ``reason`` says why no LLM
    is used when one was wanted (None: extractive was chosen)."""

    reason: str | None = None
    name: str = "extractive"
    model: str = ""
    context_tokens: int = 0

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    def complete(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        deadline: float,
        on_token: TokenHook | None = None,
    ) -> Completion:
        raise ModelError(self.reason or "no LLM is configured", code=ErrorCode.MODEL_MISSING)


class _InvalidTwice(Exception):
    pass


@dataclass(frozen=True)
class Chunk:
    """Consecutive transcript lines that fit one prompt."""

    lines: tuple[str, ...]
    turn_ids: tuple[int, ...]


def load_summarizer(options: SummarizeOptions, cache_dir: Path) -> Summarizer:
    """Build the configured engine once per process.

    Raises :class:`InputError` only for an unknown backend name; a model that
    is missing or fails to load gives :class:`NoLLM` with the reason, so the
    calls that follow still get an (extractive) summary.
    """
    if options.backend not in SUMMARY_BACKENDS:
        raise InputError(
            f"unknown summary backend {options.backend!r}; choose one of {', '.join(SUMMARY_BACKENDS)}",
            code=ErrorCode.BAD_OPTION,
        )
    if options.backend in ("extractive", "none"):
        return NoLLM()
    backend = options.backend
    if backend == "auto":
        backend = _auto_backend()
        if backend is None:
            log.warning("no LLM runtime is installed (llama-cpp-python or transformers); summaries are extractive")
            return NoLLM("no_llm_installed: neither llama-cpp-python nor transformers is installed")
    try:
        engine = _load_backend(backend, options, cache_dir)
    except CallbriefError as exc:
        log.warning("summary LLM %s not loaded (%s); summaries are extractive", backend, exc.code)
        return NoLLM(f"{exc.code}: {backend}: {exc.message}")
    if isinstance(engine, Chooser):
        try:
            prime(engine, transcript_messages([])[0], time.monotonic() + options.timeout_s)
        except CallbriefError as exc:
            log.warning("outcome questions not primed (%s); they are asked when a call comes", exc.code)
    return engine


def _auto_backend() -> str | None:
    from pipeline.summary.backends import llama_cpp, transformers_gguf

    if llama_cpp.is_installed():
        return "llama_cpp"
    if transformers_gguf.is_installed():
        return "transformers"
    return None


def _load_backend(backend: str, options: SummarizeOptions, cache_dir: Path) -> Summarizer:
    from pipeline.model_files import llm_gguf_path

    if backend == "openai":
        from pipeline.summary.backends.openai_compat import OpenAISummarizer

        return OpenAISummarizer(
            base_url=options.openai_base_url,
            model=options.openai_model,
            api_key=options.openai_api_key,
            context_tokens=options.context_tokens,
        )
    gguf = llm_gguf_path(cache_dir, options.model_path)
    if backend == "llama_cpp":
        from pipeline.summary.backends.llama_cpp import LlamaCppSummarizer

        return LlamaCppSummarizer(gguf, context_tokens=options.context_tokens, threads=options.threads)
    from pipeline.summary.backends.transformers_gguf import TransformersSummarizer

    return TransformersSummarizer(gguf, cache_dir, context_tokens=options.context_tokens, threads=options.threads)


def summarize(
    engine: Summarizer,
    turns: Sequence[Turn],
    options: SummarizeOptions,
    on_progress: ProgressHook | None = None,
    language: str | None = None,
) -> Summary:
    """Summarise a call's turns; always returns a grounded summary.

    ``language`` is the call's ("en", "ko", ...); None: told from the text.
    """
    from pipeline.summary.grounding import check_summary

    report(on_progress, STAGE, 0.0)
    taxonomy = load_taxonomy(options.categories_file)
    language = language or guess_language(turns)
    if isinstance(engine, NoLLM) or not turns:
        summary = _extractive(turns, engine.reason if isinstance(engine, NoLLM) else None, language, taxonomy)
    elif language == "ko" and not is_site_model(engine):
        summary = _korean_from_templates(engine, turns, options, taxonomy)
    else:
        summary = _summarize_or_fall_back(engine, turns, options, on_progress, language, taxonomy)
    # Whoever wrote the rest, the key facts are read from the transcript.
    summary = dataclasses.replace(summary, key_facts=read_key_facts(turns))
    checked = check_summary(summary, turns, options.unverified, options.min_fact_confidence)
    report(on_progress, STAGE, 1.0)
    return checked


def _summarize_or_fall_back(
    engine: Summarizer,
    turns: Sequence[Turn],
    options: SummarizeOptions,
    on_progress: ProgressHook | None,
    language: str | None,
    taxonomy: Taxonomy,
) -> Summary:
    started = time.monotonic()
    deadline = started + options.timeout_s
    who = f"{engine.name} ({engine.model})"
    try:
        summary, chunks = _summarize_with_llm(engine, turns, options, deadline, on_progress, language, taxonomy)
    except GenerationTimeout:
        log.warning("summary by %s passed its %.0f s limit; falling back to extractive", who, options.timeout_s)
        return _extractive(turns, f"timeout: {who} took longer than {options.timeout_s:.0f} s", language, taxonomy)
    except _InvalidTwice as exc:
        log.warning("summary by %s was invalid twice; falling back to extractive", who)
        reason = f"invalid_output: {who} twice wrote JSON that does not fit the schema ({exc})"
        return _extractive(turns, reason, language, taxonomy)
    except CallbriefError as exc:
        log.warning("summary by %s failed (%s); falling back to extractive", who, exc.code)
        return _extractive(turns, f"{exc.code}: {who}: {exc.message}", language, taxonomy)
    # The outcome is stated late: the questions are asked about the last part.
    answers = _answers(engine, chunks[-1], deadline, language, tuple(QUESTIONS))
    summary = with_outcome(summary, turns, answers, taxonomy, model_items=is_site_model(engine))
    log.info("summary by %s in %.1f s", who, time.monotonic() - started)
    return summary


def _summarize_with_llm(
    engine: Summarizer,
    turns: Sequence[Turn],
    options: SummarizeOptions,
    deadline: float,
    on_progress: ProgressHook | None,
    language: str | None,
    taxonomy: Taxonomy,
) -> tuple[Summary, list[Chunk]]:
    chunks = plan_chunks(turns, engine.count_tokens, transcript_budget(engine, options))
    steps = len(chunks) + (1 if len(chunks) > 1 else 0)
    partials: list[Summary] = []
    for part, chunk in enumerate(chunks, start=1):
        ids = set(chunk.turn_ids)
        facts = _facts_that_fit(read_key_facts([t for t in turns if t.id in ids]), engine.count_tokens)
        messages = build_messages(chunk.lines, facts, part, len(chunks), taxonomy=taxonomy, language=language)
        on_token = _token_progress(on_progress, (part - 1) / steps, 1 / steps, options.max_new_tokens)
        partials.append(_generate(engine, messages, chunk.turn_ids, options, deadline, on_token, taxonomy))
        report(on_progress, STAGE, part / steps)
    if len(partials) == 1:
        return partials[0], chunks
    log.info("call summarised in %d parts; merging", len(partials))
    return merge_partials(engine, partials, options, deadline), chunks


def _answers(
    engine: Summarizer, chunk: Chunk, deadline: float, language: str | None, questions: Sequence[str]
) -> dict[str, Answer]:
    """The model's answers to the outcome questions; what it could not answer in
    time (or at all) is left out, and the cue rules decide alone."""
    prefix = transcript_messages(chunk.lines, language)
    answers: dict[str, Answer] = {}
    for question in questions:
        try:
            answer = ask(engine, prefix, question, chunk.turn_ids, deadline)
        except CallbriefError as exc:
            log.warning("outcome question %s not answered (%s); the cue rules decide", question, exc.code)
            break
        if answer is not None:
            answers[question] = answer
    return answers


def with_outcome(
    summary: Summary, turns: Sequence[Turn], answers: dict[str, Answer], taxonomy: Taxonomy, *, model_items: bool
) -> Summary:
    """The summary with its outcome decided from evidence and its category filled.

    What is open after the call comes from the cue rules; a site's own model
    (``model_items``) has its action items kept where it listed some. The
    packaged 1.5B model lists an item for nearly every call, also when nothing
    is left to do, so its items are not used.
    """
    cues = find_cues(turns)
    decided = decide(vote_from_cues(cues), vote_from_answers(answers, turns), summary.resolution.text)
    resolution = dataclasses.replace(decided, turn_ids=summary.resolution.turn_ids or decided.evidence)
    category = choose_category(categorize_by_rules(turns, taxonomy, summary.reason.text)[0], summary.category)
    items = action_items_from_cues(cues)
    if model_items and summary.action_items:
        items = summary.action_items
    return dataclasses.replace(
        summary, resolution=resolution, action_items=items, follow_up_required=bool(items), category=category
    )


def choose_category(by_rules: str, by_model: str | None) -> str:
    """The keywords' category when they name one, else the model's constrained choice.

    Measured on 22 development calls, the packaged model's choice was right on
    13 and the keywords (then the model where they found nothing) on 19.
    """
    if by_rules != OTHER or not by_model:
        return by_rules
    return by_model


def _korean_from_templates(
    engine: Summarizer, turns: Sequence[Turn], options: SummarizeOptions, taxonomy: Taxonomy
) -> Summary:
    """A Korean call with the packaged model: the model picks the category, the
    cue rules decide the outcome, the text comes from templates and quoted turns.

    The packaged model is not asked the outcome questions about a Korean
    transcript: its answers were right on 4 of 9 Korean held-out calls, and its
    hand-off answer never leaned "yes", even for a transfer said outright.
    """
    from pipeline.summary.extractive import summarize_extractive

    started = time.monotonic()
    deadline = started + options.timeout_s
    who = f"{engine.name} ({engine.model})"
    category = None
    fallback_reason = None
    try:
        chunks = plan_chunks(turns, engine.count_tokens, transcript_budget(engine, options))
        category = ask_category(engine, transcript_messages(chunks[0].lines), taxonomy, deadline)
    except CallbriefError as exc:
        log.warning("the category question to %s failed (%s); the Korean summary uses the rules alone", who, exc.code)
        fallback_reason = f"{exc.code}: {who}: {exc.message}"
    summary = summarize_extractive(turns, "ko", taxonomy, category=category)
    log.info("Korean summary with the category by %s in %.1f s", who, time.monotonic() - started)
    if fallback_reason is not None or category is None:
        return dataclasses.replace(summary, fallback_reason=fallback_reason or f"invalid_output: {who} chose no category")
    return dataclasses.replace(summary, generator=engine.name, model=f"{engine.model}+{KOREAN_TEMPLATES}")


def is_site_model(engine: Summarizer) -> bool:
    """Whether the engine is a site's own model (behind the openai backend),
    whose Korean text and action items are used; the packaged 1.5B model's
    Korean is not usable (English answers, invented events)."""
    return engine.name == "openai"


def guess_language(turns: Sequence[Turn]) -> str | None:
    """"ko" when most letters are Hangul, else None (read as English)."""
    letters = [c for t in turns for c in t.text if c.isalpha()]
    hangul = sum(1 for c in letters if "\uac00" <= c <= "\ud7a3")
    return "ko" if letters and hangul / len(letters) >= 0.5 else None


def _facts_that_fit(facts: Sequence[KeyFact], count_tokens: Any) -> list[KeyFact]:
    """The facts whose prompt lines fit :data:`FACTS_BUDGET_TOKENS` (long values may not)."""
    kept: list[KeyFact] = []
    used = 0
    for fact in facts:
        used += count_tokens(fact_line(fact)) + 1
        if used > FACTS_BUDGET_TOKENS:
            break
        kept.append(fact)
    return kept


def _token_progress(on_progress: ProgressHook | None, start: float, span: float, max_tokens: int) -> TokenHook | None:
    """Progress within one generation: most of a summary's time is spent there."""
    if on_progress is None:
        return None

    def on_token(generated: int) -> None:
        report(on_progress, STAGE, start + span * min(generated / max_tokens, 0.95))

    return on_token


def transcript_budget(engine: Summarizer, options: SummarizeOptions) -> int:
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


def _generate(
    engine: Summarizer,
    messages: list[Message],
    turn_ids: Sequence[int],
    options: SummarizeOptions,
    deadline: float,
    on_token: TokenHook | None,
    taxonomy: Taxonomy,
) -> Summary:
    """One summary from one prompt; a second try when the first does not parse."""
    attempt_messages = messages
    errors: list[str] = []
    schema = summary_schema(taxonomy)
    for attempt in (1, 2):
        completion = engine.complete(
            attempt_messages,
            schema,
            max_tokens=options.max_new_tokens,
            deadline=deadline,
            on_token=on_token,
        )
        _log_speed(engine, completion)
        try:
            if completion.finish_reason == "length":
                raise InvalidOutput(f"the JSON was cut off at {options.max_new_tokens} tokens; write less")
            return parse_summary(completion.text, turn_ids, generator=engine.name, model=engine.model, taxonomy=taxonomy)
        except InvalidOutput as exc:
            # The reason names schema fields only, never transcript text.
            log.warning("summary attempt %d by %s is invalid: %s", attempt, engine.name, exc)
            errors.append(str(exc))
            attempt_messages = retry_messages(messages, str(exc))
    raise _InvalidTwice("; ".join(errors))


def _log_speed(engine: Summarizer, completion: Completion) -> None:
    rate = completion.completion_tokens / completion.seconds if completion.seconds > 0 else 0.0
    log.debug(
        "%s: %d prompt tokens, %d generated in %.1f s (%.1f tokens/s)",
        engine.name,
        completion.prompt_tokens,
        completion.completion_tokens,
        completion.seconds,
        rate,
    )


def _extractive(turns: Sequence[Turn], reason: str | None, language: str | None, taxonomy: Taxonomy) -> Summary:
    from pipeline.summary.extractive import summarize_extractive

    return dataclasses.replace(summarize_extractive(turns, language, taxonomy), fallback_reason=reason)
