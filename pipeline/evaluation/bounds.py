"""Quality bounds: the numbers a run must stay within (``eval_bounds.toml``).

A bounds file has one table per dataset and task, with keys named after an
overall score plus ``_max`` (the score must not exceed it) or ``_min`` (must
not fall below it), and a ``measured`` note saying where the bound comes
from::

    [asr_en.asr]
    wer_max = 0.05
    measured = "0.021 on 2026-01-10, whisper base int8"
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pipeline.errors import ErrorCode, InputError


def load_bounds(path: Path, dataset: str) -> dict[str, dict[str, float]]:
    """``{task: {"wer_max": 0.05, ...}}`` for ``dataset``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read bounds ({exc})", code=ErrorCode.BAD_MANIFEST) from exc
    if dataset not in data or not isinstance(data[dataset], dict):
        raise InputError(f"{path}: no [{dataset}] bounds (has: {', '.join(sorted(data))})", code=ErrorCode.BAD_OPTION)
    out: dict[str, dict[str, float]] = {}
    for task, table in data[dataset].items():
        if not isinstance(table, dict):
            continue
        out[task] = {
            k: float(v) for k, v in table.items() if k.endswith(("_max", "_min")) and isinstance(v, (int, float))
        }
    return out


def check_bounds(overall: dict[str, dict[str, Any]], bounds: dict[str, dict[str, float]]) -> list[str]:
    """One line per bound that ``overall`` breaks; empty when all hold."""
    broken: list[str] = []
    for task, table in bounds.items():
        scores = overall.get(task)
        if scores is None:
            broken.append(f"{task}: no results (expected bounds {sorted(table)})")
            continue
        for key, bound in sorted(table.items()):
            name, _sep, kind = key.rpartition("_")
            value = scores.get(name)
            if value is None:
                broken.append(f"{task}.{name}: not measured (bound {kind} {bound:g})")
            elif kind == "max" and value > bound:
                broken.append(f"{task}.{name} = {value:.4f} is above its bound {bound:g}")
            elif kind == "min" and value < bound:
                broken.append(f"{task}.{name} = {value:.4f} is below its bound {bound:g}")
    return broken
