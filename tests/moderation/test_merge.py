"""Merging a duplicate: supports move without counting anyone twice, the discussion and the followers move along,
both timelines say so, and the duplicate's address leads to the idea the discussion continues in."""

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.comments.models import Comment, Stance
from participation.ideas.models import IdeaFollow, IdeaStatus, Support
from participation.ideas.services import add_comment, change_status, support_idea
from participation.moderation import services
from tests.moderation.conftest import timeline


def test_a_merge_moves_supports_once_comments_and_followers(db, in_app, make_idea, make_user, moderator):
    target = make_idea(title="Mehr Bänke am Mühlenbach")
    duplicate = make_idea(title="Bänke entlang des Mühlenbachs")
    both, only_duplicate, only_target = (make_user(Role.RESIDENT) for _ in range(3))
    for resident, ideas in ((both, (target, duplicate)), (only_duplicate, (duplicate,)), (only_target, (target,))):
        for idea in ideas:
            support_idea(db, resident, idea)
    add_comment(db, only_duplicate, duplicate, "Am Steg fehlt besonders eine Bank.", Stance.FOR)
    db.commit()

    result = services.merge(db, moderator, duplicate, duplicate.version, target.id)
    db.commit()

    db.refresh(target)
    db.refresh(duplicate)
    assert (result.supports_moved, result.supports_shared, result.comments_moved) == (1, 1, 1)
    assert target.support_count == 3 == len(db.exec(select(Support).where(Support.idea_id == target.id)).all())
    assert duplicate.support_count == 0 and duplicate.status == "merged" and duplicate.merged_into_id == target.id
    assert db.exec(select(Comment.idea_id).where(Comment.body == "Am Steg fehlt besonders eine Bank.")).one() == \
        target.id
    assert target.comment_count == 1
    assert db.get(IdeaFollow, (target.id, only_duplicate.id)).following
    assert timeline(db, duplicate.id)[-1] == "merged"
    assert timeline(db, target.id)[-1] == "published"  # the target keeps its state, its timeline notes the merge


def test_the_duplicates_address_leads_to_the_idea_it_was_merged_into(app, db, client, make_idea, moderator):
    target = make_idea(title="Mehr Bänke am Mühlenbach")
    duplicate = make_idea(title="Bänke entlang des Mühlenbachs")
    with app.app_context():  # only for the service: each request below brings its own
        services.merge(db, moderator, duplicate, duplicate.version, target.id)
    db.commit()
    response = client.get(f"/ideas/{duplicate.id}")
    assert response.status_code == 301 and response.headers["Location"] == f"/ideas/{target.id}"
    page = client.get(f"/ideas/{target.id}").get_data(as_text=True)
    assert f"#{duplicate.id}" in page and "Bänke entlang des Mühlenbachs" in page


@pytest.mark.parametrize("case", ["itself", "its own duplicate", "rejected", "hidden", "missing"])
def test_a_merge_into_an_unfit_idea_is_refused_and_nothing_changes(db, in_app, make_idea, moderator, case):
    duplicate = make_idea(title="Bänke entlang des Mühlenbachs")
    if case == "itself":
        target_id = duplicate.id
    elif case == "its own duplicate":
        earlier = make_idea(title="Sitzbänke am Bach")
        services.merge(db, moderator, earlier, earlier.version, duplicate.id)
        db.commit()
        db.refresh(duplicate)
        target_id = earlier.id
    elif case == "missing":
        target_id = 999_999
    else:
        other = make_idea(title="Eine andere Idee")
        if case == "rejected":
            change_status(db, moderator, other, IdeaStatus.REJECTED, reason="Kein Thema der Stadt.")
        else:
            other.is_hidden = True
            db.add(other)
        db.commit()
        target_id = other.id
    before = (duplicate.status, duplicate.version, duplicate.support_count, timeline(db, duplicate.id))
    with pytest.raises(services.Refused) as refusal:
        services.merge(db, moderator, duplicate, duplicate.version, target_id)
    db.rollback()
    assert refusal.value.field == "target"
    db.refresh(duplicate)
    assert (duplicate.status, duplicate.version, duplicate.support_count, timeline(db, duplicate.id)) == before
