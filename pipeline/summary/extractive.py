"""The summarizer that always works: rules over the turns, no model.

Used when no LLM is installed, when one fails, times out or writes invalid
output twice (see :mod:`pipeline.summary.summarize`). Every field quotes or points
at the turns it comes from, so the result is grounded by construction:

- ``reason``: the customer's first substantial turn (the sentence that says
  why they called, when one does);
- ``summary``: that sentence, the agent's resolution and promises, stitched
  with speaker labels;
- ``resolution``: the cue rules of :mod:`pipeline.summary.cues` combined by
  :func:`pipeline.summary.outcome.decide`, as for an LLM's summary but
  without the model's answers (a hand-off by the agent -> escalated; the
  customer saying it still fails -> unresolved; done or confirmed ->
  resolved; with no cue at all, resolved (an answered question) and
  ``needs_review``);
- ``category``: keywords of the site's taxonomy (:mod:`pipeline.summary.category`);
- ``action_items``: what is still open after the call, from the cues
  (:mod:`pipeline.summary.actions`): promises and hand-offs by the agent's
  side, things still to arrive, the customer's own to-dos; in English
  rephrased from the owner's side ("I'll call you back" -> "Call the
  customer back");
- Korean calls get Korean text (:mod:`pipeline.summary.korean`);
- ``customer_sentiment``: a small word list over the customer's first and
  last turns;
- ``key_facts``: :func:`pipeline.facts.extract.read_key_facts`, as for every generator.

It never raises: odd input gives a minimal valid :class:`Summary`.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence

from pipeline.facts.scan import key_facts_in
from pipeline.facts.extract import read_key_facts
from pipeline.summary.actions import action_items_from_cues, clip
from pipeline.summary.category import DEFAULT, Taxonomy, categorize_by_rules
from pipeline.summary.cues import Cue, find_cues, party_roles
from pipeline.summary.korean import NO_SPEECH_KO, korean_summary, resolution_text
from pipeline.summary.outcome import decide, vote_from_cues
from pipeline.summary.outcome_model import follow_up, learned_vote, read_call
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
MAX_SUMMARY_CHARS = 600

_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")
_REASON_CUES = re.compile(
    r"\b(calling (about|regarding|because|to)|ringing about|about (a|my|the)|charge|bill|refund|complain|complaint|"
    r"problem|issue|wrong|would like|i'd like|i want|i need|query|dispute|cancel|report|missed)\b|전화했|때문에|문의",
    re.IGNORECASE,
)
_PROMISE = re.compile(
    r"\b(i'll|i will|we'll|we will|i'm going to|i am going to|we're going to|we are going to|"
    r"you'll|you will|they'll|they will|the \w+ (team|crew) will)\b",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"^.*?\b(i'll|i will|we'll|we will|i'm going to|i am going to|we're going to|we are going to|you'll|you will|"
    r"they'll|they will)\s+(also\s+|just\s+)?(do is\s+)?((?:need|have) to\s+)?",
    re.IGNORECASE,
)
# The agent asking the customer: "please", "you need to", "just make sure" -> "Make sure".
_ASKED = re.compile(
    r"^\W*(?:(?:so|okay|ok|then|and|right),?\s+)*(?:you need to|you have to|you must|you should|please|just|"
    r"remember to|don't forget to|make sure you|be sure to)\s+(?:just\s+)?",
    re.IGNORECASE,
)
MIN_WHAT_WORDS = 3
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


ONE_TURN = "Only one turn was recognised in this call."


def summarize_extractive(
    turns: Sequence[Turn],
    language: str | None = None,
    taxonomy: Taxonomy = DEFAULT,
) -> Summary:
    """A grounded summary of ``turns`` by rules; never raises. ``language`` "ko"
    gives Korean text."""
    try:
        usable = [t for t in turns if isinstance(t, Turn) and isinstance(t.text, str) and t.text.strip()]
        if not usable:
            return _minimal(NO_SPEECH_KO if language == "ko" else "No speech was recognised in this call.")
        return _summarize(usable, language, taxonomy)
    except Exception as exc:  # the fallback of last resort must always answer
        log.warning("extractive summary failed (%s); returning a minimal summary", type(exc).__name__)
        return _minimal("The call could not be summarised.")


def _minimal(text: str) -> Summary:
    return Summary(
        summary=Cited(text),
        reason=Cited("Not stated."),
        resolution=SummaryResolution(Resolution.UNRESOLVED, "No resolution was stated.", needs_review=True),
        action_items=(),
        follow_up_required=False,
        customer_sentiment=CustomerSentiment(Sentiment.NEUTRAL, Sentiment.NEUTRAL),
        key_facts=(),
        generator=GENERATOR,
        model=MODEL,
    )


def _summarize(turns: list[Turn], language: str | None, taxonomy: Taxonomy) -> Summary:
    roles = party_roles(turns)
    customer = [t for t in turns if roles[t.speaker] is Role.CUSTOMER]
    reason_turn, reason = _reason(customer or turns)
    cues = find_cues(turns, roles)
    korean = language == "ko"
    read = list(action_items_from_cues(cues))
    if not korean:  # from the owner's side: "I'll call you back" -> "Call the customer back"
        speakers = {t.id: roles[t.speaker] for t in turns}
        read = [dataclasses.replace(i, what=_what(i.what, speakers.get(i.turn_ids[0], i.owner), i.when)) for i in read]
    reading = read_call(turns)
    resolution = decide(vote_from_cues(cues), None, learned=learned_vote(reading, cues, turns))
    items, follow_up_required = follow_up(read, resolution.status, reading)
    category = categorize_by_rules(turns, taxonomy, reason)[0]
    if korean:
        resolution = dataclasses.replace(resolution, text=resolution_text(resolution, turns))
        summary = korean_summary(turns, Cited(reason, (reason_turn.id,)), taxonomy.label(category, "ko"), resolution, items)
    else:
        resolution = dataclasses.replace(resolution, text=outcome_text(resolution, cues, items))
        summary = _stitch(reason_turn, reason, resolution, items, turns, roles)
        if len(turns) == 1:
            summary = Cited(f"{ONE_TURN} {summary.text}", summary.turn_ids)
    return Summary(
        summary=summary,
        reason=Cited(reason, (reason_turn.id,)),
        resolution=resolution,
        action_items=items,
        follow_up_required=follow_up_required,
        customer_sentiment=_sentiment(customer),
        key_facts=read_key_facts(turns),
        generator=GENERATOR,
        model=MODEL,
        category=category,
    )


def outcome_text(resolution: SummaryResolution, cues: Sequence[Cue], items: Sequence[ActionItem]) -> str:
    """The sentence that shows the outcome, in the call's own words."""
    evidence = set(resolution.evidence)
    sentence = next((c.sentence for c in reversed(cues) if c.turn_id in evidence), None)
    if resolution.status is Resolution.UNRESOLVED:
        if items:
            return f"Not resolved during the call: {items[0].what}"
        return f"Not resolved during the call: {sentence}" if sentence else "No resolution was stated."
    return sentence or resolution.status.value.capitalize()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def _reason(customer: Sequence[Turn]) -> tuple[Turn, str]:
    for t in customer[:4]:  # why they called is said early
        for sentence in _sentences(t.text):
            if _REASON_CUES.search(sentence):
                return t, sentence
    substantial = next((t for t in customer if len(t.text.split()) >= 6), customer[0])
    return substantial, clip(substantial.text, 200)


