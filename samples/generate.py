"""Regenerate callbrief's sample calls from the scripts in ``dialogues.py``.

Needs two Debian programs besides the project's venv (numpy, soundfile, PyAV):

    apt-get install espeak-ng sox

espeak-ng speaks each line, sox band-limits and resamples it, and numpy
places the lines on the call's timeline (pauses, one interruption,
crosstalk, line noise); soundfile and PyAV write WAV, MP3 and Ogg/Opus.
Everything is deterministic: the same programs give the same files.

    .venv/bin/python samples/generate.py              # the committed samples, into samples/
    .venv/bin/python samples/generate.py --long OUT   # ~5-minute stereo and mono calls (benchmark)
    .venv/bin/python samples/generate.py --verify     # also transcribe with Whisper base and
                                                      # record what it heard in each JSON

Beside each audio file it writes ``<name>.json`` (script with exact turn
times, facts, expected outcome; format in README.md) and ``<name>.rttm``
(reference speaker turns, labels ``agent``/``customer``).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile

from dialogues import COMMITTED, Call, Line, Voice, long_calls

HERE = Path(__file__).resolve().parent
SPEECH_RMS_DBFS = -20.0
SEED = 20240314


class MissingTool(RuntimeError):
    pass


def require_tools() -> None:
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        raise MissingTool(
            f"samples/generate.py needs {' and '.join(missing)} on PATH. "
            "On Debian/Ubuntu: sudo apt-get install espeak-ng sox"
        )


def speak(text: str, voice: Voice, sample_rate: int, telephone_band: bool) -> np.ndarray:
    """One line as float32 mono at ``sample_rate``, silence trimmed from both ends."""
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "tts.wav", Path(tmp) / "out.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice.name, "-s", str(voice.speed_wpm), "-p", str(voice.pitch),
             "-g", str(voice.word_gap_10ms), "-w", str(raw), "--stdin"],
            input=text.encode("utf-8"), check=True, capture_output=True,
        )
        effects = ["sinc", "200-3600"] if telephone_band else ["highpass", "80"]
        subprocess.run(
            # -D: no dither, whose random noise would make every run's files differ
            ["sox", "-D", str(raw), "-r", str(sample_rate), "-b", "16", "-c", "1", str(out), *effects],
            check=True, capture_output=True,
        )
        samples, _ = soundfile.read(out, dtype="float32")
    return _trim(samples, sample_rate)


def _trim(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    # Trim to the first and last 10 ms frame above -45 dBFS, so the turn
    # times written to the JSON are where speech starts and ends.
    frame = sample_rate // 100
    n = len(samples) // frame
    rms = np.sqrt(np.mean(samples[: n * frame].reshape(n, frame) ** 2, axis=1) + 1e-12)
    loud = np.flatnonzero(20 * np.log10(rms) > -45.0)
    if loud.size == 0:
        return samples[:0]
    return samples[loud[0] * frame : (loud[-1] + 1) * frame]


def _level(samples: np.ndarray, rms_dbfs: float) -> np.ndarray:
    rms = float(np.sqrt(np.mean(samples**2))) or 1.0
    return samples * (10 ** (rms_dbfs / 20) / rms)


def _noise(rng: np.random.Generator, n: int, rms_dbfs: float) -> np.ndarray:
    return _level(_pink(rng, n), rms_dbfs).astype(np.float32)


def _pink(rng: np.random.Generator, n: int) -> np.ndarray:
    # 1/f noise by shaping white noise's spectrum: sounds like a line hiss, not a whistle.
    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum[1:] /= np.sqrt(np.arange(1, len(spectrum)))
    spectrum[0] = 0.0
    return np.fft.irfft(spectrum, n).astype(np.float32)


@dataclass(frozen=True)
class PlacedTurn:
    speaker: str
    line: Line
    start: float
    end: float
    audio: np.ndarray


def place(call: Call) -> list[PlacedTurn]:
    """Speak every line and give it its start and end on the call's timeline."""
    turns: list[PlacedTurn] = []
    latest_end = 0.0
    for line in call.lines:
        voice = call.voices[line.speaker]
        if line.speed_wpm is not None:
            voice = dataclasses.replace(voice, speed_wpm=line.speed_wpm)
        audio = _level(speak(line.say or line.text, voice, call.sample_rate, call.telephone_band), SPEECH_RMS_DBFS)
        start = max(0.0, latest_end + line.gap_s)
        # Snap to the sample grid so the JSON times are exact for the audio.
        start = round(start * call.sample_rate) / call.sample_rate
        end = start + len(audio) / call.sample_rate
        turns.append(PlacedTurn(line.speaker, line, start, end, audio))
        latest_end = max(latest_end, end)
    return turns


def mix(call: Call, turns: list[PlacedTurn], rng: np.random.Generator) -> np.ndarray:
    """shape: (samples, channels) float32; stereo: channel 0 agent, 1 customer."""
    sr = call.sample_rate
    total = int(round((max(t.end for t in turns) + 0.8) * sr))
    parties = {"agent": np.zeros(total, np.float32), "customer": np.zeros(total, np.float32)}
    for t in turns:
        i = int(round(t.start * sr))
        parties[t.speaker][i : i + len(t.audio)] += t.audio
    if call.stereo:
        bleed = 10 ** (call.crosstalk_db / 20)
        channels = [
            parties["agent"] + bleed * parties["customer"],
            parties["customer"] + bleed * parties["agent"],
        ]
    else:
        channels = [parties["agent"] + parties["customer"]]
    out = np.stack([c + _noise(rng, total, call.noise_dbfs) for c in channels], axis=1)
    peak = float(np.max(np.abs(out)))
    return out * (0.9 / peak) if peak > 0.9 else out


