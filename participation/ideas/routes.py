"""The resident's side of ideas: list and search, propose, read, support, discuss, follow."""

import re
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_login import current_user, login_required
from itsdangerous import BadSignature, URLSafeSerializer

from participation.accounts.permissions import may_take_part
from participation.comments.forms import CommentForm
from participation.comments.routes import add_comment_routes
from participation.comments.subjects import CommentSubject
from participation.db import get_session
from participation.errors import render_error
from participation.extensions import limiter
from participation.forms import ConfirmForm, as_choices, district_choices
from participation.i18n import _, ngettext
from participation.ideas import outcomes as idea_outcomes
from participation.ideas import permissions, queries, services
from participation.ideas.forms import AppealForm, IdeaFilterForm, IdeaForm, ReportForm
from participation.ideas.images import ImageRejected, image_response, store_image
from participation.ideas.models import PUBLIC_STATUSES, Idea, IdeaStatus
from participation.municipality.queries import list_districts, strategies_with_action_areas
from participation.text import render_markdown
from participation.views import page_number

blueprint = Blueprint("ideas", __name__, url_prefix="/ideas")

INVALID_FORM = 422
SORT_LABELS = {
    "newest": lambda: _("Newest"), "supported": lambda: _("Most supported"),
    "discussed": lambda: _("Most discussed"), "active": lambda: _("Recently active"),
}


def _load_idea(idea_id: int) -> Idea:
    """The idea, or 404 for ideas that do not exist or that this user may not see."""
    idea = get_session().get(Idea, idea_id)
    if idea is None or not permissions.may_view_idea(current_user, idea):
        abort(404)
    return idea


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _area_choices(db) -> list[tuple[int, str]]:
    return [(area.id, area.title) for _strategy, areas in strategies_with_action_areas(db) for area in areas]


@blueprint.route("/")
def index():
    db = get_session()
    form = IdeaFilterForm(request.args)
    districts = list_districts(db)
    form.district.choices = as_choices([("", _("All districts"))] + [(str(d.id), d.name) for d in districts])
    form.action_area.choices = as_choices([("", _("All action areas"))]
                                          + [(str(i), title) for i, title in _area_choices(db)])
    form.status.choices = as_choices([("", _("Every status"))]
                                     + [(s.value, s.label) for s in IdeaStatus
                                        if s in PUBLIC_STATUSES or s == IdeaStatus.REJECTED])
    form.sort.choices = as_choices((key, label()) for key, label in SORT_LABELS.items())
    form.validate()
    # Unknown or malformed filter values are ignored (allowlist), never an error.
    criteria = queries.IdeaFilter(
        text=(form.q.data or "").strip() if not form.q.errors else "",
        district_id=int(form.district.data) if form.district.data and not form.district.errors else None,
        action_area_id=int(form.action_area.data) if form.action_area.data and not form.action_area.errors else None,
        status=IdeaStatus(form.status.data) if form.status.data and not form.status.errors else None,
        sort=form.sort.data if form.sort.data in queries.SORT_KEYS and not form.sort.errors else "newest",
    )
    for field in (form.q, form.district, form.action_area, form.status, form.sort):
        field.errors = []
    page = queries.browse_ideas(db, criteria, page_number(), current_app.config["IDEAS_PAGE_SIZE"])
    return render_template("ideas/index.html", form=form, page=page, criteria=criteria)


@blueprint.route("/similar")
def similar():
    """Ideas like the title typed so far; a fragment for the form's script (the form shows it without, too)."""
    title = request.args.get("title", "")[:150]
    cards = queries.similar_ideas(get_session(), title) if len(title.strip()) >= 3 else []
    return render_template("ideas/_similar.html", similar=cards)


YEAR_PATTERN = re.compile(r"\d{4}")


def _days_text(days: float) -> str:
    """"3 days", "2,5 Tage": a median in the reader's number format."""
    rounded = round(days, 1)
    plural_count = int(rounded) if rounded == int(rounded) else 2  # a fraction reads as plural in de and en
    return ngettext("%(days)s day", "%(days)s days", plural_count, days=format_decimal(rounded))


@blueprint.route("/outcomes")
def outcomes():
    """What became of the ideas in a year: the public transparency page."""
    db = get_session()
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    years = idea_outcomes.years_with_ideas(db, zone)
    requested = request.args.get("year", "").strip()
    if requested and not YEAR_PATTERN.fullmatch(requested):
        return render_error(400, _("The year must be given with four digits, for example %(year)d.", year=years[-1]))
    year = int(requested) if requested else years[-1]
    if year not in years:
        return render_error(404, _("There are no figures for %(year)s. This page has figures for the years "
                                   "%(first)s to %(last)s.", year=requested, first=years[0], last=years[-1]))
    figures = idea_outcomes.year_outcomes(db, year, zone)
    return render_template("ideas/outcomes.html", figures=figures, years=years,
                           chart=idea_outcomes.outcome_chart(figures.outcomes), days_text=_days_text)


