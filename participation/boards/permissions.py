"""Who may do what with boards and meetings. Predicates take the acting user (anonymous users included) and, where
the answer depends on a seat on the board, the user's current membership of it (None: no seat)."""

from participation.accounts.permissions import is_admin, is_moderator, is_staff
from participation.boards.models import Meeting, MemberRole, Membership

# Seats whose holders run the board's meetings, besides the secretary.
CHAIR_ROLES = frozenset({MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR})


def may_manage_boards(user) -> bool:
    """Create and change boards and their memberships."""
    return is_admin(user)


def may_run_meetings(user, membership: Membership | None) -> bool:
    """Plan, change and cancel the board's meetings: its chair, deputy chair or secretary, and admins."""
    if is_admin(user):
        return True
    return bool(user.is_authenticated and user.is_active and membership is not None
                and (membership.role_enum in CHAIR_ROLES or membership.is_secretary))


def may_see_internals(user, membership: Membership | None) -> bool:
    """Non-public meetings and items: the board's members and the administration."""
    return is_staff(user) or bool(user.is_authenticated and user.is_active and membership is not None)


def may_view_meeting(user, meeting: Meeting, membership: Membership | None) -> bool:
    return meeting.is_public or may_see_internals(user, membership)


def may_route_ideas(user) -> bool:
    """Put residents' ideas on a coming meeting's agenda: the moderators, who route ideas (design §3)."""
    return is_moderator(user)
