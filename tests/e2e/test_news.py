"""News pages in a real Chromium: axe finds no WCAG 2.1 AA violation on the list, a post with comments, and the
staff's form, also after a refused submission, in both languages."""

import pytest
from playwright.sync_api import expect
from sqlmodel import col, select

from participation.db import get_session, utcnow
from participation.news.models import NewsPost
from participation.news.queries import public_condition
from tests.e2e.helpers import LANGUAGES, RESIDENT_EMAIL, visit_all
from tests.e2e.test_accessibility import assert_accessible, in_language

pytestmark = pytest.mark.e2e

STAFF_EMAIL = "verwaltung@beispielstadt.example"


@pytest.fixture(scope="module")
def commented_post_id(live_server) -> int:
    """A demo post with comments, open for more."""
    with live_server.app.app_context():
        return get_session().exec(select(NewsPost.id).where(
            public_condition(utcnow()), NewsPost.comments_allowed, col(NewsPost.comment_count) > 0)
            .order_by(NewsPost.id)).first()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages(signed_in, commented_post_id, lang):
    page = signed_in("", lang)
    visit_all(page, [("/news/", 200), (f"/news/{commented_post_id}", 200)], lang, "visitor")
    expect(page.locator(".comments .comment").first).to_be_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_post_with_the_comment_form(signed_in, commented_post_id, lang):
    page = signed_in(RESIDENT_EMAIL, lang)
    visit_all(page, [(f"/news/{commented_post_id}", 200)], lang, "resident")
    expect(page.locator("form.comment-form textarea#body")).to_be_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_staff_pages_and_the_form_with_errors(signed_in, commented_post_id, lang):
    page = signed_in(STAFF_EMAIL, lang)
    visit_all(page, [("/news/", 200), ("/news/new", 200), (f"/news/{commented_post_id}/edit", 200),
                     (f"/news/{commented_post_id}/delete", 200)], lang, "staff")
    page.goto(in_language("/news/new", lang))
    page.fill("#title", "")
    page.fill("#idea_id", "999999")
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"/news/new with errors [{lang}]")
