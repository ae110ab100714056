"""Entry point of the ``callbrief`` command.

Each subcommand module exposes ``register(subparsers)``, which adds its
parsers and sets ``func`` (taking the parsed args, returning an exit code).
Modules are imported only when listed here, and each imports its heavy
dependencies inside ``func``, so ``callbrief --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from pipeline.errors import CallbriefError, InputError, ModelError
from pipeline.settings import apply_offline_env

SUBCOMMAND_MODULES = ("cli.process", "cli.models", "cli.service", "cli.evaluate", "cli.rules")

# Exit status per error family; input errors are the user's to fix.
EXIT_INPUT = 2
EXIT_MODEL = 3
EXIT_FAILED = 4


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callbrief",
        description="On-premises call transcripts, speaker turns, analytics and grounded summaries.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    apply_offline_env()
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.func(args) or 0)
    except CallbriefError as exc:
        print(f"callbrief: error [{exc.code}]: {exc.message}", file=sys.stderr)
        if isinstance(exc, InputError):
            return EXIT_INPUT
        if isinstance(exc, ModelError):
            return EXIT_MODEL
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("callbrief: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: say so briefly, details with -v
        if args.verbose:
            raise
        print(f"callbrief: internal error: {type(exc).__name__}: {exc} (run with -v for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
