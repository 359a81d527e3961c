"""Residents comment on published posts whose author allows it, with the comment system ideas and measures use:
counted on the post, the author told, reported comments moderated."""

import re

from sqlmodel import select

from participation.accounts.models import Role
from participation.comments.models import Comment
from participation.notifications.models import Notification


def comment(browser, post_id: int, body="Gute Nachricht!", form_page=None):
    """Comment with the token of the post's page (or of `form_page`, where the post's page has no form)."""
    return browser.submit(f"/news/{post_id}/comments", {"body": body, "stance": "for"},
                          form_page=form_page or f"/news/{post_id}")


def comments_on(db, post_id: int) -> list[Comment]:
    return list(db.exec(select(Comment).where(Comment.news_post_id == post_id)))


def test_residents_comment_where_the_author_allows_it(db, signed_in, make_user, make_post, staff):
    post = make_post("Spaziergang", comments_allowed=True)
    visitor_page = signed_in(None).get(f"/news/{post.id}?lang=en").get_data(as_text=True)
    assert "Sign in to comment." in visitor_page and "Comments (0)" in visitor_page
    resident = signed_in(make_user(Role.RESIDENT, name="Karla aus Seedorf"))
    response = comment(resident, post.id)
    [written] = comments_on(db, post.id)
    assert response.status_code == 302 and response.headers["Location"] == f"/news/{post.id}#comment-{written.id}"
    db.refresh(post)
    assert post.comment_count == 1
    page = signed_in(None).get(f"/news/{post.id}?lang=en").get_data(as_text=True)
    assert "Gute Nachricht!" in page and "Karla aus Seedorf" in page and "Comments (1)" in page
    assert "1 comment" in signed_in(None).get("/news/?lang=en").get_data(as_text=True)
    notification = db.exec(select(Notification).where(Notification.user_id == staff.id)).one()
    assert notification.link == f"/news/{post.id}#comment-{written.id}"
    assert notification.params["subject_title"] == "Spaziergang"


def test_without_the_authors_permission_there_is_no_comment_form(db, signed_in, make_user, make_post):
    post = make_post(comments_allowed=False)
    resident = signed_in(make_user(Role.RESIDENT))
    page = resident.get(f"/news/{post.id}?lang=en").get_data(as_text=True)
    assert f'action="/news/{post.id}/comments"' not in page and "Comments (" not in page
    assert comment(resident, post.id, form_page="/account/password").status_code == 403
    assert comments_on(db, post.id) == []


def test_closing_the_comments_keeps_what_was_said(db, signed_in, make_user, make_post):
    post = make_post(comments_allowed=True)
    resident = signed_in(make_user(Role.RESIDENT))
    comment(resident, post.id, "Schon gesagt.")
    post.comments_allowed = False
    db.add(post)
    db.commit()
    page = resident.get(f"/news/{post.id}?lang=en").get_data(as_text=True)
    assert "Schon gesagt." in page and "Comments on this post are closed." in page
    assert f'action="/news/{post.id}/comments"' not in page


def test_drafts_and_scheduled_posts_take_no_comments(db, signed_in, make_user, make_post):
    draft = make_post(comments_allowed=True, is_draft=True)
    assert comment(signed_in(make_user(Role.RESIDENT)), draft.id, form_page="/account/password").status_code == 404
    staff_browser = signed_in(make_user(Role.STAFF))
    page = staff_browser.get(f"/news/{draft.id}").get_data(as_text=True)
    assert f'action="/news/{draft.id}/comments"' not in page
    assert comment(staff_browser, draft.id, form_page="/account/password").status_code == 403
    assert comments_on(db, draft.id) == []


def test_a_comment_needs_the_csrf_token(db, signed_in, make_user, make_post):
    post = make_post(comments_allowed=True)
    resident = signed_in(make_user(Role.RESIDENT))
    assert resident.client.post(f"/news/{post.id}/comments", data={"body": "Ohne", "stance": "for"}).status_code \
        == 400
    assert comments_on(db, post.id) == []


def test_an_empty_comment_is_refused_at_the_field(db, signed_in, make_user, make_post):
    post = make_post(comments_allowed=True)
    response = comment(signed_in(make_user(Role.RESIDENT)), post.id, body="  ")
    assert response.status_code == 422 and 'id="body-error"' in response.get_data(as_text=True)
    assert comments_on(db, post.id) == []


def test_deleting_a_comment_counts_it_off(db, signed_in, make_user, make_post):
    post = make_post(comments_allowed=True)
    resident = signed_in(make_user(Role.RESIDENT))
    comment(resident, post.id)
    [written] = comments_on(db, post.id)
    response = resident.submit(f"/news/{post.id}/comments/{written.id}/delete", {}, form_page=f"/news/{post.id}")
    assert response.status_code == 302
    db.refresh(post)
    assert post.comment_count == 0


def test_a_reported_comment_is_moderated_like_any_other(db, signed_in, make_user, make_post):
    post = make_post("Bericht aus dem Beirat", comments_allowed=True)
    comment(signed_in(make_user(Role.RESIDENT)), post.id, "Herr Krüger, Mühlenstraße 3, ist schuld.")
    [written] = comments_on(db, post.id)
    reporter = signed_in(make_user(Role.RESIDENT))
    flag_path = f"/news/{post.id}/comments/{written.id}/flag"
    assert reporter.submit(flag_path, {"reason": "Persönliche Daten"}).status_code == 302

    moderator = signed_in(make_user(Role.MODERATOR))
    assert f"/moderation/comments/{written.id}" in moderator.get("/moderation/?tab=flagged").get_data(as_text=True)
    panel = moderator.get(f"/moderation/comments/{written.id}").get_data(as_text=True)
    assert "Bericht aus dem Beirat" in panel and f'href="/news/{post.id}#comment-{written.id}"' in panel
    token = re.search(r'name="hide-csrf_token" type="hidden" value="([^"]+)"', panel).group(1)
    response = moderator.client.post(f"/moderation/comments/{written.id}/hide",
                                     data={"hide-csrf_token": token, "hide-reason": "Keine Namen Dritter"})
    assert response.status_code == 302
    db.refresh(post)
    assert post.comment_count == 0
    assert "Mühlenstraße" not in signed_in(None).get(f"/news/{post.id}").get_data(as_text=True)
