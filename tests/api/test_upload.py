"""Uploads: accepted ones are stored durably and enqueued after the commit;
bad ones get a clear 4xx and leave no row and no file."""

from __future__ import annotations

import hashlib
import os

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.context import AppContext
from store.models import Call
from tests.api.conftest import Person, RecordingEnqueuer


def upload(client: TestClient, person: Person, content: bytes, name: str = "call.wav", **form: str):  # noqa: ANN201
    return client.post("/v1/calls", headers=person.headers, files={"file": (name, content, "audio/wav")}, data=form)


def stored_files(ctx: AppContext) -> list[str]:
    return [str(p.relative_to(ctx.audio.root)) for p in ctx.audio.files()]


def call_count(ctx: AppContext) -> int:
    with ctx.db.session() as session:
        return session.scalar(select(func.count()).select_from(Call)) or 0


def test_an_upload_is_stored_then_enqueued(
    client: TestClient, ctx: AppContext, people: dict[str, Person], enqueuer: RecordingEnqueuer, wav_bytes: bytes
) -> None:
    response = upload(client, people["ann"], wav_bytes, external_id="crm-77", channels="agent,customer", language="en",
                      hotwords="Northwind", callback_url="https://93.184.216.34/hook")
    assert response.status_code == 202, response.text
    body = response.json()
    call_id = body["id"]
    assert body["status"] == "queued" and body["status_url"] == f"/v1/calls/{call_id}"
    assert response.headers["location"] == body["status_url"]
    assert enqueuer.sent == [("callbrief.process_call", call_id)]
    with ctx.db.session() as session:
        row = session.get(Call, call_id)
    assert row is not None
    assert (row.agent_id, row.team, row.external_id, row.channels, row.language_requested) == ("ann", "billing", "crm-77", "agent,customer", "en")
    assert row.audio_sha256 == hashlib.sha256(wav_bytes).hexdigest() and row.enqueued_at is not None
    assert ctx.audio.path(row.audio_path).read_bytes() == wav_bytes
    status = client.get(body["status_url"], headers=people["ann"].headers).json()
    assert (status["status"], status["progress"], status["error"]) == ("queued", 0, None)


def test_the_same_audio_and_external_id_is_not_processed_twice(
    client: TestClient, ctx: AppContext, people: dict[str, Person], enqueuer: RecordingEnqueuer, wav_bytes: bytes
) -> None:
    first = upload(client, people["ann"], wav_bytes, external_id="crm-1")
    again = upload(client, people["ann"], wav_bytes, external_id="crm-1")
    assert first.status_code == 202 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["duplicate"] is True
    other = upload(client, people["ann"], wav_bytes, external_id="crm-2")
    assert other.status_code == 202 and other.json()["id"] != first.json()["id"]
    assert len(enqueuer.sent) == 2 and call_count(ctx) == 2 and len(stored_files(ctx)) == 2


def test_a_broker_outage_still_accepts_the_call(
    client: TestClient, ctx: AppContext, people: dict[str, Person], enqueuer: RecordingEnqueuer, wav_bytes: bytes
) -> None:
    from store import recovery

    enqueuer.down = True
    response = upload(client, people["ann"], wav_bytes)
    assert response.status_code == 202
    # Not sent: a worker's requeue check finds it and sends it.
    assert recovery.unsent_calls(ctx.db) == [response.json()["id"]]


