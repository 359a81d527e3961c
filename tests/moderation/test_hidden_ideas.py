"""Reported ideas: hidden with the rule they break (gone from every public page, the author sees it marked
hidden and may appeal once), or the reports dismissed."""

import re

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.ideas.models import IdeaFlag, IdeaVersion
from participation.ideas.services import IdeaDraft, edit_idea
from participation.notifications.models import Notification
from tests.conftest import Browser


def _post(browser: Browser, idea_id: int, operation: str, data: dict):
    page = browser.get(f"/moderation/ideas/{idea_id}").get_data(as_text=True)
    token = re.search(rf'name="{operation}-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    version = re.search(rf'name="{operation}-version" type="hidden" value="(\d+)"', page).group(1)
    return browser.client.post(f"/moderation/ideas/{idea_id}/{operation}", data={
        f"{operation}-csrf_token": token, f"{operation}-version": version,
        **{f"{operation}-{key}": value for key, value in data.items()}})


def _kinds(db, user) -> list[str]:
    return list(db.exec(select(Notification.kind).where(Notification.user_id == user.id).order_by(Notification.id)))


def _report(signed_in, make_user, idea):
    return signed_in(make_user(Role.RESIDENT)).submit(f"/ideas/{idea.id}/report", {"reason": "Das ist Werbung."})


def test_a_reported_idea_reaches_the_moderators_once(db, make_idea, make_user, moderator, signed_in):
    idea = make_idea(title="Dachrinnen günstig reinigen lassen")
    for _ in range(2):
        assert _report(signed_in, make_user, idea).status_code == 302
    assert _kinds(db, moderator) == ["idea_flagged"]
    queue = signed_in(moderator).get("/moderation/?tab=flagged").get_data(as_text=True)
    assert f"/moderation/ideas/{idea.id}" in queue and "Dachrinnen günstig reinigen lassen" in queue


def test_a_hidden_idea_leaves_every_public_page_and_its_author_may_appeal_once(db, make_idea, make_user, moderator,
                                                                             signed_in, client):
    idea = make_idea(title="Dachrinnen günstig reinigen lassen")
    author = db.get(type(moderator), idea.author_id)
    _report(signed_in, make_user, idea)
    response = _post(signed_in(moderator), idea.id, "hide", {"reason": "Regel 2: keine Werbung"})
    assert response.status_code == 302
    db.refresh(idea)
    assert idea.is_hidden and db.exec(select(IdeaFlag).where(IdeaFlag.resolved_at.is_(None))).all() == []
    assert client.get(f"/ideas/{idea.id}").status_code == 404
    assert "Dachrinnen" not in client.get("/ideas/").get_data(as_text=True)
    assert "günstig reinigen" not in client.get("/ideas/?q=Dachrinnen").get_data(as_text=True)
    assert "idea_hidden" in _kinds(db, author)

    own = signed_in(author)
    page = own.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Regel 2: keine Werbung" in page and f"/ideas/{idea.id}/appeal" in page
    assert own.submit(f"/ideas/{idea.id}/appeal", {"message": "Ich biete das ehrenamtlich an."}).status_code == 302
    assert own.get(f"/ideas/{idea.id}/appeal").status_code == 403  # once
    assert _kinds(db, moderator)[-1] == "idea_appealed"

    assert _post(signed_in(moderator), idea.id, "appeal", {"decision": "reinstate"}).status_code == 302
    db.refresh(idea)
    assert not idea.is_hidden and client.get(f"/ideas/{idea.id}").status_code == 200
    assert _kinds(db, author)[-1] == "idea_appeal_decided"


def test_hiding_an_idea_needs_a_reason(db, make_idea, moderator, signed_in):
    idea = make_idea()
    response = _post(signed_in(moderator), idea.id, "hide", {"reason": ""})
    assert response.status_code == 422 and 'id="hide-reason-error"' in response.get_data(as_text=True)
    db.refresh(idea)
    assert not idea.is_hidden


def test_dismissed_reports_leave_the_idea_public(db, make_idea, make_user, moderator, signed_in, client):
    idea = make_idea()
    _report(signed_in, make_user, idea)
    assert _post(signed_in(moderator), idea.id, "dismiss", {}).status_code == 302
    assert db.exec(select(IdeaFlag).where(IdeaFlag.resolved_at.is_(None))).all() == []
    assert client.get(f"/ideas/{idea.id}").status_code == 200


@pytest.mark.parametrize("role", [Role.STAFF, Role.RESIDENT])
def test_only_moderators_hide_ideas(db, make_idea, make_user, signed_in, role):
    idea = make_idea()
    browser = signed_in(make_user(role))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      browser.get("/account/").get_data(as_text=True)).group(1)
    response = browser.client.post(f"/moderation/ideas/{idea.id}/hide", data={
        "hide-csrf_token": token, "hide-version": str(idea.version), "hide-reason": "Weg damit"})
    assert response.status_code == 403
    db.refresh(idea)
    assert not idea.is_hidden


def test_personal_data_is_edited_out_of_an_idea_with_a_visible_note_and_no_copy_kept(
        app, db, make_idea, moderator, signed_in, client, structure):
    idea = make_idea(title="Lärm bei Familie Krüger, Mühlenstraße 3", body="Dort ist es nachts laut.")
    author = db.get(type(moderator), idea.author_id)
    with app.app_context():  # the author edits once: an earlier version is kept
        edit_idea(db, author, idea, IdeaDraft(title=idea.title, body="Bei Krügers, Mühlenstraße 3, ist es laut.",
                                              district_id=structure["districts"][0].id, action_area_ids=[]),
                  moderated=False)
    db.commit()
    browser = signed_in(moderator)
    page = browser.get(f"/moderation/ideas/{idea.id}").get_data(as_text=True)
    token = re.search(r'name="edit-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    version = re.search(r'name="edit-version" type="hidden" value="(\d+)"', page).group(1)
    response = browser.client.post(f"/moderation/ideas/{idea.id}/edit-out", data={
        "edit-csrf_token": token, "edit-version": version, "edit-title": "Nächtlicher Lärm in der Altstadt",
        "edit-body": "Dort ist es nachts laut."})
    assert response.status_code == 302
    public = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Mühlenstraße" not in public and "Krüger" not in public
    assert "von der Moderation bearbeitet" in public
    assert db.exec(select(IdeaVersion).where(IdeaVersion.idea_id == idea.id)).all() == []
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "idea.edited_by_moderation")).one()
    assert "Mühlenstraße" not in f"{entry.object_label}{entry.before}{entry.after}{entry.reason}"
    # The search no longer finds the idea by what was edited out.
    assert "Nächtlicher Lärm in der Altstadt" not in client.get("/ideas/?q=Mühlenstraße").get_data(as_text=True)
    assert "Nächtlicher Lärm in der Altstadt" in client.get("/ideas/?q=Lärm").get_data(as_text=True)
