"""Reading news posts: the public list (also for the home page and the Atom feed), one post with what it links to,
and the staff's view of drafts and scheduled posts."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.boards.models import Board, Meeting
from participation.ideas.models import Idea
from participation.ideas.permissions import is_public as idea_is_public
from participation.measures.models import Measure, MeasureStatus
from participation.measures.permissions import is_public as measure_is_public
from participation.news.models import NewsPost
from participation.pagination import Page, paginate
from participation.volunteering.models import Project

# Choices in the staff's form; older meetings are rarely reported on, but the current link is always offered.
MEETING_CHOICES_LIMIT = 100


def public_condition(now: datetime):
    """In SQL, what participation.news.permissions.is_public says."""
    return and_(col(NewsPost.is_draft).is_(False), col(NewsPost.published_at) <= now)


def _newest_first(query):
    return query.order_by(col(NewsPost.published_at).desc(), col(NewsPost.id).desc())


def published_news(session: Session, now: datetime, limit: int) -> list[NewsPost]:
    """The newest `limit` public posts, newest first."""
    return list(session.exec(_newest_first(select(NewsPost).where(public_condition(now))).limit(limit)))


def browse_news(session: Session, now: datetime, page: int, per_page: int) -> Page[NewsPost]:
    """One page of the public posts, newest first."""
    return paginate(session, _newest_first(select(NewsPost).where(public_condition(now))), page, per_page)


def public_post(session: Session, post_id: int, now: datetime) -> NewsPost | None:
    """The post if everyone may read it (not a draft, publish date come), else None."""
    return session.exec(select(NewsPost).where(NewsPost.id == post_id, public_condition(now))).first()


def unpublished_posts(session: Session, now: datetime) -> list[NewsPost]:
    """Drafts and posts scheduled for later, for the staff: the next to appear first."""
    return list(session.exec(select(NewsPost).where(or_(col(NewsPost.is_draft).is_(True),
                                                        col(NewsPost.published_at) > now))
                             .order_by(col(NewsPost.published_at), col(NewsPost.id))))


@dataclass(frozen=True)
class LinkedObjects:
    """What a post reports on, each only if the public may see it (else None)."""

    idea: Idea | None = None
    measure: Measure | None = None
    meeting: Meeting | None = None
    project: Project | None = None

    def __bool__(self) -> bool:
        return any((self.idea, self.measure, self.meeting, self.project))


@dataclass(frozen=True)
class PostPage:
    post: NewsPost
    author_name: str | None  # None once the account is deleted
    links: LinkedObjects


def post_page(session: Session, post: NewsPost) -> PostPage:
    """The post with its author's name and the public objects it links to."""
    author = session.get(User, post.author_id) if post.author_id else None
    idea = session.get(Idea, post.idea_id) if post.idea_id else None
    measure = session.get(Measure, post.measure_id) if post.measure_id else None
    meeting = session.get(Meeting, post.meeting_id) if post.meeting_id else None
    project = session.get(Project, post.project_id) if post.project_id else None
    return PostPage(post, author.display_name if author else None, LinkedObjects(
        idea=idea if idea and idea_is_public(idea) else None,
        measure=measure if measure and measure_is_public(measure) else None,
        meeting=meeting if meeting and meeting.is_public else None,
        project=project))  # volunteer projects are all public


# --- the staff's form: what a post can link to ---------------------------------------------------------------

def measure_choices(session: Session, keep_id: int | None = None) -> list[tuple[int, str]]:
    """Measures not discarded, by title; `keep_id` (the current link) is always among them."""
    return list(session.exec(select(Measure.id, Measure.title)
                             .where(or_(Measure.status != MeasureStatus.DISCARDED.value, Measure.id == keep_id))
                             .order_by(Measure.title)))


def meeting_choices(session: Session, keep_id: int | None = None) -> list[tuple[Meeting, str]]:
    """Meetings with their board's name, the latest first; `keep_id` (the current link) is always among them."""
    query = (select(Meeting, Board.name).join(Board, Board.id == Meeting.board_id)
             .order_by(col(Meeting.starts_at).desc(), col(Meeting.id).desc()))
    rows = list(session.exec(query.limit(MEETING_CHOICES_LIMIT)))
    if keep_id and all(meeting.id != keep_id for meeting, _board in rows):
        rows += list(session.exec(query.where(Meeting.id == keep_id)))
    return rows


def project_choices(session: Session) -> list[tuple[int, str]]:
    return list(session.exec(select(Project.id, Project.title).order_by(Project.title)))

