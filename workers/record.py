"""A :class:`CallResult` -> what the call log stores (:class:`store.calls.ResultRecord`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from pipeline.types import CallResult, Role
from store.calls import ResultRecord

log = logging.getLogger(__name__)

EXPORT_FORMATS = ("srt", "vtt", "rttm", "txt")
Exporter = Callable[[CallResult, str], str]


def default_exporter() -> Exporter:
    from pipeline.export import export

    return export


def to_record(result: CallResult, exporter: Exporter) -> ResultRecord:
    serialized = result.serialize()
    exports: dict[str, str] = {}
    for fmt in EXPORT_FORMATS:
        try:
            exports[fmt] = exporter(result, fmt)
        except Exception as exc:  # noqa: BLE001 - one broken export must not lose the whole result
            log.warning("export to %s failed: %s", fmt, type(exc).__name__)
            exports[fmt] = ""
    analytics = result.analytics
    agent = analytics.party(Role.AGENT)
    customer = analytics.party(Role.CUSTOMER)
    summary = result.summary
    return ResultRecord(
        result_json=json.dumps(serialized, ensure_ascii=False),
        analytics_json=json.dumps(
            {**serialized["analytics"], "roles": serialized["roles"], "speaker_source": result.speaker_source},
            ensure_ascii=False,
        ),
        summary_json=json.dumps(serialized["summary"], ensure_ascii=False) if summary is not None else None,
        exports=exports,
        search_text=searchable_text(result),
        language=result.language or None,
        duration_s=round(result.audio.duration, 3),
        agent_talk_ratio=agent.talk_ratio if agent else None,
        customer_talk_ratio=customer.talk_ratio if customer else None,
        silence_s=round(analytics.non_talk_time, 3),
        interruptions=len(analytics.interruptions),
        sentiment_start=summary.customer_sentiment.start.value if summary else None,
        sentiment_end=summary.customer_sentiment.end.value if summary else None,
        resolution=summary.resolution.status.value if summary else None,
        follow_up_required=summary.follow_up_required if summary else None,
        reason=summary.reason.text or None if summary else None,
        category=summary.category or None if summary else None,
        summary_text=summary.summary.text or None if summary else None,
        stage_seconds={t.stage: t.seconds for t in result.timings},
    )


def searchable_text(result: CallResult) -> str:
    """Turn texts and the summary's texts: what free-text search looks in."""
    parts = [t.text for t in result.turns]
    s = result.summary
    if s is not None:
        parts += [s.summary.text, s.reason.text, s.resolution.text]
        parts += [a.what for a in s.action_items]
        parts += [f.value for f in s.key_facts]
    return "\n".join(p.strip() for p in parts if p and p.strip())
