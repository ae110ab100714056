"""``callbrief eval`` as a user runs it: a subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLES


def callbrief(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_malformed_manifest_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "call.wav").write_bytes(b"")
    (tmp_path / "refs.tsv").write_text("call\thello\nbroken line without a tab\n")
    done = callbrief("eval", "asr", str(tmp_path))
    assert done.returncode == 2
    assert f"[bad_manifest]: {tmp_path / 'refs.tsv'}:2: expected 'id<TAB>text'" in done.stderr
    assert "Traceback" not in done.stderr


def test_nothing_to_evaluate_says_why(tmp_path):
    (tmp_path / "call.wav").write_bytes(b"")
    done = callbrief("eval", "diarization", str(tmp_path))
    assert done.returncode == 2
    assert "nothing to evaluate for 'diarization'" in done.stderr
    assert "call: no reference" in done.stderr


@pytest.mark.slow
def test_eval_on_a_sample_call_end_to_end(tmp_path):
    report = tmp_path / "report.html"
    done = callbrief(
        "eval", "asr", str(SAMPLES / "billing_stereo_8k.wav"),
        "--model", "tiny.en", "--format", "json", "--report", str(report), "--no-progress",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    [file] = data["files"]
    assert file["id"] == "billing_stereo_8k" and file["task"] == "asr"
    # tiny.en on 8 kHz espeak voices measured 48 % WER (base: 38 %); the point
    # here is that a real run is scored: more than half the words recognised,
    # and the stereo channels are the speakers, so cpWER stays close to WER.
    assert file["wer"]["rate"] < 0.6
    assert file["wer"]["reference_length"] > 150
    assert file["cpwer"]["rate"] < file["wer"]["rate"] + 0.1
    assert file["rtf"] > 0
    assert data["models"]["asr"] == "faster-whisper:tiny.en:int8"
    page = report.read_text()
    assert "billing_stereo_8k" in page and "<svg" in page


@pytest.mark.slow
def test_broken_bound_fails_the_run(tmp_path):
    bounds = tmp_path / "bounds.toml"
    bounds.write_text('[strict.asr]\nrtf_max = 0.00001\nmeasured = "impossible on purpose"\n')
    done = callbrief(
        "eval", "asr", str(SAMPLES / "silence_music.ogg"), "--model", "tiny.en",
        "--bounds", str(bounds), "--bounds-set", "strict", "--no-progress",
    )
    assert done.returncode == 1, done.stderr
    assert "bound broken: asr.rtf" in done.stderr
    assert "silence_music" in done.stdout
