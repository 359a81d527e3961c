"""Writing news posts: the administration's staff create, change and delete them; publishing, withdrawing and
deleting are audited. Residents comment through participation.comments, with `comment_subject(post, now)`.
Services flush; the route commits once."""

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial

from sqlmodel import Session

from participation.accounts.models import User
from participation.audit.services import record
from participation.boards.models import Meeting
from participation.comments.subjects import CommentSubject, SubjectKind
from participation.db import utcnow
from participation.i18n import _
from participation.ideas.images import StoredImage
from participation.ideas.models import Idea
from participation.measures.models import Measure
from participation.news import permissions
from participation.news.models import NewsPost
from participation.notifications.kinds import NotificationKind
from participation.refusals import NotAllowed, Refused
from participation.volunteering.models import Project

OBJECT_TYPE = "news_post"
TITLE_MAX_LENGTH = 200
TEASER_MAX_LENGTH = 500
BODY_MAX_LENGTH = 20000
IMAGE_ALT_MAX_LENGTH = 300
LINKS = {"idea_id": Idea, "measure_id": Measure, "meeting_id": Meeting, "project_id": Project}


@dataclass(frozen=True)
class NewsDraft:
    title: str
    teaser: str = ""
    body: str = ""  # Markdown, sanitised when shown
    image_alt: str = ""
    idea_id: int | None = None
    measure_id: int | None = None
    meeting_id: int | None = None
    project_id: int | None = None
    is_draft: bool = True
    published_at: datetime | None = None  # with a time zone; None: now
    comments_allowed: bool = False


@dataclass(frozen=True)
class SavedPost:
    post: NewsPost
    #: The stored image file the post no longer uses; the caller removes it once the change is committed.
    unused_image: str | None = None


def _missing_link(field_name: str) -> Refused:
    return Refused(field_name, {
        "idea_id": lambda: _("There is no idea with this number. Please check the number."),
        "measure_id": lambda: _("This measure does not exist any more. Please choose another one."),
        "meeting_id": lambda: _("This meeting does not exist any more. Please choose another one."),
        "project_id": lambda: _("This project does not exist any more. Please choose another one."),
    }[field_name]())


# The message when a text is too long, by field (the forms say the same).
TOO_LONG = {
    "title": lambda: _("The title may have at most 200 characters."),
    "teaser": lambda: _("The teaser may have at most 500 characters."),
    "body": lambda: _("The text may have at most 20,000 characters."),
    "image_alt": lambda: _("The description may have at most 300 characters."),
}
MAX_LENGTHS = {"title": TITLE_MAX_LENGTH, "teaser": TEASER_MAX_LENGTH, "body": BODY_MAX_LENGTH,
               "image_alt": IMAGE_ALT_MAX_LENGTH}


def _text(draft: NewsDraft, field_name: str) -> str:
    value = (getattr(draft, field_name) or "").strip()
    if len(value) > MAX_LENGTHS[field_name]:
        raise Refused(field_name, TOO_LONG[field_name]())
    return value


def _snapshot(post: NewsPost) -> dict:
    return {"title": post.title, "is_draft": post.is_draft,
            "published_at": post.published_at.astimezone(timezone.utc).isoformat(),
            "comments_allowed": post.comments_allowed, "image": post.image_name is not None,
            **{name: getattr(post, name) for name in LINKS}}


def _action(before: dict | None, after: dict) -> str | None:
    """The audit action of a save: publishing and withdrawing are named as such; an unchanged save is none."""
    was_draft = True if before is None else before["is_draft"]
    if was_draft and not after["is_draft"]:
        return "news.published"
    if not was_draft and after["is_draft"]:
        return "news.withdrawn"
    if before is None:
        return "news.created"
    return "news.updated" if after != before else None


def save_post(session: Session, actor: User, post: NewsPost | None, draft: NewsDraft, *,
              image: StoredImage | None = None, remove_image: bool = False) -> SavedPost:
    """Create (`post` None) or change a post; a new `image` replaces the old one, `remove_image` drops it.

    Raises NotAllowed for anyone but the staff; Refused naming the field for an empty title, texts too long, an
    image without a description (alt text), or a link to an idea, measure, meeting or project that does not exist.
    """
    if not permissions.may_write_news(actor):
        raise NotAllowed
    title = _text(draft, "title")
    if not title:
        raise Refused("title", _("Please give the post a title."))
    teaser, body = _text(draft, "teaser"), _text(draft, "body")
    links = {name: getattr(draft, name) or None for name in LINKS}
    for name, model in LINKS.items():
        if links[name] is not None and session.get(model, links[name]) is None:
            raise _missing_link(name)
    keeps_image = image is not None or bool(post and post.image_name and not remove_image)
    image_alt = _text(draft, "image_alt")
    if keeps_image and not image_alt:
        raise Refused("image_alt", _("Please describe what the image shows, for people who cannot see it."))

    now = utcnow()
    before = _snapshot(post) if post else None
    post = post or NewsPost(title=title, author_id=actor.id, created_at=now)
    post.title, post.teaser, post.body = title, teaser, body
    post.image_alt = image_alt if keeps_image else ""
    for name, value in links.items():
        setattr(post, name, value)
    post.is_draft, post.comments_allowed = draft.is_draft, draft.comments_allowed
    post.published_at = draft.published_at or now
    unused_image = None
    if image is not None or remove_image:
        unused_image = post.image_name
        post.image_name = image.name if image else None
        post.image_content_type = image.content_type if image else None
    post.updated_at = now
    session.add(post)
    session.flush()
    after = _snapshot(post)
    action = _action(before, after) or ("news.updated" if image is not None else None)  # a new image is a change
    if action:
        record(session, actor, action, object_type=OBJECT_TYPE, object_id=post.id, object_label=post.title,
               before=before, after=after)
    return SavedPost(post, unused_image)


def delete_post(session: Session, actor: User, post: NewsPost) -> str | None:
    """Delete a post with its comments; returns its image file (if any) for the caller to remove once committed.

    Raises NotAllowed for anyone but the staff.
    """
    if not permissions.may_write_news(actor):
        raise NotAllowed
    before = _snapshot(post)
    post_id, image_name = post.id, post.image_name
    session.delete(post)
    session.flush()
    record(session, actor, "news.deleted", object_type=OBJECT_TYPE, object_id=post_id,
           object_label=before["title"], before=before)
    return image_name


def comment_subject(post: NewsPost, now: datetime) -> CommentSubject:
    """The post as a subject of comments (participation.comments): counted in `comment_count`; its author hears of
    new comments. The comment notification's text ("… commented on “title”") fits any subject, so posts share the
    kind ideas use."""
    return CommentSubject(
        kind=SubjectKind.NEWS_POST, id=post.id, title=post.title, link=f"/news/{post.id}",
        follow_kind=NotificationKind.COMMENT_ON_FOLLOWED_IDEA, count_column=NewsPost.comment_count,
        may_comment=partial(permissions.may_comment, post=post, now=now),
        followers=lambda _session: [post.author_id])
