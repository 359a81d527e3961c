"""The kinds of notification and their one-line text, rendered in the reader's language from stored params.

Params are stored as JSON when the event happens and turned into text each time someone reads them, so every
reader gets their own language. Plain string params (names, titles) are shown as they are. A label that must
be translated for each reader (e.g. an idea's status) is passed to `notify()` as a lazy string (`_l`, such as
`STATUS_LABELS[status]`); it is stored untranslated, as {"msgid": "..."}, and translated when read.
"""

import enum
from collections.abc import Callable, Mapping
from typing import Any

from participation.i18n import _

# What a missing param is shown as: rendering must never fail on old or incomplete rows.
MISSING = "…"
REASON_PREVIEW_LENGTH = 300


class NotificationKind(str, enum.Enum):
    COMMENT_ON_FOLLOWED_IDEA = "comment_on_followed_idea"
    COMMENT_ON_FOLLOWED_MEASURE = "comment_on_followed_measure"
    REPLY_TO_MY_COMMENT = "reply_to_my_comment"
    IDEA_STATUS_CHANGED = "idea_status_changed"
    MEASURE_STATUS_CHANGED = "measure_status_changed"
    MEASURE_REVIEW_DUE = "measure_review_due"
    MEASURE_REVIEW_RECORDED = "measure_review_recorded"
    BOARD_DECISION_ON_IDEA = "board_decision_on_idea"
    BOARD_DECISION_ON_MEASURE = "board_decision_on_measure"
    IDEA_TO_REVIEW = "idea_to_review"
    COMMENT_FLAGGED = "comment_flagged"
    IDEA_FLAGGED = "idea_flagged"
    IDEA_HIDDEN = "idea_hidden"
    IDEA_EDITED_BY_MODERATION = "idea_edited_by_moderation"
    IDEA_APPEALED = "idea_appealed"
    IDEA_APPEAL_DECIDED = "idea_appeal_decided"
    COMMENT_HIDDEN = "comment_hidden"
    COMMENT_EDITED_BY_MODERATION = "comment_edited_by_moderation"
    COMMENT_APPEALED = "comment_appealed"
    COMMENT_APPEAL_DECIDED = "comment_appeal_decided"
    IDEA_ANSWERED = "idea_answered"
    IDEA_ASSIGNED = "idea_assigned"
    AGENDA_PROPOSAL_RECEIVED = "agenda_proposal_received"
    AGENDA_PROPOSAL_ACCEPTED = "agenda_proposal_accepted"
    AGENDA_PROPOSAL_DECLINED = "agenda_proposal_declined"
    SPACE_MEMBER_ADDED = "space_member_added"
    SPACE_THREAD_STARTED = "space_thread_started"
    SPACE_REPLY = "space_reply"
    SPACE_TASK_ASSIGNED = "space_task_assigned"
    ACCESSIBILITY_FEEDBACK = "accessibility_feedback"

    def text(self, params: Mapping[str, Any] | None) -> str:
        """The one-line text in the current language (use flask_babel.force_locale for another reader)."""
        return _TEXTS[self](_Params(params))


