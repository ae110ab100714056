"""The fact checker: every number, id and date a summary states must be in the call.

A small LLM blurs details (the packaged 1.5B model got 11 of 12 key facts
right when it was chosen, the rest near misses), so nothing it writes is
trusted until it is found in the transcript. :func:`check_summary` reads
every text field of a :class:`~pipeline.types.Summary` with the scanner of
:mod:`pipeline.facts.scan` and looks each amount, id, date and number up:

1. in the turns the field cites;
2. else in any single turn: verified, and that turn is added to the citation;
3. else in the whole call (a date whose weekday and day were said in
   different turns): verified, citation unchanged;
4. else unverified: ``"drop"`` (the default) replaces it in text with
   ``[unverified]`` and removes the key fact (``FactCheck.action == "dropped"``),
   ``"flag"`` keeps it (``"flagged"``, ``KeyFact.verified`` False).

A key fact whose ``confidence`` (the recognition probability of its least
certain word) is below ``min_confidence`` is marked ``uncertain``: the value
is in the transcript, but the transcript may have misheard it.

Citations of turn ids that do not exist are removed everywhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from pipeline.errors import ErrorCode, InputError
from pipeline.facts.across_turns import split_ids
from pipeline.facts.index import FactIndex, build_index, is_found, value_found
from pipeline.facts.scan import find_facts, scan
from pipeline.options import UNVERIFIED_POLICIES
from pipeline.types import ActionItem, FactCheck, KeyFact, Summary, Turn

__all__ = ["UNVERIFIED", "check_summary", "find_facts"]

UNVERIFIED = "[unverified]"
# Key facts of these kinds must contain something checkable; a value with no
# number or date in it ("end of the week") is then looked for as a phrase.
_CHECKED_KINDS = {"amount", "account", "reference", "ticket", "phone", "date", "deadline"}


class _Checker:
    def __init__(self, turns: Sequence[Turn], drop: bool) -> None:
        self.turn_ids = [t.id for t in turns]
        self.indexes = {t.id: build_index(t.text) for t in turns}
        for a, b, joined in split_ids(turns):  # "712-0" ... "-4": 71204 is in both turns
            self.indexes[turns[a].id].add_id(joined)
            self.indexes[turns[b].id].add_id(joined)
        for ident, turn_ids in _joined_by_reader(turns):  # "WK19." ... "3-3-0-7": what the reader joined
            for turn_id in turn_ids:
                if turn_id in self.indexes:
                    self.indexes[turn_id].add_id(ident)
        self.whole = _merge(self.indexes.values())
        self.drop = drop
        self.checks: list[FactCheck] = []

    def existing(self, turn_ids: Sequence[int]) -> tuple[int, ...]:
        return tuple(dict.fromkeys(i for i in turn_ids if i in self.indexes))

    def locate(self, test: Callable[[FactIndex], bool], cited: tuple[int, ...]) -> tuple[bool, int | None]:
        """(verified, a turn to add to the citation)."""
        if cited and test(_merge(self.indexes[i] for i in cited)):
            return True, None
        for turn_id in self.turn_ids:
            if test(self.indexes[turn_id]):
                return True, turn_id
        return bool(self.indexes) and test(self.whole), None

    def text(self, name: str, text: str, turn_ids: Sequence[int]) -> tuple[str, tuple[int, ...], bool]:
        """Check one text field: (text, citation, every fact verified)."""
        cited = self.existing(turn_ids)
        added: list[int] = []
        replace: list[tuple[int, int]] = []
        for fact in scan(text):
            ok, turn_id = self.locate(lambda ix, f=fact: is_found(f, ix), cited)
            if turn_id is not None:
                added.append(turn_id)
            self.checks.append(FactCheck(name, text[fact.start : fact.end], ok, self._action(ok)))
            if not ok:
                replace.append((fact.start, fact.end))
        if self.drop:
            for start, end in reversed(replace):
                text = text[:start] + UNVERIFIED + text[end:]
        return text, self.existing(cited + tuple(added)), not replace

    def key_fact(self, index: int, fact: KeyFact) -> KeyFact:
        name = f"key_facts[{index}].value"
        if scan(fact.value) or fact.kind not in _CHECKED_KINDS:
            _, turn_ids, ok = self.text(name, fact.value, fact.turn_ids)
            return dataclasses.replace(fact, turn_ids=turn_ids, verified=ok)
        # Nothing to parse in a value that should hold a fact: look for the phrase.
        cited = self.existing(fact.turn_ids)
        ok, turn_id = self.locate(lambda ix: value_found(fact.value, [ix]), cited)
        self.checks.append(FactCheck(name, fact.value, ok, self._action(ok)))
        turn_ids = self.existing(cited + ((turn_id,) if turn_id is not None else ()))
        return dataclasses.replace(fact, turn_ids=turn_ids, verified=ok)

    def _action(self, ok: bool) -> str:
        return "kept" if ok else "dropped" if self.drop else "flagged"


def _joined_by_reader(turns: Sequence[Turn]) -> list[tuple[str, tuple[int, ...]]]:
    """The ids the key-fact reader joined over several turns (a split id, letters spelled
    before its digits), with the turns that say them: the checker accepts the same joins
    the reader makes, so a key fact read off the call is never unverified for its spelling."""
    from pipeline.facts.extract import read_key_facts  # the reader imports this module's scanner

    return [
        (fact.value, fact.turn_ids)
        for fact in read_key_facts(turns)
        if fact.kind in ("account", "reference", "ticket", "other") and len(fact.turn_ids) > 1
        and any(c.isdigit() for c in fact.value) and " " not in fact.value
    ]


def _merge(indexes: Iterable[FactIndex]) -> FactIndex:
    merged = FactIndex()
    for ix in indexes:
        merged.update(ix)
    return merged


def check_summary(
    summary: Summary, turns: Sequence[Turn], unverified: str = "drop", min_confidence: float = 0.5
) -> Summary:
    """Verify every number, id and date in ``summary`` against ``turns``.

    ``unverified``: ``"drop"`` removes unverified facts; ``"flag"`` keeps
    them and marks them. Key facts recognised with a confidence below
    ``min_confidence`` are marked ``uncertain``. Returns a new Summary whose
    ``checks`` hold one :class:`FactCheck` per fact found in its text fields.
    """
    if unverified not in UNVERIFIED_POLICIES:
        raise InputError(f"unverified must be 'flag' or 'drop', not {unverified!r}", code=ErrorCode.BAD_OPTION)
    checker = _Checker(turns, drop=unverified == "drop")

    text, ids, _ = checker.text("summary", summary.summary.text, summary.summary.turn_ids)
    summary_field = dataclasses.replace(summary.summary, text=text, turn_ids=ids)
    text, ids, _ = checker.text("reason", summary.reason.text, summary.reason.turn_ids)
    reason = dataclasses.replace(summary.reason, text=text, turn_ids=ids)
    text, ids, _ = checker.text("resolution.text", summary.resolution.text, summary.resolution.turn_ids)
    resolution = dataclasses.replace(summary.resolution, text=text, turn_ids=ids)

    items: list[ActionItem] = []
    for i, item in enumerate(summary.action_items):
        what, ids, _ = checker.text(f"action_items[{i}].what", item.what, item.turn_ids)
        when = item.when
        if when is not None:
            when, ids, _ = checker.text(f"action_items[{i}].when", when, ids)
        items.append(dataclasses.replace(item, what=what, when=when, turn_ids=ids))

    key_facts = [
        dataclasses.replace(fact, uncertain=fact.confidence is not None and fact.confidence < min_confidence)
        for fact in (checker.key_fact(i, fact) for i, fact in enumerate(summary.key_facts))
    ]
    if checker.drop:
        key_facts = [fact for fact in key_facts if fact.verified]

    sentiment = dataclasses.replace(
        summary.customer_sentiment, turn_ids=checker.existing(summary.customer_sentiment.turn_ids)
    )
    return dataclasses.replace(
        summary,
        summary=summary_field,
        reason=reason,
        resolution=resolution,
        action_items=tuple(items),
        customer_sentiment=sentiment,
        key_facts=tuple(key_facts),
        checks=tuple(checker.checks),
    )
