"""Options objects: each stage receives only its own.

:class:`pipeline.settings.PipelineSettings` builds them from the environment;
:class:`CallOptions` carries what a single call asks for (language,
channel roles, hotwords) and overrides the site defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from pipeline.errors import ErrorCode, InputError
from pipeline.types import Role

# The choices a site can configure; the settings check them when a process starts.
SummaryBackend = Literal["auto", "llama_cpp", "transformers", "openai", "extractive", "none"]
SUMMARY_BACKENDS: tuple[str, ...] = get_args(SummaryBackend)
# What grounding does with a number, id or date the transcript does not back.
UnverifiedPolicy = Literal["flag", "drop"]
UNVERIFIED_POLICIES: tuple[str, ...] = get_args(UnverifiedPolicy)
# What PII redaction can remove (see pipeline/redact.py).
RedactEntity = Literal["card", "email", "national_id", "phone"]
REDACT_ENTITIES: tuple[RedactEntity, ...] = get_args(RedactEntity)
# CTranslate2's quantisation types (``WhisperModel(compute_type=...)``).
ComputeType = Literal[
    "default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32"
]


@dataclass(frozen=True)
class DecodeOptions:
    max_duration_s: float = 4 * 3600.0
    # A file whose loudest 100 ms window stays below this is "only silence".
    silence_threshold_dbfs: float = -55.0


@dataclass(frozen=True)
class TranscribeOptions:
    # "base", "tiny.en" (packaged models) or a path to any CTranslate2 Whisper folder.
    model: str = "base"
    compute_type: ComputeType = "int8"
    cpu_threads: int = 2
    beam_size: int = 5
    language: str | None = None  # None: detect
    hotwords: str | None = None
    initial_prompt: str | None = None
    vad_min_silence_ms: int = 500
    # Segments Whisper itself thinks are not speech, or that repeat a known
    # hallucination on silence/music, are dropped (see transcribe.py).
    no_speech_threshold: float = 0.6
    log_prob_threshold: float = -1.0


@dataclass(frozen=True)
class DiarizeOptions:
    num_speakers: int | None = 2
    min_speakers: int | None = None
    max_speakers: int | None = None
    torch_threads: int = 1


@dataclass(frozen=True)
class AttributeOptions:
    # Words of one speaker separated by less than this stay in one turn.
    max_pause_s: float = 1.5


@dataclass(frozen=True)
class AnalyticsOptions:
    silence_threshold_s: float = 3.0
    # Overlaps shorter than this are backchannels ("mm-hm"), not interruptions.
    min_interruption_s: float = 0.3


@dataclass(frozen=True)
class RedactOptions:
    enabled: bool = True
    # Entities removed from transcript and summary text. Account and reference
    # numbers are kept: they are the call's key facts.
    entities: tuple[RedactEntity, ...] = REDACT_ENTITIES


@dataclass(frozen=True)
class SummarizeOptions:
    backend: SummaryBackend = "auto"
    model_path: str | None = None  # GGUF file; None: the packaged Qwen2.5-Coder-1.5B
    openai_base_url: str | None = None
    openai_model: str = "default"
    openai_api_key: str | None = None
    threads: int = 2
    context_tokens: int = 4096
    max_new_tokens: int = 700
    timeout_s: float = 600.0
    # A number, id or date the model wrote that the call does not back: "drop" replaces it with
    # "[unverified]" in the text (a summary pasted into a CRM states no wrong number); "flag" keeps it
    # marked (``verified: false``) for the agent to check.
    unverified: UnverifiedPolicy = "drop"
    categories_file: str | None = None  # the site's reason taxonomy (JSON/YAML); None: the default list
    # A key fact whose least certain word Whisper gave a lower probability than
    # this is marked uncertain, for the agent to check against the recording.
    min_fact_confidence: float = 0.5


@dataclass(frozen=True)
class CallOptions:
    """What one call asks for; None means the site default."""

    language: str | None = None
    # Role of each stereo channel, in channel order. None: agent, customer.
    channels: tuple[Role, ...] | None = None
    hotwords: str | None = None
    num_speakers: int | None = None
    min_speakers: int | None = None
    max_speakers: int | None = None
    summarize: bool = True


# A stereo call's two parties, in the order channels take them by default.
DEFAULT_CHANNEL_ROLES = (Role.AGENT, Role.CUSTOMER)


def parse_channel_roles(text: str, option: str | None = None) -> tuple[Role, ...]:
    """``"agent,customer"`` -> the role of each stereo channel, in channel order.

    The one reading of ``--channels`` and the upload's ``channels`` field:
    each party once (``agent,customer`` or ``customer,agent``), any case,
    spaces ignored. Anything else raises :class:`InputError` (``bad_option``)
    naming the allowed values, and ``option`` (e.g. ``--channels``) if given.
    """
    parties = [role.value for role in DEFAULT_CHANNEL_ROLES]
    names = [part.strip().lower() for part in text.split(",")]
    unknown = [name for name in names if name not in parties]
    repeated = [name for i, name in enumerate(names) if name in names[:i]]
    if unknown:
        problem = f"unknown channel role {unknown[0]!r}"
    elif repeated:
        problem = f"channel role {repeated[0]!r} is given twice"
    elif len(names) != len(parties):
        problem = f"{len(names)} channel role given, not {len(parties)}"
    else:
        return tuple(Role(name) for name in names)
    prefix = f"{option}: " if option else ""
    raise InputError(
        f"{prefix}{problem}: give each of {', '.join(parties)} once, in channel order (e.g. 'agent,customer')",
        code=ErrorCode.BAD_OPTION,
    )


@dataclass(frozen=True)
class PipelineOptions:
    decode: DecodeOptions = field(default_factory=DecodeOptions)
    transcribe: TranscribeOptions = field(default_factory=TranscribeOptions)
    diarize: DiarizeOptions = field(default_factory=DiarizeOptions)
    attribute: AttributeOptions = field(default_factory=AttributeOptions)
    analytics: AnalyticsOptions = field(default_factory=AnalyticsOptions)
    redact: RedactOptions = field(default_factory=RedactOptions)
    summarize: SummarizeOptions = field(default_factory=SummarizeOptions)
