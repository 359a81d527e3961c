"""Writing comments on any subject: post (or reply), edit, delete, flag. Services flush; routes commit.

Each function checks its permission itself and raises NotAllowed (the routes answer 403).

How a subject plugs in (ideas do it in participation/ideas/services.py, `comment_subject`):

1. The `comment` table has a column per subject kind (`idea_id`, `measure_id`, `news_post_id`; a CHECK keeps
   exactly one set), and `SubjectKind` in participation/comments/subjects.py names them.
2. The subject's area builds a `CommentSubject` for one object: its kind, id, title, page link, the
   `comment_count` column to keep in step, its own "may comment here?" predicate, its followers and the
   notification kind they get (e.g. NotificationKind.COMMENT_ON_FOLLOWED_MEASURE).
3. It passes that subject to `post_comment` / `delete_comment` here, reads the discussion through
   `participation.comments.queries.discussion(session, kind, id)`, adds the four routes to its blueprint
   with `participation.comments.routes.add_comment_routes`, and shows the thread with the
   `comment_section` macro of templates/comments/_thread.html.
"""

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from participation.accounts.models import Role, User
from participation.accounts.queries import users_with_role
from participation.audit.services import record
from participation.comments import permissions
from participation.comments.models import Comment, CommentFlag, Stance
from participation.comments.subjects import CommentSubject
from participation.db import utcnow
from participation.i18n import _, _l
from participation.notifications.kinds import NotificationKind
from participation.notifications.services import notify
from participation.refusals import NotAllowed, Refused  # noqa: F401 - the area's refusals


def _change_count(session: Session, subject: CommentSubject, delta: int) -> None:
    column = subject.count_column
    model = column.class_
    values = {column.key: column + delta}
    if delta > 0 and subject.activity_column is not None:
        values[subject.activity_column.key] = utcnow()
    session.exec(update(model).where(model.id == subject.id).values(values))


def post_comment(session: Session, author: User, subject: CommentSubject, body: str, stance: Stance,
                 parent: Comment | None = None) -> Comment:
    """A comment, or a reply to a top-level comment (replies are one level deep: a reply to a reply
    answers its top-level comment). Counts it on the subject; notifies the author of the comment replied to
    (REPLY_TO_MY_COMMENT) and the subject's followers (`subject.follow_kind`).

    Raises NotAllowed if the user may not comment on the subject, or `parent` belongs to another subject.
    """
    if not subject.may_comment(author):
        raise NotAllowed
    if parent is not None:
        if not subject.owns(parent):
            raise NotAllowed
        if parent.parent_id is not None:
            parent = session.get(Comment, parent.parent_id)
    comment = Comment(parent_id=parent.id if parent else None, author_id=author.id, body=body.strip(),
                      stance=stance.value)
    setattr(comment, subject.kind.column.key, subject.id)
    session.add(comment)
    session.flush()
    _change_count(session, subject, +1)
    link = subject.comment_link(comment)
    params = {"subject_title": subject.title, "actor_name": author.display_name}
    replied_to = session.get(User, parent.author_id) if parent and parent.author_id else None
    if replied_to is not None:
        notify(session, [replied_to], NotificationKind.REPLY_TO_MY_COMMENT, link, params, actor=author)
    others = [follower for follower in subject.followers(session)
              if replied_to is None or _user_id(follower) != replied_to.id]
    notify(session, others, subject.follow_kind, link, params, actor=author)
    session.flush()
    return comment


def _user_id(user_or_id: User | int) -> int | None:
    return user_or_id.id if isinstance(user_or_id, User) else user_or_id


def edit_comment(session: Session, user: User, comment: Comment, body: str, stance: Stance, now: datetime) -> None:
    """Change text and stance. Raises NotAllowed unless the author edits within 15 minutes."""
    if not permissions.may_edit_comment(user, comment, now):
        raise NotAllowed
    comment.body, comment.stance, comment.edited_at = body.strip(), stance.value, now
    session.add(comment)
    session.flush()


def delete_comment(session: Session, user: User, comment: Comment, subject: CommentSubject) -> None:
    """Remove the text; the comment stays as "comment removed" so replies keep their place. The subject's
    count goes down by one.

    Raises NotAllowed unless the author or a moderator deletes, or if the comment is not on `subject`.
    A moderator's deletion is audited.
    """
    if not permissions.may_delete_comment(user, comment) or not subject.owns(comment):
        raise NotAllowed
    if not permissions.is_comment_author(user, comment):
        record(session, user, "comment.deleted", object_type="comment", object_id=comment.id,
               object_label=subject.title, before={"body": comment.body}, after=None)
    comment.deleted_at = utcnow()
    comment.body = ""
    session.add(comment)
    _change_count(session, subject, -1)
    session.flush()


def flag_comment(session: Session, user: User, comment: Comment, reason: str) -> bool:
    """Report a comment to the moderators; False if this user had already reported it.

    Raises NotAllowed for the comment's author, removed comments, and users who may not take part.
    """
    if not permissions.may_flag_comment(user, comment):
        raise NotAllowed
    try:
        with session.begin_nested():  # a concurrent duplicate fails here alone, not the whole request
            session.add(CommentFlag(comment_id=comment.id, user_id=user.id, reason=reason.strip()))
            session.flush()
    except IntegrityError:
        return False
    open_flags = session.exec(select(func.count()).select_from(CommentFlag).where(
        CommentFlag.comment_id == comment.id, col(CommentFlag.resolved_at).is_(None))).one()
    if open_flags == 1:  # the moderators hear of a comment once, not of every further flag
        notify(session, users_with_role(session, Role.MODERATOR), NotificationKind.COMMENT_FLAGGED,
               "/moderation/?tab=flagged", {}, actor=user)
    return True


