"""Server-drawn SVG charts and the marked transcript: shapes in proportion, user text escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from api import charts
from api.transcript_marks import mark_facts, mark_turns

SVG = "{http://www.w3.org/2000/svg}"
ANALYTICS = {
    "duration": 100.0,
    "parties": [{"role": "agent", "talk_ratio": 0.5}, {"role": "customer", "talk_ratio": 0.3}],
    "non_talk_time": 20.0,
    "silences": [{"start": 40.0, "end": 60.0}],
    "interruptions": [{"interrupter": "customer", "interrupted": "agent", "start": 30.0, "duration": 1.0}],
    "turns": 2,
}
TURNS = [
    {"id": 0, "role": "agent", "start": 0.0, "end": 30.0, "text": "a"},
    {"id": 1, "role": "customer", "start": 30.0, "end": 40.0, "text": "b"},
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def test_talk_share_is_in_proportion() -> None:
    root = parse(charts.talk_share(ANALYTICS, {}, "share"))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths == [320.0, 192.0, 128.0]  # 50 %, 30 %, 20 % of 640


def test_timeline_places_turns_silences_and_interruptions() -> None:
    root = parse(charts.timeline(TURNS, ANALYTICS, {"agent": "Agent"}, "timeline"))
    turns = [r for r in root.iter(f"{SVG}rect") if "turn-mark" in r.get("class", "")]
    assert [(t.get("data-turn"), t.get("data-start")) for t in turns] == [("0", "0.00"), ("1", "30.00")]
    assert float(turns[0].get("width")) == 3 * float(turns[1].get("width"))
    [silence] = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "silence-mark"]
    assert float(silence.get("width")) == float(turns[1].get("width")) * 2
    [line] = root.iter(f"{SVG}line")
    assert line.get("x1") == turns[1].get("x")  # the interruption at 30 s, where the customer's turn starts


def test_bars_escape_labels_and_scale() -> None:
    svg = str(charts.bars([("<script>x</script>", 4), ("b", 2)], "reasons"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    widths = [float(w) for w in re.findall(r'class="bar" x="200" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1]
    assert "100%" in str(charts.bars([("resolved", 1.0)], "share", percent=True))
    assert parse(charts.columns([], "empty")) is not None


def test_facts_are_marked_where_they_are_said() -> None:
    marked = mark_facts("Your reference is 4 4 7 1 9 and <b>", [
        {"value": "44719", "verified": True}, {"value": "£9.99", "verified": False}], "check")
    assert str(marked) == 'Your reference is <mark class="fact">4 4 7 1 9</mark> and &lt;b&gt;'
    unsure = mark_facts("It was £9.99.", [{"value": "£9.99", "uncertain": True}], "check")
    assert '<mark class="fact uncertain" title="check">£9.99</mark>' in str(unsure)


def test_a_fact_said_differently_is_noted_on_its_turn() -> None:
    turns = [{"id": 3, "text": "five, three, one, eight, two"}, {"id": 4, "text": "thanks"}]
    [cited, other] = mark_turns(turns, [{"value": "53182", "turn_ids": [3], "verified": True}], "check")
    assert str(cited["marked"]).endswith(' <mark class="fact note">53182</mark>')
    assert str(other["marked"]) == "thanks"
