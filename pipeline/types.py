"""The data that flows between pipeline stages, defined once.

Every value here is a frozen dataclass; stages build new values (use
``dataclasses.replace``) instead of mutating. Times are float seconds from
the start of the call, named ``start``/``end``; other units carry a suffix.

    DecodedAudio          samples (channels, n) at 16 kHz + AudioInfo
      -> Transcript       Segments of Words (speaker not yet known)
      -> SpeakerSegment   who spoke when (diarization or stereo channels)
      -> Turn             words attributed to a speaker, merged; Role
      -> Analytics        talk time, silence, interruptions, speed, loudness
      -> Summary          fixed schema, every field citing turn ids
      -> CallResult       everything above + timings and model ids
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal, TypeVar, Union

import numpy as np

SAMPLE_RATE = 16_000


class Role(str, Enum):
    AGENT = "agent"
    CUSTOMER = "customer"
    UNKNOWN = "unknown"


class Resolution(str, Enum):
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    ESCALATED = "escalated"


class Sentiment(str, Enum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


@dataclass(frozen=True)
class AudioInfo:
    duration: float
    channels: int
    sample_rate: int  # of the source file, before resampling to 16 kHz
    sha256: str
    format: str  # container/codec name as reported by the decoder
    size_bytes: int


@dataclass(frozen=True, eq=False)
class DecodedAudio:
    info: AudioInfo
    # shape: (channels, samples), float32 in [-1, 1], SAMPLE_RATE Hz.
    # Decoded once per call; stages read views of it, never copies of the whole.
    samples: np.ndarray

    @property
    def sample_rate(self) -> int:
        return SAMPLE_RATE


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float
    speaker: str | None = None


@dataclass(frozen=True)
class Segment:
    id: int
    start: float
    end: float
    text: str
    words: tuple[Word, ...]
    channel: int | None = None  # source channel for stereo calls
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0


@dataclass(frozen=True)
class Transcript:
    language: str
    language_probability: float
    segments: tuple[Segment, ...]

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for s in self.segments for w in s.words)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())


@dataclass(frozen=True, order=True)
class SpeakerSegment:
    """One stretch of one speaker's activity (diarization output)."""

    start: float
    end: float
    speaker: str


@dataclass(frozen=True)
class Diarization:
    """Who spoke when. ``segments`` may overlap (crosstalk, interruptions);
    ``exclusive`` has at most one speaker at any time and is what words are
    attributed with."""

    segments: tuple[SpeakerSegment, ...]
    exclusive: tuple[SpeakerSegment, ...]
    speakers: tuple[str, ...]
    source: str  # "channels" | "diarization" | "single"


@dataclass(frozen=True)
class Turn:
    id: int
    speaker: str
    role: Role
    start: float
    end: float
    text: str
    words: tuple[Word, ...]


@dataclass(frozen=True)
class RoleAssignment:
    """Which speaker label is which party, and how sure we are (0..1)."""

    roles: dict[str, Role]
    confidence: float
    method: str  # "channels" | "heuristic" | "default" ...


@dataclass(frozen=True)
class Interruption:
    interrupter: Role
    interrupted: Role
    start: float
    duration: float


@dataclass(frozen=True)
class PartyStats:
    role: Role
    talk_time: float
    talk_ratio: float  # of the call duration
    words: int
    words_per_minute: float
    loudness_dbfs: float | None
    turns: int
    interruptions_made: int


@dataclass(frozen=True)
class Gap:
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Analytics:
    duration: float
    parties: tuple[PartyStats, ...]
    non_talk_time: float  # sum of silences >= the configured threshold
    silences: tuple[Gap, ...]
    longest_silence: Gap | None
    interruptions: tuple[Interruption, ...]
    turns: int

    def party(self, role: Role) -> PartyStats | None:
        return next((p for p in self.parties if p.role is role), None)


@dataclass(frozen=True)
class Cited:
    """A piece of summary text and the turns it is grounded in."""

    text: str
    turn_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ActionItem:
    owner: Role
    what: str
    when: str | None
    turn_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class KeyFact:
    kind: str  # amount | account | reference | ticket | date | deadline | phone | other
    value: str
    turn_ids: tuple[int, ...] = ()
    verified: bool = True  # every number/id/date in it was found in the cited turns
    # The recognition probability of its least certain word (0..1), where it is
    # said most clearly; None for a transcript without word probabilities.
    confidence: float | None = None
    uncertain: bool = False  # confidence below the site's threshold: the agent should check it


