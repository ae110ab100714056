"""``callbrief process CALL``: run the pipeline on one file; result on stdout, progress on stderr."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from pipeline.asr.languages import parse_language
from pipeline.errors import ErrorCode, InputError
from pipeline.options import SUMMARY_BACKENDS, CallOptions, parse_channel_roles

FORMATS = ("txt", "json", "srt", "vtt", "rttm")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "process",
        help="process one recorded call",
        description="Transcribe, separate speakers, analyse and summarize one recorded call. "
        "The result goes to stdout (or --output), progress to stderr.",
    )
    parser.add_argument("path", type=Path, help="audio file: wav, mp3, m4a/aac, ogg/opus, flac, webm")
    parser.add_argument("--format", choices=FORMATS, default="txt", help="output format (default: txt)")
    parser.add_argument("-o", "--output", type=Path, help="write the result here instead of stdout")
    parser.add_argument("--language", help="force the language (e.g. en, ko); default: detect")
    parser.add_argument(
        "--channels",
        help="role of each stereo channel in order, e.g. agent,customer (the default) or customer,agent",
    )
    parser.add_argument("--hotwords", help="words to favour in recognition, e.g. \"Northwind,autopay\"")
    parser.add_argument("--model", help="Whisper model: base (default), tiny.en, or a CTranslate2 folder")
    parser.add_argument(
        "--summary-backend",
        choices=SUMMARY_BACKENDS,
        help="summary generator (default: settings, auto)",
    )
    parser.add_argument("--num-speakers", type=int, help="mono calls: exact number of speakers (default 2)")
    parser.add_argument("--min-speakers", type=int)
    parser.add_argument("--max-speakers", type=int)
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.set_defaults(func=run)


class ProgressBar:
    """A one-line bar on stderr: redrawn in place on a terminal, a line per 10 % otherwise."""

    def __init__(self, stream=sys.stderr) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._last_step = -1

    def __call__(self, stage: str, percent: int) -> None:
        if self._tty:
            filled = percent // 4
            self._stream.write(f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d}% {stage:<12}")
            self._stream.flush()
        elif percent // 10 > self._last_step:
            self._last_step = percent // 10
            self._stream.write(f"progress {percent:3d}% {stage}\n")
            self._stream.flush()

    def close(self) -> None:
        if self._tty:
            self._stream.write("\n")
            self._stream.flush()


def run(args: argparse.Namespace) -> int:
    from pipeline.export import export
    from pipeline.run import Engines, process_call
    from pipeline.settings import get_pipeline_settings

    settings = get_pipeline_settings()  # a bad setting stops here, before any work
    if not args.path.is_file():
        raise InputError(f"no such file: {args.path}", code=ErrorCode.AUDIO_UNREADABLE)
    options = settings.pipeline_options()
    if args.model:
        options = dataclasses.replace(options, transcribe=dataclasses.replace(options.transcribe, model=args.model))
    if args.summary_backend:
        options = dataclasses.replace(
            options, summarize=dataclasses.replace(options.summarize, backend=args.summary_backend)
        )
    call = CallOptions(
        language=parse_language(args.language) if args.language else None,
        channels=parse_channel_roles(args.channels, "--channels") if args.channels else None,
        hotwords=args.hotwords,
        num_speakers=args.num_speakers,
        min_speakers=args.min_speakers,
        max_speakers=args.max_speakers,
    )
    bar = None if args.no_progress else ProgressBar()
    try:
        result = process_call(args.path, Engines(options=options, cache_dir=settings.cache_dir), call, bar)
    finally:
        if bar is not None:
            bar.close()
    for warning in result.warnings:
        print(f"callbrief: warning: {warning}", file=sys.stderr)
    text = export(result, args.format)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
