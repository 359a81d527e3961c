"""Moderators hear of what waits for them: each idea sent in for review, and each comment once it is flagged."""

from sqlmodel import select

from participation.accounts.models import Role
from participation.comments.models import Stance
from participation.comments.services import flag_comment
from participation.ideas.models import IdeaStatus
from participation.ideas.services import add_comment
from participation.notifications.models import Notification


def kinds_for(db, user) -> list[str]:
    return list(db.exec(select(Notification.kind).where(Notification.user_id == user.id).order_by(Notification.id)))


def test_moderators_are_told_of_each_idea_waiting_for_review(db, in_app, make_idea, moderator, make_user):
    admin = make_user(Role.ADMIN)
    idea = make_idea(status=IdeaStatus.SUBMITTED)
    notification = db.exec(select(Notification).where(Notification.user_id == moderator.id)).one()
    assert (notification.kind, notification.link) == ("idea_to_review", f"/moderation/ideas/{idea.id}")
    assert kinds_for(db, admin) == []  # admins moderate too, but only the moderators get every new idea
    make_idea(status=IdeaStatus.PUBLISHED)  # published at once (no premoderation for it): nothing to review
    assert kinds_for(db, moderator) == ["idea_to_review"]


def test_moderators_hear_of_a_flagged_comment_once(db, in_app, make_idea, moderator, make_user):
    idea = make_idea()
    comment = add_comment(db, make_user(Role.RESIDENT), idea, "Herr X. aus der Mühlenstraße 3 ist schuld.",
                          Stance.AGAINST)
    for _ in range(2):
        assert flag_comment(db, make_user(Role.RESIDENT), comment, "Persönliche Daten")
    db.commit()
    assert kinds_for(db, moderator) == ["comment_flagged"]
