"""A finished call's results through the API: summary, transcript and its
exports, analytics, audio, the SSE stream, and the call log filters."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

from fastapi.testclient import TestClient

from api.context import AppContext
from store import calls
from tests.api.conftest import Person, stored_done_call
from tests.pipeline.factories import call_result


def test_summary_transcript_analytics_and_audio(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    auth = people["ann"].headers
    status = client.get(f"/v1/calls/{call_id}", headers=auth).json()
    assert (status["status"], status["progress"], status["resolution"], status["follow_up_required"]) == ("done", 100, "resolved", True)

    summary = client.get(f"/v1/calls/{call_id}/summary", headers=auth).json()
    assert summary["summary"]["summary"]["text"].startswith("Customer queried a £42.10 charge")
    assert {f["value"] for f in summary["summary"]["key_facts"]} >= {"£42.10", "REF-99812"}

    transcript = client.get(f"/v1/calls/{call_id}/transcript", headers=auth).json()
    assert [t["role"] for t in transcript["turns"]] == ["agent", "customer", "agent", "customer"]
    assert "REF-99812" in transcript["turns"][2]["text"]

    vtt = client.get(f"/v1/calls/{call_id}/transcript?format=vtt", headers=auth)
    assert vtt.headers["content-type"].startswith("text/vtt") and vtt.text.startswith("WEBVTT")
    srt = client.get(f"/v1/calls/{call_id}/transcript?format=srt", headers=auth)
    assert "00:00:04,500 -->" in srt.text
    rttm = client.get(f"/v1/calls/{call_id}/transcript?format=rttm", headers=auth).text
    assert rttm.startswith("SPEAKER ")
    txt = client.get(f"/v1/calls/{call_id}/transcript?format=txt", headers=auth).text
    assert "Agent" in txt and "REF-99812" in txt
    assert client.get(f"/v1/calls/{call_id}/transcript?format=docx", headers=auth).status_code == 422

    analytics = client.get(f"/v1/calls/{call_id}/analytics", headers=auth).json()["analytics"]
    assert analytics["turns"] == 4 and analytics["speaker_source"] == "channels"

    audio = client.get(f"/v1/calls/{call_id}/audio", headers=auth)
    assert audio.status_code == 200 and audio.content == b"RIFF....WAVEfmt fake audio"
    assert audio.headers["content-type"] == "audio/wav"


def test_results_of_unfinished_and_failed_calls_are_409(
    client: TestClient, ctx: AppContext, people: dict[str, Person], wav_bytes: bytes
) -> None:
    auth = people["ann"].headers
    call_id = client.post("/v1/calls", headers=auth, files={"file": ("a.wav", wav_bytes)}).json()["id"]
    pending = client.get(f"/v1/calls/{call_id}/summary", headers=auth)
    assert pending.status_code == 409 and pending.json()["error"]["code"] == "not_ready"
    calls.claim(ctx.db, call_id, "w:1:x", lease_s=60, max_deaths=3)
    calls.fail(ctx.db, call_id, "w:1:x", "audio_no_speech", "no speech was found in the recording")
    status = client.get(f"/v1/calls/{call_id}", headers=auth).json()
    assert status["status"] == "failed"
    assert status["error"] == {"code": "audio_no_speech", "message": "no speech was found in the recording"}
    failed = client.get(f"/v1/calls/{call_id}/transcript", headers=auth)
    assert failed.status_code == 409 and "audio_no_speech" in failed.json()["error"]["message"]


def read_events(
    client: TestClient, url: str, headers: dict[str, str], on_event: Callable[[], None] = lambda: None
) -> list[tuple[str, dict]]:
    events: list[tuple[str, dict]] = []
    name = None
    with client.stream("GET", url, headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and name:
                events.append((name, json.loads(line.split(":", 1)[1])))
                on_event()
    return events


def test_sse_pushes_progress_then_the_summary(
    client: TestClient, ctx: AppContext, people: dict[str, Person], wav_bytes: bytes
) -> None:
    from workers.record import to_record

    auth = people["ann"].headers
    call_id = client.post("/v1/calls", headers=auth, files={"file": ("a.wav", wav_bytes)}).json()["id"]

    # The worker starts once the stream has said "queued", however slowly the client connects.
    streaming = threading.Event()

    def work() -> None:
        streaming.wait(timeout=30)
        calls.claim(ctx.db, call_id, "w:1:x", lease_s=60, max_deaths=3)
        for percent in (10, 50, 90):
            calls.update_progress(ctx.db, call_id, "w:1:x", "transcribe", percent, 60)
            time.sleep(0.15)
        calls.finish(ctx.db, call_id, "w:1:x", to_record(call_result(), lambda r, f: ""))

    worker = threading.Thread(target=work)
    worker.start()
    events = read_events(client, f"/v1/calls/{call_id}/events", auth, on_event=streaming.set)
    worker.join()
    names = [n for n, _ in events]
    assert names[0] == "status" and events[0][1]["status"] == "queued"
    assert names[-1] == "summary" and names.count("summary") == 1
    assert events[-1][1]["summary"]["reason"]["text"] == "Unexpected charge on the March bill."
    statuses = [e["status"] for n, e in events if n == "status"]
    assert "processing" in statuses and statuses[-1] == "done"
    percents = [e["progress"] for n, e in events if n == "status"]
    assert percents == sorted(percents)


def test_sse_ends_with_the_error_of_a_failed_call(
    client: TestClient, ctx: AppContext, people: dict[str, Person], wav_bytes: bytes
) -> None:
    auth = people["ann"].headers
    call_id = client.post("/v1/calls", headers=auth, files={"file": ("a.wav", wav_bytes)}).json()["id"]
    calls.claim(ctx.db, call_id, "w:1:x", lease_s=60, max_deaths=3)
    calls.fail(ctx.db, call_id, "w:1:x", "audio_unreadable", "cannot decode")
    events = read_events(client, f"/v1/calls/{call_id}/events", auth)
    assert [n for n, _ in events] == ["status"]
    assert events[0][1]["error"]["code"] == "audio_unreadable"


def test_list_filters_search_and_pages_through_the_api(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    from pipeline.types import Role
    from tests.pipeline.factories import DIALOGUE

    refund = stored_done_call(ctx, "ann", "billing")
    parking = stored_done_call(
        ctx, "bob", "billing",
        call_result(lines=(("ch0", Role.AGENT, 0.0, 3.0, "Parking permits office, how can I help"),) + DIALOGUE[1:2], with_summary=False),
    )
    auth = people["sue"].headers

    def listed(query: str) -> list[str]:
        response = client.get(f"/v1/calls?{query}", headers=auth)
        assert response.status_code == 200, response.text
        return [c["id"] for c in response.json()["items"]]

    assert listed("q=parking") == [parking]
    assert listed("q=REF-99812") == [refund]  # from the transcript
    assert listed("q=credited") == [refund]  # from the summary
    assert listed("agent_id=ann") == [refund]
    assert listed("resolution=resolved&follow_up_required=true") == [refund]
    assert listed("status=done&sort=-created_at") == [parking, refund]
    assert listed("date_from=2000-01-01&date_to=2000-01-02") == []
    page = client.get("/v1/calls?limit=1", headers=auth).json()
    assert len(page["items"]) == 1 and page["next_offset"] == 1
    bad = client.get("/v1/calls?limit=0", headers=auth)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    report = client.get("/v1/reports?team=billing", headers=auth).json()
    assert report["calls"] == 2 and report["share_resolved"] == 1.0 and report["calls_per_day"][0]["calls"] == 2
