"""QA scoring in the workers: after each call's summary, and re-score jobs.

The rule set in force is the newest stored version (``callbrief rules
load``, ``PUT /v1/rules``), or the built-in default while none was stored.
It is compiled once per process and version. A rule set that cannot be
loaded never fails a call: the call is stored with its QA ``pending`` and a
note saying why, and a re-score job scores it once the rules load again
(the requeue check starts one by itself).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from pipeline.errors import CallbriefError
from pipeline.qa import Matcher, QaCall, from_serialized, load_default, parse_rules, score_call
from pipeline.qa.call import compact, from_compact
from pipeline.types import QaResult, to_jsonable
from store import qa as store_qa
from store.db import Database
from store.models import QaStatus

log = logging.getLogger(__name__)


class RulesUnavailable(Exception):
    """The rule set in force could not be read or compiled."""

    def __init__(self, version: int | None, reason: str) -> None:
        super().__init__(reason)
        self.version = version
        self.reason = reason


@dataclass(frozen=True)
class LoadedRules:
    version: int
    matcher: Matcher


class RuleCache:
    """The compiled rule set in force, rebuilt when a new version is stored."""

    def __init__(self) -> None:
        self._loaded: LoadedRules | None = None
        self._failed: RulesUnavailable | None = None  # the version that did not load, not tried again
        self._lock = threading.Lock()

    def get(self, db: Database) -> LoadedRules:
        try:
            with db.session() as session:
                version = store_qa.current_version(session)
                if self._loaded is not None and self._loaded.version == version:
                    return self._loaded
                if self._failed is not None and self._failed.version == version:
                    raise RulesUnavailable(version, self._failed.reason)
                row = store_qa.get_rule_set(session, version) if version else None
                body = row.body if row is not None else None
        except RulesUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - reported as a pending score, never as a failed call
            raise RulesUnavailable(None, f"the rule set could not be read ({type(exc).__name__})") from exc
        try:
            rules = parse_rules(body) if body is not None else load_default()
            loaded = LoadedRules(version, Matcher(rules))
        except Exception as exc:  # noqa: BLE001 - as above
            reason = (
                f"[{exc.code}] {exc.message}" if isinstance(exc, CallbriefError)
                else f"the rule set could not be compiled ({type(exc).__name__})"
            )
            failed = RulesUnavailable(version, reason)
            with self._lock:
                self._failed = failed
            raise failed from exc
        with self._lock:
            self._loaded, self._failed = loaded, None
        return loaded


rule_cache = RuleCache()


def record_of(call_id: str, version: int, result: QaResult, view: QaCall | None = None) -> store_qa.QaRecord:
    """``view``: also store the compact input (when it is not stored yet)."""
    return store_qa.QaRecord(
        call_id=call_id,
        status=QaStatus.SCORED,
        rule_set_version=version,
        score=result.score,
        result_json=json.dumps(to_jsonable(result), ensure_ascii=False),
        input_json=json.dumps(compact(view), ensure_ascii=False) if view is not None else None,
        categories=tuple(c.id for c in result.categories),
        failed=result.failed,
    )


def pending_record(call_id: str, problem: RulesUnavailable, view: QaCall | None = None) -> store_qa.QaRecord:
    which = f"version {problem.version}" if problem.version else "the rule set"
    return store_qa.QaRecord(
        call_id=call_id,
        status=QaStatus.PENDING,
        rule_set_version=problem.version,
        input_json=json.dumps(compact(view), ensure_ascii=False) if view is not None else None,
        note=f"not scored yet: {which} could not be loaded: {problem.reason}; "
        "the call is scored when the rules load again",
    )


def score_for_call(db: Database, call_id: str, serialized: dict[str, Any]) -> store_qa.QaRecord:
    """The QA record of a call just processed (``CallResult.serialize()``); never raises."""
    try:
        view = from_serialized(serialized)
    except Exception as exc:  # noqa: BLE001 - a QA bug must not fail the call
        log.error("QA input of call %s could not be read: %s", call_id, type(exc).__name__)
        return pending_record(call_id, RulesUnavailable(None, f"the result could not be read ({type(exc).__name__})"))
    try:
        loaded = rule_cache.get(db)
    except RulesUnavailable as exc:
        log.warning("QA rules could not be loaded; call %s is scored later: %s", call_id, exc.reason)
        return pending_record(call_id, exc, view)
    try:
        return record_of(call_id, loaded.version, score_call(loaded.matcher, view), view)
    except Exception as exc:  # noqa: BLE001 - a QA bug must not fail the call
        log.error("QA scoring of call %s failed: %s", call_id, type(exc).__name__)
        log.debug("QA scoring failure details", exc_info=exc)
        return pending_record(call_id, RulesUnavailable(loaded.version, f"scoring failed ({type(exc).__name__})"), view)


# --- re-score jobs -------------------------------------------------------------


class JobOutcome:
    DONE = "done"
    SKIPPED = "skipped"  # held by another live worker, finished, or missing
    LOST = "lost"  # taken over by another worker mid-way


def run_job(db: Database, job_id: str, owner: str, *, lease_s: float, chunk: int) -> str:
    """Score the job's calls chunk by chunk from its cursor to the end."""
    if not store_qa.claim_job(db, job_id, owner, lease_s):
        log.info("QA job %s not run here (finished, missing, or held by a live worker)", job_id)
        return JobOutcome.SKIPPED
    try:
        loaded = rule_cache.get(db)
    except RulesUnavailable as exc:
        store_qa.finish_job(db, job_id, owner, error=f"the rule set could not be loaded: {exc.reason}")
        log.error("QA job %s failed: the rule set could not be loaded", job_id)
        return JobOutcome.DONE
    started = time.monotonic()
    scored = 0
    while True:
        stored = store_qa.next_chunk(db, job_id, chunk)
        if not stored:
            break
        records = [rescore(loaded, call) for call in stored]
        if not store_qa.commit_chunk(db, job_id, owner, records, stored[-1].id, lease_s):
            log.warning("QA job %s was taken over by another worker", job_id)
            return JobOutcome.LOST
        scored += len(records)
    store_qa.finish_job(db, job_id, owner)
    log.info("QA job %s done: %d calls in %.1f s", job_id, scored, time.monotonic() - started)
    return JobOutcome.DONE


def rescore(loaded: LoadedRules, call: store_qa.StoredCall) -> store_qa.QaRecord:
    """One stored call scored again: from its compact input, or (a call stored
    before QA existed) from its whole result, keeping the compact input then."""
    try:
        if call.input_json is not None:
            return record_of(call.id, loaded.version, score_call(loaded.matcher, from_compact(json.loads(call.input_json))))
        if call.result_json is None:
            raise ValueError("no stored result")
        view = from_serialized(json.loads(call.result_json))
        return record_of(call.id, loaded.version, score_call(loaded.matcher, view), view)
    except Exception as exc:  # noqa: BLE001 - one unreadable result must not stop the job
        log.warning("QA re-score of call %s failed: %s", call.id, type(exc).__name__)
        return pending_record(call.id, RulesUnavailable(loaded.version, f"scoring failed ({type(exc).__name__})"))


def pending_exists(db: Database) -> bool:
    with db.session() as session:
        return store_qa.pending_count(session) > 0
