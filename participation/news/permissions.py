"""Who may do what with news posts. Predicates take the acting user (anonymous users included)."""

from datetime import datetime

from participation.accounts.permissions import is_staff, may_take_part
from participation.news.models import NewsPost


def is_public(post: NewsPost, now: datetime) -> bool:
    """Not a draft, and its publish date has come."""
    return not post.is_draft and post.published_at <= now


def may_write_news(user) -> bool:
    """Write, change and delete posts, and read drafts and scheduled ones: the administration's staff."""
    return is_staff(user)


def may_view_post(user, post: NewsPost, now: datetime) -> bool:
    return is_public(post, now) or may_write_news(user)


def may_comment(user, post: NewsPost, now: datetime) -> bool:
    """Residents taking part, on a public post whose author allows comments."""
    return may_take_part(user) and post.comments_allowed and is_public(post, now)