# --- moderation -------------------------------------------------------------------------------------------------

MODERATION_TEXT_MAX_LENGTH = 2000


def _moderation_text(text: str, field_name: str, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused(field_name, missing)
    if len(text) > MODERATION_TEXT_MAX_LENGTH:
        raise Refused(field_name, _("The text may have at most %(count)d characters.",
                                    count=MODERATION_TEXT_MAX_LENGTH))
    return text


def _resolve_flags(session: Session, comment: Comment) -> int:
    return session.execute(update(CommentFlag).where(CommentFlag.comment_id == comment.id,
                                                     col(CommentFlag.resolved_at).is_(None))
                           .values(resolved_at=utcnow())).rowcount


def _check_moderator(user: User, comment: Comment, subject: CommentSubject) -> None:
    if not permissions.may_moderate_comments(user) or not subject.owns(comment) or comment.deleted_at is not None:
        raise NotAllowed


def hide_comment(session: Session, moderator: User, comment: Comment, subject: CommentSubject, reason: str) -> None:
    """Hide a comment that breaks a rule: gone from every public page, its author told which rule (and that they
    may appeal once); the flags on it are settled."""
    _check_moderator(moderator, comment, subject)
    if comment.hidden_at is not None:
        raise Refused("reason", _("This comment is already hidden."))
    reason = _moderation_text(reason, "reason", _("Please name the rule the comment breaks; its author reads it."))
    comment.hidden_at, comment.hidden_reason = utcnow(), reason
    session.add(comment)
    _change_count(session, subject, -1)
    flags = _resolve_flags(session, comment)
    record(session, moderator, "comment.hidden", object_type="comment", object_id=comment.id,
           object_label=subject.title, after={"flags_settled": flags}, reason=reason)
    notify(session, [comment.author_id], NotificationKind.COMMENT_HIDDEN, f"{subject.link}#comment-{comment.id}",
           {"subject_title": subject.title, "reason": reason}, actor=moderator)
    session.flush()


def dismiss_flags(session: Session, moderator: User, comment: Comment, subject: CommentSubject) -> int:
    """The comment breaks no rule: its open flags are settled, it stays as it is."""
    _check_moderator(moderator, comment, subject)
    flags = _resolve_flags(session, comment)
    record(session, moderator, "comment.flags_dismissed", object_type="comment", object_id=comment.id,
           object_label=subject.title, after={"flags_settled": flags})
    session.flush()
    return flags


def edit_out(session: Session, moderator: User, comment: Comment, subject: CommentSubject, body: str) -> None:
    """Edit a personal-data leak out of a comment; the comment then says it was edited by the moderation. The
    removed text is not kept anywhere (the audit log says that, not what, was changed)."""
    _check_moderator(moderator, comment, subject)
    body = _moderation_text(body, "body", _("Please keep the rest of the comment; to remove it all, hide it."))
    if body == comment.body:
        raise Refused("body", _("The text is unchanged. Please remove what must not be public."))
    comment.body, comment.moderated_at = body, utcnow()
    session.add(comment)
    flags = _resolve_flags(session, comment)
    record(session, moderator, "comment.edited_by_moderation", object_type="comment", object_id=comment.id,
           object_label=subject.title, after={"flags_settled": flags})
    notify(session, [comment.author_id], NotificationKind.COMMENT_EDITED_BY_MODERATION,
           f"{subject.link}#comment-{comment.id}", {"subject_title": subject.title}, actor=moderator)
    session.flush()


def appeal(session: Session, author: User, comment: Comment, subject: CommentSubject, message: str) -> None:
    """The author of a hidden comment asks the moderators, once, to look again."""
    if not permissions.may_appeal(author, comment) or not subject.owns(comment):
        raise NotAllowed
    comment.appeal = _moderation_text(message, "message", _("Please write why the comment should be shown again."))
    comment.appealed_at = utcnow()
    session.add(comment)
    record(session, author, "comment.appealed", object_type="comment", object_id=comment.id,
           object_label=subject.title, reason=comment.appeal)
    notify(session, users_with_role(session, Role.MODERATOR), NotificationKind.COMMENT_APPEALED,
           "/moderation/?tab=flagged", {"subject_title": subject.title}, actor=author)
    session.flush()


def decide_appeal(session: Session, moderator: User, comment: Comment, subject: CommentSubject,
                  reinstate: bool) -> None:
    """Show the comment again, or keep it hidden; the author is told either way and cannot appeal again."""
    _check_moderator(moderator, comment, subject)
    if comment.hidden_at is None or comment.appealed_at is None:
        raise Refused("decision", _("There is no appeal to decide on this comment."))
    if reinstate:
        comment.hidden_at, comment.hidden_reason = None, ""
        _change_count(session, subject, +1)
    comment.appeal = ""  # decided: the appeal leaves the queue; appealed_at keeps it from being made twice
    session.add(comment)
    record(session, moderator, "comment.appeal_decided", object_type="comment", object_id=comment.id,
           object_label=subject.title, after={"reinstated": reinstate})
    notify(session, [comment.author_id], NotificationKind.COMMENT_APPEAL_DECIDED,
           f"{subject.link}#comment-{comment.id}",
           {"subject_title": subject.title,
            "outcome": _l("shown again") if reinstate else _l("stays hidden")}, actor=moderator)
    session.flush()
