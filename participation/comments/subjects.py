"""What a comment can be about. The `comment` table has one column per kind of subject; exactly one is set."""

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.notifications.kinds import NotificationKind


class SubjectKind(str, enum.Enum):
    IDEA = "idea"
    MEASURE = "measure"
    NEWS_POST = "news_post"

    @property
    def column(self):
        """The comment's column naming a subject of this kind: Comment.idea_id, .measure_id or .news_post_id."""
        return getattr(Comment, f"{self.value}_id")

    @classmethod
    def of(cls, comment: Comment) -> tuple["SubjectKind", int]:
        """The kind and id of the comment's subject."""
        for kind in cls:
            subject_id = getattr(comment, f"{kind.value}_id")
            if subject_id is not None:
                return kind, subject_id
        raise ValueError(f"comment {comment.id} has no subject")


@dataclass(frozen=True)
class CommentSubject:
    """One idea, measure or news post as the comment system sees it. The subject's area builds it (see services.py).

    `count_column` (e.g. `Idea.comment_count`) is kept equal to the number of comments not removed;
    `activity_column` (e.g. `Idea.last_activity_at`), if given, is set to now by every new comment.
    `may_comment(user)` is the subject area's predicate; `followers(session)` lists who hears of new comments
    (users or user ids), with `follow_kind` as the notification kind.
    """

    kind: SubjectKind
    id: int
    title: str
    link: str  # the subject's page, a path on this site such as "/ideas/7"
    follow_kind: NotificationKind
    count_column: Any
    may_comment: Callable[[Any], bool]
    followers: Callable[[Session], Iterable[User | int]]
    activity_column: Any = None

    def owns(self, comment: Comment) -> bool:
        """Whether the comment belongs to this subject."""
        return getattr(comment, self.kind.column.key) == self.id

    def comment_link(self, comment: Comment) -> str:
        return f"{self.link}#comment-{comment.id}"
