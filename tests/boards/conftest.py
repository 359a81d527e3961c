from datetime import UTC, datetime, timedelta

import pytest

from participation.accounts.models import Role
from participation.boards.models import Board, BoardKind, Meeting, MemberRole, Membership
from participation.municipality.models import ActionArea, District, Strategy


@pytest.fixture
def structure(db):
    """A strategy with two action areas, and two districts."""
    strategy = Strategy(title="Gemeinsam für Teststadt")
    db.add(strategy)
    db.flush()
    areas = [ActionArea(strategy_id=strategy.id, title=title) for title in ("Kooperation stärken", "Information")]
    districts = [District(name="Seedorf"), District(name="Mühlenberg")]
    db.add_all(areas + districts)
    db.commit()
    return {"areas": areas, "districts": districts}


@pytest.fixture
def board(db):
    board = Board(name="Projektbeirat", kind=BoardKind.ADVISORY.value, purpose="Begleitet die **Umsetzung**.",
                  default_location="Rathaus, Ratssaal")
    db.add(board)
    db.commit()
    return board


@pytest.fixture
def seat(db, make_user, board):
    """A user with a seat on the board in the given role; returns the user."""

    def make(role=MemberRole.MEMBER, is_secretary=False, account_roles=(Role.RESIDENT,), **values):
        user = make_user(*account_roles)
        db.add(Membership(board_id=board.id, user_id=user.id, role=role.value, is_secretary=is_secretary, **values))
        db.commit()
        return user

    return make


@pytest.fixture
def make_meeting(db, board):
    def make(name="1. Quartalssitzung", days_ahead=30, is_public=True, board_id=None, **values):
        starts_at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days_ahead)
        meeting = Meeting(board_id=board_id or board.id, name=name, starts_at=starts_at,
                          ends_at=starts_at + timedelta(hours=2), location="Rathaus, Ratssaal", is_public=is_public,
                          **values)
        db.add(meeting)
        db.commit()
        return meeting

    return make
