"""Browser sessions: opened for a user, ended by log out, expiry, key rotation or disabling."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import ui_sessions, users
from store.db import Database
from store.models import UiSession, utcnow


def opened(db: Database, name: str) -> str:
    users.create_user(db, name, "agent", "billing")
    with db.transaction() as session:
        return ui_sessions.open_session(session, users.get_user(session, name))


def active(db: Database, session_id: str) -> bool:
    with db.session() as session:
        return ui_sessions.resolve_session(session, session_id) is not None


def test_a_session_ends_on_log_out_rotation_disabling_and_expiry(db: Database) -> None:
    ann, bob, cyd, dee = (opened(db, n) for n in ("ann", "bob", "cyd", "dee"))
    assert all(active(db, s) for s in (ann, bob, cyd, dee))
    with db.session() as session:
        stored = session.get(UiSession, ui_sessions.hash_session_id(ann))
        assert stored is not None and ann not in (stored.id_hash, stored.csrf_token)
    with db.transaction() as session:
        ui_sessions.revoke_session(session, ann)
    users.rotate_key(db, "bob")
    users.set_disabled(db, "cyd", True)
    with db.transaction() as session:
        session.get(UiSession, ui_sessions.hash_session_id(dee)).expires_at = utcnow() - timedelta(seconds=1)
    assert not any(active(db, s) for s in (ann, bob, cyd, dee))
    users.set_disabled(db, "cyd", False)
    assert active(db, cyd)  # enabled again: the same key, the session is good again
    assert not active(db, "made-up")


def test_language_and_site_settings(db: Database) -> None:
    session_id = opened(db, "kim")
    with db.transaction() as session:
        kim = users.get_user(session, "kim")
        assert ui_sessions.language_of(session, kim) == "en"
        ui_sessions.set_site_setting(session, "ui_default_language", "ko")
    with db.transaction() as session:
        assert ui_sessions.resolve_session(session, session_id).language == "ko"
        ui_sessions.set_language(session, users.get_user(session, "kim"), "en")
        with pytest.raises(ValueError, match="between 1 and 720"):
            ui_sessions.set_site_setting(session, "ui_session_hours", "0")
        with pytest.raises(ValueError, match="not a setting"):
            ui_sessions.set_site_setting(session, "database_url", "x")
    with db.session() as session:
        assert ui_sessions.resolve_session(session, session_id).language == "en"
        assert ui_sessions.site_settings(session)["ui_session_hours"] == 12
