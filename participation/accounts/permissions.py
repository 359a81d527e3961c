"""Who may do what with accounts. Each predicate takes the acting user (anonymous users included)."""

from participation.accounts.models import Role


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.ADMIN))


def may_manage_roles(user) -> bool:
    return is_admin(user)
