"""The measure backlog: public list, CSV export and measure pages; staff create and maintain measures."""

import csv
import io

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from participation.comments.forms import CommentForm
from participation.comments.routes import add_comment_routes
from participation.comments.subjects import CommentSubject
from participation.db import get_session
from participation.forms import ConfirmForm, as_choices
from participation.i18n import _
from participation.ideas.models import Idea
from participation.ideas.permissions import is_public as idea_is_public
from participation.ideas.queries import action_area_ids as idea_action_area_ids
from participation.measures import permissions, queries, services
from participation.measures.chart import progress_chart
from participation.measures.forms import (
    LinkIdeaForm,
    MeasureFilterForm,
    MeasureForm,
    MilestoneForm,
    ReviewForm,
    StatusForm,
)
from participation.measures.models import (
    MEASURE_STATUS_LABELS,
    Measure,
    MeasureEvent,
    MeasureEventKind,
    MeasureStatus,
    Milestone,
    QuarterlyReview,
    TrafficLight,
)
from participation.measures.quarters import Quarter, parse_quarter, recent_quarters, today_in
from participation.municipality.queries import list_districts, strategies_with_action_areas
from participation.views import page_number, permission_required

blueprint = Blueprint("measures", __name__, url_prefix="/measures")

INVALID_FORM = 422
SORT_LABELS = {
    "due": lambda: _("Planned end"), "review": lambda: _("Latest review"),
    "updated": lambda: _("Recently changed"), "title": lambda: _("Title"),
}


@blueprint.app_template_global()
def measures_taking_up(idea_id: int) -> list[Measure]:
    """For the idea's page: the measures that took the idea up (the ideas area does not know measures)."""
    return queries.measures_taking_up(get_session(), idea_id)


@blueprint.app_template_global()
def traffic_light_label(value: str) -> str:
    return TrafficLight(value).label


@blueprint.app_template_global()
def measure_event_text(event: MeasureEvent) -> str:
    """One line of the measure's public timeline, in the reader's language."""
    kind = MeasureEventKind(event.kind)
    if kind == MeasureEventKind.STATUS_CHANGED:
        return _("Status changed from “%(from)s” to “%(to)s”", **{
            "from": MeasureStatus(event.from_status).label, "to": MeasureStatus(event.to_status).label})
    if event.summary:
        return f"{kind.label}: {event.summary}"
    return kind.label


staff_required = permission_required(permissions.may_manage_measures)


def _today():
    return today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _load_measure(measure_id: int) -> Measure:
    measure = get_session().get(Measure, measure_id)
    if measure is None or not permissions.may_view_measure(current_user, measure):
        abort(404)
    return measure


def _load_part(model, part_id: int, measure: Measure):
    part = get_session().get(model, part_id)
    if part is None or part.measure_id != measure.id:
        abort(404)
    return part


def _refused(form, refusal: services.Refused) -> None:
    """Show a service's refusal at its field (or above the form)."""
    target = getattr(form, refusal.field, None)
    if target is not None:
        target.errors = [*target.errors, refusal.message]
    else:
        form.form_errors.append(refusal.message)


# --- public ------------------------------------------------------------------------------------------------

def _criteria(db) -> tuple[MeasureFilterForm, queries.MeasureFilter]:
    form = MeasureFilterForm(request.args)
    form.action_area.choices = as_choices([("", _("All action areas"))] + [
        (str(area.id), area.title) for _strategy, areas in strategies_with_action_areas(db) for area in areas])
    form.district.choices = as_choices([("", _("All districts"))]
                                       + [(str(d.id), d.name) for d in list_districts(db)])
    staff = permissions.may_manage_measures(current_user)
    form.status.choices = as_choices([("", _("Every status"))] + [
        (status.value, status.label) for status in MeasureStatus if staff or status != MeasureStatus.DRAFT])
    form.unit.choices = as_choices([("", _("All units"))]
                                   + [(str(unit.id), unit.name) for unit in queries.list_units(db)])
    form.sort.choices = as_choices((key, label()) for key, label in SORT_LABELS.items())
    form.validate()

    def number(field):
        return int(field.data) if field.data and not field.errors else None

    # Unknown or malformed filter values are ignored (allowlist), never an error.
    criteria = queries.MeasureFilter(
        action_area_id=number(form.action_area), district_id=number(form.district), unit_id=number(form.unit),
        status=MeasureStatus(form.status.data) if form.status.data and not form.status.errors else None,
        core_only=bool(form.core.data),
        sort=form.sort.data if form.sort.data in queries.SORT_KEYS and not form.sort.errors else "due",
        include_drafts=staff)
    for field in form:
        field.errors = []
    return form, criteria


