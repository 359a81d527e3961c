"""Comments: stance, one level of replies, editing for 15 minutes, removal, reports, notifications."""

from datetime import timedelta

from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.comments.models import Comment, CommentFlag
from participation.ideas.models import Idea, IdeaStatus
from participation.notifications.models import Notification, OutboxMail
from tests.conftest import Browser


def comment(browser, idea, body="Gute Idee!", stance="for", parent=None):
    data = {"body": body, "stance": stance}
    if parent:
        data["parent_id"] = str(parent.id)
    return browser.submit(f"/ideas/{idea.id}/comments", data, form_page=f"/ideas/{idea.id}")


def comments_of(db, idea):
    return db.exec(select(Comment).where(Comment.idea_id == idea.id).order_by(Comment.id)).all()


def test_comment_with_stance_is_shown_and_counted(sign_in_as, browser, make_idea, db):
    idea = make_idea()
    user = sign_in_as()
    response = comment(browser, idea, "Das **brauchen** wir.", "for")
    [saved] = comments_of(db, idea)
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}#comment-{saved.id}")
    assert (saved.author_id, saved.stance) == (user.id, "for")
    assert db.get(Idea, idea.id).comment_count == 1
    page = browser.get(f"/ideas/{idea.id}?lang=en").get_data(as_text=True)
    assert "<strong>brauchen</strong>" in page and "For: 1" in page


def test_empty_or_overlong_comment_is_explained(sign_in_as, browser, make_idea, db):
    idea = make_idea()
    sign_in_as()
    for body in ("", "x" * 5001):
        response = comment(browser, idea, body)
        assert response.status_code == 422 and 'id="body-error"' in response.get_data(as_text=True)
    assert comments_of(db, idea) == []


def test_unknown_stance_is_refused(sign_in_as, browser, make_idea, db):
    idea = make_idea()
    sign_in_as()
    assert comment(browser, idea, stance="furious").status_code == 422
    assert comments_of(db, idea) == []


def test_replies_are_one_level_deep(sign_in_as, browser, make_idea, db):
    idea = make_idea()
    sign_in_as()
    comment(browser, idea, "Erster")
    first = comments_of(db, idea)[0]
    comment(browser, idea, "Antwort", "neutral", parent=first)
    reply = comments_of(db, idea)[1]
    comment(browser, idea, "Antwort auf Antwort", "neutral", parent=reply)
    assert [c.parent_id for c in comments_of(db, idea)] == [None, first.id, first.id]


def test_a_reply_to_another_ideas_comment_is_404(sign_in_as, browser, make_idea, db):
    idea, other = make_idea(), make_idea(title="Andere Idee")
    sign_in_as()
    comment(browser, other, "Dort")
    foreign = comments_of(db, other)[0]
    assert comment(browser, idea, "Hier", parent=foreign).status_code == 404


def test_author_edits_within_fifteen_minutes_only(sign_in_as, browser, make_idea, db):
    idea = make_idea()
    sign_in_as()
    comment(browser, idea, "Erste Fassung")
    saved = comments_of(db, idea)[0]
    path = f"/ideas/{idea.id}/comments/{saved.id}/edit"
    assert browser.submit(path, {"body": "Zweite Fassung", "stance": "against"}).status_code == 302
    assert (db.get(Comment, saved.id).body, db.get(Comment, saved.id).stance) == ("Zweite Fassung", "against")
    saved = db.get(Comment, saved.id)
    saved.created_at = saved.created_at - timedelta(minutes=16)
    db.add(saved)
    db.commit()
    assert browser.get(path).status_code == 403


def test_another_resident_cannot_edit_or_delete_a_comment(app, sign_in_as, browser, make_idea, make_user, db):
    idea = make_idea()
    sign_in_as()
    comment(browser, idea, "Meins")
    saved = comments_of(db, idea)[0]
    other = Browser(app.test_client())
    other.sign_in(make_user().email)
    assert other.get(f"/ideas/{idea.id}/comments/{saved.id}/edit").status_code == 403
    response = other.submit(f"/ideas/{idea.id}/comments/{saved.id}/delete", {}, form_page=f"/ideas/{idea.id}")
    assert response.status_code == 403
    assert db.get(Comment, saved.id).deleted_at is None


