"""How the model's answers and the cue rules combine into a resolution, and the questions' prompts."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

from pipeline.summary.cues import find_cues
from pipeline.summary.engine import Choice, Completion, Message, choice_from_logits
from pipeline.summary.outcome import (
    ANSWER_SCHEMA,
    CHOICE_NOTE,
    EMPTY_TRANSCRIPT,
    Answer,
    Chooser,
    Vote,
    ask,
    calibrated,
    decide,
    prime,
    question_messages,
    vote_from_answers,
    vote_from_cues,
)
from pipeline.summary.prompt import build_messages, transcript_messages
from pipeline.types import Resolution, Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER

STILL_BROKEN = (
    turn(0, "a", A, 0, 4, "Vyne Mobile, how can I help?"),
    turn(1, "c", C, 4, 8, "My mobile data has stopped working."),
    turn(2, "a", A, 8, 12, "I've sent the settings again. That should fix it."),
    turn(3, "c", C, 12, 16, "Okay, it's back on. Still nothing loads."),
    turn(4, "a", A, 16, 20, "I'll check the mast and call you back this afternoon."),
    turn(5, "c", C, 20, 22, "Thanks for your help."),
)


def test_the_customer_saying_it_still_fails_outweighs_the_agents_hope_and_a_polite_thanks() -> None:
    vote = vote_from_cues(find_cues(STILL_BROKEN))
    assert vote is not None and vote.status is Resolution.UNRESOLVED and vote.strong
    assert 3 in vote.evidence


def test_agreeing_signals_give_a_confident_resolution_with_their_evidence() -> None:
    cues = Vote(Resolution.ESCALATED, (6,), 0.7, "cues", strong=True)
    model = Vote(Resolution.ESCALATED, (6, 8), 0.65, "model")
    result = decide(cues, model, "Passed to the fraud team.")
    assert result.status is Resolution.ESCALATED and not result.needs_review
    assert result.evidence == (6, 8) and result.confidence is not None and result.confidence >= 0.9
    assert result.text == "Passed to the fraud team."


def test_disagreement_is_marked_for_review_and_the_cues_win_where_the_call_said_something() -> None:
    strong_cue = Vote(Resolution.UNRESOLVED, (3,), 0.7, "cues", strong=True)
    model = Vote(Resolution.RESOLVED, (5,), 0.65, "model")
    result = decide(strong_cue, model)
    assert (result.status, result.needs_review, result.evidence) == (Resolution.UNRESOLVED, True, (3,))
    assert result.confidence is not None and result.confidence < 0.5

    weak_cue = Vote(Resolution.UNRESOLVED, (4,), 0.6, "cues")
    sure = Vote(Resolution.RESOLVED, (), 0.9, "model")
    assert decide(weak_cue, sure).status is Resolution.UNRESOLVED
    assert decide(weak_cue, sure).needs_review


def test_where_the_call_says_nothing_about_the_outcome_the_model_decides() -> None:
    nothing_said = vote_from_cues(())
    assert nothing_said is not None and decide(nothing_said, Vote(Resolution.UNRESOLVED, (), 0.51, "model")).status is Resolution.UNRESOLVED


def test_contradicting_probability_answers_keep_the_likelier() -> None:
    handed_on = {"handoff": Answer("handoff", True, (), 0.68), "solved": Answer("solved", True, (), 0.51)}
    assert vote_from_answers(handed_on, STILL_BROKEN).status is Resolution.ESCALATED  # type: ignore[union-attr]
    solved = {"handoff": Answer("handoff", True, (), 0.55), "solved": Answer("solved", True, (), 0.8)}
    assert vote_from_answers(solved, STILL_BROKEN).status is Resolution.RESOLVED  # type: ignore[union-attr]


def test_no_signal_at_all_is_never_a_silent_default() -> None:
    result = decide(None, None)
    assert result.needs_review and result.confidence is None
    nothing_said = vote_from_cues(())
    assert nothing_said is not None and nothing_said.default
    assert decide(nothing_said, None).needs_review


def test_a_handoff_answer_needs_evidence_in_the_organisations_turns() -> None:
    customer_asks = {"handoff": Answer("handoff", True, (1,)), "solved": Answer("solved", False, (3,))}
    vote = vote_from_answers(customer_asks, STILL_BROKEN)
    assert vote is not None and vote.status is Resolution.UNRESOLVED
    agent_hands_on = {"handoff": Answer("handoff", True, (4,))}
    assert vote_from_answers(agent_hands_on, STILL_BROKEN).status is Resolution.ESCALATED  # type: ignore[union-attr]


class OneAnswer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.asked: list[Sequence[Message]] = []

    def complete(self, messages: Sequence[Message], schema: dict[str, Any], *, max_tokens: int, deadline: float) -> Completion:
        assert schema is ANSWER_SCHEMA and max_tokens <= 64
        self.asked.append(messages)
        return Completion(self.text, "stop", 10, 5, 0.01)


def test_a_question_shares_the_summary_prompts_start_and_keeps_only_real_turn_ids() -> None:
    lines = ["[0] Agent: Hello.", "[1] Customer: It still fails."]
    prefix = transcript_messages(lines)
    summary_prompt = build_messages(lines)
    question = question_messages(prefix, "solved")
    # Same system message, and the user message starts with the same transcript: a KV cache reuses it.
    assert question[0] == summary_prompt[0]
    shared = prefix[1].content
    assert summary_prompt[1].content.startswith(shared) and question[1].content.startswith(shared)

    engine = OneAnswer(json.dumps({"evidence": [1, 7], "answer": "no"}))
    answer = ask(engine, prefix, "solved", [0, 1], time.monotonic() + 10)
    assert answer == Answer("solved", False, (1,))
    assert ask(OneAnswer("nonsense"), prefix, "solved", [0, 1], time.monotonic() + 10) is None




def test_contradictory_answers_say_nothing() -> None:
    # Passed to someone else *and* solved in the call: the packaged model answers
    # "yes" to both on nearly every call, so such a pair is not counted.
    both = {"handoff": Answer("handoff", True, (4,)), "solved": Answer("solved", True, (4,))}
    assert vote_from_answers(both, STILL_BROKEN) is None
    cues = vote_from_cues(find_cues(STILL_BROKEN))
    assert decide(cues, vote_from_answers(both, STILL_BROKEN)).status is Resolution.UNRESOLVED


class Probabilities:
    """A runtime that reads answers from next-token probabilities: "yes" with
    ``p_yes`` for a call, ``prior`` for the empty transcript."""

    name = "fake"
    model = "leans-yes"

    def __init__(self, p_yes: float, prior: float) -> None:
        self.p_yes, self.prior = p_yes, prior
        self.asked: list[Sequence[Message]] = []

    def choose(self, messages: Sequence[Message], labels: Sequence[str], *, deadline: float) -> Choice:
        assert tuple(labels) == ("yes", "no")
        self.asked.append(messages)
        p = self.prior if EMPTY_TRANSCRIPT in messages[-1].content else self.p_yes
        return Choice({"yes": p, "no": 1 - p}, 0.9, 12, 0.01)


def test_an_answer_read_from_probabilities_is_calibrated_against_the_empty_transcript() -> None:
    prefix = transcript_messages(["[0] Agent: Hello.", "[1] Customer: It still fails."])
    engine = Probabilities(p_yes=0.6, prior=0.7)
    assert isinstance(engine, Chooser)
    answer = ask(engine, prefix, "solved", [0, 1], time.monotonic() + 10)
    # 0.6 is below what the model says to an empty transcript: a "no", with its calibrated probability.
    assert answer is not None and not answer.yes and answer.evidence == ()
    assert answer.probability == round(1 - calibrated(0.6, 0.7), 3) and 0.5 < answer.probability < 0.7
    assert engine.asked[0][-1].content.endswith(CHOICE_NOTE)
    assert ask(Probabilities(0.9, 0.7), prefix, "solved", [0, 1], time.monotonic() + 10).yes  # type: ignore[union-attr]


def test_calibration_removes_the_models_lean() -> None:
    assert calibrated(0.7, 0.7) == 0.5
    assert calibrated(0.5, 0.5) == 0.5
    assert calibrated(0.9, 0.7) > 0.7 and calibrated(0.4, 0.7) < 0.3
    assert 0.0 < calibrated(0.999, 1.0) <= 1.0  # a prior at the edge is clamped


def test_priming_asks_each_question_about_an_empty_transcript_once() -> None:
    engine = Probabilities(p_yes=0.6, prior=0.55)
    engine.model = "primed-once"
    system = transcript_messages([])[0]
    prime(engine, system, time.monotonic() + 10)
    prime(engine, system, time.monotonic() + 10)
    assert len(engine.asked) == 2 and all(EMPTY_TRANSCRIPT in m[-1].content for m in engine.asked)
    ask(engine, transcript_messages(["[0] Agent: Hello."]), "handoff", [0], time.monotonic() + 10)
    assert len(engine.asked) == 3  # the call's question only


def test_a_probability_answer_gives_the_vote_its_confidence() -> None:
    handed_on = {"handoff": Answer("handoff", True, (), 0.8), "solved": Answer("solved", False, (), 0.6)}
    vote = vote_from_answers(handed_on, STILL_BROKEN)
    assert vote is not None and vote.status is Resolution.ESCALATED and vote.confidence == 0.8
    open_call = {"handoff": Answer("handoff", False, (), 0.7), "solved": Answer("solved", False, (), 0.62)}
    vote = vote_from_answers(open_call, STILL_BROKEN)
    assert vote is not None and (vote.status, vote.confidence) == (Resolution.UNRESOLVED, 0.62)


def test_label_probabilities_come_from_a_softmax_over_the_whole_vocabulary() -> None:
    logits = [0.0] * 10
    logits[3], logits[7] = 5.0, 4.0
    choice = choice_from_logits(logits, {"yes": 3, "no": 7}, 20, 0.1)
    assert choice.best == "yes" and abs(sum(choice.probabilities.values()) - 1) < 1e-9
    assert 0.7 < choice.probabilities["yes"] < 0.75 and 0.9 < choice.mass < 1


def test_a_probability_answer_cites_the_cues_that_speak_for_it_or_else_the_closing_turns() -> None:
    cues = find_cues(STILL_BROKEN)
    open_call = {"handoff": Answer("handoff", False, (), 0.7), "solved": Answer("solved", False, (), 0.9)}
    vote = vote_from_answers(open_call, STILL_BROKEN, cues)
    assert vote is not None and vote.status is Resolution.UNRESOLVED and 3 in vote.evidence
    solved = {"handoff": Answer("handoff", False, (), 0.7), "solved": Answer("solved", True, (), 0.9)}
    vote = vote_from_answers(solved, STILL_BROKEN, cues)
    assert vote is not None and vote.status is Resolution.RESOLVED and vote.evidence == (3,)  # "it's back on"
    result = decide(vote_from_cues(cues), vote)
    assert result.evidence == (3,) and result.needs_review
    quiet = (
        turn(0, "a", A, 0, 2, "Hello, Eastmoor Council."),
        turn(1, "c", C, 2, 4, "Hi, it's about my bins."),
        turn(2, "a", A, 4, 6, "Right, noted."),
        turn(3, "c", C, 6, 8, "Okay, bye."),
    )
    handed_on = {"handoff": Answer("handoff", True, (), 0.8), "solved": Answer("solved", False, (), 0.6)}
    vote = vote_from_answers(handed_on, quiet, find_cues(quiet))
    assert vote is not None and vote.status is Resolution.ESCALATED
    assert vote.evidence == (2, 3)  # nothing in the call says so: the last words of each party


def test_a_dead_end_after_the_agents_done_leaves_the_call_unresolved() -> None:
    reset_then_stuck = (
        turn(0, "a", A, 0, 2, "Parking services."),
        turn(1, "c", C, 2, 4, "Your website keeps declining my card."),
        turn(2, "a", A, 4, 6, "I've reset the session, try it again now."),
        turn(3, "a", A, 6, 8, "Then I'm afraid I can't do any more from here."),
    )
    vote = vote_from_cues(find_cues(reset_then_stuck))
    assert vote is not None and vote.status is Resolution.UNRESOLVED and vote.evidence == (3,)


def test_a_visit_booked_on_request_is_done_but_one_booked_after_a_failed_repair_is_not() -> None:
    booking = (
        turn(0, "c", C, 0, 2, "I'd like to book an engineer for my boiler service."),
        turn(1, "a", A, 2, 4, "That's booked. The engineer will text you before they arrive."),
        turn(2, "c", C, 4, 6, "Great, thanks."),
    )
    vote = vote_from_cues(find_cues(booking))
    assert vote is not None and vote.status is Resolution.RESOLVED
    repair_failed = (
        turn(0, "c", C, 0, 2, "어제 고쳐 주셨는데 오늘 또 새요."),
        turn(1, "a", A, 2, 4, "네, 재방문 접수 완료됐고요 기사님이 출발 전에 전화드릴 거예요."),
        turn(2, "c", C, 4, 6, "네 감사합니다."),
    )
    vote = vote_from_cues(find_cues(repair_failed))
    assert vote is not None and vote.status is Resolution.UNRESOLVED


def test_a_handoff_refused_leaves_the_call_open_and_a_referral_made_escalates_it() -> None:
    refused = (
        turn(0, "c", C, 0, 2, "I want to take this higher."),
        turn(1, "a", A, 2, 4, "There's no team leader here I can transfer you to, and we don't handle complaints on this line."),
        turn(2, "c", C, 4, 6, "Great. Bye then."),
    )
    vote = vote_from_cues(find_cues(refused))
    assert vote is not None and vote.status is Resolution.UNRESOLVED and vote.evidence == (1,)
    referred = (
        turn(0, "c", C, 0, 2, "I can't keep up with the council tax any more."),
        turn(1, "a", A, 2, 4, "Our welfare support team can look at that, so I'm sending your details to them now."),
        turn(2, "a", A, 4, 6, "The referral has been made and they'll ring you next week."),
    )
    vote = vote_from_cues(find_cues(referred))
    assert vote is not None and vote.status is Resolution.ESCALATED


def test_a_done_that_is_only_a_condition_for_later_does_not_resolve_the_call() -> None:
    waiting = (
        turn(0, "c", C, 0, 2, "Can I move the direct debit to my partner's account?"),
        turn(1, "a", A, 2, 4, "I'm not allowed to take someone else's bank details, he'd need to phone us himself."),
        turn(2, "a", A, 4, 6, "As long as it's set up before the due date there's no penalty."),
    )
    vote = vote_from_cues(find_cues(waiting))
    assert vote is not None and vote.status is Resolution.UNRESOLVED


def test_a_call_that_ends_on_a_dead_line_or_a_wrong_number_is_unresolved() -> None:
    for closing in ("고객님, 소리가 들리지 않아 끊겠습니다.", "I can't hear you at all, I'm going to end the call."):
        dead = (turn(0, "a", A, 0, 2, "Hello, city council."), turn(1, "c", C, 2, 4, "Hi, it's about..."), turn(2, "a", A, 4, 6, closing))
        vote = vote_from_cues(find_cues(dead))
        assert vote is not None and vote.status is Resolution.UNRESOLVED, closing
