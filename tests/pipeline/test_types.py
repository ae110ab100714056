"""A serialised CallResult reads back as the same value."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from pipeline.types import (
    Analytics,
    CallResult,
    Gap,
    Interruption,
    PartyStats,
    Role,
    Sentiment,
    Summary,
    from_jsonable,
    to_jsonable,
)
from tests.pipeline.factories import call_result, summary


def _to_ms(value: Any) -> Any:
    """``value`` with every float at millisecond precision, as serialize() keeps it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _to_ms(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init})
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, tuple):
        return tuple(_to_ms(v) for v in value)
    if isinstance(value, dict):
        return {k: _to_ms(v) for k, v in value.items()}
    return value


def full_result() -> CallResult:
    """A result with every optional part filled: summary, analytics with silences and interruptions."""
    result = call_result()
    analytics = Analytics(
        duration=17.0,
        parties=(
            PartyStats(Role.AGENT, 8.0, 0.47, 26, 195.0, -21.5, 2, 1),
            PartyStats(Role.CUSTOMER, 6.0, 0.353, 20, 200.0, None, 2, 0),
        ),
        non_talk_time=3.5,
        silences=(Gap(9.0, 12.5),),
        longest_silence=Gap(9.0, 12.5),
        interruptions=(Interruption(Role.AGENT, Role.CUSTOMER, 8.8, 0.7),),
        turns=4,
    )
    return _to_ms(dataclasses.replace(result, analytics=analytics, warnings=("low_role_confidence: 0.40",), redacted=True))


def test_a_serialised_result_reads_back_equal() -> None:
    result = full_result()
    data = json.loads(json.dumps(result.serialize(), ensure_ascii=False))
    back = CallResult.from_dict(data)
    assert back == result
    # Enums and tuples come back as themselves, not as their JSON forms.
    assert back.turns[0].role is Role.AGENT
    assert back.roles.roles == result.roles.roles and isinstance(back.turns, tuple)
    assert back.summary is not None and back.summary.customer_sentiment.end is Sentiment.POSITIVE
    assert back.analytics.longest_silence == Gap(9.0, 12.5)


def test_a_result_without_summary_reads_back_equal() -> None:
    result = _to_ms(call_result(with_summary=False))
    assert CallResult.from_dict(result.serialize()) == result


def test_times_are_kept_to_the_millisecond() -> None:
    result = call_result()  # word times spread evenly, with more decimals than stored
    back = CallResult.from_dict(result.serialize())
    assert back != result
    assert back == _to_ms(result)


def test_a_field_missing_from_stored_json_takes_its_default() -> None:
    # Results stored before a field existed still read.
    stored = {k: v for k, v in to_jsonable(summary()).items() if k not in ("checks", "fallback_reason")}
    read = from_jsonable(Summary, stored)
    assert read.checks == () and read.fallback_reason is None
    assert read.key_facts == summary().key_facts
