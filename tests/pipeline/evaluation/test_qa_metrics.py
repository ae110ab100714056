"""The ``qa`` task of ``callbrief eval``: labels against the rules, on transcripts
and (calls given only as audio) on the pipeline's result."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluation.discover import discover
from pipeline.evaluation.qa_metrics import QaItemCheck, QaScores, qa_overall
from pipeline.evaluation.report import to_text
from pipeline.evaluation.runner import evaluate
from tests.pipeline.evaluation.test_runner import FakePipeline


def test_overall_counts_every_item_once_and_not_met_precision_and_recall() -> None:
    scores = [
        QaScores((QaItemCheck("greeting", "met", "met"), QaItemCheck("identity", "not_met", "not_met")), 100.0),
        QaScores((QaItemCheck("greeting", "not_met", "met"), QaItemCheck("identity", "not_applicable", "not_met")), 0.0),
        QaScores((QaItemCheck("greeting", "met", "not_met"),), 0.0),
    ]
    out = qa_overall(scores)
    assert out["items_checked"] == 5 and out["item_accuracy"] == 2 / 5
    assert out["greeting_accuracy"] == 1 / 3
    assert out["greeting_precision"] == 0.0 and out["greeting_recall"] == 0.0  # one said not met, wrongly; one missed
    assert out["identity_precision"] == 0.5 and out["identity_recall"] == 1.0


def test_labels_are_scored_on_transcripts_and_on_audio_calls(tmp_path: Path) -> None:
    (tmp_path / "sample.wav").write_bytes(b"")  # the fake pipeline's call: "Thank you for calling Northwind Energy..."
    (tmp_path / "dialogues.jsonl").write_text(json.dumps({"id": "d1", "language": "en", "turns": [
        {"role": "agent", "text": "Waste services."}, {"role": "customer", "text": "Hi."},
    ]}) + "\n", encoding="utf-8")
    (tmp_path / "qa_labels.jsonl").write_text(
        json.dumps({"id": "d1", "items": {"greeting": "not_met", "disclosure": "not_met"}}) + "\n"
        + json.dumps({"id": "sample", "items": {"greeting": "met", "disclosure": "met"}}) + "\n",
        encoding="utf-8",
    )
    backend = FakePipeline()
    evaluation = evaluate(discover(tmp_path), ("qa",), backend)
    by_id = {f.id: f for f in evaluation.files}
    assert set(by_id) == {"d1", "sample"} and all(f.task == "qa" for f in evaluation.files)
    assert [(c.item, c.got) for c in by_id["d1"].qa.checks] == [("greeting", "not_met"), ("disclosure", "not_met")]
    assert [(c.item, c.got) for c in by_id["sample"].qa.checks] == [("greeting", "met"), ("disclosure", "not_met")]
    assert ("process:True", "sample") in backend.calls  # audio goes through the pipeline once
    assert not any(name == "summarize" for name, _ in backend.calls)  # a transcript needs no model
    assert evaluation.overall["qa"]["item_accuracy"] == 3 / 4
    text = to_text(evaluation)
    assert "item accuracy 75.0% of 4 items" in text and "disclosure met->not_met" in text
