"""Handing a call to the workers: by task name, through a real Redis broker;
a broker that is down is reported, not hidden."""

from __future__ import annotations

import json
import uuid

import pytest
from kombu.exceptions import OperationalError

from api.queue import PROCESS_CALL_TASK, CeleryEnqueuer
from tests.service_support import free_port, redis_url

pytestmark = pytest.mark.services


def test_a_call_is_sent_to_its_queue_under_the_task_name() -> None:
    import redis

    queue = f"callbrief-test-{uuid.uuid4().hex[:8]}"
    with redis_url() as url:
        enqueuer = CeleryEnqueuer(url, queue)
        enqueuer.ping()
        enqueuer.send(PROCESS_CALL_TASK, "c0ffee")
        client = redis.Redis.from_url(url)
        messages = client.lrange(queue, 0, -1)
        client.close()
    assert len(messages) == 1
    headers = json.loads(messages[0])["headers"]
    assert (headers["task"], headers["argsrepr"]) == ("callbrief.process_call", "['c0ffee']")


def test_a_broker_that_is_down_fails_the_ping_and_the_send() -> None:
    # /ready reports the broker from ping(); the upload leaves the call queued
    # for the workers' requeue check when send() raises.
    enqueuer = CeleryEnqueuer(f"redis://127.0.0.1:{free_port()}/0", "callbrief-test-down")
    with pytest.raises(OperationalError, match="Connection refused"):
        enqueuer.ping()
    with pytest.raises(OperationalError, match="Connection refused"):
        enqueuer.send(PROCESS_CALL_TASK, "c0ffee")
