"""A learned reading of a whole call: multinomial logistic regression over its words.

The rules read a call for phrases on a list. Many calls say what matters in words no list holds
("the plot", "me lad's licence", "잔액이 안 들어와요", "so Dave brings them Tuesday"). A model of
this module reads the whole call: one part of it weighted apart (:attr:`CallText.focus`: the
caller's opening for the reason, the call's last turns for the outcome), all of the customer's
words and all of the agent's, each as words and word pairs (English) or two- and three-syllable
pieces (Korean, so dialect endings share their stems), and gives each label a probability. A model
may also read each long English word's first letters (:attr:`TextModel.stem`: "refunded" and
"refunding" share "refun"), so a word it never saw still counts by its stem.

Models are trained on the labelled development calls (``samples/dev``) by
``scripts/train_models.py`` into JSON files that ship with the package: nothing is learned at run
time and nothing is read from outside the package. Their users: :mod:`pipeline.summary.category`
(the reason's category) and :mod:`pipeline.summary.outcome_model` (resolution and follow-up).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

MIN_CALLS = 5  # features said in fewer training calls are left out
L2 = 1 / 6  # the weights' penalty by default: light, the features are many but each call has few
STEPS = 600  # accelerated gradient steps of training
DIGITS = 3  # weights are stored rounded: the file stays small
_HANGUL = re.compile(r"[가-힣]")


@dataclass(frozen=True)
class CallText:
    """What a model reads of a call: the part it weighs apart (texts with their weights), and
    everything the customer and the agent said."""

    focus: tuple[tuple[str, int], ...]
    customer: str
    agent: str

    def words(self) -> int:
        """The words of the part weighed apart."""
        return sum(len(text.split()) for text, _ in self.focus)


@dataclass(frozen=True)
class TextModel:
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per label
    stem: int = 0  # the letters of an English word's stem read as a feature of its own; 0: none

    def probabilities(self, text: CallText) -> dict[str, float]:
        """Each label's probability for the call."""
        return self.probabilities_of(features(text, self.stem))

    def probabilities_of(self, found: Counter[str]) -> dict[str, float]:
        """Each label's probability for a call's :func:`features` read with this model's
        :attr:`stem` (read once for several models)."""
        logits = list(self.bias)
        for feature, count in found.items():
            row = self.weights.get(feature)
            if row is not None:
                value = math.log1p(count)
                logits = [logit + value * weight for logit, weight in zip(logits, row, strict=True)]
        top = max(logits)
        exps = [math.exp(logit - top) for logit in logits]
        total = sum(exps)
        return {label: value / total for label, value in zip(self.labels, exps, strict=True)}

    def best(self, text: CallText) -> tuple[str, float]:
        """The likeliest label and its probability."""
        probabilities = self.probabilities(text)
        label = max(probabilities, key=lambda c: probabilities[c])
        return label, probabilities[label]


def features(text: CallText, stem: int = 0) -> Counter[str]:
    """Weighted features: the focus's unprefixed, the customer's ``c``-prefixed and the agent's
    ``a``-prefixed; with ``stem``, each longer English word's first ``stem`` letters too."""
    found = _pieces(text.focus, stem)
    for prefix, whole in (("c", text.customer), ("a", text.agent)):
        for feature, count in _pieces([(whole, 1)], stem).items():
            found[prefix + feature] = count
    return found


def _pieces(texts: Iterable[tuple[str, int]], stem: int) -> Counter[str]:
    """English words, their stems and word pairs, Korean syllable pairs and triples inside each word."""
    found: Counter[str] = Counter()
    for text, weight in texts:
        words = text.split()
        for word in words:
            if _HANGUL.search(word):
                for size in (2, 3):
                    for start in range(max(1, len(word) - size + 1)):
                        found["k:" + word[start : start + size]] += weight
            else:
                found["w:" + word] += weight
                if stem and len(word) > stem and word.isascii() and word.isalpha():
                    found["s:" + word[:stem]] += weight
        for first, second in zip(words, words[1:]):
            if not _HANGUL.search(first + second):
                found[f"b:{first}_{second}"] += weight
    return found


def train(examples: Iterable[tuple[CallText, str]], penalty: float = L2, stem: int = 0) -> TextModel:
    """A model from (call, label) pairs: softmax regression with an L2 ``penalty``, fitted by
    Nesterov-accelerated gradient descent from zero (deterministic, no random start); ``stem``
    as for :func:`features`."""
    rows, labels = zip(*((features(text, stem), label) for text, label in examples), strict=True)
    calls_with = Counter(feature for row in rows for feature in row)
    vocabulary = sorted(feature for feature, n in calls_with.items() if n >= MIN_CALLS)
    column = {feature: i for i, feature in enumerate(vocabulary)}
    names = tuple(sorted(set(labels)))
    cells = [
        (i, column[feature], math.log1p(count))
        for i, row in enumerate(rows)
        for feature, count in row.items()
        if feature in column
    ]
    at_row, at_column, value = zip(*cells, strict=True) if cells else ((), (), ())
    x = sparse.csr_matrix((value, (at_row, at_column)), shape=(len(rows), len(vocabulary)))
    y = np.zeros((len(rows), len(names)))
    y[np.arange(len(rows)), [names.index(label) for label in labels]] = 1.0
    weights, bias = _fit(x, y, penalty)
    return TextModel(
        names,
        tuple(round(float(b), DIGITS) for b in bias),
        {feature: tuple(round(float(w), DIGITS) for w in weights[i]) for i, feature in enumerate(vocabulary)},
        stem,
    )


def _fit(x: sparse.csr_matrix, y: np.ndarray, penalty: float) -> tuple[np.ndarray, np.ndarray]:
    """Minimise the mean cross-entropy plus ``penalty / (2 n)`` times the squared weights (the bias
    is not penalised). ``x`` is sparse: a call holds a few hundred of the many features."""
    n = x.shape[0]
    step = 1.0 / (_largest_eigenvalue(x) / n + 1.0 / n + penalty / n)  # 1 / the gradient's Lipschitz bound
    params = np.zeros((x.shape[1] + 1, y.shape[1]))
    design = sparse.hstack([x, np.ones((n, 1))], format="csr")
    design_t = design.T.tocsr()
    previous = params
    for k in range(STEPS):
        ahead = params + (k / (k + 3)) * (params - previous)
        logits = design @ ahead
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        gradient = design_t @ (p - y) / n
        gradient[:-1] += (penalty / n) * ahead[:-1]
        previous, params = params, ahead - step * gradient
    return params[:-1], params[-1]


def _largest_eigenvalue(x: sparse.csr_matrix) -> float:
    """An upper bound of the largest eigenvalue of the design's Gram matrix: xᵀx's by power
    iteration, plus n for the bias column of 1s."""
    x_t = x.T.tocsr()
    small = x.shape[0] > x.shape[1]  # iterate in the smaller of the two spaces
    vector = np.ones(x.shape[1] if small else x.shape[0])
    value = 0.0
    for _ in range(50):
        nxt = x_t @ (x @ vector) if small else x @ (x_t @ vector)
        value = float(np.linalg.norm(nxt))
        vector = nxt / value
    return value + x.shape[0]


def save(model: TextModel, path: Path) -> None:
    data = {"labels": list(model.labels), "bias": list(model.bias), "weights": model.weights, "stem": model.stem}
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")


@lru_cache(maxsize=8)
def load(path: Path) -> TextModel | None:
    """A shipped model; None when the file is missing (the rules alone then decide)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return TextModel(
        tuple(data["labels"]), tuple(data["bias"]), {f: tuple(w) for f, w in data["weights"].items()}, data.get("stem", 0)
    )

