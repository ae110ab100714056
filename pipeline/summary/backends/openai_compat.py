"""An OpenAI-compatible chat endpoint on the site's own network.

How a site serves a bigger model of its own (vLLM, llama.cpp's server,
Ollama) to callbrief. ``base_url`` is what the OpenAI client libraries call
it: the prefix before ``/chat/completions``, usually ending in ``/v1``.
Only the site's own endpoint is ever contacted; nothing else goes out.

Structured output is asked for as ``response_format`` ``json_schema``
(vLLM, Ollama, llama.cpp's ``llama-server``). Servers that refuse it
(llama-cpp-python's server answers 500) get ``json_object`` with the schema
alongside, which that server turns into a grammar and others treat as
plain JSON mode; the stage's parser and retry handle what they return.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import httpx

from pipeline.errors import ErrorCode, ModelError, ProcessingError
from pipeline.summary.engine import Completion, GenerationTimeout, Message, TokenHook, check_deadline, estimate_tokens, seconds_left

log = logging.getLogger(__name__)

GENERATOR = "openai"


class OpenAISummarizer:
    name = GENERATOR

    def __init__(
        self,
        *,
        base_url: str | None,
        model: str,
        api_key: str | None,
        context_tokens: int,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not base_url:
            raise ModelError(
                "the openai summary backend needs CALLBRIEF_OPENAI_BASE_URL (e.g. http://llm.internal:8000/v1)",
                code=ErrorCode.MODEL_MISSING,
            )
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, transport=transport, trust_env=False)
        self.model = model
        self.context_tokens = context_tokens
        # Learned from the first refusal, then kept for the process.
        self._json_schema_supported = True

    def count_tokens(self, text: str) -> int:
        # The endpoint's tokenizer is not here: estimate on the safe side.
        return estimate_tokens(text)

    def close(self) -> None:
        self._client.close()

    def complete(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        deadline: float,
        on_token: TokenHook | None = None,  # not streamed: no progress within a request
    ) -> Completion:
        check_deadline(deadline)
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "temperature": 0.0,
            "max_tokens": max_tokens,
            "stream": False,
        }
        started = time.perf_counter()
        if self._json_schema_supported:
            payload["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "call_summary", "schema": schema, "strict": True},
            }
            response = self._post(payload, deadline)
            if response.status_code == 200:
                return _completion(response, time.perf_counter() - started)
            refused_status: int | None = response.status_code
        else:
            refused_status = None
        payload["response_format"] = {"type": "json_object", "schema": schema}
        response = self._post(payload, deadline)
        if refused_status is not None and response.status_code == 200:
            # Servers say "no" differently (400, 422; llama-cpp-python's: 500).
            log.info("endpoint refused json_schema output (HTTP %d); using json_object", refused_status)
            self._json_schema_supported = False
        if response.status_code != 200:
            raise ProcessingError(
                f"the LLM endpoint answered HTTP {response.status_code}",
                code=ErrorCode.STAGE_FAILED,
            )
        return _completion(response, time.perf_counter() - started)

    def _post(self, payload: dict[str, Any], deadline: float) -> httpx.Response:
        timeout = max(seconds_left(deadline), 0.001)
        try:
            return self._client.post("/chat/completions", json=payload, timeout=timeout)
        except httpx.TimeoutException as exc:
            raise GenerationTimeout("the LLM endpoint did not answer within the summary's time limit") from exc
        except httpx.HTTPError as exc:
            raise ProcessingError(f"the LLM endpoint could not be reached: {type(exc).__name__}", code=ErrorCode.STAGE_FAILED) from exc


def _completion(response: httpx.Response, seconds: float) -> Completion:
    try:
        body = response.json()
        choice = body["choices"][0]
        text = choice["message"]["content"] or ""
        usage = body.get("usage") or {}
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ProcessingError("the LLM endpoint's answer is not an OpenAI chat completion", code=ErrorCode.STAGE_FAILED) from exc
    return Completion(
        text=text,
        finish_reason=choice.get("finish_reason") or "stop",
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        completion_tokens=int(usage.get("completion_tokens") or 0),
        seconds=seconds,
    )
