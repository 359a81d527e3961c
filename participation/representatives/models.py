"""District representatives: a board member who represents a district proposes its ideas for the next agenda;
the board's chair, deputy chair or secretary accepts or declines the proposal."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow
from participation.i18n import _l


class ProposalState(str, enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(PROPOSAL_STATE_LABELS[self])


PROPOSAL_STATE_LABELS = {
    ProposalState.PENDING: _l("Waiting for a decision"),
    ProposalState.ACCEPTED: _l("Accepted"),
    ProposalState.DECLINED: _l("Not accepted"),
}


class AgendaProposal(SQLModel, table=True):
    """A representative's proposal to put an idea of their district on the next meeting of their board. Accepted, it
    points to the agenda item it became; declined, it keeps the reason, which the proposer sees."""

    __tablename__ = "agenda_proposal"
    __table_args__ = (
        Index("ix_agenda_proposal_board_state", "board_id", "state"),
        CheckConstraint("state <> 'declined' OR decline_reason <> ''", name="ck_agenda_proposal_declined_has_reason"),
    )

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", ondelete="CASCADE")
    # The board's next meeting (planned or invited) when the idea was proposed.
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", index=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE", index=True)
    proposed_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    # The seat the proposer represents the district with.
    membership_id: int | None = Field(default=None, foreign_key="membership.id", ondelete="SET NULL", index=True)
    reason: str = Field(max_length=2000)  # why the idea belongs on the agenda; the agenda item's text if accepted
    state: str = Field(default=ProposalState.PENDING.value, max_length=20)
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decline_reason: str = Field(default="", max_length=2000)
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_item.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def state_enum(self) -> ProposalState:
        return ProposalState(self.state)
