"""``callbrief eval asr|diarization|summary|qa|all PATH``: score the pipeline on labelled calls.

PATH is a folder (audio plus references, see the README, section Evaluation) or one
manifest file (TSV, Kaldi ``text``/``wav.scp``, ``.stm``, ``.rttm``,
JSON/JSONL). The table goes to stdout (or ``--output``), per-file progress
to stderr; ``--report`` also writes the HTML report. With ``--bounds`` the
exit status is 1 when a score breaks its bound.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from pipeline.errors import ErrorCode, InputError
from pipeline.options import SUMMARY_BACKENDS

ACTIONS = {
    "asr": ("asr",),
    "diarization": ("diarization",),
    "summary": ("summary",),
    "qa": ("qa",),
    "all": ("asr", "diarization", "summary", "qa"),
}
EXIT_BOUNDS = 1


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "eval",
        help="measure WER, DER and summary accuracy on labelled calls",
        description="Run the pipeline on audio (or dialogues) with references and score it: "
        "WER/CER and speaker-attributed WER, DER at collars 0 and 0.25, key-fact recall, "
        "invented facts, ROUGE and schema validity, resolution/follow-up/category right and action items by owner, "
        "QA scorecard items against labels; "
        "with processing time and RTF per file.",
    )
    parser.add_argument("action", choices=list(ACTIONS), help="what to evaluate; 'all' does everything found")
    parser.add_argument("path", type=Path, help="a folder of calls and references, or one manifest file")
    parser.add_argument(
        "--facts",
        type=Path,
        action="append",
        default=[],
        help="a JSON/JSONL of expected facts per call id, kept apart from the data (repeatable)",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text", help="stdout format (default: text)")
    parser.add_argument("-o", "--output", type=Path, help="write the table/JSON here instead of stdout")
    parser.add_argument("--report", type=Path, help="also write a self-contained HTML report here")
    parser.add_argument("--language", help="force the language (e.g. en, ko) for recognition and scoring")
    parser.add_argument("--model", help="Whisper model: base (default), tiny.en, or a CTranslate2 folder")
    parser.add_argument(
        "--summary-backend",
        choices=[backend for backend in SUMMARY_BACKENDS if backend != "none"],  # a summary is scored
        help="summary generator (default: settings, auto)",
    )
    parser.add_argument(
        "--oracle-speakers",
        action="store_true",
        help="diarization: give the reference's number of speakers (default: the site setting, 2)",
    )
    parser.add_argument("--rules", type=Path, help="qa: a QA rule file to score with (default: the built-in rules)")
    parser.add_argument("--bounds", type=Path, help="a bounds file (see eval_bounds.toml) to enforce")
    parser.add_argument("--bounds-set", help="the table of --bounds to use (default: the folder's name)")
    parser.add_argument("--no-progress", action="store_true", help="no per-file progress on stderr")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.evaluation.backend import PipelineBackend
    from pipeline.evaluation.bounds import check_bounds, load_bounds
    from pipeline.evaluation.discover import discover
    from pipeline.evaluation.report import to_html, to_json, to_text
    from pipeline.evaluation.runner import evaluate
    from pipeline.settings import get_pipeline_settings

    tasks = ACTIONS[args.action]
    if args.rules is not None:
        from pipeline.qa import parse_rules

        try:
            parse_rules(args.rules.read_text(encoding="utf-8"))  # a bad rule file stops the run before it starts
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{args.rules}: cannot read the rule file ({exc})", code=ErrorCode.BAD_RULES) from exc
    dataset = discover(args.path, args.facts)
    if not any(dataset.for_task(t) for t in tasks):
        notes = "; ".join(dataset.warnings[:5]) or "no audio or dialogues found"
        raise InputError(
            f"nothing to evaluate for '{args.action}' in {args.path}: {notes} (see the README, section Evaluation for layouts)",
            code=ErrorCode.BAD_MANIFEST,
        )
    bounds = None
    if args.bounds:
        bounds = load_bounds(args.bounds, args.bounds_set or _dataset_name(args.path))

    settings = get_pipeline_settings()
    options = settings.pipeline_options()
    if args.model:
        options = dataclasses.replace(options, transcribe=dataclasses.replace(options.transcribe, model=args.model))
    if args.summary_backend:
        options = dataclasses.replace(
            options, summarize=dataclasses.replace(options.summarize, backend=args.summary_backend)
        )
    backend = PipelineBackend(options, settings.cache_dir)
    evaluation = evaluate(
        dataset,
        tasks,
        backend,
        language=args.language,
        oracle_speakers=args.oracle_speakers,
        on_file=None if args.no_progress else _progress,
        qa_rules=args.rules,
    )

    text = json.dumps(to_json(evaluation), indent=2) + "\n" if args.format == "json" else to_text(evaluation)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if args.report:
        args.report.write_text(to_html(evaluation), encoding="utf-8")
        print(f"callbrief: report written to {args.report}", file=sys.stderr)
    if bounds is not None:
        broken = check_bounds(evaluation.overall, bounds)
        for line in broken:
            print(f"callbrief: bound broken: {line}", file=sys.stderr)
        if broken:
            return EXIT_BOUNDS
    return 0


def _progress(index: int, total: int, item_id: str, tasks: str) -> None:
    print(f"eval {index + 1}/{total} {item_id} ({tasks})", file=sys.stderr, flush=True)


def _dataset_name(path: Path) -> str:
    folder = path if path.is_dir() else path.parent
    return folder.resolve().name
