"""A :class:`CallResult` as text: JSON, SRT, WebVTT, RTTM or plain text.

Imports nothing heavy (the API process renders downloads with it).

- ``json``: ``result.serialize()``, pretty, non-ASCII kept;
- ``srt`` / ``vtt``: one cue per turn, long turns split at word boundaries
  into cues of at most :data:`MAX_CUE_S` seconds or :data:`MAX_CUE_CHARS`
  characters; VTT marks the speaker with a voice tag (``<v Agent>``), SRT
  prefixes it (``Agent: ``);
- ``rttm``: one ``SPEAKER`` line per turn, labelled with the role when known;
- ``txt``: ``[mm:ss.s] Agent: ...`` lines, then the summary when there is one.

Cue text comes from the turn's words only when they still spell the turn's
text; after redaction the words may hold what the text no longer does, so
then the turn's text is split instead and its time shared out by length.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.attribution.attribute import join_words
from pipeline.errors import ErrorCode, InputError
from pipeline.types import CallResult, Role, Summary, Turn, Word

FORMATS = ("json", "srt", "vtt", "rttm", "txt")
MAX_CUE_S = 7.0
MAX_CUE_CHARS = 84
# A cue must last a little for players to show it (zero-length words exist).
MIN_CUE_S = 0.01
ROLE_LABELS = {Role.AGENT: "Agent", Role.CUSTOMER: "Customer"}


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    label: str
    text: str


def export(result: CallResult, fmt: str, *, uri: str | None = None) -> str:
    """Render ``result`` as ``fmt`` (one of :data:`FORMATS`). ``uri`` names the
    file in RTTM; by default the first 16 hex digits of the audio's sha256."""
    name = fmt.strip().lower()
    if name == "json":
        return json.dumps(result.serialize(), ensure_ascii=False, indent=2) + "\n"
    if name == "srt":
        return to_srt(result)
    if name == "vtt":
        return to_vtt(result)
    if name == "rttm":
        return to_rttm(result, uri)
    if name == "txt":
        return to_txt(result)
    raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}", code=ErrorCode.BAD_OPTION)


def speaker_label(turn: Turn) -> str:
    return ROLE_LABELS.get(turn.role, turn.speaker)


# --- cues -----------------------------------------------------------------


def cues(result: CallResult) -> list[Cue]:
    out = [cue for turn in result.turns for cue in _turn_cues(turn, result.language)]
    return sorted(out, key=lambda c: (c.start, c.end))


def _turn_cues(turn: Turn, language: str) -> Iterator[Cue]:
    label = speaker_label(turn)
    text = " ".join(turn.text.split())
    if not text:
        return
    if turn.words and join_words(turn.words, language) == text:
        chunk: list[Word] = []
        for word in turn.words:
            if chunk:
                candidate = join_words([*chunk, word], language)
                if word.end - chunk[0].start > MAX_CUE_S or len(candidate) > MAX_CUE_CHARS:
                    yield _cue(chunk[0].start, chunk[-1].end, label, join_words(chunk, language))
                    chunk = []
            chunk.append(word)
        if chunk:
            yield _cue(chunk[0].start, chunk[-1].end, label, join_words(chunk, language))
        return
    yield from _split_text(turn, label, text)


def _split_text(turn: Turn, label: str, text: str) -> Iterator[Cue]:
    """Split ``text`` into <= MAX_CUE_CHARS pieces and share the turn's time by length."""
    pieces: list[str] = []
    for token in text.split(" "):
        if pieces and len(pieces[-1]) + 1 + len(token) <= MAX_CUE_CHARS:
            pieces[-1] += " " + token
        else:
            pieces.append(token)
    span = max(turn.end - turn.start, 0.0)
    per_char = span / max(sum(len(p) for p in pieces), 1)
    start = turn.start
    for piece in pieces:
        end = start + per_char * len(piece)
        yield _cue(start, end, label, piece)
        start = end


def _cue(start: float, end: float, label: str, text: str) -> Cue:
    return Cue(start, max(end, start + MIN_CUE_S), label, text)


