"""Action items read from the words of the call (no model): what is left for after it.

Each pending, delivery or hand-off cue (:mod:`pipeline.summary.cues`: "an
engineer will visit on Tuesday", "please send us the form", "the fraud team
will call you", 재방문, 연락드리겠습니다) becomes an
item owned by the party who has to act: the speaker, unless the agent asks
the customer to do it ("you'll need to send", "보내 주세요"). Used by the
extractive summary and by Korean summaries built from templates; an LLM's
own action items are kept when it wrote some.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.facts.scan import key_facts_in
from pipeline.summary.cues import Cue, CueKind
from pipeline.types import ActionItem, Role

MAX_ACTION_ITEMS = 5
MAX_WHAT_CHARS = 200
_ASKS_CUSTOMER = re.compile(
    r"\b(?:you(?:'ll| will)? need to|you(?:'ll| will) have to|you have to|please|could you|can you|if you could|"
    r"you should|you can send|you'll want to)\b|주시|주세요|주셔야|하셔야|보내 ?주|제출해 ?주|가져오",
    re.IGNORECASE,
)
_WHEN_KINDS = ("deadline", "date")
# What leaves work for after the call: a fix that waits, something to deliver, another team taking it on.
OPEN_KINDS = frozenset({CueKind.PENDING, CueKind.DELIVERY, CueKind.HANDOFF})


def action_items_from_cues(cues: Sequence[Cue]) -> tuple[ActionItem, ...]:
    items: list[ActionItem] = []
    seen: set[str] = set()
    for cue in cues:
        if cue.kind not in OPEN_KINDS or cue.sentence in seen:
            continue
        seen.add(cue.sentence)
        owner = cue.role
        if cue.role is Role.AGENT and _ASKS_CUSTOMER.search(cue.sentence):
            owner = Role.CUSTOMER
        when = next((cue.sentence[f.start : f.end] for f in key_facts_in(cue.sentence) if f.kind in _WHEN_KINDS), None)
        items.append(ActionItem(owner, clip(cue.sentence, MAX_WHAT_CHARS), when, (cue.turn_id,)))
        if len(items) >= MAX_ACTION_ITEMS:
            break
    return tuple(items)


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
