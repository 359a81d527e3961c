"""The moderation queue: what waits for whom, with the counts its tabs show. A constant number of queries."""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from participation.accounts.models import Role, RoleGrant, User
from participation.comments.models import Comment, CommentFlag
from participation.i18n import _l
from participation.ideas.models import Idea, IdeaActionArea, IdeaFlag, IdeaStatus
from participation.municipality.models import District
from participation.pagination import Page, paginate

S = IdeaStatus
# Ideas nobody needs to act on any more.
SETTLED = (S.REJECTED.value, S.MERGED.value, S.IMPLEMENTED.value, S.DECLINED.value)


class Tab(str, enum.Enum):
    WAITING = "waiting"
    FLAGGED = "flagged"
    ASSIGNED = "assigned"
    UNANSWERED = "unanswered"

    @property
    def label(self) -> str:
        return str(TAB_LABELS[self])


TAB_LABELS = {
    Tab.WAITING: _l("Waiting for review"),
    Tab.FLAGGED: _l("Flagged"),
    Tab.ASSIGNED: _l("Assigned to me"),
    Tab.UNANSWERED: _l("Without an answer"),
}


@dataclass(frozen=True)
class QueueFilter:
    """Narrowing a tab; the route turns unknown values into None."""

    district_id: int | None = None
    action_area_id: int | None = None
    older_than_days: int | None = None


@dataclass(frozen=True)
class QueueRow:
    idea: Idea
    author_name: str | None
    district: str | None
    assignee_name: str | None


@dataclass(frozen=True)
class FlaggedComment:
    comment: Comment
    idea_id: int | None
    flag_count: int
    reasons: list[str]


def _tab_condition(tab: Tab, viewer_id: int, now: datetime, answer_days: int):
    if tab == Tab.WAITING:
        return [Idea.status == S.SUBMITTED.value]
    if tab == Tab.ASSIGNED:
        return [Idea.assigned_to_id == viewer_id, col(Idea.status).not_in(SETTLED)]
    # Published for more than `answer_days` and neither answered nor taken up.
    return [col(Idea.status).in_((S.PUBLISHED.value, S.IN_REVIEW.value)), Idea.official_answer == "",
            col(Idea.published_at) < now - timedelta(days=answer_days)]


def _filtered(query, criteria: QueueFilter, now: datetime):
    if criteria.district_id:
        query = query.where(Idea.district_id == criteria.district_id)
    if criteria.action_area_id:
        query = query.where(select(IdeaActionArea.idea_id).where(
            IdeaActionArea.idea_id == Idea.id, IdeaActionArea.action_area_id == criteria.action_area_id).exists())
    if criteria.older_than_days:
        query = query.where(col(Idea.created_at) < now - timedelta(days=criteria.older_than_days))
    return query


def idea_queue(session: Session, tab: Tab, viewer_id: int, criteria: QueueFilter, now: datetime, answer_days: int,
               page: int, per_page: int) -> Page[QueueRow]:
    """The tab's ideas, oldest first: whoever waits longest comes first."""
    author = User.__table__.alias("author")
    assignee = User.__table__.alias("assignee")
    query = (select(Idea, author.c.display_name, District.name, assignee.c.display_name)
             .outerjoin(author, author.c.id == Idea.author_id)
             .outerjoin(assignee, assignee.c.id == Idea.assigned_to_id)
             .outerjoin(District, District.id == Idea.district_id)
             .where(*_tab_condition(tab, viewer_id, now, answer_days)))
    query = _filtered(query, criteria, now).order_by(col(Idea.created_at), col(Idea.id))
    result = paginate(session, query, page, per_page)
    return Page(items=[QueueRow(*row) for row in result.items], number=result.number, per_page=per_page,
                total=result.total)


