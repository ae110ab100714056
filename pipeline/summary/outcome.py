"""A call's outcome from evidence: short questions to the LLM, cue rules, and how they combine.

Asked for the whole summary in one pass, the packaged 1.5B model labels
almost every call "resolved", whatever happened (measured with llama.cpp).
So the outcome is decided apart from the prose, from signals that each
cite turns:

    questions  after the transcript, two short yes/no questions
               (:data:`QUESTIONS`). A runtime that gives next-token
               probabilities (llama.cpp) is not asked to write anything: the
               probability of "yes" against "no" as the answer's first token,
               calibrated by the same question about an empty transcript (the
               model's bias, e.g. towards "yes"), is the answer and its
               confidence. Other runtimes write ``{"evidence": [turn ids],
               "answer": "yes" | "no"}`` under a JSON schema. The messages
               start with the same system message and transcript as the
               summary prompt, so llama.cpp reuses its KV cache for that
               prefix and only the question tokens are new
    cues       :mod:`pipeline.summary.cues`, the words of the call, in English
               and Korean, aware of negation and of who said them

:func:`decide` combines them into a :class:`SummaryResolution` with a
``confidence`` and the ``evidence`` turns; when the signals disagree it says
``needs_review`` instead of picking a default silently. The extractive
summary calls :func:`decide` with the cues alone.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, runtime_checkable

from pipeline.summary.cues import Cue, CueKind, cues_of
from pipeline.summary.engine import Choice, Completion, Message
from pipeline.summary.prompt import load_json_object
from pipeline.types import Resolution, Role, SummaryResolution, Turn

log = logging.getLogger(__name__)

YES, NO = "yes", "no"
MAX_EVIDENCE = 3
ANSWER_TOKENS = 32

# Short on purpose: every question token is evaluated anew for each call.
QUESTIONS: dict[str, str] = {
    "handoff": (
        "Question: did the agent pass the customer's case to someone else to deal with (a transfer, a supervisor, "
        "a manager, a specialist, complaints or fraud team)? A visit, letter or callback by the agent's side is no."
    ),
    "solved": (
        "Question: was the customer's problem solved, or their request done, by the end of the call? No if it "
        "still fails, could not be done, or waits for a visit, decision or callback; a refund or letter already "
        "arranged that only has to arrive is yes."
    ),
}
ANSWER_NOTE = 'JSON: "evidence", up to 3 turn numbers that show it, then "answer": "yes" or "no".'
CHOICE_NOTE = "Answer yes or no."
EMPTY_TRANSCRIPT = "(no transcript)"

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "evidence": {"type": "array", "items": {"type": "integer", "minimum": 0}, "maxItems": MAX_EVIDENCE},
        "answer": {"type": "string", "enum": [YES, NO]},
    },
    "required": ["evidence", "answer"],
    "additionalProperties": False,
}

# How much each kind of signal is trusted, before agreement is counted. A model
# answer read from token probabilities carries its own (calibrated) confidence;
# MODEL_CONFIDENCE is for one that was written out.
CUE_CONFIDENCE = 0.7
MODEL_CONFIDENCE = 0.65
AGREE_CONFIDENCE = 0.9
DISAGREE_CONFIDENCE = 0.45
DEFAULT_CONFIDENCE = 0.5
LEARNED_SURE = 0.6  # the learned model's probability above which its resolution stands


class Asker(Protocol):
    name: str
    model: str

    def complete(self, messages: Sequence[Message], schema: dict[str, Any], *, max_tokens: int, deadline: float) -> Completion: ...


@runtime_checkable
class Chooser(Protocol):
    """A runtime that can say how likely each one-token answer is (llama.cpp)."""

    name: str
    model: str

    def choose(self, messages: Sequence[Message], labels: Sequence[str], *, deadline: float) -> Choice: ...


@dataclass(frozen=True)
class Answer:
    question: str  # a key of QUESTIONS
    yes: bool
    evidence: tuple[int, ...]
    probability: float | None = None  # of this answer, calibrated; None when the model wrote it out


@dataclass(frozen=True)
class Vote:
    status: Resolution
    evidence: tuple[int, ...]
    confidence: float
    source: str  # "cues" | "model" (the LLM) | "learned" (pipeline.summary.outcome_model)
    strong: bool = False  # an explicit statement: a transfer said by the agent, a failure said by the customer
    default: bool = False  # no cue at all: nothing open, failing or handed on was said


def question_messages(prefix: Sequence[Message], question: str, note: str = ANSWER_NOTE) -> list[Message]:
    """``prefix`` is the summary prompt's system message and transcript: the question
    is appended to the transcript's user message, so the tokens before it are shared."""
    *head, last = prefix
    return [*head, Message(last.role, last.content + "\n\n" + QUESTIONS[question] + "\n" + note)]


