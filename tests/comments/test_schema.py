"""The table keeps every comment on exactly one subject, whatever the code does."""

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from participation.comments.models import Comment


def add(db, **columns) -> None:
    with db.begin_nested():
        db.add(Comment(body="Text", **columns))
        db.flush()


@pytest.mark.parametrize("subjects", ["neither", "both"])
def test_a_comment_with_both_or_neither_subject_is_refused(db, make_idea, make_measure, make_user, subjects):
    idea, measure, author = make_idea(), make_measure(), make_user()
    columns = {"idea_id": idea.id, "measure_id": measure.id} if subjects == "both" else {}
    with pytest.raises(IntegrityError):
        add(db, author_id=author.id, **columns)


def test_a_comment_on_one_subject_is_stored(db, make_idea, make_measure, make_user):
    idea, measure, author = make_idea(), make_measure(), make_user()
    add(db, author_id=author.id, idea_id=idea.id)
    add(db, author_id=author.id, measure_id=measure.id)
    db.commit()
    assert db.exec(select(func.count()).select_from(Comment)).one() == 2
