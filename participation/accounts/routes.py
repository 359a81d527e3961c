"""The signed-in user's own account page."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from participation.accounts.forms import ProfileForm
from participation.accounts.services import update_profile
from participation.db import get_session
from participation.forms import district_choices
from participation.i18n import _
from participation.municipality.queries import list_districts

blueprint = Blueprint("accounts", __name__)


@blueprint.route("/account/", methods=["GET", "POST"])
@login_required
def profile():
    db = get_session()
    districts = list_districts(db)
    form = ProfileForm(obj=current_user, district=current_user.district_id or 0)
    form.district.choices = district_choices(districts)
    if not form.validate_on_submit():
        return render_template("accounts/profile.html", form=form), 422 if form.is_submitted() else 200
    update_profile(db, current_user, display_name=form.display_name.data, district_id=form.district.data or None,
                   locale=form.locale.data)
    db.commit()
    flash(_("Your profile has been saved."), "success")
    return redirect(url_for("accounts.profile"))
