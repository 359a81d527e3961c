"""Login sessions: Flask-Login keeps a random token per signed-in browser; the database decides if it is valid."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from participation.accounts.models import User
from participation.auth.models import LoginSession
from participation.db import get_session, utcnow


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_login_session(session: Session, user: User, lifetime: timedelta, remember: bool) -> str:
    """A new session for `user`; returns the token the browser keeps. Drops the user's expired sessions."""
    now = utcnow()
    session.exec(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(user_id=user.id, token_hash=_token_hash(token), expires_at=now + lifetime,
                             remember=remember))
    session.flush()
    user._login_session_token = token
    return token


def find_user_by_session_token(session: Session, token: str, now: datetime) -> User | None:
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == _token_hash(token))).first()
    if row is None or row.expires_at <= now:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    user._login_session_token = token
    return user


def load_user_from_session_token(token: str) -> User | None:
    """Flask-Login's user loader, for the session cookie and the remember cookie alike."""
    return find_user_by_session_token(get_session(), token, utcnow())


def end_login_session(session: Session, token: str) -> None:
    session.exec(delete(LoginSession).where(LoginSession.token_hash == _token_hash(token)))
    session.flush()


def end_other_login_sessions(session: Session, user: User, keep_token: str | None = None) -> None:
    """Sign `user` out everywhere, except in the browser holding `keep_token`."""
    statement = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_token:
        statement = statement.where(col(LoginSession.token_hash) != _token_hash(keep_token))
    session.exec(statement)
    session.flush()
