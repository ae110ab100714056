"""The summary stage with fake LLM engines: parsing, retry, fallback, timeout, chunking, grounding."""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import InputError, ModelError, ProcessingError
from pipeline.options import SummarizeOptions
from pipeline.summary.category import DEFAULT
from pipeline.summary.category_choice import LETTERS
from pipeline.summary.chunks import plan_chunks, transcript_budget
from pipeline.summary.engine import Choice, Completion, GenerationTimeout, Message, TokenHook, check_deadline
from pipeline.summary.outcome import EMPTY_TRANSCRIPT, QUESTIONS
from pipeline.summary.prompt import MERGE_SCHEMA
from pipeline.summary.summarize import NoLLM, load_summarizer, summarize
from pipeline.types import CallResult, Role, Turn
from tests.pipeline.factories import call_result, turn

BILLING = (
    turn(0, "ch0", Role.AGENT, 0.4, 6.0, "Thank you for calling Northwind Council, this is Sarah. How can I help?"),
    turn(1, "ch1", Role.CUSTOMER, 6.8, 14.0, "There's a charge of £142.75 on my council tax bill I don't recognise."),
    turn(2, "ch0", Role.AGENT, 14.5, 20.0, "What is your account number?"),
    turn(3, "ch1", Role.CUSTOMER, 20.5, 23.0, "It's 48213."),
    turn(4, "ch0", Role.AGENT, 23.5, 30.0, "I've opened a billing dispute. Your reference number is 60471."),
    turn(5, "ch0", Role.AGENT, 30.5, 36.0, "I'll call you back by Friday the 14th with the decision."),
    turn(6, "ch1", Role.CUSTOMER, 36.5, 38.0, "Okay, thanks. Goodbye."),
)

Reply = str | Exception | Callable[[Sequence[Message]], str]


def answer(**overrides: Any) -> str:
    """A schema-valid model answer about BILLING; fields can be replaced."""
    data: dict[str, Any] = {
        "summary": {"text": "The customer disputed a £142.75 garden waste charge; a dispute was opened.", "turn_ids": [1, 4]},
        "reason": {"text": "An unrecognised charge on the council tax bill.", "turn_ids": [1]},
        "resolution": {"status": "unresolved", "text": "The billing team must approve a refund.", "turn_ids": [4, 5]},
        "action_items": [{"owner": "agent", "what": "Call the customer back", "when": "Friday the 14th", "turn_ids": [5]}],
        "follow_up_required": True,
        "customer_sentiment": {"start": "negative", "end": "neutral", "turn_ids": [1, 6]},
    }
    data.update(overrides)
    return json.dumps(data)


class FakeEngine:
    """Answers ``complete`` from a script of replies; counts one token per word."""

    name = "fake"
    model = "fake-1"

    def __init__(
        self, replies: Sequence[Reply], context_tokens: int = 4096, answers: dict[str, str] | None = None
    ) -> None:
        self.replies = list(replies)
        self.context_tokens = context_tokens
        self.calls: list[tuple[list[Message], dict[str, Any], int]] = []
        self.answers = answers or {}  # question -> its JSON answer
        self.questions: list[str] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def complete(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        deadline: float,
        on_token: TokenHook | None = None,
    ) -> Completion:
        check_deadline(deadline)
        if "answer" in schema["properties"] or list(schema["properties"]) == ["category"]:
            return self._answer(messages, schema)
        self.calls.append((list(messages), schema, max_tokens))
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        text = reply(messages) if callable(reply) else reply
        if on_token is not None:
            for generated in range(1, len(text.split()) + 1):
                on_token(generated)
        return Completion(text, "stop", sum(len(m.content.split()) for m in messages), len(text.split()), 0.01)


    def _answer(self, messages: Sequence[Message], schema: dict[str, Any]) -> Completion:
        """An outcome or category question: the scripted answer, "no" by default."""
        asked = next((q for q, text in QUESTIONS.items() if text in messages[-1].content), "category")
        self.questions.append(asked)
        default = '{"category": "other"}' if asked == "category" else '{"evidence": [], "answer": "no"}'
        text = self.answers.get(asked, default)
        return Completion(text, "stop", sum(len(m.content.split()) for m in messages), len(text.split()), 0.01)


def options(**kw: Any) -> SummarizeOptions:
    return SummarizeOptions(**{"backend": "llama_cpp", "timeout_s": 30.0, **kw})


