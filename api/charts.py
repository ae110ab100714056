"""Charts drawn by the server as SVG, so the pages need no chart library
and nothing from outside the site.

Every chart is an ``<svg role="img">`` with a ``<title>`` (and a ``<title>``
per mark, which browsers show as a tooltip), coloured by CSS classes from
``/ui/static/app.css``: the Content-Security-Policy forbids inline styles.
Values are escaped; labels come from users' data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

WIDTH = 640
_ROLE_LANES = ("agent", "customer")


def _svg(title: str, height: int, body: list[str], css: str, width: int = WIDTH) -> Markup:
    return Markup(
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _clock(seconds: float) -> str:
    seconds = max(0.0, seconds)
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def talk_share(analytics: dict[str, Any], labels: dict[str, str], title: str) -> Markup:
    """One bar: agent, customer and silence as shares of the call."""
    duration = float(analytics.get("duration") or 0.0)
    parts: list[tuple[str, float]] = []
    for party in analytics.get("parties") or []:
        parts.append((str(party.get("role")), float(party.get("talk_ratio") or 0.0)))
    if duration > 0:
        parts.append(("silence", float(analytics.get("non_talk_time") or 0.0) / duration))
    body: list[str] = []
    x = 0.0
    for role, share in parts:
        width = max(0.0, min(share, 1.0 - x / WIDTH)) * WIDTH
        label = f"{labels.get(role, role)} {round(share * 100)}%"
        body.append(
            f'<rect class="seg role-{escape(role)}" x="{x:.1f}" y="0" width="{width:.1f}" height="28">'
            f"<title>{escape(label)}</title></rect>"
        )
        if width > 70:
            body.append(f'<text class="seg-label" x="{x + 6:.1f}" y="19">{escape(label)}</text>')
        x += width
    return _svg(title, 30, body, "talk-share")


def timeline(
    turns: Sequence[dict[str, Any]], analytics: dict[str, Any], labels: dict[str, str], title: str
) -> Markup:
    """Turns on a lane per party, silences below, interruptions as red ticks;
    a mark carries its start time so the page can play from it."""
    duration = float(analytics.get("duration") or 0.0) or max((float(t.get("end", 0)) for t in turns), default=0.0)
    if duration <= 0:
        return _svg(title, 20, [], "timeline")
    left, lane_h, gap = 70, 18, 6
    span = WIDTH - left - 6

    def x_of(t: float) -> float:
        return left + span * max(0.0, min(t, duration)) / duration

    body: list[str] = []
    lanes = list(_ROLE_LANES) + sorted({str(t.get("role")) for t in turns} - set(_ROLE_LANES))
    for i, role in enumerate(lanes):
        y = i * (lane_h + gap)
        body.append(f'<text class="lane-label" x="0" y="{y + 13}">{escape(labels.get(role, role))}</text>')
        for t in turns:
            if str(t.get("role")) != role:
                continue
            x0, x1 = x_of(float(t.get("start", 0))), x_of(float(t.get("end", 0)))
            body.append(
                f'<rect class="turn-mark role-{escape(role)}" data-turn="{escape(t.get("id"))}" '
                f'data-start="{float(t.get("start", 0)):.2f}" x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1.5):.1f}" '
                f'height="{lane_h}"><title>#{escape(t.get("id"))} {escape(labels.get(role, role))} '
                f"{_clock(float(t.get('start', 0)))}</title></rect>"
            )
    y = len(lanes) * (lane_h + gap)
    body.append(f'<text class="lane-label" x="0" y="{y + 13}">{escape(labels.get("silence", "silence"))}</text>')
    for s in analytics.get("silences") or []:
        x0, x1 = x_of(float(s.get("start", 0))), x_of(float(s.get("end", 0)))
        body.append(
            f'<rect class="silence-mark" x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1.5):.1f}" height="{lane_h}">'
            f"<title>{escape(labels.get('silence', 'silence'))} {_clock(float(s.get('start', 0)))}, "
            f"{_num(float(s.get('end', 0)) - float(s.get('start', 0)))} s</title></rect>"
        )
    for item in analytics.get("interruptions") or []:
        x = x_of(float(item.get("start", 0)))
        who = labels.get(str(item.get("interrupter")), str(item.get("interrupter")))
        body.append(
            f'<line class="interruption-mark" x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{y + lane_h}">'
            f"<title>{escape(labels.get('interruption', 'interruption'))}: {escape(who)} "
            f"{_clock(float(item.get('start', 0)))}</title></line>"
        )
    axis_y = y + lane_h + 14
    for k in range(5):
        t = duration * k / 4
        anchor = "start" if k == 0 else "end" if k == 4 else "middle"
        body.append(f'<text class="axis" x="{x_of(t):.1f}" y="{axis_y}" text-anchor="{anchor}">{_clock(t)}</text>')
    return _svg(title, axis_y + 4, body, "timeline")


def columns(items: Sequence[tuple[str, float]], title: str, unit: str = "", css: str = "columns") -> Markup:
    """Vertical bars, one per item (e.g. calls per day)."""
    height, bottom, top = 180, 22, 16
    if not items:
        return _svg(title, 30, ['<text class="axis" x="0" y="20">–</text>'], css)
    peak = max((v for _label, v in items), default=0.0) or 1.0
    slot = (WIDTH - 10) / len(items)
    bar = max(2.0, min(40.0, slot * 0.7))
    body: list[str] = []
    step = max(1, len(items) // 8)
    for i, (label, value) in enumerate(items):
        h = (height - bottom - top) * value / peak
        x = 5 + i * slot + (slot - bar) / 2
        y = height - bottom - h
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}: {_num(value)}{escape(unit)}</title></rect>"
        )
        if len(items) <= 16:
            body.append(f'<text class="value" x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{_num(value)}</text>')
        if i % step == 0:
            body.append(
                f'<text class="axis" x="{x + bar / 2:.1f}" y="{height - 6}" text-anchor="middle">{escape(label)}</text>'
            )
    return _svg(title, height, body, css)


def bars(items: Sequence[tuple[str, float]], title: str, *, percent: bool = False, css: str = "bars") -> Markup:
    """Horizontal bars with their labels (reasons, sentiment, rates)."""
    if not items:
        return _svg(title, 30, ['<text class="axis" x="0" y="20">–</text>'], css)
    row, label_w = 24, 200
    peak = 1.0 if percent else (max(v for _label, v in items) or 1.0)
    body: list[str] = []
    for i, (label, value) in enumerate(items):
        y = i * row
        w = (WIDTH - label_w - 60) * value / peak
        shown = f"{round(value * 100)}%" if percent else _num(value)
        text = label if len(label) <= 30 else label[:29] + "…"
        body.append(f'<text class="bar-label" x="0" y="{y + 15}">{escape(text)}<title>{escape(label)}</title></text>')
        body.append(
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 8}">'
            f"<title>{escape(label)}: {shown}</title></rect>"
        )
        body.append(f'<text class="value" x="{label_w + w + 6:.1f}" y="{y + 15}">{shown}</text>')
    return _svg(title, len(items) * row + 4, body, css)
