"""Who may do what as a district's representative, and with the proposals they make. Predicates take the acting
user (anonymous users included)."""

from datetime import date

from participation.accounts.permissions import is_staff
from participation.boards.models import Membership
from participation.boards.permissions import may_run_meetings
from participation.ideas.models import PUBLIC_STATUSES, Idea, IdeaStatus


def may_view_district(user, district_id: int, represented_ids) -> bool:
    """A district's page: its representatives (`represented_ids`: the districts the user represents today), and
    the administration (staff and admins) for every district."""
    return is_staff(user) or bool(user.is_authenticated and user.is_active and district_id in represented_ids)


def may_propose(user, membership: Membership | None, district_id: int | None, today: date) -> bool:
    """Propose an idea of the district for the board's next agenda: the user's own seat, held today, representing
    that district."""
    return bool(user.is_authenticated and user.is_active and membership is not None and district_id is not None
                and membership.user_id == user.id and membership.district_id == district_id
                and membership.is_active_on(today))


def may_decide(user, membership: Membership | None) -> bool:
    """Accept or decline the board's proposals: whoever runs its meetings (chair, deputy chair, secretary, admins);
    `membership` is the user's seat on that board today."""
    return may_run_meetings(user, membership)


def is_proposable(idea: Idea) -> bool:
    """Ideas everyone can see may go on an agenda; merged ones live on in the idea they were merged into."""
    return not idea.is_hidden and idea.status_enum in PUBLIC_STATUSES and idea.status_enum != IdeaStatus.MERGED
