"""The web pages: log in with a key, upload, the scoped call list, a call's summary, reports."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.context import AppContext
from tests.api.conftest import Person, stored_done_call


def log_in(client: TestClient, person: Person) -> None:
    response = client.post("/ui/login", data={"key": person.key}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/ui"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/ui" in cookie


def test_pages_need_a_login(client: TestClient, people: dict[str, Person]) -> None:
    for path in ("/ui", "/ui/reports", "/ui/calls/" + "0" * 32):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/ui/login"
    assert client.post("/ui/login", data={"key": "cb_wrong"}).status_code == 401


def test_an_agent_sees_only_their_calls_and_a_summary(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    mine = stored_done_call(ctx, "ann", "billing")
    theirs = stored_done_call(ctx, "bob", "billing")
    log_in(client, people["ann"])
    listing = client.get("/ui").text
    assert f"/ui/calls/{mine}" in listing and f"/ui/calls/{theirs}" not in listing
    page = client.get(f"/ui/calls/{mine}").text
    assert "Customer queried a £42.10 charge" in page and "REF-99812" in page and "(unverified)" in page
    assert client.get(f"/ui/calls/{theirs}").status_code == 404
    assert client.get("/ui/reports").status_code == 403
    # The cookie is for the pages only: the JSON API still wants the header.
    assert client.get(f"/v1/calls/{mine}").status_code == 401


def test_upload_from_the_page(client: TestClient, people: dict[str, Person], wav_bytes: bytes) -> None:
    log_in(client, people["ann"])
    response = client.post("/ui/upload", files={"file": ("a.wav", wav_bytes, "audio/wav")}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/ui/calls/")
    page = client.get(response.headers["location"]).text
    assert "queued" in page and 'http-equiv="refresh"' in page
    refused = client.post("/ui/upload", files={"file": ("a.txt", b"not audio", "text/plain")})
    assert "not a supported audio format" in refused.text


def test_supervisor_search_and_reports(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    stored_done_call(ctx, "cyd", "permits")
    log_in(client, people["sue"])
    assert f"/ui/calls/{call_id}" in client.get("/ui", params={"q": "credited"}).text
    assert f"/ui/calls/{call_id}" not in client.get("/ui", params={"q": "zebra"}).text
    report = client.get("/ui/reports").text
    assert "1 calls" in report and "unexpected charge on the march bill" in report
