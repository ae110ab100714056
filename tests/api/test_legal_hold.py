"""Legal hold over the API (admins only) and DELETE leaving nothing behind."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.context import AppContext
from tests.api.conftest import Person, stored_done_call
from tests.store.leftovers import traces


def test_a_held_call_cannot_be_deleted_until_an_admin_lifts_the_hold(
    client: TestClient, ctx: AppContext, people: dict[str, Person]
) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    assert client.put(f"/v1/calls/{call_id}/legal-hold", headers=people["sue"].headers).status_code == 403
    assert client.put(f"/v1/calls/{call_id}/legal-hold", headers=people["ada"].headers).status_code == 204
    refused = client.delete(f"/v1/calls/{call_id}", headers=people["sue"].headers)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "legal_hold"
    assert client.delete(f"/v1/calls/{call_id}/legal-hold", headers=people["ada"].headers).status_code == 204
    assert client.delete(f"/v1/calls/{call_id}", headers=people["sue"].headers).status_code == 204

    assert traces(ctx.db, [call_id, "REF-99812"]) == []
    assert ctx.audio.files() == []
    assert client.get(f"/v1/calls/{call_id}", headers=people["ada"].headers).status_code == 404
    assert client.get("/v1/calls", params={"q": "Miller"}, headers=people["ada"].headers).json()["items"] == []
