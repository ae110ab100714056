"""Train the learned category model (pipeline/summary/category_model.json) on labelled calls.

    .venv/bin/python scripts/train_category_model.py samples/dev/en.jsonl samples/dev/ko.jsonl

Every record needs ``turns`` and ``expected.category``; records without a category are skipped.
The output is deterministic: the same calls give the same file (a test checks the shipped file
against samples/dev).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluation.formats import read_records  # noqa: E402
from pipeline.summary import category_model  # noqa: E402
from pipeline.summary.category import model_texts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="JSONL files of labelled calls")
    parser.add_argument("-o", "--output", type=Path, default=category_model.MODEL_FILE)
    args = parser.parse_args()
    examples = [
        (model_texts(record.turns), record.category)
        for path in args.files
        for record in read_records(path)
        if record.turns and record.category
    ]
    model = category_model.train(examples)
    category_model.save(model, args.output)
    print(f"{len(examples)} calls, {len(model.weights)} features -> {args.output}")


if __name__ == "__main__":
    main()
