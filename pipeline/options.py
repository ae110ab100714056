"""Options objects: each stage receives only its own.

:class:`pipeline.settings.Settings` builds them from the environment;
:class:`CallOptions` carries what a single call asks for (language,
channel roles, hotwords) and overrides the site defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.types import Role


@dataclass(frozen=True)
class DecodeOptions:
    max_duration_s: float = 4 * 3600.0
    # A file whose loudest 100 ms window stays below this is "only silence".
    silence_threshold_dbfs: float = -55.0


@dataclass(frozen=True)
class TranscribeOptions:
    # "base", "tiny.en" (packaged models) or a path to any CTranslate2 Whisper folder.
    model: str = "base"
    compute_type: str = "int8"
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
    entities: tuple[str, ...] = ("card", "email", "national_id")


@dataclass(frozen=True)
class SummarizeOptions:
    backend: str = "auto"  # auto | llama_cpp | transformers | openai | extractive | none
    model_path: str | None = None  # GGUF file; None: the packaged Qwen2.5-Coder-1.5B
    openai_base_url: str | None = None
    openai_model: str = "default"
    openai_api_key: str | None = None
    threads: int = 2
    context_tokens: int = 4096
    max_new_tokens: int = 700
    timeout_s: float = 600.0
    unverified: str = "flag"  # flag | drop


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


@dataclass(frozen=True)
class PipelineOptions:
    decode: DecodeOptions = field(default_factory=DecodeOptions)
    transcribe: TranscribeOptions = field(default_factory=TranscribeOptions)
    diarize: DiarizeOptions = field(default_factory=DiarizeOptions)
    attribute: AttributeOptions = field(default_factory=AttributeOptions)
    analytics: AnalyticsOptions = field(default_factory=AnalyticsOptions)
    redact: RedactOptions = field(default_factory=RedactOptions)
    summarize: SummarizeOptions = field(default_factory=SummarizeOptions)
