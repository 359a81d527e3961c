"""The secretary builds the agenda from ideas, measures, papers and the quarterly reviews, records minutes and
results, and publishes them: the decisions flow back to the ideas and measures and their followers."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from participation import create_app, migrate
from participation.accounts.models import Role, User
from participation.accounts.services import create_user
from participation.audit.models import AuditEntry
from participation.boards import services
from participation.boards.models import AgendaItem, AgendaSource, Board, Meeting, MemberRole, Membership
from participation.ideas.models import Idea, IdeaFollow, IdeaStatus, IdeaStatusChange
from participation.measures.models import Measure, MeasureEvent, MeasureStatus, QuarterlyReview
from participation.municipality.models import OrgUnit
from participation.notifications.models import Notification
from participation.papers.models import Paper
from tests.conftest import Browser, portal_test_config

CONTRIBUTION = "Die Maßnahme stärkt die Zusammenarbeit von Stadt und Bürgerschaft im ganzen Stadtgebiet."


@pytest.fixture
def idea(db, make_user):
    author = make_user(Role.RESIDENT, name="Ida Idee")
    idea = Idea(title="Bänke am Mühlenbach", body="Mehr Bänke, bitte.", author_id=author.id,
                status=IdeaStatus.IN_REVIEW.value)
    db.add(idea)
    db.flush()
    db.add(IdeaFollow(idea_id=idea.id, user_id=author.id))
    db.commit()
    return idea


@pytest.fixture
def measure(db, make_user):
    unit = OrgUnit(name="Fachbereich Bauen")
    db.add(unit)
    db.flush()
    measure = Measure(title="Sitzbänke im Ortskern", description="Bänke.", contribution=CONTRIBUTION,
                      status=MeasureStatus.IN_PROGRESS.value, unit_id=unit.id,
                      responsible_id=make_user(Role.STAFF).id)
    db.add(measure)
    db.flush()
    db.add(QuarterlyReview(measure_id=measure.id, year=2026, quarter=3, progress=40, traffic_light="at_risk",
                           done="Angebote eingeholt.", next_steps="Aufstellen.", deviations="",
                           author_id=measure.responsible_id))
    db.commit()
    return measure


@pytest.fixture
def secretary(seat, browser):
    user = seat(MemberRole.MEMBER, is_secretary=True)
    browser.sign_in(user.email)
    return user


def items_of(db, meeting) -> list[AgendaItem]:
    db.expire_all()
    return list(db.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                        .order_by(AgendaItem.position)))


def add_item(browser, meeting, **data):
    form = {"source": "free", "idea_id": "0", "measure_id": "0", "paper_id": "0", "title": "", "text": "",
            "is_public": "y", **data}
    return browser.submit(f"/meetings/{meeting.id}/agenda/new?lang=en", form)


def press(browser, meeting, path):
    return browser.submit(f"/meetings/{meeting.id}{path}", {}, form_page=f"/meetings/{meeting.id}")


def test_the_secretary_builds_an_agenda_from_every_source(app, browser, db, board, secretary, make_meeting, idea,
                                                          measure):
    meeting = make_meeting(days_ahead=10)
    paper = Paper(year=2026, number=1, reference="V-2026-001", title="Geschäftsordnung", paper_type="decision",
                  contribution=CONTRIBUTION, status="submitted")
    db.add(paper)
    db.commit()
    assert add_item(browser, meeting, title="Begrüßung").status_code == 302
    assert add_item(browser, meeting, source="idea", idea_id=str(idea.id)).status_code == 302
    assert add_item(browser, meeting, source="measure", measure_id=str(measure.id),
                    title="Bänke: Stand").status_code == 302
    assert add_item(browser, meeting, source="paper", paper_id=str(paper.id)).status_code == 302
    assert press(browser, meeting, "/agenda/reviews").status_code == 302
    items = items_of(db, meeting)
    assert [(item.position, item.title) for item in items] == [
        (1, "Begrüßung"), (2, "Bänke am Mühlenbach"), (3, "Bänke: Stand"), (4, "V-2026-001 Geschäftsordnung"),
        (5, items[4].title)]
    assert items[4].source == AgendaSource.REVIEW_SUMMARY.value and items[4].review_period
    # The idea is on the board's agenda now, on its public timeline.
    assert db.get(Idea, idea.id).status == IdeaStatus.ON_AGENDA.value
    assert db.exec(select(IdeaStatusChange.reason).where(IdeaStatusChange.idea_id == idea.id)).all() == [
        f"Projektbeirat: {meeting.name}"]
    # The same quarterly reviews cannot be added twice.
    press(browser, meeting, "/agenda/reviews")
    assert len(items_of(db, meeting)) == 5

    page = Browser(app.test_client()).get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "Item 2: Bänke am Mühlenbach" in page and f'href="/ideas/{idea.id}"' in page
    assert "Sitzbänke im Ortskern" in page and "At risk" in page and "40 %" in page


def test_reordering_and_removing_keep_the_numbers_in_order(browser, db, board, secretary, make_meeting):
    meeting = make_meeting()
    for title in ("Eins", "Zwei", "Drei"):
        add_item(browser, meeting, title=title)
    first, second, third = items_of(db, meeting)
    assert press(browser, meeting, f"/agenda/{third.id}/up").headers["Location"].endswith(f"#item-{third.id}")
    assert [item.title for item in items_of(db, meeting)] == ["Eins", "Drei", "Zwei"]
    press(browser, meeting, f"/agenda/{first.id}/up")  # already first: nothing happens
    press(browser, meeting, f"/agenda/{first.id}/down")
    assert [item.title for item in items_of(db, meeting)] == ["Drei", "Eins", "Zwei"]
    press(browser, meeting, f"/agenda/{first.id}/delete")
    assert [(item.position, item.title) for item in items_of(db, meeting)] == [(1, "Drei"), (2, "Zwei")]
    actions = db.exec(select(AuditEntry.action).where(AuditEntry.object_type == "meeting")
                      .order_by(AuditEntry.id)).all()
    assert actions.count("agenda.item_moved") == 2 and actions[-1] == "agenda.item_removed"


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"title": ""}, "title", "Please give the agenda item a title."),
    ({"source": "idea"}, "idea_id", "Please choose a published idea."),
    ({"source": "measure"}, "measure_id", "Please choose a measure that is public."),
    ({"source": "paper", "paper_id": "99999"}, "paper_id", "Not a valid choice"),
])
def test_an_agenda_item_with_bad_input_is_refused_at_the_field(browser, db, board, secretary, make_meeting, data,
                                                               field, message):
    meeting = make_meeting()
    response = add_item(browser, meeting, **data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in page and message in page
    assert items_of(db, meeting) == []


def test_a_member_who_is_not_chair_or_secretary_may_not_touch_the_agenda(app, db, board, seat, make_meeting):
    meeting = make_meeting(days_ahead=-1)
    item = AgendaItem(meeting_id=meeting.id, position=1, title="Begrüßung")
    db.add(item)
    db.commit()
    member = Browser(app.test_client())
    member.sign_in(seat(MemberRole.MEMBER).email)
    for path in ("/agenda/new", f"/agenda/{item.id}/edit", f"/agenda/{item.id}/minutes", "/attendance"):
        assert member.get(f"/meetings/{meeting.id}{path}").status_code == 403, path
    for path in (f"/agenda/{item.id}/up", f"/agenda/{item.id}/delete", "/agenda/reviews", "/publish"):
        assert member.submit(f"/meetings/{meeting.id}{path}", {}, form_page="/ideas/new").status_code == 403, path
    assert [i.title for i in items_of(db, meeting)] == ["Begrüßung"]
    assert db.get(Meeting, meeting.id).minutes_published_at is None


def test_minutes_on_a_cancelled_or_future_meeting_are_refused(browser, db, board, secretary, make_meeting):
    future = make_meeting(days_ahead=5)
    cancelled = make_meeting(days_ahead=-5, state="cancelled", cancel_reason="Saal belegt")
    for meeting, message in ((future, "once the meeting has begun"), (cancelled, "it has no minutes")):
        item = AgendaItem(meeting_id=meeting.id, position=1, title="Bericht")
        db.add(item)
        db.commit()
        response = browser.submit(f"/meetings/{meeting.id}/agenda/{item.id}/minutes?lang=en",
                                  {"minutes": "Besprochen.", "decision_kind": "noted", "decision_text": ""})
        assert response.status_code == 422 and message in response.get_data(as_text=True)
        assert db.get(AgendaItem, item.id).minutes == ""


def test_publishing_the_minutes_flows_the_decisions_back(app, browser, db, board, secretary, make_meeting, idea,
                                                         measure, make_user):
    meeting = make_meeting(days_ahead=-1)
    follower = make_user(Role.RESIDENT)
    db.add(IdeaFollow(idea_id=idea.id, user_id=follower.id))
    db.commit()
    add_item(browser, meeting, source="idea", idea_id=str(idea.id))  # a meeting that has begun: still allowed
    add_item(browser, meeting, source="measure", measure_id=str(measure.id))
    add_item(browser, meeting, title="Personalien", text="Vertraulich.", is_public="")
    idea_item, measure_item, internal_item = items_of(db, meeting)
    for item, kind, text in ((idea_item, "recommendation", "Der Beirat empfiehlt **drei Bänke**."),
                             (measure_item, "noted", ""), (internal_item, "decision", "Geheimer Beschluss")):
        response = browser.submit(f"/meetings/{meeting.id}/agenda/{item.id}/minutes",
                                  {"minutes": f"Protokoll zu {item.title}", "decision_kind": kind,
                                   "decision_text": text})
        assert response.status_code == 302
    visitor = Browser(app.test_client())
    before = visitor.get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "drei Bänke" not in before and "Personalien" not in before  # nothing before publication

    response = press(browser, meeting, "/publish")
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Meeting, meeting.id).state == "held"
    page = visitor.get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "<strong>drei Bänke</strong>" in page and "Recommendation" in page and "Noted" in page
    assert "Personalien" not in page and "Geheimer Beschluss" not in page
    assert "Geheimer Beschluss" not in visitor.get(f"/meetings/{meeting.id}.ics").get_data(as_text=True)

    notified = db.exec(select(Notification.user_id, Notification.kind).order_by(Notification.id)).all()
    assert {(idea.author_id, "board_decision_on_idea"), (follower.id, "board_decision_on_idea")} <= set(notified)
    idea_page = visitor.get(f"/ideas/{idea.id}?lang=en").get_data(as_text=True)
    assert "drei Bänke" in idea_page and f'href="/meetings/{meeting.id}#item-{idea_item.id}"' in idea_page
    event = db.exec(select(MeasureEvent).where(MeasureEvent.kind == "board_decision")).one()
    assert event.measure_id == measure.id and meeting.name in event.summary
    assert "Board decision" in visitor.get(f"/measures/{measure.id}?lang=en").get_data(as_text=True)

    again = browser.submit(f"/meetings/{meeting.id}/publish", {}, form_page="/ideas/new")
    published = db.exec(select(AuditEntry).where(AuditEntry.action == "meeting.minutes_published")).all()
    assert again.status_code == 302 and len(published) == 1
    closed = browser.submit(f"/meetings/{meeting.id}/agenda/new?lang=en",
                            {"source": "free", "title": "Nachtrag", "idea_id": "0", "measure_id": "0",
                             "paper_id": "0"}, form_page="/ideas/new")
    assert closed.status_code == 422 and "minutes of this meeting are published" in closed.get_data(as_text=True)


def test_attendance_is_recorded_and_named_only_with_consent(app, browser, db, board, secretary, make_meeting):
    meeting = make_meeting(days_ahead=-1)
    named = Membership(board_id=board.id, person_name="Helga Sommerfeld", role="chair", listed_publicly=True)
    unnamed = Membership(board_id=board.id, person_name="Jana Jung", role="member")
    db.add_all([named, unnamed])
    db.commit()
    response = browser.submit(f"/meetings/{meeting.id}/attendance",
                              {"present": [str(named.id), str(unnamed.id)]})
    assert response.status_code == 302
    press(browser, meeting, "/publish")
    page = Browser(app.test_client()).get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "Helga Sommerfeld" in page and "Jana Jung" not in page and "and 1 further member" in page
    other_board = Board(name="Themenbeirat", kind="thematic")
    db.add(other_board)
    db.flush()
    stranger = Membership(board_id=other_board.id, person_name="Fremd", role="member")
    db.add(stranger)
    db.commit()
    refused = browser.submit(f"/meetings/{meeting.id}/attendance", {"present": [str(stranger.id)]})
    assert refused.status_code == 422


def test_two_people_reordering_the_same_agenda_at_once_lose_no_item(shared_database_url, tmp_path):
    app = create_app(portal_test_config(shared_database_url, tmp_path / "mail", SQLITE_BUSY_TIMEOUT_MS=60000))
    migrate.upgrade(app.extensions["database"])
    database = app.extensions["database"]
    with database.new_session() as session:
        admin = create_user(session, email="admin@example.org", display_name="Admin", password="x" * 12,
                            roles={Role.ADMIN}, verified=True)
        board = Board(name="Projektbeirat", kind="advisory")
        session.add(board)
        session.flush()
        starts_at = datetime.now(UTC) + timedelta(days=3)
        meeting = Meeting(board_id=board.id, name="Sitzung", starts_at=starts_at, location="Rathaus")
        session.add(meeting)
        session.flush()
        session.add_all([AgendaItem(meeting_id=meeting.id, position=number, title=f"Punkt {number}")
                         for number in range(1, 7)])
        session.commit()
        admin_id, board_id, meeting_id = admin.id, board.id, meeting.id
        item_ids = list(session.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)))
    start = threading.Barrier(4)
    errors = []

    def move(item_id, offset):
        try:
            start.wait(timeout=30)
            with app.app_context(), database.new_session() as session:
                actor = session.get(User, admin_id)
                board, meeting = session.get(Board, board_id), session.get(Meeting, meeting_id)
                for _round in range(5):
                    services.move_agenda_item(session, actor, None, board, meeting, item_id, offset)
                    session.commit()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=move, args=args) for args in
               ((item_ids[0], 1), (item_ids[5], -1), (item_ids[2], 1), (item_ids[3], -1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.new_session() as session:
        rows = session.exec(select(AgendaItem.id, AgendaItem.position).where(AgendaItem.meeting_id == meeting_id)
                            .order_by(AgendaItem.position)).all()
    assert sorted(item_id for item_id, _position in rows) == sorted(item_ids)
    assert [position for _item_id, position in rows] == list(range(1, 7))
    database.dispose()
