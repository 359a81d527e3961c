"""Who may edit, delete and report a comment: every kind of user × every action, on a live and a removed one."""

from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin

from participation.accounts.models import Role
from participation.comments import permissions
from participation.comments.models import Comment
from participation.db import utcnow

ACTIONS = ("edit", "delete", "flag")
# who: what they may do to a fresh comment
GRID = {
    "visitor": set(),
    "unverified": set(),
    "author": {"edit", "delete"},
    "blocked author": set(),
    "resident": {"flag"},
    "moderator": {"delete", "flag"},
}


def may(action, user, comment, now):
    if action == "edit":
        return permissions.may_edit_comment(user, comment, now)
    if action == "delete":
        return permissions.may_delete_comment(user, comment)
    return permissions.may_flag_comment(user, comment)


@pytest.fixture
def users(db, make_user):
    author = make_user()
    blocked = make_user()
    blocked.is_blocked = True
    db.add(blocked)
    db.commit()
    return {"visitor": AnonymousUserMixin(), "unverified": make_user(verified=False), "author": author,
            "blocked author": blocked, "resident": make_user(), "moderator": make_user(Role.MODERATOR)}


def test_fresh_comment(users):
    now = utcnow()
    for who, allowed in GRID.items():
        author = users["blocked author" if who == "blocked author" else "author"]
        comment = Comment(id=1, idea_id=1, author_id=author.id, body="Text", created_at=now)
        for action in ACTIONS:
            assert may(action, users[who], comment, now) is (action in allowed), (who, action)


def test_removed_comment_allows_nothing(users):
    now = utcnow()
    comment = Comment(id=1, idea_id=1, author_id=users["author"].id, body="", created_at=now, deleted_at=now)
    for who in GRID:
        for action in ACTIONS:
            assert may(action, users[who], comment, now) is False, (who, action)


def test_the_edit_window_closes_after_fifteen_minutes(users):
    created = utcnow()
    comment = Comment(id=1, idea_id=1, author_id=users["author"].id, body="Text", created_at=created)
    assert permissions.may_edit_comment(users["author"], comment, created + timedelta(minutes=15))
    assert not permissions.may_edit_comment(users["author"], comment, created + timedelta(minutes=15, seconds=1))
