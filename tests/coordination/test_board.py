"""The space's message board: members start discussions and reply in Markdown (sanitised), and the other members
are notified in the portal and by mail."""

import re

from sqlalchemy import func
from sqlmodel import select

from participation.coordination.models import SpacePost, SpaceThread
from participation.notifications.models import Notification, OutboxMail
from participation.volunteering.models import ProjectCoordinator
from tests.coordination.helpers import post

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _start(browser, space, title="Schnitttermin im März", body="Wir schneiden **am Samstag**."):
    return post(browser, f"{space.path}/threads/new?lang=en", {"title": title, "body": body})


def _notified(db, user) -> list[Notification]:
    return list(db.exec(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)))


def test_a_member_starts_a_discussion_in_markdown_and_the_others_are_notified(db, space, signed_in):
    browser = signed_in(space.partner_member)
    response = _start(browser, space, body=f"Wir schneiden **am Samstag**.\n\n{SCRIPT}")
    thread = db.exec(select(SpaceThread)).one()
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"{space.path}/threads/{thread.id}")
    page = browser.get(f"{space.path}/threads/{thread.id}").get_data(as_text=True)
    assert "<strong>am Samstag</strong>" in page and "Nils Naturschutz" in page
    assert "<script>alert" not in page and not re.search(r"<img[^>]*onerror", page)
    assert "alert(" in page  # shown as the text it is

    [notification] = _notified(db, space.coordinator)
    assert notification.link == f"{space.path}/threads/{thread.id}"
    assert notification.params["thread_title"] == "Schnitttermin im März"
    assert _notified(db, space.partner_member) == []  # not the author
    assert _notified(db, space.morning_volunteers[0]) == []  # not in the space
    assert db.exec(select(OutboxMail.recipient)).all() == [space.coordinator.email]

    overview = browser.get(space.path).get_data(as_text=True)
    assert "Schnitttermin im März" in overview and "1 post" in overview


def test_a_reply_notifies_the_other_members_and_links_to_the_post(db, space, signed_in):
    _start(signed_in(space.coordinator), space)
    thread = db.exec(select(SpaceThread)).one()
    browser = signed_in(space.partner_member)
    response = post(browser, f"{space.path}/threads/{thread.id}", {"body": "Ich bringe die *Leiter* mit."})
    reply = db.exec(select(SpacePost).order_by(SpacePost.id.desc())).first()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#post-{reply.id}")
    replies = [n for n in _notified(db, space.coordinator) if n.kind == "space_reply"]
    assert [n.link for n in replies] == [f"{space.path}/threads/{thread.id}#post-{reply.id}"]
    assert [n.kind for n in _notified(db, space.partner_member)] == ["space_thread_started"]
    page = browser.get(f"{space.path}/threads/{thread.id}").get_data(as_text=True)
    assert page.index("Wir schneiden") < page.index("<em>Leiter</em>")
    notifications_page = signed_in(space.coordinator).get("/account/notifications?lang=en").get_data(as_text=True)
    assert "Nils Naturschutz replied to “Schnitttermin im März”" in notifications_page


def test_an_empty_discussion_is_refused_at_its_fields_and_nothing_is_written(db, space, signed_in):
    browser = signed_in(space.coordinator)
    response = _start(browser, space, title="  ", body="")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="title-error"' in page and "Please give the discussion a subject." in page
    assert 'id="body-error"' in page and "Please write a message." in page
    assert db.exec(select(func.count()).select_from(SpaceThread)).one() == 0
    assert db.exec(select(func.count()).select_from(Notification)).one() == 0


def test_an_empty_reply_is_refused_at_its_field(db, space, signed_in):
    browser = signed_in(space.coordinator)
    _start(browser, space)
    thread = db.exec(select(SpaceThread)).one()
    response = post(browser, f"{space.path}/threads/{thread.id}?lang=en", {"body": " "})
    assert response.status_code == 422 and "Please write a message." in response.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(SpacePost)).one() == 1


def test_a_thread_of_another_project_is_not_found_in_this_space(db, space, signed_in):
    """Ids are guessable: a thread is only reachable below its own project's space."""
    _start(signed_in(space.coordinator), space)
    thread = db.exec(select(SpaceThread)).one()
    db.add(ProjectCoordinator(project_id=space.other_project.id, user_id=space.other_volunteer.id))
    db.commit()
    other = signed_in(space.other_volunteer)
    assert other.get(f"/volunteer/projects/{space.other_project.id}/space").status_code == 200
    assert other.get(f"/volunteer/projects/{space.other_project.id}/space/threads/{thread.id}").status_code == 404
