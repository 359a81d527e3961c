"""The demo's moderation queue: after `flask seed-demo` the moderator and the staff member find work waiting."""

from sqlmodel import select

from participation.accounts.services import find_user_by_email
from participation.comments.models import CommentFlag
from participation.db import utcnow
from participation.ideas.models import Idea, IdeaStatus, IdeaStatusChange
from participation.moderation import demo as moderation_demo
from participation.moderation import queries
from participation.moderation.queries import Tab
from tests.conftest import Browser

ANSWER_DAYS = 21


def test_the_demo_fills_every_tab_of_the_queue(db, demo):
    staff = find_user_by_email(db, moderation_demo.STAFF_EMAIL)
    moderator = find_user_by_email(db, moderation_demo.MODERATOR_EMAIL)
    now = utcnow()

    counts = queries.tab_counts(db, staff.id, now, ANSWER_DAYS)
    assert counts[Tab.WAITING] >= 5
    assert counts[Tab.FLAGGED] == 2
    assert counts[Tab.UNANSWERED] >= 2
    assert counts[Tab.ASSIGNED] == 1
    assert queries.tab_counts(db, moderator.id, now, ANSWER_DAYS)[Tab.ASSIGNED] == 0

    assigned = queries.idea_queue(db, Tab.ASSIGNED, staff.id, queries.QueueFilter(), now, ANSWER_DAYS, 1, 25)
    assert [row.idea.title for row in assigned.items] == [moderation_demo.BICYCLE_PARKING.title]
    unanswered = queries.idea_queue(db, Tab.UNANSWERED, staff.id, queries.QueueFilter(), now, ANSWER_DAYS, 1, 25)
    assert {moderation_demo.MILL_POND_PATH.title, moderation_demo.BARBECUE_AREA.title} <= {
        row.idea.title for row in unanswered.items}
    flagged = queries.flagged_comments(db, 1, 25)
    assert [row.flag_count for row in flagged.items] == [2, 1] and all(row.reasons for row in flagged.items)


def test_the_demo_queue_is_made_of_real_decisions(app, db, demo):
    waiting = {demo.title for demo in moderation_demo.WAITING}
    ideas = {idea.title: idea for idea in db.exec(select(Idea).where(Idea.title.in_(
        waiting | {moderation_demo.BICYCLE_PARKING.title, moderation_demo.MILL_POND_PATH.title}))).all()}
    assert {title for title, idea in ideas.items() if idea.status == IdeaStatus.SUBMITTED.value} == waiting
    # The duplicate of a published demo idea has its original.
    assert db.exec(select(Idea).where(Idea.title == moderation_demo.LITTER_BINS_ORIGINAL,
                                      Idea.status == IdeaStatus.PUBLISHED.value)).one()

    old = ideas[moderation_demo.MILL_POND_PATH.title]
    changes = db.exec(select(IdeaStatusChange).where(IdeaStatusChange.idea_id == old.id)
                      .order_by(IdeaStatusChange.id)).all()
    assert [change.to_status for change in changes] == ["submitted", "published"]
    assert changes[0].created_at == old.created_at and changes[1].created_at == old.published_at
    assert changes[1].actor_name == "Mo Moderation"
    assert (utcnow() - old.published_at).days > ANSWER_DAYS
    assert db.exec(select(CommentFlag)).all() and all(flag.reason for flag in db.exec(select(CommentFlag)))

    browser = Browser(app.test_client())
    browser.sign_in(moderation_demo.STAFF_EMAIL, "demo-passwort-2026")
    page = browser.get("/moderation/?tab=assigned&lang=en").get_data(as_text=True)
    assert moderation_demo.BICYCLE_PARKING.title in page
