"""The data export (/account/export): a person sees and downloads everything the portal holds about them, and
nothing of anyone else's; only signed in, never cached, in a constant number of queries."""

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from participation.accounts.models import Role, User
from participation.audit.services import record
from participation.comments.models import Stance
from participation.comments.services import flag_comment
from participation.db import utcnow
from participation.ideas.models import Idea
from participation.ideas.services import IdeaDraft, add_comment, propose_idea, set_following, support_idea
from participation.municipality.models import District
from participation.notifications.kinds import NotificationKind
from participation.notifications.services import notify
from participation.privacy.consents import give_consent
from participation.privacy.models import ConsentSubject
from participation.volunteering import services as volunteering
from participation.volunteering.models import ProjectStatus
from participation.volunteering.queries import ShiftContext
from tests.query_count import recorded_statements, selects

EN = {"Accept-Language": "en"}


@dataclass
class World:
    resident: User
    other: User
    own_idea: Idea
    other_idea: Idea


@pytest.fixture
def district(db):
    found = District(name="Seedorf")
    db.add(found)
    db.commit()
    return found


def _idea(app, db, author: User, title: str, district: District) -> Idea:
    with app.app_context():
        idea = propose_idea(db, author, IdeaDraft(title=title, body="Damit es schöner wird.", district_id=district.id,
                                                  action_area_ids=[]), premoderated=False)
    db.commit()
    return idea


def _confirmed_shift(app, db, coordinator: User, volunteer: User, district: District) -> None:
    """A shift the volunteer signed up for, held yesterday, with 2.5 hours confirmed by the coordinator."""
    now = utcnow()
    with app.app_context():
        project = volunteering.create_project(db, coordinator, volunteering.ProjectDraft(
            title="Repair-Café Seedorf", description="", status=ProjectStatus.ACTIVE, district_ids=[district.id]), now)
        task = volunteering.add_task(db, coordinator, project, volunteering.TaskDraft(
            title="Geräte annehmen", place="Dorfgemeinschaftshaus", skills=""))
        shift = volunteering.add_shift(db, coordinator, project, task, volunteering.ShiftDraft(
            starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=3), slots=2,
            cancel_cutoff_hours=24, is_public=True), now)
        entry = volunteering.sign_up(db, volunteer, shift, now)
        # Only past shifts are confirmed: move it back, as the coordinator would see it after the day.
        shift.starts_at, shift.ends_at = now - timedelta(days=1), now - timedelta(days=1) + timedelta(hours=3)
        db.add(shift)
        context = ShiftContext(shift=shift, task=task, project=project)
        volunteering.confirm_attendance(db, coordinator, context, [volunteering.Attendance(entry.id, True, 2.5)], now)
    db.commit()


@pytest.fixture
def world(app, db, make_user, district) -> World:
    """A resident with an idea, a comment, a support, a follow, a report, a confirmed shift, a notification, a
    consent and an audit entry about them; and another resident who comments on and supports the same ideas."""
    resident = make_user(name="Rita Resident", email_address="rita@example.org")
    other = make_user(name="Otto Other", email_address="otto@example.org")
    admin = make_user(Role.ADMIN, name="Ada Admin")
    coordinator = make_user(Role.PARTNER_COORDINATOR, name="Paula Partner")
    resident.district_id = district.id
    db.add(resident)
    db.commit()
    own_idea = _idea(app, db, resident, "Bänke am Mühlenbach", district)
    other_idea = _idea(app, db, other, "Obstwiese für alle", district)
    with app.app_context():
        add_comment(db, resident, own_idea, "Rita schreibt: der Weg ist zu steil.", Stance.FOR)
        reported = add_comment(db, other, own_idea, "Otto meint etwas ganz anderes.", Stance.AGAINST)
        flag_comment(db, resident, reported, "Das ist beleidigend.")
        support_idea(db, resident, other_idea)  # and so follows it
        support_idea(db, other, own_idea)
        set_following(db, resident, own_idea, False)  # a follow given up is not a follow
        notify(db, [resident], NotificationKind.IDEA_STATUS_CHANGED, f"/ideas/{own_idea.id}",
               {"idea_title": own_idea.title, "actor_name": "Moderation", "status_label": "In Prüfung"})
        give_consent(db, subject=ConsentSubject.PRIVACY_NOTICE, version="2026-01-15", user=resident)
        record(db, admin, "user.blocked", object_type="user", object_id=resident.id, object_label=resident.display_name,
               reason="Beleidigung im Kommentar 17")
        record(db, admin, "user.blocked", object_type="user", object_id=other.id, object_label=other.display_name,
               reason="Ottos Sperrgrund")
    db.commit()
    _confirmed_shift(app, db, coordinator, resident, district)
    return World(resident=resident, other=other, own_idea=own_idea, other_idea=other_idea)