def test_valid_answer_becomes_a_grounded_llm_summary() -> None:
    engine = FakeEngine([answer()])
    result = summarize(engine, BILLING, options())
    assert (result.generator, result.model, result.fallback_reason) == ("fake", "fake-1", None)
    # Key facts are read from the transcript, whatever the model wrote.
    assert [(f.kind, f.value, f.turn_ids, f.verified) for f in result.key_facts] == [
        ("amount", "£142.75", (1,), True),
        ("account", "48213", (3,), True),
        ("reference", "60471", (4,), True),
        ("deadline", "Friday the 14th", (5,), True),
    ]
    assert result.resolution.status.value == "unresolved"
    assert result.action_items[0].owner is Role.AGENT and result.action_items[0].when == "Friday the 14th"
    assert result.checks, "grounding must have checked the numbers"
    # the transcript comes first, then the instructions, then the facts read from the transcript
    prompt = engine.calls[0][0][-1].content
    assert prompt.index("[1] Customer: There's a charge of £142.75") < prompt.index("Summarise the call")
    assert prompt.index("Summarise the call") < prompt.index("- amount: £142.75 (turn 1)")


def test_invented_number_is_flagged_and_made_up_turn_ids_are_dropped() -> None:
    invented = answer(summary={"text": "The customer disputed a £999.00 charge on account 48213.", "turn_ids": [1, 99]})
    result = summarize(FakeEngine([invented]), BILLING, options(unverified="flag"))
    assert result.summary.turn_ids == (1, 3)  # no turn 99; grounding adds 3, where 48213 is said
    assert any("999" in c.token and c.action == "flagged" for c in result.checks)
    assert "999" not in " ".join(f.value for f in result.key_facts), "a model cannot add a key fact"

    dropped = summarize(FakeEngine([invented]), BILLING, options())  # the default: removed
    assert "999" not in dropped.summary.text and "48213" in dropped.summary.text
    assert "[unverified]" in dropped.summary.text


def test_invalid_once_is_retried_with_the_error_named() -> None:
    engine = FakeEngine(["not json at all", answer()])
    result = summarize(engine, BILLING, options())
    assert result.generator == "fake" and result.fallback_reason is None
    assert len(engine.calls) == 2
    assert "not valid" in engine.calls[1][0][-1].content


def test_invalid_twice_falls_back_to_extractive() -> None:
    bad_enum = answer(resolution={"status": "maybe", "text": "?", "turn_ids": [1]})
    engine = FakeEngine(['{"summary": "truncated', bad_enum])
    result = summarize(engine, BILLING, options())
    assert result.generator == "extractive"
    assert result.fallback_reason is not None and result.fallback_reason.startswith("invalid_output")
    assert "fake-1" in result.fallback_reason
    assert len(engine.calls) == 2
    assert result.checks or result.key_facts, "the extractive summary is grounded too"


def test_cut_off_answer_counts_as_invalid() -> None:
    class CutOff(FakeEngine):
        def complete(self, messages, schema, *, max_tokens, deadline, on_token=None):  # type: ignore[override]
            done = super().complete(messages, schema, max_tokens=max_tokens, deadline=deadline)
            return Completion(done.text, "length", done.prompt_tokens, max_tokens, done.seconds)

    result = summarize(CutOff([answer(), answer()]), BILLING, options())
    assert result.generator == "extractive" and "cut off" in (result.fallback_reason or "")


def test_time_limit_is_enforced_and_falls_back() -> None:
    class Slow(FakeEngine):
        def complete(self, messages, schema, *, max_tokens, deadline, on_token=None):  # type: ignore[override]
            while True:  # a generation loop that checks the deadline between tokens
                time.sleep(0.01)
                check_deadline(deadline)

    started = time.monotonic()
    result = summarize(Slow([]), BILLING, options(timeout_s=0.3))
    assert time.monotonic() - started < 3.0
    assert result.generator == "extractive"
    assert (result.fallback_reason or "").startswith("timeout")


def test_engine_failure_falls_back_with_its_code() -> None:
    engine = FakeEngine([ProcessingError("the LLM endpoint could not be reached: ConnectError", code="stage_failed")])
    result = summarize(engine, BILLING, options())
    assert result.generator == "extractive"
    assert (result.fallback_reason or "").startswith("stage_failed")