def _needs_a_moderator():
    """Comments with open flags, or hidden ones whose author appealed: (comment id, open flags) rows."""
    open_flags = (select(CommentFlag.comment_id, func.count().label("flags"))
                  .where(col(CommentFlag.resolved_at).is_(None)).group_by(CommentFlag.comment_id).subquery())
    flags = func.coalesce(open_flags.c.flags, 0)
    query = (select(Comment, flags.label("flags")).outerjoin(open_flags, open_flags.c.comment_id == Comment.id)
             .where(col(Comment.deleted_at).is_(None))
             .where((flags > 0) | (col(Comment.hidden_at).is_not(None) & (Comment.appeal != ""))))
    return query, flags


def flagged_comments(session: Session, page: int, per_page: int) -> Page[FlaggedComment]:
    """Comments with open flags (most flagged first, with what the flaggers said) and appeals against hiding."""
    query, flags = _needs_a_moderator()
    result = paginate(session, query.order_by(flags.desc(), col(Comment.id)), page, per_page)
    ids = [comment.id for comment, _count in result.items]
    reasons: dict[int, list[str]] = {}
    for comment_id, reason in session.exec(select(CommentFlag.comment_id, CommentFlag.reason).where(
            col(CommentFlag.comment_id).in_(ids), col(CommentFlag.resolved_at).is_(None)).order_by(CommentFlag.id)):
        reasons.setdefault(comment_id, []).append(reason)
    return Page(items=[FlaggedComment(comment, comment.idea_id, count, reasons.get(comment.id, []))
                       for comment, count in result.items], number=result.number, per_page=per_page,
                total=result.total)


@dataclass(frozen=True)
class FlaggedIdea:
    idea: Idea
    flag_count: int


def _idea_needs_a_moderator():
    open_flags = (select(IdeaFlag.idea_id, func.count().label("flags"))
                  .where(col(IdeaFlag.resolved_at).is_(None)).group_by(IdeaFlag.idea_id).subquery())
    flags = func.coalesce(open_flags.c.flags, 0)
    query = (select(Idea, flags.label("flags")).outerjoin(open_flags, open_flags.c.idea_id == Idea.id)
             .where((flags > 0) | (col(Idea.is_hidden) & (Idea.appeal != ""))))
    return query, flags


def flagged_ideas(session: Session, limit: int = 50) -> list[FlaggedIdea]:
    """Ideas with open flags (most flagged first) and hidden ideas whose author appealed."""
    query, flags = _idea_needs_a_moderator()
    return [FlaggedIdea(idea, count) for idea, count in session.exec(
        query.order_by(flags.desc(), col(Idea.id)).limit(limit))]


def open_idea_flag_reasons(session: Session, idea_id: int) -> list[str]:
    return list(session.exec(select(IdeaFlag.reason).where(IdeaFlag.idea_id == idea_id,
                                                           col(IdeaFlag.resolved_at).is_(None))
                             .order_by(IdeaFlag.id)))


def open_flag_reasons(session: Session, comment_id: int) -> list[str]:
    return list(session.exec(select(CommentFlag.reason).where(CommentFlag.comment_id == comment_id,
                                                              col(CommentFlag.resolved_at).is_(None))
                             .order_by(CommentFlag.id)))


def tab_counts(session: Session, viewer_id: int, now: datetime, answer_days: int) -> dict[Tab, int]:
    """How many items each tab holds (unfiltered), for the tab navigation."""
    counts = {tab: session.exec(select(func.count(Idea.id)).where(*_tab_condition(tab, viewer_id, now, answer_days)))
              .one() for tab in (Tab.WAITING, Tab.ASSIGNED, Tab.UNANSWERED)}
    counts[Tab.FLAGGED] = sum(session.exec(select(func.count()).select_from(query.subquery())).one()
                              for query, _flags in (_needs_a_moderator(), _idea_needs_a_moderator()))
    return counts


def assignable_people(session: Session) -> list[User]:
    """Staff members and moderators an idea can be given to, by name."""
    roles = (Role.STAFF.value, Role.MODERATOR.value, Role.ADMIN.value)
    grantees = select(RoleGrant.user_id).where(col(RoleGrant.role).in_(roles))
    query = (select(User).where(col(User.id).in_(grantees), col(User.is_blocked).is_(False))
             .order_by(User.display_name, User.id))
    return list(session.exec(query))
