"""News (Aktuelles): the public list and posts with their comments; the staff write, schedule and delete posts."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_login import current_user

from participation.comments.forms import CommentForm
from participation.comments.queries import discussion
from participation.comments.routes import add_comment_routes
from participation.comments.subjects import CommentSubject, SubjectKind
from participation.db import get_session, utcnow
from participation.forms import ConfirmForm, as_choices
from participation.i18n import _
from participation.ideas.images import ImageRejected, StoredImage, image_path, image_response, store_image
from participation.news import permissions, queries, services
from participation.news.forms import NewsPostForm
from participation.news.models import NewsPost
from participation.refusals import Refused
from participation.views import INVALID_FORM, page_number, permission_required, show_refusal

blueprint = Blueprint("news", __name__, url_prefix="/news")

PAGE_SIZE = 10


staff_required = permission_required(permissions.may_write_news)


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def _discard_image(name: str | None) -> None:
    """Remove a stored image file nobody refers to (any more, or ever: a save that was refused)."""
    if name:
        image_path(_upload_dir(), name).unlink(missing_ok=True)


def _load_post(post_id: int) -> NewsPost:
    """The post; 404 if it does not exist or is a draft or scheduled post and the user is not staff."""
    post = get_session().get(NewsPost, post_id)
    if post is None or not permissions.may_view_post(current_user, post, utcnow()):
        abort(404)
    return post


# --- public -----------------------------------------------------------------------------------------------------

@blueprint.route("/")
def index():
    db = get_session()
    now = utcnow()
    may_write = permissions.may_write_news(current_user)
    return render_template("news/index.html", page=queries.browse_news(db, now, page_number(), PAGE_SIZE),
                           unpublished=queries.unpublished_posts(db, now) if may_write else [], may_write=may_write)


@blueprint.route("/<int:post_id>")
def show(post_id: int, comment_form: CommentForm | None = None):
    post = _load_post(post_id)
    db = get_session()
    now = utcnow()
    return render_template(
        "news/show.html", page=queries.post_page(db, post), post=post, now=now,
        is_public=permissions.is_public(post, now), may_write=permissions.may_write_news(current_user),
        may_comment=permissions.may_comment(current_user, post, now),
        discussion=discussion(db, SubjectKind.NEWS_POST, post.id),
        comment_form=comment_form or CommentForm(formdata=None), comment_urls=comment_urls(post_id=post.id))


@blueprint.route("/<int:post_id>/image")
def image(post_id: int):
    post = _load_post(post_id)
    return image_response(_upload_dir(), post.image_name, post.image_content_type, f"news-{post.id}")


def _comment_subject(post_id: int) -> CommentSubject:
    return services.comment_subject(_load_post(post_id), utcnow())


def _show_with_comment_form(form: CommentForm, post_id: int):
    return show(post_id, comment_form=form)


# POST /news/<id>/comments and /news/<id>/comments/<comment_id>/edit, /delete, /flag, /appeal
comment_urls = add_comment_routes(blueprint, "/<int:post_id>", _comment_subject, _show_with_comment_form)


# --- staff ------------------------------------------------------------------------------------------------------

def _prepare_form(form: NewsPostForm, post: NewsPost | None) -> None:
    db = get_session()
    form.measure_id.choices = as_choices([(0, _("No measure"))] + queries.measure_choices(
        db, keep_id=post.measure_id if post else None))
    form.meeting_id.choices = as_choices([(0, _("No meeting"))] + [
        (meeting.id, f"{meeting.name} – {board_name}, {format_date(meeting.starts_at)}")
        for meeting, board_name in queries.meeting_choices(db, keep_id=post.meeting_id if post else None)])
    form.project_id.choices = as_choices([(0, _("No project"))] + queries.project_choices(db))
    if post is None or not post.image_name:
        del form.remove_image
    if not form.is_submitted():
        local = (post.published_at if post else utcnow()).astimezone(_zone())
        form.publish_date.data, form.publish_time.data = local.date(), local.time().replace(second=0, microsecond=0)


def _take_image(form: NewsPostForm) -> StoredImage | None:
    """The uploaded image, checked and stored; None without one. A bad file becomes the field's error."""
    upload = form.image.data
    if not (upload and getattr(upload, "filename", "")):
        return None
    max_bytes = current_app.config["IDEA_IMAGE_MAX_BYTES"]
    try:
        return store_image(upload.read(max_bytes + 1), _upload_dir(), max_bytes)
    except ImageRejected as rejection:
        form.image.errors = [rejection.message]
        return None


def _draft(form: NewsPostForm) -> services.NewsDraft:
    return services.NewsDraft(
        title=form.title.data or "", teaser=form.teaser.data or "", body=form.body.data or "",
        image_alt=form.image_alt.data or "", idea_id=form.idea_id.data, measure_id=form.measure_id.data or None,
        meeting_id=form.meeting_id.data or None, project_id=form.project_id.data or None,
        is_draft=bool(form.is_draft.data), comments_allowed=bool(form.comments_allowed.data),
        published_at=datetime.combine(form.publish_date.data, form.publish_time.data, tzinfo=_zone()))


def _post_form_page(post: NewsPost | None):
    """New and edit: a valid submission (with an acceptable image) is saved, committed once and redirected; any
    problem is shown at its field with 422, and nothing is written (an image stored for it is removed again)."""
    form = NewsPostForm(obj=post)
    _prepare_form(form, post)
    if form.validate_on_submit():
        new_image = _take_image(form)
        if not form.image.errors:
            db = get_session()
            try:
                saved = services.save_post(db, current_user, post, _draft(form), image=new_image,
                                           remove_image=bool(form.remove_image and form.remove_image.data))
            except Refused as refusal:
                db.rollback()
                _discard_image(new_image.name if new_image else None)
                show_refusal(form, refusal)
            else:
                db.commit()
                _discard_image(saved.unused_image)
                flash(_("The post “%(title)s” has been saved.", title=saved.post.title), "success")
                return redirect(url_for(".show", post_id=saved.post.id))
    return render_template("news/form.html", form=form, post=post), INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/new", methods=["GET", "POST"])
@staff_required
def new():
    return _post_form_page(None)


@blueprint.route("/<int:post_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(post_id: int):
    return _post_form_page(_load_post(post_id))


@blueprint.route("/<int:post_id>/delete", methods=["GET", "POST"])
@staff_required
def delete(post_id: int):
    """A page that asks before deleting the post and its comments."""
    post = _load_post(post_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        db = get_session()
        title = post.title
        image_name = services.delete_post(db, current_user, post)
        db.commit()
        _discard_image(image_name)
        flash(_("The post “%(title)s” has been deleted.", title=title), "success")
        return redirect(url_for(".index"))
    return render_template("news/delete.html", post=post, form=form), INVALID_FORM if form.is_submitted() else 200
