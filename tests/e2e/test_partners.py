"""Partner pages in a real Chromium: axe finds no WCAG 2.1 AA violation on the public and the administration
pages in both languages, also with form errors; the forms work without JavaScript."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from participation.db import get_session
from participation.partners.demo import NABU_NAME
from participation.volunteering.models import PartnerOrganisation
from tests.e2e.helpers import ADMIN_EMAIL, LANGUAGES, visit_all
from tests.e2e.test_accessibility import assert_accessible, in_language

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def nabu_id(live_server) -> int:
    with live_server.app.app_context():
        return get_session().exec(select(PartnerOrganisation.id).where(PartnerOrganisation.name == NABU_NAME)).one()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages(signed_in, nabu_id, lang):
    page = signed_in("", lang)
    visit_all(page, [("/partners/", 200), (f"/partners/{nabu_id}", 200)], lang, "visitor")
    expect(page.locator("img.partner-logo")).to_have_attribute("alt", re.compile(f"Logo .*{NABU_NAME}"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_administration_pages(signed_in, nabu_id, lang):
    page = signed_in(ADMIN_EMAIL, lang)
    visit_all(page, [("/admin/", 200), ("/admin/partners/", 200), ("/admin/partners/new", 200),
                     (f"/admin/partners/{nabu_id}/edit", 200), (f"/admin/partners/{nabu_id}/members", 200),
                     (f"/admin/partners/{nabu_id}/delete", 200)], lang, "admin")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_forms_with_errors(signed_in, nabu_id, lang):
    page = signed_in(ADMIN_EMAIL, lang)
    page.goto(in_language("/admin/partners/new", lang))
    page.fill("#name", NABU_NAME)
    page.fill("#website", "javascript:alert(1)")
    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#website")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"/admin/partners/new with errors [{lang}]")
    page.goto(in_language(f"/admin/partners/{nabu_id}/members", lang))
    page.fill("#email", "niemand@example.org")
    page.click("main form:not(.inline-form) button[type=submit]")
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"/admin/partners/{nabu_id}/members with errors [{lang}]")
