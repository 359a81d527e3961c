"""The home page, the legal pages, the branding stylesheet and the health check."""

from flask import Blueprint, Response, abort, current_app, render_template
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from participation.accounts.permissions import is_admin
from participation.db import get_session, utcnow
from participation.municipality.queries import list_districts, strategies_with_action_areas
from participation.site.queries import LEGAL_PAGES, default_page_text, edited_texts, home_page
from participation.text import render_markdown

blueprint = Blueprint("site", __name__)


@blueprint.route("/")
def home():
    db = get_session()
    return render_template("site/home.html", home=home_page(db, utcnow()),
                           strategies=strategies_with_action_areas(db), districts=list_districts(db))


@blueprint.route("/imprint", defaults={"slug": "imprint"})
@blueprint.route("/privacy", defaults={"slug": "privacy"})
@blueprint.route("/accessibility", defaults={"slug": "accessibility"})
def legal_page(slug: str):
    if slug not in LEGAL_PAGES:
        abort(404)
    locale = str(get_locale())
    texts = edited_texts(get_session(), slug)
    body = texts.get(locale) or texts.get("de") or default_page_text(slug, locale)
    return render_template("site/legal_page.html", slug=slug, body=render_markdown(body),
                           may_edit=is_admin(current_user))


@blueprint.route("/branding.css")
def branding_css():
    """The municipality's colours as CSS variables (a stylesheet, since the CSP forbids inline styles)."""
    css = render_template("site/branding.css", primary=current_app.config["SITE_PRIMARY_COLOR"],
                          accent=current_app.config["SITE_ACCENT_COLOR"])
    response = Response(css, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@blueprint.route("/healthz")
def healthz():
    try:
        get_session().exec(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unavailable")
        return {"status": "unavailable", "database": "unavailable"}, 503
    return {"status": "ok", "database": "ok"}
