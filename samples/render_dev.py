"""Render development-set calls (``samples/dev/*.jsonl``) to audio for end-to-end evaluation.

Each chosen call is spoken by ``generate.py`` (espeak-ng voices: for English
a female agent and a male customer, for Korean the samples' "ko" voice,
which Whisper base mostly cannot read) and written in one or more layouts:

    mono-16k     both parties mixed, 16 kHz MP3 (32 kbit/s)
    stereo-8k    agent on channel 0, customer on channel 1, 8 kHz WAV,
                 200-3600 Hz telephone band, -24 dB crosstalk
    mono-8k      both parties mixed, 8 kHz WAV, telephone band
    stereo-16k   as stereo-8k, but 16 kHz and full band

Beside each audio file go ``<id>.json`` (``{"id", "language", "facts"}``,
the expected facts ``callbrief eval summary`` scores), ``<id>.txt`` (the
reference text, for ``callbrief eval asr``) and ``<id>.rttm``. The
pipeline's default channel roles (agent, customer) match the stereo layouts.
Numbers are given to the synthesizer the way a person reads them out
("£131.15" as "131 pounds 15", an id "836052" digit by digit); espeak-ng
would otherwise say "pound one hundred thirty-one point one five".

    .venv/bin/python samples/render_dev.py OUT --ids en-001 en-003          # mono-16k and stereo-8k
    .venv/bin/python samples/render_dev.py OUT --every 2 --stereo           # en-001, en-003, ... stereo-8k only
    .venv/bin/python samples/render_dev.py OUT --every 2 --layout mono-8k stereo-16k
    .venv/bin/callbrief eval summary OUT/stereo-8k --summary-backend extractive --language en

Only calls with expected facts are rendered. With one layout the files go
into OUT itself, with several into ``OUT/<layout>/``. Needs espeak-ng and sox
(``apt-get install espeak-ng sox``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogues import AGENT_F, CUSTOMER_M, KOREAN, Call, Line, Voice
from generate import MissingTool, generate, require_tools

DEV = Path(__file__).resolve().parent / "dev"


@dataclass(frozen=True)
class Layout:
    stereo: bool
    sample_rate: int
    telephone_band: bool
    suffix: str


LAYOUTS = {
    "mono-16k": Layout(stereo=False, sample_rate=16000, telephone_band=False, suffix=".mp3"),
    "stereo-8k": Layout(stereo=True, sample_rate=8000, telephone_band=True, suffix=".wav"),
    "mono-8k": Layout(stereo=False, sample_rate=8000, telephone_band=True, suffix=".wav"),
    "stereo-16k": Layout(stereo=True, sample_rate=16000, telephone_band=False, suffix=".wav"),
}
VOICES: dict[str, dict[str, Voice]] = {"en": {"agent": AGENT_F, "customer": CUSTOMER_M}, "ko": KOREAN.voices}
_CURRENCY = {"£": "pounds", "$": "dollars", "€": "euros"}
_AMOUNT = re.compile(r"([£$€])(\d[\d,]*)(?:\.(\d\d))?")
_ANNOTATION = re.compile(r"\[[^\]]*\]")
# An id or code: 4+ digits (not a year), or letters with 2+ digits ("HF902271").
_CODE = re.compile(r"\b(?=[A-Za-z]*\d)[A-Za-z\d]+\b")
_YEAR = re.compile(r"(19|20)\d\d")


def spoken(text: str) -> str:
    """``text`` as a person reads it aloud: amounts with their unit, ids digit by digit."""
    text = _ANNOTATION.sub(" ", text)
    text = _AMOUNT.sub(_say_amount, text)
    return _CODE.sub(_say_code, text)


def _say_amount(match: re.Match[str]) -> str:
    symbol, whole, cents = match.groups()
    said = f"{whole} {_CURRENCY[symbol]}"
    return f"{said} {cents}" if cents and cents != "00" else said


def _say_code(match: re.Match[str]) -> str:
    code = match.group(0)
    digits = sum(c.isdigit() for c in code)
    if code.isdigit() and (digits < 4 or _YEAR.fullmatch(code)):
        return code
    if not code.isdigit() and digits < 2:
        return code
    return " ".join(code.upper())


def dev_records(ids: list[str] | None, every: int | None) -> list[dict[str, Any]]:
    """Records with facts from samples/dev/*.jsonl: those in ``ids``, or the
    1st, (1+every)th, ... of each file (``every`` 2: en-001, en-003, ...)."""
    chosen: list[dict[str, Any]] = []
    for path in sorted(DEV.glob("*.jsonl")):
        if path.name == "qa_labels.jsonl":
            continue
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for index, record in enumerate(records):
            wanted = record["id"] in ids if ids else every is not None and index % every == 0
            if wanted and record.get("facts"):
                chosen.append(record)
    return chosen


def render(record: dict[str, Any], layout: Layout, out_dir: Path) -> Path:
    said = [(turn, spoken(turn["text"])) for turn in record["turns"]]
    lines = tuple(  # a turn that is only "[REDACTED]" has nothing to say
        Line(turn["role"], turn["text"], say=say if say != turn["text"] else None)
        for turn, say in said
        if any(c.isalnum() for c in say)
    )
    call = Call(
        id=record["id"], audio=f"{record['id']}{layout.suffix}", language=record["language"], stereo=layout.stereo,
        sample_rate=layout.sample_rate, voices=VOICES[record["language"]], lines=lines, facts=(),
        expected=None, telephone_band=layout.telephone_band,
    )
    audio = generate(call, out_dir)
    meta = {"id": record["id"], "language": record["language"], "facts": record["facts"]}
    (out_dir / f"{record['id']}.json").write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
    reference = " ".join(_ANNOTATION.sub(" ", turn["text"]).strip() for turn in record["turns"])
    (out_dir / f"{record['id']}.txt").write_text(reference + "\n", encoding="utf-8")
    return audio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output folder")
    pick = parser.add_mutually_exclusive_group(required=True)
    pick.add_argument("--ids", nargs="+", help="dev call ids, e.g. en-001 en-003")
    pick.add_argument("--every", type=int, metavar="N", help="every Nth call of each file, from the first")
    parser.add_argument("--layout", nargs="+", choices=sorted(LAYOUTS), help="default: mono-16k stereo-8k")
    parser.add_argument("--mono", action="append_const", const="mono-16k", dest="layout", help="= --layout mono-16k")
    parser.add_argument("--stereo", action="append_const", const="stereo-8k", dest="layout", help="= --layout stereo-8k")
    args = parser.parse_args(argv)
    try:
        require_tools()
    except MissingTool as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    names = list(dict.fromkeys(args.layout or ["mono-16k", "stereo-8k"]))
    records = dev_records(args.ids, args.every)
    if not records:
        print("error: no dev call with facts matches", file=sys.stderr)
        return 2
    for name in names:
        out_dir = args.out / name if len(names) > 1 else args.out
        out_dir.mkdir(parents=True, exist_ok=True)
        for record in records:
            path = render(record, LAYOUTS[name], out_dir)
            print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
