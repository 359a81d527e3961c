import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.db import utcnow
from participation.measures.models import Measure, MeasureStatus
from participation.municipality.models import ActionArea, OrgUnit, Strategy
from participation.papers.models import Paper, PaperType
from participation.papers.services import PaperDraft, create_paper, submit_paper

CONTRIBUTION = ("Die Vorlage macht die Arbeit des Projektbeirats verbindlich und für alle Bürger*innen "
                "nachvollziehbar.")


@pytest.fixture
def structure(db):
    """A strategy with two current action areas and an archived one."""
    strategy = Strategy(title="Gemeinsam für Teststadt")
    db.add(strategy)
    db.flush()
    areas = [ActionArea(strategy_id=strategy.id, title=title, position=position)
             for position, title in enumerate(("Kooperation stärken", "Information", "Alte Ortsmitte"))]
    areas[2].archived_at = utcnow()
    db.add_all(areas)
    db.commit()
    return {"strategy": strategy, "areas": areas}


@pytest.fixture
def make_measure(db, make_user):
    """A measure with the given status, committed."""
    responsible = None
    unit = None

    def make(title="Bürgersprechstunde am Abend", status=MeasureStatus.PLANNED):
        nonlocal responsible, unit
        if unit is None:
            responsible = make_user(Role.STAFF)
            unit = OrgUnit(name="Hauptamt")
            db.add(unit)
            db.flush()
        measure = Measure(title=title, description="Beschreibung", contribution=CONTRIBUTION, status=status.value,
                          unit_id=unit.id, responsible_id=responsible.id)
        db.add(measure)
        db.commit()
        return measure

    return make


@pytest.fixture
def staff_user(make_user):
    return make_user(Role.STAFF, name="Vera Verwaltung")


@pytest.fixture
def make_paper(db, app, staff_user, structure):
    """A paper by a staff member, submitted unless told otherwise, committed."""

    def make(title="Geschäftsordnung des Projektbeirats", paper_type=PaperType.DECISION,
             text="Der Beirat **beschließt**.", contribution=CONTRIBUTION, areas=(0,), measures=(),
             submitted=True, year=2026):
        draft = PaperDraft(title=title, paper_type=paper_type, text=text, contribution=contribution,
                           action_area_ids=tuple(structure["areas"][i].id for i in areas),
                           measure_ids=tuple(measure.id for measure in measures))
        with app.test_request_context("/?lang=en"):
            paper = create_paper(db, staff_user, draft, year=year)
            if submitted:
                submit_paper(db, staff_user, paper)
        db.commit()
        return db.exec(select(Paper).where(Paper.id == paper.id)).one()

    return make


def paper_form(structure, **changes):
    data = {"title": "Fortschrittsbericht Q3 2026", "paper_type": "report", "text": "Alles im **Plan**.",
            "contribution": CONTRIBUTION, "action_areas": [str(structure["areas"][0].id)], "action": "submit"}
    data.update(changes)
    return data
