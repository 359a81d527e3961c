from datetime import UTC, datetime, timedelta

import pytest

from participation.accounts.models import Role
from participation.db import utcnow
from participation.municipality.models import District
from participation.volunteering import services
from participation.volunteering.models import ProjectStatus
from participation.volunteering.queries import ShiftContext


@pytest.fixture
def districts(db):
    found = [District(name="Seedorf", position=1), District(name="Altstadt", position=2)]
    db.add_all(found)
    db.commit()
    return found


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.PARTNER_COORDINATOR, name="Paula Partner")


def soon(days: float = 7, hour: int = 10) -> datetime:
    """A whole hour `days` from now, in UTC."""
    moment = utcnow() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0, tzinfo=UTC)


@pytest.fixture
def make_shift(app, db, coordinator, districts):
    """A shift of a project coordinated by `coordinator`, made through the services, committed."""

    def make(slots: int = 3, starts_at: datetime | None = None, hours: int = 3, title: str = "Repair-Café",
             task_title: str = "Geräte annehmen", skills: str = "", district: int = 0, cutoff: int = 24,
             is_public: bool = True, project=None) -> ShiftContext:
        now = utcnow()
        with app.app_context():
            if project is None:
                project = services.create_project(db, coordinator, services.ProjectDraft(
                    title=title, description="Wir reparieren gemeinsam.", status=ProjectStatus.ACTIVE,
                    district_ids=[districts[district].id]), now)
            task = services.add_task(db, coordinator, project, services.TaskDraft(
                title=task_title, place="Dorfgemeinschaftshaus", skills=skills))
            starts_at = starts_at or soon()
            shift = services.add_shift(db, coordinator, project, task, services.ShiftDraft(
                starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), slots=slots,
                cancel_cutoff_hours=cutoff, is_public=is_public), now)
        db.commit()
        return ShiftContext(shift=shift, task=task, project=project)

    return make
