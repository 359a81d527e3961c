"""Writing ideas: propose, edit, support, comment, follow, change status. Services flush; routes commit.

Notifications go out through participation.notifications; status changes are audited.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from participation.accounts.models import User
from participation.audit.services import record
from participation.db import utcnow
from participation.ideas import permissions
from participation.ideas.models import (
    STATUS_LABELS,
    Comment,
    CommentFlag,
    Idea,
    IdeaActionArea,
    IdeaFollow,
    IdeaStatus,
    IdeaStatusChange,
    IdeaVersion,
    Stance,
    Support,
)
from participation.ideas.queries import followers
from participation.ideas.search import index_idea, remove_from_index
from participation.notifications.kinds import NotificationKind
from participation.notifications.services import notify


class NotAllowed(Exception):
    """The acting user may not do this to this object (the route answers 403)."""


@dataclass(frozen=True)
class IdeaDraft:
    """Validated input for a new or changed idea."""

    title: str
    body: str
    district_id: int | None
    action_area_ids: list[int]
    place: str = ""
    latitude: float | None = None
    longitude: float | None = None


def _idea_link(idea: Idea, anchor: str = "") -> str:
    return f"/ideas/{idea.id}{anchor}"


def _set_action_areas(session: Session, idea: Idea, action_area_ids: list[int]) -> None:
    session.exec(delete(IdeaActionArea).where(IdeaActionArea.idea_id == idea.id))
    for area_id in dict.fromkeys(action_area_ids):
        session.add(IdeaActionArea(idea_id=idea.id, action_area_id=area_id))


def _record_status(session: Session, idea: Idea, actor: User | None, to_status: IdeaStatus, reason: str = "",
                   from_status: str | None = None) -> IdeaStatusChange:
    change = IdeaStatusChange(idea_id=idea.id, from_status=from_status, to_status=to_status.value,
                              actor_id=actor.id if actor else None,
                              actor_name=actor.display_name if actor else "system", reason=reason)
    session.add(change)
    return change


def set_following(session: Session, user: User, idea: Idea, following: bool) -> None:
    row = session.get(IdeaFollow, (idea.id, user.id))
    if row is None:
        session.add(IdeaFollow(idea_id=idea.id, user_id=user.id, following=following))
    else:
        row.following = following
        session.add(row)
    session.flush()


def _follow_unless_opted_out(session: Session, user: User, idea: Idea) -> None:
    """Authors and supporters follow automatically, unless they stopped following before."""
    if session.get(IdeaFollow, (idea.id, user.id)) is None:
        session.add(IdeaFollow(idea_id=idea.id, user_id=user.id, following=True))


def propose_idea(session: Session, author: User, draft: IdeaDraft, premoderated: bool,
                 image: tuple[str, str] | None = None) -> Idea:
    """A new idea, waiting for review if `premoderated`, else published at once. `image` is (name, type)."""
    now = utcnow()
    status = IdeaStatus.SUBMITTED if premoderated else IdeaStatus.PUBLISHED
    idea = Idea(title=draft.title.strip(), body=draft.body.strip(), author_id=author.id, district_id=draft.district_id,
                status=status.value, place=draft.place.strip(), latitude=draft.latitude, longitude=draft.longitude,
                created_at=now, last_activity_at=now, published_at=None if premoderated else now)
    if image:
        idea.image_name, idea.image_content_type = image
    session.add(idea)
    session.flush()
    _set_action_areas(session, idea, draft.action_area_ids)
    _record_status(session, idea, author, status)
    _follow_unless_opted_out(session, author, idea)
    index_idea(session, idea)
    session.flush()
    return idea


def edit_idea(session: Session, editor: User, idea: Idea, draft: IdeaDraft, moderated: bool,
              image: tuple[str, str] | None = None) -> None:
    """Change the text while the author still may. After publication the old text is kept as a version.

    Raises NotAllowed if the editor is not the author or the idea has had a reaction or decision.
    """
    if not permissions.may_edit_idea(editor, idea, moderated):
        raise NotAllowed
    if idea.published_at is not None:
        session.add(IdeaVersion(idea_id=idea.id, editor_id=editor.id, title=idea.title, body=idea.body))
    idea.title, idea.body = draft.title.strip(), draft.body.strip()
    idea.district_id, idea.place = draft.district_id, draft.place.strip()
    idea.latitude, idea.longitude = draft.latitude, draft.longitude
    if image:
        idea.image_name, idea.image_content_type = image
    if idea.status_enum == IdeaStatus.CHANGES_REQUESTED:
        _record_status(session, idea, editor, IdeaStatus.SUBMITTED, from_status=idea.status)
        idea.status = IdeaStatus.SUBMITTED.value
    idea.last_activity_at = utcnow()
    session.add(idea)
    _set_action_areas(session, idea, draft.action_area_ids)
    index_idea(session, idea)
    session.flush()


def support_idea(session: Session, user: User, idea: Idea) -> bool:
    """Add the user's support; False if they already support it. The count changes in the same transaction.

    Raises NotAllowed when support is closed or the user may not take part.
    """
    if not permissions.may_support(user, idea):
        raise NotAllowed
    try:
        with session.begin_nested():  # a concurrent duplicate fails here alone, not the whole request
            session.add(Support(idea_id=idea.id, user_id=user.id))
            session.flush()
    except IntegrityError:
        return False
    session.exec(update(Idea).where(Idea.id == idea.id)
                 .values(support_count=Idea.support_count + 1, last_activity_at=utcnow()))
    _follow_unless_opted_out(session, user, idea)
    session.flush()
    session.refresh(idea)
    return True


def withdraw_support(session: Session, user: User, idea: Idea) -> bool:
    """Take the user's support back; False if there was none."""
    removed = session.exec(delete(Support).where(Support.idea_id == idea.id, Support.user_id == user.id)).rowcount
    if removed:
        session.exec(update(Idea).where(Idea.id == idea.id).values(support_count=Idea.support_count - removed))
    session.flush()
    session.refresh(idea)
    return bool(removed)


