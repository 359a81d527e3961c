"""Every idea state × every moderation decision: allowed ones move the idea, the others are refused with a clear
message and leave nothing written."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.boards.models import Board, Meeting
from participation.ideas.models import ROUTABLE_STATUSES, IdeaStatus, OfficialAnswer
from participation.measures.models import MeasureStatus
from participation.measures.services import MeasureDraft, create_measure
from participation.measures.services import change_status as change_measure_status
from participation.moderation import rules, services
from participation.moderation.rules import Action
from participation.municipality.models import OrgUnit
from tests.moderation.conftest import timeline

STATES = [status for status in IdeaStatus]
DECISIONS = list(rules.TARGET)


def _act(db, actor, idea, action: Action, target=None):
    if action == Action.MERGE:
        services.merge(db, actor, idea, idea.version, target.id)
    elif action == Action.ROUTE_TO_BACKLOG:
        services.route_to_measure(db, actor, idea, idea.version, target.id)
    elif action == Action.PUT_ON_AGENDA:
        services.put_on_agenda(db, actor, idea, idea.version, target.id, datetime.now(UTC))
    elif action == Action.HIDE:
        services.hide(db, actor, idea, idea.version, "Regel 2: keine Werbung")
    elif action == Action.ANSWER:
        services.answer(db, actor, idea, idea.version, "Die Verwaltung prüft den Vorschlag.", "Stadt, Bauamt")
    elif action == Action.ASSIGN:
        services.assign(db, actor, idea, idea.version, actor)
    else:
        services.decide(db, actor, idea, idea.version, action, "Begründung der Moderation.")


@pytest.mark.parametrize("action", [*DECISIONS, Action.ANSWER, Action.ASSIGN, Action.MERGE, Action.ROUTE_TO_BACKLOG,
                                    Action.PUT_ON_AGENDA, Action.HIDE], ids=lambda action: action.value)
@pytest.mark.parametrize("status", STATES, ids=lambda status: status.value)
def test_each_state_allows_exactly_the_decisions_of_the_pipeline(db, in_app, idea_in, moderator, structure, make_user,
                                                                  status, action):
    idea = idea_in(status)
    target = {Action.MERGE: lambda: idea_in(IdeaStatus.PUBLISHED, title="Die Idee, in der es weitergeht"),
              Action.ROUTE_TO_BACKLOG: lambda: _planned_measure(db, structure, make_user),
              Action.PUT_ON_AGENDA: lambda: _coming_meeting(db)}.get(action, lambda: None)()
    before_timeline, version = timeline(db, idea.id), idea.version
    audit_before = len(db.exec(select(AuditEntry.id)).all())

    if rules.is_allowed(action, status):
        _act(db, moderator, idea, action, target)
        db.commit()
        db.refresh(idea)
        assert idea.version > version
        if action in rules.TARGET:
            assert idea.status == rules.TARGET[action].value
            assert timeline(db, idea.id) == [*before_timeline, rules.TARGET[action].value]
        elif action == Action.MERGE:
            assert idea.status == IdeaStatus.MERGED.value and idea.merged_into_id == target.id
        elif action == Action.ROUTE_TO_BACKLOG:  # an idea already on an agenda keeps saying so
            assert idea.status == (IdeaStatus.ROUTED_TO_BACKLOG if status in ROUTABLE_STATUSES else status).value
        elif action == Action.PUT_ON_AGENDA:
            assert idea.status == IdeaStatus.ON_AGENDA.value
        elif action == Action.HIDE:
            assert idea.is_hidden and idea.status == status.value
        elif action == Action.ANSWER:
            expected = IdeaStatus.ANSWERED if status in rules.ANSWER_MOVES_FROM else status
            assert idea.status == expected.value and idea.official_answer
        else:
            assert idea.assigned_to_id == moderator.id
        assert len(db.exec(select(AuditEntry.id)).all()) > audit_before
    else:
        with pytest.raises(services.Refused) as refusal:
            _act(db, moderator, idea, action, target)
        db.rollback()
        assert refusal.value.field == "action" and status.label in refusal.value.message
        db.refresh(idea)
        assert (idea.status, idea.version, idea.assigned_to_id) == (status.value, version, None)
        assert timeline(db, idea.id) == before_timeline
        assert db.exec(select(OfficialAnswer).where(OfficialAnswer.idea_id == idea.id)).all() == []
        assert len(db.exec(select(AuditEntry.id)).all()) == audit_before


def _planned_measure(db, structure, make_user):
    staff = make_user(Role.STAFF)
    unit = OrgUnit(name="Fachbereich Bauen")
    db.add(unit)
    db.flush()
    measure = create_measure(db, staff, MeasureDraft(
        title="Aufenthaltsqualität am Mühlenbach", description="Bänke, Wege, Licht.",
        contribution="Die Maßnahme macht den Mühlenbach als Ort der Erholung für alle Generationen erlebbar.",
        action_area_ids=[structure["areas"][0].id], unit_id=unit.id, responsible_id=staff.id))
    change_measure_status(db, staff, measure, MeasureStatus.PLANNED, reason="Beschlossen.")
    db.commit()
    return measure


def _coming_meeting(db):
    board = Board(name="Projektbeirat")
    db.add(board)
    db.flush()
    meeting = Meeting(board_id=board.id, name="1. Quartalssitzung", starts_at=datetime.now(UTC) + timedelta(days=30))
    db.add(meeting)
    db.commit()
    return meeting


def test_the_table_matches_the_pipeline_of_the_design():
    """Design §3: submitted ideas are published, sent back or rejected; published ones are reviewed, answered,
    and end implemented or declined; rejected and merged ideas are final."""
    assert rules.ALLOWED_FROM[Action.PUBLISH] == {IdeaStatus.SUBMITTED}
    assert not [action for action in Action if rules.is_allowed(action, IdeaStatus.REJECTED)]
    # A merged idea stays readable (its address leads on); it can still be hidden if it breaks a rule.
    assert [action for action in Action if rules.is_allowed(action, IdeaStatus.MERGED)] == [Action.HIDE]
    assert not rules.is_allowed(Action.MARK_IMPLEMENTED, IdeaStatus.SUBMITTED)
    assert rules.is_allowed(Action.MARK_DECLINED, IdeaStatus.ON_AGENDA)
