"""Signed, expiring, single-use tokens for links sent by mail.

Each token names the state it was issued for (the address to verify, a fingerprint of the password to
reset, the address to change from); once that state changes, the token no longer fits and is refused.
"""

import hashlib
from enum import Enum

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from participation.accounts.models import User


class TokenPurpose(str, Enum):
    VERIFY_EMAIL = "verify-email"
    RESET_PASSWORD = "reset-password"
    CHANGE_EMAIL = "change-email"
    UNSUBSCRIBE = "unsubscribe"  # notification mails: one-click unsubscribe, reusable


class TokenError(ValueError):
    """The token is forged or damaged, expired, or already used."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "invalid" | "expired" | "used"


def password_fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def issue_token(secret_key: str, purpose: TokenPurpose, payload: dict) -> str:
    return URLSafeTimedSerializer(secret_key, salt=purpose.value).dumps(payload)


def read_token(secret_key: str, purpose: TokenPurpose, token: str, max_age_seconds: int) -> dict:
    serializer = URLSafeTimedSerializer(secret_key, salt=purpose.value)
    try:
        payload = serializer.loads(token, max_age=max_age_seconds)
    except SignatureExpired as error:
        raise TokenError("expired") from error
    except BadSignature as error:
        raise TokenError("invalid") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("user"), int):
        raise TokenError("invalid")
    return payload