def _download(browser):
    response = browser.get("/account/export.json", headers=EN)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_the_download_holds_everything_about_the_person(world, signed_in):
    data = json.loads(_download(signed_in(world.resident)).get_data(as_text=True))

    profile = data["profile"]["account"]
    assert profile["email"] == "rita@example.org" and profile["display_name"] == "Rita Resident"
    assert profile["district"] == "Seedorf" and profile["privacy_consent_at"]
    assert [role["role"] for role in data["profile"]["roles"]] == ["resident"]

    [idea] = data["ideas"]["ideas"]
    assert idea["title"] == "Bänke am Mühlenbach" and idea["body"] == "Damit es schöner wird."
    assert idea["status"] == "published" and idea["path"] == f"/ideas/{world.own_idea.id}"

    [comment] = data["comments"]["comments"]
    assert comment["body"] == "Rita schreibt: der Weg ist zu steil."
    assert comment["subject_type"] == "idea" and comment["subject_title"] == "Bänke am Mühlenbach"
    assert comment["path"] == f"/ideas/{world.own_idea.id}#comment-{comment['id']}"

    assert [(row["idea"], row["idea_id"]) for row in data["supports"]["supports"]] == [
        ("Obstwiese für alle", world.other_idea.id)]
    assert [row["idea_id"] for row in data["follows"]["ideas"]] == [world.other_idea.id]

    [report] = data["reports"]["comments"]
    assert report["reason"] == "Das ist beleidigend." and report["subject_title"] == "Bänke am Mühlenbach"

    [sign_up] = data["volunteering"]["sign_ups"]
    assert sign_up["project"] == "Repair-Café Seedorf" and sign_up["task"] == "Geräte annehmen"
    assert sign_up["state"] == "signed_up" and sign_up["attended"] is True and sign_up["hours"] == 2.5
    assert [row["project"] for row in data["volunteering"]["coordinated_projects"]] == []

    notifications = data["notifications"]["notifications"]
    assert any(row["kind"] == "idea_status_changed" and "In Prüfung" in row["text"] for row in notifications)
    assert data["notifications"]["settings"]["email_mode"] == "immediate"

    [consent] = data["consents"]["consents"]
    assert consent["consent"] == "privacy_notice" and consent["version"] == "2026-01-15"
    assert consent["withdrawn_at"] is None

    [about] = data["audit"]["about_your_account"]
    assert about["action"] == "user.blocked" and about["reason"] == "Beleidigung im Kommentar 17"
    assert about["by_yourself"] is False
    assert len(data["sign_ins"]["sign_ins"]) == 1  # this browser


def test_nothing_of_anyone_else_is_in_the_download(world, signed_in):
    text = _download(signed_in(world.resident)).get_data(as_text=True)
    assert "Otto meint etwas ganz anderes." not in text  # their comment on her idea, even though she reported it
    assert "otto@example.org" not in text and "Ottos Sperrgrund" not in text
    data = json.loads(text)
    assert len(data["supports"]["supports"]) == 1  # not Otto's support of her idea
    assert len(data["comments"]["comments"]) == 1
    assert "token" not in text and "password" not in text


def test_the_page_shows_the_same_readably(world, signed_in):
    page = signed_in(world.resident).get("/account/export", headers=EN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for expected in ("rita@example.org", "Bänke am Mühlenbach", "Rita schreibt: der Weg ist zu steil.",
                     "Obstwiese für alle", "Repair-Café Seedorf", "In Prüfung", "Privacy notice accepted",
                     "Beleidigung im Kommentar 17", 'href="/account/export.json"', "Download as JSON"):
        assert expected in html, expected
    assert f'<a href="/ideas/{world.other_idea.id}">Obstwiese für alle</a>' in html
    assert "Otto meint etwas ganz anderes." not in html and "Ottos Sperrgrund" not in html
    # Every heading is a label, never a key of the JSON (such as "created_at").
    raw_keys = re.findall(r"<(?:th scope=\"col\"|dt)>([a-z_]+)</(?:th|dt)>", html)
    assert raw_keys == []
    assert "The portal holds nothing of this kind about you." in html  # e.g. no board seats


def test_visitors_are_sent_to_sign_in(client):
    for path in ("/account/export", "/account/export.json"):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_neither_page_nor_download_is_cached_and_the_download_is_a_dated_attachment(world, signed_in):
    browser = signed_in(world.resident)
    page = browser.get("/account/export")
    download = _download(browser)
    assert page.headers["Cache-Control"] == "no-store" and download.headers["Cache-Control"] == "no-store"
    today = utcnow().astimezone(ZoneInfo("Europe/Berlin")).date().isoformat()
    assert download.headers["Content-Disposition"] == f'attachment; filename="participation-data-{today}.json"'
    assert download.mimetype == "application/json"
    raw = download.get_data()
    assert "Bänke am Mühlenbach".encode() in raw  # UTF-8 as it is, not \u escapes
    assert raw.startswith(b'{\n  "')  # pretty-printed


def test_the_download_is_rate_limited_per_account(app, world, signed_in):
    app.config["RATELIMIT_EXPORT"] = "2 per hour"
    browser = signed_in(world.resident)
    for _attempt in range(2):
        _download(browser)
    assert browser.get("/account/export.json").status_code == 429
    _download(signed_in(world.other))  # someone else, from the same address, still may


def _add_ideas_with_comments(app, db, author: User, district: District, numbers: range) -> None:
    for number in numbers:
        idea = _idea(app, db, author, f"Idee {number}", district)
        with app.app_context():
            add_comment(db, author, idea, f"Kommentar {number}", Stance.NEUTRAL)
        db.commit()


@pytest.mark.parametrize("path", ["/account/export", "/account/export.json"])
def test_the_export_costs_as_many_queries_for_two_ideas_as_for_ten(app, db, make_user, signed_in, district, path):
    author = make_user()
    browser = signed_in(author)

    def count_selects() -> int:
        with recorded_statements(app.extensions["database"].engine) as statements:
            response = browser.get(path)
        assert response.status_code == 200
        assert f"Kommentar {number_of_ideas - 1}" in response.get_data(as_text=True)
        return len(selects(statements))

    number_of_ideas = 2
    _add_ideas_with_comments(app, db, author, district, range(2))
    few = count_selects()
    number_of_ideas = 10
    _add_ideas_with_comments(app, db, author, district, range(2, 10))
    assert count_selects() == few
