"""Translation helpers and the choice of language: `?lang=`, then the cookie, then Accept-Language."""

from flask import current_app, has_request_context, request
from flask_babel import Babel, gettext, lazy_gettext, ngettext  # noqa: F401

_ = gettext
_l = lazy_gettext

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}

babel = Babel()


def requested_language() -> str | None:
    """A supported language named by `?lang=`, if any."""
    value = request.args.get("lang", "")
    return value if value in current_app.config["LANGUAGES"] else None


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # command-line tasks speak the municipality's language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = requested_language()
    if chosen:
        return chosen
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in languages:
        return cookie
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_requested_language(response):
    """`?lang=` is sticky: keep it in a cookie for the following pages."""
    chosen = requested_language()
    if chosen and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(
            LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response