@blueprint.route("/")
def index():
    db = get_session()
    form, criteria = _criteria(db)
    page = queries.browse_measures(db, criteria, page_number(),
                                   current_app.config["MEASURES_PAGE_SIZE"])
    export_args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template("measures/index.html", form=form, page=page, export_args=export_args,
                           may_manage=permissions.may_manage_measures(current_user))


@blueprint.route("/export.csv")
def export():
    """The filtered list as CSV; UTF-8 with a byte-order mark so spreadsheet programs read umlauts right."""
    db = get_session()
    _form, criteria = _criteria(db)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("Number"), _("Title"), _("Status"), _("Core measure"), _("Action areas"), _("Districts"),
                     _("Responsible unit"), _("Responsible person"), _("Planned start"), _("Planned end"),
                     _("Latest review"), _("Progress in percent"), _("Contribution to the urban-development project"),
                     _("Address")])
    for row in queries.all_measures(db, criteria):
        measure = row.measure
        writer.writerow([
            measure.id, measure.title, measure.status_enum.label, _("yes") if measure.is_core else _("no"),
            ", ".join(area.title for area in row.action_areas), ", ".join(d.name for d in row.districts),
            row.unit_name, row.responsible_name, measure.planned_start or "", measure.planned_end or "",
            measure.latest_review_period or "", "" if measure.latest_progress is None else measure.latest_progress,
            measure.contribution, url_for("measures.show", measure_id=measure.id, _external=True)])
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="measures.csv"'})


@blueprint.route("/<int:measure_id>")
def show(measure_id: int, comment_form: CommentForm | None = None):
    measure = _load_measure(measure_id)
    db = get_session()
    page = queries.measure_page(db, measure.id, current_user.id if current_user.is_authenticated else None)
    return render_template(
        "measures/show.html", page=page, measure=measure, chart=progress_chart(page.reviews), today=_today(),
        action_form=ConfirmForm(), may_manage=permissions.may_manage_measures(current_user),
        may_follow=permissions.may_follow(current_user, measure),
        may_comment=permissions.may_comment(current_user, measure), is_public=permissions.is_public(measure),
        comment_form=comment_form or CommentForm(formdata=None), comment_urls=comment_urls(measure_id=measure.id))


def _comment_subject(measure_id: int) -> CommentSubject:
    return services.comment_subject(_load_measure(measure_id))


def _show_with_comment_form(form: CommentForm, measure_id: int):
    return show(measure_id, comment_form=form)


# POST /measures/<id>/comments and /measures/<id>/comments/<comment_id>/edit, /delete, /flag
comment_urls = add_comment_routes(blueprint, "/<int:measure_id>", _comment_subject, _show_with_comment_form)


# --- staff: measures ---------------------------------------------------------------------------------------

def _prepare_measure_form(form: MeasureForm, db, measure: Measure | None = None) -> None:
    chosen = set(queries.action_area_ids(db, measure.id)) if measure else set()
    form.action_areas.choices = as_choices(
        (area.id, f"{strategy.title}: {area.title}")
        for strategy, areas in strategies_with_action_areas(db, include_archived=bool(chosen))
        for area in areas if area.archived_at is None or area.id in chosen)
    form.districts.choices = as_choices((district.id, district.name) for district in list_districts(db))
    units = queries.list_units(db, include_archived=measure is not None)
    form.unit.choices = as_choices([(0, _("Please choose"))] + [
        (unit.id, unit.name) for unit in units if unit.archived_at is None or (measure and unit.id == measure.unit_id)])
    staff = [(user.id, user.display_name) for user in queries.staff_users(db)]
    form.responsible.choices = as_choices([(0, _("Please choose"))] + staff)
    form.deputy.choices = as_choices([(0, _("No deputy"))] + staff)


