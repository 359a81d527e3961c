"""Following ideas, and what no resident may see or inject."""

import io

from sqlmodel import select

from participation.ideas.models import IdeaFollow, IdeaStatus
from participation.notifications.models import Notification
from tests.conftest import Browser
from tests.ideas.conftest import idea_form, image_bytes


def test_authors_and_supporters_follow_automatically_and_can_stop(app, sign_in_as, browser, make_idea, make_user, db):
    author = make_user()
    idea = make_idea(author=author)
    assert db.get(IdeaFollow, (idea.id, author.id)).following
    supporter = sign_in_as()
    browser.submit(f"/ideas/{idea.id}/support", {}, form_page=f"/ideas/{idea.id}")
    assert db.get(IdeaFollow, (idea.id, supporter.id)).following
    browser.submit(f"/ideas/{idea.id}/unfollow", {}, form_page=f"/ideas/{idea.id}")
    assert not db.get(IdeaFollow, (idea.id, supporter.id)).following
    browser.submit(f"/ideas/{idea.id}/support/withdraw", {}, form_page=f"/ideas/{idea.id}")
    browser.submit(f"/ideas/{idea.id}/support", {}, form_page=f"/ideas/{idea.id}")
    assert not db.get(IdeaFollow, (idea.id, supporter.id)).following  # stopping is remembered
    browser.submit(f"/ideas/{idea.id}/follow", {}, form_page=f"/ideas/{idea.id}")
    assert db.get(IdeaFollow, (idea.id, supporter.id)).following


def test_unfollowed_ideas_send_no_notifications(app, sign_in_as, browser, make_idea, make_user, db):
    author = make_user()
    idea = make_idea(author=author)
    owner = Browser(app.test_client())
    owner.sign_in(author.email)
    owner.submit(f"/ideas/{idea.id}/unfollow", {}, form_page=f"/ideas/{idea.id}")
    sign_in_as()
    browser.submit(f"/ideas/{idea.id}/comments", {"body": "Hallo", "stance": "neutral"}, form_page=f"/ideas/{idea.id}")
    assert db.exec(select(Notification).where(Notification.user_id == author.id)).all() == []


def test_hidden_and_unpublished_ideas_are_404_on_every_route(app, client, make_idea, db):
    waiting = make_idea(title="Wartende Idee mit Bild", status=IdeaStatus.SUBMITTED)
    hidden = make_idea(title="Versteckte Idee")
    hidden.is_hidden = True
    db.add(hidden)
    db.commit()
    for idea in (waiting, hidden):
        assert client.get(f"/ideas/{idea.id}").status_code == 404
        assert client.get(f"/ideas/{idea.id}/image").status_code == 404
        assert client.get(f"/ideas/{idea.id}/edit").status_code in (302, 404)
        assert idea.title not in client.get("/ideas/?q=Idee").get_data(as_text=True)
        assert idea.title not in client.get("/ideas/similar?title=Idee").get_data(as_text=True)
    assert client.get("/ideas/999999").status_code == 404


XSS = '<script>alert(1)</script><svg onload="alert(1)">'


def test_xss_in_title_body_name_and_file_name_is_inert(app, make_user, structure, db):
    app.config["IDEAS_PREMODERATED"] = False
    author = make_user(name=f"Mallory {XSS}")
    browser = Browser(app.test_client())
    browser.sign_in(author.email)
    data = idea_form(structure, title=f"Titel {XSS}",
                     body=f"Text {XSS} [klick](javascript:alert(1)) <img src=x onerror=alert(1)>")
    data["image"] = (io.BytesIO(image_bytes()), f'{XSS}.png')
    response = browser.submit("/ideas/new", data, form_page="/ideas/new", content_type="multipart/form-data")
    assert response.status_code == 302
    for path in (response.headers["Location"], "/ideas/", "/ideas/?q=Titel", "/ideas/similar?title=Titel",
                 "/admin/audit"):
        page = browser.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<svg onload" not in page, path
        assert 'href="javascript:' not in page and "<img src=x" not in page
