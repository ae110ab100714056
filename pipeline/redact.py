"""PII redaction: payment cards, email addresses, national ids and phone numbers leave the transcript.

Replaced in segment text, turn text and word text (a word keeps its
timestamps; the first word of a redacted stretch carries the label, the
others become empty), so that no export or page shows them:

    card         13-19 digits that pass the Luhn check and start like a card
                 (2-6), written ("4111 1111 1111 1111", "4111-1111-...") or
                 spoken digit by digit ("four one one one ...")    -> [CARD]
    email        "john.smith@example.com", and as spoken: "john dot smith at
                 example dot com"                                -> [EMAIL]
    national_id  UK National Insurance number ("QQ 12 34 56 C"), US Social
                 Security number ("123-45-6789", or 9 digits after "social
                 security"), Korean resident registration number
                 ("900101-1234567")                              -> [NATIONAL_ID]
    phone        a number that :mod:`pipeline.facts.phones` finds a phone by
                 its shape or a cue ("07700 900123", "+44 (0)161 496 0732",
                 "oh seven seven double oh ...", "010-1234-5678",
                 "공일공 일이삼사 오육칠팔", "02-123-4567", "my mobile is
                 415 555 0123"); service numbers (1588-1234, 0800 ...,
                 1-800-...) are an organisation's and stay   -> [PHONE]

Account and reference numbers and amounts are kept: they are the call's key
facts, and the Luhn check keeps a 16-digit reference that is not a card.
Whether digits are a phone number is decided once, for the fact reader and
redaction alike: a redacted transcript has no phone key facts, and no
account or reference number goes missing as a "phone".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from pipeline.facts.phones import cue_before, is_phone, is_service_number, plus_before
from pipeline.facts.tokens import PAUSE, token_run, tokenize
from pipeline.facts.values import Tok
from pipeline.options import RedactOptions
from pipeline.types import Segment, Turn, Word

LABELS = {"card": "[CARD]", "email": "[EMAIL]", "national_id": "[NATIONAL_ID]", "phone": "[PHONE]"}

Span = tuple[int, int, str]  # start, end, label
Part = tuple[str, int, int, int]  # digits, start, end, token index

_TLD = r"(?:com|org|net|co|uk|gov|io|edu|info|biz|me|us|kr|de|fr|nl|ie|eu|ca|au|ac)\b"
_SEP = r"(?:\s*\.\s*|\s+dot\s+)"
_EMAIL = re.compile(
    r"\b[a-z0-9_+-]+(?:(?:\s*\.\s*|\s+(?:dot|underscore|dash|hyphen)\s+|[_-])[a-z0-9_+-]+)*"
    r"(?:\s*@\s*|\s+at\s+)"
    r"[a-z0-9-]+(?:" + _SEP + r"[a-z0-9-]+)*" + _SEP + _TLD,
    re.IGNORECASE,
)
_SEPARATED = r"[\s.-]*"
_NI_NUMBER = re.compile(
    r"\b[A-Z]" + _SEPARATED + r"[A-Z]" + _SEPARATED + r"(?:\d" + _SEPARATED + r"){6}[A-D]\b", re.IGNORECASE
)
# (?<!\d)/(?!\d), not \b: Korean text runs straight on after digits ("…1234567입니다").
_SSN = re.compile(r"(?<!\d)(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?!\d)")
_RRN = re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s*-\s*[1-8]\d{6}(?!\d)")
_NOT_DOMAINS = {"it", "the", "a", "an", "this", "that", "home", "work", "my", "your", "our", "least", "all", "once", "me"}
_SSN_CUES = {"social", "security", "ssn"}
_RRN_CUES = ("주민등록", "주민 번호", "주민번호", "resident registration")


def redact(
    segments: tuple[Segment, ...], turns: tuple[Turn, ...], options: RedactOptions
) -> tuple[tuple[Segment, ...], tuple[Turn, ...]]:
    """Segments and turns with the PII of ``options.entities`` replaced.
    Disabled: the inputs, unchanged."""
    if not options.enabled or not options.entities:
        return segments, turns
    find = _finder(options.entities)
    new_segments = tuple(
        dataclasses.replace(s, text=_apply(s.text, find(s.text)), words=_redact_words(s.words, find)) for s in segments
    )
    new_turns = tuple(
        dataclasses.replace(t, text=_apply(t.text, find(t.text)), words=_redact_words(t.words, find)) for t in turns
    )
    return new_segments, new_turns


def _finder(entities: Sequence[str]) -> Callable[[str], list[Span]]:
    wanted = set(entities)

    def find(text: str) -> list[Span]:
        spans: list[Span] = []
        if "email" in wanted:
            spans += [(m.start(), m.end(), LABELS["email"]) for m in _EMAIL.finditer(text) if _plausible_email(m.group())]
        if "national_id" in wanted:
            for pattern in (_NI_NUMBER, _SSN, _RRN):
                spans += [(m.start(), m.end(), LABELS["national_id"]) for m in pattern.finditer(text)]
        if wanted & {"card", "national_id", "phone"}:
            spans += _digit_runs(text, wanted)
        return _merge(spans)

    return find


def _plausible_email(found: str) -> bool:
    # Spoken addresses are ambiguous: "look at it dot com" is not one.
    if "@" in found:
        return True
    domain = re.split(r"\s+at\s+", found.lower())[-1]
    return domain.split()[0] not in _NOT_DOMAINS


def _digit_runs(text: str, wanted: set[str]) -> list[Span]:
    """Cards, phone numbers (and cued SSNs / resident numbers) in runs of digits, written or spoken."""
    toks = tokenize(text)
    korean = any("\uac00" <= ch <= "\ud7a3" for ch in text)
    spans: list[Span] = []
    i = 0
    while i < len(toks):
        run, j = _run(toks, i)
        if not run:
            i += 1
            continue
        context = " ".join(t.text for t in toks[max(0, i - 8) : i])
        spans += _classify_run(run, context, wanted) + (_phone(toks, run, korean) if "phone" in wanted else [])
        i = j
    return spans


def _run(toks: list[Tok], i: int) -> tuple[list[Part], int]:
    """Digit tokens from ``i`` on (spaces, commas, hyphens, slashes, brackets, 에 as
    in "공일공에 일이삼사에 ...", and the pauses Whisper writes "..." between groups
    said one by one, between)."""
    separators = (",", "-", "/", "(", ")", "에", PAUSE)
    parts, j = token_run(toks, i, lambda t: _digits(t) is not None, separators=separators)
    return [(_digits(toks[k]) or "", toks[k].start, toks[k].end, k) for k in parts], j


def _digits(tok: Tok) -> str | None:
    if tok.kind != "num" or "." in tok.text or tok.value is None:
        return None
    if tok.spelled:  # "four one one one": a spoken card is read a digit (or a pair) at a time
        return str(int(tok.value)) if tok.value < 100 else None
    return tok.text


def _classify_run(run: list[Part], context: str, wanted: set[str]) -> list[Span]:
    digits = "".join(p[0] for p in run)
    start, end = run[0][1], run[-1][2]
    if "national_id" in wanted:
        if len(digits) == 9 and _SSN_CUES & set(context.split()):
            return [(start, end, LABELS["national_id"])]
        if len(digits) == 13 and any(cue in context for cue in _RRN_CUES):
            return [(start, end, LABELS["national_id"])]
    if "card" not in wanted:
        return []
    if _is_card(digits):
        return [(start, end, LABELS["card"])]
    # A card inside a longer run (followed by the expiry date, say): token-aligned windows.
    for a in range(len(run)):
        for b in range(len(run), a, -1):
            window = "".join(p[0] for p in run[a:b])
            if len(window) < 13:
                break
            if _is_card(window):
                return [(run[a][1], run[b - 1][2], LABELS["card"])]
    return []


def _phone(toks: list[Tok], run: list[Part], korean: bool) -> list[Span]:
    """A personal phone number at the start of the run, or of an item after a comma
    ("07700 900123, 3 pm": the longest stretch that is one)."""
    for a in range(len(run)):
        if a and toks[run[a][3] - 1].text != ",":
            continue
        first = run[a][3]
        plus, cue = plus_before(toks, first), cue_before(toks, first)
        for b in range(len(run), a, -1):
            digits = "".join(p[0] for p in run[a:b])
            if len(digits) < 9:
                break
            if is_phone(digits, plus=plus, cue=cue, grouped=_grouped(toks, run[a:b])):
                if is_service_number(digits, plus=plus, korean=korean):
                    return []
                return [(toks[_opening(toks, first)].start, run[b - 1][2], LABELS["phone"])]
    return []


def _grouped(toks: list[Tok], parts: list[Part]) -> bool:
    """Written as a US number is: "(415) 555-0123", "1-415-555-0123"."""
    marks = {t.text for t in toks[max(0, parts[0][3] - 1) : parts[-1][3]]}
    return [len(p[0]) for p in parts] in ([3, 3, 4], [1, 3, 3, 4]) and bool(marks & {"-", "(", ")"})


def _opening(toks: list[Tok], first: int) -> int:
    """The "+" and "(" said or written before the digits go with them: "+44 ...", "(0161) ..."."""
    for opener in ("(", "+", "plus"):
        if first and toks[first - 1].text == opener:
            first -= 1
    return first


def _is_card(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and digits[0] in "23456" and _luhn(digits)


def _luhn(digits: str) -> bool:
    total = 0
    for k, ch in enumerate(reversed(digits)):
        d = int(ch)
        if k % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _merge(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, in order; where two overlap, the longer wins."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            if span[1] - span[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = span
            continue
        kept.append(span)
    return kept


def _apply(text: str, spans: list[Span]) -> str:
    for start, end, label in reversed(spans):
        text = text[:start] + label + text[end:]
    return text


def _redact_words(words: tuple[Word, ...], find: Callable[[str], list[Span]]) -> tuple[Word, ...]:
    """Find spans in the words' joined text; a word that a span starts in gets the
    label, the rest of the span's characters leave their words, which become empty:
    what is left of the span's last word ("1111." -> ".", "오육칠팔이요" -> "이요")
    joins the label, so that every word said in the span is empty or holds a label
    and :mod:`pipeline.audio.mute` silences all of them."""
    if not words:
        return words
    spaced = any(w.text[:1].isspace() for w in words)
    pieces = [w.text if spaced else (" " if k else "") + w.text.strip() for k, w in enumerate(words)]
    joined = "".join(pieces)
    spans = find(joined)
    if not spans:
        return words
    out: list[Word] = []
    bounds: list[tuple[int, int]] = []
    offset = 0
    for word, piece in zip(words, pieces):
        lo, hi = offset, offset + len(piece)
        offset = hi
        bounds.append((lo, hi))
        if not any(s < hi and e > lo for s, e, _ in spans):
            out.append(word)
            continue
        text = ""
        for pos in range(lo, hi):
            span = next((s for s in spans if s[0] <= pos < s[1]), None)
            if span is None:
                text += joined[pos]
            elif pos == span[0]:
                text += span[2]
        if not spaced:
            text = text.strip()
        out.append(dataclasses.replace(word, text=text))
    for start, end, _ in reversed(spans):  # the last span first: its label may move on with the text
        touched = [k for k, (lo, hi) in enumerate(bounds) if start < hi and end > lo]
        first, last = touched[0], touched[-1]
        if last != first and out[last].text:
            out[first] = dataclasses.replace(out[first], text=out[first].text + out[last].text)
            out[last] = dataclasses.replace(out[last], text="")
    return tuple(out)
