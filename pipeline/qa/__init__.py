"""Quality assurance: rules as data, scorecards and categories with evidence.

    load.parse_rules(yaml_text) -> RuleSet      (rules.py: the rule kinds)
    match.Matcher(rule_set)                     compiled once per rule set
    call.from_result(CallResult) -> QaCall      (or from_serialized / from_dialogue)
    score.score_call(matcher, call) -> QaResult (pipeline.types)

No database, no models: the worker scores a call after its summary, and a
re-score reads stored results through the same functions.
"""

from pipeline.qa.call import QaCall, from_dialogue, from_result, from_serialized
from pipeline.qa.load import RuleError, load_default, parse_rules
from pipeline.qa.match import Matcher
from pipeline.qa.score import score_call

__all__ = [
    "Matcher", "QaCall", "RuleError", "from_dialogue", "from_result", "from_serialized",
    "load_default", "parse_rules", "score_call",
]