def _clock(seconds: float, separator: str) -> str:
    millis = int(round(max(seconds, 0.0) * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{ms:03d}"


def _one_line(text: str) -> str:
    # A cue ends at a blank line and "-->" starts a timing line.
    return " ".join(text.split()).replace("-->", "->")


def to_srt(result: CallResult) -> str:
    blocks = [
        f"{i}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n{c.label}: {_one_line(c.text)}\n"
        for i, c in enumerate(cues(result), start=1)
    ]
    return "\n".join(blocks)


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(result: CallResult) -> str:
    blocks = ["WEBVTT\n"]
    for i, c in enumerate(cues(result), start=1):
        voice = _vtt_escape(" ".join(c.label.split()))
        blocks.append(
            f"{i}\n{_clock(c.start, '.')} --> {_clock(c.end, '.')}\n<v {voice}>{_vtt_escape(_one_line(c.text))}</v>\n"
        )
    return "\n".join(blocks)


# --- rttm -----------------------------------------------------------------


def to_rttm(result: CallResult, uri: str | None = None) -> str:
    file_id = re.sub(r"\s+", "_", uri.strip()) if uri and uri.strip() else result.audio.sha256[:16] or "call"
    lines = []
    for turn in sorted(result.turns, key=lambda t: (t.start, t.id)):
        duration = max(turn.end - turn.start, 0.0)
        label = re.sub(r"\s+", "_", turn.role.value if turn.role is not Role.UNKNOWN else turn.speaker)
        lines.append(f"SPEAKER {file_id} 1 {turn.start:.3f} {duration:.3f} <NA> <NA> {label} <NA> <NA>")
    return "".join(line + "\n" for line in lines)


# --- txt ------------------------------------------------------------------


def _short_clock(seconds: float) -> str:
    tenths = int(round(max(seconds, 0.0) * 10))
    hours, rest = divmod(tenths, 36_000)
    minutes, rest = divmod(rest, 600)
    secs, tenth = divmod(rest, 10)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}.{tenth}"
    return f"{minutes:02d}:{secs:02d}.{tenth}"


def to_txt(result: CallResult) -> str:
    lines = [
        f"[{_short_clock(t.start)}] {speaker_label(t)}: {' '.join(t.text.split())}"
        for t in sorted(result.turns, key=lambda t: (t.start, t.id))
    ]
    if result.summary is not None:
        lines += ["", *_summary_lines(result.summary)]
    return "\n".join(lines) + "\n"


def _cite(turn_ids: tuple[int, ...]) -> str:
    return f" [turns {', '.join(str(i) for i in turn_ids)}]" if turn_ids else ""


def _summary_lines(summary: Summary) -> list[str]:
    lines = [
        "Summary",
        "-------",
        f"{summary.summary.text}{_cite(summary.summary.turn_ids)}",
        "",
        f"Reason: {summary.reason.text}{_cite(summary.reason.turn_ids)} (category: {summary.category})",
        f"Resolution: {summary.resolution.status.value}: {summary.resolution.text}{_cite(summary.resolution.turn_ids)}"
        + (" (CHECK: confirm the outcome)" if summary.resolution.needs_review else ""),
        f"Follow-up required: {'yes' if summary.follow_up_required else 'no'}",
        "Customer sentiment: "
        f"{summary.customer_sentiment.start.value} -> {summary.customer_sentiment.end.value}"
        f"{_cite(summary.customer_sentiment.turn_ids)}",
    ]
    if summary.action_items:
        lines.append("Action items:")
        for item in summary.action_items:
            when = f" (by {item.when})" if item.when else ""
            lines.append(f"  - {ROLE_LABELS.get(item.owner, 'Unassigned')}: {item.what}{when}{_cite(item.turn_ids)}")
    if summary.key_facts:
        lines.append("Key facts:")
        for fact in summary.key_facts:
            flag = "" if fact.verified else " (UNVERIFIED: not found in the transcript)"
            if fact.uncertain:
                flag += f" (CHECK: heard with low confidence, {fact.confidence:.2f})" if fact.confidence is not None else " (CHECK)"
            lines.append(f"  - {fact.kind}: {fact.value}{flag}{_cite(fact.turn_ids)}")
    unverified = [c for c in summary.checks if not c.verified]
    if unverified:
        lines.append("Unverified numbers: " + ", ".join(f"{c.token} in {c.field} ({c.action})" for c in unverified))
    generator = summary.generator + (f" ({summary.model})" if summary.model else "")
    if generator:
        lines.append(f"Generated by: {generator}")
    return lines
