"""What the fact reader reads of a text or of a few turns, for the fact tests."""

from __future__ import annotations

from pipeline.facts.extract import read_key_facts
from pipeline.facts.scan import key_facts_in
from pipeline.types import Role
from tests.pipeline.factories import turn


def values(text: str, money_said: bool = False) -> list[tuple[str, object]]:
    """(kind, parsed value) of each key fact in one text."""
    return [(f.kind, f.value) for f in key_facts_in(text, money_said)]


def shown(*lines: tuple[Role, str]) -> list[tuple[str, str]]:
    """(kind, value shown) of each key fact of a call of these turns."""
    turns = [turn(i, role.value, role, float(i), i + 1.0, text) for i, (role, text) in enumerate(lines)]
    return [(f.kind, f.value) for f in read_key_facts(turns)]
