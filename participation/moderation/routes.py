"""The moderation queue and the decisions on an idea (`/moderation/`): moderators and the administration's staff."""

from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from participation.accounts.models import User
from participation.boards import queries as board_queries
from participation.comments import permissions as comment_permissions
from participation.comments import services as comment_services
from participation.comments.models import Comment
from participation.comments.subjects import CommentSubject
from participation.db import get_session, utcnow
from participation.forms import ConfirmForm, as_choices
from participation.i18n import _
from participation.ideas.models import Idea
from participation.ideas.queries import official_answers, similar_ideas
from participation.ideas.services import comment_subject as idea_comment_subject
from participation.measures.models import Measure
from participation.measures.services import comment_subject as measure_comment_subject
from participation.moderation import permissions, queries, rules, services
from participation.moderation.forms import (
    AgendaForm,
    AnswerForm,
    AppealDecisionForm,
    AssignForm,
    DecisionForm,
    DismissFlagsForm,
    EditOutForm,
    EditOutIdeaForm,
    HideCommentForm,
    HideIdeaForm,
    IdeaAppealDecisionForm,
    MergeForm,
    QueueFilterForm,
    RouteForm,
)
from participation.moderation.queries import QueueFilter, Tab
from participation.moderation.rules import Action
from participation.municipality.queries import list_districts, strategies_with_action_areas
from participation.news.models import NewsPost
from participation.news.services import comment_subject as news_comment_subject
from participation.templating import format_moment
from participation.text import render_markdown

blueprint = Blueprint("moderation", __name__, url_prefix="/moderation")

INVALID_FORM = 422
OUTDATED = 409
PAGE_SIZE = 25


def moderators_only(view):
    @wraps(view)
    @login_required
    def wrapper(**values):
        if not permissions.may_open_queue(current_user):
            abort(403)
        return view(**values)
    return wrapper


def _answer_days() -> int:
    return current_app.config["MODERATION_ANSWER_DAYS"]


@blueprint.route("/")
@moderators_only
def queue():
    db = get_session()
    tab = request.args.get("tab", Tab.WAITING.value)
    tab = Tab(tab) if tab in {member.value for member in Tab} else Tab.WAITING
    filters = QueueFilterForm(request.args)
    filters.district.choices = as_choices([(0, _("All districts"))] + [(d.id, d.name) for d in list_districts(db)])
    filters.area.choices = as_choices([(0, _("All action areas"))] + [
        (area.id, area.title) for _strategy, areas in strategies_with_action_areas(db) for area in areas])
    valid = filters.validate()
    criteria = QueueFilter(
        district_id=filters.district.data or None if valid else None,
        action_area_id=filters.area.data or None if valid else None,
        older_than_days=filters.older_than.data if valid else None)
    page = request.args.get("page", 1, type=int)
    now = utcnow()
    flagged_ideas = []
    if tab == Tab.FLAGGED:
        rows = queries.flagged_comments(db, page, PAGE_SIZE)
        flagged_ideas = queries.flagged_ideas(db)
    else:
        rows = queries.idea_queue(db, tab, current_user.id, criteria, now, _answer_days(), page, PAGE_SIZE)
    return render_template("moderation/queue.html", tab=tab, tabs=list(Tab), rows=rows, filters=filters,
                           flagged_ideas=flagged_ideas,
                           counts=queries.tab_counts(db, current_user.id, now, _answer_days()),
                           answer_days=_answer_days()), (200 if valid else 400)


def _load_idea(idea_id: int) -> Idea:
    idea = get_session().get(Idea, idea_id)
    if idea is None:
        abort(404)
    return idea


def _decision_choices(idea: Idea) -> list[tuple[str, str]]:
    return [(action.value, action.label) for action in rules.TARGET
            if rules.is_allowed(action, idea.status_enum) and permissions.may_take(current_user, action)]


