"""LLM backends for the summary stage, behind one small interface.

Each backend module wraps one runtime and keeps its third-party types
inside; what crosses the boundary is defined here:

    Message       one chat message (role, content)
    Completion    the text a model produced, why it stopped, token counts
    deadline      a ``time.monotonic()`` instant after which a backend stops
                  generating and raises :class:`GenerationTimeout`
    TokenHook     told how many tokens are generated so far (progress)
    Choice        how likely the model finds each of a few one-token answers

    backends/llama_cpp          llama-cpp-python on a GGUF file (the default)
    backends/transformers_gguf  transformers/torch on the same GGUF, dequantized once
    backends/openai_compat      an OpenAI-compatible endpoint on the site's network

:mod:`pipeline.summary.prompt` builds the messages and the JSON schema and
parses a model's JSON into :class:`pipeline.types.Summary`;
:mod:`pipeline.summary.summarize` drives chunking, retries and the fallback.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.errors import ErrorCode, ProcessingError


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class Completion:
    text: str
    finish_reason: str  # "stop" | "length"
    prompt_tokens: int
    completion_tokens: int
    seconds: float


@dataclass(frozen=True)
class Choice:
    """The model's next-token probabilities over a few one-token answers
    ("A", "B", "C"), renormalised among them; ``mass`` is the share of all
    probability they held before that (low: the model wanted to say something else)."""

    probabilities: dict[str, float]
    mass: float
    prompt_tokens: int
    seconds: float

    @property
    def best(self) -> str:
        return max(self.probabilities, key=self.probabilities.__getitem__)


def choice_from_logits(logits: Sequence[float], label_tokens: dict[str, int], prompt_tokens: int, seconds: float) -> Choice:
    """Softmax over the whole vocabulary, read at the labels' tokens."""
    import numpy as np

    values = np.asarray(logits, dtype=np.float64)
    top = float(values.max())
    total = float(np.exp(values - top).sum())
    raw = {label: float(np.exp(values[token] - top)) / total for label, token in label_tokens.items()}
    mass = sum(raw.values())
    if mass <= 0.0:
        return Choice({label: 1.0 / len(raw) for label in raw}, 0.0, prompt_tokens, seconds)
    return Choice({label: p / mass for label, p in raw.items()}, mass, prompt_tokens, seconds)


# Called with the number of tokens generated so far, for progress reporting.
TokenHook = Callable[[int], None]


class GenerationTimeout(ProcessingError):
    """The summary's time budget (``SummarizeOptions.timeout_s``) ran out."""

    code = ErrorCode.TIMEOUT


def seconds_left(deadline: float) -> float:
    return deadline - time.monotonic()


def check_deadline(deadline: float) -> None:
    if time.monotonic() >= deadline:
        raise GenerationTimeout("the summary took longer than its time limit")


def estimate_tokens(text: str) -> int:
    """A conservative token count for backends without a local tokenizer.

    English BPE averages about 4 characters a token; Hangul and other
    non-Latin scripts are close to one token a character in the models we
    run, so those count fully.
    """
    ascii_chars = sum(1 for c in text if c.isascii())
    return ascii_chars // 3 + (len(text) - ascii_chars) + 1