@dataclass(frozen=True)
class FactCheck:
    """A number, id or date the generator wrote that the transcript does not back."""

    field: str  # e.g. "summary", "key_facts[2].value"
    token: str
    verified: bool
    action: str  # "flagged" | "dropped" | "kept"


@dataclass(frozen=True)
class SummaryResolution:
    status: Resolution
    text: str
    turn_ids: tuple[int, ...] = ()
    # How far the signals behind ``status`` (the model's answers, the cue
    # rules) agree, 0..1; None when there was nothing to go on.
    confidence: float | None = None
    evidence: tuple[int, ...] = ()  # the turns that decided ``status``
    needs_review: bool = False  # the signals disagree: a person should check ``status``


@dataclass(frozen=True)
class CustomerSentiment:
    start: Sentiment
    end: Sentiment
    turn_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Summary:
    summary: Cited
    reason: Cited
    resolution: SummaryResolution
    action_items: tuple[ActionItem, ...]
    follow_up_required: bool
    customer_sentiment: CustomerSentiment
    key_facts: tuple[KeyFact, ...]
    checks: tuple[FactCheck, ...] = ()
    generator: str = ""  # "llama_cpp" | "transformers" | "openai" | "extractive"
    model: str = ""
    fallback_reason: str | None = None  # why the preferred generator was not used
    category: str = "other"  # the reason as an id of the site's taxonomy (pipeline.summary.category)


@dataclass(frozen=True)
class StageTiming:
    stage: str
    seconds: float


@dataclass(frozen=True)
class CallResult:
    audio: AudioInfo
    language: str
    language_probability: float
    segments: tuple[Segment, ...]
    turns: tuple[Turn, ...]
    roles: RoleAssignment
    analytics: Analytics
    summary: Summary | None
    timings: tuple[StageTiming, ...]
    models: dict[str, str]  # stage -> model id and version
    speaker_source: str  # "channels" | "diarization" | "single"
    redacted: bool = False
    warnings: tuple[str, ...] = ()
    version: str = field(default="")

    def serialize(self) -> dict[str, Any]:
        """Plain JSON-compatible dict (enums as values, tuples as lists)."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallResult:
        """The inverse of :meth:`serialize` (times are kept to the millisecond)."""
        return from_jsonable(cls, data)


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float):
        return round(value, 3)
    return value


T = TypeVar("T")


def from_jsonable(cls: type[T], data: Any) -> T:
    """Build ``cls`` (a dataclass here, or any type its fields use) from what
    :func:`to_jsonable` made of it, guided by the type hints. A field missing
    from ``data`` takes its default, so results stored before the field
    existed still read; keys that are not fields are ignored."""
    return _from_jsonable(cls, data)


def _from_jsonable(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot read a value of type {hint}: more than one type besides None")
        return _from_jsonable(options[0], value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_from_jsonable(args[0], v) for v in value)
        return tuple(_from_jsonable(a, v) for a, v in zip(args, value, strict=True))
    if origin is list:
        return [_from_jsonable(args[0], v) for v in value]
    if origin is dict:
        key_hint, value_hint = args
        return {_from_jsonable(key_hint, k): _from_jsonable(value_hint, v) for k, v in value.items()}
    if origin is Literal or hint is Any:
        return value
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = _type_hints(hint)
        return hint(**{
            f.name: _from_jsonable(hints[f.name], value[f.name])
            for f in dataclasses.fields(hint)
            if f.init and f.name in value
        })
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@dataclass(frozen=True)
class QaEvidence:
    """Why a QA item or category came out as it did: the words said (turn,
    times, quote), or what was not found and where it was looked for."""

    note: str
    turn_id: int | None = None
    start: float | None = None
    end: float | None = None
    quote: str | None = None


@dataclass(frozen=True)
class QaItemResult:
    id: str
    title: str
    status: str  # "met" | "not_met" | "not_applicable"
    weight: float
    evidence: tuple[QaEvidence, ...] = ()


@dataclass(frozen=True)
class QaCategoryHit:
    id: str
    title: str
    evidence: tuple[QaEvidence, ...] = ()


@dataclass(frozen=True)
class QaResult:
    """A call scored against a rule set (pipeline.qa): 0-100, or None when no item applies."""

    rule_set: str
    scorecard: str | None
    score: float | None
    items: tuple[QaItemResult, ...]
    categories: tuple[QaCategoryHit, ...]

    @property
    def failed(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items if i.status == "not_met")
