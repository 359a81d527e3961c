"""Which moderation action may be taken on an idea in which state (design §3). One table, so that every
state × action pair is decided in one place and tested as a whole."""

import enum

from participation.i18n import _, _l
from participation.ideas.models import PUBLIC_STATUSES, ROUTABLE_STATUSES, IdeaStatus

S = IdeaStatus


class Action(str, enum.Enum):
    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    ANSWER = "answer"
    MARK_IN_REVIEW = "in_review"
    MARK_IMPLEMENTED = "implemented"
    MARK_DECLINED = "declined"
    ASSIGN = "assign"
    MERGE = "merge"
    ROUTE_TO_BACKLOG = "route_to_backlog"
    PUT_ON_AGENDA = "put_on_agenda"
    HIDE = "hide"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self])


ACTION_LABELS = {
    Action.PUBLISH: _l("Publish"),
    Action.REQUEST_CHANGES: _l("Ask the author for changes"),
    Action.REJECT: _l("Reject"),
    Action.ANSWER: _l("Give the official answer"),
    Action.MARK_IN_REVIEW: _l("Mark as in review"),
    Action.MARK_IMPLEMENTED: _l("Mark as implemented"),
    Action.MARK_DECLINED: _l("Mark as declined"),
    Action.ASSIGN: _l("Assign"),
    Action.MERGE: _l("Merge into another idea"),
    Action.ROUTE_TO_BACKLOG: _l("Take into the measure planning"),
    Action.PUT_ON_AGENDA: _l("Put on a board's agenda"),
    Action.HIDE: _l("Hide"),
}

# Published ideas that still wait for what becomes of them.
_UNDECIDED = set(ROUTABLE_STATUSES)
_TAKEN_UP = {S.ROUTED_TO_BACKLOG, S.ON_AGENDA}

ALLOWED_FROM: dict[Action, frozenset[IdeaStatus]] = {
    Action.PUBLISH: frozenset({S.SUBMITTED}),
    Action.REQUEST_CHANGES: frozenset({S.SUBMITTED}),
    Action.REJECT: frozenset({S.SUBMITTED, S.CHANGES_REQUESTED, S.PUBLISHED}),
    Action.ANSWER: frozenset(_UNDECIDED | _TAKEN_UP | {S.IMPLEMENTED, S.DECLINED}),
    Action.MARK_IN_REVIEW: frozenset({S.PUBLISHED, S.ANSWERED}),
    Action.MARK_IMPLEMENTED: frozenset({S.IN_REVIEW, S.ANSWERED} | _TAKEN_UP),
    Action.MARK_DECLINED: frozenset(_UNDECIDED | _TAKEN_UP),
    Action.ASSIGN: frozenset({S.SUBMITTED, S.CHANGES_REQUESTED} | _UNDECIDED | _TAKEN_UP),
    # A duplicate is folded in before anything was decided on it.
    Action.MERGE: frozenset({S.SUBMITTED} | _UNDECIDED),
    Action.ROUTE_TO_BACKLOG: frozenset(ROUTABLE_STATUSES | _TAKEN_UP),
    Action.PUT_ON_AGENDA: frozenset(ROUTABLE_STATUSES | _TAKEN_UP),
    # What is public can be hidden for breaking a rule; what never was public is rejected instead.
    Action.HIDE: frozenset(PUBLIC_STATUSES),
}

# The status an action moves the idea to; the answer moves only undecided ideas (a measure keeps its idea).
TARGET: dict[Action, IdeaStatus] = {
    Action.PUBLISH: S.PUBLISHED,
    Action.REQUEST_CHANGES: S.CHANGES_REQUESTED,
    Action.REJECT: S.REJECTED,
    Action.MARK_IN_REVIEW: S.IN_REVIEW,
    Action.MARK_IMPLEMENTED: S.IMPLEMENTED,
    Action.MARK_DECLINED: S.DECLINED,
}
ANSWER_MOVES_FROM = frozenset({S.PUBLISHED, S.IN_REVIEW})


def is_allowed(action: Action, status: IdeaStatus) -> bool:
    return status in ALLOWED_FROM[action]


def refusal(action: Action, status: IdeaStatus) -> str:
    """Why the action cannot be taken now, for the moderator."""
    return _("This idea is “%(status)s”: “%(action)s” is not possible in this state.", status=status.label,
             action=action.label)
