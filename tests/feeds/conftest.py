"""A small public world for the feeds, with something non-public of every kind beside it."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from participation.boards.models import Board, BoardKind, Meeting, MeetingState
from participation.ideas.models import Idea, IdeaActionArea, IdeaStatus, IdeaStatusChange
from participation.measures.models import Measure, MeasureStatus, QuarterlyReview, TrafficLight
from participation.municipality.models import ActionArea, District, OrgUnit, Strategy
from participation.news.models import NewsPost

NOW = datetime.now(UTC).replace(microsecond=0)
CONTRIBUTION = "Die Maßnahme stärkt die Zusammenarbeit von Stadt und Bürgerschaft im Stadtentwicklungsprojekt."


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@dataclass
class World:
    districts: list[District] = field(default_factory=list)
    areas: list[ActionArea] = field(default_factory=list)
    ideas: dict[str, Idea] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)


@pytest.fixture
def world(db, make_user) -> World:
    world = World()
    strategy = Strategy(title="Gemeinsam für Teststadt")
    db.add(strategy)
    db.flush()
    world.areas = [ActionArea(strategy_id=strategy.id, title=title) for title in ("Kooperation", "Information")]
    world.districts = [District(name="Seedorf"), District(name="Altstadt")]
    db.add_all(world.areas + world.districts)
    db.commit()
    return world


@pytest.fixture
def add_idea(db, world, make_user):
    """An idea proposed `days` ago with its timeline: `steps` are (status, days ago, reason); committed."""
    author = make_user(name="Erika Ideenreich")

    def add(title: str, days: float, *steps: tuple[IdeaStatus, float, str], published: bool = True,
            hidden: bool = False, district: int | None = 0, areas=(0,)) -> Idea:
        first = IdeaStatus.PUBLISHED if published else IdeaStatus.SUBMITTED
        idea = Idea(title=title, body=f"Der Vorschlag **{title}**.", status=first.value, author_id=author.id,
                    district_id=world.districts[district].id if district is not None else None,
                    is_hidden=hidden, created_at=days_ago(days), last_activity_at=days_ago(days),
                    published_at=days_ago(days) if published else None)
        db.add(idea)
        db.flush()
        db.add_all(IdeaActionArea(idea_id=idea.id, action_area_id=world.areas[index].id) for index in areas)
        db.add(IdeaStatusChange(idea_id=idea.id, to_status=first.value, actor_name="Erika Ideenreich",
                                created_at=days_ago(days)))
        previous = first
        for status, when, reason in steps:
            db.add(IdeaStatusChange(idea_id=idea.id, from_status=previous.value, to_status=status.value,
                                    actor_name="Mona Moderation", reason=reason, created_at=days_ago(when)))
            previous = status
        idea.status = previous.value
        db.add(idea)
        db.commit()
        world.ideas[title] = idea
        return idea

    return add


@pytest.fixture
def add_measure(db, world, make_user):
    """A measure with quarterly reviews (year, quarter, progress, light, days ago); committed."""
    unit = OrgUnit(name="Fachbereich Bauen")
    db.add(unit)
    db.flush()
    responsible = make_user(name="Sven Sachbearbeiter")

    def add(title: str, status: MeasureStatus, *reviews: tuple[int, int, int, TrafficLight, float]) -> Measure:
        measure = Measure(title=title, description="Beschreibung", contribution=CONTRIBUTION, status=status.value,
                          unit_id=unit.id, responsible_id=responsible.id)
        db.add(measure)
        db.flush()
        for year, quarter, progress, light, days in reviews:
            db.add(QuarterlyReview(measure_id=measure.id, year=year, quarter=quarter, progress=progress,
                                   traffic_light=light.value, done=f"Arbeit in {year}-Q{quarter}",
                                   created_at=days_ago(days), updated_at=days_ago(days)))
        db.commit()
        world.measures[title] = measure
        return measure

    return add


@pytest.fixture
def add_news(db):
    def add(title: str, published_days_ago: float, draft: bool = False, body: str = "Text", teaser: str = ""):
        post = NewsPost(title=title, body=body, teaser=teaser, is_draft=draft,
                        published_at=days_ago(published_days_ago), created_at=days_ago(max(published_days_ago, 0)),
                        updated_at=days_ago(max(published_days_ago, 0)))
        db.add(post)
        db.commit()
        return post

    return add


@pytest.fixture
def add_meeting(db):
    board = Board(name="Projektbeirat", kind=BoardKind.ADVISORY.value)
    db.add(board)
    db.flush()

    def add(name: str, changed_days_ago: float, starts_in_days: float = 30, is_public: bool = True,
            state: MeetingState = MeetingState.PLANNED, cancel_reason: str = "") -> Meeting:
        meeting = Meeting(board_id=board.id, name=name, starts_at=NOW + timedelta(days=starts_in_days),
                          location="Rathaus, Ratssaal", is_public=is_public, state=state.value,
                          cancel_reason=cancel_reason, created_at=days_ago(changed_days_ago),
                          updated_at=days_ago(changed_days_ago))
        db.add(meeting)
        db.commit()
        return meeting

    return add
