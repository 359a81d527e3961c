"""The space's task list: members add tasks, give them to a member (who is notified), mark them done and open."""

import pytest
from sqlalchemy import func
from sqlmodel import select

from participation.coordination import services
from participation.coordination.models import SpaceTask
from participation.notifications.models import Notification
from participation.refusals import Refused
from participation.volunteering.models import ProjectCoordinator
from tests.coordination.helpers import post


def _task(db) -> SpaceTask:
    return db.exec(select(SpaceTask)).one()


def test_a_task_given_to_a_member_is_done_and_opened_again(db, space, signed_in):
    browser = signed_in(space.coordinator)
    response = post(browser, f"{space.path}/tasks", {"title": "Leitern ausleihen",
                                                       "assignee": str(space.partner_member.id)})
    task = _task(db)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/tasks#task-{task.id}")
    assert (task.assignee_id, task.is_done) == (space.partner_member.id, False)
    [notification] = db.exec(select(Notification).where(Notification.user_id == space.partner_member.id)).all()
    assert notification.kind == "space_task_assigned" and notification.link == f"{space.path}/tasks"

    partner = signed_in(space.partner_member)
    row = partner.get(f"{space.path}/tasks?lang=en").get_data(as_text=True)
    row = row[row.index(f'id="task-{task.id}"'):]
    assert "Leitern ausleihen" in row and "Nils Naturschutz" in row and ">open<" in row
    overview = partner.get(space.path).get_data(as_text=True)
    assert "Leitern ausleihen – Nils Naturschutz" in overview[overview.index('id="tasks-title"'):]
    assert post(partner, f"{space.path}/tasks/{task.id}/done").status_code == 302
    db.refresh(task)
    assert task.is_done and task.done_by_id == space.partner_member.id
    overview = partner.get(space.path).get_data(as_text=True)
    assert "Leitern ausleihen" not in overview[overview.index('id="tasks-title"'):]  # no longer among the open ones
    assert post(browser, f"{space.path}/tasks/{task.id}/reopen").status_code == 302
    db.refresh(task)
    assert not task.is_done and task.done_at is None


def test_a_task_without_assignee_notifies_nobody(db, space, signed_in):
    post(signed_in(space.partner_member), f"{space.path}/tasks", {"title": "Kuchen backen", "assignee": "0"})
    assert _task(db).assignee_id is None
    assert db.exec(select(func.count()).select_from(Notification)).one() == 0


def test_the_assignee_must_be_a_member(db, space, signed_in):
    browser = signed_in(space.coordinator)
    page = browser.get(f"{space.path}/tasks").get_data(as_text=True)
    assert "Mia Morgen" not in page  # only members are offered
    response = post(browser, f"{space.path}/tasks?lang=en", {"title": "Bäume gießen",
                                                               "assignee": str(space.morning_volunteers[0].id)})
    assert response.status_code == 422
    assert 'id="assignee-error"' in response.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(SpaceTask)).one() == 0


def test_the_service_refuses_an_assignee_outside_the_space(app, db, space):
    with app.test_request_context(), pytest.raises(Refused) as refusal:
        services.create_task(db, space.coordinator, space.project, "Bäume gießen", space.other_volunteer.id)
    assert refusal.value.field == "assignee"


def test_a_task_without_title_is_refused_at_its_field(db, space, signed_in):
    response = post(signed_in(space.coordinator), f"{space.path}/tasks?lang=en", {"title": "", "assignee": "0"})
    assert response.status_code == 422 and "Please say what is to be done." in response.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(SpaceTask)).one() == 0


def test_a_task_of_another_space_cannot_be_marked_from_this_one(app, db, space, signed_in):
    db.add(ProjectCoordinator(project_id=space.other_project.id, user_id=space.other_volunteer.id))
    db.commit()
    with app.test_request_context():
        task = services.create_task(db, space.coordinator, space.project, "Intern", None)
    db.commit()
    other = signed_in(space.other_volunteer)
    assert post(other, f"/volunteer/projects/{space.other_project.id}/space/tasks/{task.id}/done").status_code == 404
    db.refresh(task)
    assert not task.is_done
