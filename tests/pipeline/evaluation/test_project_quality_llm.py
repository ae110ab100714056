"""Summary quality with the packaged LLM must not regress past eval_bounds.toml:
the TweetSumm dialogues (summarised from their text turns; ROUGE against
the human summaries, recall of hand-listed key facts) and the samples'
calls end to end (recall of each script's facts)."""

from __future__ import annotations

import pytest

from tests.pipeline.evaluation.quality import run_and_check, runs

pytestmark = [pytest.mark.slow, pytest.mark.llm]


@pytest.fixture(scope="module")
def backend(cache_dir):
    from pipeline.evaluation.backend import PipelineBackend
    from pipeline.settings import PipelineSettings

    # The bounds were measured with two LLM threads, the default; greedy decoding can
    # pick other tokens when the thread count changes the float summation order.
    return PipelineBackend(PipelineSettings(llm_threads=2).pipeline_options(), cache_dir)


@pytest.mark.parametrize("name", ["tweetsumm", "samples_summary"])
def test_summary_quality_stays_within_bounds(name, backend, shared_eval):
    broken = run_and_check(runs()[name], backend)
    assert not broken, "\n".join(broken)
