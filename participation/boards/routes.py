"""Boards and their meetings: public pages for everyone; admins keep boards and seats; chairs and secretaries
run the meetings."""

from datetime import datetime, time, timedelta
from functools import wraps
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from participation.accounts.models import User
from participation.boards import permissions, queries, services
from participation.boards.calendar import CALENDAR_CONTENT_TYPE, meeting_calendar
from participation.boards.forms import BoardForm, CancelMeetingForm, MeetingForm, MembershipForm, PlanYearForm
from participation.boards.models import Board, BoardKind, Meeting, MemberRole, Membership
from participation.db import get_session, utcnow
from participation.errors import render_error
from participation.forms import ConfirmForm, as_choices, district_choices
from participation.i18n import _
from participation.municipality.queries import list_districts, strategies_with_action_areas
from participation.text import render_markdown

blueprint = Blueprint("boards", __name__)

INVALID_FORM = 422
DEFAULT_START = time(18, 0)
CALENDAR_HISTORY = timedelta(days=365)


@blueprint.errorhandler(services.NotAllowed)
def not_allowed(_error):
    """A service refused: its permission check is the one that counts."""
    return render_error(403)


def admin_required(view):
    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not permissions.may_manage_boards(current_user):
            abort(403)
        return view(*args, **kwargs)

    return guarded


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _today():
    return utcnow().astimezone(_zone()).date()


def _load_board(board_id: int) -> Board:
    board = get_session().get(Board, board_id)
    if board is None:
        abort(404)
    return board


def _membership(board: Board) -> Membership | None:
    """The signed-in user's seat on the board today."""
    return queries.current_membership(get_session(), current_user, board.id, _today())


def _require_meeting_runner(board: Board) -> Membership | None:
    """The user's seat, if they may run the board's meetings; others get 403 (the route asks visitors to sign in)."""
    membership = _membership(board)
    if not permissions.may_run_meetings(current_user, membership):
        abort(403)
    return membership


def _load_meeting(meeting_id: int) -> tuple[Meeting, Board, Membership | None]:
    """The meeting, its board and the user's seat; 404 for meetings this user may not see (non-public ones)."""
    db = get_session()
    meeting = db.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    board = db.get(Board, meeting.board_id)
    membership = _membership(board)
    if not permissions.may_view_meeting(current_user, meeting, membership):
        abort(404)
    return meeting, board, membership


def _refused(form, refusal: services.Refused) -> None:
    target = getattr(form, refusal.field, None)
    if target is not None:
        target.errors = [*target.errors, refusal.message]
    else:
        form.form_errors.append(refusal.message)


# --- public ---------------------------------------------------------------------------------------------------

@blueprint.route("/boards/")
def index():
    db = get_session()
    return render_template("boards/index.html", boards=queries.list_boards(db),
                           may_manage=permissions.may_manage_boards(current_user))


@blueprint.route("/boards/<int:board_id>")
def show(board_id: int):
    board = _load_board(board_id)
    db = get_session()
    membership = _membership(board)
    internal = permissions.may_see_internals(current_user, membership)
    today = _today()
    everyone = queries.members(db, board.id, today=today)
    listed = [member for member in everyone if member.membership.listed_publicly]
    now = utcnow()
    return render_template(
        "boards/show.html", board=board, purpose=render_markdown(board.purpose),
        parent=db.get(Board, board.parent_id) if board.parent_id else None,
        sub_boards=queries.sub_boards(db, board.id), action_areas=queries.action_areas_of(db, board.id),
        listed=listed, unlisted_count=len(everyone) - len(listed),
        upcoming=queries.meetings_of(db, board.id, internal, upcoming_from=now),
        past=queries.meetings_of(db, board.id, internal, before=now),
        may_manage=permissions.may_manage_boards(current_user),
        may_run=permissions.may_run_meetings(current_user, membership), confirm_form=ConfirmForm())


