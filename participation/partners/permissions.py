"""Who may do what with partner organisations. Predicates take the acting user (anonymous users included)."""

from participation.accounts.permissions import is_admin


def may_manage_partners(user) -> bool:
    """Create, change and delete partner organisations and their member lists: administrators only."""
    return is_admin(user)
