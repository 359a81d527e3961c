"""The measure backlog and the papers in a real browser: a staff member, new to the portal, creates a measure
from scratch, plans its work, records this quarter's review and finds it on the public page and in the project
manual; the reviews-due page and the audit log follow every step. axe checks every measures and papers page in
both languages, also with form errors.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from participation.measures.quarters import Quarter, today_in
from tests.e2e.helpers import ADMIN_EMAIL, DEMO_PASSWORD, path_is, sign_in
from tests.e2e.test_accessibility import BROWSER_LOCALES, LANGUAGES, assert_accessible, in_language

pytestmark = pytest.mark.e2e

STAFF_EMAIL = "verwaltung@beispielstadt.example"
# Demo measure 1 ("Projektbeirat und Kommunikation") is in progress, with milestones and reviews.
# Demo papers 1–3 are submitted (1 and 2 with a PDF annex), 4 is a draft.
PUBLIC_PAGES = [("/measures/", 200), ("/measures/?action_area=1&core=y&sort=review", 200), ("/measures/1", 200),
                ("/measures/99999", 404), ("/papers/", 200), ("/papers/?paper_type=report", 200), ("/papers/1", 200),
                ("/papers/4", 404)]
STAFF_PAGES = [("/measures/", 200), ("/measures/1", 200), ("/measures/new", 200), ("/measures/1/edit", 200),
               ("/measures/1/status", 200), ("/measures/1/milestones/new", 200), ("/measures/1/reviews/new", 200),
               ("/measures/1/ideas", 200), ("/measures/reviews-due", 200), ("/measures/overview", 200),
               ("/papers/?status=draft", 200), ("/papers/4", 200), ("/papers/new", 200), ("/papers/4/edit", 200),
               ("/papers/1/edit", 200), ("/papers/1", 200)]
# name: (path, fields to fill (selector → value, or "select:" prefix to choose an option), expected status)
FORMS_WITH_ERRORS = {
    "measure-empty": ("/measures/new", {}),
    "milestone-empty": ("/measures/1/milestones/new", {}),
    "review-progress-too-high": ("/measures/1/reviews/new", {"#progress": "150"}),
    "pause-without-reason": ("/measures/1/status", {"select:#status": "paused"}),
    "link-unknown-idea": ("/measures/1/ideas", {"#idea": "99999"}),
    "paper-empty": ("/papers/new", {}),
    "paper-file-missing": ("/papers/1", {}),
}


@pytest.fixture(scope="module")
def staff_page(new_context):
    pages = {}

    def get(lang: str) -> Page:
        if lang not in pages:
            pages[lang] = new_context(locale=BROWSER_LOCALES[lang]).new_page()
            sign_in(pages[lang], STAFF_EMAIL, DEMO_PASSWORD)
        return pages[lang]

    yield get
    for page in pages.values():
        page.context.close()


def visit(page: Page, path: str, lang: str, status: int) -> None:
    response = page.goto(in_language(path, lang))
    assert response is not None and response.status == status, f"{path}: {response.status if response else None}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "status"), PUBLIC_PAGES, ids=[path for path, _ in PUBLIC_PAGES])
def test_public_measures_page(make_page, lang, path, status):
    page = make_page(locale=BROWSER_LOCALES[lang])
    visit(page, path, lang, status)
    assert_accessible(page, f"{path} [{lang}, anonymous]")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "status"), STAFF_PAGES, ids=[path for path, _ in STAFF_PAGES])
def test_staff_measures_page(staff_page, lang, path, status):
    page = staff_page(lang)
    visit(page, path, lang, status)
    assert_accessible(page, f"{path} [{lang}, staff]")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", list(FORMS_WITH_ERRORS))
def test_measures_form_with_errors(staff_page, lang, case):
    path, fields = FORMS_WITH_ERRORS[case]
    page = staff_page(lang)
    visit(page, path, lang, 200)
    for selector, value in fields.items():
        if selector.startswith("select:"):
            page.select_option(selector.removeprefix("select:"), value)
        else:
            page.fill(selector, value)
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    assert submitted.value.status == 422, f"{case}: answered {submitted.value.status}"
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator(".error-message").first).to_be_visible()
    assert_accessible(page, f"{path} with errors [{lang}]")


def test_a_staff_member_takes_a_measure_from_idea_to_review(make_page, live_server):
    page = make_page(locale="de-DE")
    sign_in(page, STAFF_EMAIL, DEMO_PASSWORD)
    quarter = Quarter.of(today_in("Europe/Berlin")).label

    # From "Meine Arbeit" to a new measure; saving it empty shows what is mandatory and why.
    page.get_by_role("link", name="Meine Arbeit").click()
    page.get_by_role("link", name="Neue Maßnahme").first.click()
    expect(page.locator("#contribution-hint")).to_contain_text("Stadtentwicklungsprojekt")
    page.get_by_role("button", name="Maßnahme speichern").click()
    expect(page.locator("#contribution-error")).to_be_visible()
    expect(page.locator("#action_areas-error")).to_be_visible()

    page.fill("#title", "Bänke für den Mühlenbachweg")
    page.fill("#description", "Entlang des Weges werden **sechs Bänke** aufgestellt.")
    page.fill("#contribution", "Die Bänke machen den Mühlenbachweg für ältere Menschen nutzbar und verbinden "
                               "Mühlenberg mit der Altstadt – ein Beitrag zu lebendigen Ortsteilen.")
    page.get_by_label("Gemeinsam für Beispielstadt: Kooperation Stadt-Bürgerschaft stärken").check()
    page.select_option("#unit", label="Fachbereich Bauen und Umwelt")
    page.get_by_label("Mühlenberg").check()
    page.get_by_role("button", name="Maßnahme speichern").click()
    expect(page.locator("h1")).to_have_text("Bänke für den Mühlenbachweg")
    measure_path = re.search(r"/measures/\d+", page.url).group(0)
    assert_accessible(page, "new measure (draft)")

    # Plan it, start it: it becomes public and owes this quarter's review.
    for status in ("Geplant", "In Umsetzung"):
        page.get_by_role("link", name="Status ändern").click()
        page.select_option("#status", label=status)
        page.get_by_role("button", name="Status ändern").click()
        expect(page.locator(".flash-success")).to_contain_text(status)
    page.goto("/measures/reviews-due")
    expect(page.locator("main")).to_contain_text("Bänke für den Mühlenbachweg")

    # A milestone in the work plan.
    page.goto(measure_path)
    page.get_by_role("link", name="Meilenstein hinzufügen").click()
    page.fill("#title", "Standorte mit dem Ortsbeirat festlegen")
    page.fill("#due_on", "2027-03-31")
    page.get_by_role("button", name="Meilenstein speichern").click()
    expect(page.locator("#work-plan")).to_contain_text("Standorte mit dem Ortsbeirat festlegen")

    # This quarter's review.
    page.get_by_role("link", name="Quartalsbericht erfassen").first.click()
    page.fill("#progress", "20")
    page.get_by_label("Gefährdet").check()
    page.fill("#done", "Standorte begangen, Angebote für die Bänke eingeholt.")
    page.get_by_role("button", name="Bericht speichern").click()
    expect(page.locator(f"#review-{quarter}")).to_contain_text("20 % erledigt")
    page.goto("/measures/reviews-due")
    expect(page.locator("main")).not_to_contain_text("Bänke für den Mühlenbachweg")

    # In the project manual.
    page.goto("/manual/")
    expect(page.locator("main")).to_contain_text("Bänke für den Mühlenbachweg")
    expect(page.locator("main")).to_contain_text(f"{quarter}: 20 %")

    # Every step is in the audit log (read by the administrator).
    admin = make_page(locale="en-GB")
    sign_in(admin, ADMIN_EMAIL, DEMO_PASSWORD)
    admin.goto(f"/admin/audit?object_type=measure&object_id={measure_path.rsplit('/', 1)[1]}&lang=en")
    for action in ("measure.created", "measure.status_changed", "milestone.created", "review.created"):
        expect(admin.locator("main")).to_contain_text(action)

    # A visitor sees the review, the chart and the history.
    visitor = make_page(locale="de-DE")
    visitor.goto(measure_path)
    expect(visitor).to_have_url(path_is(measure_path))
    expect(visitor.locator("svg.progress-chart")).to_be_visible()
    expect(visitor.locator("#progress")).to_contain_text("Standorte begangen")
    expect(visitor.locator("#timeline")).to_contain_text("In Umsetzung")
    assert_accessible(visitor, "measure page after the first review")
