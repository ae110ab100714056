"""Reviewed summaries: an agent or supervisor accepts the generated summary
or corrects some of its fields; each review is a new numbered revision with
who and when. The generated summary in ``call_results`` is never changed,
so every revision can be compared with it.

The corrections are the site's own measure of accuracy: how often each
field was corrected, and the corrected calls as an evaluation set in the
dialogue format ``callbrief eval`` reads (see pipeline/evaluation/formats.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Call, CallResultRow, SummaryRevision, User, utcnow
from store.search import CallFilters, Scope, where_clauses

# The fields a review may correct, in the order reports list them.
REVIEW_FIELDS = ("resolution", "action_items", "key_facts", "reason")
ACCEPTED = "accepted"
CORRECTED = "corrected"


@dataclass(frozen=True)
class Corrections:
    """New values for the fields the reviewer changed (``None``: left as it is)."""

    resolution_status: str | None = None
    resolution_text: str | None = None
    reason: str | None = None
    action_items: tuple[dict[str, Any], ...] | None = None  # {"owner", "what", "when"}
    key_facts: tuple[dict[str, Any], ...] | None = None  # {"kind", "value"}


@dataclass(frozen=True)
class CorrectionStats:
    reviewed: int  # calls with at least one review
    corrected: int  # calls with at least one corrected field
    by_field: dict[str, int]  # calls whose field was corrected

    def rate(self, field: str) -> float | None:
        return round(self.by_field.get(field, 0) / self.reviewed, 3) if self.reviewed else None

    @property
    def correction_rate(self) -> float | None:
        return round(self.corrected / self.reviewed, 3) if self.reviewed else None


def history(session: Session, call_id: str) -> list[SummaryRevision]:
    return list(
        session.scalars(select(SummaryRevision).where(SummaryRevision.call_id == call_id).order_by(SummaryRevision.number))
    )


def current_summary(session: Session, call_id: str, generated: dict[str, Any] | None) -> dict[str, Any] | None:
    """The newest revision's summary, else the generated one."""
    latest = session.scalars(
        select(SummaryRevision).where(SummaryRevision.call_id == call_id).order_by(SummaryRevision.number.desc()).limit(1)
    ).first()
    return json.loads(latest.summary_json) if latest else generated


def _same_items(old: list[dict[str, Any]], new: tuple[dict[str, Any], ...], keys: tuple[str, ...]) -> bool:
    def norm(items: Any) -> list[tuple[str, ...]]:
        return [tuple(str(item.get(k) or "").strip() for k in keys) for item in items]

    return norm(old) == norm(new)


