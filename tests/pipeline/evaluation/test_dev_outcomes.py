"""The call outcomes on the labelled development set (samples/dev) and on the
held-out check set (samples/check) must not regress past eval_bounds.toml:
resolution (per language), follow-up, reason category, action items and key
facts, without an LLM (the cue rules, the keywords and the learned models: the summary that every
fallback gives), and on the development set with the cue rules alone for the outcome."""

from __future__ import annotations

import dataclasses

import pytest

from tests.pipeline.evaluation.quality import run_and_check, runs


@pytest.fixture(scope="module")
def backend(cache_dir):
    from pipeline.evaluation.backend import PipelineBackend
    from pipeline.settings import PipelineSettings

    options = PipelineSettings().pipeline_options()
    options = dataclasses.replace(options, summarize=dataclasses.replace(options.summarize, backend="extractive"))
    return PipelineBackend(options, cache_dir)


def test_rule_outcomes_on_the_development_set_stay_within_bounds(backend):
    broken = run_and_check(runs()["dev_extractive"], backend)
    assert not broken, "\n".join(broken)


def test_rule_outcomes_on_the_held_out_check_set_stay_within_bounds(backend):
    broken = run_and_check(runs()["check_extractive"], backend)
    assert not broken, "\n".join(broken)


@pytest.mark.usefixtures("cue_rules_alone")
def test_cue_rule_outcomes_on_the_development_set_stay_within_bounds(backend):
    broken = run_and_check(runs()["dev_cue_rules"], backend)
    assert not broken, "\n".join(broken)
