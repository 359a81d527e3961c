"""The moderation pages as people use them: who may do what (every role × every action), decisions with their
reasons, answers, assignments, and two moderators deciding at once."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from participation.accounts.models import Role, User
from participation.audit.models import AuditEntry
from participation.boards.models import Board, Meeting, Membership
from participation.ideas.models import Idea, IdeaStatus
from participation.measures.models import Measure
from participation.municipality.models import OrgUnit
from participation.notifications.models import Notification
from tests.conftest import Browser, csrf_token_from
from tests.ideas.conftest import idea_form
from tests.moderation.conftest import timeline

ROLES = ["visitor", "resident", "author", "moderator", "staff", "board member", "admin"]
# Who may do what: the queue and the answer are open to moderators and staff, triage only to moderators.
ALLOWED = {
    "queue": {"moderator", "staff", "admin"},
    "panel": {"moderator", "staff", "admin"},
    "publish": {"moderator", "admin"},
    "reject": {"moderator", "admin"},
    "in_review": {"moderator", "staff", "admin"},
    "answer": {"moderator", "staff", "admin"},
    "assign": {"moderator", "staff", "admin"},
    "merge": {"moderator", "admin"},
    "route": {"moderator", "staff", "admin"},
    "agenda": {"moderator", "admin"},
}


def _person(role: str, make_user, db, idea: Idea):
    if role == "visitor":
        return None
    if role == "author":
        return _author(db, idea)
    if role == "board member":
        user = make_user(Role.RESIDENT, Role.BOARD_MEMBER)
        board = Board(name="Projektbeirat")
        db.add(board)
        db.flush()
        db.add(Membership(board_id=board.id, user_id=user.id))
        db.commit()
        return user
    return make_user({"resident": Role.RESIDENT, "moderator": Role.MODERATOR, "staff": Role.STAFF,
                      "admin": Role.ADMIN}[role])


def _author(db, idea: Idea) -> User:
    return db.get(User, idea.author_id)


def _form_values(page: str, prefix: str) -> dict:
    token = re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    version = re.search(rf'name="{prefix}-version" type="hidden" value="(\d+)"', page).group(1)
    return {f"{prefix}-csrf_token": token, f"{prefix}-version": version}


def _post(browser: Browser, idea: Idea, operation: str, data: dict, panel: str | None = None):
    page = panel if panel is not None else browser.get(f"/moderation/ideas/{idea.id}").get_data(as_text=True)
    prefix = operation
    if f'name="{prefix}-version"' not in page:  # the panel is closed to this user: send a well-formed form anyway
        token_page = browser.get("/auth/login", follow_redirects=True).get_data(as_text=True)
        if "csrf_token" not in token_page:  # signed in: the login page sent us on
            token_page = browser.get("/account/").get_data(as_text=True)
        form = {f"{prefix}-csrf_token": csrf_token_from(token_page), f"{prefix}-version": str(idea.version)}
    else:
        form = _form_values(page, prefix)
    return browser.client.post(f"/moderation/ideas/{idea.id}/{operation}",
                               data={**form, **{f"{prefix}-{key}": value for key, value in data.items()}})


def _other_idea(db, make_idea):
    return {"target": str(make_idea(title="Die Idee, in der es weitergeht").id)}


def _planned_measure(db, make_idea):
    measure = Measure(title="Aufenthaltsqualität am Mühlenbach", description="Bänke.", contribution="Beitrag.",
                      status="planned", unit_id=_unit(db).id, responsible_id=db.exec(select(User.id)).first())
    db.add(measure)
    db.commit()
    return {"measure": str(measure.id)}


def _unit(db):
    unit = OrgUnit(name="Fachbereich Bauen")
    db.add(unit)
    db.flush()
    return unit


def _coming_meeting(db, make_idea):
    board = Board(name="Themenbeirat Umwelt")
    db.add(board)
    db.flush()
    meeting = Meeting(board_id=board.id, name="Sitzung", starts_at=datetime.now(UTC) + timedelta(days=20))
    db.add(meeting)
    db.commit()
    return {"meeting": str(meeting.id)}


# operation: (the idea's state, the form, its data or a function of (db, make_idea) giving it)
OPERATIONS = {
    "publish": (IdeaStatus.SUBMITTED, "decide", {"action": "publish"}),
    "reject": (IdeaStatus.SUBMITTED, "decide", {"action": "reject", "reason": "Passt nicht zum Portal."}),
    "in_review": (IdeaStatus.PUBLISHED, "decide", {"action": "in_review"}),
    "answer": (IdeaStatus.PUBLISHED, "answer", {"office": "Stadt, Bauamt", "text": "Wir prüfen das."}),
    "assign": (IdeaStatus.PUBLISHED, "assign", {"assignee": "0"}),
    "merge": (IdeaStatus.PUBLISHED, "merge", _other_idea),
    "route": (IdeaStatus.PUBLISHED, "route", _planned_measure),
    "agenda": (IdeaStatus.PUBLISHED, "agenda", _coming_meeting),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", [*OPERATIONS, "queue", "panel"])
def test_every_role_may_only_what_its_role_allows(db, make_idea, make_user, signed_in, role, operation):
    status = OPERATIONS[operation][0] if operation in OPERATIONS else IdeaStatus.SUBMITTED
    idea = make_idea(status=status)
    browser = signed_in(_person(role, make_user, db, idea))
    if operation == "queue":
        response = browser.get("/moderation/")
    elif operation == "panel":
        response = browser.get(f"/moderation/ideas/{idea.id}")
    else:
        _status, form, data = OPERATIONS[operation]
        response = _post(browser, idea, form, data(db, make_idea) if callable(data) else data)
    if role == "visitor":
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    elif role in ALLOWED[operation]:
        assert response.status_code in (200, 302), response.get_data(as_text=True)[:2000]
        if operation in OPERATIONS:
            assert "/moderation/ideas/" in response.headers["Location"]  # done, back to the idea's panel
    else:
        assert response.status_code == 403
    if operation in OPERATIONS and role not in ALLOWED[operation]:
        db.refresh(idea)
        assert idea.status == status.value and idea.official_answer == ""


def test_a_moderator_publishes_and_the_author_is_told(db, make_idea, moderator, signed_in):
    idea = make_idea(status=IdeaStatus.SUBMITTED)
    browser = signed_in(moderator)
    queue = browser.get("/moderation/").get_data(as_text=True)
    assert idea.title in queue and "(1)" in queue
    response = _post(browser, idea, "decide", {"action": "publish"})
    assert response.status_code == 302
    db.refresh(idea)
    assert idea.status == "published" and timeline(db, idea.id)[-1] == "published"
    assert db.exec(select(Notification.kind).where(Notification.user_id == idea.author_id)).all() == [
        "idea_status_changed"]
    assert idea.title not in browser.get("/moderation/").get_data(as_text=True)


@pytest.mark.parametrize("action", ["reject", "request_changes"])
def test_rejecting_or_asking_for_changes_needs_a_reason(db, make_idea, moderator, signed_in, action):
    idea = make_idea(status=IdeaStatus.SUBMITTED)
    response = _post(signed_in(moderator), idea, "decide", {"action": action, "reason": "  "})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="decide-reason-error"' in page
    db.refresh(idea)
    assert idea.status == "submitted" and timeline(db, idea.id) == ["submitted"]
    assert db.exec(select(AuditEntry).where(AuditEntry.object_type == "idea")).all() == []


def test_a_rejection_reason_is_inert_in_the_page_and_the_mail(db, make_idea, moderator, signed_in, mailbox,
                                                              runner):
    idea = make_idea(status=IdeaStatus.SUBMITTED)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert _post(signed_in(moderator), idea, "decide", {"action": "reject", "reason": payload}).status_code == 302
    author_page = signed_in(_author(db, idea)).get(f"/ideas/{idea.id}").get_data(as_text=True)
    timeline_part = author_page[author_page.index('id="timeline-title"'):]
    assert "alert(" in timeline_part  # the reason is shown, as text
    assert "<script>alert" not in author_page and not re.search(r"<img[^>]*onerror", author_page)
    assert runner.invoke(args=["send-mail"]).exit_code == 0
    mails = mailbox.to(_author(db, idea).email)
    assert len(mails) == 1
    # The mail is plain text only: the reason arrives as the words it is, nothing a mail program would run.
    assert not mails[0].is_multipart() and mails[0].get_content_type() == "text/plain"
    assert '<script>alert("x")</script>' in mailbox.body(mails[0])


def test_the_author_changes_the_idea_and_it_returns_to_the_queue(db, make_idea, moderator, signed_in, structure):
    idea = make_idea(status=IdeaStatus.SUBMITTED)
    moderation = signed_in(moderator)
    assert _post(moderation, idea, "decide", {"action": "request_changes",
                                              "reason": "Bitte nennen Sie den Ort genauer."}).status_code == 302
    author = signed_in(_author(db, idea))
    page = author.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Bitte nennen Sie den Ort genauer." in page
    response = author.submit(f"/ideas/{idea.id}/edit", idea_form(structure, title="Bank am Mühlenbach, Höhe Steg"))
    assert response.status_code == 302
    db.refresh(idea)
    assert idea.status == "submitted" and timeline(db, idea.id) == ["submitted", "changes_requested", "submitted"]
    assert "Bank am Mühlenbach, Höhe Steg" in moderation.get("/moderation/").get_data(as_text=True)


def test_two_moderators_deciding_at_once_one_wins_the_other_is_told(db, make_idea, make_user, signed_in):
    idea = make_idea(status=IdeaStatus.SUBMITTED)
    first, second = signed_in(make_user(Role.MODERATOR)), signed_in(make_user(Role.MODERATOR))
    first_panel = first.get(f"/moderation/ideas/{idea.id}").get_data(as_text=True)
    second_panel = second.get(f"/moderation/ideas/{idea.id}").get_data(as_text=True)
    assert _post(first, idea, "decide", {"action": "publish"}, panel=first_panel).status_code == 302
    response = _post(second, idea, "decide", {"action": "reject", "reason": "Doppelt."}, panel=second_panel)
    assert response.status_code == 409
    assert "inzwischen geändert" in response.get_data(as_text=True)  # German: the default language
    db.refresh(idea)
    assert idea.status == "published" and timeline(db, idea.id) == ["submitted", "published"]
    assert len(db.exec(select(AuditEntry).where(AuditEntry.action == "idea.status_changed")).all()) == 1


def test_official_answers_are_versioned_and_shown_with_their_office(db, make_idea, staff, signed_in):
    idea = make_idea(status=IdeaStatus.PUBLISHED)
    browser = signed_in(staff)
    assert _post(browser, idea, "answer", {"office": "Stadt, Bauamt", "text": "Wir prüfen den Standort."}
                 ).status_code == 302
    assert _post(browser, idea, "answer", {"office": "Stadt, Fachbereich Umwelt",
                                           "text": "Die Bank wird im Frühjahr aufgestellt."}).status_code == 302
    db.refresh(idea)
    assert idea.status == "answered"
    page = Browser(signed_in(None).client).get(f"/ideas/{idea.id}").get_data(as_text=True)
    answer = page[page.index('id="answer"'):]
    assert answer.index("Die Bank wird im Frühjahr aufgestellt.") < answer.index("Wir prüfen den Standort.")
    assert "Stadt, Fachbereich Umwelt" in answer and "<details>" in answer
    kinds = db.exec(select(Notification.kind).where(Notification.user_id == idea.author_id)).all()
    assert kinds == ["idea_status_changed", "idea_answered"]


def test_an_answer_needs_text_and_office(db, make_idea, staff, signed_in):
    idea = make_idea(status=IdeaStatus.PUBLISHED)
    response = _post(signed_in(staff), idea, "answer", {"office": "", "text": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="answer-office-error"' in page and 'id="answer-text-error"' in page
    db.refresh(idea)
    assert idea.status == "published" and idea.official_answer == ""


def test_an_assigned_staff_member_is_told_and_finds_the_idea_under_assigned_to_me(db, make_idea, moderator,
                                                                                   staff, signed_in):
    idea = make_idea(status=IdeaStatus.PUBLISHED)
    assert _post(signed_in(moderator), idea, "assign", {"assignee": str(staff.id)}).status_code == 302
    db.refresh(idea)
    assert idea.assigned_to_id == staff.id
    assert db.exec(select(Notification.kind).where(Notification.user_id == staff.id)).all() == ["idea_assigned"]
    mine = signed_in(staff).get("/moderation/?tab=assigned").get_data(as_text=True)
    assert idea.title in mine
    assert idea.title not in signed_in(moderator).get("/moderation/?tab=assigned").get_data(as_text=True)


def test_a_resident_cannot_be_assigned(db, make_idea, make_user, moderator, signed_in):
    idea = make_idea(status=IdeaStatus.PUBLISHED)
    resident = make_user(Role.RESIDENT)
    response = _post(signed_in(moderator), idea, "assign", {"assignee": str(resident.id)})
    assert response.status_code == 422
    db.refresh(idea)
    assert idea.assigned_to_id is None


def test_the_queue_filters_by_district_and_age_and_refuses_nonsense(db, make_idea, moderator, signed_in, structure):
    in_seedorf = make_idea(title="Idee aus Seedorf", status=IdeaStatus.SUBMITTED, district=0)
    in_altstadt = make_idea(title="Idee aus der Altstadt", status=IdeaStatus.SUBMITTED, district=1)
    browser = signed_in(moderator)
    seedorf = structure["districts"][0].id
    page = browser.get(f"/moderation/?tab=waiting&district={seedorf}").get_data(as_text=True)
    assert in_seedorf.title in page and in_altstadt.title not in page
    page = browser.get("/moderation/?tab=waiting&older_than=30").get_data(as_text=True)
    assert in_seedorf.title not in page
    assert browser.get("/moderation/?tab=waiting&older_than=-4").status_code == 400


def test_a_rejected_published_idea_stays_readable_with_its_reason_an_unpublished_one_private(
        db, make_idea, moderator, signed_in, client):
    published = make_idea(title="Parkplätze statt Spielplatz")
    submitted = make_idea(title="Werbung für Dachrinnen", status=IdeaStatus.SUBMITTED)
    browser = signed_in(moderator)
    for idea in (published, submitted):
        assert _post(browser, idea, "decide", {"action": "reject", "reason": "Widerspricht Regel 4."}
                     ).status_code == 302
    page = client.get(f"/ideas/{published.id}")
    assert page.status_code == 200 and "Widerspricht Regel 4." in page.get_data(as_text=True)
    assert client.get(f"/ideas/{submitted.id}").status_code == 404
    assert "Parkplätze statt Spielplatz" not in client.get("/ideas/").get_data(as_text=True)
    rejected_list = client.get("/ideas/?status=rejected").get_data(as_text=True)
    assert "Parkplätze statt Spielplatz" in rejected_list and "Werbung für Dachrinnen" not in rejected_list