def ask(
    engine: Asker, prefix: Sequence[Message], question: str, valid_turn_ids: Sequence[int], deadline: float
) -> Answer | None:
    """The model's answer to one question; None when it does not fit the schema."""
    if isinstance(engine, Chooser):
        return _ask_by_probability(engine, prefix, question, deadline)
    data = _complete_json(engine, question_messages(prefix, question), ANSWER_SCHEMA, deadline, question)
    if data is None:
        return None
    answer = str(data.get("answer", "")).strip().lower()
    if answer not in (YES, NO):
        return None
    valid = set(valid_turn_ids)
    raw = data.get("evidence", [])
    evidence = tuple(dict.fromkeys(i for i in raw if isinstance(i, int) and i in valid)) if isinstance(raw, list) else ()
    return Answer(question, answer == YES, evidence[:MAX_EVIDENCE])


def _ask_by_probability(engine: Chooser, prefix: Sequence[Message], question: str, deadline: float) -> Answer:
    choice = engine.choose(question_messages(prefix, question, CHOICE_NOTE), (YES, NO), deadline=deadline)
    p_yes = calibrated(choice.probabilities[YES], _prior_yes(engine, prefix[0], question, deadline))
    log.debug("question %s: p(yes) %.2f, calibrated %.2f, in %.2f s", question, choice.probabilities[YES], p_yes, choice.seconds)
    yes = p_yes >= 0.5
    return Answer(question, yes, (), round(p_yes if yes else 1.0 - p_yes, 3))


def calibrated(p_yes: float, prior_yes: float) -> float:
    """``p_yes`` with the model's own lean removed: each answer's probability is
    divided by its probability for a transcript that says nothing (contextual
    calibration), so a model that says "yes" to anything gives 0.5 where the
    call gives it no reason to."""
    prior_yes = min(max(prior_yes, 0.01), 0.99)
    yes, no = p_yes / prior_yes, (1.0 - p_yes) / (1.0 - prior_yes)
    return yes / (yes + no)


_PRIORS: dict[tuple[str, str, str, str], dict[str, float]] = {}


def prime(engine: Chooser, system: Message, deadline: float) -> None:
    """Ask the empty-transcript questions now (when the model is loaded), so
    that a call's questions find its transcript still in the KV cache."""
    for question in QUESTIONS:
        _prior_yes(engine, system, question, deadline)


def _prior_yes(engine: Chooser, system: Message, question: str, deadline: float) -> float:
    """P("yes") for the question about an empty transcript."""
    ask_about = partial(question_messages, question=question, note=CHOICE_NOTE)
    return empty_transcript_probabilities(engine, system, question, ask_about, (YES, NO), deadline)[YES]


def empty_transcript_probabilities(
    engine: Chooser,
    system: Message,
    question: str,
    ask_about: Callable[[list[Message]], list[Message]],
    labels: Sequence[str],
    deadline: float,
) -> dict[str, float]:
    """Each label's probability as the answer about a transcript that says
    nothing (the model's own lean, which calibration divides out); asked once
    per model, system prompt and ``question`` (a key naming the question)."""
    key = (engine.name, engine.model, system.content, question)
    if key not in _PRIORS:
        empty = [system, Message("user", "Call transcript:\n" + EMPTY_TRANSCRIPT)]
        _PRIORS[key] = engine.choose(ask_about(empty), labels, deadline=deadline).probabilities
    return _PRIORS[key]


def _complete_json(
    engine: Asker, messages: Sequence[Message], schema: dict[str, Any], deadline: float, what: str
) -> dict[str, Any] | None:
    completion = engine.complete(messages, schema, max_tokens=ANSWER_TOKENS, deadline=deadline)
    log.debug(
        "question %s: %d prompt + %d generated tokens in %.2f s",
        what,
        completion.prompt_tokens,
        completion.completion_tokens,
        completion.seconds,
    )
    try:
        return load_json_object(completion.text)
    except ValueError:
        log.warning("question %s: the answer is not JSON", what)
        return None


