"""A client that goes away in the middle of an upload: logged as a
disconnect (no traceback, no 'unhandled' error), nothing left behind."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

from tests.service_support import ROOT, Process, callbrief, free_port, service_env, wait_http


def test_a_client_that_disconnects_mid_upload_is_not_an_unhandled_error(tmp_path: Path) -> None:
    env = service_env(tmp_path)
    added = subprocess.run(callbrief("users", "add", "ann", "--role", "agent"), env=env, cwd=ROOT,
                           capture_output=True, text=True, check=True)
    key = added.stdout.strip().splitlines()[-1]
    port = free_port()
    api = Process(callbrief("api", "--port", str(port)), env, tmp_path / "api.log")
    try:
        wait_http(f"http://127.0.0.1:{port}/health", proc=api)
        boundary = "cut-off"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="call.wav"\r\n'
            "Content-Type: audio/wav\r\n\r\nRIFF\x00\x00\x00\x00WAVEfmt "
        ).encode("latin-1")
        request = (
            f"POST /v1/calls HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 1000000\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", port)) as conn:
            conn.sendall(request + head + b"\x00" * 200_000)
            time.sleep(0.5)
        deadline = time.monotonic() + 10
        while "client disconnected" not in api.output() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        api.stop()
    log = api.output()
    assert "client disconnected during POST /v1/calls" in log, log[-3000:]
    assert "unhandled" not in log and "Traceback" not in log, log[-3000:]
    audio = tmp_path / "audio"
    assert not audio.exists() or [p for p in audio.rglob("*") if p.is_file()] == []
