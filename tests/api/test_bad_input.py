"""Bad input is a 4xx with a code, never a 500: NUL characters anywhere in
the path, query or form, and dates at the end of the calendar."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.context import AppContext
from tests.api.conftest import Person, stored_done_call


@pytest.mark.parametrize(
    "url",
    ["/v1/calls?language=%00", "/v1/calls?q=refund%00", "/v1/reports?team=%00", "/v1/calls/ab%00cd",
     "/v1/calls/ab%00cd/summary", "/v1/calls?agent_id=a%00"],
)
def test_a_nul_character_in_the_path_or_query_is_refused(client: TestClient, people: dict[str, Person], url: str) -> None:
    response = client.get(url, headers=people["ada"].headers)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_request"


def test_a_nul_character_in_the_file_name_is_dropped(
    client: TestClient, ctx: AppContext, people: dict[str, Person], wav_bytes: bytes
) -> None:
    boundary = "nulboundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\x00b.wav"\r\n'
        "Content-Type: audio/wav\r\n\r\n"
    ).encode() + wav_bytes + f"\r\n--{boundary}--\r\n".encode()
    headers = {**people["ann"].headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    response = client.post("/v1/calls", headers=headers, content=body)
    assert response.status_code == 202, response.text
    assert response.json()["call"]["filename"] == "ab.wav"


@pytest.mark.parametrize("path", ["/v1/calls", "/v1/reports"])
def test_the_last_day_of_the_calendar_is_a_valid_date_to(
    client: TestClient, ctx: AppContext, people: dict[str, Person], path: str
) -> None:
    stored_done_call(ctx, "ann", "billing")
    response = client.get(path, params={"date_from": "0001-01-01", "date_to": "9999-12-31"}, headers=people["ada"].headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (len(body["items"]) if "items" in body else body["calls"]) == 1
