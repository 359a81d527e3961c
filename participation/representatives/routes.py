"""District representatives: "my district" pages for the board members who represent a district, their proposals
for the next agenda, and the page where the board's chair or secretary accepts or declines them."""

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from participation.accounts.permissions import is_staff
from participation.boards.models import Board, Meeting, Membership
from participation.boards.queries import current_membership
from participation.db import get_session, utcnow
from participation.errors import render_error
from participation.forms import ConfirmForm, as_choices
from participation.i18n import _
from participation.ideas.models import Idea
from participation.ideas.queries import IdeaFilter, browse_ideas
from participation.measures.quarters import today_in
from participation.measures.queries import MeasureFilter, all_measures
from participation.municipality.models import District
from participation.municipality.queries import list_districts
from participation.representatives import permissions, queries, services
from participation.representatives.forms import DeclineForm, ProposalForm
from participation.representatives.models import AgendaProposal, ProposalState
from participation.templating import format_moment
from participation.views import form_page
from participation.volunteering.queries import district_hours_by_year, shifts_needing_people

blueprint = Blueprint("representatives", __name__)

IDEAS_SHOWN = 5  # per list: the newest and the most supported
SHIFTS_SHOWN = 8


@blueprint.errorhandler(services.NotAllowed)
def not_allowed(_error):
    """A service refused: its permission check is the one that counts."""
    return render_error(403)


def _today():
    return today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"])


@blueprint.app_template_global()
def represents_a_district() -> bool:
    """For the main navigation: whether the signed-in user represents a district; one query per page at most."""
    if not current_user.is_authenticated:
        return False
    if "represents_a_district" not in g:
        g.represents_a_district = queries.represents_any_district(get_session(), current_user.id, _today())
    return g.represents_a_district


@blueprint.app_template_global()
def agenda_proposals_waiting(board_id: int) -> int:
    """For the board's page, shown to those who decide: how many proposals wait for a decision."""
    return queries.pending_count(get_session(), board_id)


# --- representatives ------------------------------------------------------------------------------------------

@blueprint.route("/my-district/")
@login_required
def index():
    """The districts the user represents (straight to the only one); the administration sees every district."""
    db = get_session()
    representations = queries.representations(db, current_user.id, _today())
    districts = list({entry.district.id: entry.district for entry in representations}.values())
    if len(districts) == 1:
        return redirect(url_for(".district", district_id=districts[0].id))
    if not districts:
        if not is_staff(current_user):
            abort(403)
        districts = list_districts(db)
    return render_template("representatives/index.html", districts=districts, representations=representations)


def _load_district(district_id: int) -> District:
    district = get_session().get(District, district_id)
    if district is None:
        abort(404)
    return district


@blueprint.route("/my-district/<int:district_id>")
@login_required
def district(district_id: int):
    district = _load_district(district_id)
    db = get_session()
    today, now = _today(), utcnow()
    representations = queries.representations(db, current_user.id, today, district.id)
    if not permissions.may_view_district(current_user, district.id, {entry.district.id for entry in representations}):
        abort(403)
    staff = is_staff(current_user)
    # A representative sees their own proposals; the administration everyone's.
    proposals = queries.district_proposals(db, district.id, current_user.id if representations else None)
    return render_template(
        "representatives/district.html", district=district, representations=representations,
        next_meetings=queries.next_meetings(db, [entry.board.id for entry in representations], now),
        newest=browse_ideas(db, IdeaFilter(district_id=district.id, sort="newest"), 1, IDEAS_SHOWN).items,
        supported=browse_ideas(db, IdeaFilter(district_id=district.id, sort="supported"), 1, IDEAS_SHOWN).items,
        measures=all_measures(db, MeasureFilter(district_id=district.id)),
        coming=queries.coming_items(db, district.id, now,
                                    None if staff else queries.boards_with_seat(db, current_user.id, today)),
        proposals=proposals, may_propose=bool(representations),
        waiting_ids={row.proposal.idea_id for row in proposals if row.proposal.state == ProposalState.PENDING.value},
        is_proposable=permissions.is_proposable,
        shifts=shifts_needing_people(db, now, district.id, SHIFTS_SHOWN),
        volunteer_years=district_hours_by_year(db, district.id))


