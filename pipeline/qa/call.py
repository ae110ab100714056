"""What QA rules look at: a light view of a call, built from a
:class:`CallResult`, from its stored JSON, or from a text dialogue.

Only the turns (role, times, words and word times), the duration, the
interruptions and three summary values are kept; reading 10,000 stored
calls for a re-score must not build every word as a dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.types import CallResult

WORDS_PER_S = 2.5  # speaking rate assumed for dialogues that have no times
SEPARATOR = "\x1f"  # between a turn's words in the compact form (words may hold spaces)
BACKCHANNEL_S = 0.3  # overlaps shorter than this are not interruptions (as pipeline.analytics)


@dataclass(frozen=True)
class QaTurn:
    id: int
    role: str  # "agent" | "customer" | "unknown"
    start: float
    end: float
    words: tuple[str, ...]
    # start, end of each word in turn (2 per word), when known; flat, as stored
    word_times: tuple[float, ...] | None = None


@dataclass(frozen=True)
class QaCall:
    turns: tuple[QaTurn, ...]
    duration: float
    language: str | None = None
    interruptions: tuple[tuple[str, float], ...] | None = None  # (interrupter role, start); None: from turns
    sentiment_end: str | None = None
    resolution: str | None = None
    reason: str | None = None  # the reason category
    summary_turns: dict[str, tuple[int, ...]] | None = None  # "sentiment"/"resolution"/"reason" -> cited turns


def _turn(data: dict[str, Any]) -> QaTurn:
    words = data.get("words") or []
    if words:
        return QaTurn(
            id=int(data["id"]),
            role=str(data.get("role", "unknown")),
            start=float(data["start"]),
            end=float(data["end"]),
            words=tuple(str(w["text"]) for w in words),
            word_times=tuple(float(w[key]) for w in words for key in ("start", "end")),
        )
    return QaTurn(
        id=int(data["id"]), role=str(data.get("role", "unknown")), start=float(data["start"]),
        end=float(data["end"]), words=tuple(str(data.get("text", "")).split()),
    )


def from_serialized(data: dict[str, Any]) -> QaCall:
    """From ``CallResult.serialize()`` (what the call log stores)."""
    analytics = data.get("analytics") or {}
    summary = data.get("summary") or None
    interruptions = tuple((str(i["interrupter"]), float(i["start"])) for i in analytics.get("interruptions") or ())
    duration = float(analytics.get("duration") or (data.get("audio") or {}).get("duration") or 0.0)
    view = QaCall(
        turns=tuple(_turn(t) for t in data.get("turns") or ()),
        duration=duration,
        language=data.get("language"),
        interruptions=interruptions,
    )
    if summary:
        view = _with_summary(view, summary)
    return view


def _with_summary(view: QaCall, summary: dict[str, Any]) -> QaCall:
    sentiment = summary.get("customer_sentiment") or {}
    resolution = summary.get("resolution") or {}
    reason = summary.get("reason") or {}
    return QaCall(
        turns=view.turns,
        duration=view.duration,
        language=view.language,
        interruptions=view.interruptions,
        sentiment_end=sentiment.get("end"),
        resolution=resolution.get("status"),
        reason=summary.get("category"),
        summary_turns={
            "sentiment": tuple(sentiment.get("turn_ids") or ()),
            "resolution": tuple(resolution.get("evidence") or resolution.get("turn_ids") or ()),
            "reason": tuple(reason.get("turn_ids") or ()),
        },
    )


def from_result(result: CallResult) -> QaCall:
    return from_serialized(result.serialize())


def from_dialogue(turns: list[dict[str, Any]], *, language: str | None = None, summary: dict[str, Any] | None = None) -> QaCall:
    """From a text dialogue: ``[{"role"|"speaker", "text", "start"?, "end"?}]``.
    Turns without times are laid end to end at an assumed speaking rate."""
    out: list[QaTurn] = []
    clock = 0.0
    for n, turn in enumerate(turns):
        words = tuple(str(turn.get("text", "")).split())
        start = float(turn["start"]) if turn.get("start") is not None else clock
        end = float(turn["end"]) if turn.get("end") is not None else start + max(len(words), 1) / WORDS_PER_S
        role = str(turn.get("role") or turn.get("speaker") or "unknown").lower()
        # Words spread evenly over the turn, so that order within a turn is kept.
        step = (end - start) / max(len(words), 1)
        times = tuple(start + (k + edge) * step for k in range(len(words)) for edge in (0, 1)) or None
        out.append(QaTurn(id=int(turn.get("id", n)), role=role, start=start, end=end, words=words, word_times=times))
        clock = end + 0.5
    view = QaCall(turns=tuple(out), duration=max((t.end for t in out), default=0.0), language=language)
    return _with_summary(view, summary) if summary else view


def compact(call: QaCall) -> dict[str, Any]:
    """A small JSON form of the view, stored beside the QA result so that a
    re-score reads a few kilobytes per call instead of the whole result."""
    return {
        "v": 1,
        "duration": round(call.duration, 3),
        "language": call.language,
        "interruptions": [[r, round(at, 3)] for r, at in call.interruptions] if call.interruptions is not None else None,
        "sentiment_end": call.sentiment_end,
        "resolution": call.resolution,
        "reason": call.reason,
        "summary_turns": {k: list(v) for k, v in call.summary_turns.items()} if call.summary_turns is not None else None,
        "turns": [
            [
                t.id, t.role, round(t.start, 3), round(t.end, 3), SEPARATOR.join(t.words),
                [round(x, 2) for x in t.word_times] if t.word_times else None,
            ]
            for t in call.turns
        ],
    }


def from_compact(data: dict[str, Any]) -> QaCall:
    turns = []
    for t_id, role, start, end, words, times in data["turns"]:
        split = tuple(words.split(SEPARATOR)) if words else ()
        flat = tuple(times) if times and len(times) == 2 * len(split) else None
        turns.append(QaTurn(t_id, role, start, end, split, flat))
    summary_turns = data.get("summary_turns")
    interruptions = data.get("interruptions")
    return QaCall(
        turns=tuple(turns),
        duration=data["duration"],
        language=data.get("language"),
        interruptions=tuple((r, at) for r, at in interruptions) if interruptions is not None else None,
        sentiment_end=data.get("sentiment_end"),
        resolution=data.get("resolution"),
        reason=data.get("reason"),
        summary_turns={k: tuple(v) for k, v in summary_turns.items()} if summary_turns is not None else None,
    )
