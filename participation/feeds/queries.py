"""What the Atom feeds list: public objects only, each decided by its own area's public rule (ideas'
public_condition, PUBLIC_MEASURE_STATUSES, boards' public_meetings, news' published_news), newest first.

New ideas come from the ideas area's own list query (participation.ideas.queries.browse_ideas), so the feed shows
what the idea list shows, with the same filters.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.boards.models import Board, Meeting
from participation.boards.queries import public_meetings
from participation.ideas.models import Idea, IdeaStatusChange
from participation.ideas.queries import IdeaCard, IdeaFilter, browse_ideas
from participation.ideas.queries import public_condition as public_idea
from participation.measures.models import PUBLIC_MEASURE_STATUSES, Measure, QuarterlyReview
from participation.municipality.models import OrgUnit
from participation.news.models import NewsPost
from participation.news.queries import published_news

FEED_LIMIT = 50


def new_ideas(session: Session, district_id: int | None, action_area_id: int | None,
              limit: int = FEED_LIMIT) -> list[IdeaCard]:
    """The newest public ideas, as the idea list shows them with these filters."""
    criteria = IdeaFilter(district_id=district_id, action_area_id=action_area_id, sort="newest")
    return browse_ideas(session, criteria, page=1, per_page=limit).items


@dataclass(frozen=True)
class StatusChangeEntry:
    change: IdeaStatusChange
    idea_title: str


def idea_status_changes(session: Session, limit: int = FEED_LIMIT) -> list[StatusChangeEntry]:
    """The newest entries of the public ideas' timelines (the timeline of an idea nobody may see stays private)."""
    rows = session.exec(select(IdeaStatusChange, Idea.title).join(Idea, Idea.id == IdeaStatusChange.idea_id)
                        .where(public_idea())
                        .order_by(col(IdeaStatusChange.created_at).desc(), col(IdeaStatusChange.id).desc())
                        .limit(limit))
    return [StatusChangeEntry(change, title) for change, title in rows]


@dataclass(frozen=True)
class ReviewEntry:
    review: QuarterlyReview
    measure: Measure
    unit_name: str


def quarterly_reviews(session: Session, limit: int = FEED_LIMIT) -> list[ReviewEntry]:
    """The latest recorded or changed quarterly reviews of public measures."""
    rows = session.exec(
        select(QuarterlyReview, Measure, OrgUnit.name).join(Measure, Measure.id == QuarterlyReview.measure_id)
        .join(OrgUnit, OrgUnit.id == Measure.unit_id)
        .where(col(Measure.status).in_([status.value for status in PUBLIC_MEASURE_STATUSES]))
        .order_by(col(QuarterlyReview.updated_at).desc(), col(QuarterlyReview.id).desc()).limit(limit))
    return [ReviewEntry(review, measure, unit_name) for review, measure, unit_name in rows]


@dataclass(frozen=True)
class NewsEntry:
    post: NewsPost
    author_name: str | None  # None once the account is deleted


def news_posts(session: Session, now: datetime, limit: int = FEED_LIMIT) -> list[NewsEntry]:
    """The newest published posts with their authors' names, in two queries."""
    posts = published_news(session, now, limit)
    author_ids = {post.author_id for post in posts if post.author_id}
    names = dict(session.exec(select(User.id, User.display_name).where(col(User.id).in_(author_ids))).all()) \
        if author_ids else {}
    return [NewsEntry(post, names.get(post.author_id)) for post in posts]


def changed_meetings(session: Session, since: datetime, limit: int = FEED_LIMIT) -> list[tuple[Meeting, Board]]:
    """The public meetings from `since` on (planned ones included), the most recently planned or changed first."""
    meetings = public_meetings(session, since)
    meetings.sort(key=lambda row: (row[0].updated_at, row[0].id), reverse=True)
    return meetings[:limit]
