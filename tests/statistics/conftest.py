"""Participation data like the demo's, at chosen moments: ideas, supports, comments, volunteering, measures."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from participation.comments.models import Comment
from participation.ideas.models import Idea, IdeaStatus, Support
from participation.measures.models import Measure, MeasureStatus, TrafficLight
from participation.municipality.models import District, OrgUnit
from participation.news.models import NewsPost
from participation.volunteering.models import Project, ProjectDistrict, Shift, SignUp, SignUpState, Task

BERLIN = ZoneInfo("Europe/Berlin")
CONTRIBUTION = "Die Maßnahme stärkt die Zusammenarbeit von Stadt und Bürgerschaft im Stadtentwicklungsprojekt."


def berlin(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def districts(db) -> dict[str, District]:
    """Seedorf with 2,000 inhabitants, Altstadt with an unknown number."""
    seedorf, altstadt = District(name="Seedorf", population=2000, position=1), District(name="Altstadt", position=2)
    db.add_all([seedorf, altstadt])
    db.commit()
    return {"Seedorf": seedorf, "Altstadt": altstadt}


@pytest.fixture
def add_idea(db, districts):
    def add(when: datetime, district: str | None = "Seedorf", status: IdeaStatus = IdeaStatus.PUBLISHED,
            hidden: bool = False, published: bool = True) -> Idea:
        idea = Idea(title="Idee", body="Text", status=status.value, is_hidden=hidden,
                    district_id=districts[district].id if district else None, created_at=when,
                    last_activity_at=when, published_at=when if published else None)
        db.add(idea)
        db.commit()
        return idea

    return add


@pytest.fixture
def add_supports(db, make_user):
    def add(idea: Idea, *moments: datetime) -> None:
        for when in moments:
            db.add(Support(idea_id=idea.id, user_id=make_user().id, created_at=when))
        db.commit()

    return add


@pytest.fixture
def add_comment(db):
    def add(when: datetime, **subject_and_state) -> Comment:
        comment = Comment(body="Gute Sache", created_at=when, **subject_and_state)
        db.add(comment)
        db.commit()
        return comment

    return add


@pytest.fixture
def add_measure(db, make_user):
    unit = OrgUnit(name="Fachbereich Bauen")
    db.add(unit)
    db.flush()
    responsible = make_user()

    def add(status: MeasureStatus, light: TrafficLight | None = None) -> Measure:
        measure = Measure(title="Maßnahme", description="", contribution=CONTRIBUTION, status=status.value,
                          unit_id=unit.id, responsible_id=responsible.id,
                          latest_traffic_light=light.value if light else None)
        db.add(measure)
        db.commit()
        return measure

    return add


@pytest.fixture
def add_news(db):
    def add(published_at: datetime, draft: bool = False) -> NewsPost:
        post = NewsPost(title="Nachricht", is_draft=draft, published_at=published_at)
        db.add(post)
        db.commit()
        return post

    return add


@pytest.fixture
def add_shift(db, districts):
    """A shift of a project in the named districts; `helpers` are (user, hours or None: not confirmed)."""

    def add(starts_at: datetime, *helpers, district_names=("Seedorf",), is_public: bool = True) -> Shift:
        project = Project(title="Repair-Café")
        db.add(project)
        db.flush()
        db.add_all(ProjectDistrict(project_id=project.id, district_id=districts[name].id) for name in district_names)
        task = Task(project_id=project.id, title="Reparieren")
        db.add(task)
        db.flush()
        shift = Shift(task_id=task.id, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), slots=10,
                      taken=len(helpers), is_public=is_public)
        db.add(shift)
        db.flush()
        for user, hours in helpers:
            db.add(SignUp(shift_id=shift.id, user_id=user.id, state=SignUpState.SIGNED_UP.value,
                          attended=hours is not None, hours=hours))
        db.commit()
        return shift

    return add
