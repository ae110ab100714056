"""The learned reading of the outcome, beside the cue rules (pipeline.summary.outcome_model).

The shipped models are measured on real labelled calls by test_dev_outcomes.py; these tests train
small models on a few calls to check how their readings are weighed with the rules'."""

from __future__ import annotations

import pytest

from pipeline.summary import outcome, outcome_model, text_model
from pipeline.summary.extractive import summarize_extractive
from pipeline.summary.outcome import Vote, decide
from pipeline.types import ActionItem, Resolution, Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER
RESOLVED, UNRESOLVED, ESCALATED = Resolution.RESOLVED, Resolution.UNRESOLVED, Resolution.ESCALATED

# Closings no cue phrase holds, each outcome said three ways.
CLOSINGS = [
    ("dave brings the glasses on the van tuesday", "yes"),
    ("the van diary has a note so dave brings them tuesday", "yes"),
    ("dave will have them on the van for you tuesday", "yes"),
    ("lovely that is everything ta", "no"),
    ("that is everything lovely ta", "no"),
    ("ta lovely that is the lot", "no"),
]


def call(closing: str) -> tuple:
    return (
        turn(0, "a", A, 0, 3, "Mobile library, Sue speaking."),
        turn(1, "c", C, 3, 8, "I left my reading glasses on the van."),
        turn(2, "a", A, 8, 12, closing),
    )


@pytest.fixture
def follow_up_model(monkeypatch: pytest.MonkeyPatch) -> text_model.TextModel:
    monkeypatch.setattr(text_model, "MIN_CALLS", 1)
    monkeypatch.setattr(outcome_model, "MIN_WORDS", 0)  # these made-up calls are short
    model = text_model.train((outcome_model.model_texts(call(text)), label) for text, label in CLOSINGS)
    monkeypatch.setattr(text_model, "load", lambda path: model if path == outcome_model.FOLLOW_UP_FILE else None)
    return model


def vote(status: Resolution, confidence: float, source: str = "cues", *, default: bool = False) -> Vote:
    return Vote(status, (2,), confidence, source, default=default)


def test_the_outcome_models_read_the_closing_turns_apart_and_each_party_whole() -> None:
    turns = (
        turn(0, "a", A, 0, 3, "Hello, Council."),
        turn(1, "c", C, 3, 6, "It's about my bin."),
        turn(2, "a", A, 6, 9, "Right."),
        turn(3, "c", C, 9, 12, "It wasn't emptied."),
        turn(4, "a", A, 12, 15, "I'll book a return visit."),
        turn(5, "c", C, 15, 18, "Thanks."),
    )
    text = outcome_model.model_texts(turns)
    assert outcome_model.CLOSING_TURNS == 4
    assert text.focus == (("right.", 1), ("it wasnt emptied.", 1), ("ill book a return visit.", 1), ("thanks.", 1))
    assert text.customer == "its about my bin. it wasnt emptied. thanks."
    assert text.agent == "hello, council. right. ill book a return visit."


def test_the_learned_resolution_stands_where_it_is_sure_and_asks_for_review() -> None:
    sure = vote(ESCALATED, 0.9, "learned")
    decided = decide(vote(RESOLVED, 0.7), None, learned=sure)
    assert decided.status is ESCALATED and decided.needs_review and decided.confidence == 0.9 and decided.evidence == (2,)
    unsure = vote(ESCALATED, outcome.LEARNED_SURE - 0.01, "learned")
    assert decide(vote(RESOLVED, 0.7), None, learned=unsure) == decide(vote(RESOLVED, 0.7), None)
    # it overrules the LLM's answers as it does the cue rules
    assert decide(vote(RESOLVED, 0.7), vote(RESOLVED, 0.8, "model"), learned=sure).status is ESCALATED


def test_a_sure_agreement_with_a_default_outcome_needs_no_review() -> None:
    default = vote(RESOLVED, outcome.DEFAULT_CONFIDENCE, default=True)
    assert decide(default, None).needs_review
    assert not decide(default, None, learned=vote(RESOLVED, 0.8, "learned")).needs_review
    assert decide(default, None, learned=vote(RESOLVED, 0.55, "learned")).needs_review
    # a disagreement of the cue rules and the LLM stays for review whatever the learned model reads
    assert decide(vote(RESOLVED, 0.7), vote(UNRESOLVED, 0.8, "model"), learned=vote(RESOLVED, 0.9, "learned")).needs_review


def test_a_follow_up_the_rules_found_no_task_for(follow_up_model: text_model.TextModel) -> None:
    turns = call("I'll put a note in the van diary so Dave brings them Tuesday.")
    assert follow_up_model.probabilities(outcome_model.model_texts(turns))["yes"] >= outcome_model.SURE
    assert outcome_model.follow_up((), RESOLVED, outcome_model.read_call(turns)) == ((), True)
    assert summarize_extractive(turns).follow_up_required


def test_the_rules_tasks_are_dropped_where_the_model_is_sure_none_is_left(follow_up_model: text_model.TextModel) -> None:
    turns = call("Lovely, that is everything, ta.")
    task = ActionItem(C, "Take the morning off", None, (2,))
    assert 1 - follow_up_model.probabilities(outcome_model.model_texts(turns))["yes"] >= outcome_model.SURE_NONE
    assert outcome_model.follow_up((task,), RESOLVED, outcome_model.read_call(turns)) == ((), False)
    # a site's own LLM's tasks stand; an escalated call always needs a follow-up
    assert outcome_model.follow_up((task,), RESOLVED, outcome_model.read_call(turns), from_site_model=True) == ((task,), True)
    assert outcome_model.follow_up((), ESCALATED, outcome_model.read_call(turns)) == ((), True)


def test_where_the_model_is_unsure_the_rules_tasks_decide(
    follow_up_model: text_model.TextModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outcome_model, "SURE", 1.01)
    monkeypatch.setattr(outcome_model, "SURE_NONE", 1.01)
    task = ActionItem(C, "Take the morning off", None, (2,))
    done, open_ = call("Lovely, that is everything, ta."), call("Dave brings them on the van Tuesday.")
    assert outcome_model.follow_up((task,), RESOLVED, outcome_model.read_call(done)) == ((task,), True)
    assert outcome_model.follow_up((), RESOLVED, outcome_model.read_call(open_)) == ((), False)


def test_a_short_call_is_left_to_the_rules(follow_up_model: text_model.TextModel, monkeypatch: pytest.MonkeyPatch) -> None:
    turns = call("I'll put a note in the van diary so Dave brings them Tuesday.")
    monkeypatch.setattr(outcome_model, "MIN_WORDS", 60)
    assert outcome_model.follow_up((), RESOLVED, outcome_model.read_call(turns)) == ((), False)
    monkeypatch.setattr(outcome_model, "MIN_WORDS", 0)
    assert outcome_model.follow_up((), RESOLVED, outcome_model.read_call(turns)) == ((), True)


@pytest.mark.usefixtures("cue_rules_alone")
def test_without_the_model_files_the_rules_decide() -> None:
    turns = call("Dave brings them on the van Tuesday.")
    assert outcome_model.learned_vote(outcome_model.read_call(turns), (), turns) is None
    assert outcome_model.follow_up((), RESOLVED, outcome_model.read_call(turns)) == ((), False)
