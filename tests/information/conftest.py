from datetime import date

import pytest

from participation.accounts.models import Role
from participation.measures.models import Measure, MeasureStatus
from participation.measures.services import MeasureDraft, ReviewDraft, change_status, create_measure, record_review
from participation.municipality.models import ActionArea, OrgUnit, Strategy

CONTRIBUTION = ("Die Maßnahme macht die Umsetzung des Stadtentwicklungsprojekts für alle Mitarbeiter*innen der "
                "Verwaltung nachvollziehbar und stärkt die Zusammenarbeit.")
TODAY = date(2026, 11, 22)
STATUS_PATHS = {
    MeasureStatus.DRAFT: [],
    MeasureStatus.PLANNED: [MeasureStatus.PLANNED],
    MeasureStatus.IN_PROGRESS: [MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS],
    MeasureStatus.DISCARDED: [MeasureStatus.DISCARDED],
}


@pytest.fixture
def structure(db):
    """A strategy with a current and an archived action area, and two administrative units."""
    strategy = Strategy(title="Gemeinsam für Teststadt", description="Die Stadt **gemeinsam** entwickeln.")
    db.add(strategy)
    db.flush()
    areas = [
        ActionArea(strategy_id=strategy.id, title="Kooperation stärken", position=1,
                   goal="Verwaltung und Bürgerschaft arbeiten *eng* zusammen.",
                   requirements="- Beteiligung früh planen\n- Ergebnisse veröffentlichen"),
        ActionArea(strategy_id=strategy.id, title="Alter Aktionsbereich", position=2, goal="Längst erledigt."),
    ]
    units = [OrgUnit(name="Stabsstelle Stadtentwicklung", position=1), OrgUnit(name="Fachbereich Bauen", position=2)]
    db.add_all(areas + units)
    db.commit()
    return {"strategy": strategy, "areas": areas, "units": units}


@pytest.fixture
def staff(make_user):
    return make_user(Role.STAFF, name="Frau Amtmann")


@pytest.fixture
def make_measure(db, structure, staff):
    """A measure in the first action area (unless told otherwise), created through the service, committed."""

    def make(title, status=MeasureStatus.PLANNED, unit=0, areas=(0,), is_core=False, review=None):
        """`review`: (Quarter, progress, TrafficLight) of a quarterly review to record."""
        draft = MeasureDraft(title=title, description="Viermal im Jahr.", contribution=CONTRIBUTION,
                             action_area_ids=[structure["areas"][i].id for i in areas],
                             unit_id=structure["units"][unit].id, responsible_id=staff.id, is_core=is_core)
        measure = create_measure(db, staff, draft)
        for step in STATUS_PATHS[status]:
            change_status(db, staff, measure, step, reason="Testgrund")
        if review is not None:
            quarter, progress, light = review
            record_review(db, staff, measure, ReviewDraft(quarter, progress, light, "Zwei Sitzungen."), TODAY)
        db.commit()
        return db.get(Measure, measure.id)

    return make

