"""Persistence shared by the API and the workers: the call log.

    db        Database: engine, sessions, migrations run at start-up
    models    SQLAlchemy tables: users, calls, call_results, audit_log,
              worker_heartbeats, stage_totals/stage_buckets, site_config
    calls     create (idempotent), the atomic claim, progress, results, delete
    search    filters + full-text search (PostgreSQL tsvector, SQLite FTS5)
    reports   aggregates over the same filters
    users     API keys (stored hashed), roles, the audit log
    workers   heartbeats, stage-duration statistics, site secrets
    audio     audio files on local or shared disk, written durably

Nothing here imports an ML library: the API process stays light.
"""
