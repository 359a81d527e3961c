"""Flagged comments: hidden with a reason (gone from the public page, its author told and able to appeal once),
a personal-data leak edited out with a visible note, or the flags dismissed."""

import re

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.comments.models import Comment, CommentFlag, Stance
from participation.comments.services import flag_comment
from participation.ideas.services import add_comment
from participation.notifications.models import Notification
from tests.conftest import Browser

LEAK = "Herr Krüger aus der Mühlenstraße 3 (Tel. 0151 2345678) ist schuld."


@pytest.fixture
def flagged(app, db, make_idea, make_user):
    """A comment on a published idea, flagged by two residents; returns (idea, comment, its author)."""
    idea = make_idea()
    author = make_user(Role.RESIDENT, name="Klara Kommentar")
    with app.app_context():
        comment = add_comment(db, author, idea, LEAK, Stance.AGAINST)
        for _ in range(2):
            flag_comment(db, make_user(Role.RESIDENT), comment, "Persönliche Daten")
    db.commit()
    return idea, comment, author


def _post(browser: Browser, comment_id: int, operation: str, prefix: str | None, data: dict):
    page = browser.get(f"/moderation/comments/{comment_id}").get_data(as_text=True)
    if prefix:
        token = re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        form = {f"{prefix}-csrf_token": token, **{f"{prefix}-{key}": value for key, value in data.items()}}
    else:
        form = {"csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)}
    return browser.client.post(f"/moderation/comments/{comment_id}/{operation}", data=form)


def open_flags(db, comment_id: int) -> int:
    return len(db.exec(select(CommentFlag).where(CommentFlag.comment_id == comment_id,
                                                 CommentFlag.resolved_at.is_(None))).all())


def test_a_hidden_comment_leaves_the_public_page_and_its_author_may_appeal_once(db, flagged, moderator, signed_in,
                                                                              client):
    idea, comment, author = flagged
    queue = signed_in(moderator).get("/moderation/?tab=flagged").get_data(as_text=True)
    assert f"/moderation/comments/{comment.id}" in queue
    response = _post(signed_in(moderator), comment.id, "hide", "hide", {"reason": "Regel 3: keine Namen Dritter"})
    assert response.status_code == 302
    db.refresh(comment)
    db.refresh(idea)
    assert comment.hidden_at is not None and open_flags(db, comment.id) == 0 and idea.comment_count == 0

    public = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Mühlenstraße" not in public and "0151" not in public
    own = signed_in(author)
    page = own.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Mühlenstraße" in page and "Regel 3: keine Namen Dritter" in page
    notification = db.exec(select(Notification).where(Notification.user_id == author.id)).one()
    assert notification.kind == "comment_hidden" and notification.params["reason"] == "Regel 3: keine Namen Dritter"

    appeal_url = f"/ideas/{idea.id}/comments/{comment.id}/appeal"
    assert own.submit(appeal_url, {"message": "Der Name ist ein Spitzname."}).status_code == 302
    assert own.get(appeal_url).status_code == 403  # once
    assert db.exec(select(Notification.kind).where(Notification.user_id == moderator.id)
                   .order_by(Notification.id)).all()[-1] == "comment_appealed"
    assert "Der Name ist ein Spitzname." in signed_in(moderator).get("/moderation/?tab=flagged").get_data(
        as_text=True)

    response = _post(signed_in(moderator), comment.id, "appeal", "appeal", {"decision": "reinstate"})
    assert response.status_code == 302
    db.refresh(comment)
    db.refresh(idea)
    assert comment.hidden_at is None and idea.comment_count == 1
    assert "Mühlenstraße" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_hiding_needs_a_reason(db, flagged, moderator, signed_in):
    _idea, comment, _author = flagged
    response = _post(signed_in(moderator), comment.id, "hide", "hide", {"reason": " "})
    assert response.status_code == 422 and 'id="hide-reason-error"' in response.get_data(as_text=True)
    db.refresh(comment)
    assert comment.hidden_at is None and open_flags(db, comment.id) == 2
    assert db.exec(select(AuditEntry).where(AuditEntry.object_type == "comment")).all() == []


def test_a_personal_data_leak_is_edited_out_with_a_visible_note(db, flagged, moderator, signed_in, client):
    idea, comment, author = flagged
    response = _post(signed_in(moderator), comment.id, "edit-out", "edit", {"body": "[…] ist schuld."})
    assert response.status_code == 302
    db.refresh(comment)
    assert comment.body == "[…] ist schuld." and comment.moderated_at is not None and open_flags(db, comment.id) == 0
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Mühlenstraße" not in page and "bearbeitet" in page  # "von der Moderation bearbeitet"
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "comment.edited_by_moderation")).one()
    assert "Mühlenstraße" not in str(entry.before) + str(entry.after) + entry.reason  # the leak is not kept
    assert db.exec(select(Notification.kind).where(Notification.user_id == author.id)).all() == [
        "comment_edited_by_moderation"]


def test_dismissed_flags_leave_the_comment_as_it_is(db, flagged, moderator, signed_in):
    _idea, comment, _author = flagged
    assert _post(signed_in(moderator), comment.id, "dismiss", None, {}).status_code == 302
    db.refresh(comment)
    assert open_flags(db, comment.id) == 0 and comment.hidden_at is None and comment.body == LEAK
    assert f"/moderation/comments/{comment.id}" not in signed_in(moderator).get(
        "/moderation/?tab=flagged").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.STAFF, Role.RESIDENT, Role.BOARD_MEMBER])
def test_only_moderators_act_on_comments(db, flagged, make_user, signed_in, role):
    _idea, comment, _author = flagged
    browser = signed_in(make_user(role))
    assert browser.get(f"/moderation/comments/{comment.id}").status_code == 403
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      browser.get("/account/").get_data(as_text=True)).group(1)
    response = browser.client.post(f"/moderation/comments/{comment.id}/hide",
                                   data={"hide-csrf_token": token, "hide-reason": "Weg damit"})
    assert response.status_code == 403
    assert db.get(Comment, comment.id).hidden_at is None
