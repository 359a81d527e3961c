"""Registration, e-mail verification, sign-in, password reset, and changing password or e-mail.

Services flush and never commit; mails are sent by the route after the commit.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from participation.accounts.models import User
from participation.accounts.services import (
    AccountError,
    create_user,
    find_user_by_email,
    hash_password,
    normalise_email,
    password_matches,
    set_password,
)
from participation.auth.sessions import end_other_login_sessions
from participation.auth.tokens import TokenError, TokenPurpose, issue_token, password_fingerprint, read_token
from participation.db import utcnow


@dataclass(frozen=True)
class TokenSettings:
    secret_key: str
    email_max_age: timedelta
    reset_max_age: timedelta


@dataclass(frozen=True)
class Registration:
    """What a registration led to: a new account to verify, or an existing one whose owner is told."""

    user: User
    is_new: bool


def register(
    session: Session, *, email: str, display_name: str, password: str, district_id: int | None, locale: str
) -> Registration:
    """Create an unverified resident account; for a taken e-mail, return the existing account instead.

    The caller answers both cases alike, so the form does not reveal which addresses have accounts.
    """
    existing = find_user_by_email(session, email)
    if existing is not None:
        hash_password(password)  # as slow as a new registration, so timing reveals nothing either
        return Registration(existing, is_new=False)
    user = create_user(session, email=email, display_name=display_name, password=password,
                       district_id=district_id, locale=locale)
    return Registration(user, is_new=True)


def verification_token(settings: TokenSettings, user: User) -> str:
    return issue_token(settings.secret_key, TokenPurpose.VERIFY_EMAIL, {"user": user.id, "email": user.email})


def user_for_verification_token(session: Session, settings: TokenSettings, token: str) -> User:
    """The account a verification link is for. Raises TokenError for a forged, expired or used token."""
    payload = read_token(settings.secret_key, TokenPurpose.VERIFY_EMAIL, token,
                         int(settings.email_max_age.total_seconds()))
    user = session.get(User, payload["user"])
    if user is None or user.email != payload.get("email"):
        raise TokenError("invalid")
    if user.is_verified:
        raise TokenError("used")
    return user


def verify_email(session: Session, settings: TokenSettings, token: str) -> User:
    """Mark the address as verified. Raises TokenError for a forged, expired or used token."""
    user = user_for_verification_token(session, settings, token)
    user.email_verified_at = utcnow()
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The account for these credentials, or None. Unverified and blocked accounts are refused by the caller."""
    user = find_user_by_email(session, email)
    return user if password_matches(user, password) else None


def reset_token(settings: TokenSettings, user: User) -> str:
    return issue_token(settings.secret_key, TokenPurpose.RESET_PASSWORD,
                       {"user": user.id, "password": password_fingerprint(user)})


def user_for_reset_token(session: Session, settings: TokenSettings, token: str) -> User:
    """The account a reset link is for. Raises TokenError for a forged, expired or used token."""
    payload = read_token(settings.secret_key, TokenPurpose.RESET_PASSWORD, token,
                         int(settings.reset_max_age.total_seconds()))
    user = session.get(User, payload["user"])
    if user is None:
        raise TokenError("invalid")
    if payload.get("password") != password_fingerprint(user):
        raise TokenError("used")
    return user


def reset_password(session: Session, settings: TokenSettings, token: str, new_password: str) -> User:
    """Set a new password through a mailed link; signs the account out everywhere.

    A reset also proves the address, so an unverified account becomes verified.
    """
    user = user_for_reset_token(session, settings, token)
    set_password(session, user, new_password)
    if not user.is_verified:
        user.email_verified_at = utcnow()
    end_other_login_sessions(session, user)
    return user


def change_password(session: Session, user: User, current_password: str, new_password: str) -> None:
    """Raises AccountError if the current password is wrong. Other browsers are signed out."""
    if not password_matches(user, current_password):
        raise AccountError("current password is wrong")
    set_password(session, user, new_password)
    end_other_login_sessions(session, user, keep_token=user.get_id())


def email_change_token(settings: TokenSettings, user: User, new_email: str) -> str:
    return issue_token(settings.secret_key, TokenPurpose.CHANGE_EMAIL,
                       {"user": user.id, "old": user.email, "new": normalise_email(new_email)})


def request_email_change(session: Session, user: User, password: str, new_email: str) -> bool:
    """Check the password; True if the new address is free and a confirmation link should go there.

    Raises AccountError if the password is wrong.
    """
    if not password_matches(user, password):
        raise AccountError("current password is wrong")
    return find_user_by_email(session, new_email) is None


def email_change_for_token(session: Session, settings: TokenSettings, token: str) -> tuple[User, str]:
    """The account and new address a confirmation link is for.

    Raises TokenError for a forged, expired or used token, or an address taken meanwhile.
    """
    payload = read_token(settings.secret_key, TokenPurpose.CHANGE_EMAIL, token,
                         int(settings.email_max_age.total_seconds()))
    user = session.get(User, payload["user"])
    if user is None or not isinstance(payload.get("new"), str):
        raise TokenError("invalid")
    if user.email != payload.get("old"):
        raise TokenError("used")
    if find_user_by_email(session, payload["new"]) is not None:
        raise TokenError("used")
    return user, payload["new"]


def confirm_email_change(session: Session, settings: TokenSettings, token: str) -> User:
    """Switch to the new address. Raises TokenError as email_change_for_token does."""
    user, new_email = email_change_for_token(session, settings, token)
    user.email = new_email
    user.email_verified_at = utcnow()
    session.add(user)
    session.flush()
    return user