def _cited(old: list[dict[str, Any]], new: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """A corrected item keeps the citations of an old item with the same value."""
    for item in old:
        if all(str(item.get(k) or "").strip() == str(new.get(k) or "").strip() for k in keys):
            return {**item, **new}
    return {**new, "turn_ids": [], "source": "reviewer"}


def apply_corrections(summary: dict[str, Any], corrections: Corrections) -> tuple[dict[str, Any], list[str]]:
    """The corrected summary and the names of the fields that changed."""
    revised = json.loads(json.dumps(summary))
    changed: list[str] = []
    resolution = revised.get("resolution") or {}
    status = corrections.resolution_status or resolution.get("status")
    text = str(corrections.resolution_text if corrections.resolution_text is not None else resolution.get("text") or "")
    if (status, text.strip()) != (resolution.get("status"), str(resolution.get("text", "")).strip()):
        revised["resolution"] = {**resolution, "status": status, "text": text.strip()}
        changed.append("resolution")
    if corrections.action_items is not None:
        old = revised.get("action_items") or []
        keys = ("owner", "what", "when")
        if not _same_items(old, corrections.action_items, keys):
            revised["action_items"] = [
                {**_cited(old, item, keys), "when": item.get("when") or None} for item in corrections.action_items
            ]
            changed.append("action_items")
    if corrections.key_facts is not None:
        old = revised.get("key_facts") or []
        keys = ("kind", "value")
        if not _same_items(old, corrections.key_facts, keys):
            revised["key_facts"] = [_cited(old, item, keys) for item in corrections.key_facts]
            changed.append("key_facts")
    if corrections.reason is not None:
        reason = revised.get("reason") or {}
        if corrections.reason.strip() != str(reason.get("text", "")).strip():
            revised["reason"] = {**reason, "text": corrections.reason.strip()}
            changed.append("reason")
    return revised, changed


def review(session: Session, call: Call, user: User, summary: dict[str, Any], corrections: Corrections | None) -> SummaryRevision:
    """Store a review of ``summary`` (the current one) as the next revision,
    and keep the call row's filter columns in step with it."""
    revised, changed = apply_corrections(summary, corrections) if corrections else (summary, [])
    number = (session.scalar(select(func.max(SummaryRevision.number)).where(SummaryRevision.call_id == call.id)) or 0) + 1
    revision = SummaryRevision(
        call_id=call.id, number=number, action=CORRECTED if changed else ACCEPTED,
        changed_fields=",".join(changed), summary_json=json.dumps(revised, ensure_ascii=False),
        user_id=user.id, user_name=user.name, created_at=utcnow(),
    )
    session.add(revision)
    if "resolution" in changed:
        call.resolution = revised["resolution"]["status"]
    if "reason" in changed:
        call.reason = revised["reason"]["text"]
    return revision


def correction_stats(session: Session, dialect: str, filters: CallFilters, scope: Scope) -> CorrectionStats:
    rows = session.execute(
        select(SummaryRevision.call_id, SummaryRevision.changed_fields)
        .join(Call, Call.id == SummaryRevision.call_id)
        .where(*where_clauses(dialect, filters, scope))
    ).all()
    reviewed: set[str] = set()
    by_field: dict[str, set[str]] = {f: set() for f in REVIEW_FIELDS}
    for call_id, changed in rows:
        reviewed.add(call_id)
        for name in filter(None, (changed or "").split(",")):
            by_field.setdefault(name, set()).add(call_id)
    corrected = set().union(*by_field.values()) if by_field else set()
    return CorrectionStats(len(reviewed), len(corrected), {k: len(v) for k, v in by_field.items()})


def evaluation_records(session: Session, dialect: str, filters: CallFilters, scope: Scope) -> list[dict[str, Any]]:
    """Every corrected call as one dialogue record for ``callbrief eval``:
    its turns, and the corrected summary as the reference (facts, outcome)."""
    corrected = (
        select(SummaryRevision.call_id)
        .where(SummaryRevision.action == CORRECTED)
        .group_by(SummaryRevision.call_id)
    )
    call_ids = list(
        session.scalars(
            select(Call.id).where(*where_clauses(dialect, filters, scope), Call.id.in_(corrected)).order_by(Call.created_at)
        )
    )
    records = []
    for call_id in call_ids:
        row = session.get(CallResultRow, call_id)
        if row is None:
            continue
        result = json.loads(row.result_json)
        summary = current_summary(session, call_id, None) or {}
        resolution = summary.get("resolution") or {}
        expected: dict[str, Any] = {"resolution": resolution.get("status")}
        if isinstance(summary.get("follow_up_required"), bool):
            expected["follow_up_required"] = summary["follow_up_required"]
        records.append(
            {
                "id": call_id,
                "language": result.get("language"),
                "turns": [
                    {"speaker": t.get("speaker") or t.get("role"), "role": t.get("role"), "text": t.get("text", ""),
                     "start": t.get("start"), "end": t.get("end")}
                    for t in result.get("turns", [])
                ],
                "facts": [{"kind": f.get("kind", "other"), "value": str(f.get("value", ""))} for f in summary.get("key_facts") or []],
                "reference_summaries": [s for s in [(summary.get("summary") or {}).get("text")] if s],
                "expected": expected,
                "reason": (summary.get("reason") or {}).get("text"),
                "action_items": [
                    {"owner": a.get("owner"), "what": a.get("what"), "when": a.get("when")} for a in summary.get("action_items") or []
                ],
            }
        )
    return records
