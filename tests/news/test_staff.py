"""The staff write, change and delete posts; nobody else gets in. Bad input is refused at its field with 422 and
nothing written; publishing, withdrawing and deleting are audited."""

import io
from datetime import datetime, timezone

import pytest
from sqlmodel import func, select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.comments.models import Comment, Stance
from participation.comments.services import post_comment
from participation.db import utcnow
from participation.news.models import NewsPost
from participation.news.services import comment_subject
from tests.conftest import csrf_token_from
from tests.ideas.conftest import image_bytes
from tests.news.conftest import field_error, post_form


def post_count(db) -> int:
    return db.exec(select(func.count()).select_from(NewsPost)).one()


def news_actions(db) -> list[str]:
    return list(db.exec(select(AuditEntry.action).where(AuditEntry.object_type == "news_post")
                        .order_by(AuditEntry.id)))


def stored_files(upload_dir) -> list[str]:
    return sorted(path.name for path in upload_dir.glob("*")) if upload_dir.exists() else []


def upload(data: bytes, name="foto.png"):
    return io.BytesIO(data), name


# --- who gets in --------------------------------------------------------------------------------------------------

def test_visitors_are_asked_to_sign_in(client, make_post):
    post = make_post()
    for path in ("/news/new", f"/news/{post.id}/edit", f"/news/{post.id}/delete"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.BOARD_MEMBER])
def test_only_staff_write_news(db, sign_in_as, browser, make_post, role):
    post = make_post("Unverändert")
    sign_in_as(role)
    assert "Write a post" not in browser.get("/news/?lang=en").get_data(as_text=True)
    assert "Edit post" not in browser.get(f"/news/{post.id}?lang=en").get_data(as_text=True)
    token = csrf_token_from(browser.get("/account/password").get_data(as_text=True))
    for path in ("/news/new", f"/news/{post.id}/edit", f"/news/{post.id}/delete"):
        assert browser.get(path).status_code == 403, path
        assert browser.client.post(path, data={**post_form(title="Übernommen"), "csrf_token": token}).status_code \
            == 403, path
    db.refresh(post)
    assert post.title == "Unverändert" and post_count(db) == 1 and news_actions(db) == []


def test_a_post_without_csrf_token_is_refused(db, sign_in_as, browser, make_post):
    post = make_post()
    sign_in_as(Role.STAFF)
    assert browser.client.post("/news/new", data=post_form()).status_code == 400
    assert browser.client.post(f"/news/{post.id}/delete", data={}).status_code == 400
    assert post_count(db) == 1


# --- create, edit, delete -----------------------------------------------------------------------------------------

def test_staff_publish_a_post_at_a_local_date_and_time(db, sign_in_as, browser, make_idea, upload_dir):
    author = sign_in_as(Role.STAFF)
    idea = make_idea()
    response = browser.submit("/news/new", post_form(title="  Spaziergang  ", idea_id=str(idea.id),
                                                     image=upload(image_bytes()), image_alt="Kinder am Seeufer"))
    assert response.status_code == 302, response.get_data(as_text=True)
    post = db.exec(select(NewsPost)).one()
    assert response.headers["Location"] == f"/news/{post.id}"
    assert (post.title, post.idea_id, post.author_id, post.is_draft, post.comments_allowed) == (
        "Spaziergang", idea.id, author.id, False, True)
    # 10:00 in Berlin, summer time.
    assert post.published_at == datetime(2026, 7, 1, 8, 0, tzinfo=timezone.utc)
    assert post.image_alt == "Kinder am Seeufer" and stored_files(upload_dir) == [post.image_name]
    entry = db.exec(select(AuditEntry).where(AuditEntry.object_type == "news_post")).one()
    assert (entry.action, entry.actor_id, entry.object_id, entry.after["idea_id"]) == (
        "news.published", author.id, str(post.id), idea.id)


def test_the_form_offers_the_current_values_in_local_time(sign_in_as, browser, make_post):
    post = make_post("Bericht", published_at=datetime(2026, 1, 15, 17, 30, tzinfo=timezone.utc), is_draft=True)
    sign_in_as(Role.STAFF)
    page = browser.get(f"/news/{post.id}/edit").get_data(as_text=True)
    assert 'value="Bericht"' in page and 'value="2026-01-15"' in page and 'value="18:30"' in page
    assert '<input checked id="is_draft"' in page and '<input id="comments_allowed"' in page


