"""Fixtures of the boards' tests (a board, seats on it, meetings, districts), and a district's representative with
the ideas of their district."""

import pytest

from participation.accounts.models import Role
from participation.boards.models import MemberRole
from participation.ideas.models import Idea, IdeaStatus
from tests.boards.conftest import board, make_meeting, seat, structure  # noqa: F401 - fixtures used here
from tests.conftest import Browser


@pytest.fixture
def seedorf(structure):  # noqa: F811 - the fixture imported above
    return structure["districts"][0]


@pytest.fixture
def muehlenberg(structure):  # noqa: F811
    return structure["districts"][1]


@pytest.fixture
def representative(seat, seedorf):  # noqa: F811
    """A member of the board who represents Seedorf."""
    return seat(MemberRole.MEMBER, district_id=seedorf.id)


@pytest.fixture
def secretary(seat):  # noqa: F811
    return seat(MemberRole.MEMBER, is_secretary=True, account_roles=(Role.STAFF,))


@pytest.fixture
def make_idea(db, make_user):
    author = None

    def make(title, district, status=IdeaStatus.PUBLISHED, supports=0, **values):
        nonlocal author
        author = author or make_user(Role.RESIDENT, name="Ida Idee")
        idea = Idea(title=title, body=f"{title}: bitte beraten.", author_id=author.id, district_id=district.id,
                    status=status.value, support_count=supports, **values)
        db.add(idea)
        db.commit()
        return idea

    return make


@pytest.fixture
def signed_in(app):
    """A browser of its own, signed in as `user`."""

    def sign_in(user) -> Browser:
        browser = Browser(app.test_client())
        response = browser.sign_in(user.email)
        assert response.status_code == 302
        return browser

    return sign_in
