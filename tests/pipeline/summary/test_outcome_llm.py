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
    ("language", "call_id"),
    [
        ("en", "en-012"),  # "that should fix it", then the customer: "Still nothing."
        ("en", "en-037"),  # an emergency handed to the out-of-hours repairs team
        ("ko", "ko-009"),  # 주민센터 복지 담당으로 이관
    ],
)
def test_outcomes_of_dev_calls_come_from_evidence(engine, language: str, call_id: str) -> None:
    record = dev_call(language, call_id)
    options = SummarizeOptions(backend="llama_cpp", threads=1, timeout_s=1800)
    summary = summarize(engine, record.turns, options, language=language)

    assert summary.fallback_reason is None and summary.generator == "llama_cpp", summary.fallback_reason
    assert summary.resolution.status is Resolution(record.resolution)
    assert summary.follow_up_required == record.follow_up_required
    ids = {t.id for t in record.turns}
    assert summary.resolution.evidence and set(summary.resolution.evidence) <= ids
    assert summary.resolution.confidence is not None
    assert summary.category == record.category  # the model's probabilities weighed with the keywords
    if language == "ko":
        assert summary.model.endswith("+templates-ko")
        assert "이관" in summary.summary.text
