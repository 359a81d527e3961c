"""Who may do what with papers. Each predicate takes the acting user (anonymous users included)."""

from participation.accounts.permissions import is_staff
from participation.papers.models import Paper, PaperStatus


def may_view_paper(user, paper: Paper) -> bool:
    """Submitted papers are public; drafts belong to the administration."""
    return paper.status == PaperStatus.SUBMITTED.value or is_staff(user)


def may_write_papers(user) -> bool:
    return is_staff(user)


def may_edit_paper(user, paper: Paper) -> bool:
    """Staff may correct a paper after submission too (its mandatory fields stay filled, see services)."""
    return is_staff(user)


def may_submit_paper(user, paper: Paper) -> bool:
    return is_staff(user) and paper.status == PaperStatus.DRAFT.value