def add_comment(session: Session, author: User, idea: Idea, body: str, stance: Stance,
                parent: Comment | None = None) -> Comment:
    """A comment, or a reply to a top-level comment (replies are one level deep: a reply to a reply
    answers its top-level comment). Notifies the idea's followers and the author of the comment replied to.

    Raises NotAllowed if the user may not comment on this idea.
    """
    if not permissions.may_comment(author, idea):
        raise NotAllowed
    if parent is not None:
        if parent.idea_id != idea.id:
            raise NotAllowed
        if parent.parent_id is not None:
            parent = session.get(Comment, parent.parent_id)
    comment = Comment(idea_id=idea.id, parent_id=parent.id if parent else None, author_id=author.id,
                      body=body.strip(), stance=stance.value)
    session.add(comment)
    session.flush()
    session.exec(update(Idea).where(Idea.id == idea.id)
                 .values(comment_count=Idea.comment_count + 1, last_activity_at=utcnow()))
    session.refresh(idea)
    link = _idea_link(idea, f"#comment-{comment.id}")
    params = {"idea_title": idea.title, "actor_name": author.display_name}
    replied_to = session.get(User, parent.author_id) if parent and parent.author_id else None
    if replied_to is not None:
        notify(session, [replied_to], NotificationKind.REPLY_TO_MY_COMMENT, link, params, actor=author)
    others = [user for user in followers(session, idea.id) if replied_to is None or user.id != replied_to.id]
    notify(session, others, NotificationKind.COMMENT_ON_FOLLOWED_IDEA, link, params, actor=author)
    session.flush()
    return comment


def edit_comment(session: Session, user: User, comment: Comment, body: str, stance: Stance, now: datetime) -> None:
    """Raises NotAllowed unless the author edits within 15 minutes."""
    if not permissions.may_edit_comment(user, comment, now):
        raise NotAllowed
    comment.body, comment.stance, comment.edited_at = body.strip(), stance.value, now
    session.add(comment)
    session.flush()


def delete_comment(session: Session, user: User, comment: Comment) -> None:
    """Remove the text; the comment stays as "comment removed" so replies keep their place.

    Raises NotAllowed unless the author or a moderator deletes. A moderator's deletion is audited.
    """
    if not permissions.may_delete_comment(user, comment):
        raise NotAllowed
    if not permissions.is_author(user, comment):
        record(session, user, "comment.deleted", object_type="comment", object_id=comment.id,
               before={"body": comment.body}, after=None)
    comment.deleted_at = utcnow()
    comment.body = ""
    session.add(comment)
    session.exec(update(Idea).where(Idea.id == comment.idea_id).values(comment_count=Idea.comment_count - 1))
    session.flush()


def flag_comment(session: Session, user: User, comment: Comment, reason: str) -> bool:
    """Report a comment to the moderators; False if this user had already reported it."""
    if not permissions.may_flag_comment(user, comment):
        raise NotAllowed
    try:
        with session.begin_nested():
            session.add(CommentFlag(comment_id=comment.id, user_id=user.id, reason=reason.strip()))
            session.flush()
    except IntegrityError:
        return False
    return True


def change_status(session: Session, actor: User, idea: Idea, to_status: IdeaStatus, reason: str = "",
                  official_answer: str | None = None) -> IdeaStatusChange:
    """Move the idea along the pipeline; on its public timeline, in the audit log, and to its followers."""
    from_status = idea.status
    change = _record_status(session, idea, actor, to_status, reason=reason, from_status=from_status)
    idea.status = to_status.value
    if to_status == IdeaStatus.PUBLISHED and idea.published_at is None:
        idea.published_at = utcnow()
    if official_answer is not None:
        idea.official_answer = official_answer
    idea.last_activity_at = utcnow()
    session.add(idea)
    session.flush()
    record(session, actor, "idea.status_changed", object_type="idea", object_id=idea.id, object_label=idea.title,
           before={"status": from_status}, after={"status": to_status.value}, reason=reason)
    notify(session, followers(session, idea.id), NotificationKind.IDEA_STATUS_CHANGED, _idea_link(idea),
           {"idea_title": idea.title, "actor_name": actor.display_name, "status_label": STATUS_LABELS[to_status]},
           actor=actor)
    return change


def withdraw_idea(session: Session, user: User, idea: Idea, moderated: bool) -> None:
    """The author takes an idea back while nobody has reacted to it (same rule as editing).

    Raises NotAllowed otherwise.
    """
    if not permissions.may_edit_idea(user, idea, moderated):
        raise NotAllowed
    remove_from_index(session, idea)
    session.delete(idea)
    session.flush()
