"""Boards and their meetings: public pages for everyone; admins keep boards and seats; chairs and secretaries
run the meetings."""

from datetime import datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale, format_date
from flask_login import current_user, login_required

from participation.accounts.models import User
from participation.boards import permissions, queries, services
from participation.boards.calendar import meeting_calendar
from participation.boards.forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    AttendanceForm,
    BoardForm,
    CancelMeetingForm,
    MeetingForm,
    MembershipForm,
    MinutesForm,
    PlanYearForm,
)
from participation.boards.models import (
    AgendaItem,
    AgendaSource,
    Board,
    BoardKind,
    DecisionKind,
    InvitationResponse,
    Meeting,
    MeetingState,
    MemberRole,
    Membership,
)
from participation.calendars import calendar_host, calendar_response
from participation.db import get_session, utcnow
from participation.documents.queries import documents_of_meeting
from participation.forms import ConfirmForm, as_choices, district_choices
from participation.i18n import _, ngettext
from participation.mail import public_url_for
from participation.measures.quarters import Quarter
from participation.municipality.queries import list_districts, strategies_with_action_areas
from participation.notifications.services import _reader_locale
from participation.text import render_markdown
from participation.views import form_page, permission_required

blueprint = Blueprint("boards", __name__)

DEFAULT_START = time(18, 0)


admin_required = permission_required(permissions.may_manage_boards)


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


