"""Scorecard items against hand labels: the ``qa`` task of ``callbrief eval``.

A labelled call has, per item of the rule set's scorecard, the expected
``met`` / ``not_met`` / ``not_applicable``. Per item the report gives the
accuracy and, for the answer that matters to a supervisor ("not met": the
call failed this item), precision and recall; overall, the item accuracy
(every item of every call counted once).

Labels are read from ``"items"`` (``{"id": ..., "items": {"greeting": "met"}}``,
e.g. a ``qa_labels.jsonl`` beside the calls) or ``"qa": {"items": ...}`` in
a call's own record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.qa import Matcher, QaCall, score_call
from pipeline.types import QaResult

STATUSES = ("met", "not_met", "not_applicable")


@dataclass(frozen=True)
class QaItemCheck:
    item: str
    expected: str
    got: str | None  # None: the rule set has no such item
    note: str = ""  # the first piece of evidence, for the report


@dataclass(frozen=True)
class QaScores:
    checks: tuple[QaItemCheck, ...]
    score: float | None

    @property
    def wrong(self) -> tuple[QaItemCheck, ...]:
        return tuple(c for c in self.checks if c.got != c.expected)

    @property
    def accuracy(self) -> float | None:
        return 1 - len(self.wrong) / len(self.checks) if self.checks else None


def score_labels(matcher: Matcher, call: QaCall, labels: dict[str, str]) -> QaScores:
    result: QaResult = score_call(matcher, call)
    got = {i.id: i for i in result.items}
    checks = []
    for item_id, expected in labels.items():
        found = got.get(item_id)
        note = ""
        if found is not None and found.evidence:
            first = found.evidence[0]
            note = f"{first.note}" + (f" [turn {first.turn_id}]" if first.turn_id is not None else "")
        checks.append(QaItemCheck(item_id, expected, found.status if found else None, note))
    return QaScores(tuple(checks), result.score)


def qa_overall(scored: Sequence[QaScores]) -> dict[str, Any]:
    checks = [c for s in scored for c in s.checks]
    out: dict[str, Any] = {
        "items_checked": len(checks),
        "item_accuracy": sum(c.got == c.expected for c in checks) / len(checks) if checks else None,
    }
    for item in dict.fromkeys(c.item for c in checks):
        group = [c for c in checks if c.item == item]
        predicted = [c for c in group if c.got == "not_met"]
        actual = [c for c in group if c.expected == "not_met"]
        hits = sum(1 for c in predicted if c.expected == "not_met")
        out[f"{item}_accuracy"] = sum(c.got == c.expected for c in group) / len(group)
        out[f"{item}_precision"] = hits / len(predicted) if predicted else None
        out[f"{item}_recall"] = hits / len(actual) if actual else None
        out[f"{item}_n"] = len(group)
    return out


def item_names(scores: dict[str, Any]) -> list[str]:
    return [k[: -len("_n")] for k in scores if k.endswith("_n") and k != "items_checked"]