def _panel(idea: Idea, decision: DecisionForm | None = None, answer: AnswerForm | None = None,
           assign: AssignForm | None = None, merge: MergeForm | None = None, route: RouteForm | None = None,
           agenda: AgendaForm | None = None, hide: HideIdeaForm | None = None,
           dismiss: DismissFlagsForm | None = None, appeal: IdeaAppealDecisionForm | None = None,
           edit_out: EditOutIdeaForm | None = None, status: int = 200):
    """The idea with every decision the user may take on it now; the submitted form keeps its input and errors."""
    db = get_session()
    decision = decision or DecisionForm(prefix="decide", formdata=None)
    decision.action.choices = as_choices(_decision_choices(idea))
    answer = answer or AnswerForm(prefix="answer", formdata=None,
                                  data={"office": current_app.config["SITE_OPERATOR"]})
    assign = assign or AssignForm(prefix="assign", formdata=None, data={"assignee": idea.assigned_to_id or 0})
    assign.assignee.choices = _assignee_choices()
    merge = merge or MergeForm(prefix="merge", formdata=None)
    route = route or RouteForm(prefix="route", formdata=None)
    route.measure.choices = _measure_choices()
    agenda = agenda or AgendaForm(prefix="agenda", formdata=None)
    agenda.meeting.choices = _meeting_choices()
    hide = hide or HideIdeaForm(prefix="hide", formdata=None)
    dismiss = dismiss or DismissFlagsForm(prefix="dismiss", formdata=None)
    appeal = appeal or IdeaAppealDecisionForm(prefix="appeal", formdata=None)
    edit_out = edit_out or EditOutIdeaForm(prefix="edit", formdata=None, data={"title": idea.title,
                                                                                "body": idea.body})
    for form in (decision, answer, assign, merge, route, agenda, hide, dismiss, appeal, edit_out):
        form.version.data = str(idea.version)
    may_merge = permissions.may_take(current_user, Action.MERGE) and rules.is_allowed(Action.MERGE, idea.status_enum)
    return render_template(
        "moderation/idea.html", idea=idea, body=render_markdown(idea.body), decision=decision, answer=answer,
        assign=assign, may_answer=permissions.may_take(current_user, Action.ANSWER)
        and rules.is_allowed(Action.ANSWER, idea.status_enum),
        may_assign=permissions.may_take(current_user, Action.ASSIGN)
        and rules.is_allowed(Action.ASSIGN, idea.status_enum),
        merge=merge, may_merge=may_merge, route=route, agenda=agenda, hide=hide, dismiss=dismiss, appeal=appeal,
        edit_out=edit_out,
        may_hide=_may(Action.HIDE, idea), flags=queries.open_idea_flag_reasons(db, idea.id),
        may_route=_may(Action.ROUTE_TO_BACKLOG, idea), may_put_on_agenda=_may(Action.PUT_ON_AGENDA, idea),
        candidates=similar_ideas(db, idea.title, exclude_id=idea.id) if may_merge else [],
        answers=official_answers(db, idea.id), author=_user(idea.author_id),
        assignee=_user(idea.assigned_to_id)), status


def _user(user_id: int | None) -> User | None:
    return get_session().get(User, user_id) if user_id else None


def _may(action: Action, idea: Idea) -> bool:
    return permissions.may_take(current_user, action) and rules.is_allowed(action, idea.status_enum)


def _measure_choices():
    return as_choices([(0, _("Please choose"))] + board_queries.measure_choices(get_session()))


def _meeting_choices():
    return as_choices([(0, _("Please choose"))] + [
        (entry.meeting.id, f"{entry.board_name}: {entry.meeting.name}, {format_moment(entry.meeting.starts_at)}")
        for entry in board_queries.coming_meetings(get_session(), utcnow())])


def _assignee_choices():
    return as_choices([(0, _("Nobody"))] + [(person.id, person.display_name)
                                             for person in queries.assignable_people(get_session())])


@blueprint.route("/ideas/<int:idea_id>")
@moderators_only
def idea(idea_id: int):
    return _panel(_load_idea(idea_id))


def _act(idea: Idea, form, act, success: str, **panel_forms):
    """Run one decision (a service call) and commit; refused, the panel shows why and nothing is written."""
    if form.validate_on_submit():
        db = get_session()
        try:
            act(db)
        except services.NotAllowed:
            db.rollback()
            abort(403)
        except services.Refused as refusal:
            db.rollback()
            db.refresh(idea)
            target = getattr(form, refusal.field, None)
            if target is None or refusal.field == "version":
                form.form_errors.append(refusal.message)
            else:
                target.errors = [*target.errors, refusal.message]
            return _panel(idea, status=OUTDATED if refusal.field == "version" else INVALID_FORM, **panel_forms)
        db.commit()
        flash(success, "success")
        return redirect(url_for("moderation.idea", idea_id=idea.id))
    return _panel(idea, status=INVALID_FORM, **panel_forms)


