"""Action items read from the words of the call (no model): what is left for after it.

Each pending, delivery, hand-off or customer to-do cue (:mod:`pipeline.summary.cues`:
"an engineer will visit on Tuesday", "please send us the form", "the fraud
team will call you", "I'll pop into the branch on Saturday", 재방문,
연락드리겠습니다) becomes an item owned by the party who has to act: the
organisation for hand-offs, visits and callbacks; the customer for their own
to-dos; for something to be sent, the organisation unless the agent asks the
customer to send it ("you'll need to send", "보내 주세요") or the customer
says they will. The item's text is the clause of the sentence that says it.

One action is often said several times: asked and accepted ("you'll need to
call your bank" / "I'll ring them now"), promised and detailed, repeated in
a closing recap. Cues of the same owner are one item when they share a
deadline, when both are the hand-off, or when they come within
:data:`MERGE_TURNS` turns of each other. What the team a case was handed
to does next ("they'll write to you with the decision") is the hand-off's
item, not a second one. Used by the extractive summary and
by Korean summaries built from templates; an LLM's own action items are kept
when it wrote some.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.facts.scan import key_facts_in
from pipeline.summary.cues import Cue, CueKind
from pipeline.types import ActionItem, Role

MAX_ACTION_ITEMS = 5
MAX_WHAT_CHARS = 200
MERGE_TURNS = 2
# What the team a case went to will do next, or its answer coming back ("they'll write to you within six
# weeks", 처리 결과는 칠 일 안에 문자로 나갑니다), is the hand-off itself, said again, for this many turns after
# it; a card or letter from the agent's own side is a task of its own.
HANDOFF_FOLLOW_TURNS = 6
_TEAM_NEXT = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:they|they'll|they're|them|someone from|one of them)\b|\b(?:decision|outcome|findings)\b|"
    r"그쪽|거기서|그분|담당자|담당 ?부서|해당 ?부서|결과|회신|답변",
    re.IGNORECASE,
)
_ASKS_CUSTOMER = re.compile(
    r"\b(?:you(?:'ll| will)? need to|you(?:'ll| will) have to|you have to|please|could you|can you|if you could|"
    r"you should|you can send|you'll want to|you(?:'ll| will) (?:send|post|e-?mail|upload|bring|return|fill|complete|submit))\b|"
    r"주시|주세요|주셔야|하셔야|보내 ?주|제출해 ?주|가져오",
    re.IGNORECASE,
)
# The customer has to provide something before the organisation can act.
_WAITS_ON_CUSTOMER = re.compile(
    r"\b(?:you(?:'ll| will)? need to|you(?:'ll| will) have to|you have to|you must) (?:send|post|e-?mail|upload|bring|return|"
    r"submit|provide|fill)\b|(?:보내|제출해|올려|가져다|가져와|작성해) ?주셔야",
    re.IGNORECASE,
)
_SAYS_OWN = re.compile(r"\b(?:i'll|i will|i'm going to|i am going to)\b|제가|할게|드릴게|보낼게|갈게", re.IGNORECASE)
_WHEN_KINDS = ("deadline", "date")
# Times that are not dates but still say when: "I'll ring tomorrow", "내일 방문할게요".
_RELATIVE_WHEN = re.compile(
    r"\b(?:tomorrow(?: morning| afternoon| evening)?|tonight|later today|this (?:morning|afternoon|evening|week|weekend)|"
    r"next (?:week|month)|beforehand|in advance|before the (?:visit|appointment|call))\b|"
    r"(?:내일|모레|오늘)(?: ?(?:오전|오후|저녁|중))?|다음 ?(?:주|달)|이번 ?주",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+")
# A part that ends on a conjunction, maybe with an aside after it, runs on into the next:
# "make sure there's clear access and, if you can, bail out the drum beforehand".
_RUNS_ON = re.compile(r"\b(?:and|or|but|then)(?:,\s*[^,]{1,20})?,?$", re.IGNORECASE)
MIN_CLAUSE_WORDS = 4
# What leaves work for after the call: a fix that waits, something to deliver, another team
# taking it on, something the customer still has to do.
OPEN_KINDS = frozenset({CueKind.PENDING, CueKind.DELIVERY, CueKind.HANDOFF, CueKind.CUSTOMER_TODO})
_ORGANISATION_WORK = frozenset({CueKind.HANDOFF, CueKind.PENDING})
_TEAM_WORK = frozenset({CueKind.PENDING, CueKind.DELIVERY})


@dataclass
class _Draft:
    kind: CueKind
    owner: Role
    what: str
    when: str | None
    when_key: str | None  # the deadline's value, so "7 to 10 working days" and "seven to ten" agree
    turn_ids: list[int]


def action_items_from_cues(cues: Sequence[Cue]) -> tuple[ActionItem, ...]:
    drafts: list[_Draft] = []
    for cue in cues:
        if cue.kind not in OPEN_KINDS:
            continue
        draft = _draft(cue)
        same = next((d for d in drafts if _same_action(d, draft)), None)
        if same is None:
            drafts.append(draft)
            continue
        if same.when is None and draft.when is not None:
            same.when, same.when_key = draft.when, draft.when_key
        if cue.turn_id not in same.turn_ids:
            same.turn_ids.append(cue.turn_id)
    return tuple(ActionItem(d.owner, d.what, d.when, tuple(d.turn_ids)) for d in drafts[:MAX_ACTION_ITEMS])


def _draft(cue: Cue) -> _Draft:
    clause = _clause(cue.sentence, cue.span[0])
    when, when_key = _when(clause)
    return _Draft(cue.kind, _owner(cue, clause), clip(clause, MAX_WHAT_CHARS), when, when_key, [cue.turn_id])


def _owner(cue: Cue, clause: str) -> Role:
    if cue.kind is CueKind.CUSTOMER_TODO:
        return Role.CUSTOMER
    # A request that waits on the customer's papers ("사본을 보내 주셔야 변경이 됩니다"): theirs to send first.
    if cue.kind is CueKind.PENDING and cue.role is Role.AGENT and _WAITS_ON_CUSTOMER.search(clause):
        return Role.CUSTOMER
    if cue.kind in _ORGANISATION_WORK:
        return Role.AGENT
    # Something to send or arrive: from the organisation unless the customer is to send it.
    if cue.role is Role.AGENT:
        return Role.CUSTOMER if _ASKS_CUSTOMER.search(clause) else Role.AGENT
    return Role.CUSTOMER if _SAYS_OWN.search(clause) else Role.AGENT


def _same_action(kept: _Draft, new: _Draft) -> bool:
    if kept.owner is not new.owner:
        return False
    if kept.when_key is not None and kept.when_key == new.when_key:
        return True
    if kept.kind is CueKind.HANDOFF and new.kind is CueKind.HANDOFF:
        return True
    gap = new.turn_ids[0] - kept.turn_ids[-1]
    if kept.kind is CueKind.HANDOFF and new.kind in _TEAM_WORK and gap <= HANDOFF_FOLLOW_TURNS and _TEAM_NEXT.search(new.what):
        return True
    if gap > MERGE_TURNS:
        return False
    if new.owner is Role.CUSTOMER or kept.kind is new.kind or new.turn_ids[0] == kept.turn_ids[-1]:
        return True
    return {kept.kind, new.kind} <= _ORGANISATION_WORK


def _clause(sentence: str, at: int) -> str:
    """The comma-separated part of ``sentence`` around offset ``at``. A part too
    short to read alone ("Please hold,") or running on into the next one is
    read with the next."""
    cuts = [0, *(m.end() for m in _CLAUSE_END.finditer(sentence)), len(sentence)]
    parts = [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]
    i = next((k for k, (_, end) in enumerate(parts) if at < end), len(parts) - 1)
    begin, end = parts[i]
    while i + 1 < len(parts):
        text = sentence[begin:end].strip()
        if len(text.split()) >= MIN_CLAUSE_WORDS and not _RUNS_ON.search(text):
            break
        i += 1
        end = parts[i][1]
    return sentence[begin:end].strip(" ,;:")


def _when(text: str) -> tuple[str | None, str | None]:
    fact = next((f for f in key_facts_in(text) if f.kind in _WHEN_KINDS), None)
    if fact is not None:
        said = text[fact.start : fact.end]
        return said, f"{fact.kind}:{fact.value}" if fact.value is not None else said.lower()
    m = _RELATIVE_WHEN.search(text)
    return (m.group(0), m.group(0).lower()) if m else (None, None)


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…";
    never inside a number, id or date, whose cut-off part would read as another
    value ("칠 일 이내", within seven days, cut to "칠 일" reads as the 7th)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = len(text[: limit - 1].rsplit(" ", 1)[0])
    straddling = [f.start for f in key_facts_in(text) if f.start < cut < f.end]
    if straddling and min(straddling) > 0:
        cut = min(straddling)
    return text[:cut].rstrip() + "…"
