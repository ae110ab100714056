"""The transformers backend on a real GGUF model: SmolLM2 for the code path
(dequantize once, cache, constrained JSON in schema order, time limit).

Qwen2.5-1.5B through transformers is not run here: on 2 cores it takes
about 7 minutes to dequantize once and about 10 minutes a summary (its
decoding reads 3.1 GB of bf16 weights a token), beyond this suite's budget;
llama.cpp, the default, is tested on Qwen in test_llm_llama_cpp.py."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pipeline.summary.engine import GenerationTimeout
from pipeline.summary.backends.transformers_gguf import TransformersSummarizer, dequantized_dir
from pipeline.summary.prompt import SUMMARY_SCHEMA, build_messages, transcript_line
from pipeline.model_files import small_llm_gguf_path
from pipeline.options import SummarizeOptions
from pipeline.summary.summarize import summarize
from tests.pipeline.summary.test_summarize import BILLING
from tests.prerequisites import require_module

require_module("transformers")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def smol(cache_dir: Path) -> TransformersSummarizer:
    gguf = small_llm_gguf_path()
    engine = TransformersSummarizer(gguf, cache_dir, context_tokens=2048, threads=1)
    assert (dequantized_dir(gguf, cache_dir) / "model.safetensors").is_file(), "dequantized weights are cached"
    return engine


def test_cached_weights_load_without_the_gguf_step(smol: TransformersSummarizer, cache_dir: Path) -> None:
    # The GGUF step rewrites the cached folder (a new folder renamed into place);
    # a second load must read the folder the first one left, untouched.
    folder = dequantized_dir(small_llm_gguf_path(), cache_dir)
    before = (folder.stat().st_ino, {p.name: p.stat().st_mtime_ns for p in folder.iterdir()})
    again = TransformersSummarizer(small_llm_gguf_path(), cache_dir, context_tokens=2048, threads=1)
    assert (folder.stat().st_ino, {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}) == before
    text = "Your reference number is 60471."
    assert again.count_tokens(text) == smol.count_tokens(text) > 0, "the cached copy is the same model"


def test_constrained_output_follows_the_schema_order(smol: TransformersSummarizer) -> None:
    require_module("xgrammar")
    messages = build_messages([transcript_line(t) for t in BILLING])
    completion = smol.complete(messages, SUMMARY_SCHEMA, max_tokens=24, deadline=time.monotonic() + 300)
    assert completion.completion_tokens <= 24
    # the schema's order, not the model's habit
    assert completion.text.startswith('{"summary":'), completion.text[:40]


def test_time_limit_stops_generation(smol: TransformersSummarizer) -> None:
    messages = build_messages([transcript_line(t) for t in BILLING])
    started = time.monotonic()
    with pytest.raises(GenerationTimeout):
        smol.complete(messages, SUMMARY_SCHEMA, max_tokens=2000, deadline=time.monotonic() + 3)
    assert time.monotonic() - started < 30  # the prompt pass itself cannot be interrupted


def test_summary_stage_end_to_end_falls_back_cleanly_on_a_cut_off_answer(smol: TransformersSummarizer) -> None:
    # 120 answer tokens are too few for the schema: the model's JSON is cut off
    # on both attempts, and the stage answers with an extractive summary that
    # says which model failed and why (a complete LLM summary takes SmolLM2
    # minutes on one thread; test_llama_cpp.py covers that path).
    options = SummarizeOptions(backend="transformers", max_new_tokens=120, timeout_s=180)
    result = summarize(smol, BILLING[:4], options)
    assert result.generator == "extractive"
    reason = result.fallback_reason or ""
    assert reason.startswith("invalid_output: transformers (SmolLM2-135M-Instruct.Q4_1)"), reason
    assert "cut off at 120 tokens" in reason
    assert [(f.kind, f.value, f.verified) for f in result.key_facts] == [("amount", "£142.75", True), ("account", "48213", True)]
