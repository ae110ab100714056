"""The summary prompt, its JSON schema, and parsing the model's JSON.

What made the packaged 1.5B model usable (measured on the samples and on
TweetSumm; README.md, "The project's own numbers"): the
transcript first and the instructions after it; last, the call's amounts,
ids and dates as read by the fact scanner (:mod:`pipeline.facts.extract`), so
the model has the exact numbers in front of it without spending tokens on
copying them out (it used to write them as a ``key_facts`` array first:
slower, and it invented years and kinds);
``maxItems`` on every array, because greedy decoding otherwise repeats one
item until the token limit; temperature 0. Every field cites the ids of
the turns it comes from, written as ``[id]`` in front of each line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.summary.category import DEFAULT, Taxonomy, category_schema
from pipeline.summary.engine import Message
from pipeline.types import (
    ActionItem,
    Cited,
    CustomerSentiment,
    KeyFact,
    Resolution,
    Role,
    Sentiment,
    Summary,
    SummaryResolution,
    Turn,
)

MAX_ACTION_ITEMS = 6
MAX_CITED_TURNS = 6
MAX_FACT_TURNS = 3  # turn ids shown per fact in the prompt


class InvalidOutput(ValueError):
    """The model's text is not JSON that fits :data:`SUMMARY_SCHEMA`."""


def _turn_ids(max_items: int = MAX_CITED_TURNS) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 1, "maxItems": max_items}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _cited_text() -> dict[str, Any]:
    return _object({"text": {"type": "string"}, "turn_ids": _turn_ids()})


@dataclass(frozen=True)
class Fields:
    """The optional fields a model is asked to write.

    The packaged 1.5B model is not asked for what the pipeline decides
    otherwise: its action items (it lists one for nearly every call; the cue
    rules list them) and its category where the runtime gives the category's
    probabilities (:mod:`pipeline.summary.category_choice`). Fewer tokens to
    write: on the stereo sample call the whole JSON no longer runs past the
    answer's token limit.
    """

    category: bool = True
    action_items: bool = True

    def names(self) -> tuple[str, ...]:
        optional = {"category": self.category, "action_items": self.action_items}
        return tuple(name for name in _FIELD_ORDER if optional.get(name, True))


ALL_FIELDS = Fields()
_FIELD_ORDER = ("summary", "reason", "category", "resolution", "action_items", "customer_sentiment")


def summary_schema(taxonomy: Taxonomy = DEFAULT, fields: Fields = ALL_FIELDS) -> dict[str, Any]:
    """The summary's JSON schema, with the site's reason categories as an enum.

    Property order is generation order under constrained decoding. The
    outcome's status and ``follow_up_required`` are not asked for here: in
    one pass the 1.5B model labels nearly every call "resolved", so they are
    decided from evidence (:mod:`pipeline.summary.outcome`).
    """
    properties: dict[str, dict[str, Any]] = {
        "summary": _cited_text(),
        "reason": _cited_text(),
        "category": category_schema(taxonomy),
        "resolution": _object({"text": {"type": "string"}, "turn_ids": _turn_ids()}),
        "action_items": _ACTION_ITEMS,
        "customer_sentiment": _SENTIMENT,
    }
    return _object({name: properties[name] for name in fields.names()})


_ACTION_ITEMS: dict[str, Any] = {
    "type": "array",
    "maxItems": MAX_ACTION_ITEMS,
    "items": _object(
        {
            "owner": {"type": "string", "enum": [Role.AGENT.value, Role.CUSTOMER.value]},
            "what": {"type": "string"},
            "when": {"type": "string"},
            "turn_ids": _turn_ids(3),
        }
    ),
}
_SENTIMENT: dict[str, Any] = _object(
    {
        "start": {"type": "string", "enum": [s.value for s in Sentiment]},
        "end": {"type": "string", "enum": [s.value for s in Sentiment]},
        "turn_ids": _turn_ids(4),
    }
)
SUMMARY_SCHEMA: dict[str, Any] = summary_schema()

# Used to shorten the partial summaries of a long call into one.
MERGE_SCHEMA: dict[str, Any] = _object({"summary": {"type": "string"}})

SYSTEM_PROMPT = (
    "You summarise recorded customer-service calls for the agent's colleagues. "
    "You write plain, factual English and answer with JSON only."
)
# For a site's own Korean model (the openai backend): the text fields in Korean.
SYSTEM_PROMPT_KO = (
    "You summarise recorded customer-service calls for the agent's colleagues. "
    "You write plain, factual Korean (한국어) in every text field and answer with JSON only."
)