def _image_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="idea-image")


def _take_image(form: IdeaForm) -> tuple[str, str] | None:
    """The uploaded image (stored now), or the one kept from the preview step. Adds a field error if bad."""
    upload = form.image.data
    if upload and getattr(upload, "filename", ""):
        try:
            stored = store_image(upload.read(current_app.config["IDEA_IMAGE_MAX_BYTES"] + 1),
                                 Path(current_app.config["UPLOAD_DIR"]), current_app.config["IDEA_IMAGE_MAX_BYTES"])
        except ImageRejected as rejection:
            form.image.errors = [rejection.message]
            return None
        form.image_token.data = _image_serializer().dumps(
            {"name": stored.name, "type": stored.content_type, "user": current_user.id})
        return stored.name, stored.content_type
    if form.image_token.data:
        try:
            kept = _image_serializer().loads(form.image_token.data)
        except BadSignature:
            form.image_token.data = ""
            return None
        if kept.get("user") == current_user.id:
            return kept["name"], kept["type"]
    return None


def _prepare_idea_form(form: IdeaForm, db) -> None:
    form.district.choices = district_choices(list_districts(db))
    form.action_areas.choices = as_choices(_area_choices(db))


def _draft(form: IdeaForm) -> services.IdeaDraft:
    return services.IdeaDraft(
        title=form.title.data, body=form.body.data, district_id=form.district.data or None,
        action_area_ids=list(form.action_areas.data), place=form.place.data or "",
        latitude=form.latitude.data, longitude=form.longitude.data,
    )


def _propose_succeeded(response) -> bool:
    return response.status_code == 302


