"""Summary metrics: key-fact recall, invented facts, ROUGE, schema validity.

- Key-fact recall: the share of expected facts (amounts, reference and
  account numbers, dates...) that the summary states anywhere (key facts,
  summary, reason, resolution, action items). Both sides are normalised by
  :func:`normalize_fact` (case, currency signs and words, thousands
  separators, ordinals, trailing decimal zeros); an id also matches with its
  separators removed ("REF-4417-B" = "ref 4417b"); a multi-word fact
  ("March 3") matches when all its words occur close together in any order.
  Before that, the fact checker's own reader (``pipeline.facts.index.fact_in_text``)
  compares values, not spellings: "£142.50" = "142 pounds 50", "48213" =
  "4 8 2 1 3", "3rd of March" = "March 3".
- Invented facts: numbers, ids and dates in the summary the transcript does
  not back: the summary's own unverified ``checks``, plus (when the source
  text is given) facts ``pipeline.summary.grounding.find_facts`` sees in the summary
  that ``fact_in_text`` does not find in the source.
- ROUGE-1/2/L F1 (``rouge-score``, Porter stemming) of the ``summary`` field
  against each reference summary, best reference kept (the usual
  multi-reference convention). rouge-score tokenises ASCII letters and
  digits only: scores are meaningful for English summaries.
- Schema validity: every enum valid, summary text present, every cited turn
  id exists.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pipeline.types import KeyFact, Resolution, Role, Sentiment, Summary

if TYPE_CHECKING:
    from pipeline.facts.index import FactIndex

FACT_KINDS = frozenset({"amount", "account", "reference", "ticket", "date", "deadline", "phone", "other"})
_CURRENCY = re.compile(r"[$€£₩¥]|\b(?:dollars?|euros?|pounds?|won|usd|eur|gbp|krw|cents?)\b")
_THOUSANDS = re.compile(r"(?<=\d)[, ](?=\d{3}(?!\d))")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")
_DECIMAL = re.compile(r"\d+\.\d+")
# An id said over two turns: at least this long, its halves at most this many turns apart.
_MIN_SPLIT_ID = 5
_SPLIT_TURNS = 3
_PHONE_SEPARATORS = re.compile(r"(?<=\d)[ -](?=\d)")
_HALF_CHARS = 40  # a half is looked for this near the end of its turn, and the rest near the start of its own
# Near-proximity window (extra tokens allowed between a fact's words).
_WINDOW_SLACK = 3


@dataclass(frozen=True)
class FactRecall:
    found: tuple[str, ...]
    missed: tuple[str, ...]

    @property
    def expected(self) -> int:
        return len(self.found) + len(self.missed)

    @property
    def recall(self) -> float | None:
        return len(self.found) / self.expected if self.expected else None


def normalize_fact(value: str) -> str:
    text = value.lower()
    text = _THOUSANDS.sub("", text)
    text = _ORDINAL.sub("", text)
    text = _CURRENCY.sub(" ", text)
    text = _DECIMAL.sub(lambda m: _canonical_decimal(m.group()), text)
    # Keep decimal points between digits; every other non-word char separates.
    text = re.sub(r"(?<!\d)\.|\.(?!\d)|[^\w.]+", " ", text)
    return " ".join(text.split())


def _canonical_decimal(number: str) -> str:
    try:
        text = f"{Decimal(number):f}"
    except InvalidOperation:
        return number
    return text.rstrip("0").rstrip(".") if "." in text else text


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def summary_fields(summary: Summary) -> list[str]:
    """Every piece of text the summary states, one field per item."""
    parts = [summary.summary.text, summary.reason.text, summary.resolution.text]
    for item in summary.action_items:
        parts.extend([item.what, item.when or ""])
    parts.extend(f.value for f in summary.key_facts)
    return [p for p in parts if p]


def fact_recall(expected: Sequence[KeyFact], produced: str | Sequence[str]) -> FactRecall:
    """The expected facts stated in ``produced``: one text, or the summary's fields
    (:func:`summary_fields`), each read on its own, so that two key facts listed one after the
    other ("RR91604", "12 Kowhai Road") are not read as one number."""
    from pipeline.facts.index import fact_in_texts

    fields = [produced] if isinstance(produced, str) else list(produced)
    normalised = [normalize_fact(field) for field in fields]
    found: list[str] = []
    missed: list[str] = []
    for fact in expected:
        wanted = normalize_fact(fact.value)
        hit = fact_in_texts(fact.value, fields) or any(_mentions(field, wanted) for field in normalised)
        (found if hit else missed).append(fact.value)
    return FactRecall(tuple(found), tuple(missed))


def _mentions(haystack_norm: str, fact_norm: str) -> bool:
    if not fact_norm:
        return False
    if f" {fact_norm} " in f" {haystack_norm} ":
        return True
    compact = _compact(fact_norm)
    if len(compact) >= 4 and any(c.isdigit() for c in compact) and compact in _compact(haystack_norm):
        return True
    words = fact_norm.split()
    if len(words) < 2:
        return False
    hay = haystack_norm.split()
    span = len(words) + _WINDOW_SLACK
    return any(set(words) <= set(hay[i : i + span]) for i in range(max(1, len(hay) - len(words) + 1)))


def invented_facts(
    summary: Summary, source_text: str | None = None, turn_texts: Sequence[str] = ()
) -> tuple[str, ...]:
    """Numbers/ids/dates the summary states that the transcript does not back. A value the
    checker removed (``"[unverified]"`` in its place) is not stated: :func:`removed_facts` counts those.

    ``turn_texts``: the transcript's turns, so that an id said in two halves
    ("H P seven seven two..." / "...oh four one") backs the whole id."""
    from pipeline.facts.index import fact_in_text
    from pipeline.summary.grounding import find_facts

    invented = {c.token for c in summary.checks if not c.verified and c.action != "dropped"}
    if source_text is not None:
        # Field by field: numbers at the end of one field and the start of
        # the next must not read as one long id.
        found = [value for text in summary_fields(summary) for _kind, value in find_facts(text)]
        for value in found:
            # The same value already flagged by the checker counts once.
            if fact_in_text(value, source_text) or fact_in_text(value, " ".join(invented)):
                continue
            # Said in one turn: read alone, so that the turn before cannot run into it
            # ("... zero two five." / "Seven, K for kilo, ...": one id, not two joined).
            if any(fact_in_text(value, text) for text in turn_texts):
                continue
            if not _said_in_two_halves(value, turn_texts):
                invented.add(value)
    return tuple(sorted(invented))


def removed_facts(summary: Summary) -> tuple[str, ...]:
    """Values the generator wrote that the transcript did not back and the checker removed."""
    return tuple(sorted({c.token for c in summary.checks if c.action == "dropped"}))


def _said_in_two_halves(value: str, turn_texts: Sequence[str]) -> bool:
    """An id (letters and digits, 5 or more) whose start ends one turn and whose
    rest opens one of the next three turns, each half as digits or words.

    Read here from the turns' own words, apart from the fact reader's joins
    (:mod:`pipeline.facts.across_turns`), so the evaluation does not take the
    reader's word for what it read."""
    from pipeline.facts.index import build_index, value_found

    value = _PHONE_SEPARATORS.sub("", value)  # a phone number as written: "010-4723-8801"
    if not (len(value) >= _MIN_SPLIT_ID and value.isalnum() and any(c.isdigit() for c in value)):
        return False
    ends = [_end_index(text[-_HALF_CHARS:]) for text in turn_texts]
    starts = [build_index(text[:_HALF_CHARS]) for text in turn_texts]
    for cut in range(2, len(value) - 1):
        head, tail = value[:cut], value[cut:]
        for a, end in enumerate(ends):
            if value_found(head, [end]) and any(value_found(tail, [start]) for start in starts[a + 1 : a + 1 + _SPLIT_TURNS]):
                return True
    return False


