"""A demo resident downloads their data, deletes the account, and registers again with the same address."""

import json

from sqlmodel import col, select

from participation.accounts.demo import DEMO_PASSWORD
from participation.accounts.models import Role, User
from participation.comments.models import Comment
from participation.db import utcnow
from participation.ideas.models import PUBLIC_STATUSES, Idea, Support
from participation.volunteering.models import Shift, SignUp
from tests.auth.test_register import registration


def _public_ideas(db, *where):
    return db.exec(select(Idea).where(col(Idea.status).in_([status.value for status in PUBLIC_STATUSES]),
                                      col(Idea.is_hidden).is_(False), *where).order_by(Idea.id)).all()


def _pick_resident(db):
    """The first demo resident with a public idea, a visible comment on one, a support, a coming shift and
    confirmed hours of a past one."""
    now = utcnow()
    for user in db.exec(select(User).order_by(User.id)):
        if user.roles != {Role.RESIDENT}:
            continue
        ideas = _public_ideas(db, Idea.author_id == user.id)
        comments = db.exec(select(Comment).where(
            Comment.author_id == user.id, col(Comment.hidden_at).is_(None), col(Comment.deleted_at).is_(None),
            col(Comment.idea_id).in_([idea.id for idea in _public_ideas(db)])).order_by(Comment.id)).all()
        supported = _public_ideas(db, col(Idea.id).in_(select(Support.idea_id).where(Support.user_id == user.id)))
        shifts = db.exec(select(Shift.starts_at, SignUp.hours).join(SignUp, SignUp.shift_id == Shift.id)
                         .where(SignUp.user_id == user.id)).all()
        if ideas and comments and supported and any(starts > now for starts, _hours in shifts) \
                and any(hours for _starts, hours in shifts):
            return user, ideas[0], comments[0], supported[0]
    raise AssertionError("the demo has no resident who did everything")


def test_export_then_delete_then_register_again(demo, db, browser, mailbox):
    person, idea, comment, supported = _pick_resident(db)
    email, name, support_count = person.email, person.display_name, supported.support_count
    idea_id, idea_title, comment_body, commented_idea_id = idea.id, idea.title, comment.body, comment.idea_id
    browser.get("/?lang=en")
    assert browser.sign_in(email, DEMO_PASSWORD).status_code == 302

    export = json.loads(browser.get("/account/export.json").get_data(as_text=True))
    assert export["profile"]["account"]["email"] == email
    assert idea_title in [row["title"] for row in export["ideas"]["ideas"]]
    assert comment_body in [row["body"] for row in export["comments"]["comments"]]
    assert supported.id in [row["idea_id"] for row in export["supports"]["supports"]]
    assert any(row["hours"] for row in export["volunteering"]["sign_ups"])

    response = browser.submit("/account/delete", {"password": DEMO_PASSWORD, "confirm": "y"})
    assert response.status_code == 302

    idea_page = browser.get(f"/ideas/{idea_id}").get_data(as_text=True)
    assert idea_title in idea_page and "deleted account" in idea_page
    comment_page = browser.get(f"/ideas/{commented_idea_id}").get_data(as_text=True)
    assert comment_body in comment_page and "Comment by deleted account" in comment_page
    assert name not in idea_page + comment_page
    assert db.get(Idea, supported.id).support_count == support_count

    assert browser.submit("/auth/register", registration(email=email, display_name="Wieder da")).status_code == 302
    browser.submit(mailbox.link(email, "/auth/verify/"), {})
    assert browser.sign_in(email).status_code == 302
    fresh = json.loads(browser.get("/account/export.json").get_data(as_text=True))
    assert fresh["profile"]["account"]["display_name"] == "Wieder da"
    assert fresh["ideas"]["ideas"] == fresh["comments"]["comments"] == fresh["supports"]["supports"] == []