def _button_action(act, done, target: str):
    """A one-button form: check its token, run `act(db)` (one service call) and commit; `done(result)` gives the
    success message (or None) and where to go, a refusal is flashed as an error on the way back to `target`."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        result = act(db)
    except services.Refused as refusal:
        db.rollback()
        flash(refusal.message, "error")
        return redirect(target)
    db.commit()
    message, destination = done(result)
    if message:
        flash(message, "success")
    return redirect(destination)


def _saved(changed: bool, message: str, target: str) -> tuple[str, str, str]:
    return (message, "success", target) if changed else (_("Nothing was changed."), "info", target)


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
    db = get_session()
    internal = permissions.may_see_internals(current_user, membership)
    items = queries.agenda(db, meeting.id, with_internal=internal)
    present_ids = set(queries.attendance_ids(db, meeting.id))
    present = [member for member in queries.members(db, board.id) if member.membership.id in present_ids]
    published = meeting.minutes_published_at is not None
    may_run = permissions.may_run_meetings(current_user, membership)
    invitable = meeting.state in (MeetingState.PLANNED.value, MeetingState.INVITED.value) and \
        meeting.starts_at > utcnow()
    invitations = queries.invitations(db, meeting.id) if may_run or membership else {}
    answers = None
    if may_run:
        seats = queries.members(db, board.id, today=meeting.starts_at.astimezone(_zone()).date())
        answers = [(member, invitations.get(member.membership.id)) for member in seats]
    own = invitations.get(membership.id) if membership else None
    return render_template(
        "boards/meeting.html", meeting=meeting, board=board, items=items, internal=internal,
        summaries={item.review_period: queries.review_summary(db, item.review_period)
                   for item in items if item.review_period},
        present=present if internal else [member for member in present if member.membership.listed_publicly],
        present_unlisted=0 if internal else sum(not member.membership.listed_publicly for member in present),
        show_minutes=published or internal, published=published, may_run=may_run,
        agenda_open=may_run and not published and meeting.state != MeetingState.CANCELLED.value,
        minutes_open=may_run and meeting.state != MeetingState.CANCELLED.value and meeting.starts_at <= utcnow(),
        review_period=_review_period(meeting), confirm_form=ConfirmForm(),
        may_invite=may_run and invitable, answers=answers, seat=membership, may_respond=bool(membership) and invitable,
        own_response=own.response_enum if own else InvitationResponse.PENDING,
        related_documents=documents_of_meeting(db, current_user, meeting.id, _today()))


@blueprint.route("/meetings/<int:meeting_id>.ics")
def meeting_ics(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    body = meeting_calendar(
        [(meeting, board)], host=calendar_host(), timezone_name=current_app.config["BABEL_DEFAULT_TIMEZONE"],
        calendar_name=board.name,
        meeting_url=lambda meeting_id: url_for("boards.meeting", meeting_id=meeting_id, _external=True))
    return calendar_response(body, f"meeting-{meeting.id}.ics")




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
    return form_page(
        form, "boards/board_form.html",
        lambda db: services.create_board(db, current_user, _board_draft(form)),
        lambda board: (_("The board has been created. Now add its members."), "success",
                       url_for("boards.members", board_id=board.id)),
        groups=groups, board=None)


@blueprint.route("/boards/<int:board_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_board(board_id: int):
    board = _load_board(board_id)
    db = get_session()
    form = BoardForm(obj=board, action_areas=queries.action_area_ids(db, board.id))
    groups = _prepare_board_form(form, board)
    return form_page(
        form, "boards/board_form.html",
        lambda db: services.edit_board(db, current_user, board, _board_draft(form)),
        lambda changed: _saved(changed, _("The board has been changed."), url_for("boards.show", board_id=board.id)),
        groups=groups, board=board)


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
    return form_page(
        form, "boards/member_form.html",
        lambda db: services.add_membership(db, current_user, board, _membership_draft(form)),
        lambda _result: (_("The member has been added."), "success", url_for("boards.members", board_id=board.id)),
        board=board, membership=None)


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
    return form_page(
        form, "boards/member_form.html",
        lambda db: services.edit_membership(db, current_user, board, membership, _membership_draft(form)),
        lambda changed: _saved(changed, _("The membership has been changed."),
                               url_for("boards.members", board_id=board.id)),
        board=board, membership=membership)


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
    return form_page(
        form, "boards/meeting_form.html",
        lambda db: services.create_meeting(db, current_user, membership, board, _meeting_draft(form)),
        lambda meeting: (_("The meeting has been planned."), "success",
                         url_for("boards.meeting", meeting_id=meeting.id)),
        board=board, meeting=None)


@blueprint.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    local_start = meeting.starts_at.astimezone(_zone())
    form = MeetingForm(obj=meeting, day=local_start.date(), start_time=local_start.time(),
                       end_time=meeting.ends_at.astimezone(_zone()).time() if meeting.ends_at else None)
    return form_page(
        form, "boards/meeting_form.html",
        lambda db: services.edit_meeting(db, current_user, membership, board, meeting, _meeting_draft(form)),
        lambda changed: _saved(changed, _("The meeting has been changed."),
                               url_for("boards.meeting", meeting_id=meeting.id)),
        board=board, meeting=meeting)


@blueprint.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_meeting(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    form = CancelMeetingForm()
    return form_page(
        form, "boards/cancel_meeting.html",
        lambda db: services.cancel_meeting(db, current_user, membership, board, meeting, form.reason.data),
        lambda _result: (_("The meeting has been cancelled."), "success",
                         url_for("boards.meeting", meeting_id=meeting.id)),
        board=board, meeting=meeting)


@blueprint.route("/boards/<int:board_id>/plan", methods=["GET", "POST"])
@login_required
def plan_year(board_id: int):
    board = _load_board(board_id)
    membership = _require_meeting_runner(board)
    this_year = _today().year
    form = PlanYearForm(location=board.default_location, start_time=DEFAULT_START,
                        year=this_year + 1 if _today().month >= 11 else this_year)
    form.year.choices = as_choices((year, str(year)) for year in (this_year, this_year + 1))
    existing = queries.meetings_in_year(get_session(), board.id, datetime(this_year, 1, 1, tzinfo=_zone()),
                                        datetime(this_year + 2, 1, 1, tzinfo=_zone()))
    return form_page(
        form, "boards/plan_year.html",
        lambda db: services.plan_year(db, current_user, membership, board, form.year.data, form.start_time.data,
                                      form.location.data or "", current_app.config["BABEL_DEFAULT_TIMEZONE"], utcnow()),
        lambda planned: (_("%(count)d meetings have been planned. You can change each of them.", count=len(planned)),
                         "success", url_for("boards.show", board_id=board.id, _anchor="upcoming")),
        board=board, existing=existing,
        proposed={year: services.quarterly_dates(year) for year in (this_year, this_year + 1)})


# --- chairs and secretaries: agenda, minutes ------------------------------------------------------------------

def _load_item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = get_session().get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


def _review_period(meeting: Meeting) -> str:
    """The quarter a meeting reviews: the one before the quarter it takes place in."""
    return Quarter.of(meeting.starts_at.astimezone(_zone()).date()).previous().label


def _item_draft(form: AgendaItemForm) -> services.AgendaItemDraft:
    return services.AgendaItemDraft(
        source=AgendaSource(form.source.data), title=form.title.data or "", text=form.text.data or "",
        is_public=form.is_public.data, idea_id=form.idea_id.data or None,
        measure_id=form.measure_id.data or None, paper_id=form.paper_id.data or None)


def _agenda_form() -> AgendaItemForm:
    db = get_session()
    form = AgendaItemForm()
    none = [(0, _("Please choose"))]
    form.idea_id.choices = as_choices(none + queries.idea_choices(db))
    form.measure_id.choices = as_choices(none + queries.measure_choices(db))
    form.paper_id.choices = as_choices(none + queries.paper_choices(db))
    return form


@blueprint.route("/meetings/<int:meeting_id>/agenda/new", methods=["GET", "POST"])
@login_required
def new_item(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    form = _agenda_form()
    return form_page(
        form, "boards/item_form.html",
        lambda db: services.add_agenda_item(db, current_user, membership, board, meeting, _item_draft(form)),
        lambda item: (_("Item %(number)d has been added to the agenda.", number=item.position), "success",
                      url_for("boards.meeting", meeting_id=meeting.id, _anchor="agenda")),
        board=board, meeting=meeting, item=None)


@blueprint.route("/meetings/<int:meeting_id>/agenda/reviews", methods=["POST"])
@login_required
def add_reviews(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    agenda = url_for("boards.meeting", meeting_id=meeting.id, _anchor="agenda")
    return _button_action(
        lambda db: services.add_review_summary(db, current_user, membership, board, meeting,
                                               _review_period(meeting)),
        lambda _item: (_("The quarterly reviews have been added to the agenda."), agenda), agenda)


@blueprint.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(meeting_id: int, item_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    item = _load_item(meeting, item_id)
    form = AgendaItemEditForm(obj=item)
    return form_page(
        form, "boards/item_form.html",
        lambda db: services.edit_agenda_item(db, current_user, membership, board, meeting, item, form.title.data,
                                             form.text.data or "", form.is_public.data),
        lambda changed: _saved(changed, _("The agenda item has been changed."),
                               url_for("boards.meeting", meeting_id=meeting.id, _anchor=f"item-{item.id}")),
        board=board, meeting=meeting, item=item)


@blueprint.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/<any(up, down, delete):operation>",
                 methods=["POST"])
@login_required
def change_item(meeting_id: int, item_id: int, operation: str):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    item = _load_item(meeting, item_id)
    agenda = url_for("boards.meeting", meeting_id=meeting.id, _anchor="agenda")
    if operation == "delete":
        return _button_action(
            lambda db: services.remove_agenda_item(db, current_user, membership, board, meeting, item),
            lambda _none: (_("The agenda item has been removed."), agenda), agenda)
    # Back to the moved item, so that keyboard users can move it on.
    return _button_action(
        lambda db: services.move_agenda_item(db, current_user, membership, board, meeting, item.id,
                                             -1 if operation == "up" else 1),
        lambda _moved: (None, url_for("boards.meeting", meeting_id=meeting.id, _anchor=f"item-{item.id}")), agenda)


@blueprint.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/minutes", methods=["GET", "POST"])
@login_required
def item_minutes(meeting_id: int, item_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    item = _load_item(meeting, item_id)
    form = MinutesForm(obj=item)
    return form_page(
        form, "boards/minutes_form.html",
        lambda db: services.record_minutes(db, current_user, membership, board, meeting, item,
                                           form.minutes.data or "",
                                           DecisionKind(form.decision_kind.data) if form.decision_kind.data else None,
                                           form.decision_text.data or "", utcnow()),
        lambda _result: (_("The minutes of item %(number)d have been saved.", number=item.position), "success",
                         url_for("boards.meeting", meeting_id=meeting.id, _anchor=f"item-{item.id}")),
        board=board, meeting=meeting, item=item)


@blueprint.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@login_required
def attendance(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    db = get_session()
    seats = queries.members(db, board.id, today=meeting.starts_at.astimezone(_zone()).date())
    form = AttendanceForm(present=queries.attendance_ids(db, meeting.id))
    form.present.choices = as_choices((member.membership.id, member.name) for member in seats)
    return form_page(
        form, "boards/attendance.html",
        lambda db: services.record_attendance(db, current_user, membership, board, meeting, form.present.data or [],
                                              utcnow()),
        lambda _result: (_("The attendance has been recorded."), "success",
                         url_for("boards.meeting", meeting_id=meeting.id, _anchor="attendance")),
        board=board, meeting=meeting)


@blueprint.route("/meetings/<int:meeting_id>/publish", methods=["POST"])
@login_required
def publish(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    page = url_for("boards.meeting", meeting_id=meeting.id)
    return _button_action(
        lambda db: services.publish_minutes(db, current_user, membership, board, meeting, utcnow()),
        lambda decided: (ngettext(
            "The minutes have been published; %(num)d decision went to the idea or measure it concerns.",
            "The minutes have been published; %(num)d decisions went to the ideas and measures they concern.",
            len(decided)), page), page)


# --- invitations ------------------------------------------------------------------------------------------------

def _invitation_renderer(board: Board, meeting: Meeting):
    """Renders one recipient's invitation in their language: account holders' own, the site's for others."""

    def render(recipient: services.InvitationRecipient, items: list[AgendaItem]) -> tuple[str, str]:
        locale = _reader_locale(recipient.user) if recipient.user is not None else \
            current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(locale):
            subject = _("Invitation: %(board)s: %(meeting)s on %(date)s", board=board.name, meeting=meeting.name,
                        date=format_date(meeting.starts_at, "medium"))
            body = render_template("mail/boards/invitation.txt", name=recipient.member.name, board=board,
                                   meeting=meeting, items=items, has_account=recipient.user is not None,
                                   meeting_link=public_url_for("boards.meeting", meeting_id=meeting.id))
        return subject, body

    return render


