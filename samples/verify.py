"""Check a generated sample with Whisper base and record what it heard.

Used by ``generate.py --verify``; also runs alone:

    .venv/bin/python samples/verify.py samples/billing_stereo_8k.json

Transcribes each channel (stereo, as it is: the other party's -24 dB
crosstalk included) or the mix (mono) with the packaged Whisper base, int8,
VAD on, in the call's language; writes the text and which facts were found
into the JSON under ``"asr_check"``, so the record of how recognisable a
sample is travels with it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fact_found(fact: dict, text: str) -> bool:
    sys.path.insert(0, str(ROOT))
    from pipeline.facts.index import fact_in_text

    return fact_in_text(fact["value"], text)


def verify_call(json_path: Path) -> dict:
    from faster_whisper import WhisperModel
    from faster_whisper.audio import decode_audio

    meta = json.loads(json_path.read_text(encoding="utf-8"))
    model_dir = Path.home() / ".cache" / "callbrief" / "whisper-base"
    model = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=2)
    audio_path = json_path.parent / meta["audio"]
    stereo = meta["channels"] is not None
    channels = decode_audio(str(audio_path), split_stereo=True) if stereo else (decode_audio(str(audio_path)),)
    texts = []
    for samples in channels:
        segments, info = model.transcribe(samples, language=meta["language"], vad_filter=True, beam_size=5)
        texts.append(" ".join(s.text.strip() for s in segments))
        print(texts[-1], file=sys.stderr)
    joined = " ".join(texts)
    found = [f["value"] for f in meta["facts"] if _fact_found(f, joined)]
    check = {
        "model": "faster-whisper 1.2.1, Whisper base (packaged), int8, vad_filter, beam 5",
        "audio_sha256": meta.get("sha256"),
        "language": meta["language"],
        "text": texts if stereo else texts[0],
        "facts_found": found,
        "facts_missing": [f["value"] for f in meta["facts"] if f["value"] not in found],
    }
    meta["asr_check"] = check
    json_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(check, indent=2, ensure_ascii=False), file=sys.stderr)
    return check


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        verify_call(Path(arg))
