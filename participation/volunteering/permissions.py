"""Who may do what with volunteer projects, their shifts and sign-ups. Predicates take the acting user
(anonymous users included)."""

from participation.accounts.models import Role
from participation.accounts.permissions import is_admin, may_take_part
from participation.ideas.models import IdeaStatus
from participation.ideas.permissions import is_public as idea_is_public

# Ideas that ended without a future of their own do not grow into projects (a merged one lives on elsewhere).
CLOSED_IDEA_STATUSES = (IdeaStatus.REJECTED.value, IdeaStatus.MERGED.value, IdeaStatus.DECLINED.value)


def may_start_projects(user) -> bool:
    """Coordinators of partner organisations and the administration's staff start projects."""
    return bool(user.is_authenticated and user.is_active and user.is_verified
                and user.has_role(Role.PARTNER_COORDINATOR, Role.STAFF, Role.ADMIN))


def may_coordinate(user, coordinator_ids) -> bool:
    """Edit a project, its tasks and shifts, see who signed up and confirm attendance: the project's
    coordinators (`coordinator_ids`), and administrators."""
    return is_admin(user) or bool(user.is_authenticated and user.is_active and user.id in coordinator_ids)


def may_become_coordinator(user) -> bool:
    """Who can be named coordinator of a project."""
    return bool(user.is_active and user.has_role(Role.PARTNER_COORDINATOR, Role.STAFF, Role.ADMIN))


def may_volunteer(user) -> bool:
    return may_take_part(user)


def may_grow_into_project(user, idea) -> bool:
    """Start a project from an idea: whoever may start projects, from an idea everyone can see that is still open."""
    return may_start_projects(user) and idea_is_public(idea) and idea.status not in CLOSED_IDEA_STATUSES
