from __future__ import annotations

from api.queue import PROCESS_CALL_TASK as API_TASK_NAME
from store.settings import Settings
from workers.celery_app import DELIVER_WEBHOOK_TASK, PROCESS_CALL_TASK, configure


def test_reliability_settings() -> None:
    settings = Settings(broker_url="redis://127.0.0.1:6379/3", task_soft_time_limit_s=100, task_hard_time_limit_s=200, task_queue="q1")
    conf = configure(settings).conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert (conf.task_soft_time_limit, conf.task_time_limit) == (100, 200)
    # Redis must not redeliver a call that is still being worked on.
    assert conf.broker_transport_options["visibility_timeout"] > 200
    assert conf.task_default_queue == "q1"


def test_the_api_enqueues_the_task_the_workers_define() -> None:
    import workers.tasks  # noqa: F401 - registers the tasks
    from workers.celery_app import celery_app

    assert API_TASK_NAME == PROCESS_CALL_TASK
    assert {PROCESS_CALL_TASK, DELIVER_WEBHOOK_TASK} <= set(celery_app.tasks)


def test_the_embedded_broker_needs_no_server() -> None:
    settings = Settings(data_dir="/tmp/x", broker_url=None)
    assert settings.resolved_broker_url.startswith("sqla+sqlite:///")
    assert "visibility_timeout" not in configure(settings).conf.broker_transport_options
