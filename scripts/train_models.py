"""Train the learned models of a call on labelled calls: the reason's category
(pipeline/summary/category_model.json), the resolution (resolution_model.json) and whether a
follow-up is needed (follow_up_model.json).

    .venv/bin/python scripts/train_models.py samples/dev/en.jsonl samples/dev/ko.jsonl

Each model is trained on the records that have ``turns`` and its label (``expected.category``,
``expected.resolution``, ``expected.follow_up_required``). The output is deterministic: the same
calls give the same files (a test checks the shipped files against samples/dev).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluation.formats import Record, read_records  # noqa: E402
from pipeline.summary import category, outcome_model, text_model  # noqa: E402


def _follow_up(record: Record) -> str | None:
    if record.follow_up_required is None:
        return None
    return outcome_model.FOLLOW_UP if record.follow_up_required else outcome_model.NO_FOLLOW_UP


def _outcome_texts(record: Record) -> text_model.CallText:
    return outcome_model.model_texts(record.turns or ())


# name -> (the shipped file, the record's label, what the model reads of the call, (penalty, stem))
MODELS: dict[str, tuple[Path, Callable[[Record], str | None], Callable[[Record], text_model.CallText], tuple[float, int]]] = {
    "category": (
        category.MODEL_FILE, lambda r: r.category, lambda r: category.model_texts(r.turns or ()),
        (category.MODEL_PENALTY, category.MODEL_STEM),
    ),
    "resolution": (outcome_model.RESOLUTION_FILE, lambda r: r.resolution, _outcome_texts, (text_model.L2, 0)),
    "follow_up": (outcome_model.FOLLOW_UP_FILE, _follow_up, _outcome_texts, (text_model.L2, 0)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="JSONL files of labelled calls")
    parser.add_argument("-o", "--output-dir", type=Path, default=None, help="write the files here (default: the package)")
    parser.add_argument("--only", choices=sorted(MODELS), action="append", help="train only this model (repeatable)")
    args = parser.parse_args()
    records = [record for path in args.files for record in read_records(path) if record.turns]
    for name in args.only or MODELS:
        path, label_of, text_of, (penalty, stem) = MODELS[name]
        examples = [(text_of(record), label) for record in records if (label := label_of(record)) is not None]
        model = text_model.train(examples, penalty, stem)
        out = args.output_dir / path.name if args.output_dir else path
        text_model.save(model, out)
        print(f"{name}: {len(examples)} calls, {len(model.weights)} features -> {out}")


if __name__ == "__main__":
    main()
