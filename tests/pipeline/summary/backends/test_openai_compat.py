"""The OpenAI-compatible endpoint backend: against a scripted transport, and
against a real llama-cpp-python server on loopback (SmolLM2, slow)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pipeline.errors import ModelError, ProcessingError
from pipeline.summary.engine import GenerationTimeout, Message
from pipeline.summary.backends.openai_compat import OpenAISummarizer
from pipeline.summary.prompt import SUMMARY_SCHEMA
from pipeline.options import SummarizeOptions
from pipeline.summary.summarize import NoLLM, load_summarizer, summarize
from tests.pipeline.summary.test_summarize import BILLING, answer
from tests.prerequisites import require_module

MESSAGES = [Message("system", "s"), Message("user", "u")]


def chat_reply(content: str, finish_reason: str = "stop") -> dict[str, Any]:
    return {
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 34},
    }


def engine_with(handler: Any, **kw: Any) -> OpenAISummarizer:
    return OpenAISummarizer(
        base_url="http://llm.internal:8000/v1",
        model="site-model",
        api_key=kw.get("api_key"),
        context_tokens=8192,
        transport=httpx.MockTransport(handler),
    )


def test_json_schema_request_with_key_and_model() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=chat_reply(answer()))

    engine = engine_with(handler, api_key="s3cret")
    completion = engine.complete(MESSAGES, SUMMARY_SCHEMA, max_tokens=50, deadline=time.monotonic() + 5)
    assert completion.text == answer() and completion.completion_tokens == 34
    request = seen[0]
    assert str(request.url) == "http://llm.internal:8000/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer s3cret"
    body = json.loads(request.content)
    assert body["model"] == "site-model" and body["temperature"] == 0.0 and body["max_tokens"] == 50
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == SUMMARY_SCHEMA


def test_server_without_json_schema_gets_json_object_from_then_on() -> None:
    formats: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        kind = json.loads(request.content)["response_format"]["type"]
        formats.append(kind)
        if kind == "json_schema":
            return httpx.Response(422, json={"detail": "unsupported"})
        return httpx.Response(200, json=chat_reply(answer()))

    engine = engine_with(handler)
    for _ in range(2):
        engine.complete(MESSAGES, SUMMARY_SCHEMA, max_tokens=50, deadline=time.monotonic() + 5)
    assert formats == ["json_schema", "json_object", "json_object"]


def test_slow_endpoint_is_a_timeout() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(GenerationTimeout):
        engine_with(handler).complete(MESSAGES, SUMMARY_SCHEMA, max_tokens=50, deadline=time.monotonic() + 1)


def test_unreachable_endpoint_and_errors_fall_back_to_extractive() -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(ProcessingError):
        engine_with(refused).complete(MESSAGES, SUMMARY_SCHEMA, max_tokens=50, deadline=time.monotonic() + 1)
    result = summarize(engine_with(refused), BILLING, SummarizeOptions(backend="openai"))
    assert result.generator == "extractive" and (result.fallback_reason or "").startswith("stage_failed")

    broken = engine_with(lambda request: httpx.Response(500, text="oops"))
    result = summarize(broken, BILLING, SummarizeOptions(backend="openai"))
    assert result.generator == "extractive" and "HTTP 500" in (result.fallback_reason or "")


def test_missing_base_url_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        OpenAISummarizer(base_url=None, model="m", api_key=None, context_tokens=4096)
    engine = load_summarizer(SummarizeOptions(backend="openai"), tmp_path)
    assert isinstance(engine, NoLLM) and "OPENAI_BASE_URL" in (engine.reason or "")


# --- a real server on loopback ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server with SmolLM2, on 127.0.0.1 only."""
    require_module("llama_cpp")
    require_module("starlette_context")
    from pipeline.model_files import small_llm_gguf_path

    port = _free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(small_llm_gguf_path()),
        "--model_alias", "smollm2",
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "4096", "--n_threads", "1",
    ]  # fmt: skip
    # A file, not a pipe: the server's model-loading chatter would fill a pipe and block it.
    log_path = tmp_path_factory.mktemp("llama_server") / "server.log"
    log_file = log_path.open("wb")
    server = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, env={**os.environ})
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited: {log_path.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{base_url}/models", timeout=1, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("llama_cpp.server did not start within 120 s")
            time.sleep(0.5)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log_file.close()


@pytest.mark.slow
def test_real_local_server_answers_with_schema_json(llama_server: str) -> None:
    engine = OpenAISummarizer(base_url=llama_server, model="smollm2", api_key=None, context_tokens=4096)
    completion = engine.complete(
        [Message("user", "Reply with a JSON object saying hello.")],
        {"type": "object", "properties": {"greeting": {"type": "string"}}, "required": ["greeting"]},
        max_tokens=40,
        deadline=time.monotonic() + 120,
    )
    assert isinstance(json.loads(completion.text)["greeting"], str)
    assert completion.prompt_tokens > 0


@pytest.mark.slow
def test_real_local_server_through_the_summary_stage(llama_server: str, tmp_path: Path) -> None:
    # 200 answer tokens are too few for SmolLM2 to finish the schema's JSON: both
    # attempts reach the server and come back cut off, and the stage answers
    # with an extractive summary that names the endpoint's model and the reason.
    options = SummarizeOptions(backend="openai", openai_base_url=llama_server, openai_model="smollm2", max_new_tokens=200, timeout_s=180)
    engine = load_summarizer(options, tmp_path)
    assert engine.name == "openai"
    result = summarize(engine, BILLING[:4], options)
    assert result.generator == "extractive"
    reason = result.fallback_reason or ""
    assert reason.startswith("invalid_output: openai (smollm2)"), reason
    assert "cut off at 200 tokens" in reason
    assert [(f.kind, f.value, f.verified) for f in result.key_facts] == [("amount", "£142.75", True), ("account", "48213", True)]
