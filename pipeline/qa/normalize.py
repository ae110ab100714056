"""Phrase normalisation: what "the same words" means for a QA phrase rule.

A turn's text and a rule's wording go through the same steps, so a rule
matches however the words were spelled or spaced:

- lower case, punctuation dropped, contractions expanded ("we'll" -> "we
  will"), "thanks" -> "thank you", spelled numbers to digits and every
  number split into single digits ("4 4 7 1 9" and "44719" are alike);
- English inflections removed by a small suffix stemmer ("calling",
  "called", "calls" -> "call") and filler words dropped ("the", "a", "um");
- Korean: the particle at the end of each word is stripped (은/는/이/가/
  을/를/에/에서/으로/…), then the word is decomposed into jamo (Unicode
  NFD), so spacing does not matter ("본인 확인" = "본인확인을") and a
  verb stem matches its contracted forms ("녹음되" matches "녹음됩니다").

Each unit keeps the index of the source word it came from, so a match can
quote the words that were actually said.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

WIDE_GAP = "\u2026"  # "..." in a wording: up to four words of anything
_WORD = re.compile(r"[0-9]+|[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")

CONTRACTIONS = {
    "i'm": "i am", "you're": "you are", "we're": "we are", "they're": "they are", "it's": "it is",
    "that's": "that is", "there's": "there is", "what's": "what is", "let's": "let us", "he's": "he is",
    "she's": "she is", "i've": "i have", "we've": "we have", "you've": "you have", "i'll": "i will",
    "we'll": "we will", "you'll": "you will", "it'll": "it will", "i'd": "i would", "we'd": "we would",
    "you'd": "you would", "don't": "do not", "doesn't": "does not", "didn't": "did not", "can't": "can not",
    "cannot": "can not", "won't": "will not", "isn't": "is not", "aren't": "are not", "wasn't": "was not",
    "haven't": "have not", "hasn't": "has not", "couldn't": "could not", "wouldn't": "would not",
    "shouldn't": "should not", "thanks": "thank you", "thankyou": "thank you", "ok": "okay",
    "gonna": "going to", "wanna": "want to",
}
FILLERS = frozenset({"the", "a", "an", "um", "uh", "er", "erm", "hmm", "mm", "just", "so", "well", "oh", "really", "very", "much"})
NUMBERS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
    "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
    "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
    "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
}
# Longest first: the longest particle that leaves a stem is stripped.
KO_PARTICLES = tuple(sorted(
    (
        "은", "는", "이", "가", "을", "를", "에", "의", "도", "만", "와", "과", "로", "으로", "에서", "에게",
        "께서", "께", "한테", "까지", "부터", "이나", "나", "이랑", "랑", "처럼", "보다", "에서는", "에는",
        "으로는", "로는", "이라도", "라도", "요",
    ),
    key=len,
    reverse=True,
))


@dataclass(frozen=True)
class Unit:
    """One comparable piece of text: an English word stem or a Korean jamo."""

    text: str
    word: int  # index of the source word it came from
    hangul: bool


def stem(word: str) -> str:
    """A small English suffix stemmer, the same on both sides of a match."""
    if len(word) <= 3 or not word.isascii():
        return word
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ied", "y"), ("ed", ""), ("es", ""), ("ly", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)] + keep
            if suffix in ("ing", "ed") and len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "ls":
                base = base[:-1]  # "stopped" -> "stop"
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                base = word[:-1]  # "notes" -> "note", "boxes" -> "box"
            return base.rstrip("e") if suffix in ("ing", "ed") else base.rstrip("e") if base.endswith("e") and suffix == "s" else base
    return word.rstrip("e") if word.endswith("e") and len(word) > 4 else word


def strip_particle(word: str) -> str:
    """Strip a trailing particle, keeping a stem of two syllables or more (a
    one-syllable particle) so that words like 문의 keep their last syllable."""
    for particle in KO_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= (1 if len(particle) > 1 else 2):
            return word[: -len(particle)]
    return word


def _english(token: str) -> list[str]:
    token = token.replace("\u2019", "'")
    expanded = CONTRACTIONS.get(token)
    if expanded is not None:
        return [stem(w) for w in expanded.split() if w not in FILLERS]
    if token.endswith("'s"):
        token = token[:-2]
    token = token.replace("'", "")
    if token in FILLERS:
        return []
    return [stem(NUMBERS.get(token, token))]


@functools.lru_cache(maxsize=65536)
def word_units(word: str) -> tuple[tuple[str, bool], ...]:
    """(unit text, is Korean) for one source word; words repeat, so cached."""
    out: list[tuple[str, bool]] = []
    for token in _WORD.findall(unicodedata.normalize("NFKC", word).lower()):
        if token.isdigit():
            out += [(d, False) for d in token]
        elif _HANGUL.search(token):
            out += [(j, True) for j in unicodedata.normalize("NFD", strip_particle(token))]
        else:
            for part in _english(token):
                if part.isdigit():
                    out += [(d, False) for d in part]
                elif part:
                    out.append((part, False))
    return tuple(out)


def units(words: list[str] | tuple[str, ...]) -> list[Unit]:
    """The comparable units of a sequence of source words."""
    return [Unit(text, index, hangul) for index, word in enumerate(words) for text, hangul in word_units(word)]


def phrase_units(phrase: str) -> tuple[str, ...]:
    return tuple(u.text for u in units(phrase.split()))
