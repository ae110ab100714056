"""Korean summaries written from the structured fields: templates plus quoted turns.

The packaged 1.5B model's Korean is not usable (English answers, invented
events, when it was measured), and it is asked nothing about a Korean call
(:mod:`pipeline.summary.summarize`). So for a Korean call (unless the site's own
model behind the ``openai`` backend writes the prose) the text is assembled here
from what the rules decided (category, resolution, action items) and from the
customer's and agent's own words, quoted: nothing in it is generated.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.summary.actions import clip
from pipeline.types import ActionItem, Cited, Resolution, Role, SummaryResolution, Turn

MAX_SUMMARY_CHARS = 600
MAX_QUOTE_CHARS = 120

STATUS_KO = {
    Resolution.RESOLVED: "통화 중 해결됨",
    Resolution.UNRESOLVED: "미해결 (통화 후 처리가 남아 있음)",
    Resolution.ESCALATED: "담당 부서 또는 상급자에게 이관됨",
}
OWNER_KO = {Role.AGENT: "상담원", Role.CUSTOMER: "고객", Role.UNKNOWN: "담당자"}
NO_SPEECH_KO = "통화에서 인식된 발화가 없습니다."
ONE_TURN_KO = "통화가 한 번의 발화뿐이라 요약할 내용이 거의 없습니다."
REVIEW_KO = " (확인 필요)"


def resolution_text(resolution: SummaryResolution, turns: Sequence[Turn]) -> str:
    """"처리 결과: 이관됨 — 상담원: “…”": the status and the turn that shows it, quoted."""
    text = STATUS_KO[resolution.status]
    quote = _quote(turns, resolution.evidence[-1:] if resolution.evidence else ())
    if quote:
        text += f" — {quote}"
    if resolution.needs_review:
        text += REVIEW_KO
    return text


def korean_summary(
    turns: Sequence[Turn],
    reason: Cited,
    category_label: str,
    resolution: SummaryResolution,
    action_items: Sequence[ActionItem],
) -> Cited:
    """One paragraph: the category and the customer's words, the outcome, what is left to do."""
    if not turns:
        return Cited(NO_SPEECH_KO)
    parts = [f"[{category_label}] 고객 문의: “{_bare(reason.text)}”"]
    ids = list(reason.turn_ids)
    parts.append(f"처리 결과: {resolution_text(resolution, turns)}")
    ids.extend(resolution.evidence[-1:])
    for item in action_items[:2]:
        when = f" (기한: {item.when})" if item.when else ""
        parts.append(f"후속 조치 — {OWNER_KO[item.owner]}: “{_bare(item.what)}”{when}")
        ids.extend(item.turn_ids)
    if len(turns) == 1:
        parts.insert(0, ONE_TURN_KO.rstrip("."))
    return Cited(clip(". ".join(parts) + ".", MAX_SUMMARY_CHARS), tuple(dict.fromkeys(ids)))


def _quote(turns: Sequence[Turn], ids: Sequence[int]) -> str:
    by_id = {t.id: t for t in turns}
    turn = next((by_id[i] for i in ids if i in by_id), None)
    if turn is None:
        return ""
    return f"{OWNER_KO.get(turn.role, '담당자')}: “{_bare(turn.text)}”"


def _bare(text: str) -> str:
    """A quotation without its closing full stop (the paragraph's own punctuation follows it)."""
    return clip(text, MAX_QUOTE_CHARS).rstrip(". ")