def _measure_draft(form: MeasureForm) -> services.MeasureDraft:
    return services.MeasureDraft(
        title=form.title.data, description=form.description.data, contribution=form.contribution.data,
        action_area_ids=list(form.action_areas.data), unit_id=form.unit.data, responsible_id=form.responsible.data,
        deputy_id=form.deputy.data or None, district_ids=list(form.districts.data or []),
        is_core=form.is_core.data, planned_start=form.planned_start.data, planned_end=form.planned_end.data,
        estimated_cost=form.estimated_cost.data, funding_source=form.funding_source.data or "",
        partner_organisations=form.partner_organisations.data or "")


@blueprint.route("/new", methods=["GET", "POST"])
@staff_required
def new():
    db = get_session()
    form = MeasureForm(responsible=current_user.id)
    _prepare_measure_form(form, db)
    if form.validate_on_submit():
        try:
            measure = services.create_measure(db, current_user, _measure_draft(form))
        except services.Refused as refusal:
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The measure has been saved as a draft. Plan it to make it public."), "success")
            return redirect(url_for("measures.show", measure_id=measure.id))
    return render_template("measures/form.html", form=form, measure=None), INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/new/from-idea/<int:idea_id>", methods=["GET", "POST"])
@login_required
def new_from_idea(idea_id: int):
    """Route an idea to the measure planning with a new measure, prefilled from the idea; the contribution to the
    development project must still be written (design §3)."""
    if not permissions.may_take_up_ideas(current_user):
        abort(403)
    db = get_session()
    idea = db.get(Idea, idea_id)
    if idea is None or not idea_is_public(idea):
        abort(404)
    prefill = {"title": idea.title[:200], "action_areas": idea_action_area_ids(db, idea.id),
               "districts": [idea.district_id] if idea.district_id else [],
               "description": idea.body, "responsible": current_user.id}
    form = MeasureForm(data=None if request.method == "POST" else prefill)
    _prepare_measure_form(form, db)
    if form.validate_on_submit():
        try:
            measure = services.create_measure_from_idea(db, current_user, _measure_draft(form), idea)
        except services.Refused as refusal:
            db.rollback()
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The measure has been saved as a draft and takes up the idea, which is now in the measure "
                    "planning."), "success")
            # A moderator outside the administration may start the measure but not see its draft.
            if permissions.may_view_measure(current_user, measure):
                return redirect(url_for("measures.show", measure_id=measure.id))
            return redirect(url_for("ideas.show", idea_id=idea.id))
    return (render_template("measures/form.html", form=form, measure=None, idea=idea),
            INVALID_FORM if form.is_submitted() else 200)


@blueprint.route("/<int:measure_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(measure_id: int):
    measure = _load_measure(measure_id)
    db = get_session()
    form = MeasureForm(obj=measure, unit=measure.unit_id, responsible=measure.responsible_id,
                       deputy=measure.deputy_id or 0, action_areas=queries.action_area_ids(db, measure.id),
                       districts=queries.district_ids(db, measure.id))
    _prepare_measure_form(form, db, measure)
    if form.validate_on_submit():
        try:
            services.edit_measure(db, current_user, measure, _measure_draft(form))
        except services.Refused as refusal:
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("measures.show", measure_id=measure.id))
    return (render_template("measures/form.html", form=form, measure=measure),
            INVALID_FORM if form.is_submitted() else 200)


@blueprint.route("/<int:measure_id>/status", methods=["GET", "POST"])
@staff_required
def status(measure_id: int):
    measure = _load_measure(measure_id)
    db = get_session()
    form = StatusForm()
    form.status.choices = as_choices([("", _("Please choose"))] + [
        (status.value, MEASURE_STATUS_LABELS[status]) for status in services.allowed_transitions(measure)])
    if form.validate_on_submit():
        try:
            services.change_status(db, current_user, measure, MeasureStatus(form.status.data), form.reason.data or "")
        except services.Refused as refusal:
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The status is now “%(status)s”.", status=measure.status_enum.label), "success")
            return redirect(url_for("measures.show", measure_id=measure.id, _anchor="timeline"))
    return (render_template("measures/status.html", form=form, measure=measure),
            INVALID_FORM if form.is_submitted() else 200)


