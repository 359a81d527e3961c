"""Who may do what in a project's coordination space. Each predicate takes the acting user (anonymous users
included) and their `Standing` in that project's space, as `queries.standing` reads it.

Members are the project's coordinators, the members of its partner organisation and the volunteers a
coordinator added. Nobody else sees that a space exists: not residents, not volunteers of other projects, not
even admins who are not members (the routes answer 404). Among members, only coordinators manage the members
and write to the project's volunteers.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Standing:
    """How one user belongs to one project's space; all False means not at all."""

    coordinator: bool = False
    partner_member: bool = False
    added: bool = False

    @property
    def any(self) -> bool:
        return self.coordinator or self.partner_member or self.added


NO_STANDING = Standing()


def _is_active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_member(user, standing: Standing) -> bool:
    """Sees the space: its board, documents, tasks and members; posts, uploads and keeps the task list."""
    return _is_active(user) and standing.any


def is_coordinator(user, standing: Standing) -> bool:
    return _is_active(user) and standing.coordinator


def may_manage_members(user, standing: Standing) -> bool:
    """Adds volunteers of the project to the space and removes them again."""
    return is_coordinator(user, standing)


def may_message_volunteers(user, standing: Standing) -> bool:
    """Writes one mail to every volunteer of the project or of one of its shifts."""
    return is_coordinator(user, standing)


def is_removable(standing: Standing) -> bool:
    """Only added members can be removed here; coordinators and partner members belong through their role."""
    return standing.added and not (standing.coordinator or standing.partner_member)
