"""Creating accounts, their passwords, profiles and roles. Services flush; the caller commits."""

from sqlmodel import Session, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from participation.accounts.models import Role, RoleGrant, User
from participation.audit.services import record
from participation.db import utcnow

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 1024  # long passphrases are welcome; beyond this only hashing cost grows
DISPLAY_NAME_MAX_LENGTH = 80

# Compared against when an e-mail is unknown, so a failed login takes as long either way.
# werkzeug's scrypt (n=2^15). Each hash names its parameters, so hashes made with other settings still check.
PASSWORD_HASH_METHOD = "scrypt"
_UNUSABLE_PASSWORD_HASH = generate_password_hash("unusable password", method=PASSWORD_HASH_METHOD)


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise AccountError(f"password must have {PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters")
    return generate_password_hash(password, method=PASSWORD_HASH_METHOD)


def password_matches(user: User | None, password: str) -> bool:
    if user is None:
        check_password_hash(_UNUSABLE_PASSWORD_HASH, password)
        return False
    return check_password_hash(user.password_hash, password)


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def create_user(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: str,
    roles: set[Role] = frozenset(),
    district_id: int | None = None,
    locale: str = "de",
    verified: bool = False,
) -> User:
    """A new account; every account is a resident, plus `roles`.

    Raises AccountError if the e-mail is taken, the name is empty or the password too short or long.
    """
    email = normalise_email(email)
    display_name = display_name.strip()
    if not display_name or len(display_name) > DISPLAY_NAME_MAX_LENGTH:
        raise AccountError("display name must have 1 to 80 characters")
    if find_user_by_email(session, email) is not None:
        raise AccountError(f"an account with the e-mail {email} exists")
    now = utcnow()
    user = User(
        email=email, display_name=display_name, password_hash=hash_password(password), district_id=district_id,
        locale=locale, privacy_consent_at=now, email_verified_at=now if verified else None,
    )
    user.role_grants = [RoleGrant(role=role.value) for role in {Role.RESIDENT, *roles}]
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    session.add(user)
    session.flush()


def update_profile(session: Session, user: User, *, display_name: str, district_id: int | None, locale: str) -> None:
    user.display_name = display_name.strip()
    user.district_id = district_id
    user.locale = locale
    session.add(user)
    session.flush()


def set_roles(session: Session, actor: User, user: User, roles: set[Role], reason: str) -> bool:
    """Grant and revoke so that `user` holds exactly `roles`; audited with the reason.

    Raises AccountError when an admin would take the admin role from themselves (nobody could give it back)
    or when the reason is missing. Returns False if nothing changed.
    """
    before = user.roles
    if before == roles:
        return False
    if not reason.strip():
        raise AccountError("a reason is required")
    if actor.id == user.id and Role.ADMIN in before and Role.ADMIN not in roles:
        raise AccountError("admins cannot revoke their own admin role")
    user.role_grants = [grant for grant in user.role_grants if Role(grant.role) in roles]
    user.role_grants.extend(RoleGrant(role=role.value) for role in roles - before)
    session.add(user)
    session.flush()
    record(
        session, actor, "user.roles_changed", object_type="user", object_id=user.id,
        object_label=user.display_name, before={"roles": sorted(r.value for r in before)},
        after={"roles": sorted(r.value for r in roles)}, reason=reason,
    )
    return True


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()