INSTRUCTIONS_HEAD = "Summarise the call transcript above as JSON with these fields, in this order:"
FIELD_INSTRUCTIONS = {
    "summary": "- summary: two or three sentences on what happened in the call, and nothing that did not happen.",
    "reason": "- reason: why the customer called, in one sentence.",
    "category": "- category: the reason's category, one of: {categories}.",
    "resolution": (
        "- resolution: one short sentence on the outcome: what was done, what is still open, "
        "or who the call was handed to."
    ),
    "action_items": (
        "- action_items: each thing the agent or the customer promised in the call to do after it, "
        'in their words, and when it is due ("" if no time was said).'
    ),
    "customer_sentiment": "- customer_sentiment: the customer's mood at the start and at the end of the call.",
}
INSTRUCTIONS_TAIL = """Every turn_ids list holds the numbers in brackets of the turns the field comes from.
Use only what is said in the transcript; never invent a number, name or date."""


def instructions(taxonomy: Taxonomy = DEFAULT, fields: Fields = ALL_FIELDS) -> str:
    lines = [FIELD_INSTRUCTIONS[name] for name in fields.names()]
    body = "\n".join(lines).format(categories=taxonomy.prompt_list())
    return f"{INSTRUCTIONS_HEAD}\n{body}\n{INSTRUCTIONS_TAIL}"


KOREAN_NOTE = "Write summary, reason, resolution and action_items in Korean (한국어)."

FACTS_HEADING = "The amounts, numbers and dates said in the call (write them exactly like this where you use them):"

PART_NOTE = "The transcript above is part {part} of {parts} of one long call; summarise only this part."

MERGE_INSTRUCTIONS = (
    "Above are the summaries of consecutive parts of one customer-service call. "
    "Write one summary of the whole call in two to four sentences, as JSON "
    '{"summary": "..."}. Keep every amount, number and date exactly as written.'
)


def speaker_label(turn: Turn) -> str:
    if turn.role is Role.UNKNOWN:
        return f"Speaker {turn.speaker}"
    return turn.role.value.capitalize()


def transcript_line(turn: Turn, text: str | None = None) -> str:
    body = " ".join((turn.text if text is None else text).split())
    return f"[{turn.id}] {speaker_label(turn)}: {body}"


def fact_line(fact: KeyFact) -> str:
    turns = ", ".join(str(i) for i in fact.turn_ids[:MAX_FACT_TURNS])
    return f"- {fact.kind}: {fact.value} (turn {turns})"


def transcript_messages(lines: Sequence[str], language: str | None = None) -> list[Message]:
    """The system message and the transcript: the start every prompt about one
    call shares (the summary's and the outcome questions'), so a runtime that
    keeps its KV cache evaluates it once."""
    system = SYSTEM_PROMPT_KO if language == "ko" else SYSTEM_PROMPT
    return [Message("system", system), Message("user", "Call transcript:\n" + "\n".join(lines))]


def build_messages(
    lines: Sequence[str],
    facts: Sequence[KeyFact] = (),
    part: int = 1,
    parts: int = 1,
    *,
    taxonomy: Taxonomy = DEFAULT,
    language: str | None = None,
    fields: Fields = ALL_FIELDS,
) -> list[Message]:
    """Transcript first, then the instructions (better recall on a small
    model), then the facts read from the transcript."""
    asked = instructions(taxonomy, fields)
    if parts > 1:
        asked = PART_NOTE.format(part=part, parts=parts) + "\n" + asked
    if language == "ko":
        asked += "\n" + KOREAN_NOTE
    system, transcript = transcript_messages(lines, language)
    sections = [transcript.content, asked]
    if facts:
        sections.append(FACTS_HEADING + "\n" + "\n".join(fact_line(f) for f in facts))
    return [system, Message("user", "\n\n".join(sections))]


def build_merge_messages(partial_summaries: Sequence[str]) -> list[Message]:
    body = "\n".join(f"Part {i}: {text}" for i, text in enumerate(partial_summaries, start=1))
    return [Message("system", SYSTEM_PROMPT), Message("user", body + "\n\n" + MERGE_INSTRUCTIONS)]


def retry_messages(messages: Sequence[Message], error: str) -> list[Message]:
    """The prompt again with what was wrong added, so a greedy decoder does not repeat itself.

    The bad answer itself is not sent back: it would cost as many tokens as
    the answer, and the chunks are sized for one answer only.
    """
    *head, last = messages
    note = f"\n\nA previous answer was not valid: {error}. Answer with only the JSON object, every field filled."
    return [*head, Message(last.role, last.content + note)]


def load_json_object(text: str) -> dict[str, Any]:
    """The first JSON object in ``text`` (endpoints without constrained decoding add prose or fences)."""
    start = text.find("{")
    if start < 0:
        raise InvalidOutput("no JSON object in the output")
    try:
        value, _ = json.JSONDecoder().raw_decode(text[start:])
    except json.JSONDecodeError as exc:
        raise InvalidOutput(f"malformed JSON ({exc.msg} at character {exc.pos})") from exc
    if not isinstance(value, dict):
        raise InvalidOutput("the JSON is not an object")
    return value


def parse_merge(text: str) -> str:
    summary = load_json_object(text).get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise InvalidOutput("'summary' must be a non-empty string")
    return summary.strip()


