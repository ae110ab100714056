"""The project's own evaluation runs, shared by the quality tests.

Each run names its table in ``eval_bounds.toml``. Set ``CALLBRIEF_EVAL_OUT``
to a folder to also get each run's JSON and HTML report there (that is how
the table in the README, section Evaluation is produced).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, SAMPLES, SHARED_EVAL

BOUNDS = ROOT / "eval_bounds.toml"
DATA = Path(__file__).resolve().parent / "data"


def pyannote_sample_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("pyannote.audio")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "sample"


@dataclass(frozen=True)
class Run:
    name: str  # the table in eval_bounds.toml
    path: Path
    tasks: tuple[str, ...]
    facts: tuple[Path, ...] = ()
    oracle_speakers: bool = False


def runs() -> dict[str, Run]:
    return {
        r.name: r
        for r in (
            Run("asr_en", SHARED_EVAL / "asr_en", ("asr",)),
            # AMI excerpts are meetings of 1-4 people: give the true count
            # (calls use the site's fixed 2, as the pyannote sample run does).
            Run("ami", SHARED_EVAL / "diarization", ("diarization",), oracle_speakers=True),
            Run("pyannote_sample", pyannote_sample_dir(), ("asr", "diarization")),
            Run("samples", SAMPLES, ("asr", "diarization")),
            Run("samples_summary", SAMPLES, ("summary",)),
            # The labelled development set: outcomes, follow-ups, categories, action items.
            Run("dev_extractive", SAMPLES / "dev", ("summary",)),
            # The held-out check set: the same, on calls the rules were not written from.
            Run("check_extractive", SAMPLES / "check", ("summary",)),
            # The development set with the cue rules alone (no learned outcome model, which is
            # trained on these calls): the rules' own regressions show here.
            Run("dev_cue_rules", SAMPLES / "dev", ("summary",)),
            Run(
                "tweetsumm",
                SHARED_EVAL / "summaries" / "tweetsumm_5.jsonl",
                ("summary",),
                facts=(DATA / "tweetsumm_5_facts.jsonl",),
            ),
        )
    }


def run_and_check(run: Run, backend) -> list[str]:
    """Evaluate ``run`` and return the bounds it breaks (with its table)."""
    from pipeline.evaluation.bounds import check_bounds, load_bounds
    from pipeline.evaluation.discover import discover
    from pipeline.evaluation.report import to_html, to_json, to_text
    from pipeline.evaluation.runner import evaluate

    evaluation = evaluate(discover(run.path, run.facts), run.tasks, backend, oracle_speakers=run.oracle_speakers)
    out = os.environ.get("CALLBRIEF_EVAL_OUT")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / f"{run.name}.json").write_text(json.dumps(to_json(evaluation), indent=2))
        (Path(out) / f"{run.name}.html").write_text(to_html(evaluation))
        (Path(out) / f"{run.name}.txt").write_text(to_text(evaluation))
    broken = check_bounds(evaluation.overall, load_bounds(BOUNDS, run.name))
    return [*broken, to_text(evaluation)] if broken else []
