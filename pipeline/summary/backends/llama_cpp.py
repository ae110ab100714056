"""llama.cpp (``llama-cpp-python``) on a GGUF file: the default summary LLM.

Output is constrained to the JSON schema by llama.cpp's grammar sampler
(``response_format={"type": "json_object", "schema": ...}``), so the text
is always JSON of the right shape unless it hits the token limit.

The time limit is enforced between tokens: generation is streamed and the
stream is closed once the deadline passes. Prompt evaluation itself cannot
be interrupted (≈ 40 tokens/s on one contended core, ≈ 90 on two idle ones;
README.md, "Pipeline benchmark"), which is
why the stage sizes its chunks to the context.

Build note: the package compiles from source; the default native build
uses AMX on some Xeon CPUs and segfaults on the first decode (llama.cpp
#20824). ``scripts/bootstrap`` builds it with ``GGML_NATIVE=OFF``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import ErrorCode, ModelError, ProcessingError
from pipeline.summary.engine import (
    Choice,
    Completion,
    GenerationTimeout,
    Message,
    TokenHook,
    check_deadline,
    choice_from_logits,
)

log = logging.getLogger(__name__)

GENERATOR = "llama_cpp"


def is_installed() -> bool:
    """Whether llama-cpp-python imports: a failed build can leave a package without its library."""
    try:
        import llama_cpp  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


class LlamaCppSummarizer:
    """One loaded GGUF model; :meth:`complete` is serialised by a lock."""

    name = GENERATOR

    def __init__(self, gguf_path: Path, *, context_tokens: int, threads: int) -> None:
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ModelError(
                "llama-cpp-python is not installed; see the README's install command",
                code=ErrorCode.MODEL_MISSING,
            ) from exc
        started = time.perf_counter()
        try:
            self._llm = Llama(
                model_path=str(gguf_path),
                n_ctx=context_tokens,
                n_threads=threads,
                n_threads_batch=threads,
                # llama.cpp repacks the weights for the CPU at load time; with
                # the file mapped, the mapped pages stay resident beside the
                # repacked copy: 590 MB more peak RSS, measured, same speed.
                use_mmap=False,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(f"could not load {gguf_path.name} with llama.cpp: {exc}", code=ErrorCode.MODEL_LOAD_FAILED) from exc
        self.model = gguf_path.stem
        self.context_tokens = context_tokens
        self._lock = threading.Lock()
        self._format = _chat_formatter(self._llm)
        log.info("llama.cpp loaded %s (n_ctx=%d, threads=%d) in %.1f s", self.model, context_tokens, threads, time.perf_counter() - started)

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def choose(self, messages: Sequence[Message], labels: Sequence[str], *, deadline: float) -> Choice:
        """The next-token probabilities of ``labels`` as the start of the answer.

        Only the tokens after the longest prefix already in the KV cache are
        evaluated (the transcript, when the summary was just written from
        it), and nothing is generated: one forward pass over the question.
        """
        check_deadline(deadline)
        if self._format is None:
            raise ModelError(f"{self.model} has no chat template to ask questions with", code=ErrorCode.MODEL_LOAD_FAILED)
        formatted = self._format(messages=[{"role": m.role, "content": m.content} for m in messages])
        tokens = self._llm.tokenize(formatted.prompt.encode("utf-8"), add_bos=not formatted.added_special, special=True)
        label_tokens = {label: self._label_token(label) for label in labels}
        with self._lock:
            started = time.perf_counter()
            llm = self._llm
            # At least the last token is read again: its logits are the answer.
            shared = llm.longest_token_prefix(llm.input_ids[: llm.n_tokens], tokens[:-1])
            if shared == 0 or not llm._ctx.kv_cache_seq_rm(-1, shared, -1):
                llm.reset()
                shared = 0
            llm.n_tokens = shared
            try:
                llm.eval(tokens[shared:])
            except RuntimeError as exc:  # llama_decode failed (e.g. the context is full)
                llm.reset()
                raise ProcessingError(f"llama.cpp could not read the question: {exc}", code=ErrorCode.STAGE_FAILED) from exc
            logits = np.ctypeslib.as_array(llm._ctx.get_logits_ith(-1), shape=(llm.n_vocab(),))
            choice = choice_from_logits(logits, label_tokens, len(tokens) - shared, time.perf_counter() - started)
        log.debug("llama.cpp: %d question tokens (%d cached) in %.2f s", len(tokens) - shared, shared, choice.seconds)
        return choice

    def _label_token(self, label: str) -> int:
        tokens = self._llm.tokenize(label.encode("utf-8"), add_bos=False, special=False)
        if len(tokens) != 1:
            raise ValueError(f"answer label {label!r} is not one token for {self.model}")
        return int(tokens[0])

    def complete(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        deadline: float,
        on_token: TokenHook | None = None,
    ) -> Completion:
        check_deadline(deadline)
        chat = [{"role": m.role, "content": m.content} for m in messages]
        with self._lock:
            started = time.perf_counter()
            stream = self._llm.create_chat_completion(
                messages=chat,
                response_format={"type": "json_object", "schema": schema},
                temperature=0.0,
                # Copying a number or a turn id the model just wrote is right here:
                # a repetition penalty would push it towards other digits.
                repeat_penalty=1.0,
                max_tokens=max_tokens,
                stream=True,
            )
            pieces: list[str] = []
            finish_reason = "stop"
            try:
                for chunk in stream:
                    choice = chunk["choices"][0]
                    if "content" in choice["delta"]:  # the first chunk carries only the role
                        pieces.append(choice["delta"]["content"] or "")
                        if on_token is not None:
                            on_token(len(pieces))
                    if choice.get("finish_reason"):
                        finish_reason = choice["finish_reason"]
                    if time.monotonic() >= deadline:
                        raise GenerationTimeout("the summary took longer than its time limit")
            finally:
                stream.close()  # stops llama.cpp generating, also after a timeout
            seconds = time.perf_counter() - started
        text = "".join(pieces)
        completion_tokens = len(pieces)  # one chunk per token (a split UTF-8 character may merge two)
        prompt_tokens = max(self._llm.n_tokens - completion_tokens, 0)
        log.debug(
            "llama.cpp: %d prompt + %d generated tokens in %.1f s (%s)",
            prompt_tokens,
            completion_tokens,
            seconds,
            finish_reason,
        )
        return Completion(text, finish_reason, prompt_tokens, completion_tokens, seconds)


def _chat_formatter(llm: Any) -> Any | None:
    """The GGUF's own chat template, as llama-cpp-python applies it in
    ``create_chat_completion`` (so both build the same prompt tokens)."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    template = llm.metadata.get("tokenizer.chat_template")
    if not template:
        return None
    eos, bos = llm.token_eos(), llm.token_bos()
    return Jinja2ChatFormatter(
        template=template,
        eos_token=llm._model.token_get_text(eos) if eos != -1 else "",
        bos_token=llm._model.token_get_text(bos) if bos != -1 else "",
        stop_token_ids=[eos],
    )
