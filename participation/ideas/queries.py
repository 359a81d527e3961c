"""Reading ideas: the list with filters and search, one idea with everything its page shows, similar ideas.

Each page loads in a constant number of queries, whatever the number of ideas or comments.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, exists, or_
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.comments.queries import Discussion, discussion
from participation.comments.subjects import SubjectKind
from participation.ideas.models import (
    PUBLIC_STATUSES,
    Idea,
    IdeaActionArea,
    IdeaFollow,
    IdeaStatus,
    IdeaStatusChange,
    IdeaVersion,
    OfficialAnswer,
    Support,
)
from participation.ideas.search import matching_ideas
from participation.municipality.models import ActionArea, District
from participation.pagination import Page, paginate

SORT_KEYS = ("newest", "supported", "discussed", "active")
SORT_ORDER = {
    "newest": (col(Idea.created_at).desc(),),
    "supported": (col(Idea.support_count).desc(), col(Idea.created_at).desc()),
    "discussed": (col(Idea.comment_count).desc(), col(Idea.created_at).desc()),
    "active": (col(Idea.last_activity_at).desc(),),
}
PUBLIC_STATUS_VALUES = tuple(status.value for status in PUBLIC_STATUSES)


@dataclass(frozen=True)
class IdeaFilter:
    """What the list shows; the route turns unknown or malformed values into None (allowlist)."""

    text: str = ""
    district_id: int | None = None
    action_area_id: int | None = None
    status: IdeaStatus | None = None
    sort: str = "newest"


@dataclass
class IdeaCard:
    idea: Idea
    district_name: str | None
    author_name: str | None
    action_areas: list[str] = field(default_factory=list)


def public_condition():
    """In SQL, what participation.ideas.permissions.is_public says."""
    published_then_rejected = and_(Idea.status == IdeaStatus.REJECTED.value, col(Idea.published_at).is_not(None))
    return and_(or_(col(Idea.status).in_(PUBLIC_STATUS_VALUES), published_then_rejected),
                Idea.is_hidden == False)  # noqa: E712


def _cards(session: Session, rows) -> list[IdeaCard]:
    cards = [IdeaCard(idea, district_name, author_name) for idea, district_name, author_name in rows]
    by_id = {card.idea.id: card for card in cards}
    if by_id:
        areas = session.exec(
            select(IdeaActionArea.idea_id, ActionArea.title)
            .join(ActionArea, ActionArea.id == IdeaActionArea.action_area_id)
            .where(col(IdeaActionArea.idea_id).in_(by_id))
            .order_by(ActionArea.position, ActionArea.title)
        )
        for idea_id, title in areas:
            by_id[idea_id].action_areas.append(title)
    return cards


def _card_query():
    return (
        select(Idea, District.name, User.display_name)
        .outerjoin(District, District.id == Idea.district_id)
        .outerjoin(User, User.id == Idea.author_id)
    )


def browse_ideas(session: Session, criteria: IdeaFilter, page: int, per_page: int) -> Page[IdeaCard]:
    """Public ideas matching the filter, as cards, in three queries."""
    query = _card_query().where(public_condition())
    if criteria.district_id:
        query = query.where(Idea.district_id == criteria.district_id)
    if criteria.action_area_id:
        query = query.where(exists().where(IdeaActionArea.idea_id == Idea.id,
                                           IdeaActionArea.action_area_id == criteria.action_area_id))
    if criteria.status:
        query = query.where(Idea.status == criteria.status.value)
    else:  # rejected ideas are listed only when asked for
        query = query.where(Idea.status != IdeaStatus.REJECTED.value)
    matches = matching_ideas(session, criteria.text) if criteria.text else None
    if criteria.text and matches is None:
        query = query.where(False)
    if matches is not None:
        query = query.join(matches, matches.c.idea_id == Idea.id)
        order = (matches.c.rank, col(Idea.id).desc()) if criteria.sort == "newest" and criteria.text else ()
        query = query.order_by(*order, *SORT_ORDER[criteria.sort], col(Idea.id).desc())
    else:
        query = query.order_by(*SORT_ORDER[criteria.sort], col(Idea.id).desc())
    result = paginate(session, query, page, per_page)
    return Page(items=_cards(session, result.items), number=result.number, per_page=per_page, total=result.total)


def similar_ideas(session: Session, title: str, limit: int = 5, exclude_id: int | None = None) -> list[IdeaCard]:
    """Public ideas sharing significant words with `title`, best match first."""
    matches = matching_ideas(session, title, any_word=True)
    if matches is None:
        return []
    query = (_card_query().join(matches, matches.c.idea_id == Idea.id).where(public_condition())
             .order_by(matches.c.rank).limit(limit))
    if exclude_id:
        query = query.where(Idea.id != exclude_id)
    return _cards(session, session.exec(query))


@dataclass
class IdeaPage:
    card: IdeaCard
    timeline: list[IdeaStatusChange]
    discussion: Discussion
    versions: list[tuple[IdeaVersion, str | None]]
    merged_into: Idea | None
    viewer_supports: bool
    viewer_follows: bool
    answers: list[OfficialAnswer]  # newest first; the first one is shown, the others on request


def idea_card(session: Session, idea_id: int) -> IdeaCard | None:
    row = session.exec(_card_query().where(Idea.id == idea_id)).first()
    return _cards(session, [row])[0] if row else None


def idea_page(session: Session, idea_id: int, viewer_id: int | None) -> IdeaPage | None:
    """Everything the idea's page shows, in a fixed number of queries."""
    card = idea_card(session, idea_id)
    if card is None:
        return None
    timeline = list(session.exec(select(IdeaStatusChange).where(IdeaStatusChange.idea_id == idea_id)
                                 .order_by(IdeaStatusChange.created_at, IdeaStatusChange.id)))
    versions = list(session.exec(
        select(IdeaVersion, User.display_name).outerjoin(User, User.id == IdeaVersion.editor_id)
        .where(IdeaVersion.idea_id == idea_id).order_by(col(IdeaVersion.edited_at).desc())
    ))
    merged_into = session.get(Idea, card.idea.merged_into_id) if card.idea.merged_into_id else None
    supports = follows = False
    if viewer_id:
        supports = session.exec(select(Support.id).where(Support.idea_id == idea_id, Support.user_id == viewer_id)
                                ).first() is not None
        follows = bool(session.exec(select(IdeaFollow.following).where(IdeaFollow.idea_id == idea_id,
                                                                        IdeaFollow.user_id == viewer_id)).first())
    return IdeaPage(card, timeline, discussion(session, SubjectKind.IDEA, idea_id), versions, merged_into, supports,
                    follows, official_answers(session, idea_id))


def official_answers(session: Session, idea_id: int) -> list[OfficialAnswer]:
    """The idea's official answers, newest first."""
    return list(session.exec(select(OfficialAnswer).where(OfficialAnswer.idea_id == idea_id)
                             .order_by(col(OfficialAnswer.created_at).desc(), col(OfficialAnswer.id).desc())))


def has_moderation_decision(session: Session, idea: Idea) -> bool:
    """Whether anyone but the author has changed the idea's status."""
    return session.exec(select(IdeaStatusChange.id).where(
        IdeaStatusChange.idea_id == idea.id,
        or_(col(IdeaStatusChange.actor_id).is_(None), IdeaStatusChange.actor_id != idea.author_id),
        col(IdeaStatusChange.from_status).is_not(None),
    )).first() is not None


def action_area_ids(session: Session, idea_id: int) -> list[int]:
    return list(session.exec(select(IdeaActionArea.action_area_id).where(IdeaActionArea.idea_id == idea_id)))


def followers(session: Session, idea_id: int) -> list[User]:
    return list(session.exec(select(User).join(IdeaFollow, IdeaFollow.user_id == User.id)
                             .where(IdeaFollow.idea_id == idea_id, IdeaFollow.following == True)))  # noqa: E712
