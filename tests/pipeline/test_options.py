"""Options (pipeline.options): the one reading of channel roles."""

from __future__ import annotations

import pytest

from pipeline.errors import ErrorCode, InputError
from pipeline.options import DEFAULT_CHANNEL_ROLES, parse_channel_roles
from pipeline.types import Role


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("agent,customer", (Role.AGENT, Role.CUSTOMER)),
        ("customer,agent", (Role.CUSTOMER, Role.AGENT)),
        (" Customer , AGENT ", (Role.CUSTOMER, Role.AGENT)),
    ],
)
def test_each_party_once_in_channel_order(text: str, roles: tuple[Role, ...]) -> None:
    assert parse_channel_roles(text) == roles


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("agent,agent", "'agent' is given twice"),
        ("customer,customer", "'customer' is given twice"),
        ("agent,robot", "unknown channel role 'robot'"),
        ("agent,unknown", "unknown channel role 'unknown'"),
        ("agent,,customer", "unknown channel role ''"),
        ("agent", "1 channel role given, not 2"),
        ("", "unknown channel role ''"),
    ],
)
def test_anything_else_is_refused_naming_the_allowed_roles(text: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_channel_roles(text)
    assert caught.value.code == ErrorCode.BAD_OPTION
    assert problem in caught.value.message
    assert "agent, customer" in caught.value.message


def test_the_message_names_the_option_when_given() -> None:
    with pytest.raises(InputError) as caught:
        parse_channel_roles("agent,boss", "--channels")
    assert caught.value.message.startswith("--channels: unknown channel role 'boss'")


def test_the_default_is_agent_then_customer() -> None:
    assert DEFAULT_CHANNEL_ROLES == (Role.AGENT, Role.CUSTOMER)
    assert parse_channel_roles(",".join(r.value for r in DEFAULT_CHANNEL_ROLES)) == DEFAULT_CHANNEL_ROLES
