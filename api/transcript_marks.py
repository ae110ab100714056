"""Text the call page derives from a result: the transcript with the key
facts marked in it, and the summary as plain text for a CRM note."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape

from store.models import Call

Translate = Callable[[str], str]


def is_uncertain(fact: dict[str, Any]) -> bool:
    """A fact to check by ear: not backed by the transcript, or read with low confidence."""
    if fact.get("uncertain") is True or fact.get("verified") is False:
        return True
    confidence = fact.get("confidence")
    return isinstance(confidence, (int, float)) and confidence < 0.5


def _pattern(value: str) -> re.Pattern[str] | None:
    """The value as written, tolerant of spacing between its characters
    ("4 4 7 1 9" for "44719"; and of hyphens and dots inside an id: "482-1-3")."""
    compact = re.sub(r"\s+", "", value)
    if len(compact) < 2:
        return None
    between = r"[\s\-.,]*" if compact.replace("-", "").isalnum() else r"\s*"
    return re.compile(r"(?<!\w)" + between.join(re.escape(ch) for ch in compact) + r"(?!\w)", re.IGNORECASE)


def mark_facts(text: str, facts: Sequence[dict[str, Any]], check_label: str) -> Markup:
    """The turn's text, escaped, with each fact's value wrapped in ``<mark>``."""
    spans: list[tuple[int, int, bool]] = []
    for fact in facts:
        pattern = _pattern(str(fact.get("value", "")))
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e, _u in spans):
                spans.append((match.start(), match.end(), is_uncertain(fact)))
    out: list[str] = []
    last = 0
    for start, end, uncertain in sorted(spans):
        out.append(str(escape(text[last:start])))
        css = "fact uncertain" if uncertain else "fact"
        title = f' title="{escape(check_label)}"' if uncertain else ""
        out.append(f'<mark class="{css}"{title}>{escape(text[start:end])}</mark>')
        last = end
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def mark_turns(turns: Sequence[dict[str, Any]], facts: Sequence[dict[str, Any]], check_label: str) -> list[dict[str, Any]]:
    """Turns with a ``marked`` text: the facts found in each turn marked where
    they are said; a fact the turn is cited for but says differently (spoken
    digits, "a hundred and forty-two pounds") is noted after the text."""
    marked = []
    for turn in turns:
        text = str(turn.get("text", ""))
        html = mark_facts(text, facts, check_label)
        for fact in facts:
            pattern = _pattern(str(fact.get("value", "")))
            cited = turn.get("id") in (fact.get("turn_ids") or ())
            if cited and pattern is not None and not pattern.search(text):
                css = "fact uncertain" if is_uncertain(fact) else "fact"
                html += Markup(' <mark class="{} note">{}</mark>').format(css, fact.get("value", ""))
        marked.append({**turn, "marked": html})
    return marked


def plain_text_summary(call: Call, summary: dict[str, Any], t: Translate) -> str:
    """The summary as plain text that pastes cleanly into a CRM note."""
    resolution = summary.get("resolution") or {}
    lines = [
        f"{t('Call')} {call.external_id or call.id[:8]} · {call.created_at.strftime('%Y-%m-%d %H:%M')} UTC"
        + (f" · {t('Agent')} {call.agent_id}" if call.agent_id else ""),
        "",
        f"{t('Summary')}: {(summary.get('summary') or {}).get('text', '')}",
        f"{t('Reason')}: {(summary.get('reason') or {}).get('text', '')}",
        f"{t('Resolution')}: {t(str(resolution.get('status', '')))} - {resolution.get('text', '')}",
        f"{t('Follow-up')}: {t('required') if summary.get('follow_up_required') else t('none')}",
    ]
    sentiment = summary.get("customer_sentiment") or {}
    if sentiment:
        lines.append(f"{t('Customer')}: {t(str(sentiment.get('start', '')))} -> {t(str(sentiment.get('end', '')))}")
    actions = summary.get("action_items") or []
    if actions:
        lines.append(f"{t('Action items')}:")
        for item in actions:
            when = f" ({item['when']})" if item.get("when") else ""
            lines.append(f"- {t(str(item.get('owner', '')))}: {item.get('what', '')}{when}")
    facts = summary.get("key_facts") or []
    if facts:
        lines.append(f"{t('Key facts')}:")
        for fact in facts:
            check = f" [{t('check')}]" if is_uncertain(fact) else ""
            lines.append(f"- {t(str(fact.get('kind', '')))}: {fact.get('value', '')}{check}")
    return "\n".join(lines) + "\n"
