"""Supporting ideas: one support per resident, withdrawable, closed on rejected or merged ideas."""

import threading

import pytest
from sqlalchemy import func
from sqlmodel import select

from participation.accounts.models import Role, RoleGrant, User
from participation.db import Database, utcnow
from participation.ideas.models import Idea, IdeaStatus, Support
from participation.ideas.services import NotAllowed, support_idea
from participation.municipality.models import ActionArea, Strategy
from tests.conftest import TEST_PASSWORD


def support(browser, idea, **kwargs):
    return browser.submit(f"/ideas/{idea.id}/support", {}, form_page=f"/ideas/{idea.id}", **kwargs)


def stored_supports(db, idea) -> tuple[int, int]:
    count = db.exec(select(func.count()).select_from(Support).where(Support.idea_id == idea.id)).one()
    return db.get(Idea, idea.id).support_count, count


def test_support_and_withdraw(sign_in_as, browser, make_idea, db):
    idea = make_idea()
    sign_in_as()
    response = support(browser, idea)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/ideas/{idea.id}#support")
    assert stored_supports(db, idea) == (1, 1)
    page = browser.get(f"/ideas/{idea.id}?lang=en").get_data(as_text=True)
    assert "1 resident supports this idea." in page and "Withdraw my support" in page
    browser.submit(f"/ideas/{idea.id}/support/withdraw", {}, form_page=f"/ideas/{idea.id}")
    assert stored_supports(db, idea) == (0, 0)


def test_double_submitted_support_counts_once(sign_in_as, browser, make_idea, db):
    idea = make_idea()
    sign_in_as()
    support(browser, idea)
    support(browser, idea)
    assert stored_supports(db, idea) == (1, 1)


def test_support_without_reload_answers_json(sign_in_as, browser, make_idea):
    idea = make_idea()
    sign_in_as()
    response = support(browser, idea, headers={"Accept": "application/json"})
    answer = response.get_json()
    assert (answer["supported"], answer["count"]) == (True, 1) and answer["count_text"].startswith("1 ")


@pytest.mark.parametrize("status", [IdeaStatus.REJECTED, IdeaStatus.MERGED])
def test_support_is_closed_on_rejected_and_merged_ideas(sign_in_as, browser, make_idea, make_user, db, status):
    idea = make_idea(status=status)
    moderator = sign_in_as(Role.MODERATOR)  # a moderator can still see a rejected idea
    assert moderator
    assert support(browser, idea).status_code == 403
    assert stored_supports(db, idea) == (0, 0)


def test_visitors_cannot_support(client, make_idea, db):
    idea = make_idea()
    response = client.post(f"/ideas/{idea.id}/support")
    assert response.status_code in (302, 400)
    assert stored_supports(db, idea) == (0, 0)


def test_support_needs_csrf(sign_in_as, browser, make_idea, db):
    idea = make_idea()
    sign_in_as()
    assert browser.client.post(f"/ideas/{idea.id}/support").status_code == 400
    assert stored_supports(db, idea) == (0, 0)


def test_support_of_a_hidden_idea_is_404(sign_in_as, browser, make_idea, db):
    idea = make_idea()
    idea.is_hidden = True
    db.add(idea)
    db.commit()
    sign_in_as()
    assert browser.submit(f"/ideas/{idea.id}/support", {}, form_page="/account/").status_code == 404


def test_support_is_rate_limited(app, sign_in_as, browser, make_idea):
    app.config["RATELIMIT_SUPPORT"] = "3 per minute"
    idea = make_idea()
    sign_in_as()
    statuses = [support(browser, idea).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


# Concurrency: real commits on the test database, from many threads at once, cleaned up afterwards.

@pytest.fixture
def shared_database(migrated_database_url):
    database = Database(migrated_database_url, busy_timeout_ms=30000)
    created = {"users": [], "ideas": [], "strategies": []}
    yield database, created
    with database.new_session() as session:
        for idea_id in created["ideas"]:
            session.delete(session.get(Idea, idea_id))
        session.flush()
        for strategy_id in created["strategies"]:
            for area in session.exec(select(ActionArea).where(ActionArea.strategy_id == strategy_id)):
                session.delete(area)
            session.flush()
            session.delete(session.get(Strategy, strategy_id))
        for user_id in created["users"]:
            session.delete(session.get(User, user_id))
        session.commit()
    database.dispose()


def create_residents(session, count, password_hash):
    users = [User(email=f"concurrent-{utcnow().timestamp()}-{n}@example.org", display_name=f"Resident {n}",
                  password_hash=password_hash, email_verified_at=utcnow(), privacy_consent_at=utcnow())
             for n in range(count)]
    for user in users:
        user.role_grants = [RoleGrant(role=Role.RESIDENT.value)]
    session.add_all(users)
    session.flush()
    return users


def prepare(shared_database, resident_count):
    from werkzeug.security import generate_password_hash

    database, created = shared_database
    with database.new_session() as session:
        users = create_residents(session, resident_count, generate_password_hash(TEST_PASSWORD, method="scrypt"))
        strategy = Strategy(title=f"Concurrency {utcnow().timestamp()}")
        session.add(strategy)
        session.flush()
        area = ActionArea(strategy_id=strategy.id, title=f"Concurrency area {utcnow().timestamp()}")
        session.add(area)
        session.flush()
        idea = Idea(title="Viel unterstützt", body="Text", author_id=users[0].id, status=IdeaStatus.PUBLISHED.value,
                    published_at=utcnow())
        session.add(idea)
        session.commit()
        created["users"].extend(user.id for user in users)
        created["ideas"].append(idea.id)
        created["strategies"].append(strategy.id)
        return [user.id for user in users], idea.id


def support_at_once(database, pairs):
    """Each (user id, idea id) supports in its own thread and transaction, all released together."""
    start = threading.Barrier(len(pairs))
    errors = []

    def run(user_id, idea_id):
        start.wait()
        try:
            with database.new_session() as session:
                support_idea(session, session.get(User, user_id), session.get(Idea, idea_id))
                session.commit()
        except NotAllowed:
            errors.append("not allowed")
        except Exception as error:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(repr(error))

    threads = [threading.Thread(target=run, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_fifty_residents_supporting_at_once_make_exactly_fifty_supports(shared_database):
    database, _created = shared_database
    user_ids, idea_id = prepare(shared_database, 50)
    assert support_at_once(database, [(user_id, idea_id) for user_id in user_ids]) == []
    with database.new_session() as session:
        count = session.exec(select(func.count()).select_from(Support).where(Support.idea_id == idea_id)).one()
        assert (session.get(Idea, idea_id).support_count, count) == (50, 50)


def test_one_resident_sending_twenty_supports_at_once_makes_one(shared_database):
    database, _created = shared_database
    user_ids, idea_id = prepare(shared_database, 1)
    assert support_at_once(database, [(user_ids[0], idea_id)] * 20) == []
    with database.new_session() as session:
        count = session.exec(select(func.count()).select_from(Support).where(Support.idea_id == idea_id)).one()
        assert (session.get(Idea, idea_id).support_count, count) == (1, 1)
