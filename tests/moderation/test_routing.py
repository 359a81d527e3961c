"""Routing an idea: into the measure planning (a new measure prefilled from the idea, or an existing one) and
onto a coming board meeting's agenda — and what the idea's page then tells everyone."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.boards.models import AgendaItem, Board, Meeting, MeetingState
from participation.ideas.models import IdeaStatus
from participation.measures.models import Measure, MeasureIdea, MeasureStatus
from participation.measures.services import MeasureDraft, create_measure
from participation.measures.services import change_status as change_measure_status
from participation.municipality.models import OrgUnit
from participation.notifications.models import Notification
from tests.conftest import Browser
from tests.moderation.conftest import timeline

CONTRIBUTION = ("Die Maßnahme macht den Mühlenbach als Ort der Erholung für alle Generationen erlebbar und stärkt "
                "so die Ortsmitte.")


@pytest.fixture
def unit(db):
    unit = OrgUnit(name="Fachbereich Bauen und Umwelt")
    db.add(unit)
    db.commit()
    return unit


@pytest.fixture
def measure(app, db, structure, unit, staff):
    with app.app_context():
        measure = create_measure(db, staff, MeasureDraft(
            title="Aufenthaltsqualität am Mühlenbach", description="Bänke, Wege, Licht.", contribution=CONTRIBUTION,
            action_area_ids=[structure["areas"][0].id], unit_id=unit.id, responsible_id=staff.id))
        change_measure_status(db, staff, measure, MeasureStatus.PLANNED, reason="Beschlossen.")
    db.commit()
    return measure


@pytest.fixture
def meeting(db):
    board = Board(name="Projektbeirat")
    db.add(board)
    db.flush()

    def make(days_ahead=30, state=MeetingState.PLANNED):
        meeting = Meeting(board_id=board.id, name="1. Quartalssitzung",
                          starts_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=days_ahead),
                          state=state.value)
        db.add(meeting)
        db.commit()
        return meeting
    return make


def _post(browser: Browser, idea, operation: str, data: dict):
    page = browser.get(f"/moderation/ideas/{idea.id}").get_data(as_text=True)
    token = re.search(rf'name="{operation}-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    version = re.search(rf'name="{operation}-version" type="hidden" value="(\d+)"', page).group(1)
    return browser.client.post(f"/moderation/ideas/{idea.id}/{operation}", data={
        f"{operation}-csrf_token": token, f"{operation}-version": version,
        **{f"{operation}-{key}": value for key, value in data.items()}})


def test_a_moderator_links_an_idea_to_a_measure_and_its_page_says_so(db, make_idea, moderator, measure, signed_in):
    idea = make_idea()
    response = _post(signed_in(moderator), idea, "route", {"measure": str(measure.id)})
    assert response.status_code == 302
    db.refresh(idea)
    assert idea.status == "routed_to_backlog" and timeline(db, idea.id)[-1] == "routed_to_backlog"
    assert db.get(MeasureIdea, (measure.id, idea.id)) is not None
    assert db.exec(select(Notification.kind).where(Notification.user_id == idea.author_id)).all() == [
        "idea_status_changed"]


def test_a_new_measure_from_an_idea_is_prefilled_and_needs_its_contribution(db, make_idea, staff, unit, signed_in,
                                                                          structure):
    idea = make_idea(title="Bänke am Mühlenbach", body="Entlang des Bachs fehlen Sitzplätze.")
    browser = signed_in(staff)
    page = browser.get(f"/measures/new/from-idea/{idea.id}").get_data(as_text=True)
    assert 'value="Bänke am Mühlenbach"' in page and "Entlang des Bachs fehlen Sitzplätze." in page
    form = {"title": "Bänke am Mühlenbach", "description": "Entlang des Bachs fehlen Sitzplätze.",
            "contribution": "", "action_areas": [str(structure["areas"][0].id)], "unit": str(unit.id),
            "responsible": str(staff.id), "deputy": "0"}
    response = browser.submit(f"/measures/new/from-idea/{idea.id}", form)
    assert response.status_code == 422 and 'id="contribution-error"' in response.get_data(as_text=True)
    assert db.exec(select(Measure)).all() == []
    db.refresh(idea)
    assert idea.status == "published"

    response = browser.submit(f"/measures/new/from-idea/{idea.id}", {**form, "contribution": CONTRIBUTION})
    assert response.status_code == 302
    measure = db.exec(select(Measure)).one()
    db.refresh(idea)
    assert idea.status == "routed_to_backlog" and db.get(MeasureIdea, (measure.id, idea.id)) is not None


def test_a_resident_cannot_start_a_measure_from_an_idea(make_idea, make_user, signed_in):
    idea = make_idea()
    assert signed_in(make_user(Role.RESIDENT)).get(f"/measures/new/from-idea/{idea.id}").status_code == 403


def test_a_moderator_puts_an_idea_on_a_coming_agenda_and_its_page_says_so(db, make_idea, moderator, meeting,
                                                                        signed_in, client):
    idea = make_idea(title="Bänke am Mühlenbach")
    coming = meeting()
    assert _post(signed_in(moderator), idea, "agenda", {"meeting": str(coming.id)}).status_code == 302
    db.refresh(idea)
    item = db.exec(select(AgendaItem).where(AgendaItem.meeting_id == coming.id)).one()
    assert (item.idea_id, item.title, item.is_public) == (idea.id, "Bänke am Mühlenbach", True)
    assert idea.status == "on_agenda"
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f"/meetings/{coming.id}#item-{item.id}" in page


@pytest.mark.parametrize("state", ["held", "cancelled", "past"])
def test_an_idea_cannot_go_onto_a_meeting_that_is_over_or_cancelled(app, db, in_app, make_idea, moderator, meeting,
                                                                    state):
    from participation.moderation import services
    idea = make_idea()
    closed = meeting(days_ahead=-3 if state == "past" else 20,
                     state={"held": MeetingState.HELD, "cancelled": MeetingState.CANCELLED,
                            "past": MeetingState.PLANNED}[state])
    with pytest.raises(services.Refused) as refusal:
        services.put_on_agenda(db, moderator, idea, idea.version, closed.id, datetime.now(UTC))
    db.rollback()
    assert refusal.value.field == "meeting"
    db.refresh(idea)
    assert idea.status == IdeaStatus.PUBLISHED.value
    assert db.exec(select(AgendaItem)).all() == []


def test_staff_route_to_the_backlog_but_only_moderators_put_ideas_on_agendas(db, make_idea, staff, meeting,
                                                                           signed_in):
    idea = make_idea()
    meeting()
    page = signed_in(staff).get(f"/moderation/ideas/{idea.id}").get_data(as_text=True)
    assert "/moderation/ideas/%d/route" % idea.id in page and "/moderation/ideas/%d/agenda" % idea.id not in page
