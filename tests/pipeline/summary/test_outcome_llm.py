"""The packaged LLM answering the outcome questions on development-set calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluation.formats import read_records
from pipeline.options import SummarizeOptions
from pipeline.summary.summarize import load_summarizer, summarize
from pipeline.types import Resolution

DEV = Path(__file__).resolve().parents[3] / "samples" / "dev"

pytestmark = [pytest.mark.slow, pytest.mark.llm]


def dev_call(language: str, call_id: str):  # noqa: ANN201 - a Record
    return next(r for r in read_records(DEV / f"{language}.jsonl") if r.id == call_id)


@pytest.fixture(scope="module")
def engine(cache_dir: Path):  # noqa: ANN201 - the loaded engine
    # One thread: on a shared 2-core machine two llama.cpp threads spin against other processes.
    engine = load_summarizer(SummarizeOptions(backend="llama_cpp", threads=1), cache_dir)
    assert engine.name == "llama_cpp", getattr(engine, "reason", None)
    return engine


@pytest.mark.parametrize(
    "call_id",
    [
        "en-012",  # "that should fix it", then the customer: "Still nothing."
        "en-037",  # an emergency handed to the out-of-hours repairs team
    ],
)
def test_outcomes_of_dev_calls_come_from_evidence(engine, call_id: str) -> None:
    record = dev_call("en", call_id)
    options = SummarizeOptions(backend="llama_cpp", threads=1, timeout_s=1800)
    summary = summarize(engine, record.turns, options, language="en")

    assert summary.fallback_reason is None and summary.generator == "llama_cpp", summary.fallback_reason
    assert summary.resolution.status is Resolution(record.resolution)
    assert summary.follow_up_required == record.follow_up_required
    ids = {t.id for t in record.turns}
    assert summary.resolution.evidence and set(summary.resolution.evidence) <= ids
    assert summary.resolution.confidence is not None
    assert summary.category == record.category  # the model's probabilities weighed with the keywords


def test_a_korean_dev_call_is_summarised_by_the_rules(engine) -> None:
    record = dev_call("ko", "ko-009")  # 주민센터 복지 담당으로 이관
    options = SummarizeOptions(backend="llama_cpp", threads=1, timeout_s=1800)
    summary = summarize(engine, record.turns, options, language="ko")

    assert summary.generator == "extractive" and summary.fallback_reason is None
    assert summary.resolution.status is Resolution(record.resolution)
    assert summary.follow_up_required == record.follow_up_required
    assert summary.category == record.category
    assert "이관" in summary.summary.text
