"""A call's key facts, read from its turns by the fact scanner, never written by a model.

Every amount, account/reference/ticket number, phone number, date and
deadline said in the call (:func:`pipeline.facts.scan.key_facts_in`), once each,
citing every turn that says it, written as a person writes it ("£142.20"
for "a hundred and forty two pounds, 20"). An id said in answer to "your
account number?" is an account number; otherwise a reference.

Every summary's ``key_facts`` come from here, whichever generator wrote the
rest: read off the transcript, they cannot be invented, and the LLM is
spared the tokens of copying them (it gets them in its prompt instead, see
:func:`pipeline.summary.prompt.build_messages`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from pipeline.facts.scan import Fact, key_facts_in
from pipeline.types import KeyFact, Turn

MAX_KEY_FACTS = 20

_CURRENCY_SYMBOLS = (("£", "£"), ("pound", "£"), ("quid", "£"), ("$", "$"), ("dollar", "$"), ("€", "€"), ("euro", "€"))


def read_key_facts(turns: Sequence[Turn]) -> tuple[KeyFact, ...]:
    """The first :data:`MAX_KEY_FACTS` key facts of ``turns``, in the order they are first said."""
    found: dict[tuple[str, object], tuple[str, str, list[int]]] = {}
    previous = ""
    for t in turns:
        for fact in key_facts_in(t.text):
            if fact.kind == "reference":  # "And your account number?" "It's 48213."
                fact = dataclasses.replace(fact, kind=_kind_asked_for(previous))
            group = "id" if fact.kind in ("account", "reference", "ticket") else fact.kind
            key = (group, fact.value if fact.value is not None else fact.anchor)
            if key in found:
                kind, value, ids = found[key]
                if t.id not in ids:
                    ids.append(t.id)
                if kind == "reference" and fact.kind != "reference":
                    found[key] = (fact.kind, value, ids)  # "account" / "ticket" says more
                continue
            found[key] = (fact.kind, _display(fact, t.text), [t.id])
        previous = t.text
    facts = [KeyFact(kind, value, tuple(ids)) for kind, value, ids in found.values()]
    return tuple(facts[:MAX_KEY_FACTS])


def _kind_asked_for(previous_turn: str) -> str:
    question = previous_turn.lower()[-120:]
    return "account" if "account" in question else "ticket" if "ticket" in question else "reference"


def _display(fact: Fact, text: str) -> str:
    """The fact as a person writes it: "£142.20" for "a hundred and forty two pounds, 20"."""
    span = text[fact.start : fact.end]
    if fact.kind in ("account", "reference", "ticket") and isinstance(fact.value, str):
        return fact.value
    if fact.kind == "amount" and isinstance(fact.value, Decimal):
        if "원" in span or "won" in span.lower():
            return f"{int(fact.value):,}원" if fact.value == fact.value.to_integral() else f"{fact.value}원"
        symbol = next((sym for cue, sym in _CURRENCY_SYMBOLS if cue in span.lower()), "")
        number = f"{fact.value:,.2f}" if fact.value != fact.value.to_integral() else f"{int(fact.value):,}"
        return symbol + number
    return span