def _meeting_choice(board: Board, meeting: Meeting | None) -> str:
    if meeting is None:
        return _("%(board)s (no coming meeting yet)", board=board.name)
    return _("%(board)s: %(meeting)s on %(date)s", board=board.name, meeting=meeting.name,
             date=format_moment(meeting.starts_at))


@blueprint.route("/my-district/<int:district_id>/ideas/<int:idea_id>/propose", methods=["GET", "POST"])
@login_required
def propose(district_id: int, idea_id: int):
    """The representative proposes an idea of the district for the next meeting of one of their boards."""
    district = _load_district(district_id)
    db = get_session()
    today, now = _today(), utcnow()
    representations = queries.representations(db, current_user.id, today, district.id)
    if not representations:
        abort(403)
    idea = db.get(Idea, idea_id)
    if idea is None or idea.district_id != district.id or not permissions.is_proposable(idea):
        abort(404)
    coming = queries.next_meetings(db, [entry.board.id for entry in representations], now)
    seats = {entry.board.id: entry.membership for entry in representations}
    form = ProposalForm(board_id=representations[0].board.id)
    form.board_id.choices = as_choices((entry.board.id, _meeting_choice(entry.board, coming.get(entry.board.id)))
                                       for entry in representations)
    return form_page(
        form, "representatives/propose.html",
        lambda db: services.propose_idea(db, current_user, seats.get(form.board_id.data), idea,
                                         form.reason.data or "", now, today),
        lambda proposal: (_("Your proposal has been sent. The chair and the secretary of the board decide on it."),
                          url_for(".district", district_id=district.id, _anchor="proposals")),
        district=district, idea=idea)


# --- chairs and secretaries ------------------------------------------------------------------------------------

def _load_board(board_id: int) -> Board:
    board = get_session().get(Board, board_id)
    if board is None:
        abort(404)
    return board


def _decider_seat(board: Board) -> Membership | None:
    """The user's seat on the board, if they may decide on its proposals; others get 403."""
    membership = current_membership(get_session(), current_user, board.id, _today())
    if not permissions.may_decide(current_user, membership):
        abort(403)
    return membership


def _load_proposal(board: Board, proposal_id: int) -> AgendaProposal:
    proposal = get_session().get(AgendaProposal, proposal_id)
    if proposal is None or proposal.board_id != board.id:
        abort(404)
    return proposal


@blueprint.route("/boards/<int:board_id>/proposals")
@login_required
def proposals(board_id: int):
    board = _load_board(board_id)
    _decider_seat(board)
    db = get_session()
    return render_template("representatives/proposals.html", board=board,
                           pending=queries.pending_proposals(db, board.id),
                           decided=queries.decided_proposals(db, board.id), now=utcnow(), confirm_form=ConfirmForm())


@blueprint.route("/boards/<int:board_id>/proposals/<int:proposal_id>/accept", methods=["POST"])
@login_required
def accept(board_id: int, proposal_id: int):
    board = _load_board(board_id)
    membership = _decider_seat(board)
    proposal = _load_proposal(board, proposal_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    page = url_for(".proposals", board_id=board.id)
    try:
        item = services.accept_proposal(db, current_user, membership, proposal, utcnow())
    except services.Refused as refusal:
        db.rollback()
        flash(refusal.message, "error")
        return redirect(page)
    db.commit()
    flash(_("The proposal has been accepted: the idea is item %(number)d on the agenda.", number=item.position),
          "success")
    return redirect(page)


@blueprint.route("/boards/<int:board_id>/proposals/<int:proposal_id>/decline", methods=["GET", "POST"])
@login_required
def decline(board_id: int, proposal_id: int):
    board = _load_board(board_id)
    membership = _decider_seat(board)
    proposal = _load_proposal(board, proposal_id)
    page = url_for(".proposals", board_id=board.id)
    form = DeclineForm()
    if proposal.state != ProposalState.PENDING.value and not form.is_submitted():
        flash(_("This proposal has already been decided."), "info")
        return redirect(page)
    db = get_session()
    return form_page(
        form, "representatives/decline.html",
        lambda db: services.decline_proposal(db, current_user, membership, proposal, form.reason.data or "",
                                             utcnow()),
        lambda _proposal: (_("The proposal has been declined. The representative can read your reason."), page),
        board=board, proposal=proposal, idea=db.get(Idea, proposal.idea_id),
        meeting=db.get(Meeting, proposal.meeting_id))