def vote_from_cues(cues: Sequence[Cue]) -> Vote | None:
    """The outcome the cue rules point to; None when the call says nothing about it.

    A transfer by the agent is escalated. Otherwise the last word on whether it
    works decides: the customer saying it still fails (after any confirmation)
    is unresolved; a confirmation by the customer, or the agent saying it is
    done, is resolved unless the customer says it still fails after that, or
    (with no confirmation) the agent says after it that they can do no more or
    that the fix waits for a visit or callback ("I've reset it ... I'm afraid
    I can't do any more from here"; a visit booked in the same breath as the
    "done" counts when a failure was reported). With neither, a fix that waits
    for after the call (a visit, a callback, a decision) or the agent saying
    it cannot be done is unresolved; something only to be delivered (a
    letter, a refund to arrive) leaves it resolved.
    With no cue at all the call is taken as resolved (an answered question)
    and marked for review.
    """
    handoff = cues_of(cues, CueKind.HANDOFF)
    if handoff:
        return Vote(Resolution.ESCALATED, _ids(handoff), CUE_CONFIDENCE, "cues", strong=True)
    failing = cues_of(cues, CueKind.STILL_FAILING)
    solved = cues_of(cues, CueKind.CONFIRMED) + cues_of(cues, CueKind.DONE)
    last_failing = max((c.turn_id for c in failing), default=-1)
    last_solved = max((c.turn_id for c in solved), default=-1)
    if failing and last_failing >= last_solved:
        return Vote(Resolution.UNRESOLVED, _ids(failing[-2:]), CUE_CONFIDENCE, "cues", strong=True)
    open_work = sorted(cues_of(cues, CueKind.PENDING) + cues_of(cues, CueKind.CANNOT), key=lambda c: c.turn_id)
    confirmed = cues_of(cues, CueKind.CONFIRMED)
    last_open = max((c.turn_id for c in open_work), default=-1)
    # Work left open after the last "done" (an "I can't do any more", a visit
    # booked), or with it after a failure was reported, outweighs the "done".
    open_after = last_open > last_solved or (last_open == last_solved and bool(failing))
    if solved and (confirmed or not open_after):
        return Vote(Resolution.RESOLVED, _ids(solved[-2:]), CUE_CONFIDENCE, "cues", strong=bool(confirmed))
    if open_work:
        return Vote(Resolution.UNRESOLVED, _ids(open_work[-2:]), CUE_CONFIDENCE - 0.1, "cues")
    delivery = cues_of(cues, CueKind.DELIVERY)
    if delivery:
        return Vote(Resolution.RESOLVED, _ids(delivery[-2:]), CUE_CONFIDENCE - 0.1, "cues")
    return Vote(Resolution.RESOLVED, (), DEFAULT_CONFIDENCE, "cues", default=True)


def vote_from_answers(answers: dict[str, Answer], turns: Sequence[Turn], cues: Sequence[Cue] = ()) -> Vote | None:
    """The outcome the model's answers point to. A written "yes" to the hand-off
    counts only with evidence in an agent's turn: the model says "yes" to a
    customer asking for a manager who never comes. An answer read from
    probabilities names no turns; it cites those of :func:`supporting_turns`."""
    roles = {t.id: t.role for t in turns}
    handoff = answers.get("handoff")
    solved = answers.get("solved")
    if handoff is not None and solved is not None and handoff.yes and solved.yes:
        # Handed to someone else and solved in the call at once: the answers
        # contradict each other. Read from probabilities, the likelier one
        # stands; written out, the packaged model answers "yes" to both on
        # nearly every call, so such a pair says nothing.
        if handoff.probability is None or solved.probability is None:
            log.debug("the model's outcome answers contradict each other; not counted")
            return None
        if handoff.probability < solved.probability:
            handoff = None
    if handoff is not None and handoff.yes:
        if handoff.probability is not None:
            return Vote(Resolution.ESCALATED, supporting_turns(Resolution.ESCALATED, cues, turns), handoff.probability, "model")
        if any(roles.get(i) is not Role.CUSTOMER for i in handoff.evidence):
            return Vote(Resolution.ESCALATED, handoff.evidence, MODEL_CONFIDENCE, "model")
    if solved is None:
        return None
    status = Resolution.RESOLVED if solved.yes else Resolution.UNRESOLVED
    if solved.probability is None:
        return Vote(status, solved.evidence, MODEL_CONFIDENCE, "model")
    return Vote(status, supporting_turns(status, cues, turns), solved.probability, "model")


