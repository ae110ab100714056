"""A site's own Korean LLM behind the openai backend writes the Korean prose:
a real HTTP server on loopback speaking the OpenAI chat protocol."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from pipeline.options import SummarizeOptions
from pipeline.summary.summarize import load_summarizer, summarize
from pipeline.types import Resolution, Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER

WELFARE = (
    turn(0, "a", A, 0, 3, "네, 강서구청 콜센터 김지은입니다."),
    turn(1, "c", C, 3, 8, "기초연금 신청하려면 어떻게 해야 하는지 문의드리려고요."),
    turn(2, "a", A, 8, 13, "네, 그건 주민센터 복지 담당에서 상담해 드려요. 화곡동 주민센터 복지 담당으로 이관해 드리겠습니다."),
    turn(3, "c", C, 13, 15, "네, 감사합니다."),
)
SITE_SUMMARY = {
    "summary": {"text": "고객이 기초연금 신청 방법을 문의하여 주민센터 복지 담당으로 이관함.", "turn_ids": [1, 2]},
    "reason": {"text": "기초연금 신청 방법 문의.", "turn_ids": [1]},
    "category": "information_request",
    "resolution": {"text": "주민센터 복지 담당으로 이관.", "turn_ids": [2]},
    "action_items": [{"owner": "agent", "what": "주민센터 복지 담당이 연락", "when": "", "turn_ids": [2]}],
    "customer_sentiment": {"start": "neutral", "end": "positive", "turn_ids": [1, 3]},
}


class SiteModel(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        SiteModel.requests.append(body)
        schema = body["response_format"]["json_schema"]["schema"]
        if "answer" in schema["properties"]:
            question = body["messages"][-1]["content"]
            answer = {"evidence": [2], "answer": "yes" if "someone else" in question else "no"}
            content = json.dumps(answer)
        else:
            content = json.dumps(SITE_SUMMARY, ensure_ascii=False)
        reply = {
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20},
        }
        data = json.dumps(reply, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def site_model() -> Iterator[str]:
    SiteModel.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), SiteModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_korean_prose_comes_from_the_sites_model_and_the_outcome_from_evidence(site_model: str, tmp_path) -> None:
    options = SummarizeOptions(backend="openai", openai_base_url=site_model, openai_model="site-ko", timeout_s=30)
    engine = load_summarizer(options, tmp_path)
    summary = summarize(engine, WELFARE, options, language="ko")

    assert summary.generator == "openai" and summary.fallback_reason is None
    assert summary.summary.text == SITE_SUMMARY["summary"]["text"]  # the site's model's own Korean
    assert summary.category == "information_request"
    assert summary.resolution.status is Resolution.ESCALATED
    assert summary.resolution.evidence == (2,) and not summary.resolution.needs_review
    assert summary.follow_up_required

    first, *questions = SiteModel.requests
    assert "한국어" in first["messages"][0]["content"]  # asked to write Korean
    assert "Korean" in first["messages"][-1]["content"]
    assert len(questions) == 2
    transcript = first["messages"][-1]["content"].split("\n\n")[0]
    assert transcript.startswith("Call transcript:\n[0] Agent:")
    for body in questions:  # the same messages up to the question: a server's prefix cache reuses them
        assert body["messages"][0] == first["messages"][0]
        assert body["messages"][-1]["content"].startswith(transcript + "\n\n")
