"""A call's QA result: its scorecard items (met / not met / not applicable,
with evidence), a score 0-100, and the categories whose rule matched.

The score is the weight of the met items over the weight of the items that
apply, times 100; an item applies unless its ``applies_if`` rule does not
match. With no applicable item the score is None.
"""

from __future__ import annotations

from pipeline.qa.call import QaCall
from pipeline.qa.match import Matcher
from pipeline.qa.rules import RuleSet
from pipeline.types import QaCategoryHit, QaEvidence, QaItemResult, QaResult

MET, NOT_MET, NOT_APPLICABLE = "met", "not_met", "not_applicable"


def score_call(matcher: Matcher, call: QaCall) -> QaResult:
    rules: RuleSet = matcher.rules
    outcomes = matcher.evaluate(call)
    card = rules.scorecard_for(call.language)
    items: list[QaItemResult] = []
    if card is not None:
        for item in card.items:
            if item.applies_if is not None and not outcomes[item.applies_if].matched:
                condition = outcomes[item.applies_if]
                note = QaEvidence(note=f"not applicable: '{item.applies_if}' did not match")
                items.append(QaItemResult(item.id, item.title, NOT_APPLICABLE, item.weight, (note, *condition.evidence[:2])))
                continue
            outcome = outcomes[item.rule]
            items.append(QaItemResult(item.id, item.title, MET if outcome.matched else NOT_MET, item.weight, outcome.evidence))
    applicable = [i for i in items if i.status != NOT_APPLICABLE]
    total = sum(i.weight for i in applicable)
    score = round(100.0 * sum(i.weight for i in applicable if i.status == MET) / total, 1) if total > 0 else None
    categories = tuple(
        QaCategoryHit(c.id, c.title, outcomes[c.rule].evidence) for c in rules.categories if outcomes[c.rule].matched
    )
    return QaResult(
        rule_set=rules.name,
        scorecard=card.id if card is not None else None,
        score=score,
        items=tuple(items),
        categories=categories,
    )
