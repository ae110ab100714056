"""The text the category keywords are read in: the customer's words normalised, a keyword's pattern
and points (for :mod:`pipeline.summary.category`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

MAX_KEYWORD_POINTS = 3  # a keyword scores its length in words, up to this

# An account number, a postcode or a date read out: "five oh oh seven", "c f four one", "일팔이오 공삼육이요".
_READ_OUT = re.compile(
    r"(\d+(st|nd|rd|th)?|[b-hj-z]|oh|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"(thir|four|fif|six|seven|eigh|nine)teen(th)?|(twen|thir|for|fif|six|seven|eigh|nine)t(y|ieth)|hundred|thousand|"
    r"double|triple|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"[공영일이삼사오육륙칠팔구십백천만]+(?:이요|요|이에요|입니다|번|번이요)?)\W*"
)
# "will not" -> "wont", "itll not" -> "it wont", "cannot" -> "cant", "do not" -> "dont"
_FULL_NOT = re.compile(
    r"\b(will|itll|ill|youll|theyll|thatll|hell|shell|can|do|does|did|is|are|was|were|has|have|had|would|could|should)"
    r" ?not\b"
)
_SHORT_NOT = {"will": "wont", "can": "cant"} | {f"{w}ll": f"{w} wont" for w in ("it", "i", "you", "they", "that", "he", "she")}
# A reference read out or asked for names no request: "my booking reference", "the claim number",
# "예약번호가", "주문 번호": the noun before it is dropped ("booking reference" reads "reference").
_REFERENCE = re.compile(
    r"\b(?:booking|order|claim|appointment|reservation|ticket|case|job|member|membership|customer|policy)s? "
    r"(?=(?:reference|ref|number|no|id|code)\b)"
    r"|(?:예약|주문|접수|회원|고객|가입|계약|신청|사건|청구)\s*(?=번호)"
)
_GAP = r"(?:\w+ )?"  # a "*" in a keyword: one word or none
# Casual forms said as one word: "i wanna pay it", "gotta move the power", "lemme check".
_CASUAL = {"wanna": "want to", "gonna": "going to", "gotta": "got to", "lemme": "let me", "gimme": "give me",
           "hafta": "have to", "needa": "need to", "tryna": "trying to", "dunno": "dont know"}
_CASUAL_WORD = re.compile(r"\b(" + "|".join(_CASUAL) + r")\b")
_FIRST_PERSON = {"you": "i", "your": "my", "youre": "im", "youve": "ive", "youd": "id", "yourself": "myself"}
_SECOND_PERSON = re.compile(r"\b(" + "|".join(_FIRST_PERSON) + r")\b")


def read_out(text: str) -> bool:
    """Half or more of the words are digits, number words or single letters."""
    tokens = normal(text).replace("...", " ").split()
    return bool(tokens) and 2 * sum(1 for w in tokens if _READ_OUT.fullmatch(w)) >= len(tokens)


def as_caller(text: str) -> str:
    """The agent's words from the caller's side, for the first-person keywords:
    "so you've lost your card" reads "so ive lost my card"."""
    return _SECOND_PERSON.sub(lambda m: _FIRST_PERSON[m.group(0)], text)


@lru_cache(maxsize=4096)
def keyword_points(keyword: str) -> int:
    size = len(keyword.replace("*", "").split())
    if not keyword.isascii():  # a Korean word of four syllables or more is two words' worth
        size = max(size, len(keyword.replace(" ", "")) // 2)
    return max(1, min(MAX_KEYWORD_POINTS, size))


def normal(text: str) -> str:
    """Lowercase, apostrophes dropped ("don't", "dont" and "don’t" alike), a "not" said in
    full as the short form ("will not" and "it'll not" read "wont", "do not" "dont"), hyphens
    as spaces, recogniser tags ("[inaudible]") removed, a reference's noun dropped ("booking reference"
    reads "reference", "예약번호" "번호")."""
    text = re.sub(r"\[[^\]]*\]", " ", text.lower())
    text = " ".join(text.replace("'", "").replace("\u2019", "").replace("-", " ").split())
    text = _REFERENCE.sub("", text)
    text = _CASUAL_WORD.sub(lambda m: _CASUAL[m.group(1)], text)
    return _FULL_NOT.sub(lambda m: _SHORT_NOT.get(m.group(1), m.group(1) + "nt"), text) if "not" in text else text


def said(keyword: str, text: str) -> bool:
    """English words at a word start, with their usual endings ("charge" in
    "charged", never "fee" in "feel"); Korean stems anywhere (particles and
    endings follow them), a space in one standing for a particle or none
    ("명의 변경" in "명의를 변경", "안 돼" in "안돼")."""
    return needle(keyword) in text and pattern(keyword).search(text) is not None


@dataclass(frozen=True)
class KeywordIndex:
    """Keywords by their :func:`needle`, so that a text is searched only for the keywords whose
    needle it holds: an English needle (letters, digits) where a word starts, any other anywhere.
    :meth:`said_in` finds what :func:`said` finds, a few hundred dictionary look-ups per text
    instead of a search for each of the ~8,300 keywords of the default lists."""

    at_word_start: dict[str, tuple[str, ...]]
    anywhere: dict[str, tuple[str, ...]]
    word_lengths: tuple[int, ...]
    lengths: tuple[int, ...]
    firsts: frozenset[str]  # the first letters of the needles looked for anywhere

    def said_in(self, text: str) -> set[str]:
        """The keywords said in ``text`` (as :func:`said` reads them)."""
        word_starts = (match.start() for match in _WORD_START.finditer(text))
        other_starts = (start for start, letter in enumerate(text) if letter in self.firsts)
        searches = ((self.at_word_start, self.word_lengths, word_starts), (self.anywhere, self.lengths, other_starts))
        candidates = {
            keyword
            for table, lengths, starts in searches
            for start in starts
            for size in lengths
            for keyword in table.get(text[start : start + size], ())
        }
        return {keyword for keyword in candidates if pattern(keyword).search(text) is not None}


_WORD_START = re.compile(r"\b\w")
_WORD_NEEDLE = re.compile(r"[a-z0-9]+")


def keyword_index(keywords: Iterable[str]) -> KeywordIndex:
    """The index of ``keywords``."""
    at_word_start: dict[str, list[str]] = {}
    anywhere: dict[str, list[str]] = {}
    for keyword in dict.fromkeys(keywords):
        found = needle(keyword)
        (at_word_start if _WORD_NEEDLE.fullmatch(found) else anywhere).setdefault(found, []).append(keyword)
    return KeywordIndex(
        {k: tuple(v) for k, v in at_word_start.items()},
        {k: tuple(v) for k, v in anywhere.items()},
        tuple(sorted({len(k) for k in at_word_start})),
        tuple(sorted({len(k) for k in anywhere})),
        frozenset(k[0] for k in anywhere),
    )


@lru_cache(maxsize=32768)
def needle(keyword: str) -> str:
    """Letters every text that says ``keyword`` holds as they are: its last word's stem in
    English (the pattern adds endings to it), its longest part in Korean. Looking for them
    first spares the pattern's search in the many texts that cannot match."""
    keyword = normal(keyword)
    if not keyword.isascii():
        return max(keyword.split(), key=len)
    last = keyword.split(" ")[-1]
    return last[:-1] if (last.endswith("e") and len(last) > 3) or (last.endswith("ing") and len(last) > 4) else last


