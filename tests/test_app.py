"""The app factory, configuration, security headers, languages and error pages."""

import json
import logging

import pytest

from participation import ConfigurationError, create_app
from participation.i18n import _
from participation.logs import configure_logging


def test_refuses_to_start_in_production_without_secret_key(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({"PARTICIPATION_ENV": "production", "SECRET_KEY": None,
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})


def test_refuses_unknown_mail_backend(tmp_path):
    with pytest.raises(ConfigurationError, match="MAIL_BACKEND"):
        create_app({"PARTICIPATION_ENV": "production", "SECRET_KEY": "k", "MAIL_BACKEND": "pigeon",
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})


def test_every_page_has_security_headers(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # testing, and plain HTTP


def test_hsts_in_production_over_https(app_config):
    app = create_app({**app_config, "PARTICIPATION_ENV": "production"})
    response = app.test_client().get("/healthz", base_url="https://portal.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    app.extensions["database"].dispose()


def test_session_cookie_is_httponly_and_lax(browser, make_user):
    user = make_user()
    response = browser.sign_in(user.email)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("participation_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(app_config):
    settings = {key: value for key, value in app_config.items() if "COOKIE" not in key}
    app = create_app({**settings, "PARTICIPATION_ENV": "production"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    app.extensions["database"].dispose()


def test_german_is_the_default_language(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Anmelden" in page


def test_lang_parameter_switches_to_english_and_sticks(client):
    response = client.get("/?lang=en")
    assert '<html lang="en">' in response.get_data(as_text=True)
    assert "lang=en" in response.headers["Set-Cookie"]
    follow_up = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="en">' in follow_up and "Sign in" in follow_up


def test_accept_language_decides_without_cookie(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_unsupported_language_falls_back_to_german(client):
    page = client.get("/?lang=fr", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="de">' in page


def test_command_line_tasks_speak_the_municipalitys_language(app):
    """Demo data and reminders are written outside any request: German, not an error."""
    with app.app_context():
        assert _("Progress of the measures: quarterly reviews %(period)s", period="2026-Q3") == \
            "Stand der Maßnahmen: Quartalsberichte 2026-Q3"


def test_language_switcher_links_keep_the_page(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/login?lang=en"' in page


@pytest.mark.parametrize(("path", "method", "status", "german", "english"), [
    ("/does-not-exist", "get", 404, "Seite nicht gefunden", "Page not found"),
    ("/healthz", "post", 405, "Methode nicht erlaubt", "Method not allowed"),
])
def test_error_pages_are_translated(client, path, method, status, german, english):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert german in response.get_data(as_text=True)
    response = getattr(client, method)(path + "?lang=en")
    assert english in response.get_data(as_text=True)


def test_internal_error_shows_a_page_without_stack_trace(app_config):
    app = create_app({**app_config, "TESTING": False})

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Interner Fehler" in page and "secret internals" not in page and "Traceback" not in page
    app.extensions["database"].dispose()


def test_oversized_request_is_refused_with_413(app_config):
    app = create_app({**app_config, "MAX_CONTENT_LENGTH": 1024, "WTF_CSRF_ENABLED": False})
    response = app.test_client().post("/auth/login", data={"email": "a@example.org", "password": "x" * 4096})
    assert response.status_code == 413
    assert "zu groß" in response.get_data(as_text=True)
    app.extensions["database"].dispose()


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down(app_config, tmp_path):
    app = create_app({**app_config, "DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unavailable"}


def test_pages_answer_503_without_trace_when_the_database_is_down(app_config, tmp_path):
    app = create_app({**app_config, "DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}",
                      "TESTING": False})
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert "vorübergehend nicht erreichbar" in response.get_data(as_text=True)


def test_trusted_hosts_refuse_other_hosts(app_config):
    app = create_app({**app_config, "TRUSTED_HOSTS": ["beteiligung.example.de"]})
    client = app.test_client()
    assert client.get("/healthz", base_url="http://beteiligung.example.de").status_code == 200
    assert client.get("/healthz", base_url="http://evil.example").status_code == 400
    app.extensions["database"].dispose()


def test_branding_stylesheet_uses_configured_colours(app_config):
    app = create_app({**app_config, "SITE_PRIMARY_COLOR": "#004b23"})
    css = app.test_client().get("/branding.css")
    assert css.mimetype == "text/css"
    assert "--color-primary: #004b23" in css.get_data(as_text=True)
    app.extensions["database"].dispose()


def test_production_logs_are_json_lines(capsys):
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        configure_logging(structured=True)
        logging.getLogger("participation.test").warning("Speicher knapp: %s", "90 %")
    finally:
        root.handlers, root.level = saved_handlers, saved_level
    entry = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert entry["level"] == "WARNING" and entry["message"] == "Speicher knapp: 90 %"
