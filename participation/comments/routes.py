"""The comment routes, added to each subject's blueprint, and what the comment templates need.

`add_comment_routes(blueprint, ...)` gives a subject's blueprint (ideas, measures) its four comment routes,
so each subject keeps its comments below its own URL (/ideas/7/comments/12/edit) with the same code.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from participation.comments import permissions, services
from participation.comments.forms import AppealForm, CommentForm, FlagForm
from participation.comments.models import Comment, Stance
from participation.comments.subjects import CommentSubject
from participation.db import get_session, utcnow
from participation.errors import render_error
from participation.extensions import limiter
from participation.forms import ConfirmForm
from participation.i18n import _

INVALID_FORM = 422


def not_allowed(_error):
    """A comment service refused: its permission check is the one that counts."""
    return render_error(403)


# The viewer's permissions for each comment, for templates/comments/_thread.html.
def may_edit_comment(comment: Comment) -> bool:
    return permissions.may_edit_comment(current_user, comment, utcnow())


def may_delete_comment(comment: Comment) -> bool:
    return permissions.may_delete_comment(current_user, comment)


def may_flag_comment(comment: Comment) -> bool:
    return permissions.may_flag_comment(current_user, comment)


def may_see_hidden_comment(comment: Comment) -> bool:
    return permissions.may_see_hidden(current_user, comment)


def may_appeal_comment(comment: Comment) -> bool:
    return permissions.may_appeal(current_user, comment)


@dataclass(frozen=True)
class CommentUrls:
    """The addresses of one subject's comment routes, for templates (see `add_comment_routes`)."""

    blueprint: str  # e.g. "ideas"
    view_args: dict[str, Any] = field(default_factory=dict)  # e.g. {"idea_id": 7}
    show_endpoint: str = "show"

    def _url(self, endpoint: str, **values) -> str:
        return url_for(f"{self.blueprint}.{endpoint}", **self.view_args, **values)

    def post(self) -> str:
        return self._url("comment")

    def edit(self, comment_id: int) -> str:
        return self._url("edit_comment", comment_id=comment_id)

    def delete(self, comment_id: int) -> str:
        return self._url("delete_comment", comment_id=comment_id)

    def flag(self, comment_id: int) -> str:
        return self._url("flag_comment", comment_id=comment_id)

    def appeal(self, comment_id: int) -> str:
        return self._url("appeal_comment", comment_id=comment_id)

    def subject(self, comment_id: int | None = None) -> str:
        """The subject's page, at the comment if one is given."""
        return self._url(self.show_endpoint, _anchor=f"comment-{comment_id}" if comment_id else None)


