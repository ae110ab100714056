"""The reason's category from the LLM's next-token probabilities, weighed with the keyword rules.

A runtime that gives next-token probabilities (llama.cpp, a
:class:`pipeline.summary.outcome.Chooser`) is asked once, after the
transcript, to pick the category from a lettered list; nothing is generated.
Each letter's probability is divided by its probability for a transcript that
says nothing (the model's lean towards "A" or the last option), as the
outcome questions are. The category with the highest

    log(calibrated probability) + RULE_WEIGHT * keyword points

wins (:func:`fuse`; the points are :func:`pipeline.summary.category.rule_scores`):
a keyword said outright in the opening request outweighs a model that is
unsure, and the model decides where the caller's words match no list. Where
no keyword is said and the model is unsure of every category (none above
:data:`UNSURE`), the call is ``other``: a lost bag or a new insurance claim
fits none of the list, and the model then spreads itself over the nearest
ones (complaint, information request). Measured on 30 English development
calls the rules had not been written from, the rules alone chose right on
20, the model alone on 22 and the two weighed together on 26; on a later
held-out set of 50 calls (30 English, 20 Korean) the rules chose right on
36, the two weighed on 36, and with ``other`` for an unsure model on 38.
Listing each category with a one-line description instead of its name alone
was tried on the eighth held-out set (50 calls): the model alone went from 26
right to 28, but weighed with the keywords from 38 to 36; the names stay.

Where the learned model of :mod:`pipeline.summary.category` reads the call, its
log-probabilities are added too (:func:`choose`), and the sum decides: on the
75 ``chk24-`` calls, with the learned model trained without them, the packaged
model's calibrated pick alone was right on 28, weighed with the keywords and
then overruled by a sure learned model (as before) on 58, and the three added
up on 63 (the learned model and the keywords without the LLM: 61).
"""

from __future__ import annotations

import logging
import string
from collections.abc import Sequence
from functools import partial

from pipeline.summary.category import FLOOR, OTHER, Taxonomy, log_probability, rule_scores, weighed
from pipeline.summary.engine import Message
from pipeline.summary.outcome import Chooser, empty_transcript_probabilities
from pipeline.types import Turn

log = logging.getLogger(__name__)

LETTERS = string.ascii_uppercase
QUESTION = "Question: why did the customer call? Choose the category of their reason:\n{options}\nAnswer with the letter."
# Log-probability one keyword point is worth: a two-word keyword in the
# customer's first turn (6 points) outweighs a model 4.5 times surer of another category.
RULE_WEIGHT = 0.25
# The calibrated probability below which the model's top choice is a guess (2.5 times the
# chance level of the default list); set from the development set, where every call with
# no keyword and the model below it was "other", and every one above it was not.
UNSURE = 0.25

def question_messages(prefix: Sequence[Message], taxonomy: Taxonomy) -> list[Message]:
    """The category question after the transcript's user message (its tokens are shared)."""
    options = "\n".join(f"{LETTERS[i]}. {c.en}" for i, c in enumerate(taxonomy.categories))
    *head, last = prefix
    return [*head, Message(last.role, last.content + "\n\n" + QUESTION.format(options=options))]


def can_ask(taxonomy: Taxonomy) -> bool:
    """A lettered list holds at most 26 categories; a longer taxonomy is asked by JSON."""
    return len(taxonomy.categories) <= len(LETTERS)


def category_probabilities(
    engine: Chooser, prefix: Sequence[Message], taxonomy: Taxonomy, deadline: float
) -> dict[str, float]:
    """Each category id's probability as the reason, calibrated against an empty transcript."""
    labels = LETTERS[: len(taxonomy.categories)]
    choice = engine.choose(question_messages(prefix, taxonomy), tuple(labels), deadline=deadline)
    prior = _prior(engine, prefix[0], taxonomy, deadline)
    scaled = {c.id: choice.probabilities[letter] / max(prior[letter], FLOOR) for letter, c in zip(labels, taxonomy.categories)}
    total = sum(scaled.values()) or 1.0
    return {category_id: p / total for category_id, p in scaled.items()}


def prime(engine: Chooser, system: Message, taxonomy: Taxonomy, deadline: float) -> None:
    """Ask the empty-transcript question now, when the model is loaded."""
    if can_ask(taxonomy):
        _prior(engine, system, taxonomy, deadline)


def _prior(engine: Chooser, system: Message, taxonomy: Taxonomy, deadline: float) -> dict[str, float]:
    question = "category:" + "|".join(c.en for c in taxonomy.categories)
    labels = tuple(LETTERS[: len(taxonomy.categories)])
    ask_about = partial(question_messages, taxonomy=taxonomy)
    return empty_transcript_probabilities(engine, system, question, ask_about, labels, deadline)


def choose(probabilities: dict[str, float], turns: Sequence[Turn], taxonomy: Taxonomy) -> str:
    """The category from the model's probabilities, the learned model's and the keyword points, each
    log-probability added (:func:`pipeline.summary.category.weighed`); where the learned model does not
    read the call (a site's own taxonomy, a call too short), the model's weighed with the keywords
    (:func:`fuse`)."""
    chosen = weighed(turns, taxonomy, asked=probabilities)
    return chosen if chosen is not None else fuse(probabilities, turns, taxonomy)


def fuse(probabilities: dict[str, float], turns: Sequence[Turn], taxonomy: Taxonomy, reason: str = "") -> str:
    """The category the model's probabilities and the keyword points agree on best;
    ``other`` where neither has anything to go on."""
    scores = rule_scores(turns, taxonomy, reason)
    if OTHER in taxonomy.ids and not any(points for points, _ in scores.values()):
        if max(probabilities.values(), default=0.0) < UNSURE:
            log.debug("category: no keyword, model unsure (%.2f): other", max(probabilities.values(), default=0.0))
            return OTHER
    fused = {
        category_id: log_probability(probabilities, category_id) + RULE_WEIGHT * scores[category_id][0]
        for category_id in taxonomy.ids
    }
    best = max(taxonomy.ids, key=lambda category_id: fused[category_id])  # a tie goes to the one listed first
    log.debug("category: model %.2f, keyword points %d", probabilities.get(best, 0.0), scores[best][0])
    return best
