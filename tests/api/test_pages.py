"""The web pages without a browser: sessions, CSRF, scope, review revisions,
exports, languages, admin. The same flows in a real browser are in tests/ui."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import subprocess
from pathlib import Path

from fastapi.testclient import TestClient

from api.context import AppContext
from pipeline.evaluation.formats import read_records
from store import calls, users
from tests.api.conftest import Person, stored_done_call
from tests.pipeline.factories import call_result
from tests.service_support import ROOT, callbrief


def post_login(client: TestClient, key: str):  # noqa: ANN201 - an httpx response
    """Posts the login form as a browser does: with the token of the form it got."""
    return client.post("/ui/login", data={"key": key, "csrf": csrf_of(client.get("/ui/login").text)}, follow_redirects=False)


def log_in(client: TestClient, person: Person) -> str:
    """Logs in; returns the page's CSRF token."""
    response = post_login(client, person.key)
    assert response.status_code == 303 and response.headers["location"] == "/ui"
    cookie = response.headers["set-cookie"]
    assert "callbrief_session=" in cookie and person.key not in cookie
    lowered = cookie.lower()
    assert "httponly" in lowered and "samesite=strict" in lowered and "path=/ui" in lowered
    return csrf_of(client.get("/ui").text)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_pages_need_a_login(client: TestClient, people: dict[str, Person]) -> None:
    for path in ("/ui", "/ui/reports", "/ui/admin", "/ui/calls/" + "0" * 32, "/ui/calls.csv"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/ui/login"
    assert post_login(client, "cb_wrong").status_code == 401
    # The login form carries a token too: a form posted from elsewhere is refused.
    forged = TestClient(client.app).post("/ui/login", data={"key": people["ann"].key, "csrf": "x"}, follow_redirects=False)
    assert forged.status_code == 403 and "callbrief_session" not in forged.headers.get("set-cookie", "")


def test_an_agent_sees_only_their_calls_and_a_summary(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    mine = stored_done_call(ctx, "ann", "billing")
    theirs = stored_done_call(ctx, "bob", "billing")
    log_in(client, people["ann"])
    listing = client.get("/ui").text
    assert f"/ui/calls/{mine}" in listing and f"/ui/calls/{theirs}" not in listing
    page = client.get(f"/ui/calls/{mine}").text
    assert "Customer queried a £42.10 charge" in page and "REF-99812" in page
    # The unverified fact is marked for checking, in the summary and in the plain text.
    assert re.search(r'<li class="uncertain"><span class="kind">amount</span> <mark class="fact uncertain">£77.00</mark>', page)
    # Facts are marked where they are said in the transcript.
    assert re.search(r'id="turn-2".*?your reference is <mark class="fact">REF-99812</mark>', page, re.S)
    assert 'class="cite" data-turn="' in page and 'id="turn-0"' in page and 'id="player"' in page
    assert "<svg" in page and "turn-mark" in page
    other = client.get(f"/ui/calls/{theirs}")
    assert other.status_code == 404 and "text/html" in other.headers["content-type"]
    assert client.get(f"/ui/calls/{theirs}/audio").status_code == 404
    assert client.get("/ui/reports").status_code == 403
    # The session is for the pages only: the JSON API still wants the header.
    assert client.get(f"/v1/calls/{mine}").status_code == 401


def test_pages_carry_a_policy_and_no_inline_script(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    log_in(client, people["ada"])
    for path in ("/ui", f"/ui/calls/{call_id}", "/ui/reports", "/ui/admin", "/ui/login"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy
        html = response.text
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), path
        assert not re.search(r"\son[a-z]+=", html) and " style=" not in html, path
        assert not re.search(r"(src|href)=\"(https?:)?//", html), path
    assert client.get("/ui/static/app.js").status_code == 200


def test_log_out_and_key_changes_end_the_session(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    token = log_in(client, people["ann"])
    assert client.post("/ui/logout", data={"csrf": "forged"}).status_code == 403
    cookie = client.cookies.get("callbrief_session")
    assert client.post("/ui/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    client.cookies.set("callbrief_session", cookie, path="/ui")
    assert client.get("/ui", follow_redirects=False).status_code == 303  # revoked on the server, not just forgotten

    log_in(client, people["bob"])
    users.rotate_key(ctx.db, "bob")
    assert client.get("/ui", follow_redirects=False).status_code == 303
    log_in(client, people["cyd"])
    users.set_disabled(ctx.db, "cyd", True)
    assert client.get("/ui", follow_redirects=False).status_code == 303


def test_upload_from_the_page_needs_the_form_token(client: TestClient, people: dict[str, Person], wav_bytes: bytes) -> None:
    token = log_in(client, people["ann"])
    forged = client.post("/ui/upload", files={"file": ("a.wav", wav_bytes, "audio/wav")}, follow_redirects=False)
    assert forged.status_code == 403
    response = client.post(f"/ui/upload?csrf={token}", files={"file": ("a.wav", wav_bytes, "audio/wav")}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/ui/calls/")
    page = client.get(response.headers["location"]).text
    assert "data-live" in page and "<progress" in page
    refused = client.post(f"/ui/upload?csrf={token}", files={"file": ("a.txt", b"not audio", "text/plain")})
    assert "not a supported audio format" in refused.text


def test_audio_answers_range_requests(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    redacted = stored_done_call(ctx, "ann", "billing", dataclasses.replace(call_result(), redacted=True))
    log_in(client, people["ann"])
    silenced = "is covered by a tone in this recording"
    assert silenced not in client.get(f"/ui/calls/{call_id}").text and silenced in client.get(f"/ui/calls/{redacted}").text
    part = client.get(f"/ui/calls/{call_id}/audio", headers={"Range": "bytes=4-7"})
    assert part.status_code == 206 and part.content == b"...." and part.headers["content-range"].startswith("bytes 4-7/")


def test_page_events_stream_the_summary(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    log_in(client, people["ann"])
    body = client.get(f"/ui/calls/{call_id}/events").text
    assert "event: status" in body and "event: summary" in body
    card = client.get(f"/ui/calls/{call_id}/card").text
    assert 'id="summary-card"' in card and "£42.10" in card


def test_review_keeps_the_original_and_counts_corrections(
    client: TestClient, ctx: AppContext, people: dict[str, Person], tmp_path: Path
) -> None:
    first = stored_done_call(ctx, "ann", "billing")
    second = stored_done_call(ctx, "ann", "billing")
    token = log_in(client, people["ann"])
    assert client.post(f"/ui/calls/{first}/review", data={"action": "accept", "csrf": "x"}).status_code == 403
    client.post(f"/ui/calls/{first}/review", data={"action": "accept", "csrf": token})
    client.post(
        f"/ui/calls/{second}/review",
        data={"action": "correct", "csrf": token, "resolution_status": "escalated",
              "resolution_text": "Passed to the billing team.", "reason": "", "action_items": "", "key_facts": ""},
    )
    page = client.get(f"/ui/calls/{second}").text
    assert "revision 1" in page and 'data-action="corrected"' in page and "— ann," in page
    assert "Passed to the billing team." in page
    with ctx.db.session() as session:
        generated = calls.summary_of(calls.get_result(session, second))
        assert generated["resolution"]["status"] == "resolved"  # the generated summary is kept
        assert calls.get_call(session, second).resolution == "escalated"
        assert any(e.action == "ui_review" and "corrected" in (e.detail or "") for e in users.audit_entries(session, second))
    # Clearing the facts, reason and actions counts as correcting them too.
    supervisor = TestClient(client.app)
    log_in(supervisor, people["sue"])
    report = supervisor.get("/ui/reports").text
    rates = dict(re.findall(r'<tr data-field="(\w+)">.*?<td>\d+ / \d+</td><td>(\d+)%</td>', report, re.S))
    assert rates["resolution"] == "50" and 'id="tile-correction-rate">50%' in report
    export = supervisor.get("/ui/review/export.jsonl")
    path = tmp_path / "corrected.jsonl"
    path.write_bytes(export.content)
    [record] = read_records(path)
    assert record.id == second and record.resolution == "escalated" and record.turns and len(record.turns) == 4
    scored = subprocess.run(callbrief("eval", "summary", str(path), "--summary-backend", "extractive", "--format", "json"),
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert scored.returncode == 0, scored.stderr[-2000:]
    assert second in scored.stdout


def test_supervisor_search_highlights_and_exports_csv(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    stored_done_call(ctx, "cyd", "permits")
    log_in(client, people["sue"])
    found = client.get("/ui", params={"q": "credited", "resolution": "resolved", "sentiment": "positive"}).text
    assert f"/ui/calls/{call_id}" in found and "<mark>credited</mark>" in found
    assert f"/ui/calls/{call_id}" not in client.get("/ui", params={"q": "zebra"}).text
    # The search form sends every field; empty ones mean "any".
    empty = {"status": "", "date_from": "", "min_duration_s": "", "follow_up_required": "", "resolution": ""}
    assert f"/ui/calls/{call_id}" in client.get("/ui", params={"q": "credited", **empty}).text
    wrong = client.get("/ui", params={"min_duration_s": "-4", "status": "lost"})
    assert wrong.status_code == 400 and "min_duration_s, status" in wrong.text
    exported = client.get("/ui/calls.csv", params={"q": "credited"})
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["id"] for r in rows] == [call_id] and rows[0]["resolution"] == "resolved"
    assert client.get("/ui/calls.csv", params={"q": "zebra"}).text.count("\n") == 1
    dashboard = client.get("/ui/reports").text
    assert dashboard.count("<svg") >= 6 and 'class="bar"' in dashboard


def test_a_korean_user_sees_korean_and_it_is_remembered(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    token = log_in(client, people["ann"])
    assert "My calls" in client.get("/ui").text
    client.post("/ui/language", data={"language": "ko", "csrf": token})
    assert "내 통화" in client.get("/ui").text
    again = TestClient(client.app)
    log_in(again, people["ann"])
    page = again.get("/ui").text
    assert "내 통화" in page and '<html lang="ko">' in page


def test_admin_manages_users_keys_and_settings(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    agent = TestClient(client.app)
    log_in(agent, people["ann"])
    assert agent.get("/ui/admin").status_code == 403
    token = log_in(client, people["ada"])
    added = client.post("/ui/admin/users", data={"name": "dee", "role": "agent", "team": "billing", "csrf": token}).text
    key = re.search(r'id="new-key-value" readonly value="(cb_[^"]+)"', added).group(1)
    with ctx.db.session() as session:
        assert users.authenticate(session, key).name == "dee"
    rotated = client.post("/ui/admin/users/ann/rotate", data={"csrf": token}).text
    new_key = re.search(r'id="new-key-value" readonly value="(cb_[^"]+)"', rotated).group(1)
    assert new_key != people["ann"].key
    assert agent.get("/ui", follow_redirects=False).status_code == 303  # ann's session ended with her old key
    client.post("/ui/admin/users/bob/disable", data={"csrf": token})
    with ctx.db.session() as session:
        assert users.authenticate(session, people["bob"].key) is None
    bad = client.post("/ui/admin/settings", data={"csrf": token, "ui_page_size": "5000"})
    assert bad.status_code == 400 and "between" in bad.text
    client.post("/ui/admin/settings", data={"csrf": token, "ui_page_size": "10", "ui_default_language": "ko",
                                            "ui_session_hours": "2"})
    fresh = TestClient(client.app)
    response = post_login(fresh, key)
    assert "Max-Age=7200" in response.headers["set-cookie"]
    assert "내 통화" in fresh.get("/ui").text  # the site's default language for a user who has not chosen


def test_summary_text_is_plain(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    log_in(client, people["ann"])
    text = client.get(f"/ui/calls/{call_id}/summary.txt").text
    assert "<" not in text and "Summary: Customer queried a £42.10 charge" in text
    assert "- reference: REF-99812\n" in text and "- amount: £77.00 [check]\n" in text
    assert json.dumps(text)  # one string, pastes as is
