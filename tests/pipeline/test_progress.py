"""One overall percentage from the stages' own fractions."""

from __future__ import annotations

from pipeline.progress import STAGE_WEIGHTS, ProgressMap, report

STAGES = ["decode", "transcribe", "diarize", "attribute", "analytics", "redact", "summarize"]


def recorded(stages: list[str]) -> tuple[ProgressMap, list[tuple[str, int]]]:
    seen: list[tuple[str, int]] = []
    return ProgressMap(lambda stage, percent: seen.append((stage, percent)), stages), seen


def test_the_weights_of_a_whole_call_add_up_to_one_hundred() -> None:
    assert sum(STAGE_WEIGHTS[s] for s in STAGES) == 100


def test_each_stage_fills_its_share_in_order() -> None:
    progress, seen = recorded(STAGES)
    for stage in STAGES:
        progress(stage, 1.0)
    assert seen == [
        ("decode", 2), ("transcribe", 47), ("diarize", 62), ("attribute", 63),
        ("analytics", 64), ("redact", 65), ("summarize", 100),
    ]  # fmt: skip


def test_without_the_summary_the_other_stages_share_the_whole_range() -> None:
    progress, seen = recorded(STAGES[:-1])
    progress("transcribe", 0.5)
    progress("diarize", 1.0)
    assert seen == [("transcribe", 37), ("diarize", 95)]  # (2 + 22.5) / 65, (2 + 45 + 15) / 65


def test_the_percentage_never_goes_back_or_repeats() -> None:
    progress, seen = recorded(STAGES)
    progress("transcribe", 0.5)
    progress("transcribe", 0.2)  # a stage reporting out of order
    progress("decode", 1.0)  # an earlier stage reporting late
    progress("transcribe", 0.5)
    progress("transcribe", 0.6)
    assert [p for _, p in seen] == [24, 29]


def test_fractions_outside_zero_to_one_are_clamped_and_unknown_stages_ignored() -> None:
    progress, seen = recorded(STAGES)
    progress("summarize", 7.0)
    progress("not-a-stage", 0.5)
    assert seen == [("summarize", 100)]


def test_no_hook_means_nothing_is_called() -> None:
    ProgressMap(None, STAGES)("decode", 1.0)  # no error, nothing to record
    calls: list[tuple[str, float]] = []
    report(None, "decode", 0.5)
    report(lambda s, f: calls.append((s, f)), "decode", 0.5)
    assert calls == [("decode", 0.5)]
