from datetime import date

import pytest

from participation.accounts.models import Role
from participation.measures.models import Measure, MeasureStatus
from participation.measures.services import MeasureDraft, change_status, create_measure
from participation.municipality.models import ActionArea, District, OrgUnit, Strategy

CONTRIBUTION = ("Die Maßnahme stärkt die Zusammenarbeit von Stadt und Bürgerschaft und macht die Umsetzung des "
                "Stadtentwicklungsprojekts für alle nachvollziehbar.")


@pytest.fixture
def structure(db):
    """A strategy with two action areas, two districts and two administrative units."""
    strategy = Strategy(title="Gemeinsam für Teststadt")
    db.add(strategy)
    db.flush()
    areas = [ActionArea(strategy_id=strategy.id, title=title) for title in ("Kooperation stärken", "Information")]
    districts = [District(name="Seedorf"), District(name="Mühlenberg")]
    units = [OrgUnit(name="Stabsstelle Stadtentwicklung"), OrgUnit(name="Fachbereich Bauen")]
    db.add_all(areas + districts + units)
    db.commit()
    return {"strategy": strategy, "areas": areas, "districts": districts, "units": units}


@pytest.fixture
def staff(make_user):
    return make_user(Role.STAFF, name="Frau Amtmann")


@pytest.fixture
def make_measure(db, structure, staff):
    """A measure, created by `staff` through the service and moved to `status`, committed."""

    def make(title="Projektbeirat und Kommunikation", status=MeasureStatus.PLANNED, unit=0, areas=(0,),
             districts=(), responsible=None, is_core=False, planned_end=None):
        draft = MeasureDraft(
            title=title, description="Der Beirat trifft sich **viermal** im Jahr.", contribution=CONTRIBUTION,
            action_area_ids=[structure["areas"][i].id for i in areas], unit_id=structure["units"][unit].id,
            responsible_id=(responsible or staff).id, district_ids=[structure["districts"][i].id for i in districts],
            is_core=is_core, planned_end=planned_end)
        measure = create_measure(db, staff, draft)
        path = {MeasureStatus.DRAFT: [], MeasureStatus.PLANNED: [MeasureStatus.PLANNED],
                MeasureStatus.IN_PROGRESS: [MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS],
                MeasureStatus.PAUSED: [MeasureStatus.PLANNED, MeasureStatus.PAUSED],
                MeasureStatus.COMPLETED: [MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS, MeasureStatus.COMPLETED],
                MeasureStatus.DISCARDED: [MeasureStatus.DISCARDED]}[status]
        for step in path:
            change_status(db, staff, measure, step, reason="Testgrund")
        db.commit()
        return db.get(Measure, measure.id)

    return make


def measure_form(structure, staff, **changes) -> dict:
    data = {"title": "Dorfgemeinschaftshaus sanieren", "description": "Dach und Heizung erneuern.",
            "contribution": CONTRIBUTION, "action_areas": [str(structure["areas"][0].id)],
            "unit": str(structure["units"][0].id), "responsible": str(staff.id), "deputy": "0",
            "districts": [str(structure["districts"][0].id)], "planned_start": "2026-01-01",
            "planned_end": "2027-06-30", "estimated_cost": "250000", "funding_source": "Städtebauförderung",
            "partner_organisations": ""}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


TODAY = date(2026, 11, 22)