@lru_cache(maxsize=32768)  # the default lists hold about 8,300 keywords and hints (generated ones included)
def pattern(keyword: str) -> re.Pattern[str]:
    keyword = normal(keyword)
    if keyword.isascii():
        return re.compile(r"\b" + inflected(keyword) + r"\b")
    # a particle or none, and "좀" ("please", "a bit") between: "주소 좀 바꾸려고요"
    return re.compile(r"\S{0,2}\s*(?:좀\s*)?".join(re.escape(part) for part in keyword.split()))


def inflected(keyword: str) -> str:
    """The keyword with the usual endings on its last word: "charge" also reads
    "charges", "charged", "charging"; "crackle" "crackling"; "stop" "stopped";
    and a clitic "s" on the others, the apostrophe dropped ("card's been used")."""
    *head, last = keyword.split(" ")
    # the words before it may carry a clitic "s" ("water's coming" reads "waters coming"), and "my" may be
    # said "me" ("lost me card", "me boiler's packed in"); a "*" stands for any one word or none
    # ("transfer to the * class" reads "transfer to the saturday class")
    # and an "-ing" may be said without its "g" ("im movin house", "ringin aboot")
    prefix = "".join(_GAP if word == "*" else "m(?:y|e) " if word == "my" else _word(word) + "s? " for word in head)
    if last.endswith("e") and len(last) > 3:
        return prefix + re.escape(last[:-1]) + r"(?:e|es|ed|ing?)"
    if len(last) < 3:  # "an", "in", "up": no endings ("book an" is not "books and")
        return prefix + re.escape(last)
    if last.endswith("ing") and len(last) > 4:
        return prefix + _word(last) + "s?"
    ing = "ing?" if len(last) > 3 else "ing"  # "log" is not "login"
    doubled = f"|{re.escape(last[-1])}(?:ed|{ing})" if last[-1] in "bdgmnprt" and last[-2] in "aeiou" else ""
    return prefix + re.escape(last) + rf"(?:s|es|d|ed|{ing}{doubled})?"


def _word(word: str) -> str:
    """A word of a keyword; an "-ing" also without its "g" ("movin", "pullin")."""
    return re.escape(word[:-1]) + "g?" if word.endswith("ing") and len(word) > 4 else re.escape(word)
