"""The category from the model's letter probabilities, calibrated and weighed with the keywords."""

from __future__ import annotations

import time
from collections.abc import Sequence

from pipeline.summary import category_choice
from pipeline.summary.category import DEFAULT, Category, Taxonomy
from pipeline.summary.engine import Choice, Message
from pipeline.summary.outcome import EMPTY_TRANSCRIPT, Chooser
from pipeline.summary.prompt import transcript_messages
from pipeline.types import Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER


class Letters:
    """A runtime that answers each lettered question with fixed probabilities."""

    name = "letters"

    def __init__(self, call: dict[str, float], empty: dict[str, float], model: str = "fixed") -> None:
        self.call, self.empty, self.model = call, empty, model
        self.asked: list[Sequence[Message]] = []

    def choose(self, messages: Sequence[Message], labels: Sequence[str], *, deadline: float) -> Choice:
        self.asked.append(messages)
        table = self.empty if EMPTY_TRANSCRIPT in messages[-1].content else self.call
        return Choice({label: table.get(label, 0.001) for label in labels}, 0.9, 30, 0.01)


def letters(**by_id: float) -> dict[str, float]:
    """Probabilities keyed by the default taxonomy's letters, given by category id."""
    return {category_choice.LETTERS[DEFAULT.ids.index(k)]: v for k, v in by_id.items()}


UNEVEN = letters(billing=0.4, other=0.4, refund=0.2)  # the model's lean with nothing to go on


def test_the_question_lists_the_categories_by_letter_after_the_transcript() -> None:
    prefix = transcript_messages(["[0] Customer: My bill is wrong."])
    messages = category_choice.question_messages(prefix, DEFAULT)
    assert messages[0] == prefix[0] and messages[-1].content.startswith(prefix[-1].content)
    assert "A. Lost card or fraud" in messages[-1].content and messages[-1].content.endswith("Answer with the letter.")


def test_probabilities_are_divided_by_the_models_lean_on_an_empty_transcript() -> None:
    engine = Letters(call=letters(billing=0.5, other=0.3, refund=0.2), empty=UNEVEN, model="lean")
    assert isinstance(engine, Chooser)
    prefix = transcript_messages(["[0] Customer: I was charged twice."])
    p = category_choice.category_probabilities(engine, prefix, DEFAULT, time.monotonic() + 10)
    assert set(p) == set(DEFAULT.ids) and abs(sum(p.values()) - 1) < 1e-9
    # billing 0.5/0.4 and refund 0.2/0.2 against other 0.3/0.4: billing stays first, other falls behind refund.
    assert p["billing"] > p["refund"] > p["other"]


def test_the_empty_transcript_is_asked_once_per_model_and_taxonomy() -> None:
    engine = Letters(call=UNEVEN, empty=UNEVEN, model="asked-once")
    system = transcript_messages([])[0]
    category_choice.prime(engine, system, DEFAULT, time.monotonic() + 10)
    category_choice.category_probabilities(engine, transcript_messages(["[0] Customer: Hi."]), DEFAULT, time.monotonic() + 10)
    category_choice.category_probabilities(engine, transcript_messages(["[0] Customer: Bye."]), DEFAULT, time.monotonic() + 10)
    assert sum(EMPTY_TRANSCRIPT in m[-1].content for m in engine.asked) == 1 and len(engine.asked) == 3


LOST_CARD = (
    turn(0, "a", A, 0, 2, "Northway Bank, how can I help?"),
    turn(1, "c", C, 2, 6, "Hi, I've lost my debit card and I need to block it."),
)
VAGUE = (
    turn(0, "a", A, 0, 2, "Eastmoor Council, how can I help?"),
    turn(1, "c", C, 2, 6, "Hello, it's about the thing you sent me last week."),
)


def test_a_keyword_said_outright_outweighs_an_unsure_model() -> None:
    unsure = {category_id: 0.08 for category_id in DEFAULT.ids} | {"billing": 0.2, "lost_card_fraud": 0.08}
    assert category_choice.fuse(unsure, LOST_CARD, DEFAULT) == "lost_card_fraud"


def test_where_no_keyword_is_said_the_model_decides() -> None:
    sure = {category_id: 0.02 for category_id in DEFAULT.ids} | {"information_request": 0.8}
    assert category_choice.fuse(sure, VAGUE, DEFAULT) == "information_request"


def test_a_model_far_surer_of_another_category_outweighs_one_weak_hint() -> None:
    bus_pass = (turn(0, "c", C, 0, 2, "My card for the bus is not in the post yet, can you tell me when it comes?"),)
    sure = {category_id: 0.005 for category_id in DEFAULT.ids} | {"information_request": 0.95}
    assert category_choice.fuse(sure, bus_pass, DEFAULT) == "information_request"


def test_a_taxonomy_longer_than_the_alphabet_is_not_asked_by_letter() -> None:
    many = Taxonomy(tuple(Category(f"c{i}", f"Category {i}", f"분류 {i}") for i in range(27)))
    assert not category_choice.can_ask(many) and category_choice.can_ask(DEFAULT)


def test_with_no_keyword_and_a_model_unsure_of_everything_the_call_is_other() -> None:
    lost_bag = (turn(0, "c", C, 0, 2, "Hiya, I left a black rucksack on the half ten train last night."),)
    spread = {category_id: 0.08 for category_id in DEFAULT.ids} | {"complaint": 0.2, "information_request": 0.18}
    assert category_choice.fuse(spread, lost_bag, DEFAULT) == "other"
    sure = spread | {"complaint": 0.6}
    assert category_choice.fuse(sure, lost_bag, DEFAULT) == "complaint"


def test_the_learned_models_log_probabilities_are_added_to_the_models_and_the_keywords(monkeypatch) -> None:
    from pipeline.summary import category

    even = {category_id: 0.05 for category_id in DEFAULT.ids}
    asked = even | {"information_request": 0.5, "payment": 0.1}
    monkeypatch.setattr(category, "learned_probabilities", lambda turns, taxonomy: even | {"payment": 0.6})
    # no keyword: log 0.1 + log 0.6 (payment) beats log 0.5 + log 0.05 (information request)
    assert category_choice.choose(asked, VAGUE, DEFAULT) == "payment"
    # "lost my debit card ... block it" (18 points) outweighs the learned model's lean where the LLM has none,
    # but not both models' lean together
    assert category_choice.choose(even, LOST_CARD, DEFAULT) == "lost_card_fraud"
    assert category_choice.choose(even | {"payment": 0.5}, LOST_CARD, DEFAULT) == "payment"
    # where the learned model does not read the call, the model's probabilities are weighed with the keywords alone
    monkeypatch.setattr(category, "learned_probabilities", lambda turns, taxonomy: None)
    assert category_choice.choose(asked, VAGUE, DEFAULT) == category_choice.fuse(asked, VAGUE, DEFAULT) == "information_request"