def test_staff_edit_withdraw_and_remove_the_image(db, sign_in_as, browser, upload_dir):
    sign_in_as(Role.STAFF)
    browser.submit("/news/new", post_form(image=upload(image_bytes()), image_alt="Ein Foto"))
    post = db.exec(select(NewsPost)).one()
    first_image = post.image_name
    response = browser.submit(f"/news/{post.id}/edit", post_form(title="Neuer Titel", image_alt="Ein Foto",
                                                                 is_draft="y", comments_allowed=None))
    assert response.status_code == 302
    db.refresh(post)
    assert (post.title, post.is_draft, post.comments_allowed, post.image_name) == (
        "Neuer Titel", True, False, first_image)
    response = browser.submit(f"/news/{post.id}/edit", post_form(title="Neuer Titel", remove_image="y",
                                                                 is_draft="y", comments_allowed=None))
    assert response.status_code == 302
    db.refresh(post)
    assert post.image_name is None and post.image_alt == "" and stored_files(upload_dir) == []
    assert news_actions(db) == ["news.published", "news.withdrawn", "news.updated"]
    # Saving it unchanged leaves no entry.
    assert browser.submit(f"/news/{post.id}/edit", post_form(title="Neuer Titel", is_draft="y",
                                                             comments_allowed=None)).status_code == 302
    assert news_actions(db) == ["news.published", "news.withdrawn", "news.updated"]


def test_staff_delete_a_post_with_its_comments(app, db, sign_in_as, browser, make_post, make_user):
    post = make_post("Zu löschen", comments_allowed=True)
    path = f"/news/{post.id}"
    with app.app_context():  # the author is told of the comment: that renders a mail
        comment_id = post_comment(db, make_user(), comment_subject(post, utcnow()), "Schade!", Stance.NEUTRAL).id
    db.commit()
    staff = sign_in_as(Role.STAFF)
    confirmation = browser.get(f"{path}/delete?lang=en").get_data(as_text=True)
    assert "The post and its 1 comment will be deleted." in confirmation
    response = browser.submit(f"{path}/delete", {})
    assert response.status_code == 302 and response.headers["Location"] == "/news/"
    db.expire_all()
    assert post_count(db) == 0 and db.get(Comment, comment_id) is None
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "news.deleted")).one()
    assert (entry.actor_id, entry.object_label) == (staff.id, "Zu löschen")
    assert browser.get(path).status_code == 404


# --- bad input ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "   "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"image": (io.BytesIO(image_bytes()), "foto.png"), "image_alt": ""}, "image_alt"),
    ({"image": (io.BytesIO(b"%PDF-1.4 kein Bild"), "foto.png"), "image_alt": "Ein Foto"}, "image"),
    ({"image": (io.BytesIO(b"<svg onload=alert(1)></svg>"), "bild.svg"), "image_alt": "Ein Bild"}, "image"),
    ({"idea_id": "999999"}, "idea_id"),
    ({"idea_id": "zwölf"}, "idea_id"),
    ({"measure_id": "999999"}, "measure_id"),
    ({"publish_date": "", "publish_time": "25:00"}, "publish_date"),
])
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(db, sign_in_as, browser, upload_dir, changes,
                                                                  field):
    sign_in_as(Role.STAFF)
    response = browser.submit("/news/new", post_form(**changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, field) and "error-summary" in page
    assert post_count(db) == 0 and news_actions(db) == [] and stored_files(upload_dir) == []


def test_keeping_an_image_needs_its_description(db, sign_in_as, browser, upload_dir):
    sign_in_as(Role.STAFF)
    browser.submit("/news/new", post_form(image=upload(image_bytes()), image_alt="Ein Foto"))
    post = db.exec(select(NewsPost)).one()
    response = browser.submit(f"/news/{post.id}/edit", post_form(title="Geändert", image_alt=""))
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "image_alt")
    db.refresh(post)
    assert post.title == "Ortsteilspaziergang in Seedorf" and stored_files(upload_dir) == [post.image_name]