def parse_summary(
    text: str, valid_turn_ids: Iterable[int], *, generator: str, model: str, taxonomy: Taxonomy = DEFAULT
) -> Summary:
    """The model's JSON -> :class:`Summary`, turn ids clipped to ``valid_turn_ids``.

    Raises :class:`InvalidOutput` when the JSON does not fit the schema. Arrays
    longer than the schema allows are cut, a ``key_facts`` array is ignored,
    and ``category`` and ``action_items`` may be missing (they are not always
    asked for: :class:`Fields`): an endpoint without constrained decoding
    should not fail on trifles. The resolution's status (and
    ``follow_up_required``) are placeholders until :mod:`pipeline.summary.outcome` decides them; a
    category outside the taxonomy is left empty for the rules to fill.
    """
    data = load_json_object(text)
    valid = frozenset(valid_turn_ids)
    summary_text, summary_ids = _cited(data, "summary", valid)
    if not summary_text:
        raise InvalidOutput("'summary.text' is empty")
    reason_text, reason_ids = _cited(data, "reason", valid)
    resolution = _obj(data, "resolution")
    sentiment = _obj(data, "customer_sentiment")
    action_items = tuple(_action_item(item, valid) for item in _list(data, "action_items")[:MAX_ACTION_ITEMS])
    return Summary(
        summary=Cited(summary_text, summary_ids),
        reason=Cited(reason_text, reason_ids),
        resolution=SummaryResolution(
            status=_enum(Resolution, resolution, "status", "resolution.status") if "status" in resolution else Resolution.UNRESOLVED,
            text=_str(resolution, "text", "resolution.text"),
            turn_ids=_ids(resolution, valid, "resolution.turn_ids"),
        ),
        action_items=action_items,
        # A promise for after the call is a follow-up by definition; a small
        # model does not always connect the two fields.
        follow_up_required=(_bool(data, "follow_up_required") if "follow_up_required" in data else False) or bool(action_items),
        customer_sentiment=CustomerSentiment(
            start=_enum(Sentiment, sentiment, "start", "customer_sentiment.start"),
            end=_enum(Sentiment, sentiment, "end", "customer_sentiment.end"),
            turn_ids=_ids(sentiment, valid, "customer_sentiment.turn_ids"),
        ),
        key_facts=(),  # read from the transcript, not from the model: pipeline.facts.extract
        generator=generator,
        model=model,
        category=_category(data, taxonomy),
    )


def _category(data: dict[str, Any], taxonomy: Taxonomy) -> str:
    value = str(data.get("category", "")).strip().lower()
    return value if value in taxonomy.ids else ""


def _action_item(item: Any, valid: frozenset[int]) -> ActionItem:
    if not isinstance(item, dict):
        raise InvalidOutput("an action item is not an object")
    owner = str(item.get("owner", "")).strip().lower()
    if owner not in (Role.AGENT.value, Role.CUSTOMER.value):
        raise InvalidOutput("an action item's owner is neither agent nor customer")
    when = item.get("when")
    when_text = when.strip() if isinstance(when, str) else None
    return ActionItem(
        owner=Role(owner),
        what=_str(item, "what", "action_items.what"),
        when=when_text or None,
        turn_ids=_ids(item, valid, "action_items.turn_ids"),
    )


def _cited(data: dict[str, Any], key: str, valid: frozenset[int]) -> tuple[str, tuple[int, ...]]:
    value = data.get(key)
    if isinstance(value, str):  # json_object endpoints sometimes flatten {text, turn_ids}
        return value.strip(), ()
    obj = _obj(data, key)
    return _str(obj, "text", f"{key}.text"), _ids(obj, valid, f"{key}.turn_ids")


def _obj(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise InvalidOutput(f"'{key}' must be an object")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InvalidOutput(f"'{key}' must be an array")
    return value


def _str(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise InvalidOutput(f"'{where}' must be a string")
    return value.strip()


def _bool(data: dict[str, Any], key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise InvalidOutput(f"'{key}' must be true or false")
    return value


def _enum(enum: type[Resolution] | type[Sentiment], data: dict[str, Any], key: str, where: str) -> Any:
    value = str(data.get(key, "")).strip().lower()
    try:
        return enum(value)
    except ValueError as exc:
        allowed = ", ".join(e.value for e in enum)
        # The value itself is not quoted: error texts are logged, and it is model output.
        raise InvalidOutput(f"'{where}' is not one of {allowed}") from exc


def _ids(data: dict[str, Any], valid: frozenset[int], where: str) -> tuple[int, ...]:
    """Cited turn ids that exist, in order, without repeats; ids the model made up are dropped."""
    value = data.get("turn_ids", [])
    if not isinstance(value, list):
        raise InvalidOutput(f"'{where}' must be an array of turn ids")
    ids: list[int] = []
    for item in value:
        try:
            turn_id = int(item)
        except (TypeError, ValueError):
            continue
        if turn_id in valid and turn_id not in ids:
            ids.append(turn_id)
    return tuple(ids)
