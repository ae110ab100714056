"""One progress signature for every stage, mapped to one 0-100 value.

A stage function takes ``on_progress: ProgressHook | None`` and calls it
with its own name and the fraction of its work done (0..1). The glue wraps
the caller's :data:`OverallHook` with :class:`ProgressMap`, which turns
(stage, fraction) into a single percentage using each stage's share of a
typical call's wall time.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressHook = Callable[[str, float], None]
OverallHook = Callable[[str, int], None]  # (stage, percent 0..100)

# Rough share of wall time per stage on a 2-core machine (sums to 100).
STAGE_WEIGHTS: dict[str, int] = {
    "decode": 2,
    "transcribe": 45,
    "diarize": 15,
    "attribute": 1,
    "analytics": 1,
    "redact": 1,
    "summarize": 35,
}


class ProgressMap:
    """Maps per-stage fractions to a monotonic overall percentage."""

    def __init__(self, hook: OverallHook | None, stages: list[str]) -> None:
        self._hook = hook
        total = sum(STAGE_WEIGHTS.get(s, 1) for s in stages)
        self._offset: dict[str, float] = {}
        self._weight: dict[str, float] = {}
        acc = 0.0
        for s in stages:
            w = STAGE_WEIGHTS.get(s, 1) * 100.0 / total
            self._offset[s], self._weight[s] = acc, w
            acc += w
        self._last = -1

    def __call__(self, stage: str, fraction: float) -> None:
        if self._hook is None or stage not in self._offset:
            return
        fraction = min(max(fraction, 0.0), 1.0)
        percent = int(self._offset[stage] + self._weight[stage] * fraction)
        percent = min(percent, 100)
        if percent > self._last:
            self._last = percent
            self._hook(stage, percent)


def report(hook: ProgressHook | None, stage: str, fraction: float) -> None:
    if hook is not None:
        hook(stage, fraction)
