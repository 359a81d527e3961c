"""The public news: only published posts are listed and readable, newest first and page by page; drafts and
scheduled posts are 404 for everyone but the staff, who see them marked. Whatever the staff type is shown inert."""

import io
import re
from datetime import timedelta

import pytest

from participation.accounts.models import Role
from participation.boards.models import Board, Meeting
from participation.db import utcnow
from participation.ideas.models import IdeaStatus
from participation.measures.models import MeasureStatus
from participation.news import routes
from participation.news.queries import public_post, published_news
from participation.volunteering.models import Project
from tests.ideas.conftest import image_bytes
from tests.news.conftest import post_form


@pytest.fixture
def three_kinds(make_post):
    """A published post, a draft and a post scheduled for tomorrow."""
    return (make_post("Veröffentlicht"), make_post("Noch ein Entwurf", is_draft=True),
            make_post("Erscheint morgen", published_at=utcnow() + timedelta(days=1)))


def test_the_list_shows_only_published_posts_newest_first(client, make_post, three_kinds):
    make_post("Älterer Beitrag", published_at=utcnow() - timedelta(days=30), teaser="Vom letzten Monat.")
    page = client.get("/news/").get_data(as_text=True)
    assert page.index("Veröffentlicht") < page.index("Älterer Beitrag") and "Vom letzten Monat." in page
    assert "Noch ein Entwurf" not in page and "Erscheint morgen" not in page
    assert "Drafts and scheduled posts" not in client.get("/news/?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.MODERATOR])
def test_drafts_and_scheduled_posts_are_404_for_all_but_staff(signed_in, make_user, three_kinds, role):
    published, draft, scheduled = three_kinds
    viewer = signed_in(make_user(role) if role else None)
    assert viewer.get(f"/news/{published.id}").status_code == 200
    for post in (draft, scheduled):
        assert viewer.get(f"/news/{post.id}").status_code == 404
        assert viewer.get(f"/news/{post.id}/image").status_code == 404
    assert viewer.get("/news/999999").status_code == 404


def test_staff_see_drafts_and_scheduled_posts_marked(signed_in, make_user, three_kinds):
    _published, draft, scheduled = three_kinds
    staff = signed_in(make_user(Role.STAFF))
    listing = staff.get("/news/?lang=en").get_data(as_text=True)
    section = listing[listing.index("Drafts and scheduled posts"):listing.index("</section>")]
    assert "Noch ein Entwurf" in section and "Erscheint morgen" in section and "Veröffentlicht" not in section
    assert ">Draft<" in section and ">Scheduled<" in section
    assert "only the administration can see it" in staff.get(f"/news/{draft.id}?lang=en").get_data(as_text=True)
    assert "This post is scheduled" in staff.get(f"/news/{scheduled.id}?lang=en").get_data(as_text=True)


def test_a_post_appears_once_its_publish_date_has_come(db, client, make_post):
    post = make_post("Erscheint gleich", published_at=utcnow() + timedelta(hours=1))
    assert client.get(f"/news/{post.id}").status_code == 404
    post.published_at = utcnow() - timedelta(minutes=1)
    db.add(post)
    db.commit()
    assert client.get(f"/news/{post.id}").status_code == 200
    assert "Erscheint gleich" in client.get("/news/").get_data(as_text=True)


def test_the_list_is_paginated(client, make_post, monkeypatch):
    monkeypatch.setattr(routes, "PAGE_SIZE", 2)
    for days in range(5):
        make_post(f"Beitrag vor {days} Tagen", published_at=utcnow() - timedelta(days=days + 1))
    first = client.get("/news/?lang=en").get_data(as_text=True)
    third = client.get("/news/?page=3&lang=en").get_data(as_text=True)
    assert "Beitrag vor 0 Tagen" in first and "Beitrag vor 2 Tagen" not in first and "Page 1 of 3" in first
    assert "Beitrag vor 4 Tagen" in third and "Beitrag vor 0 Tagen" not in third


def test_a_post_shows_its_text_image_author_and_date(signed_in, make_user, staff):
    browser = signed_in(staff)
    browser.submit("/news/new", post_form(image=(io.BytesIO(image_bytes()), "foto.png"),
                                          image_alt="Kinder am Seeufer", publish_date="2026-03-02"))
    page = browser.get("/news/?lang=en").get_data(as_text=True)
    assert 'alt="Kinder am Seeufer"' in page and "Mar 2, 2026" in page
    post_path = page.split('<h2 id="post-')[1].split('href="')[1].split('"')[0]
    post = signed_in(None).get(post_path + "?lang=en").get_data(as_text=True)
    assert "<strong>wichtigsten</strong>" in post and "<li>Spielplatz</li>" in post
    assert "Published on Mar 2, 2026 by Vera Verwaltung" in post and 'alt="Kinder am Seeufer"' in post
    image = signed_in(None).get(post_path + "/image")
    assert image.status_code == 200 and image.mimetype == "image/png"


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_title_teaser_and_body_is_inert(client, make_post):
    post = make_post(f"Titel {XSS}", teaser=f"Teaser {XSS}",
                     body=f"Text {XSS}\n\n[Klick](javascript:alert(1)) <a href='javascript:alert(2)'>b</a>")
    for path in ("/news/", f"/news/{post.id}"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert not re.search(r"<a[^>]*href=[\"']?javascript", page), path
        assert "&lt;script&gt;alert" in page, path


def test_links_appear_only_to_public_objects(db, client, make_post, make_idea, make_measure):
    idea = make_idea(title="Spielplatz am See")
    hidden_idea = make_idea(title="Noch nicht freigegeben", status=IdeaStatus.SUBMITTED)
    measure = make_measure("Spielplatz erneuern")
    draft_measure = make_measure("Geheime Planung")
    draft_measure.status = MeasureStatus.DRAFT.value
    board = Board(name="Projektbeirat")
    db.add(board)
    db.flush()
    start = utcnow() - timedelta(days=3)
    public_meeting = Meeting(board_id=board.id, name="Quartalssitzung", starts_at=start)
    closed_meeting = Meeting(board_id=board.id, name="Interne Klausur", starts_at=start, is_public=False)
    project = Project(title="Mühlenbach-Putzaktion")
    db.add_all([draft_measure, public_meeting, closed_meeting, project])
    db.commit()
    shown = make_post("Alles öffentlich", idea_id=idea.id, measure_id=measure.id, meeting_id=public_meeting.id,
                      project_id=project.id)
    withheld = make_post("Nichts öffentlich", idea_id=hidden_idea.id, measure_id=draft_measure.id,
                         meeting_id=closed_meeting.id)
    page = client.get(f"/news/{shown.id}?lang=en").get_data(as_text=True)
    for href, text in ((f"/ideas/{idea.id}", "Spielplatz am See"), (f"/measures/{measure.id}", "Spielplatz erneuern"),
                       (f"/meetings/{public_meeting.id}", "Quartalssitzung"),
                       (f"/volunteer/projects/{project.id}", "Mühlenbach-Putzaktion")):
        assert f'href="{href}">{text}</a>' in page
    page = client.get(f"/news/{withheld.id}?lang=en").get_data(as_text=True)
    assert "More on this" not in page
    assert "Noch nicht freigegeben" not in page and "Geheime Planung" not in page and "Interne Klausur" not in page


def test_the_queries_for_home_page_and_feed(db, make_post, three_kinds):
    published, draft, scheduled = three_kinds
    newer = make_post("Neuer", published_at=utcnow() - timedelta(hours=1))
    now = utcnow()
    assert [post.id for post in published_news(db, now, limit=5)] == [newer.id, published.id]
    assert [post.id for post in published_news(db, now, limit=1)] == [newer.id]
    assert public_post(db, published.id, now).id == published.id
    assert public_post(db, draft.id, now) is None and public_post(db, scheduled.id, now) is None
    assert public_post(db, scheduled.id, now + timedelta(days=2)).id == scheduled.id
