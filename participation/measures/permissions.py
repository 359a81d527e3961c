"""Who may do what with measures. The rule for editing: any staff member may edit any measure, whichever
unit is responsible — measures often need a hand from another unit — and every change is in the audit log."""

from participation.accounts.permissions import is_moderator, is_staff, may_take_part
from participation.measures.models import PUBLIC_MEASURE_STATUSES, Measure


def is_public(measure: Measure) -> bool:
    return measure.status_enum in PUBLIC_MEASURE_STATUSES


def may_view_measure(user, measure: Measure) -> bool:
    return is_public(measure) or is_staff(user)


def may_manage_measures(user) -> bool:
    """Create and edit measures, their work plan and reviews, change their status, link ideas."""
    return is_staff(user)


def may_take_up_ideas(user) -> bool:
    """Take residents' ideas into the measure planning — link them to a measure, or start a measure from one: the
    administration, and the moderators who route ideas (design §3)."""
    return is_staff(user) or is_moderator(user)


def may_comment(user, measure: Measure) -> bool:
    return may_take_part(user) and is_public(measure)


def may_follow(user, measure: Measure) -> bool:
    return may_take_part(user) and may_view_measure(user, measure)
