"""A person's rights over their data: see and download it, manage consents, delete the account."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date, to_user_timezone
from flask_login import current_user, login_required, logout_user

from participation.boards.models import Board, Membership
from participation.boards.services import set_own_listing
from participation.db import get_session, utcnow
from participation.extensions import limiter
from participation.forms import ConfirmForm
from participation.i18n import _, _l
from participation.mail import send_templated_mail
from participation.privacy.consents import consents_of, seats_of
from participation.privacy.forms import DeleteAccountForm
from participation.privacy.queries import personal_data
from participation.privacy.services import DeletedAccount
from participation.privacy.services import delete_account as delete_user_account
from participation.templating import format_moment
from participation.views import form_page

blueprint = Blueprint("privacy", __name__)

# --- export ---------------------------------------------------------------------------------------------------

def _export_account() -> str:
    # Per account, not per address: people in one office share an address. Visitors are sent to sign in anyway.
    return f"export-account:{current_user.id}" if current_user.is_authenticated else request.remote_addr or ""


def _readable_moment(value: str) -> str:
    """An export's ISO 8601 timestamp or date as the page shows it: in the reader's language and time zone."""
    if "T" in value:
        return format_moment(datetime.fromisoformat(value))
    return format_date(date.fromisoformat(value))


@blueprint.route("/account/export")
@login_required
def export():
    return render_template("privacy/export.html", data=personal_data(get_session(), current_user),
                           readable_moment=_readable_moment)


@blueprint.route("/account/export.json")
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_EXPORT"], key_func=_export_account)
def export_json():
    now = utcnow()
    document = {"exported_at": now.isoformat(timespec="seconds"), "site": current_app.config["SITE_NAME"],
                **personal_data(get_session(), current_user)}
    filename = f"participation-data-{to_user_timezone(now).date().isoformat()}.json"
    return Response(json.dumps(document, ensure_ascii=False, indent=2), mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",  # the whole account: never kept by a cache, whatever the site's default
    })


# --- consents -------------------------------------------------------------------------------------------------

@blueprint.route("/account/consents")
@login_required
def consents():
    db = get_session()
    seats = seats_of(db, current_user)
    return render_template("privacy/consents.html", records=consents_of(db, current_user), seats=seats,
                           boards={seat.id: board for seat, board in seats}, confirm_form=ConfirmForm())


@blueprint.route("/account/consents/board-listing/<int:membership_id>", methods=["POST"])
@login_required
def board_listing(membership_id: int):
    """The member names themselves in public (listed=1) or withdraws that consent (listed=0)."""
    db = get_session()
    membership = db.get(Membership, membership_id)
    if membership is None or membership.user_id != current_user.id:
        abort(404)
    listed = request.form.get("listed")
    if not ConfirmForm().validate_on_submit() or listed not in ("0", "1"):
        abort(400)
    set_own_listing(db, current_user, membership, listed == "1", utcnow())
    db.commit()
    board = db.get(Board, membership.board_id)
    if membership.listed_publicly:
        flash(_("You are now named in public as a member of %(board)s.", board=board.name), "success")
    else:
        flash(_("You are no longer named in public as a member of %(board)s.", board=board.name), "success")
    return redirect(url_for("privacy.consents"))


# --- account deletion -----------------------------------------------------------------------------------------

@blueprint.route("/account/delete", methods=["GET", "POST"])
@login_required
# The password is asked again: limited like sign-in attempts, so the form cannot be used to guess it.
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def delete_account():
    now = utcnow().astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    form = DeleteAccountForm()

    def signed_out_and_told(deleted: DeletedAccount):
        logout_user()
        session.clear()
        send_templated_mail(deleted.email, deleted.locale, "privacy/account_deleted",
                            _l("Your account has been deleted"), name=deleted.display_name)
        return _("Your account has been deleted. Thank you for taking part."), url_for("site.home")

    return form_page(form, "privacy/delete_account.html",
                     lambda db: delete_user_account(db, current_user._get_current_object(), form.password.data, now),
                     signed_out_and_told)
