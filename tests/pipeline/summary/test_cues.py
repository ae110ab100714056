"""Outcome cue rules in English and Korean: who says it, negation, questions and conditions."""

from __future__ import annotations

import pytest

from pipeline.summary.cues import CueKind, find_cues
from pipeline.types import Role, Turn
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER


def call(*lines: tuple[Role, str]) -> tuple[Turn, ...]:
    return tuple(turn(i, "a" if role is A else "c", role, i * 5.0, i * 5.0 + 4.0, text) for i, (role, text) in enumerate(lines))


def kinds(*lines: tuple[Role, str]) -> list[tuple[CueKind, int]]:
    return [(c.kind, c.turn_id) for c in find_cues(call(*lines))]


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "I'm transferring you to my supervisor now.", CueKind.HANDOFF),
        (A, "I'm raising this as an emergency with our out-of-hours repairs team.", CueKind.HANDOFF),
        (A, "The fraud team will call you within the hour.", CueKind.HANDOFF),
        (A, "담당 부서로 이관해 드리겠습니다.", CueKind.HANDOFF),
        (C, "I've restarted it and it's still not working.", CueKind.STILL_FAILING),
        (C, "No, that didn't fix it.", CueKind.STILL_FAILING),
        (C, "여전히 안 돼요.", CueKind.STILL_FAILING),
        (C, "아니요, 아직도 빨간불이에요.", CueKind.STILL_FAILING),
        (C, "Oh, it's working now, thank you.", CueKind.CONFIRMED),
        (C, "아, 이제 되네요.", CueKind.CONFIRMED),
        (A, "I've processed the refund for you.", CueKind.DONE),
        (A, "네, 변경 완료되었습니다.", CueKind.DONE),
        (A, "An engineer will visit on Tuesday morning.", CueKind.PENDING),
        (A, "기사님 재방문 일정 잡아 드릴게요.", CueKind.PENDING),
        (A, "A cheque will be posted to you within 14 days.", CueKind.DELIVERY),
        (A, "There's nothing else I can do from here.", CueKind.CANNOT),
    ],
)
def test_each_cue_kind_in_english_and_korean(role: Role, text: str, kind: CueKind) -> None:
    other = C if role is A else A
    assert (kind, 1) in kinds((other, "Hello."), (role, text))


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (C, "I want to speak to a supervisor, transfer me!"),  # the customer asking is no hand-off
        (A, "Is it still not working?"),  # the agent's question is not the customer's report
        (A, "That should fix it."),  # the agent's hope is no confirmation
        (C, "I've processed the form already."),  # done counts from the agent only
    ],
)
def test_cues_count_only_from_the_party_whose_words_mean_it(role: Role, text: str) -> None:
    other = C if role is A else A
    assert kinds((other, "Hello."), (role, text)) == []


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (A, "There's no need to transfer you, I can sort it here."),
        (A, "이관하지 않아도 됩니다."),
        (C, "I don't think it's working now."),
        (A, "If it's still broken tomorrow, an engineer will visit."),
        (C, "If it's still not working tomorrow I'll ring back."),
        (C, "여전히 안 되면 다시 전화할게요."),
        (A, "Has that fixed it?"),
    ],
)
def test_negated_conditional_and_asked_cues_do_not_count(role: Role, text: str) -> None:
    other = C if role is A else A
    found = kinds((other, "Hello."), (role, text))
    assert all(kind not in (CueKind.HANDOFF, CueKind.CONFIRMED, CueKind.STILL_FAILING, CueKind.PENDING, CueKind.DONE) for kind, _ in found), found


def test_unknown_roles_take_the_first_speaker_as_the_agent() -> None:
    turns = (
        turn(0, "S0", Role.UNKNOWN, 0, 2, "Northwind, how can I help?"),
        turn(1, "S1", Role.UNKNOWN, 2, 4, "It still isn't working."),
        turn(2, "S0", Role.UNKNOWN, 4, 6, "I'll transfer you to our technical team."),
    )
    assert [(c.kind, c.role) for c in find_cues(turns)] == [(CueKind.STILL_FAILING, C), (CueKind.HANDOFF, A)]
