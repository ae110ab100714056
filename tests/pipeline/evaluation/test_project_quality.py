"""The project's measured quality must not regress past eval_bounds.toml.

Real models on real recordings: Whisper base on ../shared/eval/asr_en, the
diarization pipeline on the AMI excerpts, both (and cpWER) on the call
shipped in the pyannote.audio wheel, and both on the project's samples.
Summaries are in test_project_quality_llm.py (they need the 1.1 GB LLM).
"""

from __future__ import annotations

import pytest

from tests.pipeline.evaluation.quality import run_and_check, runs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def backend(cache_dir):
    from pipeline.evaluation.backend import PipelineBackend
    from pipeline.settings import PipelineSettings

    return PipelineBackend(PipelineSettings().pipeline_options(), cache_dir)


@pytest.mark.parametrize("name", ["asr_en", "ami", "pyannote_sample", "samples"])
def test_quality_stays_within_bounds(name, backend, shared_eval):
    broken = run_and_check(runs()[name], backend)
    assert not broken, "\n".join(broken)
