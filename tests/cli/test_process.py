"""``callbrief process`` as a user runs it: a subprocess, with the network off."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES
from tests.prerequisites import require, require_module

CALLBRIEF = [sys.executable, "-m", "cli.main"]


def _run(args: list[str], *, netns: bool = False, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    cmd = CALLBRIEF + args
    if netns:
        cmd = ["unshare", "--net", "--"] + cmd
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "PYANNOTE_"))}
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def _digits(text: str) -> str:
    return re.sub(r"[^0-9.]", "", text)


def _says_northwind(text: str) -> bool:
    """Whisper writes the sample council's name "Northwind" or "North Wind", depending on the CPU's int8 kernels."""
    return "northwind" in text.lower().replace(" ", "")


def _network_namespace_available() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    return subprocess.run(["unshare", "--net", "--", "true"], capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.llm
def test_stereo_sample_offline_gives_labelled_transcript_and_grounded_summary() -> None:
    require(_network_namespace_available(), "needs root and unshare to cut the network (CI has both)")
    facts = json.loads((SAMPLES / "billing_stereo_8k.json").read_text())
    proc = _run(["process", str(SAMPLES / "billing_stereo_8k.wav"), "--format", "json"], netns=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "progress" in proc.stderr  # not a TTY: one line per 10 %
    result = json.loads(proc.stdout)

    assert result["speaker_source"] == "channels"
    roles = {t["role"] for t in result["turns"]}
    assert roles == {"agent", "customer"}
    greeting = next(t for t in result["turns"] if _says_northwind(t["text"]))
    assert greeting["role"] == "agent"
    opening = next(t for t in result["turns"] if "calling about" in t["text"].lower())
    assert opening["role"] == "customer"

    summary = result["summary"]
    assert summary["generator"] in {"llama_cpp", "transformers"}, summary.get("fallback_reason")
    fact_values = " ".join(_digits(f["value"]) for f in summary["key_facts"])
    amount = next(f for f in facts["facts"] if f["kind"] == "amount")
    reference = next(f for f in facts["facts"] if f["kind"] == "reference")
    assert _digits(amount["value"]).strip(".") in fact_values
    assert _digits(reference["value"]) in fact_values
    by_value = {_digits(f["value"]): f for f in summary["key_facts"]}
    assert by_value[_digits(reference["value"])]["verified"] is True
    assert all(t["turn_ids"] for t in summary["key_facts"]), "every key fact cites its turns"


@pytest.mark.slow
def test_vtt_export_is_speaker_labelled_and_parses(tmp_path: Path) -> None:
    webvtt = require_module("webvtt")
    out = tmp_path / "call.vtt"
    proc = _run(
        [
            "process",
            str(SAMPLES / "billing_stereo_8k.wav"),
            "--format",
            "vtt",
            "--summary-backend",
            "extractive",
            "--no-progress",
            "-o",
            str(out),
        ]
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    captions = webvtt.read(str(out))
    voices = {c.voice for c in captions}
    assert {"Agent", "Customer"} <= voices
    assert any(_says_northwind(c.text) for c in captions if c.voice == "Agent")


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "audio_empty"), (b"this is not audio at all" * 100, "audio_unreadable")],
)
def test_bad_input_is_a_clear_error_not_a_traceback(tmp_path: Path, content: bytes, code: str) -> None:
    bad = tmp_path / "call.wav"
    bad.write_bytes(content)
    proc = _run(["process", str(bad), "--no-progress"])
    assert proc.returncode == 2
    assert f"[{code}]" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_a_wav_cut_in_half_is_refused_not_summarised(tmp_path: Path) -> None:
    # The same check the API makes on an upload (pipeline.audio.probe): without
    # it the first half decodes cleanly and is processed as if it were the call.
    from tests.pipeline.audio.test_probe import cut_in_half, write_wav

    cut = cut_in_half(write_wav(tmp_path / "whole.wav", 6.0), tmp_path / "call.wav")
    proc = _run(["process", str(cut), "--no-progress"])
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "[audio_truncated]" in proc.stderr and "call.wav" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_missing_file_and_bad_channels_option(tmp_path: Path) -> None:
    proc = _run(["process", str(tmp_path / "nope.wav")])
    assert proc.returncode == 2 and "no such file" in proc.stderr
    wav = SAMPLES / "billing_stereo_8k.wav"
    proc = _run(["process", str(wav), "--channels", "agent,boss"])
    assert proc.returncode == 2 and "--channels" in proc.stderr
    assert "Traceback" not in proc.stderr