# Comment notifications store the neutral "subject_title"; rows written before comments had other subjects
# than ideas have "idea_title" instead.
_TEXTS: dict[NotificationKind, Callable[["_Params"], str]] = {
    NotificationKind.COMMENT_ON_FOLLOWED_IDEA: lambda values: _(
        "%(actor)s commented on “%(idea)s”", actor=values.actor(),
        idea=values.first("subject_title", "idea_title")),
    NotificationKind.COMMENT_ON_FOLLOWED_MEASURE: lambda values: _(
        "%(actor)s commented on the measure “%(measure)s”", actor=values.actor(),
        measure=values.first("subject_title", "measure_title")),
    NotificationKind.REPLY_TO_MY_COMMENT: lambda values: _(
        "%(actor)s replied to your comment on “%(idea)s”", actor=values.actor(),
        idea=values.first("subject_title", "idea_title")),
    NotificationKind.IDEA_STATUS_CHANGED: lambda values: values.with_reason(_(
        "The status of “%(idea)s” is now: %(status)s", idea=values.get("idea_title"),
        status=values.get("status_label"))),
    NotificationKind.MEASURE_STATUS_CHANGED: lambda values: _(
        "The status of the measure “%(measure)s” is now: %(status)s", measure=values.get("measure_title"),
        status=values.get("status_label")),
    NotificationKind.MEASURE_REVIEW_DUE: lambda values: _(
        "The quarterly review of “%(measure)s” for %(period)s is due", measure=values.get("measure_title"),
        period=values.get("period")),
    NotificationKind.MEASURE_REVIEW_RECORDED: lambda values: _(
        "New progress report for “%(measure)s”: %(period)s", measure=values.get("measure_title"),
        period=values.get("period")),
    NotificationKind.BOARD_DECISION_ON_IDEA: lambda values: _(
        "%(board)s on “%(idea)s”: %(decision)s", board=values.get("board_name"), idea=values.get("idea_title"),
        decision=values.get("decision")),
    NotificationKind.BOARD_DECISION_ON_MEASURE: lambda values: _(
        "%(board)s on the measure “%(measure)s”: %(decision)s", board=values.get("board_name"),
        measure=values.get("measure_title"), decision=values.get("decision")),
    NotificationKind.IDEA_TO_REVIEW: lambda values: _(
        "A new idea waits for review: “%(idea)s”", idea=values.get("idea_title")),
    NotificationKind.COMMENT_FLAGGED: lambda values: _("A comment has been flagged for the moderators"),
    NotificationKind.IDEA_FLAGGED: lambda values: _(
        "The idea “%(idea)s” has been flagged for the moderators", idea=values.get("idea_title")),
    NotificationKind.IDEA_HIDDEN: lambda values: values.with_reason(_(
        "The moderators have hidden your idea “%(idea)s”; you may appeal once", idea=values.get("idea_title"))),
    NotificationKind.IDEA_EDITED_BY_MODERATION: lambda values: _(
        "The moderators have edited personal data out of your idea “%(idea)s”", idea=values.get("idea_title")),
    NotificationKind.IDEA_APPEALED: lambda values: _(
        "%(actor)s appeals against the hiding of the idea “%(idea)s”", actor=values.actor(),
        idea=values.get("idea_title")),
    NotificationKind.IDEA_APPEAL_DECIDED: lambda values: _(
        "Your appeal on the idea “%(idea)s” has been decided: the idea %(outcome)s", idea=values.get("idea_title"),
        outcome=values.get("outcome")),
    NotificationKind.COMMENT_HIDDEN: lambda values: values.with_reason(_(
        "The moderators have hidden your comment on “%(subject)s”; you may appeal once",
        subject=values.get("subject_title"))),
    NotificationKind.COMMENT_EDITED_BY_MODERATION: lambda values: _(
        "The moderators have edited personal data out of your comment on “%(subject)s”",
        subject=values.get("subject_title")),
    NotificationKind.COMMENT_APPEALED: lambda values: _(
        "%(actor)s appeals against the hiding of a comment on “%(subject)s”", actor=values.actor(),
        subject=values.get("subject_title")),
    NotificationKind.COMMENT_APPEAL_DECIDED: lambda values: _(
        "Your appeal on “%(subject)s” has been decided: the comment %(outcome)s",
        subject=values.get("subject_title"), outcome=values.get("outcome")),
    NotificationKind.IDEA_ANSWERED: lambda values: _(
        "%(office)s has answered the idea “%(idea)s”", office=values.get("office"), idea=values.get("idea_title")),
    NotificationKind.IDEA_ASSIGNED: lambda values: _(
        "%(actor)s has given you the idea “%(idea)s” to look after", actor=values.actor(),
        idea=values.get("idea_title")),
    NotificationKind.AGENDA_PROPOSAL_RECEIVED: lambda values: _(
        "%(actor)s proposes “%(idea)s” for the agenda of %(board)s: %(meeting)s", actor=values.actor(),
        idea=values.get("idea_title"), board=values.get("board_name"), meeting=values.get("meeting_name")),
    NotificationKind.AGENDA_PROPOSAL_ACCEPTED: lambda values: _(
        "%(board)s: your proposal “%(idea)s” is on the agenda of %(meeting)s", board=values.get("board_name"),
        idea=values.get("idea_title"), meeting=values.get("meeting_name")),
    NotificationKind.AGENDA_PROPOSAL_DECLINED: lambda values: _(
        "%(board)s: your proposal “%(idea)s” for %(meeting)s was declined", board=values.get("board_name"),
        idea=values.get("idea_title"), meeting=values.get("meeting_name")),
    NotificationKind.SPACE_MEMBER_ADDED: lambda values: _(
        "%(actor)s has added you to the coordination space of “%(project)s”", actor=values.actor(),
        project=values.get("project_title")),
    NotificationKind.SPACE_THREAD_STARTED: lambda values: _(
        "%(actor)s started the discussion “%(thread)s” in the coordination space of “%(project)s”",
        actor=values.actor(), thread=values.get("thread_title"), project=values.get("project_title")),
    NotificationKind.SPACE_REPLY: lambda values: _(
        "%(actor)s replied to “%(thread)s” in the coordination space of “%(project)s”", actor=values.actor(),
        thread=values.get("thread_title"), project=values.get("project_title")),
    NotificationKind.SPACE_TASK_ASSIGNED: lambda values: _(
        "%(actor)s has given you the task “%(task)s” in the coordination space of “%(project)s”",
        actor=values.actor(), task=values.get("task_title"), project=values.get("project_title")),
    NotificationKind.ACCESSIBILITY_FEEDBACK: lambda values: _(
        "A barrier has been reported through the accessibility feedback form (page: %(page)s)",
        page=values.get("page_url")),
}


def notification_text(kind: str, params: Mapping[str, Any] | None) -> str:
    """The text of a stored notification; a kind this version does not know gets a general text."""
    try:
        return NotificationKind(kind).text(params)
    except ValueError:
        return _("There is news on a topic you follow.")


class _Params:
    def __init__(self, params: Mapping[str, Any] | None):
        self.params = params if isinstance(params, Mapping) else {}

    def get(self, key: str) -> str:
        value = self.params.get(key)
        if isinstance(value, Mapping):  # a label stored untranslated: translate it for this reader
            msgid = value.get("msgid")
            value = _(msgid) if isinstance(msgid, str) and msgid else None
        if value is None:
            return MISSING
        text = " ".join(str(value).split())  # one line: no line breaks from titles in subjects or lists
        return text or MISSING

    def first(self, *keys: str) -> str:
        """The first of `keys` that has a value (a newer param name, then the older ones)."""
        for key in keys:
            value = self.get(key)
            if value != MISSING:
                return value
        return MISSING

    def with_reason(self, text: str) -> str:
        """The text followed by the "reason" param, if the event had one (shortened: the link shows it all)."""
        reason = self.get("reason")
        if reason == MISSING:
            return text
        if len(reason) > REASON_PREVIEW_LENGTH:
            reason = reason[:REASON_PREVIEW_LENGTH - 1].rstrip() + "…"
        return _("%(text)s – %(reason)s", text=text, reason=reason)

    def actor(self) -> str:
        name = self.get("actor_name")
        return _("Someone") if name == MISSING else name
