"""The result response models mirror pipeline.types field for field, and
the API returns the stored result through them unchanged."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, Union

import pytest
from fastapi.testclient import TestClient
from pydantic_core import PydanticUndefined

from api import schemas
from api.context import AppContext
from pipeline import types as pipeline_types
from pipeline.types import to_jsonable
from store import calls
from tests.api.conftest import Person, stored_done_call


def shape(hint: Any) -> Any:
    """A type with tuples and lists alike and each mirror replaced by its dataclass."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return frozenset(shape(a) for a in args)
    if origin in (tuple, list):
        return ("sequence", shape(args[0]))
    if origin is dict:
        return ("mapping", shape(args[0]), shape(args[1]))
    if hint in schemas.MIRRORS:
        return ("object", hint.mirrors)
    if dataclasses.is_dataclass(hint):
        return ("object", hint)
    return hint


@pytest.mark.parametrize("mirror", schemas.MIRRORS, ids=lambda m: m.__name__)
def test_each_response_model_has_its_dataclass_fields(mirror: Any) -> None:
    source = mirror.mirrors
    wanted = [f.name for f in dataclasses.fields(source)]
    have = [name for name in mirror.model_fields if name not in mirror.added]
    missing = [name for name in wanted if name not in have]
    assert not missing, (
        f"pipeline.types.{source.__name__} has fields {missing} that api.schemas.{mirror.__name__} lacks: "
        "add them there (same type, same default) so /docs describes them"
    )
    extra = [name for name in have if name not in wanted]
    assert not extra, f"api.schemas.{mirror.__name__} has fields {extra} that pipeline.types.{source.__name__} lacks"
    assert have == wanted, f"api.schemas.{mirror.__name__}: put the fields in the order of {source.__name__}"

    hints = typing.get_type_hints(source)
    for f in dataclasses.fields(source):
        model_field = mirror.model_fields[f.name]
        assert shape(model_field.annotation) == shape(hints[f.name]), (
            f"{mirror.__name__}.{f.name} is {model_field.annotation}, {source.__name__}.{f.name} is {hints[f.name]}"
        )
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            assert model_field.is_required(), f"{mirror.__name__}.{f.name} needs no default: {source.__name__}'s has none"
        else:
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
            got = model_field.default if model_field.default is not PydanticUndefined else None
            assert not model_field.is_required() and to_jsonable(got) == to_jsonable(default), (
                f"{mirror.__name__}.{f.name} should default to {to_jsonable(default)!r} as {source.__name__}'s does; "
                "results stored before the field existed are read with it"
            )


def test_every_dataclass_in_a_response_has_a_mirror() -> None:
    def reachable(cls: type, seen: set[type]) -> set[type]:
        seen.add(cls)
        for hint in typing.get_type_hints(cls).values():
            for inner in _types_in(hint):
                if dataclasses.is_dataclass(inner) and inner not in seen:
                    reachable(inner, seen)
        return seen

    roots = (pipeline_types.Summary, pipeline_types.Analytics, pipeline_types.Turn, pipeline_types.Segment,
             pipeline_types.RoleAssignment)
    needed = set().union(*(reachable(root, set()) for root in roots))
    mirrored = {m.mirrors for m in schemas.MIRRORS}
    assert needed <= mirrored, f"no response model for {sorted(c.__name__ for c in needed - mirrored)}"


def _types_in(hint: Any) -> list[Any]:
    args = typing.get_args(hint)
    return [hint] if not args else [t for a in args for t in _types_in(a)]


def test_openapi_describes_summary_transcript_and_analytics(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]

    def body(path: str) -> dict[str, Any]:
        ref = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[1]]

    summary = body("/v1/calls/{call_id}/summary")["properties"]["summary"]
    assert any(option.get("$ref", "").endswith("/GroundedSummaryPublic") for option in summary["anyOf"])
    grounded = components["GroundedSummaryPublic"]["properties"]
    assert {"summary", "reason", "resolution", "action_items", "key_facts", "checks"} <= set(grounded)
    assert components["SummaryResolutionPublic"]["properties"]["status"]["$ref"].endswith("/Resolution")
    assert "verified" in components["KeyFactPublic"]["properties"]

    transcript = body("/v1/calls/{call_id}/transcript")["properties"]
    assert transcript["turns"]["items"]["$ref"].endswith("/TurnPublic")
    assert "words" in components["TurnPublic"]["properties"]
    analytics = body("/v1/calls/{call_id}/analytics")["properties"]["analytics"]
    assert analytics["$ref"].endswith("/CallAnalyticsPublic")
    assert {"parties", "silences", "interruptions", "roles"} <= set(components["CallAnalyticsPublic"]["properties"])


def test_bodies_are_the_stored_result(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    auth = people["ann"].headers
    with ctx.db.session() as session:
        row = calls.get_result(session, call_id)
        assert row is not None
        result, analytics, summary = json.loads(row.result_json), json.loads(row.analytics_json), json.loads(row.summary_json)

    assert client.get(f"/v1/calls/{call_id}/summary", headers=auth).json() == {
        "call_id": call_id, "summary": summary, "warnings": result["warnings"],
    }
    assert client.get(f"/v1/calls/{call_id}/transcript", headers=auth).json() == {
        "call_id": call_id, "language": result["language"], "speaker_source": result["speaker_source"],
        "roles": result["roles"], "turns": result["turns"], "segments": result["segments"],
    }
    assert client.get(f"/v1/calls/{call_id}/analytics", headers=auth).json() == {"call_id": call_id, "analytics": analytics}


def test_a_field_the_models_do_not_know_yet_is_still_returned() -> None:
    fact = {"kind": "amount", "value": "£5", "turn_ids": [1], "verified": True, "spoken_as": "five pounds"}
    dumped = schemas.KeyFactPublic.model_validate(fact).model_dump(mode="json")
    assert dumped.items() >= fact.items()