def _wav_header(data_bytes: int) -> bytes:
    fmt = (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + (8000).to_bytes(4, "little") + (16000).to_bytes(4, "little")
    fmt += (2).to_bytes(2, "little") + (16).to_bytes(2, "little")
    return (b"RIFF" + (36 + data_bytes).to_bytes(4, "little") + b"WAVE" + b"fmt " + (16).to_bytes(4, "little") + fmt
            + b"data" + data_bytes.to_bytes(4, "little"))


BAD_UPLOADS = {
    "text file": (b"hello, this is not audio\n" * 20, 415, "unsupported_media_type"),
    "pdf named .wav": (b"%PDF-1.7\n" + os.urandom(2000), 415, "unsupported_media_type"),
    "png": (b"\x89PNG\r\n\x1a\n" + os.urandom(2000), 415, "unsupported_media_type"),
    "empty": (b"", 400, "audio_empty"),
    "too large": (_wav_header(2_100_000) + bytes(2_100_000), 413, "upload_too_large"),
    "mp3 tag then garbage": (b"ID3\x04\x00\x00\x00\x00\x00\x00" + os.urandom(4000).replace(b"\xff", b"\x00"), 422, "audio_unreadable"),
    "ogg header then garbage": (b"OggS" + os.urandom(4000), 422, "audio_unreadable"),
    "truncated wav": (_wav_header(160_000) + bytes(16_000), 422, "audio_truncated"),
    "wav header only": (_wav_header(0), 422, "audio_empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_bad_uploads_get_a_clear_4xx_and_leave_nothing(
    client: TestClient, ctx: AppContext, people: dict[str, Person], enqueuer: RecordingEnqueuer, case: str
) -> None:
    content, status, code = BAD_UPLOADS[case]
    response = upload(client, people["ann"], content)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert "Traceback" not in response.text
    assert (call_count(ctx), stored_files(ctx), enqueuer.sent) == (0, [], [])


def test_an_oversized_stream_without_length_is_cut_off(
    client: TestClient, ctx: AppContext, people: dict[str, Person]
) -> None:
    boundary = "b0undary"

    def body():  # noqa: ANN202 - chunked: no Content-Length to refuse early
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n"
               "Content-Type: audio/wav\r\n\r\n").encode() + _wav_header(3_000_000)
        for _ in range(30):
            yield bytes(100_000)
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post("/v1/calls", headers={**people["ann"].headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}, content=body())
    assert response.status_code == 413
    assert (call_count(ctx), stored_files(ctx)) == (0, [])


@pytest.mark.parametrize(
    ("form", "status", "code"),
    [
        ({"channels": "agent,robot"}, 422, "bad_option"),
        ({"language": "English please"}, 422, "bad_option"),
        ({"callback_url": "file:///etc/passwd"}, 422, "bad_option"),
        ({"channels": "agent,agent"}, 422, "bad_option"),
        ({"channels": "customer"}, 422, "bad_option"),
        ({"language": "zz"}, 422, "bad_option"),
        ({"language": "en-US"}, 422, "bad_option"),
        ({"callback_url": "http://127.0.0.1:9999/hook"}, 422, "bad_option"),
        ({"callback_url": "http://localhost/hook"}, 422, "bad_option"),
        ({"callback_url": "http://169.254.169.254/latest/meta-data/"}, 422, "bad_option"),
        ({"callback_url": "http://10.0.0.7/hook"}, 422, "bad_option"),
        ({"callback_url": "http://[::1]:8080/hook"}, 422, "bad_option"),
        ({"callback_url": "http://224.0.0.1/hook"}, 422, "bad_option"),
        ({"hotwords": "North\x00wind"}, 422, "bad_option"),
        ({"external_id": "crm\x0042"}, 422, "bad_option"),
        ({"colour": "blue"}, 422, "bad_option"),
        ({"agent_id": "bob"}, 403, "forbidden"),  # agents upload their own calls
        ({"team": "permits"}, 403, "forbidden"),
    ],
)
def test_bad_metadata_is_refused_before_storing(
    client: TestClient, ctx: AppContext, people: dict[str, Person], wav_bytes: bytes, form: dict, status: int, code: str
) -> None:
    response = upload(client, people["ann"], wav_bytes, **form)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert (call_count(ctx), stored_files(ctx)) == (0, [])


def test_no_file_and_no_auth(client: TestClient, ctx: AppContext, people: dict[str, Person], wav_bytes: bytes) -> None:
    no_file = client.post("/v1/calls", headers=people["ann"].headers, data={"agent_id": "ann"}, files={"other": ("x", b"y")})
    assert no_file.status_code == 400 and no_file.json()["error"]["code"] == "missing_file"
    not_multipart = client.post("/v1/calls", headers=people["ann"].headers, content=wav_bytes)
    assert not_multipart.status_code == 415
    anonymous = client.post("/v1/calls", files={"file": ("a.wav", wav_bytes)})
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "unauthorized"
    assert (call_count(ctx), stored_files(ctx)) == (0, [])


def test_supervisors_and_admins_upload_for_agents(
    client: TestClient, ctx: AppContext, people: dict[str, Person], wav_bytes: bytes
) -> None:
    by_sue = upload(client, people["sue"], wav_bytes, agent_id="bob")
    assert by_sue.status_code == 202
    assert (by_sue.json()["call"]["agent_id"], by_sue.json()["call"]["team"]) == ("bob", "billing")
    by_ada = upload(client, people["ada"], wav_bytes, agent_id="cyd", team="permits")
    assert (by_ada.json()["call"]["agent_id"], by_ada.json()["call"]["team"]) == ("cyd", "permits")


def test_a_site_allows_internal_webhook_targets_by_name(
    client: TestClient, ctx: AppContext, people: dict[str, Person], wav_bytes: bytes
) -> None:
    ctx.settings = ctx.settings.model_copy(update={"webhook_allowed_hosts": "127.0.0.1, crm.internal"})
    allowed = upload(client, people["ann"], wav_bytes, callback_url="http://127.0.0.1:9999/hook")
    assert allowed.status_code == 202, allowed.text
    still_refused = upload(client, people["ann"], wav_bytes, external_id="x", callback_url="http://10.0.0.7/hook")
    assert still_refused.status_code == 422


def test_another_teams_external_id_does_not_reveal_their_call(
    client: TestClient, ctx: AppContext, people: dict[str, Person], wav_bytes: bytes
) -> None:
    """Answering 409 (or 200 with the call) would tell cyd that billing has this call."""
    theirs = upload(client, people["ann"], wav_bytes, external_id="crm-500")
    mine = upload(client, people["cyd"], wav_bytes, external_id="crm-500")
    assert (theirs.status_code, mine.status_code) == (202, 202), mine.text
    assert mine.json()["id"] != theirs.json()["id"] and mine.json()["duplicate"] is False
    same_team_other_agent = upload(client, people["bob"], wav_bytes, external_id="crm-500")
    assert same_team_other_agent.status_code == 202
    again = upload(client, people["cyd"], wav_bytes, external_id="crm-500")
    assert again.status_code == 200 and again.json()["id"] == mine.json()["id"]
    assert call_count(ctx) == 3