# --- staff: work plan --------------------------------------------------------------------------------------

def _prepare_milestone_form(form: MilestoneForm, db) -> None:
    form.owner.choices = as_choices([(0, _("Nobody yet"))]
                                    + [(user.id, user.display_name) for user in queries.staff_users(db)])


@blueprint.route("/<int:measure_id>/milestones/new", methods=["GET", "POST"])
@staff_required
def new_milestone(measure_id: int):
    measure = _load_measure(measure_id)
    db = get_session()
    form = MilestoneForm(owner=current_user.id)
    _prepare_milestone_form(form, db)
    if form.validate_on_submit():
        try:
            services.add_milestone(db, current_user, measure, form.title.data, form.due_on.data,
                                   form.owner.data or None)
        except services.Refused as refusal:
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The milestone has been added to the work plan."), "success")
            return redirect(url_for("measures.show", measure_id=measure.id, _anchor="work-plan"))
    return (render_template("measures/milestone_form.html", form=form, measure=measure, milestone=None),
            INVALID_FORM if form.is_submitted() else 200)


@blueprint.route("/<int:measure_id>/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_milestone(measure_id: int, milestone_id: int):
    measure = _load_measure(measure_id)
    milestone = _load_part(Milestone, milestone_id, measure)
    db = get_session()
    form = MilestoneForm(obj=milestone, owner=milestone.owner_id or 0)
    _prepare_milestone_form(form, db)
    if form.validate_on_submit():
        try:
            services.edit_milestone(db, current_user, milestone, form.title.data, form.due_on.data,
                                    form.owner.data or None, form.done_on.data)
        except services.Refused as refusal:
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The milestone has been changed."), "success")
            return redirect(url_for("measures.show", measure_id=measure.id, _anchor="work-plan"))
    return (render_template("measures/milestone_form.html", form=form, measure=measure, milestone=milestone),
            INVALID_FORM if form.is_submitted() else 200)


@blueprint.route("/<int:measure_id>/milestones/<int:milestone_id>/done", methods=["POST"])
@staff_required
def complete_milestone(measure_id: int, milestone_id: int):
    measure = _load_measure(measure_id)
    milestone = _load_part(Milestone, milestone_id, measure)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    services.complete_milestone(db, current_user, milestone, _today())
    db.commit()
    flash(_("The milestone is marked as done."), "success")
    return redirect(url_for("measures.show", measure_id=measure.id, _anchor="work-plan"))


@blueprint.route("/<int:measure_id>/milestones/<int:milestone_id>/delete", methods=["POST"])
@staff_required
def delete_milestone(measure_id: int, milestone_id: int):
    measure = _load_measure(measure_id)
    milestone = _load_part(Milestone, milestone_id, measure)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    services.delete_milestone(db, current_user, milestone)
    db.commit()
    flash(_("The milestone has been removed from the work plan."), "success")
    return redirect(url_for("measures.show", measure_id=measure.id, _anchor="work-plan"))


# --- staff: quarterly reviews ------------------------------------------------------------------------------

def _prepare_review_form(form: ReviewForm, quarters: list[Quarter]) -> None:
    form.quarter.choices = as_choices((quarter.label, quarter.label) for quarter in quarters)
    form.traffic_light.choices = as_choices((light.value, light.label) for light in TrafficLight)


def _review_draft(form: ReviewForm, quarter: Quarter) -> services.ReviewDraft:
    return services.ReviewDraft(quarter=quarter, progress=form.progress.data,
                                traffic_light=TrafficLight(form.traffic_light.data), done=form.done.data,
                                next_steps=form.next_steps.data or "", deviations=form.deviations.data or "")


@blueprint.route("/<int:measure_id>/reviews/new", methods=["GET", "POST"])
@staff_required
def new_review(measure_id: int):
    measure = _load_measure(measure_id)
    db = get_session()
    today = _today()
    form = ReviewForm(quarter=Quarter.of(today).label)
    _prepare_review_form(form, recent_quarters(today))
    existing = None
    if form.validate_on_submit():
        try:
            services.record_review(db, current_user, measure, _review_draft(form, parse_quarter(form.quarter.data)),
                                   today)
        except services.DuplicateReview as duplicate:
            existing = duplicate.existing
            _refused(form, duplicate)
        except services.Refused as refusal:
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The review has been recorded and is now public on the measure's page."), "success")
            return redirect(url_for("measures.show", measure_id=measure.id, _anchor="progress"))
    return (render_template("measures/review_form.html", form=form, measure=measure, review=None, existing=existing),
            INVALID_FORM if form.is_submitted() else 200)


@blueprint.route("/<int:measure_id>/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_review(measure_id: int, review_id: int):
    measure = _load_measure(measure_id)
    review = _load_part(QuarterlyReview, review_id, measure)
    db = get_session()
    quarter = Quarter(review.year, review.quarter)
    form = ReviewForm(obj=review, quarter=quarter.label)
    _prepare_review_form(form, [quarter])
    if form.validate_on_submit():
        try:
            services.edit_review(db, current_user, review, _review_draft(form, quarter), _today())
        except services.Refused as refusal:
            _refused(form, refusal)
        else:
            db.commit()
            flash(_("The review has been changed."), "success")
            return redirect(url_for("measures.show", measure_id=measure.id, _anchor="progress"))
    return (render_template("measures/review_form.html", form=form, measure=measure, review=review, existing=None),
            INVALID_FORM if form.is_submitted() else 200)


# --- staff: linked ideas -----------------------------------------------------------------------------------

@blueprint.route("/<int:measure_id>/ideas", methods=["GET", "POST"])
@staff_required
def link_idea(measure_id: int):
    measure = _load_measure(measure_id)
    db = get_session()
    form = LinkIdeaForm()
    if form.validate_on_submit():
        idea = db.get(Idea, form.idea.data)
        if idea is None:
            form.idea.errors = [_("There is no idea with this number.")]
        else:
            try:
                linked = services.link_idea(db, current_user, measure, idea)
            except services.Refused as refusal:
                _refused(form, refusal)
            else:
                db.commit()
                flash(_("The idea is now linked to this measure.") if linked
                      else _("The idea was already linked to this measure."), "success")
                return redirect(url_for("measures.show", measure_id=measure.id, _anchor="ideas"))
    return (render_template("measures/link_idea.html", form=form, measure=measure),
            INVALID_FORM if form.is_submitted() else 200)


@blueprint.route("/<int:measure_id>/ideas/<int:idea_id>/unlink", methods=["POST"])
@staff_required
def unlink_idea(measure_id: int, idea_id: int):
    measure = _load_measure(measure_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    services.unlink_idea(db, current_user, measure, idea_id)
    db.commit()
    flash(_("The idea is no longer linked to this measure."), "success")
    return redirect(url_for("measures.show", measure_id=measure.id, _anchor="ideas"))


# --- residents: following ----------------------------------------------------------------------------------

@blueprint.route("/<int:measure_id>/follow", methods=["POST"])
@login_required
def follow(measure_id: int):
    return _set_following(measure_id, True)


@blueprint.route("/<int:measure_id>/unfollow", methods=["POST"])
@login_required
def unfollow(measure_id: int):
    return _set_following(measure_id, False)


def _set_following(measure_id: int, following: bool):
    measure = _load_measure(measure_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    services.set_following(db, current_user, measure, following)
    db.commit()
    flash(_("You follow this measure: we will tell you about its progress.") if following
          else _("You no longer follow this measure."), "success")
    return redirect(url_for("measures.show", measure_id=measure.id, _anchor="follow"))


# --- staff overview ----------------------------------------------------------------------------------------

@blueprint.route("/reviews-due")
@staff_required
def reviews_due():
    today = _today()
    quarter = Quarter.of(today)
    return render_template("measures/reviews_due.html", quarter=quarter,
                           groups=queries.reviews_due(get_session(), quarter))


@blueprint.route("/overview")
@staff_required
def overview():
    db = get_session()
    today = _today()
    quarter = Quarter.of(today)
    return render_template(
        "measures/overview.html", today=today, quarter=quarter, mine=queries.my_measures(db, current_user.id),
        my_overdue=queries.overdue_milestones(db, today, owner_id=current_user.id),
        all_overdue=queries.overdue_milestones(db, today), units=queries.unit_summaries(db, quarter, today))
