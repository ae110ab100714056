"""callbrief's call pipeline: recorded call -> transcript, turns, analytics, summary.

The stages run in this order, each a module with a ``load_*`` factory and a
stage function; :mod:`pipeline.run` is the glue that calls them:

    decode -> transcribe (faster-whisper, VAD) -> diarize (pyannote or the
    stereo channels) -> attribute (words -> speakers -> turns, roles) ->
    analytics -> redact -> summarize (local LLM, grounded) -> CallResult

Data between stages is the frozen dataclasses of :mod:`pipeline.types`.
"""

__version__ = "0.1.0"
