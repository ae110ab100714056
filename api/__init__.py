"""callbrief's HTTP API (FastAPI). Build it with :func:`api.main.create_app`.

The API stores uploads and call rows and enqueues work by task name; it
never imports the workers or any ML library (see tests/api/test_imports.py).
"""