def hold_music(sample_rate: int, rng: np.random.Generator, seconds: float = 20.0) -> np.ndarray:
    """Silence, chords, beeps and noise: what a call on hold sounds like, minus any voice."""
    t_all = np.zeros(int(seconds * sample_rate), np.float32)

    def put(at_s: float, sig: np.ndarray) -> None:
        i = int(at_s * sample_rate)
        t_all[i : i + len(sig)] += sig[: len(t_all) - i]

    def tone(freqs: list[float], dur_s: float, level_dbfs: float) -> np.ndarray:
        t = np.arange(int(dur_s * sample_rate)) / sample_rate
        sig = sum(np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t) for f in freqs)
        env = np.minimum(1.0, t / 0.05) * np.exp(-t * 1.2)  # soft attack, piano-like decay
        return _level((sig * env).astype(np.float32), level_dbfs)

    chords = [[261.6, 329.6, 392.0], [349.2, 440.0, 523.3], [392.0, 493.9, 587.3], [261.6, 329.6, 392.0]]
    for k, chord in enumerate(chords):  # 2.5 s of digital silence first
        put(2.5 + 1.5 * k, tone(chord, 1.6, -22.0))
    for k in range(3):  # "please hold" beeps
        put(9.5 + 0.6 * k, tone([1000.0], 0.25, -26.0))
    put(12.0, _level(_pink(rng, int(3.0 * sample_rate)), -34.0))
    for k, f in enumerate([523.3, 659.3, 784.0, 1046.5, 784.0, 659.3]):  # an arpeggio, then silence to the end
        put(15.5 + 0.4 * k, tone([f], 0.5, -24.0))
    return t_all[:, None]


def write_audio(path: Path, samples: np.ndarray, sample_rate: int) -> None:
    """samples: (n, channels) float32. WAV by soundfile; MP3 and Ogg/Opus by PyAV."""
    if path.suffix == ".wav":
        soundfile.write(path, samples, sample_rate, subtype="PCM_16")
        return
    import av

    codec, bitrate = {".mp3": ("libmp3lame", 32_000), ".ogg": ("libopus", 32_000)}[path.suffix]
    layout = "mono" if samples.shape[1] == 1 else "stereo"
    # bitexact: no random Ogg stream serial, no encoder version string, so runs repeat byte for byte
    with av.open(str(path), "w", options={"fflags": "+bitexact"}) as container:
        stream = container.add_stream(codec, rate=sample_rate, layout=layout)
        stream.bit_rate = bitrate
        pcm = np.ascontiguousarray((np.clip(samples, -1, 1) * 32767).astype(np.int16).T.reshape(1, -1))
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout=layout)
        frame.sample_rate = sample_rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def describe(call: Call, turns: list[PlacedTurn], duration: float, sha256: str) -> dict[str, Any]:
    script = []
    for t in turns:
        entry = {"speaker": t.speaker, "text": t.line.text, "start": round(t.start, 3), "end": round(t.end, 3)}
        if t.line.text_en:
            entry["text_en"] = t.line.text_en
        script.append(entry)
    return {
        "id": call.id,
        "audio": call.audio,
        "description": call.description,
        "language": call.language or None,
        "channels": ["agent", "customer"] if call.stereo else None,
        "sample_rate": call.sample_rate,
        "duration": round(duration, 3),
        "sha256": sha256,
        "voices": {role: {"espeak_voice": v.name, "speed_wpm": v.speed_wpm, "pitch": v.pitch,
                          "word_gap_10ms": v.word_gap_10ms} for role, v in call.voices.items()},
        "script": script,
        "facts": [{"kind": f.kind, "value": f.value, "spoken": f.spoken} for f in call.facts],
        "expected": call.expected,
    }


def rttm(call_id: str, turns: list[PlacedTurn]) -> str:
    return "".join(
        f"SPEAKER {call_id} 1 {t.start:.3f} {t.end - t.start:.3f} <NA> <NA> {t.speaker} <NA> <NA>\n" for t in turns
    )


def generate(call: Call, out_dir: Path) -> Path:
    rng = np.random.default_rng(SEED)
    if call.lines:
        turns = place(call)
        samples = mix(call, turns, rng)
    else:
        turns = []
        samples = hold_music(call.sample_rate, rng)
    audio_path = out_dir / call.audio
    write_audio(audio_path, samples, call.sample_rate)
    sha256 = hashlib.sha256(audio_path.read_bytes()).hexdigest()
    meta = describe(call, turns, len(samples) / call.sample_rate, sha256)
    json_path = out_dir / f"{call.id}.json"
    if json_path.is_file():  # what Whisper heard still holds if the audio is the same, byte for byte
        check = json.loads(json_path.read_text(encoding="utf-8")).get("asr_check")
        if check and check.get("audio_sha256") == sha256:
            meta["asr_check"] = check
    json_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / f"{call.id}.rttm").write_text(rttm(call.id, turns), encoding="utf-8")
    return audio_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", metavar="OUTDIR", type=Path, help="write ~5-minute stereo and mono calls there instead")
    parser.add_argument("--verify", action="store_true", help="transcribe with Whisper base and record the result in each JSON")
    parser.add_argument("--only", nargs="*", help="call ids to generate (default: all)")
    args = parser.parse_args(argv)
    try:
        require_tools()
    except MissingTool as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    calls = long_calls() if args.long else COMMITTED
    out_dir = args.long or HERE
    out_dir.mkdir(parents=True, exist_ok=True)
    for call in calls:
        if args.only and call.id not in args.only:
            continue
        path = generate(call, out_dir)
        print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
        if args.verify:
            from verify import verify_call

            verify_call(out_dir / f"{call.id}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
