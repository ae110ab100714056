"""The runner and reports with a fake pipeline: routing, scoring, failures, output."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import InputError, ProcessingError
from pipeline.evaluation.bounds import check_bounds, load_bounds
from pipeline.evaluation.discover import discover
from pipeline.evaluation.report import to_html, to_json, to_text
from pipeline.evaluation.runner import Transcription, evaluate
from pipeline.types import CallResult, SpeakerSegment, Summary, Turn
from tests.pipeline import factories


class FakePipeline:
    def __init__(self, texts: dict[str, str] | None = None, fail: set[str] | None = None) -> None:
        self.texts = texts or {}
        self.fail = fail or set()
        self.calls: list[tuple[str, str]] = []

    def _check(self, path: Path) -> None:
        if path.stem in self.fail:
            raise ProcessingError("model crashed", code="stage_failed")
        if path.stem == "silent":
            raise InputError("only silence", code="audio_no_speech")

    def prepare(self, engines: Sequence[str]) -> None:
        self.calls.append(("prepare", ",".join(engines)))

    def transcribe(self, path: Path, language: str | None) -> Transcription:
        self.calls.append(("transcribe", path.stem))
        self._check(path)
        return Transcription(self.texts.get(path.stem, ""), "en", 10.0)

    def diarize(self, path: Path, num_speakers: int | None) -> tuple[tuple[SpeakerSegment, ...], float]:
        self.calls.append((f"diarize:{num_speakers}", path.stem))
        self._check(path)
        return (SpeakerSegment(0, 10, "s1"), SpeakerSegment(10, 20, "s2")), 20.0

    def process(self, path: Path, language: str | None, summarize: bool) -> CallResult:
        self.calls.append((f"process:{summarize}", path.stem))
        self._check(path)
        return factories.call_result(with_summary=summarize)

    def summarize(self, turns: Sequence[Turn]) -> Summary:
        self.calls.append(("summarize", str(len(turns))))
        return factories.summary()

    def models(self) -> dict[str, str]:
        return {"asr": "fake"}

    def settings(self) -> dict[str, Any]:
        return {"beam_size": 5}


@pytest.fixture
def calls_dir(tmp_path: Path) -> Path:
    for name in ("good", "bad", "broken", "silent"):
        (tmp_path / f"{name}.wav").write_bytes(b"")
    (tmp_path / "refs.tsv").write_text(
        "good\thello there general\nbad\tplease call me back tomorrow\nbroken\talpha beta\nsilent\t\n", encoding="utf-8"
    )
    return tmp_path


def test_asr_scores_each_file_and_sums_errors_overall(calls_dir):
    fake = FakePipeline({"good": "Hello there, general!", "bad": "please fall me back"}, fail={"broken"})
    result = evaluate(discover(calls_dir), ["asr"], fake)
    by_id = {f.id: f for f in result.files}
    assert by_id["good"].wer.rate == 0.0
    assert by_id["bad"].wer.rate == pytest.approx(2 / 5)
    assert by_id["broken"].error.startswith("stage_failed")
    assert by_id["broken"].wer.deletions == 2  # a crash scores as nothing recognised
    assert by_id["silent"].error is None and by_id["silent"].wer.rate == 0.0
    overall = result.overall["asr"]
    assert overall["wer"] == pytest.approx((0 + 2 + 2) / (3 + 5 + 2))
    assert overall["failed"] == 1
    assert overall["rtf"] is not None
    assert fake.calls[0] == ("prepare", "asr")
    assert all(kind == "transcribe" for kind, _ in fake.calls[1:])


def test_speaker_references_run_the_whole_call_once_for_wer_cpwer_and_summary(tmp_path):
    (tmp_path / "call.wav").write_bytes(b"")
    names = {"ch0": "agent", "ch1": "customer"}
    lines = [
        {"speaker": names[t.speaker], "start": t.start, "end": t.end, "text": t.text}
        for t in factories.call_result().turns
    ]
    expected = {"resolution": "resolved", "follow_up_required": False}
    (tmp_path / "call.json").write_text(
        json.dumps({"turns": lines, "facts": ["£42.10", "REF-99812", "ACC-1"], "expected": expected})
    )
    fake = FakePipeline()
    result = evaluate(discover(tmp_path), ["asr", "diarization", "summary"], fake)
    by_task = {f.task: f for f in result.files}
    assert by_task["asr"].wer.rate == 0.0
    assert by_task["asr"].cpwer.rate == 0.0
    assert by_task["asr"].cpwer.mapping == {"ch0": "agent", "ch1": "customer"}
    assert by_task["summary"].summary.facts.missed == ("ACC-1",)
    assert by_task["summary"].summary.invented == ("77.00",)
    assert by_task["summary"].summary.resolution_ok is True
    assert by_task["summary"].summary.follow_up_ok is False  # the summary says a follow-up is needed
    assert result.overall["summary"]["resolution_accuracy"] == 1.0
    assert by_task["diarization"].der[0].rate > 0
    assert [kind for kind, _ in fake.calls] == ["prepare", "process:True", "diarize:None"]


def test_words_and_korean_characters_are_never_summed_together(tmp_path):
    for name in ("en", "ko"):
        (tmp_path / f"{name}.wav").write_bytes(b"")
    (tmp_path / "en.json").write_text(json.dumps({"language": "en"}))
    (tmp_path / "refs.tsv").write_text("en\tgood morning\nko\t안녕하세요\n")
    (tmp_path / "ko.json").write_text(json.dumps({"language": "ko"}))
    fake = FakePipeline({"en": "good morning", "ko": "안녕하"})
    overall = evaluate(discover(tmp_path), ["asr"], fake).overall["asr"]
    assert overall["wer"] == 0.0
    assert overall["cer"] == pytest.approx(2 / 5)
    assert (overall["words"], overall["chars"]) == (2, 5)


def test_oracle_speakers_passes_the_reference_count(tmp_path):
    (tmp_path / "m.wav").write_bytes(b"")
    (tmp_path / "m.rttm").write_text(
        "".join(f"SPEAKER m 1 {k} 1 <NA> <NA> S{k} <NA> <NA>\n" for k in range(3)), encoding="utf-8"
    )
    fake = FakePipeline()
    evaluate(discover(tmp_path), ["diarization"], fake, oracle_speakers=True)
    assert fake.calls[1:] == [("diarize:3", "m")]


def test_text_dialogues_are_summarised_from_their_turns(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "d1",
                "turns": [
                    {"role": "agent", "text": "Northwind Energy, how can I help?"},
                    {"role": "customer", "text": "A charge of £42.10 I do not recognise."},
                    {"role": "agent", "text": "Credited, reference REF-99812."},
                    {"role": "customer", "text": "Thanks."},
                ],
                "reference_summaries": ["Customer queried a charge; agent credited it."],
            }
        )
        + "\n"
    )
    fake = FakePipeline()
    result = evaluate(discover(path), ["asr", "summary"], fake)
    [file] = result.files
    assert file.task == "summary" and file.duration is None
    assert 0.3 < file.summary.rouge["rouge1"] <= 1.0
    assert fake.calls == [("prepare", "summarizer"), ("summarize", "4")]
    assert result.overall["summary"]["schema_valid"] == 1.0


def test_outcomes_are_scored_per_language_with_category_and_action_owners(tmp_path):
    # factories.summary(): unresolved, follow-up, one action item owned by the agent, category "other"
    expected = factories.summary()
    rows = [
        {"id": "en1", "language": "en", "turns": [{"role": "agent", "text": "Hello."}],
         "expected": {"resolution": expected.resolution.status.value, "follow_up_required": expected.follow_up_required,
                      "category": "other", "action_items": [{"owner": "billing team", "what": "x"}]}},
        {"id": "en2", "language": "en", "turns": [{"role": "agent", "text": "Hello."}],
         "expected": {"resolution": "escalated", "follow_up_required": not expected.follow_up_required,
                      "category": "billing", "action_items": [{"owner": "customer", "what": "y"}]}},
        {"id": "ko1", "language": "ko", "turns": [{"role": "agent", "text": "안녕하세요."}],
         "expected": {"resolution": expected.resolution.status.value, "category": "other"}},
    ]  # fmt: skip
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    overall = evaluate(discover(path), ["summary"], FakePipeline()).overall["summary"]
    assert overall["resolution_accuracy"] == pytest.approx(2 / 3)
    assert (overall["resolution_accuracy_en"], overall["resolution_accuracy_ko"]) == (0.5, 1.0)
    assert overall["follow_up_accuracy"] == 0.5 and overall["category_accuracy"] == pytest.approx(2 / 3)
    # the agent's item matches the billing team's (the organisation's side), not the customer's
    assert overall["action_owner_recall"] == 0.5 and overall["action_owner_precision"] == 0.5
    assert overall["needs_review_rate"] == 0.0
    assert "resolution right 66.7% (en 50.0%, ko 100.0%)" in to_text(evaluate(discover(path), ["summary"], FakePipeline()))


def make_report(calls_dir: Path):
    fake = FakePipeline({"good": "hello there general", "bad": "please fall me back"}, fail={"broken"})
    return evaluate(discover(calls_dir), ["asr"], fake)


def test_text_report_has_a_row_per_file_and_the_overall_line(calls_dir):
    text = to_text(make_report(calls_dir))
    assert "== Speech recognition ==" in text
    assert "bad" in text and "40.0%" in text
    assert "overall: WER 40.0%; 4 files, 1 failed" in text
    assert "models: asr=fake" in text


def test_json_report_is_plain_json_with_counts(calls_dir):
    data = json.loads(json.dumps(to_json(make_report(calls_dir))))
    files = {f["id"]: f for f in data["files"]}
    assert files["bad"]["wer"]["substitutions"] == 1
    assert files["broken"]["error"].startswith("stage_failed")
    assert data["overall"]["asr"]["wer"] == pytest.approx(0.4)
    assert data["settings"]["beam_size"] == 5


def test_html_report_lists_worst_files_first_with_a_plot_and_a_diff(calls_dir):
    page = to_html(make_report(calls_dir))
    assert "<svg" in page and "<script" not in page and "http" not in page.replace("http://www.w3.org/2000/svg", "")
    assert page.index("<td>broken</td>") < page.index("<td>bad</td>") < page.index("<td>good</td>")
    assert "<span class='s'>call&rarr;fall</span>" in page


def test_html_report_escapes_reference_text(tmp_path):
    (tmp_path / "x.wav").write_bytes(b"")
    (tmp_path / "r.tsv").write_text("x\t<b>hi</b>\n")
    page = to_html(evaluate(discover(tmp_path), ["asr"], FakePipeline({"x": "hi"})))
    assert "<b>hi" not in page


def test_bounds_hold_and_break(tmp_path, calls_dir):
    evaluation = make_report(calls_dir)
    bounds_file = tmp_path / "bounds.toml"
    bounds_file.write_text('[mine.asr]\nwer_max = 0.5\nrtf_max = 100\nmeasured = "0.4 by hand"\n')
    assert check_bounds(evaluation.overall, load_bounds(bounds_file, "mine")) == []
    bounds_file.write_text("[mine.asr]\nwer_max = 0.1\n[mine.diarization]\nder_collar_0_max = 0.2\n")
    broken = check_bounds(evaluation.overall, load_bounds(bounds_file, "mine"))
    assert broken == [
        "asr.wer = 0.4000 is above its bound 0.1",
        "diarization: no results (expected bounds ['der_collar_0_max'])",
    ]
    with pytest.raises(InputError, match=r"no \[other\] bounds"):
        load_bounds(bounds_file, "other")


def test_every_bound_in_the_project_file_names_a_measured_score():
    import tomllib

    from tests.conftest import ROOT

    data = tomllib.loads((ROOT / "eval_bounds.toml").read_text())
    known = {
        "asr": {"wer", "cpwer", "cer", "cpcer", "rtf"},
        "diarization": {"der_collar_0", "der_collar_0.25", "rtf"},
        "summary": {
            "fact_recall", "invented", "rouge1", "rouge2", "rougeL", "schema_valid", "resolution_accuracy",
            "resolution_accuracy_en", "resolution_accuracy_ko", "follow_up_accuracy", "category_accuracy",
            "action_owner_recall", "action_owner_precision", "needs_review_rate",
        },  # fmt: skip
    }
    for dataset, tasks in data.items():
        for task, table in tasks.items():
            assert "measured" in table, f"{dataset}.{task} says nowhere where its bounds come from"
            for key in table:
                if key.endswith(("_max", "_min")):
                    assert key.rpartition("_")[0] in known[task], f"{dataset}.{task}.{key}"
