"""Who may do what with accounts. Each predicate takes the acting user (anonymous users included)."""

from participation.accounts.models import Role


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.ADMIN))


def may_manage_roles(user) -> bool:
    return is_admin(user)


def is_moderator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.MODERATOR, Role.ADMIN))


def may_take_part(user) -> bool:
    """Signed in with a confirmed address and not blocked: may propose, support, comment and follow."""
    return bool(user.is_authenticated and user.is_active and user.is_verified)


def is_staff(user) -> bool:
    """Administration staff (admins count as staff): owns measures, reviews and papers."""
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.STAFF, Role.ADMIN))
