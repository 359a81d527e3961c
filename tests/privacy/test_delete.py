"""Deleting one's account: the person's data goes, their public contributions stay without their name, and
nobody is left without someone who took over what others rely on."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import select

from participation.accounts.models import Role, User
from participation.audit.models import AuditEntry, DeletedRecord
from participation.audit.services import record
from participation.auth.models import LoginSession
from participation.boards.models import Board, BoardKind, Membership
from participation.comments.models import Comment, Stance
from participation.db import utcnow
from participation.ideas.models import Idea, IdeaFollow, Support
from participation.ideas.services import IdeaDraft, add_comment, propose_idea, support_idea
from participation.measures.models import Measure
from participation.measures.quarters import today_in
from participation.municipality.models import ActionArea, District, OrgUnit, Strategy
from participation.notifications.models import Notification, NotificationSetting, OutboxMail, OutboxStatus
from participation.volunteering import services as volunteering
from participation.volunteering.models import CalendarToken, Project, ProjectDistrict, Shift, SignUp, Task
from participation.volunteering.queries import district_hours_by_year
from tests.auth.test_register import registration
from tests.conftest import TEST_PASSWORD

PATH = "/account/delete?lang=en"


def confirmed(password=TEST_PASSWORD, **changes) -> dict:
    return {"password": password, "confirm": "y", **changes}


@pytest.fixture
def place(db):
    """A district with an action area and a volunteer project, for ideas and shifts."""
    strategy = Strategy(title="Gemeinsam für Teststadt")
    district = District(name="Seedorf")
    db.add_all([strategy, district])
    db.flush()
    area = ActionArea(strategy_id=strategy.id, title="Kooperation stärken")
    project = Project(title="Repair-Café im Dorfgemeinschaftshaus")
    db.add_all([area, project])
    db.flush()
    task = Task(project_id=project.id, title="Geräte annehmen")
    db.add_all([task, ProjectDistrict(project_id=project.id, district_id=district.id)])
    db.commit()
    return {"district": district, "area": area, "task": task}


def _idea(app, db, place, author, title):
    draft = IdeaDraft(title=title, body="Kinder brauchen Platz zum Spielen.", district_id=place["district"].id,
                      action_area_ids=[place["area"].id])
    with app.app_context():  # moderators are told of new ideas by mail
        return propose_idea(db, author, draft, premoderated=False)


def _shift(db, place, starts_in: timedelta, slots: int = 1) -> Shift:
    starts_at = utcnow().replace(microsecond=0) + starts_in
    shift = Shift(task_id=place["task"].id, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), slots=slots)
    db.add(shift)
    db.flush()
    return shift


@dataclass
class Deleted:
    user_id: int
    email: str
    name: str
    own_idea: Idea
    other_idea: Idea
    comment: Comment
    future_shift: Shift
    waiting: User
    past_entry: SignUp
    response: object


@pytest.fixture
def deleted(app, db, browser, make_user, place):
    """A resident who proposed an idea, commented on and supported another, follows, gets notifications, holds a
    slot on a coming shift (someone waits behind them) and worked a past one — then deletes the account."""
    other = make_user(name="Olga Andere")
    person = make_user(name="Rita Rückzug")
    person.locale = "en"
    own_idea = _idea(app, db, place, person, "Bänke am Mühlenbach")
    other_idea = _idea(app, db, place, other, "Neuer Spielplatz am Seeufer")
    with app.app_context():  # the idea's author is told of the comment
        comment = add_comment(db, person, other_idea, "Gute Idee, ich helfe mit.", Stance.FOR)
        assert support_idea(db, person, other_idea)
        volunteering.new_calendar_token(db, person)
        future_shift = _shift(db, place, timedelta(hours=2))  # within the cut-off: deletion frees it anyway
        waiting = make_user(name="Wilma Warteliste")
        volunteering.sign_up(db, person, future_shift, utcnow())
        volunteering.sign_up(db, waiting, future_shift, utcnow())
    past_shift = _shift(db, place, -timedelta(days=10), slots=2)
    past_shift.taken = 1
    past_entry = SignUp(shift_id=past_shift.id, user_id=person.id, state="signed_up", attended=True, hours=3.5)
    db.add_all([past_shift, past_entry, NotificationSetting(user_id=person.id, email_mode="digest"),
                Notification(user_id=person.id, kind="comment_on_followed_idea", link=f"/ideas/{other_idea.id}"),
                OutboxMail(recipient=person.email, subject="Neuer Kommentar", body="…")])
    record(db, person, "idea.proposed", object_type="idea", object_id=own_idea.id, object_label=own_idea.title)
    db.commit()
    assert browser.sign_in(person.email).status_code == 302
    gone = Deleted(person.id, person.email, person.display_name, own_idea, other_idea, comment, future_shift,
                   waiting, past_entry, response=None)
    gone.response = browser.submit(PATH, confirmed())
    return gone


def test_the_person_is_signed_out_told_by_mail_and_cannot_sign_in(deleted, db, browser, mailbox):
    assert deleted.response.status_code == 302 and deleted.response.headers["Location"] == "/"
    assert "Your account has been deleted" in browser.get("/").get_data(as_text=True)
    assert browser.get(PATH).status_code == 302  # signed out: sent to sign in
    assert db.get(User, deleted.user_id) is None
    assert browser.sign_in(deleted.email).status_code == 401
    [mail] = [message for message in mailbox.to(deleted.email) if "deleted" in mailbox.subject(message)]
    assert "Rita Rückzug" in mailbox.body(mail) and "register again" in mailbox.body(mail)


def test_the_same_address_can_register_again(deleted, browser, mailbox, db):
    response = browser.submit("/auth/register", registration(email=deleted.email, display_name="Rita Neu"))
    assert response.status_code == 302
    browser.submit(mailbox.link(deleted.email, "/auth/verify/"), {})
    assert browser.sign_in(deleted.email).status_code == 302
    assert db.exec(select(User).where(User.email == deleted.email)).one().display_name == "Rita Neu"


def test_ideas_and_comments_stay_without_the_name_and_supports_stay_counted(deleted, db, client):
    own_page = client.get(f"/ideas/{deleted.own_idea.id}?lang=en").get_data(as_text=True)
    assert "Bänke am Mühlenbach" in own_page and "deleted account" in own_page
    other_page = client.get(f"/ideas/{deleted.other_idea.id}?lang=en").get_data(as_text=True)
    assert "Gute Idee, ich helfe mit." in other_page and "Comment by deleted account" in other_page
    assert deleted.name not in own_page + other_page  # nor in the idea's timeline
    assert db.get(Idea, deleted.other_idea.id).support_count == 1
    [support] = db.exec(select(Support).where(Support.idea_id == deleted.other_idea.id)).all()
    assert support.user_id is None


def test_future_shifts_go_to_the_next_person_and_past_hours_stay(deleted, db, place):
    shift = db.get(Shift, deleted.future_shift.id)
    assert shift.taken == 1
    [entry] = db.exec(select(SignUp).where(SignUp.shift_id == shift.id)).all()
    assert (entry.user_id, entry.state) == (deleted.waiting.id, "signed_up")
    past = db.get(SignUp, deleted.past_entry.id)
    assert (past.user_id, past.hours) == (None, 3.5)
    assert [year.hours for year in district_hours_by_year(db, place["district"].id)] == [3.5]


def test_personal_data_is_gone(deleted, db):
    for model in (LoginSession, IdeaFollow, Notification, NotificationSetting, CalendarToken):
        assert db.exec(select(model).where(model.user_id == deleted.user_id)).all() == [], model
    assert db.exec(select(OutboxMail).where(OutboxMail.recipient == deleted.email,
                                            OutboxMail.status == OutboxStatus.QUEUED.value)).all() == []


def test_the_audit_log_records_the_deletion_without_the_name(deleted, db):
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "user.deleted")).one()
    assert (entry.object_id, entry.object_label, entry.actor_name) == (
        str(deleted.user_id), f"#{deleted.user_id}", "deleted account")
    proposed = db.exec(select(AuditEntry).where(AuditEntry.action == "idea.proposed")).one()
    assert proposed.actor_name == "deleted account"
    assert db.exec(select(AuditEntry).where(AuditEntry.actor_name == deleted.name)).all() == []


def test_an_officials_acts_keep_their_name(db, sign_in_as, browser):
    official = sign_in_as(Role.STAFF)
    record(db, official, "news.published", object_type="news", object_id=1)
    db.commit()
    name = official.display_name
    assert browser.submit(PATH, confirmed()).status_code == 302
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "news.published")).one().actor_name == name


def local_today(app) -> date:
    return today_in(app.config["BABEL_DEFAULT_TIMEZONE"])


def test_an_ended_board_seat_stays_in_the_history_without_the_person(app, db, sign_in_as, browser):
    board = Board(name="Projektbeirat", kind=BoardKind.ADVISORY.value, purpose="Begleitet die Umsetzung.")
    db.add(board)
    db.flush()
    person = sign_in_as(Role.RESIDENT)
    seat = Membership(board_id=board.id, user_id=person.id, contact="rita@example.org", listed_publicly=True,
                      start_date=date(2024, 1, 1), end_date=local_today(app) - timedelta(days=1))
    db.add(seat)
    db.commit()
    listed_as = f"user-{person.id}"
    assert browser.submit(PATH, confirmed()).status_code == 302
    seat = db.get(Membership, seat.id)
    assert (seat.user_id, seat.person_name, seat.contact, seat.listed_publicly) == (None, "N. N.", "", False)
    tombstone = db.exec(select(DeletedRecord).where(DeletedRecord.kind == "membership")).one()
    assert (tombstone.record_id, tombstone.owner_key) == (seat.id, listed_as)


@pytest.mark.parametrize("data", [confirmed(password="not my password"), confirmed(confirm="")],
                         ids=["wrong password", "not confirmed"])
def test_a_wrong_password_or_missing_confirmation_changes_nothing(db, sign_in_as, browser, data):
    person = sign_in_as(Role.RESIDENT)
    response = browser.submit(PATH, data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert ("The current password is wrong." if data["confirm"] else "Please confirm") in page
    assert db.get(User, person.id) is not None
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "user.deleted")).all() == []
    assert browser.get(PATH).status_code == 200  # still signed in


def _responsible_for_a_measure(db, person, today):
    unit = OrgUnit(name="Stabsstelle Stadtentwicklung")
    db.add(unit)
    db.flush()
    db.add(Measure(title="Projektbeirat und Kommunikation", description="…", contribution="…", unit_id=unit.id,
                   responsible_id=person.id))
    return "Projektbeirat und Kommunikation"


def _holding_a_seat(db, person, today):
    board = Board(name="Seniorenbeirat", kind=BoardKind.ADVISORY.value, purpose="Berät die Stadt.")
    db.add(board)
    db.flush()
    db.add(Membership(board_id=board.id, user_id=person.id, end_date=today))  # its last day
    return "Seniorenbeirat"


def _the_only_admin(db, person, today):
    return "only administrator"


@pytest.mark.parametrize("role, obligation", [(Role.STAFF, _responsible_for_a_measure),
                                              (Role.BOARD_MEMBER, _holding_a_seat),
                                              (Role.ADMIN, _the_only_admin)])
def test_refused_while_others_rely_on_the_person(app, db, sign_in_as, browser, role, obligation):
    person = sign_in_as(role)
    named = obligation(db, person, local_today(app))
    db.commit()
    response = browser.submit(PATH, confirmed())
    assert response.status_code == 422
    assert named in response.get_data(as_text=True)
    assert db.get(User, person.id) is not None


def test_an_admin_may_go_when_another_remains(db, make_user, sign_in_as, browser):
    make_user(Role.ADMIN)
    person_id = sign_in_as(Role.ADMIN).id
    assert browser.submit(PATH, confirmed()).status_code == 302
    assert db.get(User, person_id) is None


def test_a_post_without_csrf_token_is_rejected(db, sign_in_as, client):
    person = sign_in_as(Role.RESIDENT)
    assert client.post(PATH, data=confirmed()).status_code == 400
    assert db.get(User, person.id) is not None


def test_visitors_are_asked_to_sign_in(client):
    response = client.get(PATH)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
