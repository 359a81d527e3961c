"""The signed-in user's notifications, their mail settings, and the one-click unsubscribe link from mails."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from participation.auth.tokens import TokenError
from participation.db import get_session
from participation.extensions import csrf
from participation.i18n import _, _l
from participation.notifications import services
from participation.notifications.forms import ButtonForm, EmailModeForm
from participation.security import is_safe_redirect
from participation.views import page_number

blueprint = Blueprint("notifications", __name__)

INVALID_FORM = 422
PAGE_SIZE = 20

UNSUBSCRIBE_PROBLEMS = {
    "invalid": _l("This unsubscribe link is not valid. Please copy the whole link from the e-mail, or sign in and "
                  "choose your notification e-mails in your account."),
    "expired": _l("This unsubscribe link has expired. Please sign in and choose your notification e-mails in your "
                  "account."),
}


def _next_or(default: str) -> str:
    target = request.form.get("next", "")
    return target if is_safe_redirect(target) else default


@blueprint.route("/account/notifications")
@login_required
def index():
    page = services.list_for_user(get_session(), current_user, page_number(), PAGE_SIZE)
    return render_template("notifications/index.html", page=page, form=ButtonForm())


@blueprint.route("/account/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    form = ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    try:
        notification = services.mark_read(db, current_user, notification_id)
    except services.NotificationNotFound:
        abort(404)
    db.commit()
    # The list's buttons come back to the list page; `next=link` goes on to what the notification is about.
    target = notification.link if request.form.get("next") == "link" else request.form.get("next", "")
    return redirect(target if is_safe_redirect(target) else url_for("notifications.index"))


@blueprint.route("/account/notifications/read", methods=["POST"])
@login_required
def mark_all_read():
    form = ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    count = services.mark_all_read(db, current_user)
    db.commit()
    if count:
        flash(_("All notifications are marked as read."), "success")
    return redirect(_next_or(url_for("notifications.index")))


@blueprint.route("/account/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    db = get_session()
    form = EmailModeForm(data={"email_mode": services.email_mode(db, current_user).value}
                         if request.method == "GET" else None)
    if not form.validate_on_submit():
        return (render_template("notifications/settings.html", form=form),
                INVALID_FORM if form.is_submitted() else 200)
    services.set_email_mode(db, current_user, form.email_mode.data)
    db.commit()
    flash(_("Your notification settings have been saved."), "success")
    return redirect(url_for("notifications.settings"))


# Mail scanners fetch links: GET only shows a button. The POST needs no CSRF token and no sign-in, so mail
# programs can unsubscribe with one click (RFC 8058); the signed token is the authorisation.
@blueprint.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    db = get_session()
    secret_key = current_app.config["SECRET_KEY"]
    try:
        if request.method == "GET":
            services.user_for_unsubscribe_token(db, secret_key, token)
            return render_template("notifications/unsubscribe.html")
        services.unsubscribe(db, secret_key, token)
    except TokenError as error:
        problem = UNSUBSCRIBE_PROBLEMS.get(error.reason, UNSUBSCRIBE_PROBLEMS["invalid"])
        return render_template("notifications/unsubscribe_problem.html", problem=problem), 400
    db.commit()
    return render_template("notifications/unsubscribed.html")