@blueprint.route("/meetings/<int:meeting_id>/invite", methods=["POST"])
@login_required
def invite(meeting_id: int):
    meeting, board, _seat = _load_meeting(meeting_id)
    membership = _require_meeting_runner(board)
    target = url_for("boards.meeting", meeting_id=meeting.id, _anchor="invitations")

    def sent_message(result: services.InvitationsSent) -> tuple[str, str]:
        message = ngettext("Invitations sent to %(num)d member.", "Invitations sent to %(num)d members.",
                           result.sent)
        if result.unreachable:
            message = " ".join((message, ngettext("%(num)d member has no e-mail address on record.",
                                                  "%(num)d members have no e-mail address on record.",
                                                  result.unreachable)))
        return message, target

    return _button_action(
        lambda db: services.send_invitations(
            db, current_user, membership, board, meeting, utcnow(),
            host=urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost",
            timezone_name=current_app.config["BABEL_DEFAULT_TIMEZONE"],
            meeting_url=lambda number: public_url_for("boards.meeting", meeting_id=number),
            render_mail=_invitation_renderer(board, meeting)),
        sent_message, target)


@blueprint.route("/meetings/<int:meeting_id>/respond/<any(accept, decline):answer>", methods=["POST"])
@login_required
def respond(meeting_id: int, answer: str):
    """A member answers for their own seat whether they will attend."""
    meeting, board, membership = _load_meeting(meeting_id)
    if membership is None:
        abort(403)
    target = url_for("boards.meeting", meeting_id=meeting.id, _anchor="invitations")
    return _button_action(
        lambda db: services.respond_to_invitation(db, current_user, board, meeting, membership, answer == "accept",
                                                  utcnow()),
        lambda _none: (_("Thank you: you will attend the meeting.") if answer == "accept"
                       else _("Thank you: you cannot attend the meeting."), target), target)


@blueprint.app_template_global()
def board_decisions_on_idea(idea_id: int) -> list[queries.PublishedDecision]:
    """For the idea's page: what boards decided about it (the ideas area does not know boards)."""
    return queries.decisions_on_idea(get_session(), idea_id)


@blueprint.app_template_global()
def board_agendas_with_idea(idea_id: int) -> list[queries.ComingItem]:
    """For the idea's page: the coming meetings it is on the agenda of."""
    return queries.idea_on_coming_agendas(get_session(), idea_id, utcnow())