# The cue kinds that speak for each outcome, whichever way the cue rules decided.
_SUPPORT: dict[Resolution, tuple[CueKind, ...]] = {
    Resolution.ESCALATED: (CueKind.HANDOFF,),
    Resolution.UNRESOLVED: (CueKind.STILL_FAILING, CueKind.CANNOT, CueKind.PENDING),
    Resolution.RESOLVED: (CueKind.CONFIRMED, CueKind.DONE, CueKind.DELIVERY),
}


def supporting_turns(status: Resolution, cues: Sequence[Cue], turns: Sequence[Turn]) -> tuple[int, ...]:
    """The turns to check for a model answer read from probabilities, which
    names none: the last cues of the kinds that speak for ``status`` (a weak
    "we'll send an engineer" when the model says unresolved over a "thanks,
    that's great"), else the call's closing turn of each party, where an
    outcome is usually stated."""
    kinds = _SUPPORT[status]
    found = [c for c in cues if c.kind in kinds]
    if found:
        return _ids(found[-MAX_EVIDENCE:])
    closing: dict[Role, int] = {}
    for turn in turns:
        if turn.text.strip():
            closing[turn.role] = turn.id
    return tuple(sorted(closing.values()))[:MAX_EVIDENCE]


def decide(
    cue_vote: Vote | None, model_vote: Vote | None, text: str = "", learned: Vote | None = None
) -> SummaryResolution:
    """Combine the opinions. Agreement raises the confidence; disagreement
    marks the call for review and keeps the cue rules' outcome where the call
    said something about it, the model's where it said nothing (no cue at
    all). On 30 held-out English calls the packaged model's answers alone
    were right on 19 and the cue rules alone on 26; letting the surer of the
    two win a disagreement gave no more (26), and on 43 development calls one
    fewer than the cues alone.

    ``learned``: the learned model's reading of the whole call
    (:mod:`pipeline.summary.outcome_model`), which has the last word where it
    is sure (:data:`LEARNED_SURE`)."""
    decided = _decide(cue_vote, model_vote, text)
    if learned is None:
        return decided
    if learned.status is not decided.status:
        if learned.confidence < LEARNED_SURE:
            return decided
        log.debug("resolution: the learned model (%.2f) overrules the cue rules and the LLM", learned.confidence)
        return SummaryResolution(learned.status, text, learned.evidence, round(learned.confidence, 2), learned.evidence, True)
    by_default_only = model_vote is None and cue_vote is not None and cue_vote.default
    if by_default_only and learned.confidence >= LEARNED_SURE:  # no cue at all, and the model reads the call the same way
        return dataclasses.replace(decided, evidence=learned.evidence, turn_ids=learned.evidence, needs_review=False)
    return decided


def _decide(cue_vote: Vote | None, model_vote: Vote | None, text: str) -> SummaryResolution:
    if cue_vote is None and model_vote is None:
        return SummaryResolution(
            Resolution.UNRESOLVED, text or "Nothing in the call shows the problem was resolved.", (), None, (), True
        )
    if cue_vote is None or model_vote is None:
        only = cue_vote or model_vote
        assert only is not None
        return SummaryResolution(only.status, text, only.evidence, round(only.confidence, 2), only.evidence, only.default)
    if cue_vote.status is model_vote.status:
        evidence = tuple(dict.fromkeys((*cue_vote.evidence, *model_vote.evidence)))[: MAX_EVIDENCE + 1]
        confidence = max(AGREE_CONFIDENCE, 1 - (1 - cue_vote.confidence) * (1 - model_vote.confidence))
        return SummaryResolution(cue_vote.status, text, evidence, round(confidence, 2), evidence, False)
    chosen = model_vote if cue_vote.default else cue_vote
    return SummaryResolution(chosen.status, text, chosen.evidence, DISAGREE_CONFIDENCE, chosen.evidence, True)


def _ids(cues: Sequence[Cue]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(c.turn_id for c in cues))[:MAX_EVIDENCE]
