"""Reading for the site's own pages: the legal pages, reported barriers and the home page, which gathers from every
area."""

from dataclasses import dataclass
from datetime import datetime

from flask import render_template
from sqlalchemy import case, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.boards.models import AgendaItem, Board, Meeting, MeetingState
from participation.boards.queries import agenda
from participation.i18n import _l
from participation.ideas.models import Idea, IdeaStatus
from participation.ideas.queries import IdeaCard, IdeaFilter, browse_ideas
from participation.measures.models import PUBLIC_MEASURE_STATUSES, Measure, QuarterlyReview
from participation.news.models import NewsPost
from participation.news.queries import published_news
from participation.pagination import Page, paginate
from participation.site.models import AccessibilityFeedback, SitePageText
from participation.volunteering.queries import ShiftContext, shifts_needing_people

LEGAL_PAGES = ("imprint", "privacy", "accessibility")
LEGAL_PAGE_TITLES = {
    "imprint": _l("Imprint"),
    "privacy": _l("Privacy notice"),
    "accessibility": _l("Accessibility statement"),
}


def edited_texts(session: Session, slug: str) -> dict[str, str]:
    """The admin's texts of a page by language, e.g. {"de": "...", "en": "..."}."""
    rows = session.exec(select(SitePageText).where(SitePageText.slug == slug))
    return {row.locale: row.body for row in rows}


def default_page_text(slug: str, locale: str) -> str:
    """The shipped text, to be completed by the municipality (it names what must be filled in)."""
    return render_template(f"site/defaults/{slug}.{locale}.md")


@dataclass(frozen=True)
class FeedbackView:
    feedback: AccessibilityFeedback
    account_name: str | None  # the reporter's display name, when they were signed in
    handled_by_name: str | None


def feedback_page(session: Session, page: int, per_page: int) -> Page[AccessibilityFeedback]:
    """Reported barriers for the admins: open ones first, each group newest first."""
    handled_last = case((col(AccessibilityFeedback.handled_at).is_(None), 0), else_=1)
    query = select(AccessibilityFeedback).order_by(
        handled_last, col(AccessibilityFeedback.created_at).desc(), col(AccessibilityFeedback.id).desc())
    return paginate(session, query, page, per_page)


def feedback_view(session: Session, feedback_id: int) -> FeedbackView | None:
    """One report with the names of the account that sent it and the admin who handled it, in one query."""
    reporter, handler = aliased(User), aliased(User)
    row = session.exec(
        select(AccessibilityFeedback, reporter.display_name, handler.display_name)
        .outerjoin(reporter, reporter.id == AccessibilityFeedback.user_id)
        .outerjoin(handler, handler.id == AccessibilityFeedback.handled_by_id)
        .where(AccessibilityFeedback.id == feedback_id)).first()
    return FeedbackView(*row) if row else None


# The idea pipeline of design §3 as residents see it on the home page: each stage and the statuses it counts.
PIPELINE_STAGES = (
    ("waiting", (IdeaStatus.SUBMITTED,)),
    ("open", (IdeaStatus.PUBLISHED,)),
    ("in_review", (IdeaStatus.IN_REVIEW,)),
    ("backlog", (IdeaStatus.ROUTED_TO_BACKLOG,)),
    ("board", (IdeaStatus.ON_AGENDA,)),
    ("decided", (IdeaStatus.ANSWERED, IdeaStatus.IMPLEMENTED, IdeaStatus.DECLINED)),
)
HOME_IDEAS = 4
HOME_SHIFTS = 5
HOME_REVIEWS = 4


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    board_name: str
    agenda: list[AgendaItem]


@dataclass(frozen=True)
class RecentReview:
    review: QuarterlyReview
    measure: Measure


@dataclass(frozen=True)
class HomePage:
    newest_ideas: list[IdeaCard]
    supported_ideas: list[IdeaCard]
    pipeline: dict[str, int]
    next_meeting: NextMeeting | None
    shifts: list[ShiftContext]
    reviews: list[RecentReview]
    news: list[NewsPost]


def idea_pipeline_counts(session: Session) -> dict[str, int]:
    """How many ideas are at each stage of the pipeline, in one grouped query. Ideas hidden by moderators and
    drafts returned for changes are not counted."""
    by_status = dict(session.exec(
        select(Idea.status, func.count()).where(Idea.is_hidden == False)  # noqa: E712
        .group_by(Idea.status)).all())
    return {stage: sum(by_status.get(status.value, 0) for status in statuses)
            for stage, statuses in PIPELINE_STAGES}


def next_public_meeting(session: Session, now: datetime) -> NextMeeting | None:
    """The soonest public meeting not cancelled, with its public agenda."""
    row = session.exec(
        select(Meeting, Board.name).join(Board, Board.id == Meeting.board_id)
        .where(Meeting.is_public, Meeting.starts_at > now, Meeting.state != MeetingState.CANCELLED.value)
        .order_by(Meeting.starts_at, Meeting.id).limit(1)).first()
    if row is None:
        return None
    meeting, board_name = row
    return NextMeeting(meeting, board_name, agenda(session, meeting.id, with_internal=False))


def recent_reviews(session: Session, limit: int) -> list[RecentReview]:
    """The latest quarterly review of each public measure, the measures with the newest reviews first."""
    public = [status.value for status in PUBLIC_MEASURE_STATUSES]
    newest_first = (col(QuarterlyReview.year).desc(), col(QuarterlyReview.quarter).desc(),
                    col(QuarterlyReview.created_at).desc(), col(QuarterlyReview.id).desc())
    ranked = (select(QuarterlyReview.id.label("review_id"),
                     func.row_number().over(partition_by=QuarterlyReview.measure_id, order_by=newest_first)
                     .label("rank"))
              .join(Measure, Measure.id == QuarterlyReview.measure_id)
              .where(col(Measure.status).in_(public)).subquery())
    return [RecentReview(review, measure) for review, measure in session.exec(
        select(QuarterlyReview, Measure).join(Measure, Measure.id == QuarterlyReview.measure_id)
        .join(ranked, ranked.c.review_id == QuarterlyReview.id).where(ranked.c.rank == 1)
        .order_by(*newest_first).limit(limit))]


def home_page(session: Session, now: datetime) -> HomePage:
    """Everything the home page shows, in a constant number of queries."""
    return HomePage(
        newest_ideas=browse_ideas(session, IdeaFilter(sort="newest"), 1, HOME_IDEAS).items,
        supported_ideas=browse_ideas(session, IdeaFilter(sort="supported"), 1, HOME_IDEAS).items,
        pipeline=idea_pipeline_counts(session),
        next_meeting=next_public_meeting(session, now),
        shifts=shifts_needing_people(session, now, limit=HOME_SHIFTS),
        reviews=recent_reviews(session, HOME_REVIEWS),
        news=published_news(session, now, limit=3))