def add_comment_routes(subject_blueprint: Blueprint, subject_rule: str,
                       load_subject: Callable[..., CommentSubject], show_with_form: Callable[..., Any],
                       show_endpoint: str = "show") -> Callable[..., CommentUrls]:
    """Add the routes for commenting on the subject at `subject_rule` (e.g. "/<int:idea_id>"):

    - POST `{subject_rule}/comments` → `<blueprint>.comment` (rate-limited by RATELIMIT_COMMENT)
    - GET/POST `{subject_rule}/comments/<int:comment_id>/edit` → `<blueprint>.edit_comment`
    - POST `{subject_rule}/comments/<int:comment_id>/delete` → `<blueprint>.delete_comment`
    - GET/POST `{subject_rule}/comments/<int:comment_id>/flag` → `<blueprint>.flag_comment`

    `load_subject(**view_args)` returns the CommentSubject of the URL's subject, or aborts with 404 if it
    does not exist or the user may not see it. `show_with_form(form, **view_args)` renders the subject's
    page with a rejected comment form (the answer gets status 422). After an action the user is sent to
    `<blueprint>.<show_endpoint>` with the same view args, at the comment. All routes need a signed-in user;
    CSRF is checked by the forms. Returns a function `(**view_args) -> CommentUrls` for the templates.

    It also makes the blueprint answer a comment service's NotAllowed with 403, and gives the templates
    `may_edit_comment(c)`, `may_delete_comment(c)` and `may_flag_comment(c)` for the signed-in viewer.
    """
    name = subject_blueprint.name

    def urls(**subject_args) -> CommentUrls:
        return CommentUrls(name, subject_args, show_endpoint)

    def load_comment(subject: CommentSubject, comment_id: int) -> Comment:
        comment = get_session().get(Comment, comment_id)
        if comment is None or not subject.owns(comment):
            abort(404)
        return comment

    def comment(**subject_args):
        subject = load_subject(**subject_args)
        if not subject.may_comment(current_user):
            abort(403)
        form = CommentForm()
        if not form.validate_on_submit():
            response = make_response(show_with_form(form, **subject_args))
            response.status_code = INVALID_FORM
            return response
        db = get_session()
        parent = load_comment(subject, form.parent_id.data) if form.parent_id.data else None
        new_comment = services.post_comment(db, current_user, subject, form.body.data, Stance(form.stance.data),
                                            parent)
        db.commit()
        flash(_("Your comment has been published."), "success")
        return redirect(urls(**subject_args).subject(new_comment.id))

    def edit_comment(comment_id: int, **subject_args):
        subject = load_subject(**subject_args)
        existing = load_comment(subject, comment_id)
        if not permissions.may_edit_comment(current_user, existing, utcnow()):
            abort(403)
        form = CommentForm(obj=existing)
        if not form.validate_on_submit():
            return render_template("comments/edit.html", form=form, comment=existing, subject=subject,
                                   urls=urls(**subject_args)), INVALID_FORM if form.is_submitted() else 200
        db = get_session()
        services.edit_comment(db, current_user, existing, form.body.data, Stance(form.stance.data), utcnow())
        db.commit()
        flash(_("Your comment has been changed."), "success")
        return redirect(urls(**subject_args).subject(existing.id))

    def delete_comment(comment_id: int, **subject_args):
        subject = load_subject(**subject_args)
        existing = load_comment(subject, comment_id)
        if not ConfirmForm().validate_on_submit():
            abort(400)
        db = get_session()
        services.delete_comment(db, current_user, existing, subject)
        db.commit()
        flash(_("The comment has been removed."), "success")
        return redirect(urls(**subject_args).subject(existing.id))

    def flag_comment(comment_id: int, **subject_args):
        subject = load_subject(**subject_args)
        existing = load_comment(subject, comment_id)
        if not permissions.may_flag_comment(current_user, existing):
            abort(403)
        form = FlagForm()
        if not form.validate_on_submit():
            return render_template("comments/flag.html", form=form, comment=existing, subject=subject,
                                   urls=urls(**subject_args)), INVALID_FORM if form.is_submitted() else 200
        db = get_session()
        services.flag_comment(db, current_user, existing, form.reason.data)
        db.commit()
        flash(_("Thank you. The moderators will look at this comment."), "success")
        return redirect(urls(**subject_args).subject(existing.id))

    def appeal_comment(comment_id: int, **subject_args):
        subject = load_subject(**subject_args)
        existing = load_comment(subject, comment_id)
        if not permissions.may_appeal(current_user, existing):
            abort(403)
        form = AppealForm()
        if form.validate_on_submit():
            db = get_session()
            try:
                services.appeal(db, current_user, existing, subject, form.message.data)
            except services.Refused as refusal:
                db.rollback()
                form.message.errors = [*form.message.errors, refusal.message]
            else:
                db.commit()
                flash(_("Your appeal has been sent. The moderators will decide and tell you."), "success")
                return redirect(urls(**subject_args).subject(existing.id))
        return render_template("comments/appeal.html", form=form, comment=existing, subject=subject,
                               urls=urls(**subject_args)), INVALID_FORM if form.is_submitted() else 200

    # Rate limits are kept per view function name: each subject's routes get names of their own.
    for view in (comment, edit_comment, delete_comment, flag_comment, appeal_comment):
        view.__name__ = view.__qualname__ = f"{name}_{view.__name__}"
    post_view = limiter.limit(lambda: current_app.config["RATELIMIT_COMMENT"])(comment)
    item_rule = f"{subject_rule}/comments/<int:comment_id>"
    subject_blueprint.add_url_rule(f"{subject_rule}/comments", "comment", login_required(post_view),
                                   methods=["POST"])
    subject_blueprint.add_url_rule(f"{item_rule}/edit", "edit_comment", login_required(edit_comment),
                                   methods=["GET", "POST"])
    subject_blueprint.add_url_rule(f"{item_rule}/delete", "delete_comment", login_required(delete_comment),
                                   methods=["POST"])
    subject_blueprint.add_url_rule(f"{item_rule}/flag", "flag_comment", login_required(flag_comment),
                                   methods=["GET", "POST"])
    subject_blueprint.add_url_rule(f"{item_rule}/appeal", "appeal_comment", login_required(appeal_comment),
                                   methods=["GET", "POST"])
    subject_blueprint.register_error_handler(services.NotAllowed, not_allowed)
    for template_global in (may_edit_comment, may_delete_comment, may_flag_comment, may_see_hidden_comment,
                            may_appeal_comment):
        subject_blueprint.add_app_template_global(template_global)
    return urls
