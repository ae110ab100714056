"""The summarizer that always works: rules over the turns, no model.

Used when no LLM is installed, when one fails, times out or writes invalid
output twice (see :mod:`pipeline.summary.summarize`). Every field quotes or points
at the turns it comes from, so the result is grounded by construction:

- ``reason``: the customer's first substantial turn (the sentence that says
  why they called, when one does);
- ``summary``: that sentence, the agent's resolution and promises, stitched
  with speaker labels;
- ``resolution``: cue words (escalate / transfer / supervisor / appeals team
  -> escalated; resolved / sorted / refunded / processed / done -> resolved;
  otherwise unresolved);
- ``action_items``: promises ("I'll call you back by Friday the 14th"), and
  agent sentences with a deadline, owned by the party who made them;
- ``customer_sentiment``: a small word list over the customer's first and
  last turns;
- ``key_facts``: :func:`pipeline.facts.extract.read_key_facts`, as for every generator.

It never raises: odd input gives a minimal valid :class:`Summary`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from pipeline.facts.scan import key_facts_in
from pipeline.facts.extract import read_key_facts
from pipeline.types import (
    ActionItem,
    Cited,
    CustomerSentiment,
    Resolution,
    Role,
    Sentiment,
    Summary,
    SummaryResolution,
    Turn,
)

log = logging.getLogger(__name__)

GENERATOR = "extractive"
MODEL = "rules-v1"
MAX_ACTION_ITEMS = 5
MAX_SUMMARY_CHARS = 600

_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")
_REASON_CUES = re.compile(
    r"\b(calling (about|regarding|because|to)|ringing about|about (a|my|the)|charge|bill|refund|complain|complaint|"
    r"problem|issue|wrong|would like|i'd like|i want|i need|query|dispute|cancel|report|missed)\b|전화했|때문에|문의",
    re.IGNORECASE,
)
_ESCALATED = re.compile(
    r"\b(escalat\w*|transferr?\w*|supervisor|manager|appeals? team|specialist team|pass(ed|ing)? (it|this) (on|to)|"
    r"refer(red|ring)? (it|this|you))\b|담당자|이관|상급자|이의 신청",
    re.IGNORECASE,
)
_RESOLVED = re.compile(
    r"\b(resolved|sorted( out)?|refunded|credited|fixed|(i've|i have|we've|we have) (processed|cancelled|canceled|"
    r"removed|refunded|credited)|processed|that's (all )?done|all done)\b|처리했|완료",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(not|n't|never|no|cannot|can't|won't)\b\W+(\w+\W+){0,2}$", re.IGNORECASE)
_PROMISE = re.compile(
    r"\b(i'll|i will|we'll|we will|i'm going to|i am going to|we're going to|we are going to|"
    r"you'll|you will|they'll|they will|the \w+ (team|crew) will)\b",
    re.IGNORECASE,
)
_OTHER_PARTY = re.compile(r"^\W*(so,? )?(you'll|you will)\b", re.IGNORECASE)
_SUBJECT = re.compile(
    r"^.*?\b(i'll|i will|we'll|we will|i'm going to|i am going to|we're going to|we are going to|you'll|you will|"
    r"they'll|they will)\s+(also\s+|just\s+)?",
    re.IGNORECASE,
)
_CALLBACK = re.compile(
    r"\b(call (you|me) back|get back to (you|me)|follow(-| )up|callback|ring (you|me) back|email (you|me)|"
    r"write to (you|me)|be in touch|contact (you|me))\b|연락",
    re.IGNORECASE,
)
_POSITIVE = {
    "thanks", "thank", "great", "perfect", "happy", "appreciate", "helpful", "brilliant", "lovely", "good",
    "fair", "wonderful", "excellent", "pleased", "glad", "fantastic", "감사합니다", "좋아요",
}
_NEGATIVE = {
    "never", "unfair", "angry", "frustrated", "frustrating", "annoyed", "annoying", "ridiculous", "wrong",
    "complaint", "complain", "disappointed", "upset", "problem", "unacceptable", "terrible", "awful",
    "worst", "useless", "rubbish", "furious", "recognise", "recognize", "잘못", "불만",
}
_NEGATIVE_PHRASES = ("not happy", "don't recognise", "don't recognize", "can't believe", "not good enough")
_WORD = re.compile(r"[\w']+")


def summarize_extractive(turns: Sequence[Turn]) -> Summary:
    """A grounded summary of ``turns`` by rules; never raises."""
    try:
        usable = [t for t in turns if isinstance(t, Turn) and isinstance(t.text, str) and t.text.strip()]
        if not usable:
            return _minimal("No speech was recognised in this call.")
        return _summarize(usable)
    except Exception as exc:  # the fallback of last resort must always answer
        log.warning("extractive summary failed (%s); returning a minimal summary", type(exc).__name__)
        return _minimal("The call could not be summarised.")


def _minimal(text: str) -> Summary:
    return Summary(
        summary=Cited(text),
        reason=Cited("Not stated."),
        resolution=SummaryResolution(Resolution.UNRESOLVED, "No resolution was stated."),
        action_items=(),
        follow_up_required=False,
        customer_sentiment=CustomerSentiment(Sentiment.NEUTRAL, Sentiment.NEUTRAL),
        key_facts=(),
        generator=GENERATOR,
        model=MODEL,
    )


def _summarize(turns: list[Turn]) -> Summary:
    roles = _roles(turns)
    customer = [t for t in turns if roles[t.speaker] is Role.CUSTOMER]
    reason_turn, reason = _reason(customer or turns)
    resolution = _resolution(turns, roles)
    items = _action_items(turns, roles)
    follow_up = bool(items) or any(_CALLBACK.search(t.text) for t in turns)
    return Summary(
        summary=_stitch(reason_turn, reason, resolution, items, turns, roles),
        reason=Cited(reason, (reason_turn.id,)),
        resolution=resolution,
        action_items=tuple(items),
        follow_up_required=follow_up,
        customer_sentiment=_sentiment(customer),
        key_facts=read_key_facts(turns),
        generator=GENERATOR,
        model=MODEL,
    )


def _roles(turns: Sequence[Turn]) -> dict[str, Role]:
    """Each speaker's role; where unknown, the first speaker is taken as the agent
    (who answers the phone) and everyone else as the customer."""
    roles: dict[str, Role] = {}
    for t in turns:
        if t.role in (Role.AGENT, Role.CUSTOMER):
            roles.setdefault(t.speaker, t.role)
    first = turns[0].speaker
    for t in turns:
        if t.speaker not in roles:
            roles[t.speaker] = Role.AGENT if t.speaker == first and Role.AGENT not in roles.values() else Role.CUSTOMER
    return roles


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def _reason(customer: Sequence[Turn]) -> tuple[Turn, str]:
    for t in customer[:4]:  # why they called is said early
        for sentence in _sentences(t.text):
            if _REASON_CUES.search(sentence):
                return t, sentence
    substantial = next((t for t in customer if len(t.text.split()) >= 6), customer[0])
    return substantial, _clip(substantial.text, 200)


def _cue(pattern: re.Pattern[str], sentence: str) -> bool:
    for m in pattern.finditer(sentence):
        if not _NEGATION.search(sentence[: m.start()]):
            return True
    return False


def _resolution(turns: Sequence[Turn], roles: dict[str, Role]) -> SummaryResolution:
    agent = [t for t in turns if roles[t.speaker] is Role.AGENT] or list(turns)
    promise = next(
        ((t, s) for t in reversed(agent) for s in _sentences(t.text) if _PROMISE.search(s)), None
    )
    # A promise with a deadline ("I'll call you back by Friday") leaves the call open,
    # whatever smaller things were done on it.
    pending = promise is not None and any(f.kind == "deadline" for f in key_facts_in(promise[1]))
    for status, pattern in ((Resolution.ESCALATED, _ESCALATED), (Resolution.RESOLVED, _RESOLVED)):
        if status is Resolution.RESOLVED and pending:
            break
        for t in reversed(agent):  # the outcome is stated late
            sentence = next((s for s in _sentences(t.text) if _cue(pattern, s)), None)
            if sentence is not None:
                return SummaryResolution(status, sentence, (t.id,))
    if promise is not None:
        return SummaryResolution(Resolution.UNRESOLVED, f"Not resolved during the call: {promise[1]}", (promise[0].id,))
    return SummaryResolution(Resolution.UNRESOLVED, "No resolution was stated.", ())


def _action_items(turns: Sequence[Turn], roles: dict[str, Role]) -> list[ActionItem]:
    items: list[ActionItem] = []
    seen: set[tuple[Role, str]] = set()
    for t in turns:
        speaker = roles[t.speaker]
        other = Role.CUSTOMER if speaker is Role.AGENT else Role.AGENT
        for sentence in _sentences(t.text):
            deadlines = [f for f in key_facts_in(sentence) if f.kind == "deadline"]
            promised = _PROMISE.search(sentence) is not None
            if not promised and not (deadlines and speaker is Role.AGENT):
                continue
            owner = other if _OTHER_PARTY.search(sentence) else speaker
            when = sentence[deadlines[0].start : deadlines[0].end] if deadlines else None
            key = (owner, (when or sentence).lower())
            if key in seen:  # "So you'll call me by Friday" repeats the agent's promise
                continue
            seen.add(key)
            items.append(ActionItem(owner, _what(sentence, owner, when), when, (t.id,)))
            if len(items) >= MAX_ACTION_ITEMS:
                return items
    return items


def _what(sentence: str, owner: Role, when: str | None) -> str:
    text = _SUBJECT.sub("", sentence, count=1) if _PROMISE.search(sentence) else sentence
    if when:
        text = re.sub(r"\s*\b(by|before|until|on|within)?\s*" + re.escape(when), "", text, count=1)
    # From the owner's side: the agent's "you" is the customer, and the other way round.
    target = "the customer" if owner is Role.AGENT else "the agent"
    text = re.sub(r"\byour\b", f"{target}'s", text, flags=re.IGNORECASE)
    text = re.sub(r"\byou\b", target, text, flags=re.IGNORECASE)
    text = text.strip(" ,.;")
    return _clip(text[:1].upper() + text[1:], 200) if text else _clip(sentence, 200)


def _sentiment(customer: Sequence[Turn]) -> CustomerSentiment:
    if not customer:
        return CustomerSentiment(Sentiment.NEUTRAL, Sentiment.NEUTRAL)
    # Two turns each way when there are enough that the start and the end do not overlap.
    n = 2 if len(customer) >= 4 else 1
    first, last = customer[:n], customer[-n:]
    ids = tuple(dict.fromkeys(t.id for t in (*first, *last)))
    return CustomerSentiment(_polarity(first), _polarity(last), ids)


def _polarity(turns: Sequence[Turn]) -> Sentiment:
    text = " ".join(t.text for t in turns).lower()
    words = _WORD.findall(text)
    score = sum(w in _POSITIVE for w in words) - sum(w in _NEGATIVE for w in words)
    score -= sum(text.count(p) for p in _NEGATIVE_PHRASES)
    return Sentiment.POSITIVE if score > 0 else Sentiment.NEGATIVE if score < 0 else Sentiment.NEUTRAL


def _stitch(
    reason_turn: Turn,
    reason: str,
    resolution: SummaryResolution,
    items: Sequence[ActionItem],
    turns: Sequence[Turn],
    roles: dict[str, Role],
) -> Cited:
    label = {Role.AGENT: "Agent", Role.CUSTOMER: "Customer", Role.UNKNOWN: "Speaker"}
    by_id = {t.id: t for t in turns}
    parts = [f"Customer: {reason}"]
    ids = [reason_turn.id]
    if resolution.turn_ids and not resolution.text.startswith("Not resolved"):
        parts.append(f"Agent: {resolution.text}")
        ids.extend(resolution.turn_ids)
    for turn, sentence in _fact_sentences(turns, roles):
        line = f"{label[roles[turn.speaker]]}: {sentence}"
        if sentence not in " ".join(parts):
            parts.append(line)
            ids.append(turn.id)
    for item in items[:2]:
        turn = by_id.get(item.turn_ids[0]) if item.turn_ids else None
        if turn is None:
            continue
        sentence = next((s for s in _sentences(turn.text) if item.when and item.when in s), None) or _clip(turn.text, 160)
        speaker = label[roles[turn.speaker]]
        line = f"{speaker}: {sentence}"
        if line not in parts:
            parts.append(line)
            ids.append(turn.id)
    return Cited(_clip(" ".join(parts), MAX_SUMMARY_CHARS), tuple(dict.fromkeys(ids)))


def _fact_sentences(turns: Sequence[Turn], roles: dict[str, Role]) -> list[tuple[Turn, str]]:
    """The first sentence naming an amount, and the first naming a reference or
    ticket, the agent's first (the agent gives out references; the customer's
    number is usually their account)."""
    picked: list[tuple[Turn, str]] = []
    agent_first = sorted(turns, key=lambda t: roles[t.speaker] is not Role.AGENT)
    for kinds, pool in ((("amount",), turns), (("reference", "ticket"), agent_first)):
        hit = next(
            ((t, s) for t in pool for s in _sentences(t.text) if any(f.kind in kinds for f in key_facts_in(s))), None
        )
        if hit is not None and hit not in picked:
            picked.append(hit)
    return picked


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
