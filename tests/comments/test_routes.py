"""The comment routes a subject's blueprint gets from add_comment_routes, and the shared templates."""

import re

from flask import Blueprint, abort

from participation.accounts.models import Role
from participation.comments.models import Stance
from participation.comments.routes import add_comment_routes
from participation.db import get_session
from participation.ideas.models import Idea
from participation.ideas.services import add_comment, comment_subject
from tests.conftest import Browser
from tests.ideas.test_browse import count_queries


def post(browser, path, body="Gute Idee!", page=None):
    return browser.submit(path, {"body": body, "stance": "for"}, form_page=page)


def actions(html: str, comment_id: int) -> set[str]:
    block = html[html.index(f'id="comment-{comment_id}"'):].split("</article>")[0]
    return {name for name in ("Edit", "Delete", "Report", "Reply") if re.search(rf">\s*{name}\s*<", block)}


def test_each_viewer_sees_the_actions_they_may_take(app, db, make_idea, make_user, browser):
    author = make_user()
    idea = make_idea()
    with app.app_context():
        comment = add_comment(db, author, idea, "Mein Beitrag", Stance.FOR)
    db.commit()
    path = f"/ideas/{idea.id}?lang=en"
    visitor_page = browser.get(path).get_data(as_text=True)
    assert actions(visitor_page, comment.id) == set() and "Sign in to comment." in visitor_page
    for user, expected in ((author, {"Edit", "Delete", "Reply"}), (make_user(), {"Report", "Reply"}),
                           (make_user(Role.MODERATOR), {"Delete", "Report", "Reply"})):
        viewer = Browser(app.test_client())
        viewer.sign_in(user.email)
        assert actions(viewer.get(path).get_data(as_text=True), comment.id) == expected


def test_edit_and_report_pages_lead_back_to_the_subject(app, db, make_idea, make_user, sign_in_as, browser):
    idea = make_idea(title="Bänke am Mühlenbach")
    with app.app_context():
        others = add_comment(db, make_user(), idea, "Von jemand anderem", Stance.FOR)
    db.commit()
    sign_in_as()
    response = post(browser, f"/ideas/{idea.id}/comments", "Meins", page=f"/ideas/{idea.id}")
    own = int(response.headers["Location"].rsplit("#comment-", 1)[1])
    back = f'href="/ideas/{idea.id}#comment-'
    edit_page = browser.get(f"/ideas/{idea.id}/comments/{own}/edit?lang=en").get_data(as_text=True)
    flag_page = browser.get(f"/ideas/{idea.id}/comments/{others.id}/flag?lang=en").get_data(as_text=True)
    assert f"{back}{own}\"" in edit_page and f"{back}{others.id}\"" in flag_page
    assert "Back to “Bänke am Mühlenbach”" in edit_page and "Von jemand anderem" in flag_page


def test_comments_of_a_hidden_idea_or_through_another_idea_are_404(app, db, make_idea, make_user, sign_in_as,
                                                                  browser):
    idea, other = make_idea(), make_idea(title="Andere Idee")
    with app.app_context():
        comment = add_comment(db, make_user(), idea, "Text", Stance.FOR)
    db.commit()
    sign_in_as()
    assert browser.get(f"/ideas/{other.id}/comments/{comment.id}/flag").status_code == 404
    assert browser.get(f"/ideas/{idea.id}/comments/{comment.id}/flag").status_code == 200
    idea = db.get(Idea, idea.id)
    idea.is_hidden = True
    db.add(idea)
    db.commit()
    assert browser.get(f"/ideas/{idea.id}/comments/{comment.id}/flag").status_code == 404
    assert browser.submit(f"/ideas/{idea.id}/comments/{comment.id}/delete", {},
                          form_page=f"/ideas/{other.id}").status_code == 404


def test_visitors_are_sent_to_sign_in(client, make_idea):
    idea = make_idea()
    for path in (f"/ideas/{idea.id}/comments", f"/ideas/{idea.id}/comments/1/delete"):
        response = client.post(path)
        assert response.status_code in (302, 400)
    assert "/auth/login" in client.get(f"/ideas/{idea.id}/comments/1/edit").headers["Location"]


def test_commenting_is_rate_limited(app, make_idea, sign_in_as, browser):
    app.config["RATELIMIT_COMMENT"] = "2 per minute"
    idea = make_idea()
    sign_in_as()
    path, page = f"/ideas/{idea.id}/comments", f"/ideas/{idea.id}"
    assert [post(browser, path, f"Nummer {n}", page).status_code for n in range(3)] == [302, 302, 429]


def test_another_subject_gets_the_same_routes_with_a_rate_limit_of_its_own(app, db, make_idea, sign_in_as,
                                                                          browser):
    """What the measures blueprint does: here a second blueprint whose pages are ideas, too."""
    other = Blueprint("elsewhere", __name__, url_prefix="/elsewhere")

    @other.route("/<int:idea_id>")
    def show(idea_id):
        return f"elsewhere {idea_id}"

    def load(idea_id):
        idea = get_session().get(Idea, idea_id)
        return comment_subject(idea) if idea else abort(404)

    urls = add_comment_routes(other, "/<int:idea_id>", load, lambda form, idea_id: ("invalid", 200))
    app.register_blueprint(other)
    app.config["RATELIMIT_COMMENT"] = "1 per minute"
    idea = make_idea()
    sign_in_as()
    page = f"/ideas/{idea.id}"
    assert post(browser, f"/ideas/{idea.id}/comments", "Dort", page).status_code == 302
    response = post(browser, f"/elsewhere/{idea.id}/comments", "Hier", page)
    assert response.status_code == 302 and "/elsewhere/" in response.headers["Location"]
    assert post(browser, f"/elsewhere/{idea.id}/comments", "", page).status_code == 429
    with app.test_request_context():
        assert urls(idea_id=idea.id).flag(5) == f"/elsewhere/{idea.id}/comments/5/flag"
        assert urls(idea_id=idea.id).subject(5) == f"/elsewhere/{idea.id}#comment-5"


def test_an_idea_page_needs_the_same_number_of_queries_for_a_signed_in_moderator(app, db, make_idea, make_user,
                                                                                 sign_in_as, browser):
    idea = make_idea()
    path = f"/ideas/{idea.id}"
    sign_in_as(Role.MODERATOR)
    counts = []
    for _ in range(2):
        with count_queries(app) as statements:
            assert browser.get(path).status_code == 200
        counts.append(len(statements))
        with app.app_context():
            for _ in range(4):
                add_comment(db, make_user(), db.merge(idea), "Noch ein Kommentar", Stance.AGAINST)
        db.commit()
    assert counts[0] == counts[1]
