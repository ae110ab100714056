"""Parsers for the reference formats ``callbrief eval`` reads.

Every parser raises :class:`InputError` with code ``bad_manifest`` and a
message that starts ``<file>:<line>:`` on malformed input, so a site can fix
its data without reading a stack trace.

    format            line / shape                                          gives
    Kaldi ``text``    ``utt_id word word ...``                              reference text
    Kaldi ``wav.scp`` ``utt_id path/to/audio.wav``                          audio per id
    TSV               ``id<TAB>text``                                       reference text
    ``.txt``          the whole reference text of the audio beside it       reference text
    ``.stm``          ``file channel speaker start end [<label>] text``     speaker-attributed text
    ``.rttm``         ``SPEAKER file chan start duration <NA> <NA> spk ...`` who spoke when
    ``.uem``          ``file channel start end``                            scored region
    JSON / JSONL      objects with ``id``, ``turns``, ``facts``,            dialogues, expected facts,
                      ``reference_summaries``, ``language``,                reference summaries,
                      ``expected`` (``resolution``, ``follow_up_required``) expected outcome
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ErrorCode, InputError
from pipeline.types import KeyFact, Resolution, Role, SpeakerSegment, Turn

FACT_KINDS = frozenset({"amount", "account", "reference", "ticket", "date", "deadline", "phone", "other"})
_ROLES = {r.value: r for r in Role}
RESOLUTIONS = frozenset(r.value for r in Resolution)
# A JSON object with none of these keys is read as ``{id: facts}``.
RECORD_KEYS = ("id", "turns", "script", "facts", "reference_summaries", "summaries", "language", "expected")


@dataclass(frozen=True)
class Record:
    """One JSON/JSONL object: a dialogue and/or the references of one call."""

    id: str
    turns: tuple[Turn, ...] | None = None  # None: no turns given; (): an empty script (silence)
    facts: tuple[KeyFact, ...] = ()
    reference_summaries: tuple[str, ...] = ()
    language: str | None = None
    # From "expected": {"resolution": "resolved", "follow_up_required": true, "category": "billing",
    # "action_items": [{"owner": "agent", "what": "...", "when": "..."}], "reason": "..."}
    resolution: str | None = None
    follow_up_required: bool | None = None
    category: str | None = None
    action_owners: tuple[Role, ...] | None = None  # one per expected action item
    qa_items: dict[str, str] | None = None  # QA labels: scorecard item -> met | not_met | not_applicable


def bad(path: Path, line: int | None, message: str) -> InputError:
    where = f"{path}:{line}" if line is not None else str(path)
    return InputError(f"{where}: {message}", code=ErrorCode.BAD_MANIFEST)


def _lines(path: Path) -> list[tuple[int, str]]:
    """Numbered non-blank, non-comment lines (``#`` and STM's ``;;``)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise bad(path, text_line(path, exc.start), "not UTF-8 text") from exc
    except OSError as exc:
        raise bad(path, None, f"cannot read ({exc.strerror})") from exc
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", ";;")):
            out.append((number, line.rstrip("\r\n")))
    return out


def text_line(path: Path, byte_offset: int) -> int:
    return path.read_bytes()[:byte_offset].count(b"\n") + 1


def _float(path: Path, line: int, value: str, name: str) -> float:
    try:
        number = float(value)
    except ValueError as exc:
        raise bad(path, line, f"{name} {value!r} is not a number") from exc
    if number < 0 or number != number:
        raise bad(path, line, f"{name} {value!r} must be a non-negative number")
    return number


def _put(path: Path, line: int, table: dict[str, Any], key: str, value: Any) -> None:
    if key in table:
        raise bad(path, line, f"id {key!r} appears twice")
    table[key] = value


def read_tsv(path: Path) -> dict[str, str]:
    """``id<TAB>text`` per line."""
    texts: dict[str, str] = {}
    for number, line in _lines(path):
        if "\t" not in line:
            raise bad(path, number, "expected 'id<TAB>text' (no tab found)")
        key, text = line.split("\t", 1)
        if not key.strip():
            raise bad(path, number, "empty id before the tab")
        _put(path, number, texts, key.strip(), text.strip())
    return texts


def read_kaldi_text(path: Path) -> dict[str, str]:
    """Kaldi ``text``: ``utt_id`` then the words (an id alone means no speech)."""
    texts: dict[str, str] = {}
    for number, line in _lines(path):
        parts = line.split(maxsplit=1)
        _put(path, number, texts, parts[0], parts[1].strip() if len(parts) > 1 else "")
    return texts


def read_wav_scp(path: Path) -> dict[str, Path]:
    """Kaldi ``wav.scp``: ``utt_id path``; relative paths are from the file's folder."""
    audio: dict[str, Path] = {}
    for number, line in _lines(path):
        parts = line.split(maxsplit=1)
        if len(parts) < 2:
            raise bad(path, number, "expected 'utt_id path/to/audio'")
        location = parts[1].strip()
        if location.endswith("|"):
            raise bad(path, number, "wav.scp commands (ending in '|') are not run; give a file path")
        file = Path(location)
        _put(path, number, audio, parts[0], file if file.is_absolute() else path.parent / file)
    return audio


def read_txt(path: Path) -> str:
    return " ".join(line for _n, line in _lines(path))


def read_stm(path: Path) -> dict[str, list[Turn]]:
    """NIST STM: ``file channel speaker start end [<label>] transcript``."""
    turns: dict[str, list[Turn]] = {}
    for number, line in _lines(path):
        parts = line.split()
        if len(parts) < 5:
            raise bad(path, number, "expected 'file channel speaker start end [<label>] text'")
        uri, _channel, speaker, start_s, end_s, *words = parts
        start = _float(path, number, start_s, "start")
        end = _float(path, number, end_s, "end")
        if end < start:
            raise bad(path, number, f"end {end} is before start {start}")
        if words and words[0].startswith("<") and words[0].endswith(">"):
            words = words[1:]
        text = " ".join(words)
        # NIST conventions for regions that are not speech of anyone.
        if speaker.lower() == "inter_segment_gap" or text == "IGNORE_TIME_SEGMENT_IN_SCORING":
            continue
        items = turns.setdefault(uri, [])
        items.append(Turn(len(items), speaker, _ROLES.get(speaker.lower(), Role.UNKNOWN), start, end, text, ()))
    return turns


def read_rttm(path: Path) -> dict[str, list[SpeakerSegment]]:
    """RTTM ``SPEAKER`` lines (other line types are ignored)."""
    segments: dict[str, list[SpeakerSegment]] = {}
    for number, line in _lines(path):
        parts = line.split()
        if parts[0] != "SPEAKER":
            continue
        if len(parts) < 8:
            raise bad(path, number, "expected 'SPEAKER file channel start duration <NA> <NA> speaker ...'")
        start = _float(path, number, parts[3], "start")
        duration = _float(path, number, parts[4], "duration")
        segments.setdefault(parts[1], []).append(SpeakerSegment(start, start + duration, parts[7]))
    return segments


def read_uem(path: Path) -> dict[str, list[tuple[float, float]]]:
    """UEM: ``file channel start end`` (the regions that are scored)."""
    regions: dict[str, list[tuple[float, float]]] = {}
    for number, line in _lines(path):
        parts = line.split()
        if len(parts) != 4:
            raise bad(path, number, "expected 'file channel start end'")
        start = _float(path, number, parts[2], "start")
        end = _float(path, number, parts[3], "end")
        if end <= start:
            raise bad(path, number, f"end {end} is not after start {start}")
        regions.setdefault(parts[0], []).append((start, end))
    return regions


def read_records(path: Path) -> list[Record]:
    """JSONL (one object per line) or JSON (an object, a list of objects, or
    ``{id: [facts]}``). An object without ``id`` takes the file's stem."""
    if path.suffix.lower() == ".jsonl":
        records = []
        for number, line in _lines(path):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise bad(path, number, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
            records.append(_record(path, number, obj, default_id=None))
        return records
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise bad(path, exc.lineno, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise bad(path, None, f"cannot read as UTF-8 JSON ({exc})") from exc
    if isinstance(data, list):
        return [_record(path, None, obj, default_id=None, index=i) for i, obj in enumerate(data)]
    if isinstance(data, dict) and not any(k in data for k in RECORD_KEYS):
        return [_record(path, None, {"id": key, "facts": value}, default_id=None) for key, value in data.items()]
    return [_record(path, None, data, default_id=path.stem)]


def _record(path: Path, line: int | None, obj: Any, *, default_id: str | None, index: int | None = None) -> Record:
    where = f"item {index}: " if index is not None else ""
    if not isinstance(obj, dict):
        raise bad(path, line, f"{where}expected a JSON object, got {type(obj).__name__}")
    key = obj.get("id", default_id)
    if not isinstance(key, (str, int)) or str(key) == "":
        raise bad(path, line, f"{where}missing 'id'")
    turns_raw = obj.get("turns", obj.get("script"))
    if turns_raw is not None and not isinstance(turns_raw, list):
        raise bad(path, line, f"{where}'turns' must be a list")
    turns = None
    if turns_raw is not None:
        turns = tuple(_turn(path, line, f"{where}turns[{i}]", i, t) for i, t in enumerate(turns_raw))
    summaries = obj.get("reference_summaries", obj.get("summaries", []))
    if isinstance(summaries, str):
        summaries = [summaries]
    if not isinstance(summaries, list) or not all(isinstance(s, str) for s in summaries):
        raise bad(path, line, f"{where}'reference_summaries' must be a list of strings")
    language = obj.get("language")
    if language is not None and not isinstance(language, str):
        raise bad(path, line, f"{where}'language' must be a string such as 'en' or 'ko'")
    expected = obj.get("expected") or {}
    if not isinstance(expected, dict):
        raise bad(path, line, f"{where}'expected' must be an object")
    resolution = expected.get("resolution")
    if resolution is not None and resolution not in RESOLUTIONS:
        raise bad(path, line, f"{where}expected.resolution {resolution!r} is not one of {sorted(RESOLUTIONS)}")
    follow_up = expected.get("follow_up_required")
    if follow_up is not None and not isinstance(follow_up, bool):
        raise bad(path, line, f"{where}expected.follow_up_required must be true or false")
    category = expected.get("category")
    if category is not None and not isinstance(category, str):
        raise bad(path, line, f"{where}expected.category must be a category id such as 'billing'")
    owners = _action_owners(path, line, where, expected.get("action_items"))
    qa_items = _qa_items(path, line, where, obj)
    return Record(
        id=str(key),
        turns=turns,
        facts=parse_facts(path, line, obj.get("facts", []), where),
        reference_summaries=tuple(summaries),
        language=language,
        resolution=resolution,
        follow_up_required=follow_up,
        category=category,
        action_owners=owners,
        qa_items=qa_items,
    )


def _action_owners(path: Path, line: int | None, where: str, raw: Any) -> tuple[Role, ...] | None:
    """Who owns each expected action item: "customer", or the organisation's side
    (the agent, another team, an engineer), which a summary calls "agent"."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(i, dict) for i in raw):
        raise bad(path, line, f"{where}expected.action_items must be a list of objects with an 'owner'")
    return tuple(Role.CUSTOMER if str(i.get("owner", "")).strip().lower() == "customer" else Role.AGENT for i in raw)


def _turn(path: Path, line: int | None, where: str, index: int, raw: Any) -> Turn:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise bad(path, line, f"{where}: expected an object with a 'text' string")
    speaker = raw.get("speaker", raw.get("role"))
    if not isinstance(speaker, str) or not speaker:
        raise bad(path, line, f"{where}: expected a 'speaker' or 'role' string")
    role_name = raw.get("role", speaker)
    role = _ROLES.get(str(role_name).lower(), Role.UNKNOWN)
    try:
        # Text-only dialogues have no times: give each turn a 1 s slot in order.
        start = float(raw.get("start", index))
        end = float(raw.get("end", start + 1.0))
    except (TypeError, ValueError) as exc:
        raise bad(path, line, f"{where}: 'start'/'end' must be numbers") from exc
    return Turn(index, speaker, role, start, end, raw["text"], ())


def parse_facts(path: Path, line: int | None, raw: Any, where: str = "") -> tuple[KeyFact, ...]:
    """Expected facts: ``["$1,500", ...]``, ``[{"kind": "amount", "value": "$1,500"}, ...]``
    or ``{"amount": "$1,500", "reference": ["REF-1", "REF-2"]}``."""
    if isinstance(raw, dict):
        raw = [
            {"kind": kind, "value": value}
            for kind, values in raw.items()
            for value in (values if isinstance(values, list) else [values])
        ]
    if not isinstance(raw, list):
        raise bad(path, line, f"{where}'facts' must be a list or an object")
    facts = []
    for i, item in enumerate(raw):
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            facts.append(KeyFact("other", str(item)))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("value"), (str, int, float)):
            raise bad(path, line, f"{where}facts[{i}]: expected a string or an object with a 'value'")
        kind = str(item.get("kind", "other")).lower()
        facts.append(KeyFact(kind if kind in FACT_KINDS else "other", str(item["value"])))
    return tuple(facts)


QA_STATUSES = ("met", "not_met", "not_applicable")


def _qa_items(path: Path, line: int | None, where: str, obj: dict[str, Any]) -> dict[str, str] | None:
    """QA labels: ``"items": {...}`` (a labels file) or ``"qa": {"items": {...}}``."""
    raw = obj.get("items")
    if raw is None and isinstance(obj.get("qa"), dict):
        raw = obj["qa"].get("items")
    if raw is None:
        return None
    if not isinstance(raw, dict) or not all(isinstance(k, str) for k in raw):
        raise bad(path, line, f"{where}'items' must map scorecard item ids to met, not_met or not_applicable")
    for item, status in raw.items():
        if status not in QA_STATUSES:
            raise bad(path, line, f"{where}items.{item}: {status!r} is not one of {', '.join(QA_STATUSES)}")
    return dict(raw)
