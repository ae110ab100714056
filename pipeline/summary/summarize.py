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
(:mod:`pipeline.summary.outcome`); the reason's category is one of the site's
taxonomy, from the model's probability for each weighed with the keywords
(:mod:`pipeline.summary.category_choice`) where the runtime gives
probabilities, else from the keywords and the model's constrained pick
(:mod:`pipeline.summary.category`). A Korean call is
summarised by the rules, its text built from templates and quoted turns
(:mod:`pipeline.summary.korean`), unless the engine is the site's own model
behind the ``openai`` backend. The packaged model is not asked about a Korean
call: its Korean text is not usable (English answers, invented events), its
answers to the outcome questions were right on 4 of 9 held-out Korean calls,
and with its category probabilities weighed in, the category was right on
fewer calls than without them on three of five blind sets and on as many on
the other two (``chk20-``, ``chk25-``, ``chk28-``, ``chk29-``,
``chk31-``: 116 of 150 with them, 121 without).

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
from pipeline.facts.extract import read_key_facts
from pipeline.options import SUMMARY_BACKENDS, SummarizeOptions
from pipeline.progress import ProgressHook, report
from pipeline.summary import category_choice
from pipeline.summary.category import Taxonomy, load_taxonomy
from pipeline.summary.chunks import Chunk, facts_that_fit, plan_chunks, transcript_budget
from pipeline.summary.engine import Completion, GenerationTimeout, Message, TokenHook, estimate_tokens
from pipeline.summary.judgement import answer_questions, category_probabilities, with_outcome
from pipeline.summary.merge import merge_partials
from pipeline.summary.outcome import QUESTIONS, Chooser, prime
from pipeline.summary.prompt import (
    Fields,
    InvalidOutput,
    build_messages,
    parse_summary,
    retry_messages,
    summary_schema,
    transcript_messages,
)
from pipeline.types import Summary, Turn

log = logging.getLogger(__name__)

STAGE = "summarize"


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
            deadline = time.monotonic() + options.timeout_s
            prime(engine, transcript_messages([])[0], deadline)
            taxonomy = load_taxonomy(options.categories_file)
            for language in (None, "ko"):
                category_choice.prime(engine, transcript_messages([], language)[0], taxonomy, deadline)
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
    # The packaged model is asked nothing about a Korean call (see the module's docstring).
    if isinstance(engine, NoLLM) or not turns or (language == "ko" and not is_site_model(engine)):
        summary = _extractive(turns, engine.reason if isinstance(engine, NoLLM) else None, language, taxonomy)
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
    # The outcome is stated late: the questions are asked about the last part,
    # and the reason early: the category about the first.
    answers = answer_questions(engine, chunks[-1], deadline, language, tuple(QUESTIONS))
    probabilities = category_probabilities(engine, chunks[0], deadline, language, taxonomy)
    summary = with_outcome(summary, turns, answers, taxonomy, model_items=is_site_model(engine), categories=probabilities)
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
    fields = asked_fields(engine, taxonomy)
    schema = summary_schema(taxonomy, fields)
    partials: list[Summary] = []
    for part, chunk in enumerate(chunks, start=1):
        ids = set(chunk.turn_ids)
        facts = facts_that_fit(read_key_facts([t for t in turns if t.id in ids]), engine.count_tokens)
        messages = build_messages(
            chunk.lines, facts, part, len(chunks), taxonomy=taxonomy, language=language, fields=fields
        )
        on_token = _token_progress(on_progress, (part - 1) / steps, 1 / steps, options.max_new_tokens)
        partials.append(_generate(engine, messages, schema, chunk.turn_ids, options, deadline, on_token, taxonomy))
        report(on_progress, STAGE, part / steps)
    if len(partials) == 1:
        return partials[0], chunks
    log.info("call summarised in %d parts; merging", len(partials))
    return merge_partials(engine, partials, options, deadline), chunks


def is_site_model(engine: Summarizer) -> bool:
    """Whether the engine is a site's own model (behind the openai backend),
    whose Korean text and action items are used; the packaged 1.5B model's
    Korean is not usable (English answers, invented events)."""
    return engine.name == "openai"


def asked_fields(engine: Summarizer, taxonomy: Taxonomy) -> Fields:
    """What the model writes besides summary, reason, resolution text and
    sentiment: action items only where they are used (a site's own model), a
    category only where its probabilities cannot be asked."""
    return Fields(
        category=not (isinstance(engine, Chooser) and category_choice.can_ask(taxonomy)),
        action_items=is_site_model(engine),
    )


def guess_language(turns: Sequence[Turn]) -> str | None:
    """"ko" when most letters are Hangul, else None (read as English)."""
    letters = [c for t in turns for c in t.text if c.isalpha()]
    hangul = sum(1 for c in letters if "\uac00" <= c <= "\ud7a3")
    return "ko" if letters and hangul / len(letters) >= 0.5 else None


def _token_progress(on_progress: ProgressHook | None, start: float, span: float, max_tokens: int) -> TokenHook | None:
    """Progress within one generation: most of a summary's time is spent there."""
    if on_progress is None:
        return None

    def on_token(generated: int) -> None:
        report(on_progress, STAGE, start + span * min(generated / max_tokens, 0.95))

    return on_token


def _generate(
    engine: Summarizer,
    messages: list[Message],
    schema: dict[str, Any],
    turn_ids: Sequence[int],
    options: SummarizeOptions,
    deadline: float,
    on_token: TokenHook | None,
    taxonomy: Taxonomy,
) -> Summary:
    """One summary from one prompt; a second try when the first does not parse."""
    attempt_messages = messages
    errors: list[str] = []
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
