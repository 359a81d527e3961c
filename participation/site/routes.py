"""The home page, the legal pages with the accessibility feedback form, the page in Leichte Sprache, the branding
stylesheet and the health check."""

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from participation.accounts.permissions import is_admin
from participation.db import get_session, utcnow
from participation.extensions import limiter
from participation.i18n import _
from participation.municipality.queries import list_districts, strategies_with_action_areas
from participation.site import services
from participation.site.forms import AccessibilityFeedbackForm, HandleFeedbackForm
from participation.site.queries import (
    LEGAL_PAGES,
    default_page_text,
    edited_texts,
    feedback_page,
    feedback_view,
    home_page,
)
from participation.text import render_markdown
from participation.views import form_page, page_number, permission_required

blueprint = Blueprint("site", __name__)
admin_required = permission_required(is_admin)


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


@blueprint.route("/leichte-sprache")
def easy_read():
    return render_template("site/easy_read.html")


def _feedback_sent(response) -> bool:
    return response.status_code == 302


@blueprint.route("/accessibility/feedback", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_FEEDBACK"], methods=["POST"], deduct_when=_feedback_sent)
def accessibility_feedback():
    """Anyone may report a barrier, signed in or not. `?from=` names the page concerned; the form posts to this
    same address, so it comes along (and is checked again by the service)."""
    page_url = services.reported_page(request.args.get("from"))
    form = AccessibilityFeedbackForm()
    author = current_user if current_user.is_authenticated else None

    def save(db):
        return services.report_barrier(db, author, services.FeedbackDraft(
            message=form.message.data, name=form.name.data or "", email=form.email.data or "", page_url=page_url))

    def done(_feedback):
        return (_("Thank you for your message. The portal team will look into the barrier and, if you gave an "
                  "e-mail address, answer you."), page_url or url_for("site.legal_page", slug="accessibility"))

    return form_page(form, "site/accessibility_feedback.html", save, done, page_url=page_url)


@blueprint.route("/admin/feedback")
@admin_required
def feedback_list():
    page = feedback_page(get_session(), page_number(), current_app.config["ADMIN_PAGE_SIZE"])
    return render_template("site/feedback_list.html", page=page)


@blueprint.route("/admin/feedback/<int:feedback_id>", methods=["GET", "POST"])
@admin_required
def feedback_item(feedback_id: int):
    view = feedback_view(get_session(), feedback_id) or abort(404)
    form = HandleFeedbackForm(data={"answer_note": view.feedback.answer_note} if request.method == "GET" else None)

    def done(_result):
        return _("The report has been marked as handled."), url_for("site.feedback_list")

    return form_page(form, "site/feedback_item.html",
                     lambda db: services.handle_feedback(db, current_user, view.feedback, form.answer_note.data),
                     done, view=view)


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
