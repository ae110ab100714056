"""A development-set call rendered to audio by the samples generator, run
through the pipeline with Whisper base: its key facts survive recognition."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from pathlib import Path

import pytest

from pipeline.evaluation.summary_metrics import fact_recall, invented_facts
from pipeline.types import KeyFact

ROOT = Path(__file__).resolve().parents[3]
DEV_CALL = "en-039"  # a time said as "2:40", an amount, and a date of birth that is no key fact


@pytest.mark.slow
@pytest.mark.require(shutil.which("espeak-ng") is not None and shutil.which("sox") is not None, "needs espeak-ng and sox")
def test_the_key_facts_of_a_rendered_dev_call_are_heard(tmp_path: Path, cache_dir: Path) -> None:
    from pipeline.options import CallOptions
    from pipeline.run import Engines, process_call
    from pipeline.settings import get_pipeline_settings

    record = next(
        json.loads(line) for line in (ROOT / "samples" / "dev" / "en.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] == DEV_CALL
    )
    audio = _render(record, tmp_path)

    options = get_pipeline_settings().pipeline_options()
    options = dataclasses.replace(
        options,
        summarize=dataclasses.replace(options.summarize, backend="extractive"),
        redact=dataclasses.replace(options.redact, enabled=False),
    )
    result = process_call(audio, Engines(options=options, cache_dir=cache_dir), CallOptions(language="en"))

    assert result.summary is not None
    expected = [KeyFact(f["kind"], f["value"]) for f in record["facts"]]
    heard = fact_recall(expected, [f.value for f in result.summary.key_facts])
    transcript = " ".join(t.text for t in result.turns)
    assert not heard.missed, f"key facts missed: {heard.missed}\n{transcript}"
    assert invented_facts(result.summary, transcript) == ()
    assert all(f.confidence is not None and 0.0 < f.confidence <= 1.0 for f in result.summary.key_facts)


def _render(record: dict[str, object], out: Path) -> Path:
    """The call as the samples generator speaks a script: mono, 16 kHz MP3 (espeak's
    voices at 8 kHz lose too many digits to Whisper base to test the reader)."""
    sys.path.insert(0, str(ROOT / "samples"))
    try:
        from dialogues import AGENT_F, CUSTOMER_M, Call, Line
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "samples"))
    # espeak reads "£22.50" as "pound twenty-two point five zero": say it as a person does.
    spoken = {"£22.50": "22 pounds 50"}
    lines = []
    for turn in record["turns"]:  # type: ignore[attr-defined]
        say = turn["text"]
        for written, said in spoken.items():
            say = say.replace(written, said)
        lines.append(Line(turn["role"], turn["text"], say=say if say != turn["text"] else None))
    call = Call(
        id=str(record["id"]), audio=f"{record['id']}.mp3", language="en", stereo=False, sample_rate=16000,
        voices={"agent": AGENT_F, "customer": CUSTOMER_M}, lines=tuple(lines), facts=(), expected=None,
    )
    return generate(call, out)
