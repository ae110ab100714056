"""Browser sessions of the web pages, interface preferences, and the site
settings the web pages may change at run time.

A session id is 256 random bits; the browser keeps it in a cookie and only
its sha256 is stored. A session ends when it expires, on log out, or as
soon as its user's key changes (rotated) or the user is disabled: the
session remembers the key hash it was opened with and is checked against
the user row on every request, whichever way the key was rotated.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from store.models import SiteConfig, UiPreference, UiSession, User, utcnow

LANGUAGES = ("en", "ko")


@dataclass(frozen=True)
class SiteSetting:
    """A setting the web pages may change while the service runs."""

    key: str
    default: int | str
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = 0

    def parse(self, raw: str) -> int | str:
        """The stored value, or :class:`ValueError` naming what is allowed."""
        if self.choices:
            if raw not in self.choices:
                raise ValueError(f"{self.key} must be one of {', '.join(self.choices)}")
            return raw
        try:
            value = int(raw)
        except ValueError as exc:
            raise ValueError(f"{self.key} must be a whole number") from exc
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"{self.key} must be between {self.minimum} and {self.maximum}")
        return value


SITE_SETTINGS = (
    SiteSetting("ui_session_hours", 12, minimum=1, maximum=24 * 30),
    SiteSetting("ui_default_language", "en", choices=LANGUAGES),
    SiteSetting("ui_page_size", 50, minimum=10, maximum=200),
)
_SETTING_KEYS = {s.key: s for s in SITE_SETTINGS}


@dataclass(frozen=True)
class ActiveSession:
    user: User
    csrf_token: str
    language: str


def hash_session_id(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def site_settings(session: Session) -> dict[str, int | str]:
    stored = {
        row.key: row.value
        for row in session.scalars(select(SiteConfig).where(SiteConfig.key.in_(list(_SETTING_KEYS))))
    }
    values: dict[str, int | str] = {}
    for setting in SITE_SETTINGS:
        try:
            values[setting.key] = setting.parse(stored[setting.key]) if setting.key in stored else setting.default
        except ValueError:
            values[setting.key] = setting.default
    return values


def set_site_setting(session: Session, key: str, raw: str) -> None:
    setting = _SETTING_KEYS.get(key)
    if setting is None:
        raise ValueError(f"{key} is not a setting that can be changed here")
    value = str(setting.parse(raw.strip()))
    row = session.get(SiteConfig, key)
    if row is None:
        session.add(SiteConfig(key=key, value=value))
    else:
        row.value = value


def open_session(session: Session, user: User) -> str:
    """A new session for ``user``; returns the id the browser keeps."""
    hours = int(site_settings(session)["ui_session_hours"])
    session_id = secrets.token_urlsafe(32)
    now = utcnow()
    # Sessions that ended more than a day ago are of no use to anyone.
    session.execute(delete(UiSession).where(UiSession.expires_at < now - timedelta(days=1)))
    session.add(
        UiSession(
            id_hash=hash_session_id(session_id), user_id=user.id, key_hash=user.key_hash,
            csrf_token=secrets.token_urlsafe(32), created_at=now, expires_at=now + timedelta(hours=hours),
        )
    )
    return session_id


def resolve_session(session: Session, session_id: str) -> ActiveSession | None:
    row = session.get(UiSession, hash_session_id(session_id))
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled or user.key_hash != row.key_hash:
        return None
    return ActiveSession(user=user, csrf_token=row.csrf_token, language=language_of(session, user))


def revoke_session(session: Session, session_id: str) -> None:
    session.execute(
        update(UiSession)
        .where(UiSession.id_hash == hash_session_id(session_id), UiSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_user_sessions(session: Session, user_id: int) -> None:
    session.execute(
        update(UiSession).where(UiSession.user_id == user_id, UiSession.revoked_at.is_(None)).values(revoked_at=utcnow())
    )


def language_of(session: Session, user: User) -> str:
    pref = session.get(UiPreference, user.id)
    if pref is not None and pref.language in LANGUAGES:
        return pref.language
    return str(site_settings(session)["ui_default_language"])


def set_language(session: Session, user: User, language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    pref = session.get(UiPreference, user.id)
    if pref is None:
        session.add(UiPreference(user_id=user.id, language=language))
    else:
        pref.language = language