def test_model_load_failure_gives_an_extractive_engine_that_says_why(tmp_path: Path) -> None:
    engine = load_summarizer(options(model_path=str(tmp_path / "missing.gguf")), tmp_path)
    assert isinstance(engine, NoLLM)
    result = summarize(engine, BILLING, options())
    assert result.generator == "extractive"
    assert (result.fallback_reason or "").startswith("model_missing")


def test_extractive_by_choice_has_no_fallback_reason(tmp_path: Path) -> None:
    engine = load_summarizer(SummarizeOptions(backend="extractive"), tmp_path)
    result = summarize(engine, BILLING, SummarizeOptions(backend="extractive"))
    assert result.generator == "extractive" and result.fallback_reason is None


def test_unknown_backend_is_a_bad_option(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_summarizer(SummarizeOptions(backend="gpt-cloud"), tmp_path)
    assert info.value.code == "bad_option"


def test_progress_moves_while_tokens_are_generated() -> None:
    seen: list[tuple[str, float]] = []
    summarize(FakeEngine([answer()]), BILLING, options(max_new_tokens=100), on_progress=lambda s, f: seen.append((s, f)))
    assert seen[0] == ("summarize", 0.0) and seen[-1] == ("summarize", 1.0)
    fractions = [f for _, f in seen]
    assert len({round(f, 2) for f in fractions if 0 < f < 1}) >= 5, "progress within the generation"
    assert all(0.0 <= f <= 1.0 for f in fractions)


def test_no_transcript_or_summary_text_is_logged_at_info(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    summarize(FakeEngine(["nonsense", "{}"]), BILLING, options())
    summarize(FakeEngine([answer()]), BILLING, options())
    logged = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    for secret in ("142.75", "48213", "60471", "Northwind", "garden waste", "council tax"):
        assert secret not in logged


# --- long calls: chunks and merge ---------------------------------------------------------------


def long_call(n: int = 40) -> tuple[Turn, ...]:
    lines = []
    for i in range(n):
        role = Role.AGENT if i % 2 == 0 else Role.CUSTOMER
        text = f"Line {i} talks about the meter readings and the tariff in some detail, please note it down."
        if i == 3:
            text = "The overdue amount is £87.20 on account 55102."
        if i == n - 2:
            text = "Your ticket number is 73310 and I will email you by Monday."
        lines.append(turn(i, f"s{i % 2}", role, i * 5.0, i * 5.0 + 4.0, text))
    return tuple(lines)


def cited_ids(messages: Sequence[Message]) -> list[int]:
    body = messages[-1].content
    return [int(line[1 : line.index("]")]) for line in body.splitlines() if line.startswith("[")]


def partial_answer(messages: Sequence[Message]) -> str:
    """Summarises one chunk, citing only turns it was shown."""
    ids = cited_ids(messages)
    first, last = ids[0], ids[-1]
    return answer(
        summary={"text": f"Part covering turns {first} to {last}.", "turn_ids": [first, last]},
        reason={"text": "Meter readings." if first == 0 else "", "turn_ids": [first]},
        resolution={"status": "resolved" if 39 in ids else "unresolved", "text": "Outcome.", "turn_ids": [last]},
        action_items=[{"owner": "agent", "what": "Email the customer", "when": "Monday", "turn_ids": [38]}] if 38 in ids else [],
        customer_sentiment={"start": "negative" if first == 0 else "neutral", "end": "positive", "turn_ids": [first, last]},
    )


def plan(turns: Sequence[Turn], context_tokens: int, max_new_tokens: int) -> list[Any]:
    engine = FakeEngine([], context_tokens=context_tokens)
    return plan_chunks(turns, engine.count_tokens, transcript_budget(engine, options(max_new_tokens=max_new_tokens)))


@pytest.mark.usefixtures("cue_rules_alone")  # its filler lines are unlike any call the learned models read
def test_long_call_is_summarised_in_parts_that_fit_and_merged() -> None:
    turns = long_call()
    opts = options(max_new_tokens=100)
    merged = '{"summary": "One merged summary of the meter call."}'
    solved = '{"evidence": [39, 7], "answer": "yes"}'
    engine = FakeEngine(
        [lambda m: merged if "Part 1:" in m[-1].content else partial_answer(m)] * 50,
        context_tokens=1300,
        answers={"solved": solved},
    )
    result = summarize(engine, turns, opts)

    summary_calls = [c for c in engine.calls if "reason" in c[1]["properties"]]
    merge_calls = [c for c in engine.calls if c[1] is MERGE_SCHEMA]
    assert len(summary_calls) >= 2 and len(merge_calls) == 1
    for messages, _, max_tokens in engine.calls:
        assert sum(engine.count_tokens(m.content) for m in messages) + max_tokens <= engine.context_tokens
    shown = [i for messages, _, _ in summary_calls for i in cited_ids(messages)]
    assert shown == [t.id for t in turns], "every turn is shown once, in order"
    # each part's prompt lists the facts said in that part only
    with_amount = [m for m, _, _ in summary_calls if "- amount: £87.20 (turn 3)" in m[-1].content]
    assert len(with_amount) == 1 and 3 in cited_ids(with_amount[0])

    assert result.generator == "fake" and result.fallback_reason is None
    assert result.summary.text == "One merged summary of the meter call."
    facts = {f.value: f for f in result.key_facts}
    assert facts["£87.20"].turn_ids == (3,) and facts["£87.20"].verified
    assert facts["73310"].turn_ids == (38,) and facts["73310"].verified
    assert result.reason.text == "Meter readings."
    # The outcome questions are asked about the last part: turn 7 is not in it, so it is no evidence.
    assert engine.questions == ["handoff", "solved"]
    assert result.resolution.status.value == "resolved" and 39 in result.resolution.evidence
    assert 7 not in result.resolution.evidence
    assert result.customer_sentiment.start.value == "negative"
    # What is open comes from the words of the call (the packaged model's own list is not used).
    assert [(a.owner, a.turn_ids, a.when) for a in result.action_items] == [(Role.AGENT, (38,), "Monday")]
    assert result.follow_up_required


def test_merge_failure_joins_the_parts_instead() -> None:
    engine = FakeEngine([partial_answer] * (len(plan(long_call(), 1300, 100))) + [GenerationTimeout("late")], context_tokens=1300)
    result = summarize(engine, long_call(), options(max_new_tokens=100))
    assert result.generator == "fake"
    assert result.summary.text.startswith("Part covering turns 0 to")
    assert "73310" in {f.value for f in result.key_facts}


def test_an_overlong_turn_is_cut_and_keeps_its_id() -> None:
    words = " ".join(f"word{i}" for i in range(500))
    turns = (turn(0, "a", Role.AGENT, 0, 5, "Hello."), turn(1, "b", Role.CUSTOMER, 5, 60, words))
    chunks = plan_chunks(turns, lambda text: len(text.split()), budget_tokens=120)
    assert len(chunks) >= 5
    assert all(sum(len(line.split()) + 1 for line in c.lines) <= 120 for c in chunks)
    assert " ".join(line.split(": ", 1)[1] for c in chunks for line in c.lines if line.startswith("[1]")) == words
    assert all(c.turn_ids in ((0,), (0, 1), (1,)) for c in chunks)


def test_a_context_too_small_for_any_transcript_falls_back() -> None:
    engine = FakeEngine([answer()], context_tokens=300)
    with pytest.raises(ModelError):
        transcript_budget(engine, options(max_new_tokens=200))
    result = summarize(engine, BILLING, options(max_new_tokens=200))
    assert result.generator == "extractive" and "context" in (result.fallback_reason or "")


def test_summary_round_trips_through_the_stored_result() -> None:
    summary = summarize(FakeEngine([answer()]), BILLING, options())
    stored = json.loads(json.dumps(dataclasses.replace(call_result(), summary=summary).serialize()))
    assert CallResult.from_dict(stored).summary == summary, "the call log reads back the summary it stored"
    assert stored["summary"]["resolution"]["status"] == "unresolved"
    assert [(f["value"], f["turn_ids"]) for f in stored["summary"]["key_facts"]][:2] == [("£142.75", [1]), ("48213", [3])]


@pytest.mark.parametrize(
    ("llama", "transformers", "expected"),
    [(True, True, "llama_cpp"), (False, True, "transformers"), (False, False, None)],
)
def test_auto_prefers_llama_cpp_then_transformers_then_extractive(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, llama: bool, transformers: bool, expected: str | None
) -> None:
    from pipeline.summary import summarize as stage
    from pipeline.summary.backends import llama_cpp, transformers_gguf

    monkeypatch.setattr(llama_cpp, "is_installed", lambda: llama)
    monkeypatch.setattr(transformers_gguf, "is_installed", lambda: transformers)
    loaded: list[str] = []
    monkeypatch.setattr(stage, "_load_backend", lambda backend, opts, cache: loaded.append(backend) or FakeEngine([]))
    engine = load_summarizer(SummarizeOptions(backend="auto"), tmp_path)
    if expected is None:
        assert isinstance(engine, NoLLM) and (engine.reason or "").startswith("no_llm_installed")
        assert summarize(engine, BILLING, SummarizeOptions()).fallback_reason == engine.reason
    else:
        assert loaded == [expected]


def test_a_site_models_action_items_are_kept_and_the_packaged_models_are_not() -> None:
    resolved = (
        turn(0, "ch0", Role.AGENT, 0, 4, "Northwind Council, how can I help?"),
        turn(1, "ch1", Role.CUSTOMER, 4, 8, "Can you tell me when the tip opens on Sunday?"),
        turn(2, "ch0", Role.AGENT, 8, 12, "It opens at nine on Sundays."),
        turn(3, "ch1", Role.CUSTOMER, 12, 14, "Lovely, thanks."),
    )
    listed = answer(action_items=[{"owner": "agent", "what": "Send opening times", "when": "", "turn_ids": [2]}])
    engine = FakeEngine([listed])
    packaged = summarize(engine, resolved, options())
    assert packaged.action_items == () and not packaged.follow_up_required
    # Not used, so not asked for: fewer tokens to write.
    schema, prompt = engine.calls[0][1], engine.calls[0][0][-1].content
    assert "action_items" not in schema["properties"] and "action_items" not in prompt
    assert "category" in schema["properties"] and "- category:" in prompt

    class SiteModel(FakeEngine):
        name = "openai"

    site_engine = SiteModel([listed])
    site = summarize(site_engine, resolved, options(backend="openai"))
    assert [a.what for a in site.action_items] == ["Send opening times"] and site.follow_up_required
    assert "action_items" in site_engine.calls[0][1]["properties"]


def test_a_runtime_that_gives_category_probabilities_is_not_asked_to_write_one() -> None:
    billing = LETTERS[[c.id for c in DEFAULT.categories].index("billing")]

    class WithProbabilities(FakeEngine):
        model = "sure-of-billing"

        def choose(self, messages: Sequence[Message], labels: Sequence[str], *, deadline: float) -> Choice:
            # billing's letter for the call, every label alike for the empty transcript
            flat = {label: 1 / len(labels) for label in labels}
            probabilities = flat if EMPTY_TRANSCRIPT in messages[-1].content else {**flat, billing: 0.9}
            return Choice(probabilities, 0.9, 12, 0.01)

    engine = WithProbabilities([json.dumps({k: v for k, v in json.loads(answer()).items() if k != "category"})])
    result = summarize(engine, BILLING, options())
    schema, prompt = engine.calls[0][1], engine.calls[0][0][-1].content
    assert list(schema["properties"]) == ["summary", "reason", "resolution", "customer_sentiment"]
    assert "- category:" not in prompt and "action_items" not in prompt
    assert result.generator == "fake" and result.fallback_reason is None
    assert result.category == "billing"


def test_a_korean_call_with_the_packaged_model_is_summarised_by_the_rules() -> None:
    water = (
        turn(0, "ch0", Role.AGENT, 0, 4, "네, 다산콜센터입니다. 무엇을 도와드릴까요?"),
        turn(1, "ch1", Role.CUSTOMER, 4, 9, "집에 수돗물이 안 나와요. 어제부터 계속 안 나와요."),
        turn(2, "ch0", Role.AGENT, 9, 15, "불편을 드려 죄송합니다. 상수도사업본부 담당 부서로 이관해 드리겠습니다."),
        turn(3, "ch1", Role.CUSTOMER, 15, 17, "네, 감사합니다."),
    )
    engine = FakeEngine([], answers={"category": '{"category": "billing"}'})
    result = summarize(engine, water, options(), language="ko")
    # The model is asked nothing about a Korean transcript: the cue rules, the keywords and the
    # learned models decide, and the text comes from templates, as with the extractive backend.
    assert engine.questions == [] and engine.calls == []
    assert result.resolution.status.value == "escalated" and 2 in result.resolution.evidence
    assert result.generator == "extractive" and result.fallback_reason is None
    assert result == summarize(NoLLM(), water, options(), language="ko")
    assert result.category == "fault_outage" and "이관" in result.summary.text
