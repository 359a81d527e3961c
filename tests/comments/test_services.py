"""The comment services, through an idea (the first subject) and a measure built by hand (the next one)."""

from datetime import timedelta

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.comments import services
from participation.comments.models import Comment, CommentFlag, Stance
from participation.comments.queries import discussion
from participation.comments.subjects import CommentSubject, SubjectKind
from participation.db import utcnow
from participation.ideas.models import Idea, IdeaStatus
from participation.ideas.services import comment_subject, set_following
from participation.measures.models import Measure
from participation.notifications.kinds import NotificationKind
from participation.notifications.models import Notification


def fresh(db, model, row_id):
    db.expire_all()
    return db.get(model, row_id)


def notifications(db) -> set[tuple[int, str]]:
    return {(note.user_id, note.kind) for note in db.exec(select(Notification))}


def test_a_comment_is_counted_and_its_subject_becomes_active(in_app, db, make_idea, make_user):
    idea = make_idea()
    before = idea.last_activity_at
    comment = services.post_comment(db, make_user(), comment_subject(idea), "  Gute Idee  ", Stance.FOR)
    db.commit()
    assert (comment.idea_id, comment.measure_id, comment.body, comment.stance) == (idea.id, None, "Gute Idee", "for")
    idea = fresh(db, Idea, idea.id)
    assert idea.comment_count == 1 and idea.last_activity_at >= before


def test_followers_and_the_replied_to_author_are_told_once_each(in_app, db, make_idea, make_user):
    author, first, second = make_user(), make_user(name="Erste"), make_user(name="Zweite")
    idea = make_idea(author=author)
    set_following(db, first, idea, True)  # the first commenter follows, and is replied to: one notification
    subject = comment_subject(idea)
    top = services.post_comment(db, first, subject, "Oben", Stance.NEUTRAL)
    services.post_comment(db, second, subject, "Antwort", Stance.NEUTRAL, parent=top)
    db.commit()
    assert notifications(db) == {
        (author.id, "comment_on_followed_idea"),  # for the first comment, and again for the reply
        (first.id, "reply_to_my_comment"),
    }
    reply_note = db.exec(select(Notification).where(Notification.kind == "reply_to_my_comment")).one()
    assert reply_note.params["subject_title"] == idea.title
    assert reply_note.link.startswith(f"/ideas/{idea.id}#comment-")


def test_a_reply_to_a_reply_answers_the_top_level_comment(in_app, db, make_idea, make_user):
    subject = comment_subject(make_idea())
    top = services.post_comment(db, make_user(), subject, "Oben", Stance.FOR)
    reply = services.post_comment(db, make_user(), subject, "Antwort", Stance.FOR, parent=top)
    deeper = services.post_comment(db, make_user(), subject, "Noch tiefer", Stance.FOR, parent=reply)
    assert (reply.parent_id, deeper.parent_id) == (top.id, top.id)


def test_a_reply_to_another_subjects_comment_is_not_allowed(in_app, db, make_idea, make_user):
    elsewhere = services.post_comment(db, make_user(), comment_subject(make_idea(title="Andere Idee")), "Dort",
                                      Stance.FOR)
    idea = make_idea()
    with pytest.raises(services.NotAllowed):
        services.post_comment(db, make_user(), comment_subject(idea), "Hier", Stance.FOR, parent=elsewhere)
    assert fresh(db, Idea, idea.id).comment_count == 0


@pytest.mark.parametrize("case", ["unverified", "rejected idea", "hidden idea"])
def test_the_subjects_own_rule_decides_who_may_comment(in_app, db, make_idea, make_user, case):
    idea = make_idea(status=IdeaStatus.REJECTED if case == "rejected idea" else IdeaStatus.PUBLISHED)
    if case == "hidden idea":
        idea.is_hidden = True
        db.add(idea)
        db.commit()
    user = make_user(verified=case != "unverified")
    with pytest.raises(services.NotAllowed):
        services.post_comment(db, user, comment_subject(idea), "Text", Stance.FOR)
    assert db.exec(select(Comment)).all() == []


def test_the_author_edits_for_fifteen_minutes(in_app, db, make_idea, make_user):
    author = make_user()
    comment = services.post_comment(db, author, comment_subject(make_idea()), "Erste Fassung", Stance.FOR)
    services.edit_comment(db, author, comment, " Zweite ", Stance.AGAINST, comment.created_at + timedelta(minutes=15))
    assert (comment.body, comment.stance, comment.edited_at is not None) == ("Zweite", "against", True)
    with pytest.raises(services.NotAllowed):
        services.edit_comment(db, author, comment, "Zu spät", Stance.FOR, comment.created_at + timedelta(minutes=16))
    with pytest.raises(services.NotAllowed):
        services.edit_comment(db, make_user(), comment, "Fremd", Stance.FOR, utcnow())


