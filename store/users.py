"""Users, their API keys, what they may see, and the audit log.

A key is ``cb_`` + 43 random URL-safe characters (256 bits). Only its
sha256 is stored: keys are random, so a slow password hash adds nothing,
and authentication stays a single index lookup.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.db import Database
from store.models import AuditEntry, Call, Role, User, utcnow
from store.search import Scope

KEY_PREFIX = "cb_"


class UserError(ValueError):
    pass


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_user(db: Database, name: str, role: str, team: str | None = None) -> tuple[User, str]:
    """Create a user; returns it and its API key (shown once, stored hashed)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise UserError("a user name is 1 to 100 characters")
    if role not in Role.ALL:
        raise UserError(f"role must be one of {', '.join(Role.ALL)}")
    key = generate_key()
    user = User(
        name=name, role=role, team=team, key_hash=hash_key(key), key_prefix=key[:8],
        disabled=False, created_at=utcnow(),
    )
    try:
        with db.transaction() as session:
            session.add(user)
    except IntegrityError as exc:
        raise UserError(f"a user named {name!r} already exists") from exc
    return user, key


def rotate_key(db: Database, name: str) -> str:
    """A new key for the user (the old one stops working). A disabled user
    stays disabled: enabling is its own, deliberate step."""
    key = generate_key()
    with db.transaction() as session:
        user = session.scalars(select(User).where(User.name == name)).first()
        if user is None:
            raise UserError(f"no user named {name!r}")
        user.key_hash = hash_key(key)
        user.key_prefix = key[:8]
    return key


def set_disabled(db: Database, name: str, disabled: bool) -> None:
    with db.transaction() as session:
        user = session.scalars(select(User).where(User.name == name)).first()
        if user is None:
            raise UserError(f"no user named {name!r}")
        user.disabled = disabled


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def get_user(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == name)).first()


def authenticate(session: Session, key: str) -> User | None:
    if not key.startswith(KEY_PREFIX):
        return None
    user = session.scalars(select(User).where(User.key_hash == hash_key(key))).first()
    if user is None or user.disabled:
        return None
    return user


def scope_for(user: User) -> Scope:
    """Agents see their own calls, supervisors their team's (a supervisor
    without a team: the calls that have no team), admins all."""
    if user.role == Role.ADMIN:
        return Scope.everything()
    if user.role == Role.SUPERVISOR:
        return Scope(team=user.team) if user.team else Scope(teamless=True)
    if user.role == Role.AGENT:
        return Scope(agent_id=user.name)
    return Scope(nothing=True)


def can_see(user: User, call: Call) -> bool:
    scope = scope_for(user)
    if scope.nothing:
        return False
    if scope.agent_id is not None and call.agent_id != scope.agent_id:
        return False
    if scope.team is not None and call.team != scope.team:
        return False
    if scope.teamless and call.team:
        return False
    return True


def record_access(session: Session, user: User, action: str, call_id: str | None = None, detail: str | None = None) -> None:
    """One audit-log line; the caller's transaction commits it."""
    session.add(
        AuditEntry(at=utcnow(), user_id=user.id, user_name=user.name, call_id=call_id, action=action, detail=detail)
    )


def audit_entries(session: Session, call_id: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.call_id == call_id).order_by(AuditEntry.id)))
