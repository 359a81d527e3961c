"""Who may do what with a comment, whatever its subject. Each predicate takes the acting user (anonymous too).

Whether someone may comment on a subject at all (an idea, a measure) is the subject area's own predicate.
"""

from datetime import datetime, timedelta

from participation.accounts.permissions import is_moderator, may_take_part
from participation.comments.models import Comment

COMMENT_EDIT_WINDOW = timedelta(minutes=15)


def is_comment_author(user, comment: Comment) -> bool:
    return bool(user.is_authenticated and comment.author_id == user.id)


def may_edit_comment(user, comment: Comment, now: datetime) -> bool:
    """The author, for 15 minutes after publishing."""
    return (is_comment_author(user, comment) and user.is_active and comment.deleted_at is None
            and now - comment.created_at <= COMMENT_EDIT_WINDOW)


def may_delete_comment(user, comment: Comment) -> bool:
    """The author, or a moderator."""
    return comment.deleted_at is None and (
        (is_comment_author(user, comment) and user.is_active) or is_moderator(user))


def may_flag_comment(user, comment: Comment) -> bool:
    """Anyone taking part, except the author."""
    return (may_take_part(user) and comment.deleted_at is None and comment.hidden_at is None
            and not is_comment_author(user, comment))


def may_moderate_comments(user) -> bool:
    """Hide, edit out personal data, dismiss flags, decide on appeals."""
    return is_moderator(user)


def may_see_hidden(user, comment: Comment) -> bool:
    """A hidden comment's text stays readable to its author (marked hidden) and to the moderators."""
    return is_comment_author(user, comment) or is_moderator(user)


def may_appeal(user, comment: Comment) -> bool:
    """The author of a hidden comment, once."""
    return (is_comment_author(user, comment) and user.is_active and comment.hidden_at is not None
            and comment.appealed_at is None and comment.deleted_at is None)