def test_the_author_removes_a_comment_unaudited(in_app, db, make_idea, make_user):
    author, idea = make_user(), make_idea()
    subject = comment_subject(idea)
    comment = services.post_comment(db, author, subject, "Weg damit", Stance.FOR)
    services.delete_comment(db, author, comment, subject)
    db.commit()
    assert (comment.body, comment.deleted_at is not None) == ("", True)
    assert fresh(db, Idea, idea.id).comment_count == 0
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "comment.deleted")).all() == []
    with pytest.raises(services.NotAllowed):  # once removed, it stays removed
        services.delete_comment(db, author, comment, subject)


def test_a_moderators_removal_is_audited_and_others_may_not_remove(in_app, db, make_idea, make_user):
    idea = make_idea(title="Laute Diskussion")
    subject = comment_subject(idea)
    comment = services.post_comment(db, make_user(), subject, "Beleidigung", Stance.AGAINST)
    with pytest.raises(services.NotAllowed):
        services.delete_comment(db, make_user(), comment, subject)
    services.delete_comment(db, make_user(Role.MODERATOR), comment, subject)
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "comment.deleted")).one()
    assert (entry.object_id, entry.object_label, entry.before) == (str(comment.id), "Laute Diskussion",
                                                                   {"body": "Beleidigung"})


def test_removing_through_another_subject_is_not_allowed(in_app, db, make_idea, make_user):
    author, idea, other = make_user(), make_idea(), make_idea(title="Andere Idee")
    comment = services.post_comment(db, author, comment_subject(idea), "Hier", Stance.FOR)
    with pytest.raises(services.NotAllowed):
        services.delete_comment(db, author, comment, comment_subject(other))
    assert comment.deleted_at is None


def test_a_report_is_stored_once_and_never_by_the_author(in_app, db, make_idea, make_user):
    author, reporter = make_user(), make_user()
    comment = services.post_comment(db, author, comment_subject(make_idea()), "Fragwürdig", Stance.FOR)
    assert services.flag_comment(db, reporter, comment, " Beleidigt andere ") is True
    assert services.flag_comment(db, reporter, comment, "Noch einmal") is False
    with pytest.raises(services.NotAllowed):
        services.flag_comment(db, author, comment, "Selbst")
    assert [flag.reason for flag in db.exec(select(CommentFlag))] == ["Beleidigt andere"]


def measure_subject(measure: Measure, followers=()) -> CommentSubject:
    """What the measures area will build: nothing of the comments area changes for a new subject."""
    return CommentSubject(kind=SubjectKind.MEASURE, id=measure.id, title=measure.title,
                          link=f"/measures/{measure.id}", follow_kind=NotificationKind.COMMENT_ON_FOLLOWED_MEASURE,
                          count_column=Measure.comment_count, may_comment=lambda user: user.is_authenticated,
                          followers=lambda _session: list(followers))


def test_a_measure_plugs_in_as_another_subject(in_app, db, make_idea, make_measure, make_user):
    measure, follower, resident = make_measure(), make_user(), make_user()
    subject = measure_subject(measure, followers=[follower.id])
    top = services.post_comment(db, resident, subject, "Wann geht es los?", Stance.NEUTRAL)
    services.post_comment(db, make_user(), subject, "Im Frühjahr.", Stance.NEUTRAL, parent=top)
    services.post_comment(db, make_user(), comment_subject(make_idea()), "Zur Idee", Stance.FOR)
    db.commit()
    assert (top.measure_id, top.idea_id) == (measure.id, None)
    assert fresh(db, Measure, measure.id).comment_count == 2
    assert {(follower.id, "comment_on_followed_measure"), (resident.id, "reply_to_my_comment")} <= notifications(db)
    threads = discussion(db, SubjectKind.MEASURE, measure.id).threads
    assert [(view.comment.body, [reply.comment.body for reply in view.replies]) for view in threads] == [
        ("Wann geht es los?", ["Im Frühjahr."])]
    services.delete_comment(db, resident, top, subject)
    assert fresh(db, Measure, measure.id).comment_count == 1


def test_a_discussion_counts_stances_of_comments_not_removed(in_app, db, make_idea, make_user):
    idea = make_idea()
    subject = comment_subject(idea)
    author = make_user()
    for stance in (Stance.FOR, Stance.FOR, Stance.AGAINST):
        services.post_comment(db, make_user(), subject, "Meinung", stance)
    removed = services.post_comment(db, author, subject, "Zurückgezogen", Stance.AGAINST)
    services.delete_comment(db, author, removed, subject)
    loaded = discussion(db, SubjectKind.IDEA, idea.id)
    assert dict(loaded.stance_counts) == {"for": 2, "against": 1, "neutral": 0}
    assert len(loaded.threads) == 4  # the removed one stays as a placeholder


def test_the_subject_kind_of_a_comment(in_app, db, make_idea, make_user):
    idea = make_idea()
    comment = services.post_comment(db, make_user(), comment_subject(idea), "Text", Stance.FOR)
    assert SubjectKind.of(comment) == (SubjectKind.IDEA, idea.id)
    assert SubjectKind.MEASURE.column.key == "measure_id"