@blueprint.route("/ideas/<int:idea_id>/decide", methods=["POST"])
@moderators_only
def decide(idea_id: int):
    idea = _load_idea(idea_id)
    form = DecisionForm(prefix="decide")
    form.action.choices = as_choices((action.value, action.label) for action in rules.TARGET)
    action = Action(form.action.data) if form.action.data in {action.value for action in rules.TARGET} else None
    return _act(idea, form, lambda db: services.decide(db, current_user, idea, form.version_number(), action,
                                                        form.reason.data or ""),
                _("The decision has been recorded; the author and the followers have been told."), decision=form)


@blueprint.route("/ideas/<int:idea_id>/answer", methods=["POST"])
@moderators_only
def answer(idea_id: int):
    idea = _load_idea(idea_id)
    form = AnswerForm(prefix="answer")
    return _act(idea, form, lambda db: services.answer(db, current_user, idea, form.version_number(),
                                                        form.text.data, form.office.data),
                _("The official answer is published on the idea."), answer=form)


@blueprint.route("/ideas/<int:idea_id>/assign", methods=["POST"])
@moderators_only
def assign(idea_id: int):
    idea = _load_idea(idea_id)
    form = AssignForm(prefix="assign")
    form.assignee.choices = _assignee_choices()

    return _act(idea, form, lambda db: services.assign(db, current_user, idea, form.version_number(),
                                                        _user(form.assignee.data)),
                _("The idea's assignment has been saved."), assign=form)


@blueprint.route("/ideas/<int:idea_id>/merge", methods=["POST"])
@moderators_only
def merge(idea_id: int):
    idea = _load_idea(idea_id)
    form = MergeForm(prefix="merge")
    return _act(idea, form, lambda db: services.merge(db, current_user, idea, form.version_number(),
                                                       form.target.data),
                _("The idea has been merged; its supporters, comments and followers are now with the other idea."),
                merge=form)


@blueprint.route("/ideas/<int:idea_id>/route", methods=["POST"])
@moderators_only
def route(idea_id: int):
    idea = _load_idea(idea_id)
    form = RouteForm(prefix="route")
    form.measure.choices = _measure_choices()
    return _act(idea, form, lambda db: services.route_to_measure(db, current_user, idea, form.version_number(),
                                                                  form.measure.data),
                _("The idea is taken into the measure planning."), route=form)


@blueprint.route("/ideas/<int:idea_id>/agenda", methods=["POST"])
@moderators_only
def put_on_agenda(idea_id: int):
    idea = _load_idea(idea_id)
    form = AgendaForm(prefix="agenda")
    form.meeting.choices = _meeting_choices()
    return _act(idea, form, lambda db: services.put_on_agenda(db, current_user, idea, form.version_number(),
                                                               form.meeting.data, utcnow()),
                _("The idea is on the meeting's agenda."), agenda=form)


@blueprint.route("/ideas/<int:idea_id>/hide", methods=["POST"])
@moderators_only
def hide(idea_id: int):
    idea = _load_idea(idea_id)
    form = HideIdeaForm(prefix="hide")
    return _act(idea, form, lambda db: services.hide(db, current_user, idea, form.version_number(),
                                                      form.reason.data),
                _("The idea is hidden; its author has been told."), hide=form)


@blueprint.route("/ideas/<int:idea_id>/edit-out", methods=["POST"])
@moderators_only
def edit_out_idea(idea_id: int):
    idea = _load_idea(idea_id)
    form = EditOutIdeaForm(prefix="edit")
    return _act(idea, form, lambda db: services.edit_out(db, current_user, idea, form.version_number(),
                                                          form.title.data, form.body.data),
                _("The personal data has been edited out; the idea says so."), edit_out=form)


@blueprint.route("/ideas/<int:idea_id>/dismiss", methods=["POST"])
@moderators_only
def dismiss_idea_flags(idea_id: int):
    idea = _load_idea(idea_id)
    form = DismissFlagsForm(prefix="dismiss")
    return _act(idea, form, lambda db: services.dismiss_flags(db, current_user, idea, form.version_number()),
                _("The flags have been dismissed; the idea stays as it is."), dismiss=form)


@blueprint.route("/ideas/<int:idea_id>/appeal", methods=["POST"])
@moderators_only
def decide_idea_appeal(idea_id: int):
    idea = _load_idea(idea_id)
    form = IdeaAppealDecisionForm(prefix="appeal")
    return _act(idea, form, lambda db: services.decide_appeal(db, current_user, idea, form.version_number(),
                                                               form.decision.data == "reinstate"),
                _("The appeal has been decided; its author has been told."), appeal=form)