def _what(sentence: str, speaker: Role, when: str | None) -> str:
    """``sentence`` as a task: without its subject ("I'll", "you need to") or its
    deadline (shown apart), "you" read from the ``speaker``'s side."""
    text = _SUBJECT.sub("", sentence, count=1) if _PROMISE.search(sentence) else _ASKED.sub("", sentence, count=1)
    if when:
        without = re.sub(r"\s*\b(by|before|until|on|within)?\s*" + re.escape(when), "", text, count=1)
        # "I'll ring tomorrow" keeps its time rather than become "Ring".
        text = without if len(without.split()) >= MIN_WHAT_WORDS else text
    # The agent's "you" is the customer, and the other way round.
    target = "the customer" if speaker is Role.AGENT else "the agent"
    text = re.sub(r"\byour\b", f"{target}'s", text, flags=re.IGNORECASE)
    text = re.sub(r"\byou\b", target, text, flags=re.IGNORECASE)
    text = text.strip(" ,.;")
    return clip(text[:1].upper() + text[1:], 200) if text else clip(sentence, 200)


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
    said = next((by_id[i] for i in reversed(resolution.turn_ids) if i in by_id and resolution.text in by_id[i].text), None)
    if said is not None and resolution.status is not Resolution.UNRESOLVED:  # the sentence that shows the outcome
        parts.append(f"{label[roles[said.speaker]]}: {resolution.text}")
        ids.append(said.id)
    for turn, sentence in _fact_sentences(turns, roles):
        line = f"{label[roles[turn.speaker]]}: {sentence}"
        if sentence not in " ".join(parts):
            parts.append(line)
            ids.append(turn.id)
    for item in items[:2]:
        turn = by_id.get(item.turn_ids[0]) if item.turn_ids else None
        if turn is None:
            continue
        sentence = next((s for s in _sentences(turn.text) if item.when and item.when in s), None) or clip(turn.text, 160)
        speaker = label[roles[turn.speaker]]
        line = f"{speaker}: {sentence}"
        if line not in parts:
            parts.append(line)
            ids.append(turn.id)
    return Cited(clip(" ".join(parts), MAX_SUMMARY_CHARS), tuple(dict.fromkeys(ids)))


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

