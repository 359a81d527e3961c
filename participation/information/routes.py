"""The information area: the project manual for the administration's staff."""

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from participation.accounts.permissions import is_staff
from participation.db import get_session
from participation.information.queries import project_manual

blueprint = Blueprint("information", __name__)


@blueprint.route("/manual/")
@login_required
def manual():
    if not is_staff(current_user):
        abort(403)
    return render_template("information/manual.html", manual=project_manual(get_session()))
