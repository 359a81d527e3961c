"""Who may moderate. Moderators triage what residents send in; the administration's staff answer, follow up and
assign ideas too. Each predicate takes the acting user (anonymous users included)."""

from participation.accounts.permissions import is_moderator, is_staff
from participation.moderation.rules import Action

# Deciding what may be shown at all is the moderators' task.
TRIAGE_ACTIONS = frozenset({Action.PUBLISH, Action.REQUEST_CHANGES, Action.REJECT, Action.MERGE,
                            Action.PUT_ON_AGENDA, Action.HIDE})


def may_open_queue(user) -> bool:
    return is_moderator(user) or is_staff(user)


def may_take(user, action: Action) -> bool:
    if action in TRIAGE_ACTIONS:
        return is_moderator(user)
    return is_moderator(user) or is_staff(user)