def _end_index(text: str) -> FactIndex:
    """The end of a turn, with the letters spelled before its digits ("… number is s r two five": SR25)."""
    from pipeline.facts.across_turns import spelled_codes
    from pipeline.facts.index import build_index

    index = build_index(text)
    for code in spelled_codes(text):
        index.add_id(code)
    return index


def rouge(hypothesis: str, references: Sequence[str]) -> dict[str, float]:
    """ROUGE-1/2/L F1 against the best-matching reference for each measure."""
    if not references:
        return {}
    scorer = _rouge_scorer()
    best = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    for reference in references:
        scores = scorer.score(reference, hypothesis)
        for name in best:
            best[name] = max(best[name], float(scores[name].fmeasure))
    return best


@lru_cache(maxsize=1)
def _rouge_scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


def schema_errors(summary: Summary, turn_ids: Sequence[int]) -> list[str]:
    """What is wrong with a summary's structure; empty when it is valid."""
    errors: list[str] = []
    known = set(turn_ids)
    if not summary.summary.text.strip():
        errors.append("summary: empty")
    if not isinstance(summary.resolution.status, Resolution):
        errors.append(f"resolution.status: {summary.resolution.status!r} is not a resolution")
    for name in ("start", "end"):
        value = getattr(summary.customer_sentiment, name)
        if not isinstance(value, Sentiment):
            errors.append(f"customer_sentiment.{name}: {value!r} is not a sentiment")
    for i, item in enumerate(summary.action_items):
        if not isinstance(item.owner, Role):
            errors.append(f"action_items[{i}].owner: {item.owner!r} is not a role")
        if not item.what.strip():
            errors.append(f"action_items[{i}].what: empty")
    for i, fact in enumerate(summary.key_facts):
        if fact.kind not in FACT_KINDS:
            errors.append(f"key_facts[{i}].kind: {fact.kind!r} is not one of {sorted(FACT_KINDS)}")
        if not fact.value.strip():
            errors.append(f"key_facts[{i}].value: empty")
    cited = [
        ("summary", summary.summary.turn_ids),
        ("reason", summary.reason.turn_ids),
        ("resolution", summary.resolution.turn_ids),
        ("customer_sentiment", summary.customer_sentiment.turn_ids),
        *((f"action_items[{i}]", a.turn_ids) for i, a in enumerate(summary.action_items)),
        *((f"key_facts[{i}]", f.turn_ids) for i, f in enumerate(summary.key_facts)),
    ]
    for field, ids in cited:
        unknown = sorted(set(ids) - known)
        if unknown:
            errors.append(f"{field}: cites turn ids {unknown} that do not exist")
    return errors