@blueprint.route("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    meeting, board, membership = _load_meeting(meeting_id)
    return render_template("boards/meeting.html", meeting=meeting, board=board,
                           may_run=permissions.may_run_meetings(current_user, membership))


def _calendar_response(entries, calendar_name: str, filename: str) -> Response:
    body = meeting_calendar(
        # The configured address, not the request's: event UIDs must not change with the proxy in front.
        entries, host=urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost",
        timezone_name=current_app.config["BABEL_DEFAULT_TIMEZONE"],
        calendar_name=calendar_name,
        meeting_url=lambda meeting_id: url_for("boards.meeting", meeting_id=meeting_id, _external=True))
    response = Response(body, content_type=CALENDAR_CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@blueprint.route("/meetings/<int:meeting_id>.ics")
def meeting_ics(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    return _calendar_response([(meeting, board)], board.name, f"meeting-{meeting.id}.ics")


@blueprint.route("/calendar.ics")
def calendar_ics():
    """Every public meeting from a year ago on, for calendar subscriptions."""
    entries = queries.public_meetings(get_session(), utcnow() - CALENDAR_HISTORY)
    return _calendar_response(entries, _("Meetings – %(site)s", site=current_app.config["SITE_NAME"]),
                              "calendar.ics")


# --- admins: boards and seats ---------------------------------------------------------------------------------

def _prepare_board_form(form: BoardForm, board: Board | None = None) -> list:
    db = get_session()
    keep = queries.action_area_ids(db, board.id) if board else []
    groups = [(strategy, [area for area in areas if area.archived_at is None or area.id in keep])
              for strategy, areas in strategies_with_action_areas(db, include_archived=True)]
    form.action_areas.choices = as_choices((area.id, area.title) for _strategy, areas in groups for area in areas)
    form.parent_id.choices = as_choices(
        [(0, _("No parent board"))] + [(other.id, other.name) for other in queries.list_boards(db)
                                       if board is None or other.id != board.id])
    return groups


def _board_draft(form: BoardForm) -> services.BoardDraft:
    return services.BoardDraft(
        name=form.name.data, kind=BoardKind(form.kind.data), short_name=form.short_name.data or "",
        purpose=form.purpose.data or "", parent_id=form.parent_id.data or None,
        default_location=form.default_location.data or "", action_area_ids=tuple(form.action_areas.data or ()))


@blueprint.route("/boards/new", methods=["GET", "POST"])
@admin_required
def new_board():
    form = BoardForm()
    groups = _prepare_board_form(form)
    if form.validate_on_submit():
        db = get_session()
        try:
            board = services.create_board(db, current_user, _board_draft(form))
        except services.Refused as refusal:
            db.rollback()
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The board has been created. Now add its members."), "success")
            return redirect(url_for("boards.members", board_id=board.id))
    return render_template("boards/board_form.html", form=form, groups=groups, board=None), \
        INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/boards/<int:board_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_board(board_id: int):
    board = _load_board(board_id)
    db = get_session()
    form = BoardForm(obj=board, action_areas=queries.action_area_ids(db, board.id))
    groups = _prepare_board_form(form, board)
    if form.validate_on_submit():
        try:
            changed = services.edit_board(db, current_user, board, _board_draft(form))
        except services.Refused as refusal:
            db.rollback()
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The board has been changed.") if changed else _("Nothing was changed."),
                  "success" if changed else "info")
            return redirect(url_for("boards.show", board_id=board.id))
    return render_template("boards/board_form.html", form=form, groups=groups, board=board), \
        INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/boards/<int:board_id>/<any(archive, restore):operation>", methods=["POST"])
@admin_required
def archive_board(board_id: int, operation: str):
    board = _load_board(board_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    services.set_archived(db, current_user, board, archived=operation == "archive")
    db.commit()
    flash(_("The board has been archived.") if operation == "archive" else _("The board has been restored."),
          "success")
    return redirect(url_for("boards.show", board_id=board.id))


@blueprint.route("/boards/<int:board_id>/members")
@admin_required
def members(board_id: int):
    board = _load_board(board_id)
    return render_template("boards/members.html", board=board, today=_today(),
                           members=queries.members(get_session(), board.id), confirm_form=ConfirmForm())


def _membership_form(membership: Membership | None = None) -> MembershipForm:
    db = get_session()
    if membership is None:
        form = MembershipForm()
    else:
        user = db.get(User, membership.user_id) if membership.user_id else None
        form = MembershipForm(obj=membership, district=membership.district_id or 0,
                              account_email=user.email if user else "")
    form.district.choices = district_choices(list_districts(db))
    return form


def _membership_draft(form: MembershipForm) -> services.MembershipDraft:
    return services.MembershipDraft(
        role=MemberRole(form.role.data), account_email=form.account_email.data or "",
        person_name=form.person_name.data or "", organisation=form.organisation.data or "",
        contact=form.contact.data or "", is_secretary=form.is_secretary.data, is_external=form.is_external.data,
        has_vote=form.has_vote.data, district_id=form.district.data or None, start_date=form.start_date.data,
        end_date=form.end_date.data, listed_publicly=form.listed_publicly.data)


@blueprint.route("/boards/<int:board_id>/members/new", methods=["GET", "POST"])
@admin_required
def new_member(board_id: int):
    board = _load_board(board_id)
    form = _membership_form()
    if form.validate_on_submit():
        db = get_session()
        try:
            services.add_membership(db, current_user, board, _membership_draft(form))
        except services.Refused as refusal:
            db.rollback()
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The member has been added."), "success")
            return redirect(url_for("boards.members", board_id=board.id))
    return render_template("boards/member_form.html", form=form, board=board, membership=None), \
        INVALID_FORM if form.is_submitted() else 200


def _load_membership(board: Board, membership_id: int) -> Membership:
    membership = get_session().get(Membership, membership_id)
    if membership is None or membership.board_id != board.id:
        abort(404)
    return membership


@blueprint.route("/boards/<int:board_id>/members/<int:membership_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_member(board_id: int, membership_id: int):
    board = _load_board(board_id)
    membership = _load_membership(board, membership_id)
    form = _membership_form(membership)
    if form.validate_on_submit():
        db = get_session()
        try:
            changed = services.edit_membership(db, current_user, board, membership, _membership_draft(form))
        except services.Refused as refusal:
            db.rollback()
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The membership has been changed.") if changed else _("Nothing was changed."),
                  "success" if changed else "info")
            return redirect(url_for("boards.members", board_id=board.id))
    return render_template("boards/member_form.html", form=form, board=board, membership=membership), \
        INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/boards/<int:board_id>/members/<int:membership_id>/delete", methods=["POST"])
@admin_required
def delete_member(board_id: int, membership_id: int):
    board = _load_board(board_id)
    membership = _load_membership(board, membership_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    services.remove_membership(db, current_user, board, membership)
    db.commit()
    flash(_("The membership has been deleted."), "success")
    return redirect(url_for("boards.members", board_id=board.id))


# --- chairs and secretaries: meetings -------------------------------------------------------------------------

def _meeting_draft(form: MeetingForm) -> services.MeetingDraft:
    starts_at = datetime.combine(form.day.data, form.start_time.data, tzinfo=_zone())
    ends_at = datetime.combine(form.day.data, form.end_time.data, tzinfo=_zone()) if form.end_time.data else None
    return services.MeetingDraft(name=form.name.data, starts_at=starts_at, ends_at=ends_at,
                                 location=form.location.data or "", online_url=form.online_url.data or "",
                                 is_public=form.is_public.data)


@blueprint.route("/boards/<int:board_id>/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting(board_id: int):
    board = _load_board(board_id)
    membership = _require_meeting_runner(board)
    form = MeetingForm(location=board.default_location, start_time=DEFAULT_START)
    if form.validate_on_submit():
        db = get_session()
        try:
            meeting = services.create_meeting(db, current_user, membership, board, _meeting_draft(form))
        except services.Refused as refusal:
            db.rollback()
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The meeting has been planned."), "success")
            return redirect(url_for("boards.meeting", meeting_id=meeting.id))
    return render_template("boards/meeting_form.html", form=form, board=board, meeting=None), \
        INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    local_start = meeting.starts_at.astimezone(_zone())
    form = MeetingForm(obj=meeting, day=local_start.date(), start_time=local_start.time(),
                       end_time=meeting.ends_at.astimezone(_zone()).time() if meeting.ends_at else None)
    if form.validate_on_submit():
        db = get_session()
        try:
            changed = services.edit_meeting(db, current_user, membership, board, meeting, _meeting_draft(form))
        except services.Refused as refusal:
            db.rollback()
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The meeting has been changed.") if changed else _("Nothing was changed."),
                  "success" if changed else "info")
            return redirect(url_for("boards.meeting", meeting_id=meeting.id))
    return render_template("boards/meeting_form.html", form=form, board=board, meeting=meeting), \
        INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_meeting(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    form = CancelMeetingForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            services.cancel_meeting(db, current_user, membership, board, meeting, form.reason.data)
        except services.Refused as refusal:
            db.rollback()
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The meeting has been cancelled."), "success")
            return redirect(url_for("boards.meeting", meeting_id=meeting.id))
    return render_template("boards/cancel_meeting.html", form=form, board=board, meeting=meeting), \
        INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/boards/<int:board_id>/plan", methods=["GET", "POST"])
@login_required
def plan_year(board_id: int):
    board = _load_board(board_id)
    membership = _require_meeting_runner(board)
    this_year = _today().year
    form = PlanYearForm(location=board.default_location, start_time=DEFAULT_START,
                        year=this_year + 1 if _today().month >= 11 else this_year)
    form.year.choices = as_choices((year, str(year)) for year in (this_year, this_year + 1))
    if form.validate_on_submit():
        db = get_session()
        try:
            planned = services.plan_year(db, current_user, membership, board, form.year.data, form.start_time.data,
                                         form.location.data or "", current_app.config["BABEL_DEFAULT_TIMEZONE"],
                                         utcnow())
        except services.Refused as refusal:
            db.rollback()
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("%(count)d meetings have been planned. You can change each of them.", count=len(planned)),
                  "success")
            return redirect(url_for("boards.show", board_id=board.id, _anchor="upcoming"))
    existing = queries.meetings_in_year(get_session(), board.id, datetime(this_year, 1, 1, tzinfo=_zone()),
                                        datetime(this_year + 2, 1, 1, tzinfo=_zone()))
    return render_template("boards/plan_year.html", form=form, board=board, existing=existing,
                           proposed={year: services.quarterly_dates(year) for year in (this_year, this_year + 1)}), \
        INVALID_FORM if form.is_submitted() else 200
