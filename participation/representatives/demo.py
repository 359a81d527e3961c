"""Demo proposals: Bernd Beirat, the board member who represents Seedorf on the Projektbeirat, has proposed two
ideas of Seedorf for its next meeting; the secretary declined one of them with a reason, the other waits for a
decision. Made through the services, like real proposals. Called by participation.demo, after the demo boards."""

from datetime import date

from sqlmodel import Session, col, select

from participation.accounts.services import find_user_by_email
from participation.boards.models import AgendaItem, Board, BoardKind
from participation.boards.queries import current_membership
from participation.db import utcnow
from participation.ideas.models import Idea, IdeaStatus
from participation.representatives.queries import next_meeting, representations
from participation.representatives.services import decline_proposal, propose_idea

REPRESENTATIVE_EMAIL = "beirat@beispielstadt.example"  # Bernd Beirat, represents Seedorf
SECRETARY_EMAIL = "verwaltung@beispielstadt.example"  # Vera Verwaltung, keeps the Projektbeirat's minutes
DISTRICT = "Seedorf"
OPEN_IDEA_STATUSES = (IdeaStatus.PUBLISHED.value, IdeaStatus.IN_REVIEW.value)

PENDING_REASON = ("Die Idee hat in Seedorf viel Zuspruch. Im Ortsbeirat wurde sie mehrfach angesprochen; der "
                  "Projektbeirat sollte beraten, ob sie in die Maßnahmenplanung aufgenommen wird.")
DECLINED_REASON = ("Das Anliegen betrifft viele Familien in Seedorf und passt zum Aktionsbereich. Ich bitte darum, "
                   "es in der nächsten Sitzung zu beraten.")
DECLINE_REASON = ("Die Tagesordnung der nächsten Sitzung ist bereits voll. Die Verwaltung prüft die Idee zunächst "
                  "mit der zuständigen Stelle; danach kann sie erneut vorgeschlagen werden.")


def seed_demo_proposals(session: Session, today: date) -> None:
    """Flushed, not committed. Does nothing if the representative, the secretary, the Projektbeirat's next meeting
    or two open ideas of Seedorf are missing."""
    representative = find_user_by_email(session, REPRESENTATIVE_EMAIL)
    secretary = find_user_by_email(session, SECRETARY_EMAIL)
    if representative is None or secretary is None:
        return
    seat = next((entry for entry in representations(session, representative.id, today)
                 if entry.district.name == DISTRICT and entry.board.kind == BoardKind.ADVISORY.value), None)
    if seat is None:
        return
    now = utcnow()
    meeting = next_meeting(session, seat.board.id, now)
    if meeting is None:
        return
    on_agenda = select(AgendaItem.idea_id).where(AgendaItem.meeting_id == meeting.id,
                                                 col(AgendaItem.idea_id).is_not(None))
    ideas = list(session.exec(
        select(Idea).where(Idea.district_id == seat.district.id, col(Idea.is_hidden).is_(False),
                           col(Idea.status).in_(OPEN_IDEA_STATUSES), col(Idea.id).not_in(on_agenda))
        .order_by(col(Idea.support_count).desc(), Idea.id).limit(2)))
    if len(ideas) < 2:
        return
    propose_idea(session, representative, seat.membership, ideas[0], PENDING_REASON, now, today)
    declined = propose_idea(session, representative, seat.membership, ideas[1], DECLINED_REASON, now, today)
    board = session.get(Board, seat.board.id)
    decline_proposal(session, secretary, current_membership(session, secretary, board.id, today), declined,
                     DECLINE_REASON, now)
    session.flush()
