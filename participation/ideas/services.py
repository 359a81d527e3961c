"""Writing ideas: propose, edit, support, comment, follow, change status. Services flush; routes commit.

Notifications go out through participation.notifications; status changes are audited. Comments are written
by participation.comments; `comment_subject(idea)` is how that area sees an idea.
"""

from dataclasses import dataclass
from functools import partial

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from participation.accounts.models import Role, User
from participation.accounts.queries import users_with_role
from participation.audit.services import record
from participation.comments import services as comments
from participation.comments.models import Comment, Stance
from participation.comments.services import NotAllowed  # one refusal for ideas and their comments: 403
from participation.comments.subjects import CommentSubject, SubjectKind
from participation.db import utcnow
from participation.i18n import _
from participation.ideas import permissions
from participation.ideas.models import (
    STATUS_LABELS,
    Idea,
    IdeaActionArea,
    IdeaFlag,
    IdeaFollow,
    IdeaStatus,
    IdeaStatusChange,
    IdeaVersion,
    Support,
)
from participation.ideas.queries import followers
from participation.ideas.search import index_idea, remove_from_index
from participation.notifications.kinds import NotificationKind
from participation.notifications.services import notify


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
    if premoderated:
        notify(session, users_with_role(session, Role.MODERATOR), NotificationKind.IDEA_TO_REVIEW,
               f"/moderation/ideas/{idea.id}", {"idea_title": idea.title}, actor=author)
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
    idea.version += 1  # a moderator's decision on the text as it was is refused
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


def comment_subject(idea: Idea) -> CommentSubject:
    """The idea as a subject of comments: counted in `comment_count`, followers told of new comments."""
    return CommentSubject(
        kind=SubjectKind.IDEA, id=idea.id, title=idea.title, link=_idea_link(idea),
        follow_kind=NotificationKind.COMMENT_ON_FOLLOWED_IDEA, count_column=Idea.comment_count,
        activity_column=Idea.last_activity_at, may_comment=partial(permissions.may_comment, idea=idea),
        followers=partial(followers, idea_id=idea.id),
    )


def add_comment(session: Session, author: User, idea: Idea, body: str, stance: Stance,
                parent: Comment | None = None) -> Comment:
    """A comment or reply on the idea (see participation.comments.services.post_comment).

    Raises NotAllowed if the user may not comment on this idea, or `parent` is another idea's comment.
    """
    comment = comments.post_comment(session, author, comment_subject(idea), body, stance, parent)
    session.refresh(idea)
    return comment


def delete_comment(session: Session, user: User, comment: Comment) -> None:
    """Remove a comment on an idea (see participation.comments.services.delete_comment).

    Raises NotAllowed unless the author or a moderator deletes, or if the comment is not on an idea.
    """
    idea = session.get(Idea, comment.idea_id) if comment.idea_id is not None else None
    if idea is None:
        raise NotAllowed
    comments.delete_comment(session, user, comment, comment_subject(idea))


def change_status(session: Session, actor: User, idea: Idea, to_status: IdeaStatus, reason: str = "",
                  official_answer: str | None = None) -> IdeaStatusChange:
    """Move the idea along the pipeline; on its public timeline, in the audit log, and to its followers."""
    from_status = idea.status
    change = _record_status(session, idea, actor, to_status, reason=reason, from_status=from_status)
    idea.status = to_status.value
    idea.version += 1
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
           {"idea_title": idea.title, "actor_name": actor.display_name, "status_label": STATUS_LABELS[to_status],
            "reason": reason or None}, actor=actor)
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


@dataclass(frozen=True)
class MergeResult:
    supports_moved: int
    supports_shared: int  # residents who supported both keep one support, on the target
    comments_moved: int


def merge_into(session: Session, actor: User, duplicate: Idea, target: Idea, note: str) -> MergeResult:
    """Fold a duplicate into the idea on the same subject: supports move without counting anyone twice, the
    discussion and the followers move along, both timelines say so. The caller checks who merges what."""
    shared_users = select(Support.user_id).where(Support.idea_id == target.id)
    shared = session.execute(delete(Support).where(Support.idea_id == duplicate.id,
                                                   col(Support.user_id).in_(shared_users))).rowcount
    moved = session.execute(update(Support).where(Support.idea_id == duplicate.id)
                            .values(idea_id=target.id)).rowcount
    comments_moved = session.execute(update(Comment).where(Comment.idea_id == duplicate.id)
                                     .values(idea_id=target.id)).rowcount
    for follow in session.exec(select(IdeaFollow).where(IdeaFollow.idea_id == duplicate.id,
                                                        IdeaFollow.following)):
        if session.get(IdeaFollow, (target.id, follow.user_id)) is None:
            session.add(IdeaFollow(idea_id=target.id, user_id=follow.user_id, following=True))
    target.support_count += moved
    target.comment_count += duplicate.comment_count
    duplicate.support_count, duplicate.comment_count = 0, 0
    duplicate.merged_into_id = target.id
    target.last_activity_at = utcnow()
    target.version += 1
    session.add_all([duplicate, target])
    session.flush()
    change_status(session, actor, duplicate, IdeaStatus.MERGED, reason=note)
    _record_status(session, target, actor, target.status_enum, from_status=target.status,
                   reason=_("Merged into this idea: #%(number)d “%(title)s”", number=duplicate.id,
                            title=duplicate.title))
    record(session, actor, "idea.merged", object_type="idea", object_id=duplicate.id, object_label=duplicate.title,
           after={"merged_into": target.id, "supports_moved": moved, "supports_shared": shared,
                  "comments_moved": comments_moved})
    session.flush()
    return MergeResult(moved, shared, comments_moved)


def flag_idea(session: Session, user: User, idea: Idea, reason: str) -> bool:
    """Report an idea to the moderators; False if this user had already reported it. The moderators hear of an
    idea once, not of every further report."""
    if not permissions.may_flag_idea(user, idea):
        raise NotAllowed
    try:
        with session.begin_nested():  # a concurrent duplicate fails here alone, not the whole request
            session.add(IdeaFlag(idea_id=idea.id, user_id=user.id, reason=reason.strip()))
            session.flush()
    except IntegrityError:
        return False
    open_flags = session.exec(select(func.count()).select_from(IdeaFlag).where(
        IdeaFlag.idea_id == idea.id, col(IdeaFlag.resolved_at).is_(None))).one()
    if open_flags == 1:
        notify(session, users_with_role(session, Role.MODERATOR), NotificationKind.IDEA_FLAGGED,
               f"/moderation/ideas/{idea.id}", {"idea_title": idea.title}, actor=user)
    return True


def appeal_hidden_idea(session: Session, author: User, idea: Idea, message: str) -> None:
    """The author of a hidden idea asks the moderators, once, to look again."""
    if not permissions.may_appeal(author, idea):
        raise NotAllowed
    idea.appeal, idea.appealed_at = message.strip()[:2000], utcnow()
    idea.version += 1
    session.add(idea)
    record(session, author, "idea.appealed", object_type="idea", object_id=idea.id, object_label=idea.title,
           reason=idea.appeal)
    notify(session, users_with_role(session, Role.MODERATOR), NotificationKind.IDEA_APPEALED,
           f"/moderation/ideas/{idea.id}", {"idea_title": idea.title}, actor=author)
    session.flush()