def test_deleted_comment_leaves_a_placeholder_and_its_replies(sign_in_as, browser, make_idea, db):
    idea = make_idea()
    sign_in_as()
    comment(browser, idea, "Wird gelöscht")
    first = comments_of(db, idea)[0]
    comment(browser, idea, "Bleibt stehen", parent=first)
    browser.submit(f"/ideas/{idea.id}/comments/{first.id}/delete", {}, form_page=f"/ideas/{idea.id}")
    page = browser.get(f"/ideas/{idea.id}?lang=en").get_data(as_text=True)
    assert "Comment removed." in page and "Wird gelöscht" not in page and "Bleibt stehen" in page
    assert db.get(Idea, idea.id).comment_count == 1


def test_moderator_removal_is_audited(app, sign_in_as, browser, make_idea, make_user, db):
    idea = make_idea()
    sign_in_as()
    comment(browser, idea, "Beleidigung")
    saved = comments_of(db, idea)[0]
    moderator = Browser(app.test_client())
    moderator.sign_in(make_user(Role.MODERATOR).email)
    moderator.submit(f"/ideas/{idea.id}/comments/{saved.id}/delete", {}, form_page=f"/ideas/{idea.id}")
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "comment.deleted")).one()
    assert entry.before == {"body": "Beleidigung"}


def test_flag_with_reason_is_stored_once(app, sign_in_as, browser, make_idea, make_user, db):
    idea = make_idea()
    sign_in_as()
    comment(browser, idea, "Fragwürdig")
    saved = comments_of(db, idea)[0]
    reporter = Browser(app.test_client())
    reporter.sign_in(make_user().email)
    path = f"/ideas/{idea.id}/comments/{saved.id}/flag"
    assert reporter.submit(path, {"reason": ""}).status_code == 422
    assert reporter.submit(path, {"reason": "Beleidigt andere"}).status_code == 302
    reporter.submit(path, {"reason": "Noch einmal"})
    assert [flag.reason for flag in db.exec(select(CommentFlag))] == ["Beleidigt andere"]


def test_comments_are_closed_on_rejected_ideas(sign_in_as, browser, make_idea, db):
    idea = make_idea(status=IdeaStatus.REJECTED)
    sign_in_as(Role.MODERATOR)
    assert comment(browser, idea).status_code == 403


def test_reply_notifies_the_comment_author_and_followers_are_told(app, sign_in_as, browser, make_idea, make_user, db,
                                                                  mailbox, runner):
    author = make_user(name="Ideengeberin")
    idea = make_idea(author=author)
    first_commenter = make_user(name="Erste Kommentatorin")
    first = Browser(app.test_client())
    first.sign_in(first_commenter.email)
    comment(first, idea, "Erster Kommentar")
    sign_in_as()
    comment(browser, idea, "Antwort darauf", parent=comments_of(db, idea)[0])

    kinds = {(n.user_id, n.kind) for n in db.exec(select(Notification))}
    assert (first_commenter.id, "reply_to_my_comment") in kinds
    assert (author.id, "comment_on_followed_idea") in kinds
    assert db.exec(select(OutboxMail).where(OutboxMail.recipient == first_commenter.email)).first() is not None
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert mailbox.to(first_commenter.email)


def test_xss_in_comments_is_inert(sign_in_as, browser, make_idea):
    idea = make_idea()
    sign_in_as()
    comment(browser, idea, '<script>alert(1)</script> <svg onload="alert(1)"> [x](javascript:alert(1)) '
                           '<img src=x onerror=alert(1)>')
    page = browser.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<svg" not in page and 'href="javascript' not in page
    assert "<img src=x" not in page
