"""The learned models of a call (pipeline.summary.text_model): the reason's beside the keywords, and
the shipped files of all three against a fresh training. The outcome models' weighing with the cue
rules is tested in test_outcome_model.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.summary import category, outcome_model, text_model
from pipeline.summary.category import DEFAULT, OTHER, Category, Taxonomy, categorize_by_rules, model_texts
from pipeline.types import Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER
ROOT = Path(__file__).resolve().parents[3]

# Wordings no keyword list holds, each category said three ways.
TRAINING = [
    ("the plot at the cemetery for me and the wife how does it go", "information_request"),
    ("wondering how the plots work up at the cemetery these days", "information_request"),
    ("buying a plot ahead of time at the cemetery is it possible", "information_request"),
    ("me lads rod licence for the canal needs sorting out this week", "payment"),
    ("i need the rod licence for the canal sorted for me and the lad", "payment"),
    ("after a rod licence for fishing on the canal with me lad", "payment"),
]


def opening(text: str) -> tuple:
    return (turn(0, "a", A, 0, 3, "Good morning, how can I help?"), turn(1, "c", C, 3, 8, text))


@pytest.fixture
def small_model(monkeypatch: pytest.MonkeyPatch) -> text_model.TextModel:
    monkeypatch.setattr(text_model, "MIN_CALLS", 1)  # six calls: every feature is kept
    model = text_model.train((model_texts(opening(text)), label) for text, label in TRAINING)
    monkeypatch.setattr(text_model, "load", lambda path: model if path == category.MODEL_FILE else None)
    return model


def test_features_are_words_pairs_and_korean_syllable_pieces() -> None:
    found = text_model.features(text_model.CallText((("my card 잔액이", 2),), "my card 잔액이 thanks", "hello"))
    assert found["w:my"] == 2 and found["b:my_card"] == 2
    assert found["k:잔액"] == 2 and found["k:잔액이"] == 2 and "b:card_잔액이" not in found
    # the whole call's words, the customer's and the agent's apart
    assert found["cw:thanks"] == 1 and found["ck:잔액"] == 1 and found["aw:hello"] == 1 and "w:hello" not in found


def test_the_model_reads_the_opening_with_the_rules_weights_and_each_party_whole() -> None:
    call = (
        turn(0, "a", A, 0, 3, "Good morning, how can I help?"),
        turn(1, "c", C, 3, 8, "it's about me lad's rod licence"),
        turn(2, "a", A, 8, 9, "Right, the canal one."),
        turn(3, "c", C, 9, 12, "that's the one"),
    )
    text = model_texts(call)
    assert text.focus == (("its about me lads rod licence", 3), ("thats the one", 2))
    assert text.customer == "its about me lads rod licence thats the one"
    assert text.agent == "good morning, how can i help? right, the canal one."


def test_training_is_deterministic_and_the_probabilities_sum_to_one(small_model: text_model.TextModel) -> None:
    again = text_model.train((model_texts(opening(text)), label) for text, label in TRAINING)
    assert again == small_model
    probabilities = small_model.probabilities(model_texts(opening("the rod licence for the canal")))
    assert set(probabilities) == {"information_request", "payment"}
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert probabilities["payment"] > 0.5


def test_a_call_whose_keywords_name_nothing_gets_the_learned_category(small_model: text_model.TextModel) -> None:
    assert categorize_by_rules(opening("hiya it's about the rod licence on the canal for me lad"))[0] == "payment"
    assert categorize_by_rules(opening("a plot at the cemetery, how does that go these days"))[0] == "information_request"


def test_the_keyword_points_are_added_to_the_models_log_probabilities(
    small_model: text_model.TextModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    refund = opening("I want a refund for the rod licence on the canal for me lad")
    monkeypatch.setattr(category, "LEARNED_RULE_WEIGHT", 10.0)  # a keyword point outweighs any model
    assert categorize_by_rules(refund)[0] == "refund"
    monkeypatch.setattr(category, "LEARNED_RULE_WEIGHT", 0.0)  # the model alone: its pick, said in the opening
    assert categorize_by_rules(refund) == ("payment", (1,))
    # a greeting is too little to go on; with ``learned`` False (an LLM's own pick is to fill in) the keywords alone decide
    assert categorize_by_rules(opening("Hello."))[0] == OTHER
    assert categorize_by_rules(opening("hiya it's about the rod licence on the canal for me lad"), learned=False)[0] == OTHER
    assert categorize_by_rules(refund, learned=False)[0] == "refund"


def test_where_the_model_reads_nothing_a_question_is_an_information_request(small_model: text_model.TextModel) -> None:
    assert categorize_by_rules(opening("Is it cheaper?"))[0] == "information_request"  # four words: too few for the model
    question = opening("Is the canal rod licence cheaper for pensioners?")
    assert categorize_by_rules(question, learned=False)[0] == "information_request"


def test_the_model_overrules_an_llms_pick_only_where_it_is_sure(
    small_model: text_model.TextModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    call = opening("I want a refund for the rod licence on the canal for me lad")
    monkeypatch.setattr(category, "SURE", 1.01)
    assert category.overruled("refund", call, DEFAULT) == "refund"
    monkeypatch.setattr(category, "SURE", 0.0)
    assert category.overruled("refund", call, DEFAULT) == "payment"


def test_a_site_taxonomy_is_not_read_with_the_default_model(small_model: text_model.TextModel) -> None:
    site = Taxonomy((Category("fishing", "Fishing", "낚시"), DEFAULT.get(OTHER)))
    assert categorize_by_rules(opening("hiya it's about the rod licence on the canal for me lad"), site)[0] == OTHER


def test_a_model_with_stems_reads_a_word_it_never_saw_by_its_stem(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(text_model, "MIN_CALLS", 1)
    found = text_model.features(text_model.CallText((("refunded it", 1),), "", ""), stem=5)
    assert found["s:refun"] == 1 and "s:it" not in found  # a short word is its own stem
    said = ["i want it refunded", "refunding the fare", "the meter is broken", "no power since noon", "the lift is stuck"]
    calls = [(text_model.CallText(((text, 1),), text, ""), "refund" if "refund" in text else "fault") for text in said * 2]
    unseen = text_model.CallText((("refunds", 1),), "refunds", "")  # never said in training: its stem was
    assert text_model.train(calls, 1.5).best(unseen)[0] == "fault"  # without stems: the likelier label
    text_model.save(text_model.train(calls, 1.5, stem=5), tmp_path / "model.json")
    loaded = text_model.load(tmp_path / "model.json")
    assert loaded is not None and loaded.stem == 5 and loaded.best(unseen)[0] == "refund"


def test_without_the_model_file_the_keywords_decide(tmp_path: Path) -> None:
    assert text_model.load(tmp_path / "missing.json") is None


@pytest.mark.slow
def test_the_shipped_models_are_the_ones_trained_on_the_development_set(tmp_path: Path) -> None:
    """scripts/train_models.py on samples/dev gives the shipped files (the category, resolution and
    follow-up models): retrain after changing samples/dev. The weights are compared to their stored
    rounding: another machine's arithmetic may round one the other way."""
    dev = ROOT / "samples" / "dev"
    script = ROOT / "scripts" / "train_models.py"
    subprocess.run([sys.executable, str(script), str(dev / "en.jsonl"), str(dev / "ko.jsonl"), "-o", str(tmp_path)], check=True)
    step = 10**-text_model.DIGITS
    for path in (category.MODEL_FILE, outcome_model.RESOLUTION_FILE, outcome_model.FOLLOW_UP_FILE):
        trained, shipped = text_model.load(tmp_path / path.name), text_model.load(path)
        assert trained is not None and shipped is not None, path.name
        assert trained.labels == shipped.labels and trained.weights.keys() == shipped.weights.keys()
        assert max(abs(a - b) for a, b in zip(trained.bias, shipped.bias, strict=True)) <= step
        assert all(
            abs(a - b) <= step + 1e-9
            for feature, row in trained.weights.items()
            for a, b in zip(row, shipped.weights[feature], strict=True)
        ), path.name
