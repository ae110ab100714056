"""Text normalisers applied to both reference and hypothesis before scoring.

Word error rate depends as much on normalisation as on the recogniser, so
the rules are fixed and written down here (and in the README, section Evaluation):

English (``normalize_english``): Whisper's English normaliser as shipped in
``transformers.models.whisper.english_normalizer.EnglishTextNormalizer``
(lower case; punctuation and bracketed/parenthesised asides removed;
contractions and titles expanded, "Mr." -> "mister", "he's" -> "he is";
spelled-out numbers, currencies and ordinals turned into digits, "one
thousand five hundred dollars" -> "$1500"; fillers "uh"/"um" dropped).
Whisper's British -> American spelling table (``normalizer.json``) comes
from the model hub and is not installed anywhere offline, so a short table
of the spellings that matter on service calls is used instead
(:data:`SPELLINGS`). One addition for call centres: a number read out digit
by digit ("4, 8, 2, 1, 3" or "4 8 2 1 3", three digits or more) is joined
into "48213", as Whisper's normaliser already does for "four eight two one
three" (a "one" inside such a run counts as a digit).

Other languages (``normalize_basic``): Whisper's ``BasicTextNormalizer``
(NFKC, lower case, punctuation and symbols replaced by spaces).

Korean, Chinese, Japanese, Thai are scored by characters (CER): the basic
normaliser, then every whitespace removed, because word spacing in these
scripts varies between transcribers and carries no meaning for the call.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

# Languages scored by character error rate (no reliable word boundaries).
CER_LANGUAGES = frozenset({"ko", "zh", "ja", "th"})

# British -> American, applied to both sides. A subset of Whisper's
# normalizer.json chosen for contact-centre vocabulary.
SPELLINGS: dict[str, str] = {
    "apologise": "apologize",
    "apologised": "apologized",
    "authorise": "authorize",
    "authorised": "authorized",
    "behaviour": "behavior",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "centre": "center",
    "centres": "centers",
    "cheque": "check",
    "cheques": "checks",
    "colour": "color",
    "counselled": "counseled",
    "counselling": "counseling",
    "favour": "favor",
    "favourite": "favorite",
    "honour": "honor",
    "labour": "labor",
    "licence": "license",
    "neighbour": "neighbor",
    "neighbours": "neighbors",
    "organisation": "organization",
    "organise": "organize",
    "programme": "program",
    "realise": "realize",
    "recognise": "recognize",
    "travelled": "traveled",
    "travelling": "traveling",
}


def normalize(text: str, language: str | None) -> str:
    """The normaliser for ``language`` (None or "en": English)."""
    lang = (language or "en").lower().split("-")[0]
    if lang == "en":
        return normalize_english(text)
    if lang in CER_LANGUAGES:
        return normalize_characters(text)
    return normalize_basic(text)


def uses_cer(language: str | None) -> bool:
    return (language or "en").lower().split("-")[0] in CER_LANGUAGES


def tokens(text: str, language: str | None) -> list[str]:
    """Scoring units: words, or characters for :data:`CER_LANGUAGES`."""
    normalized = normalize(text, language)
    if uses_cer(language):
        return list(normalized)
    return normalized.split()


_DIGIT_COMMA = re.compile(r"\b(\d)\s*,\s*(?=\d\b)")
# Whisper's normaliser writes a lone "1" as "one" (it is often a pronoun).
_DIGIT_WORDS = {str(d): str(d) for d in range(10)} | {"one": "1"}


def normalize_english(text: str) -> str:
    words = _english()(_DIGIT_COMMA.sub(r"\1 ", text)).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j] in _DIGIT_WORDS:
            j += 1
        run = words[i:j]
        if len(run) >= 3 and sum(w != "one" for w in run) >= 2:
            out.append("".join(_DIGIT_WORDS[w] for w in run))
            i = j
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def normalize_basic(text: str) -> str:
    return _basic()(text)


def normalize_characters(text: str) -> str:
    return "".join(normalize_basic(unicodedata.normalize("NFKC", text)).split())


@lru_cache(maxsize=1)
def _english() -> Any:
    from transformers.models.whisper.english_normalizer import EnglishTextNormalizer

    return EnglishTextNormalizer(SPELLINGS)


@lru_cache(maxsize=1)
def _basic() -> Any:
    from transformers.models.whisper.english_normalizer import BasicTextNormalizer

    return BasicTextNormalizer()
