import pytest

from participation.accounts.models import Role
from participation.measures.models import Measure, MeasureStatus
from participation.municipality.models import OrgUnit
from tests.ideas import conftest as ideas_fixtures

# Comments are tried out on ideas, the first subject: reuse the ideas area's fixtures.
structure = ideas_fixtures.structure
make_idea = ideas_fixtures.make_idea


@pytest.fixture
def in_app(app):
    """An app context for services that render mails when they notify."""
    with app.app_context():
        yield app


@pytest.fixture
def make_measure(db, make_user):
    """A public measure, straight into the table (the comments area needs nothing more of it)."""

    def make(title="Sitzbänke im Ortskern"):
        unit = OrgUnit(name=f"Bauamt {title}")
        db.add(unit)
        db.flush()
        measure = Measure(title=title, description="Neue Bänke.", contribution="Mehr Aufenthaltsqualität. " * 3,
                          status=MeasureStatus.PLANNED.value, unit_id=unit.id,
                          responsible_id=make_user(Role.STAFF).id)
        db.add(measure)
        db.commit()
        return measure

    return make
