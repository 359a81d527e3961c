"""Who may do what with which idea. Each predicate takes the acting user (anonymous too).

What a user may do with a single comment is decided in participation.comments.permissions.
"""

from participation.accounts.permissions import is_moderator, may_take_part
from participation.ideas.models import PUBLIC_STATUSES, SUPPORT_CLOSED_STATUSES, Idea, IdeaStatus

# The author may still change the text in these states (and only while nobody has reacted to it).
EDITABLE_STATUSES = frozenset({IdeaStatus.SUBMITTED, IdeaStatus.CHANGES_REQUESTED, IdeaStatus.PUBLISHED})


def is_author(user, idea: Idea) -> bool:
    return bool(user.is_authenticated and idea.author_id == user.id)


def is_public(idea: Idea) -> bool:
    """Published ideas, whatever became of them; a rejected one only if it had been published (its reason is
    then public too) — what was never published stays between its author and the moderators."""
    if idea.is_hidden:
        return False
    return idea.status_enum in PUBLIC_STATUSES or (
        idea.status_enum == IdeaStatus.REJECTED and idea.published_at is not None)


def may_view_idea(user, idea: Idea) -> bool:
    return is_public(idea) or is_author(user, idea) or is_moderator(user)


def may_edit_idea(user, idea: Idea, moderated: bool) -> bool:
    """The author, until the first support, comment or moderation decision (`moderated`) — unless that decision
    asked the author for changes."""
    return (is_author(user, idea) and user.is_active and idea.status_enum in EDITABLE_STATUSES
            and idea.support_count == 0 and idea.comment_count == 0
            and (not moderated or idea.status_enum == IdeaStatus.CHANGES_REQUESTED))


def may_support(user, idea: Idea) -> bool:
    return may_take_part(user) and is_public(idea) and idea.status_enum not in SUPPORT_CLOSED_STATUSES


def may_comment(user, idea: Idea) -> bool:
    """Whether the user may comment on the idea (and reply to its comments)."""
    return may_take_part(user) and is_public(idea) and idea.status_enum not in SUPPORT_CLOSED_STATUSES


def may_follow(user, idea: Idea) -> bool:
    return may_take_part(user) and may_view_idea(user, idea)


def may_flag_idea(user, idea: Idea) -> bool:
    """Anyone taking part may report a public idea to the moderators, except its author."""
    return may_take_part(user) and is_public(idea) and not is_author(user, idea)


def may_appeal(user, idea: Idea) -> bool:
    """The author of an idea the moderators hid, once."""
    return is_author(user, idea) and user.is_active and idea.is_hidden and idea.appealed_at is None
