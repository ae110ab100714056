"""Users and keys: a new key replaces the old one and leaves the user's state alone."""

from __future__ import annotations

from store import users
from store.db import Database


def test_rotating_a_disabled_users_key_keeps_the_user_disabled(db: Database) -> None:
    _user, old_key = users.create_user(db, "ann", "agent", "billing")
    users.set_disabled(db, "ann", True)
    new_key = users.rotate_key(db, "ann")
    with db.session() as session:
        assert users.authenticate(session, new_key) is None
        assert users.authenticate(session, old_key) is None
        assert users.get_user(session, "ann").disabled  # type: ignore[union-attr]
    users.set_disabled(db, "ann", False)
    with db.session() as session:
        assert users.authenticate(session, new_key) is not None
        assert users.authenticate(session, old_key) is None
