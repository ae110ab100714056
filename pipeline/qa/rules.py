"""The QA rule language, as frozen values (built by :mod:`pipeline.qa.load`).

    RuleSet
    ├── rules        id -> Rule (one of the kinds below)
    ├── categories   Category: a rule whose match tags the call
    └── scorecards   Scorecard: weighted Items, each a rule that should match

Rule kinds (what "matches" means):

- ``phrase``        one of the wordings is said (``said: false``: is not
                    said) by a party, anywhere / in the first or last N s /
                    before another rule's first match;
- ``silence``       a silence between turns longer than N s;
- ``interruptions`` a party interrupts at least N times;
- ``talk_share``    a party's share of the talk time is outside [min, max];
- ``sentiment``     the customer's sentiment at the end is one of the values;
- ``resolution``    the call's resolution status is one of the values;
- ``reason``        the call's reason category is one of the values;
- ``all`` / ``any`` / ``not``  combinations of other rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

PARTIES = ("agent", "customer", "any")


@dataclass(frozen=True)
class Wording:
    text: str  # as written in the rule file, quoted in evidence
    units: tuple[str, ...]  # normalised (pipeline.qa.normalize)


@dataclass(frozen=True)
class Window:
    first_s: float | None = None
    last_s: float | None = None
    before: str | None = None  # another rule's id

    def describe(self) -> str:
        if self.first_s is not None:
            return f"in the first {self.first_s:g} s"
        if self.last_s is not None:
            return f"in the last {self.last_s:g} s"
        if self.before is not None:
            return f"before '{self.before}'"
        return "anywhere in the call"


@dataclass(frozen=True)
class PhraseRule:
    id: str
    wordings: tuple[Wording, ...]
    party: str = "any"
    said: bool = True
    window: Window = field(default_factory=Window)
    kind: str = "phrase"


@dataclass(frozen=True)
class SilenceRule:
    id: str
    longer_than_s: float
    kind: str = "silence"


@dataclass(frozen=True)
class InterruptionRule:
    id: str
    party: str
    at_least: int
    kind: str = "interruptions"


@dataclass(frozen=True)
class TalkShareRule:
    id: str
    party: str
    min: float = 0.0
    max: float = 1.0
    kind: str = "talk_share"


@dataclass(frozen=True)
class ValueRule:
    """sentiment / resolution / reason: a value of the call is one of these."""

    id: str
    kind: str  # "sentiment" | "resolution" | "reason"
    values: tuple[str, ...]


@dataclass(frozen=True)
class CombinedRule:
    id: str
    kind: str  # "all" | "any" | "not"
    rules: tuple[str, ...]  # ids of other rules


Rule = Union[PhraseRule, SilenceRule, InterruptionRule, TalkShareRule, ValueRule, CombinedRule]


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    rule: str


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    rule: str
    weight: float = 1.0
    applies_if: str | None = None  # a rule that must match for the item to apply


@dataclass(frozen=True)
class Scorecard:
    id: str
    title: str
    items: tuple[Item, ...]
    languages: tuple[str, ...] = ()  # empty: every language


@dataclass(frozen=True)
class RuleSet:
    name: str
    rules: dict[str, Rule]
    categories: tuple[Category, ...]
    scorecards: tuple[Scorecard, ...]

    def scorecard_for(self, language: str | None) -> Scorecard | None:
        base = (language or "").split("-")[0].lower()
        for card in self.scorecards:
            if not card.languages or base in card.languages:
                return card
        return None

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.id for c in self.scorecards for i in c.items))
