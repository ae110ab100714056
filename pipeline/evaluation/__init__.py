"""Built-in evaluation: how well the pipeline does on a site's own labelled calls.

    formats    read references: Kaldi text/wav.scp, TSV, .txt/.stm, .rttm/.uem,
               JSON/JSONL of expected facts and of dialogues with summaries
    normalize  the documented text normalisers scored text goes through
    metrics    WER/CER, speaker-attributed WER (cpWER), DER, summary scores
    runner     finds what a folder holds, runs the pipeline on it, times it
    report     per-file and overall tables: terminal, JSON, HTML
    bounds     the project's own quality bounds (``eval_bounds.toml``)

Nothing here is imported by the pipeline itself; ``callbrief eval`` and the
project's quality tests are its callers.
"""
