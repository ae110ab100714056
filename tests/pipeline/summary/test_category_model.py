"""The learned fallback for a reason the keywords do not name (pipeline.summary.category_model)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.summary import category_model
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
def small_model(monkeypatch: pytest.MonkeyPatch) -> category_model.CategoryModel:
    model = category_model.train((model_texts(opening(text)), category) for text, category in TRAINING)
    monkeypatch.setattr(category_model, "load", lambda path=category_model.MODEL_FILE: model)
    return model


def test_features_are_words_pairs_and_korean_syllable_pieces() -> None:
    found = category_model.features([("my card 잔액이", 2)])
    assert found["w:my"] == 2 and found["b:my_card"] == 2
    assert found["k:잔액"] == 2 and found["k:잔액이"] == 2 and "b:card_잔액이" not in found


def test_a_call_whose_keywords_name_nothing_gets_the_learned_category(small_model: category_model.CategoryModel) -> None:
    assert categorize_by_rules(opening("hiya it's about the rod licence on the canal for me lad"))[0] == "payment"
    assert categorize_by_rules(opening("a plot at the cemetery, how does that go these days"))[0] == "information_request"


def test_keywords_questions_and_too_few_words_still_decide(small_model: category_model.CategoryModel) -> None:
    # a keyword said outright, a question, a greeting: the learned model is not asked
    assert categorize_by_rules(opening("I want a refund for the rod licence on the canal"))[0] == "refund"
    assert categorize_by_rules(opening("Is the canal rod licence cheaper for pensioners?"))[0] == "information_request"
    assert categorize_by_rules(opening("Hello."))[0] == OTHER
    # an LLM's own pick is to fill in instead
    assert categorize_by_rules(opening("hiya it's about the rod licence on the canal for me lad"), learned=False)[0] == OTHER


def test_a_site_taxonomy_is_not_read_with_the_default_model(small_model: category_model.CategoryModel) -> None:
    site = Taxonomy((Category("fishing", "Fishing", "낚시"), DEFAULT.get(OTHER)))
    assert categorize_by_rules(opening("hiya it's about the rod licence on the canal for me lad"), site)[0] == OTHER


def test_without_the_model_file_the_keywords_decide(tmp_path: Path) -> None:
    assert category_model.load(tmp_path / "missing.json") is None


def test_the_shipped_model_is_the_one_trained_on_the_development_set(tmp_path: Path) -> None:
    """scripts/train_category_model.py on samples/dev gives the shipped file: retrain after changing samples/dev."""
    dev = ROOT / "samples" / "dev"
    script = ROOT / "scripts" / "train_category_model.py"
    out = tmp_path / "model.json"
    subprocess.run([sys.executable, str(script), str(dev / "en.jsonl"), str(dev / "ko.jsonl"), "-o", str(out)], check=True)
    assert out.read_text(encoding="utf-8") == category_model.MODEL_FILE.read_text(encoding="utf-8")
