"""The information area: the project manual for the administration's staff, and the portal's public calendar of
board meetings and volunteer shifts."""

from datetime import timedelta

from flask import Blueprint, abort, current_app, render_template, url_for
from flask_login import current_user, login_required

from participation.accounts.permissions import is_staff
from participation.boards.calendar import meeting_events
from participation.boards.queries import public_meetings
from participation.calendars import calendar_host, calendar_response, render_calendar
from participation.db import get_session, utcnow
from participation.i18n import _
from participation.information.queries import project_manual
from participation.volunteering.calendar import shift_events
from participation.volunteering.queries import public_shifts

blueprint = Blueprint("information", __name__)

CALENDAR_HISTORY = timedelta(days=365)


@blueprint.route("/manual/")
@login_required
def manual():
    if not is_staff(current_user):
        abort(403)
    return render_template("information/manual.html", manual=project_manual(get_session()))


@blueprint.route("/calendar.ics")
def calendar_ics():
    """Every public meeting and public volunteer shift from a year ago on, for calendar subscriptions."""
    db = get_session()
    since, host = utcnow() - CALENDAR_HISTORY, calendar_host()
    events = meeting_events(
        public_meetings(db, since), host=host,
        meeting_url=lambda meeting_id: url_for("boards.meeting", meeting_id=meeting_id, _external=True))
    events += shift_events(
        public_shifts(db, since), host=host,
        project_url=lambda project_id: url_for("volunteering.project", project_id=project_id, _external=True))
    events.sort(key=lambda event: (event.starts_at, event.uid))
    body = render_calendar(events, calendar_name=_("Dates – %(site)s", site=current_app.config["SITE_NAME"]),
                           timezone_name=current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return calendar_response(body, "calendar.ics")
