"""The unredacted upload, when a site keeps it, is for admins only."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.context import AppContext
from store.models import Call
from tests.api.conftest import Person, stored_done_call


def test_only_admins_play_the_kept_original(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    url = f"/v1/calls/{call_id}/audio"
    assert client.get(url, params={"original": "true"}, headers=people["ada"].headers).status_code == 404  # not kept
    original = f"{call_id[:2]}/{call_id}.mp3"
    ctx.audio.path(original).write_bytes(b"ID3 the unredacted upload")
    with ctx.db.transaction() as session:
        session.get(Call, call_id).original_audio_path = original  # type: ignore[union-attr]
    assert client.get(url, params={"original": "true"}, headers=people["sue"].headers).status_code == 403
    assert client.get(url, params={"original": "true"}, headers=people["ann"].headers).status_code == 403
    admin = client.get(url, params={"original": "true"}, headers=people["ada"].headers)
    assert admin.status_code == 200 and admin.content == b"ID3 the unredacted upload"
    assert admin.headers["content-type"] == "audio/mpeg"
    redacted = client.get(url, headers=people["sue"].headers)
    assert redacted.status_code == 200 and redacted.content.startswith(b"RIFF")
