from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from participation.accounts.models import Role
from participation.boards.models import AgendaItem, AgendaSource, Board, BoardKind, DecisionKind, Meeting
from participation.ideas.models import Idea, IdeaActionArea, IdeaStatus
from participation.measures.models import Measure, MeasureActionArea, MeasureDistrict, MeasureStatus, QuarterlyReview
from participation.municipality.models import ActionArea, District, OrgUnit, Strategy
from participation.volunteering.models import PartnerOrganisation, Project, ProjectDistrict, ProjectStatus

CONTRIBUTION = ("Die Maßnahme stärkt die Zusammenarbeit von Stadt und Bürgerschaft und macht die Umsetzung des "
                "Stadtentwicklungsprojekts für alle nachvollziehbar.")
AUTHOR_EMAIL = "erika.autorin@example.org"
AUTHOR_NAME = "Erika Autorin"
STAFF_EMAIL = "amt@example.org"
STAFF_NAME = "Frau Amtmann"
#: When the newest public idea last changed: the ideas file's Last-Modified.
NEWEST_IDEA_CHANGE = datetime(2026, 3, 4, 10, 30, 15, tzinfo=UTC)


@dataclass
class Record:
    """What the test municipality holds: public and non-public objects of each kind."""

    public_idea: Idea
    formula_idea: Idea
    submitted_idea: Idea
    hidden_idea: Idea
    public_measure: Measure
    draft_measure: Measure
    public_meeting: Meeting
    internal_meeting: Meeting
    public_item: AgendaItem
    internal_item: AgendaItem
    item_of_internal_meeting: AgendaItem
    project: Project


def moment(days: int) -> datetime:
    return NEWEST_IDEA_CHANGE - timedelta(days=days)


@pytest.fixture
def record(db, make_user) -> Record:
    author = make_user(Role.RESIDENT, email_address=AUTHOR_EMAIL, name=AUTHOR_NAME)
    staff = make_user(Role.STAFF, email_address=STAFF_EMAIL, name=STAFF_NAME)
    strategy = Strategy(title="Gemeinsam für Teststadt")
    db.add(strategy)
    db.flush()
    area = ActionArea(strategy_id=strategy.id, title="Kooperation stärken")
    district = District(name="Seedorf")
    unit = OrgUnit(name="Stabsstelle Stadtentwicklung")
    db.add_all([area, district, unit])
    db.flush()

    def idea(title, status, days, body="Kinder brauchen Platz zum Spielen.", **values):
        made = Idea(title=title, body=body, author_id=author.id, district_id=district.id, status=status.value,
                    created_at=moment(days + 1), published_at=moment(days + 1) if status != IdeaStatus.SUBMITTED
                    else None, last_activity_at=moment(days), support_count=3, comment_count=1, **values)
        db.add(made)
        db.flush()
        db.add(IdeaActionArea(idea_id=made.id, action_area_id=area.id))
        return made

    public_idea = idea("Spielplatz am Seeufer", IdeaStatus.PUBLISHED, 0,
                       official_answer="Wir prüfen das bis zum Sommer.")
    formula_idea = idea("=HYPERLINK(\"http://evil.example\";\"Klick\")", IdeaStatus.IN_REVIEW, 3,
                        body="+SUM(A1:A9)")
    submitted_idea = idea("Noch nicht geprüft", IdeaStatus.SUBMITTED, -5)
    hidden_idea = idea("Werbung für einen Laden", IdeaStatus.PUBLISHED, -5, is_hidden=True,
                       hidden_reason="Werbung")

    def measure(title, status):
        made = Measure(title=title, description="Der Beirat trifft sich **viermal** im Jahr.",
                       contribution=CONTRIBUTION, status=status.value, unit_id=unit.id, responsible_id=staff.id,
                       planned_start=date(2026, 1, 1), planned_end=date(2027, 6, 30), estimated_cost=25000,
                       latest_review_period="2026-Q1", latest_progress=40, latest_traffic_light="at_risk")
        db.add(made)
        db.flush()
        db.add_all([MeasureActionArea(measure_id=made.id, action_area_id=area.id),
                    MeasureDistrict(measure_id=made.id, district_id=district.id)])
        return made

    public_measure = measure("Projektbeirat einrichten", MeasureStatus.IN_PROGRESS)
    draft_measure = measure("Geheimer Entwurf", MeasureStatus.DRAFT)
    db.add_all([QuarterlyReview(measure_id=public_measure.id, year=2025, quarter=4, progress=20,
                                traffic_light="on_track", done="Geschäftsordnung entworfen.", author_id=staff.id),
                QuarterlyReview(measure_id=public_measure.id, year=2026, quarter=1, progress=40,
                                traffic_light="at_risk", done="Mitglieder benannt.",
                                deviations="Eine Sitzung fiel aus.", author_id=staff.id),
                QuarterlyReview(measure_id=draft_measure.id, year=2026, quarter=1, progress=5,
                                traffic_light="on_track", done="Nur intern.", author_id=staff.id)])

    board = Board(name="Projektbeirat", kind=BoardKind.ADVISORY.value)
    db.add(board)
    db.flush()
    starts_at = datetime(2026, 4, 15, 16, 0, tzinfo=UTC)
    public_meeting = Meeting(board_id=board.id, name="2. Quartalssitzung", starts_at=starts_at,
                             ends_at=starts_at + timedelta(hours=2), location="Rathaus, Ratssaal")
    internal_meeting = Meeting(board_id=board.id, name="Klausur", starts_at=starts_at + timedelta(days=7),
                               is_public=False)
    db.add_all([public_meeting, internal_meeting])
    db.flush()
    public_item = AgendaItem(meeting_id=public_meeting.id, position=1, title="Spielplatz am Seeufer",
                             source=AgendaSource.IDEA.value, idea_id=public_idea.id,
                             minutes="Der Beirat hat diskutiert.", decision_kind=DecisionKind.RECOMMENDATION.value,
                             decision_text="Der Beirat empfiehlt den Bau.")
    internal_item = AgendaItem(meeting_id=public_meeting.id, position=2, title="Personalangelegenheit",
                               is_public=False)
    item_of_internal_meeting = AgendaItem(meeting_id=internal_meeting.id, position=1, title="Strategie intern")
    db.add_all([public_item, internal_item, item_of_internal_meeting])

    partner = PartnerOrganisation(name="Umweltverband Teststadt")
    db.add(partner)
    db.flush()
    project = Project(title="Repair-Café", description="Wir reparieren gemeinsam.", status=ProjectStatus.ACTIVE.value,
                      partner_id=partner.id, measure_id=draft_measure.id, idea_id=public_idea.id,
                      created_by_id=staff.id)
    db.add(project)
    db.flush()
    db.add(ProjectDistrict(project_id=project.id, district_id=district.id))
    db.commit()
    return Record(public_idea, formula_idea, submitted_idea, hidden_idea, public_measure, draft_measure,
                  public_meeting, internal_meeting, public_item, internal_item, item_of_internal_meeting, project)
