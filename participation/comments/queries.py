"""Reading comments: a subject's discussion, threaded, with author names and stance counts, in one query."""

from collections import Counter
from dataclasses import dataclass, field

from sqlmodel import Session, select

from participation.accounts.models import User
from participation.comments.models import Comment, Stance
from participation.comments.subjects import SubjectKind


@dataclass
class CommentView:
    comment: Comment
    author_name: str | None  # None once the account is deleted
    replies: list["CommentView"] = field(default_factory=list)


@dataclass
class Discussion:
    threads: list[CommentView]  # top-level comments, oldest first, each with its replies
    stance_counts: Counter  # "for", "against", "neutral" -> number of comments not removed


def discussion(session: Session, kind: SubjectKind, subject_id: int) -> Discussion:
    """Every comment on one subject (removed ones too, as placeholders), in one query."""
    rows = session.exec(select(Comment, User.display_name).outerjoin(User, User.id == Comment.author_id)
                        .where(kind.column == subject_id).order_by(Comment.created_at, Comment.id))
    views = {comment.id: CommentView(comment, name) for comment, name in rows}
    threads = []
    for view in views.values():
        parent = views.get(view.comment.parent_id) if view.comment.parent_id else None
        (parent.replies if parent else threads).append(view)
    counts = Counter(view.comment.stance for view in views.values()
                     if view.comment.deleted_at is None and view.comment.hidden_at is None)
    return Discussion(threads, Counter({stance.value: counts[stance.value] for stance in Stance}))
