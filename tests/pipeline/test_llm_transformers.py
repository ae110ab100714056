"""The transformers backend on real GGUF models: SmolLM2 for the code path
(dequantize once, cache, constrained JSON, time limit), Qwen2.5-1.5B for quality."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from pipeline.llm import GenerationTimeout
from pipeline.llm.prompt import SUMMARY_SCHEMA, build_messages, transcript_line
from pipeline.options import SummarizeOptions
from pipeline.summarize import summarize
from tests.pipeline.test_summarize import BILLING

pytest.importorskip("transformers")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def smol(cache_dir: Path):  # noqa: ANN201 - the backend type is what is under test
    from pipeline.llm.transformers_backend import TransformersSummarizer, dequantized_dir
    from pipeline.models import small_llm_gguf_path

    gguf = small_llm_gguf_path()
    engine = TransformersSummarizer(gguf, cache_dir, context_tokens=2048, threads=1)
    assert (dequantized_dir(gguf, cache_dir) / "model.safetensors").is_file(), "dequantized weights are cached"
    return engine


def test_cached_weights_load_without_the_gguf_step(smol, cache_dir: Path) -> None:  # noqa: ANN001
    from pipeline.llm.transformers_backend import TransformersSummarizer
    from pipeline.models import small_llm_gguf_path

    started = time.perf_counter()
    TransformersSummarizer(small_llm_gguf_path(), cache_dir, context_tokens=2048, threads=1)
    assert time.perf_counter() - started < 60


def test_constrained_output_follows_the_schema_order(smol) -> None:  # noqa: ANN001
    pytest.importorskip("xgrammar")
    messages = build_messages([transcript_line(t) for t in BILLING])
    completion = smol.complete(messages, SUMMARY_SCHEMA, max_tokens=24, deadline=time.monotonic() + 300)
    assert completion.completion_tokens <= 24
    # key_facts first, in the schema's order, not the model's habit
    assert completion.text.startswith('{"key_facts":'), completion.text[:40]


def test_time_limit_stops_generation(smol) -> None:  # noqa: ANN001
    messages = build_messages([transcript_line(t) for t in BILLING])
    started = time.monotonic()
    with pytest.raises(GenerationTimeout):
        smol.complete(messages, SUMMARY_SCHEMA, max_tokens=2000, deadline=time.monotonic() + 3)
    assert time.monotonic() - started < 30  # the prompt pass itself cannot be interrupted


def test_summary_stage_end_to_end_valid_or_clean_fallback(smol) -> None:  # noqa: ANN001
    options = SummarizeOptions(backend="transformers", max_new_tokens=200, timeout_s=240)
    result = summarize(smol, BILLING[:4], options)
    if result.generator == "transformers":
        assert result.fallback_reason is None and result.summary.text
        assert result.model == "SmolLM2-135M-Instruct.Q4_1"
    else:
        assert result.generator == "extractive"
        assert (result.fallback_reason or "").split(":")[0] in {"invalid_output", "timeout"}


@pytest.mark.llm
def test_qwen_through_transformers_finds_the_amount(cache_dir: Path) -> None:
    from pipeline.llm.transformers_backend import TransformersSummarizer, dequantized_dir
    from pipeline.models import llm_gguf_path

    gguf = llm_gguf_path(cache_dir)
    if not (dequantized_dir(gguf, cache_dir) / "callbrief-dequantized.json").is_file():
        pytest.skip("Qwen not dequantized yet: run `callbrief models prepare` (minutes, once)")
    engine = TransformersSummarizer(gguf, cache_dir, context_tokens=4096, threads=2)
    options = SummarizeOptions(backend="transformers", timeout_s=600)
    result = summarize(engine, BILLING, options)
    assert result.generator == "transformers", result.fallback_reason
    facts = {f.value: f for f in result.key_facts}
    assert any("142.75" in v and f.verified for v, f in facts.items()), json.dumps(list(facts))
