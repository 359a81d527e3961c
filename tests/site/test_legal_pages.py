import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.site.models import SitePageText


@pytest.mark.parametrize(("path", "german_title", "english_title"), [
    ("/imprint", "Impressum", "Imprint"),
    ("/privacy", "Datenschutzerklärung", "Privacy notice"),
    ("/accessibility", "Erklärung zur Barrierefreiheit", "Accessibility statement"),
])
def test_default_texts_name_what_must_be_filled_in(client, path, german_title, english_title):
    page = client.get(path).get_data(as_text=True)
    assert f"<h1>{german_title}</h1>" in page and "Hinweis für die Verwaltung" in page
    page = client.get(path + "?lang=en").get_data(as_text=True)
    assert f"<h1>{english_title}</h1>" in page and "Note for the administration" in page


def test_footer_links_every_legal_page(client):
    page = client.get("/").get_data(as_text=True)
    for path in ("/imprint", "/privacy", "/accessibility"):
        assert f'href="{path}"' in page


def test_admin_edits_a_page_and_it_is_audited(sign_in_as, browser, client, db):
    sign_in_as(Role.ADMIN)
    form = browser.get("/admin/pages/imprint").get_data(as_text=True)
    assert "Hinweis für die Verwaltung" in form  # prefilled with the default to complete
    response = browser.submit("/admin/pages/imprint",
                              {"body_de": "## Gemeinde Musterdorf\n\n<script>x</script>Rathausplatz 1", "body_en": ""})
    assert response.headers["Location"] == "/imprint"
    page = browser.get("/imprint").get_data(as_text=True)
    assert "<h2>Gemeinde Musterdorf</h2>" in page and "<script>x" not in page
    english = browser.get("/imprint?lang=en").get_data(as_text=True)
    assert "Gemeinde Musterdorf" in english  # falls back to the German text
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "site_page.updated")).one().object_id == "imprint"


def test_english_text_is_shown_to_english_readers(sign_in_as, browser, db):
    sign_in_as(Role.ADMIN)
    browser.submit("/admin/pages/privacy", {"body_de": "Deutscher Text", "body_en": "English text"})
    assert "English text" in browser.get("/privacy?lang=en").get_data(as_text=True)
    assert "Deutscher Text" in browser.get("/privacy?lang=de").get_data(as_text=True)


def test_german_text_is_required(sign_in_as, browser, db):
    sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/pages/imprint", {"body_de": "", "body_en": "x"})
    assert response.status_code == 422
    assert db.exec(select(SitePageText)).all() == []


def test_unknown_page_is_404(sign_in_as, browser):
    sign_in_as(Role.ADMIN)
    assert browser.get("/admin/pages/secrets").status_code == 404


STATEMENT_SECTIONS = {
    "de": ["Stand der Vereinbarkeit mit den Anforderungen", "Nicht barrierefreie Inhalte",
           "Erstellung dieser Erklärung zur Barrierefreiheit", "Feedback und Kontaktangaben", "Durchsetzungsverfahren"],
    "en": ["Compliance status", "Non-accessible content", "Preparation of this accessibility statement",
           "Feedback and contact information", "Enforcement procedure"],
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_accessibility_statement_has_the_sections_the_law_requires(client, lang):
    page = client.get(f"/accessibility?lang={lang}").get_data(as_text=True)
    for heading in STATEMENT_SECTIONS[lang]:
        assert f"<h2>{heading}</h2>" in page
    assert 'href="/accessibility/feedback"' in page  # the feedback mechanism
    assert 'href="/leichte-sprache"' in page
    assert "Mauerstraße 53" in page and 'href="https://www.schlichtungsstelle-bgg.de"' in page
    assert ("weitgehend vereinbar" if lang == "de" else "largely compliant") in page
    assert "axe-core" in page and "Nu Html Checker" in page


@pytest.mark.parametrize("lang", ["de", "en"])
def test_privacy_notice_names_retention_rights_and_self_service_pages(app, client, lang):
    app.config.update(UNVERIFIED_ACCOUNT_RETENTION_DAYS=5, OUTBOX_RETENTION_DAYS=60,
                      SITE_OPERATOR="Gemeinde Musterdorf")
    page = client.get(f"/privacy?lang={lang}").get_data(as_text=True)
    for path in ("/account/delete", "/account/export", "/account/consents"):
        assert f'href="{path}"' in page
    days = "Tagen" if lang == "de" else "days"
    assert f"5 {days}" in page and f"60 {days}" in page  # from the settings, as `flask purge` uses them
    assert "Gemeinde Musterdorf" in page  # the controller
    for article in ("Art. 6 Abs. 1 lit. a", "lit. c", "lit. e", "Art. 15 bis 21", "Art. 77") if lang == "de" else \
            ("Art. 6 (1) (a)", "(c) GDPR", "(e) GDPR", "Art. 15 to 21", "Art. 77"):
        assert article in page


@pytest.mark.parametrize(("lang", "heading"), [("de", "Angaben gemäß § 5 DDG"),
                                               ("en", "Information according to § 5 DDG")])
def test_imprint_names_the_operator_from_the_settings(app, client, lang, heading):
    app.config.update(SITE_OPERATOR="Gemeinde Musterdorf", SITE_NAME="Mitmachen in Musterdorf")
    page = client.get(f"/imprint?lang={lang}").get_data(as_text=True)
    assert f"<h2>{heading}</h2>" in page
    assert "Gemeinde Musterdorf" in page and "(Mitmachen in Musterdorf)" in page
