"""Call rows for store tests, inserted through the store's own functions."""

from __future__ import annotations

from datetime import datetime

from store import calls
from store.calls import Claim, ResultRecord
from store.db import Database


def new_call(db: Database, *, external_id: str | None = None, sha: str | None = None, **fields: object) -> str:
    call_id = calls.new_call_id()
    calls.create_call(
        db,
        call_id,
        calls.NewCall(
            audio_path=f"{call_id[:2]}/{call_id}.wav",
            audio_sha256=sha or call_id * 2,
            audio_bytes=1000,
            audio_format="wav",
            external_id=external_id,
            **fields,  # type: ignore[arg-type]
        ),
    )
    return call_id


def record(search_text: str = "hello", **fields: object) -> ResultRecord:
    return ResultRecord(
        result_json='{"warnings": []}',
        analytics_json="{}",
        summary_json='{"summary": {"text": "s"}}',
        exports={"srt": "", "vtt": "WEBVTT\n", "rttm": "", "txt": ""},
        search_text=search_text,
        **fields,  # type: ignore[arg-type]
    )


def done_call(
    db: Database,
    search_text: str = "hello",
    *,
    agent_id: str | None = None,
    team: str | None = None,
    created_at: datetime | None = None,
    **result_fields: object,
) -> str:
    """A call taken through claim -> finish, as a worker would."""
    call_id = new_call(db, agent_id=agent_id, team=team, created_at=created_at)
    assert calls.claim(db, call_id, "test:1:x", lease_s=60, max_deaths=3) is Claim.CLAIMED
    assert calls.finish(db, call_id, "test:1:x", record(search_text, **result_fields))
    return call_id