@blueprint.route("/new", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_PROPOSE"], methods=["POST"], deduct_when=_propose_succeeded)
def new():
    if not may_take_part(current_user):
        abort(403)
    db = get_session()
    form = IdeaForm()
    _prepare_idea_form(form, db)
    if not form.validate_on_submit():
        return render_template("ideas/new.html", form=form), INVALID_FORM if form.is_submitted() else 200
    image = _take_image(form)
    if form.image.errors:
        return render_template("ideas/new.html", form=form), INVALID_FORM
    if request.form.get("step") != "submit":
        return render_template("ideas/new.html", form=form, preview=render_markdown(form.body.data), image=image,
                               similar=queries.similar_ideas(db, form.title.data))
    idea = services.propose_idea(db, current_user, _draft(form), current_app.config["IDEAS_PREMODERATED"], image)
    db.commit()
    if idea.status_enum == IdeaStatus.SUBMITTED:
        flash(_("Thank you! Your idea is waiting for review by the moderators and will be published after that."),
              "success")
    else:
        flash(_("Thank you! Your idea is published."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id))


@blueprint.route("/<int:idea_id>")
def show(idea_id: int, comment_form: CommentForm | None = None):
    idea = _load_idea(idea_id)
    if idea.status_enum == IdeaStatus.MERGED and idea.merged_into_id:
        return redirect(url_for("ideas.show", idea_id=idea.merged_into_id), 301)  # the discussion continues there
    db = get_session()
    page = queries.idea_page(db, idea.id, current_user.id if current_user.is_authenticated else None)
    moderated = permissions.is_author(current_user, idea) and queries.has_moderation_decision(db, idea)
    return render_template(
        "ideas/show.html", page=page, idea=idea, comment_form=comment_form or CommentForm(formdata=None),
        comment_urls=comment_urls(idea_id=idea.id), action_form=ConfirmForm(),
        may_edit=permissions.may_edit_idea(current_user, idea, moderated),
        may_support=permissions.may_support(current_user, idea),
        may_comment=permissions.may_comment(current_user, idea),
        may_follow=permissions.may_follow(current_user, idea), is_public=permissions.is_public(idea),
        may_report=permissions.may_flag_idea(current_user, idea), may_appeal=permissions.may_appeal(current_user, idea),
    )


def _comment_subject(idea_id: int) -> CommentSubject:
    return services.comment_subject(_load_idea(idea_id))


def _show_with_comment_form(form: CommentForm, idea_id: int):
    return show(idea_id, comment_form=form)


# POST /ideas/<id>/comments and /ideas/<id>/comments/<comment_id>/edit, /delete, /flag
comment_urls = add_comment_routes(blueprint, "/<int:idea_id>", _comment_subject, _show_with_comment_form)


@blueprint.route("/<int:idea_id>/image")
def image(idea_id: int):
    idea = _load_idea(idea_id)
    return image_response(Path(current_app.config["UPLOAD_DIR"]), idea.image_name, idea.image_content_type,
                          f"idea-{idea.id}")


@blueprint.route("/<int:idea_id>/edit", methods=["GET", "POST"])
@login_required
def edit(idea_id: int):
    idea = _load_idea(idea_id)
    db = get_session()
    if not permissions.may_edit_idea(current_user, idea, queries.has_moderation_decision(db, idea)):
        abort(403)
    form = IdeaForm(obj=idea, district=idea.district_id or 0, action_areas=queries.action_area_ids(db, idea.id))
    _prepare_idea_form(form, db)
    if not form.validate_on_submit():
        return render_template("ideas/edit.html", form=form, idea=idea), INVALID_FORM if form.is_submitted() else 200
    image = _take_image(form)
    if form.image.errors:
        return render_template("ideas/edit.html", form=form, idea=idea), INVALID_FORM
    services.edit_idea(db, current_user, idea, _draft(form), moderated=False, image=image)
    db.commit()
    flash(_("Your changes have been saved."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id))


@blueprint.route("/<int:idea_id>/report", methods=["GET", "POST"])
@login_required
def report(idea_id: int):
    idea = _load_idea(idea_id)
    if not permissions.may_flag_idea(current_user, idea):
        abort(403)
    form = ReportForm()
    if not form.validate_on_submit():
        return (render_template("ideas/report.html", form=form, idea=idea),
                INVALID_FORM if form.is_submitted() else 200)
    db = get_session()
    services.flag_idea(db, current_user, idea, form.reason.data)
    db.commit()
    flash(_("Thank you. The moderators will look at this idea."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id))


@blueprint.route("/<int:idea_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal(idea_id: int):
    idea = _load_idea(idea_id)
    if not permissions.may_appeal(current_user, idea):
        abort(403)
    form = AppealForm()
    if not form.validate_on_submit():
        return (render_template("ideas/appeal.html", form=form, idea=idea),
                INVALID_FORM if form.is_submitted() else 200)
    db = get_session()
    services.appeal_hidden_idea(db, current_user, idea, form.message.data)
    db.commit()
    flash(_("Your appeal has been sent. The moderators will decide and tell you."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id))


@blueprint.route("/<int:idea_id>/delete", methods=["POST"])
@login_required
def delete(idea_id: int):
    idea = _load_idea(idea_id)
    db = get_session()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.withdraw_idea(db, current_user, idea, queries.has_moderation_decision(db, idea))
    db.commit()
    flash(_("Your idea has been withdrawn."), "success")
    return redirect(url_for("ideas.index"))


def _support_answer(idea: Idea, supported: bool):
    if _wants_json():
        return jsonify({"supported": supported, "count": idea.support_count,
                        "count_text": ngettext("%(num)d resident supports this idea.",
                                               "%(num)d residents support this idea.", idea.support_count)})
    return redirect(url_for("ideas.show", idea_id=idea.id, _anchor="support"))


@blueprint.route("/<int:idea_id>/support", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_SUPPORT"])
def support(idea_id: int):
    idea = _load_idea(idea_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    added = services.support_idea(db, current_user, idea)
    db.commit()
    if not _wants_json():
        flash(_("Thank you for your support.") if added else _("You already support this idea."), "success")
    return _support_answer(idea, True)


@blueprint.route("/<int:idea_id>/support/withdraw", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_SUPPORT"])
def withdraw_support(idea_id: int):
    idea = _load_idea(idea_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    services.withdraw_support(db, current_user, idea)
    db.commit()
    if not _wants_json():
        flash(_("Your support has been withdrawn."), "success")
    return _support_answer(idea, False)


@blueprint.route("/<int:idea_id>/follow", methods=["POST"])
@login_required
def follow(idea_id: int):
    return _set_following(idea_id, True)


@blueprint.route("/<int:idea_id>/unfollow", methods=["POST"])
@login_required
def unfollow(idea_id: int):
    return _set_following(idea_id, False)


def _set_following(idea_id: int, following: bool):
    idea = _load_idea(idea_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not permissions.may_follow(current_user, idea):
        abort(403)
    db = get_session()
    services.set_following(db, current_user, idea, following)
    db.commit()
    flash(_("You follow this idea: we will tell you what happens to it.") if following
          else _("You no longer follow this idea."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id, _anchor="follow"))


@blueprint.app_template_global()
def idea_status_label(status: str) -> str:
    return IdeaStatus(status).label

