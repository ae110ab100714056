"""The llama.cpp backend on real GGUF models: SmolLM2 for the code path,
the packaged Qwen2.5-1.5B on the billing sample call for the summary."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from pipeline.facts.index import fact_in_text
from pipeline.summary.engine import GenerationTimeout
from pipeline.summary.backends.llama_cpp import LlamaCppSummarizer
from pipeline.summary.outcome import CHOICE_NOTE, QUESTIONS, question_messages
from pipeline.summary.prompt import SUMMARY_SCHEMA, build_messages, transcript_line, transcript_messages
from pipeline.model_files import small_llm_gguf_path
from pipeline.options import SummarizeOptions
from pipeline.summary.summarize import load_summarizer, summarize
from pipeline.types import Role, Turn
from tests.pipeline.factories import turn
from tests.pipeline.summary.test_summarize import BILLING
from tests.prerequisites import require_module

require_module("llama_cpp")
pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[4] / "samples" / "billing_stereo_8k.json"


def sample_turns() -> tuple[tuple[Turn, ...], dict]:
    """The stereo billing sample's script as turns (the words as spoken, before ASR)."""
    call = json.loads(SAMPLE.read_text())
    built = tuple(
        turn(i, f"ch{0 if line['speaker'] == 'agent' else 1}", Role(line["speaker"]), line["start"], line["end"], line["text"])
        for i, line in enumerate(call["script"])
    )
    return built, call


@pytest.fixture(scope="module")
def smol() -> LlamaCppSummarizer:
    return LlamaCppSummarizer(small_llm_gguf_path(), context_tokens=2048, threads=1)


def test_tokens_are_counted_with_the_model_tokenizer(smol: LlamaCppSummarizer) -> None:
    assert 3 <= smol.count_tokens("The amount is £142.75.") <= 15
    assert smol.count_tokens("") == 0


def test_constrained_output_is_schema_json_in_schema_order(smol: LlamaCppSummarizer) -> None:
    messages = build_messages([transcript_line(t) for t in BILLING])
    completion = smol.complete(messages, SUMMARY_SCHEMA, max_tokens=20, deadline=time.monotonic() + 120)
    assert completion.text.replace(" ", "").startswith('{"summary"'), completion.text[:40]
    assert completion.finish_reason == "length" and completion.completion_tokens <= 20
    assert completion.prompt_tokens > 100


def test_time_limit_stops_generation(smol: LlamaCppSummarizer) -> None:
    messages = build_messages([transcript_line(t) for t in BILLING])
    started = time.monotonic()
    with pytest.raises(GenerationTimeout):
        smol.complete(messages, SUMMARY_SCHEMA, max_tokens=1500, deadline=time.monotonic() + 2)
    assert time.monotonic() - started < 30  # the prompt pass itself cannot be interrupted
    # the engine is usable again after a stopped generation
    assert smol.complete(messages, SUMMARY_SCHEMA, max_tokens=5, deadline=time.monotonic() + 60).text


def test_a_question_after_the_summary_reads_only_its_own_tokens_and_generates_none(smol: LlamaCppSummarizer) -> None:
    lines = [transcript_line(t) for t in BILLING]
    smol.complete(build_messages(lines), SUMMARY_SCHEMA, max_tokens=5, deadline=time.monotonic() + 120)
    question = question_messages(transcript_messages(lines), "handoff", CHOICE_NOTE)
    choice = smol.choose(question, ("yes", "no"), deadline=time.monotonic() + 120)
    assert set(choice.probabilities) == {"yes", "no"} and abs(sum(choice.probabilities.values()) - 1) < 1e-6
    assert 0 < choice.mass <= 1
    # The transcript was read for the summary: only the question's tokens are new.
    assert 0 < choice.prompt_tokens < smol.count_tokens(QUESTIONS["handoff"]) + 40
    # Asked again from a cold cache, the same question gives the same probabilities.
    smol.complete(build_messages(["[0] Agent: Hello."]), SUMMARY_SCHEMA, max_tokens=2, deadline=time.monotonic() + 60)
    again = smol.choose(question, ("yes", "no"), deadline=time.monotonic() + 120)
    assert again.prompt_tokens > choice.prompt_tokens + 100
    assert abs(again.probabilities["yes"] - choice.probabilities["yes"]) < 0.02
    with pytest.raises(ValueError, match="not one token"):
        smol.choose(question, ("yes", "not sure at all"), deadline=time.monotonic() + 60)


@pytest.mark.llm
def test_qwen_summary_of_the_billing_call_has_its_facts_verified(cache_dir: Path) -> None:
    turns, call = sample_turns()
    expected = {f["kind"]: f["value"] for f in call["facts"]}
    amount = expected["amount"].lstrip("£$€")
    # One thread: on a shared 2-core machine two llama.cpp threads spin against
    # the other processes and generate several times slower.
    options = SummarizeOptions(backend="llama_cpp", threads=1, timeout_s=900)
    engine = load_summarizer(options, cache_dir)
    assert engine.name == "llama_cpp", getattr(engine, "reason", None)

    result = summarize(engine, turns, options)

    assert result.generator == "llama_cpp", result.fallback_reason
    assert result.model.startswith("Qwen2.5-Coder-1.5B")
    verified = [f.value for f in result.key_facts if f.verified]
    assert any(amount in v for v in verified), verified
    assert any(expected["reference"] in v for v in verified), verified
    # citations point at real turns, the amount's at a turn that says it
    ids = {t.id for t in turns}
    assert all(set(f.turn_ids) <= ids for f in result.key_facts)
    cited = next(f for f in result.key_facts if amount in f.value)
    assert any(amount in turns[i].text for i in cited.turn_ids)
    # what the model wrote itself: prose citing real turns that names at least
    # one of the call's facts (the prompt lists them), nothing unchecked
    written = " ".join(
        [result.summary.text, result.reason.text, result.resolution.text]
        + [f"{a.what} {a.when or ''}" for a in result.action_items]
    )
    assert result.summary.text and set(result.summary.turn_ids) <= ids and result.summary.turn_ids
    assert any(fact_in_text(f["value"], written) for f in call["facts"]), written
    # whatever the model blurred is flagged, not silently kept
    assert all(c.action == "flagged" for c in result.checks if not c.verified)
