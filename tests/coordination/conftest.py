"""A project with a partner organisation and its coordination space, volunteers on two shifts, and a second
project with a volunteer of its own."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from participation.accounts.models import Role, User
from participation.volunteering.models import (
    PartnerMember,
    PartnerOrganisation,
    Project,
    ProjectCoordinator,
    Shift,
    SignUp,
    SignUpState,
    Task,
)
from tests.conftest import Browser

START = datetime(2027, 3, 13, 9, 0, tzinfo=UTC)


@dataclass
class Space:
    project: Project
    coordinator: User
    partner_member: User
    morning: Shift
    afternoon: Shift
    morning_volunteers: list[User]
    afternoon_volunteer: User
    waiting: User
    other_project: Project
    other_volunteer: User
    other_shift: Shift

    @property
    def path(self) -> str:
        return f"/volunteer/projects/{self.project.id}/space"


def _shift(db, task: Task, starts_at: datetime, slots: int, people: list[User], waiting: list[User] = ()) -> Shift:
    shift = Shift(task_id=task.id, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), slots=slots,
                  taken=len(people), waitlist_seq=len(waiting))
    db.add(shift)
    db.flush()
    for person in people:
        db.add(SignUp(shift_id=shift.id, user_id=person.id, state=SignUpState.SIGNED_UP.value))
    for number, person in enumerate(waiting, start=1):
        db.add(SignUp(shift_id=shift.id, user_id=person.id, state=SignUpState.WAITING.value, waitlist_number=number))
    db.flush()
    return shift


@pytest.fixture
def space(db, make_user) -> Space:
    coordinator = make_user(Role.PARTNER_COORDINATOR, name="Carla Koordination", email_address="carla@example.org")
    partner_member = make_user(Role.PARTNER_COORDINATOR, name="Nils Naturschutz", email_address="nils@example.org")
    morning_volunteers = [make_user(name="Mia Morgen", email_address="mia@example.org"),
                          make_user(name="Max Morgen", email_address="max@example.org")]
    afternoon_volunteer = make_user(name="Nora Nachmittag", email_address="nora@example.org")
    waiting = make_user(name="Willi Warteliste", email_address="willi@example.org")
    cancelled = make_user(name="Clara Abgesagt", email_address="clara@example.org")
    other_volunteer = make_user(name="Otto Anderswo", email_address="otto@example.org")

    partner = PartnerOrganisation(name="Naturschutzbund Ortsgruppe Seedorf")
    db.add(partner)
    db.flush()
    project = Project(title="Streuobstwiese pflegen", partner_id=partner.id)
    other_project = Project(title="Repair-Café")
    db.add_all([project, other_project])
    db.flush()
    db.add_all([ProjectCoordinator(project_id=project.id, user_id=coordinator.id),
                PartnerMember(partner_id=partner.id, user_id=partner_member.id)])
    task = Task(project_id=project.id, title="Obstbäume schneiden")
    other_task = Task(project_id=other_project.id, title="Geräte annehmen")
    db.add_all([task, other_task])
    db.flush()
    morning = _shift(db, task, START, slots=2, people=morning_volunteers, waiting=[waiting])
    afternoon = _shift(db, task, START + timedelta(hours=4), slots=3, people=[afternoon_volunteer])
    db.add(SignUp(shift_id=afternoon.id, user_id=cancelled.id, state=SignUpState.CANCELLED.value))
    other_shift = _shift(db, other_task, START, slots=2, people=[other_volunteer])
    db.commit()
    return Space(project=project, coordinator=coordinator, partner_member=partner_member, morning=morning,
                 afternoon=afternoon, morning_volunteers=morning_volunteers, afternoon_volunteer=afternoon_volunteer,
                 waiting=waiting, other_project=other_project, other_volunteer=other_volunteer,
                 other_shift=other_shift)


@pytest.fixture
def signed_in(app):
    """A browser of its own, signed in as `user` (English pages)."""

    def open_as(user: User) -> Browser:
        browser = Browser(app.test_client())
        response = browser.sign_in(user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        browser.client.get("/?lang=en")
        return browser

    return open_as