# --- flagged comments ---------------------------------------------------------------------------------------------

def _load_comment(comment_id: int) -> tuple[Comment, CommentSubject]:
    db = get_session()
    comment = db.get(Comment, comment_id)
    if comment is None or comment.deleted_at is not None:
        abort(404)
    if comment.idea_id is not None:
        return comment, idea_comment_subject(db.get(Idea, comment.idea_id))
    if comment.news_post_id is not None:
        return comment, news_comment_subject(db.get(NewsPost, comment.news_post_id), utcnow())
    return comment, measure_comment_subject(db.get(Measure, comment.measure_id))


def _comment_panel(comment: Comment, subject: CommentSubject, status: int = 200, **forms):
    db = get_session()
    hide = forms.get("hide") or HideCommentForm(prefix="hide", formdata=None)
    edit_out = forms.get("edit_out") or EditOutForm(prefix="edit", formdata=None, data={"body": comment.body})
    appeal = forms.get("appeal") or AppealDecisionForm(prefix="appeal", formdata=None)
    return render_template("moderation/comment.html", comment=comment, subject=subject, hide=hide,
                           edit_out=edit_out, appeal=appeal, dismiss=ConfirmForm(),
                           reasons=queries.open_flag_reasons(db, comment.id), author=_user(comment.author_id),
                           body=render_markdown(comment.body)), status


@blueprint.route("/comments/<int:comment_id>")
@moderators_only
def comment(comment_id: int):
    if not comment_permissions.may_moderate_comments(current_user):
        abort(403)
    return _comment_panel(*_load_comment(comment_id))


def _comment_act(comment_id: int, form_name: str, form, act, success: str):
    """One moderation step on a comment, committed; refused, the panel shows why and nothing is written."""
    comment, subject = _load_comment(comment_id)
    if form.validate_on_submit():
        db = get_session()
        try:
            act(db, comment, subject)
        except comment_services.NotAllowed:
            db.rollback()
            abort(403)
        except comment_services.Refused as refusal:
            db.rollback()
            db.refresh(comment)
            target = getattr(form, refusal.field, None)
            if target is None:
                form.form_errors.append(refusal.message)
            else:
                target.errors = [*target.errors, refusal.message]
        else:
            db.commit()
            flash(success, "success")
            return redirect(url_for("moderation.queue", tab=Tab.FLAGGED.value))
    return _comment_panel(comment, subject, INVALID_FORM, **{form_name: form})


@blueprint.route("/comments/<int:comment_id>/hide", methods=["POST"])
@moderators_only
def hide_comment(comment_id: int):
    form = HideCommentForm(prefix="hide")
    return _comment_act(comment_id, "hide", form, lambda db, comment, subject: comment_services.hide_comment(
        db, current_user, comment, subject, form.reason.data), _("The comment is hidden; its author has been told."))


@blueprint.route("/comments/<int:comment_id>/edit-out", methods=["POST"])
@moderators_only
def edit_out_comment(comment_id: int):
    form = EditOutForm(prefix="edit")
    return _comment_act(comment_id, "edit_out", form, lambda db, comment, subject: comment_services.edit_out(
        db, current_user, comment, subject, form.body.data),
        _("The personal data has been edited out; the comment says so."))


@blueprint.route("/comments/<int:comment_id>/dismiss", methods=["POST"])
@moderators_only
def dismiss_flags(comment_id: int):
    return _comment_act(comment_id, "dismiss", ConfirmForm(), lambda db, comment, subject:
                        comment_services.dismiss_flags(db, current_user, comment, subject),
                        _("The flags have been dismissed; the comment stays as it is."))


@blueprint.route("/comments/<int:comment_id>/appeal", methods=["POST"])
@moderators_only
def decide_appeal(comment_id: int):
    form = AppealDecisionForm(prefix="appeal")
    return _comment_act(comment_id, "appeal", form, lambda db, comment, subject: comment_services.decide_appeal(
        db, current_user, comment, subject, form.decision.data == "reinstate"),
        _("The appeal has been decided; its author has been told."))


@blueprint.app_context_processor
def _navigation_helpers():
    """The layout shows the queue's link to those who may open it."""
    return {"may_moderate": permissions.may_open_queue}
