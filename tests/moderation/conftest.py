import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.ideas.models import Idea, IdeaStatus, IdeaStatusChange
from tests.ideas.conftest import make_idea, structure  # noqa: F401 - the ideas' fixtures, shared


@pytest.fixture
def idea_in(db, make_idea):  # noqa: F811
    """An idea brought into `status` the way the pipeline gets there (its timeline included)."""

    def make(status: IdeaStatus, **values) -> Idea:
        return make_idea(status=status, **values)

    return make


@pytest.fixture
def in_app(app):
    """For tests that call services directly: notifying renders mails. Not for tests that make requests."""
    with app.app_context():
        yield


@pytest.fixture
def moderator(make_user):
    return make_user(Role.MODERATOR, name="Mo Moderatorin")


@pytest.fixture
def staff(make_user):
    return make_user(Role.STAFF, name="Vera Verwaltung")


def timeline(db, idea_id: int) -> list[str]:
    return list(db.exec(select(IdeaStatusChange.to_status).where(IdeaStatusChange.idea_id == idea_id)
                        .order_by(IdeaStatusChange.id)))
