"""The coordination space in a real browser: axe-core (WCAG 2.1 A and AA) finds nothing on its pages in German and
English, also with form errors (the pages load no script of their own). Runs on the e2e live server with the demo data,
whose two partner organisations each have a space."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from participation.accounts.models import User
from participation.coordination.models import SpaceDocument, SpaceDocumentVersion, SpaceThread
from participation.db import get_session
from participation.volunteering.models import Project, ProjectCoordinator
from tests.e2e.helpers import BROWSER_LOCALES, DEMO_PASSWORD, LANGUAGES, sign_in
from tests.e2e.test_accessibility import assert_accessible, in_language

pytestmark = pytest.mark.e2e

@pytest.fixture(scope="module")
def demo_space(live_server) -> dict:
    """The first demo space: its coordinator's address and the addresses of its pages."""
    with live_server.app.app_context():
        db = get_session()
        threads = db.exec(select(SpaceThread).order_by(SpaceThread.id)).all()
        partners = {db.get(Project, thread.project_id).partner_id for thread in threads}
        assert len(partners) >= 2, "the demo has a coordination space for each of two partner organisations"
        project_id = threads[0].project_id
        coordinator = db.exec(select(User).join(ProjectCoordinator, ProjectCoordinator.user_id == User.id)
                              .where(ProjectCoordinator.project_id == project_id)).first()
        document = db.exec(select(SpaceDocument).where(SpaceDocument.project_id == project_id)).first()
        version = db.exec(select(SpaceDocumentVersion).where(SpaceDocumentVersion.document_id == document.id)
                          .order_by(SpaceDocumentVersion.number)).first()
        base = f"/volunteer/projects/{project_id}/space"
        return {"email": coordinator.email, "base": base, "thread": f"{base}/threads/{threads[0].id}",
                "document": f"{base}/documents/{document.id}",
                "download": f"{base}/documents/{document.id}/versions/{version.id}/{version.name}"}


@pytest.fixture(scope="module")
def coordinator_page(new_context, demo_space):
    pages = {}

    def get(lang: str):
        if lang not in pages:
            pages[lang] = new_context(locale=BROWSER_LOCALES[lang]).new_page()
            sign_in(pages[lang], demo_space["email"], DEMO_PASSWORD)
        return pages[lang]

    yield get
    for page in pages.values():
        page.context.close()


PAGES = ["base", "thread", "document", "/threads/new", "/documents", "/tasks", "/members", "/message"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_space_page(coordinator_page, demo_space, lang, name):
    path = demo_space[name] if name in demo_space else demo_space["base"] + name
    page = coordinator_page(lang)
    response = page.goto(in_language(path, lang))
    assert response is not None and response.status == 200, path
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page, f"{path} [{lang}, coordinator]")


# (page, the form's submit button: the index among the main forms' buttons) submitted empty: errors at the fields
FORMS = [("/threads/new", 0), ("/tasks", -1), ("/message", 0), ("/documents", -1), ("thread", -1)]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("name", "button"), FORMS)
def test_space_form_with_errors(coordinator_page, demo_space, lang, name, button):
    path = demo_space[name] if name in demo_space else demo_space["base"] + name
    page = coordinator_page(lang)
    page.goto(in_language(path, lang))
    form = page.locator("main form[novalidate]").nth(button)
    form.locator("input[type=text], textarea").evaluate_all("fields => fields.forEach(f => f.value = '')")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, f"{path} with errors [{lang}, coordinator]")
