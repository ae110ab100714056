"""callbrief's Celery workers: thin tasks that take a call id, claim the call
atomically, run :func:`pipeline.run.process_call` and store the result.

    celery_app   the Celery app and its reliability settings
    tasks        the tasks, by name: callbrief.process_call, callbrief.deliver_webhook
    processing   what a task does with a call (no Celery in it: testable alone)
    record       CallResult -> what the call log stores
    webhook      signed result notifications
    lifecycle    per-process engines, heartbeats, lease renewal, the requeue check
"""
