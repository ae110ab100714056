"""``callbrief rules``: the QA rule set (check, load, show, versions) and re-scores.

    callbrief rules check FILE              check a rule file; nothing is stored
    callbrief rules load FILE [--comment] [--rescore [--since DATE]]
                                            store it as the new version in force
    callbrief rules show [--version N]      print the rule set in force (YAML)
    callbrief rules versions                list the stored versions
    callbrief rules rescore [--since DATE]  re-score stored calls (a background job
                                            on the workers); --wait follows it
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

from pipeline.errors import ErrorCode, InputError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("rules", help="QA rules and scorecards: check, load, show, re-score calls")
    rules_sub = parser.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    check = rules_sub.add_parser("check", help="check a rule file (YAML); nothing is stored")
    check.add_argument("file", type=Path)
    check.set_defaults(func=run_check)
    load = rules_sub.add_parser("load", help="store a rule file as the new version in force")
    load.add_argument("file", type=Path)
    load.add_argument("--comment", help="why it changed (kept with the version)")
    load.add_argument("--rescore", action="store_true", help="also re-score the stored calls (see rescore)")
    load.add_argument("--since", type=_day, help="with --rescore: only calls uploaded on or after this UTC day")
    load.set_defaults(func=run_load, wait=False)
    show = rules_sub.add_parser("show", help="print the rule set in force (or --version N)")
    show.add_argument("--version", type=int)
    show.set_defaults(func=run_show)
    rules_sub.add_parser("versions", help="list the stored versions").set_defaults(func=run_versions)
    rescore = rules_sub.add_parser("rescore", help="re-score stored calls with the rule set in force")
    rescore.add_argument("--since", type=_day, help="only calls uploaded on or after this UTC day (YYYY-MM-DD)")
    rescore.add_argument("--wait", action="store_true", help="print progress until the job is done")
    rescore.set_defaults(func=run_rescore)
    status = rules_sub.add_parser("status", help="progress of a re-score job")
    status.add_argument("job_id")
    status.set_defaults(func=run_status)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the rule file ({exc})", code=ErrorCode.BAD_RULES) from exc


def _database():  # noqa: ANN202 - store.db.Database, imported lazily
    from store.db import Database
    from store.settings import get_settings

    db = Database(get_settings().resolved_database_url)
    db.migrate()
    return db


def run_check(args: argparse.Namespace) -> int:
    from pipeline.qa import parse_rules

    rules = parse_rules(_read(args.file))
    items = sum(len(c.items) for c in rules.scorecards)
    print(f"{args.file}: ok: {len(rules.rules)} rules, {len(rules.scorecards)} scorecard(s) with {items} items, "
          f"{len(rules.categories)} categories")
    return 0


def run_load(args: argparse.Namespace) -> int:
    from pipeline.qa import parse_rules
    from store import qa as store_qa

    body = _read(args.file)
    rules = parse_rules(body)
    db = _database()
    with db.transaction() as session:
        version = store_qa.save_rule_set(session, body, rules.name, "cli", args.comment)
    print(f"rule set version {version} is in force; new calls are scored with it.")
    if args.rescore:
        return run_rescore(args)
    print("To score stored calls again: callbrief rules rescore")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from pipeline.qa.load import default_rules_text
    from store import qa as store_qa

    db = _database()
    with db.session() as session:
        row = store_qa.get_rule_set(session, args.version) if args.version else store_qa.current_rule_set(session)
    if row is None and args.version:
        raise InputError(f"no rule set version {args.version}", code=ErrorCode.BAD_OPTION)
    sys.stdout.write(row.body if row is not None else default_rules_text())
    return 0


def run_versions(_args: argparse.Namespace) -> int:
    from store import qa as store_qa

    db = _database()
    with db.session() as session:
        rows = store_qa.rule_set_versions(session)
    if not rows:
        print("no rule set stored: the built-in default rules are in force (version 0)")
    for r in rows:
        print(f"{r.version}\t{r.created_at:%Y-%m-%d %H:%M}\t{r.created_by or '-'}\t{r.name}\t{r.comment or ''}")
    return 0


def run_rescore(args: argparse.Namespace) -> int:
    from api.queue import RESCORE_QA_TASK, CeleryEnqueuer
    from store import qa as store_qa
    from store.settings import get_settings

    settings = get_settings()
    db = _database()
    since = datetime.combine(args.since, datetime.min.time(), tzinfo=timezone.utc) if args.since else None
    job = store_qa.create_job(db, since, "cli")
    enqueuer = CeleryEnqueuer(settings.resolved_broker_url, settings.task_queue)
    for slice_id in store_qa.slice_ids(db, job.id):
        try:
            enqueuer.send(RESCORE_QA_TASK, slice_id)
        except Exception as exc:  # noqa: BLE001 - a worker's requeue check sends it later
            print(f"callbrief: broker unavailable ({type(exc).__name__}); a worker starts the job when it can",
                  file=sys.stderr)
            break
        store_qa.mark_job_enqueued(db, slice_id)
    print(f"re-score job {job.id}: {job.total} calls")
    if args.wait:
        return _follow(db, job.id)
    return 0


def run_status(args: argparse.Namespace) -> int:
    from store import qa as store_qa

    job = store_qa.get_job(_database(), args.job_id)
    if job is None:
        raise InputError(f"no re-score job {args.job_id}", code=ErrorCode.BAD_OPTION)
    print(f"{job.id} {job.status} {job.progress}% ({job.done}/{job.total})" + (f" error: {job.error}" if job.error else ""))
    return 0 if job.status != "failed" else 4


def _follow(db, job_id: str) -> int:  # noqa: ANN001 - store.db.Database
    from store import qa as store_qa

    last = None
    while True:
        job = store_qa.get_job(db, job_id)
        assert job is not None
        line = f"{job.status} {job.progress}% ({job.done}/{job.total})"
        if line != last:
            print(line, file=sys.stderr, flush=True)
            last = line
        if job.status in ("done", "failed"):
            return 0 if job.status == "done" else 4
        time.sleep(1.0)
