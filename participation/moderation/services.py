"""Moderation decisions on ideas. Each one checks who acts, that the moderator decided on the idea as it still is,
and that the idea's state allows it; then it records the change on the idea's timeline and in the audit log and
tells the author and followers. Services flush; the route commits.

Two moderators deciding on the same idea at once: each form carries the idea's version, and the decision claims
the idea with a conditional update of that version. The first wins; the second is told that the idea changed
meanwhile, and nothing of its decision is written.
"""

from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.accounts.permissions import is_moderator, is_staff
from participation.audit.services import record
from participation.boards import services as board_services
from participation.boards.models import AgendaItem, Board, Meeting
from participation.boards.services import put_idea_on_agenda
from participation.db import utcnow
from participation.i18n import _, _l
from participation.ideas.models import PUBLIC_STATUSES, Idea, IdeaFlag, IdeaStatus, IdeaVersion, OfficialAnswer
from participation.ideas.queries import followers
from participation.ideas.search import index_idea
from participation.ideas.services import MergeResult, change_status, merge_into
from participation.measures import services as measure_services
from participation.measures.models import Measure
from participation.measures.services import take_up_idea
from participation.moderation import permissions, rules
from participation.moderation.rules import Action
from participation.notifications.kinds import NotificationKind
from participation.notifications.services import notify
from participation.refusals import NotAllowed, Refused  # noqa: F401 - the area's refusals

REASON_MAX_LENGTH = 2000


def _take(session: Session, actor: User, idea: Idea, version: int, action: Action) -> None:
    """Check the actor and take the idea for this decision if nobody changed it since `version`."""
    if not permissions.may_take(actor, action):
        raise NotAllowed
    claimed = session.execute(update(Idea).where(Idea.id == idea.id, Idea.version == version)
                              .values(version=Idea.version + 1)).rowcount
    if claimed != 1:
        raise Refused("version", _("This idea changed meanwhile (another decision or an edit by its author). "
                                   "Please look at it again before you decide."))
    session.refresh(idea)


def _claim(session: Session, actor: User, idea: Idea, version: int, action: Action) -> None:
    """As `_take`, and the idea's state must allow the action."""
    _take(session, actor, idea, version, action)
    if not rules.is_allowed(action, idea.status_enum):
        raise Refused("action", rules.refusal(action, idea.status_enum))


def _required_text(text: str, field_name: str, missing: str, max_length: int = REASON_MAX_LENGTH) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused(field_name, missing)
    if len(text) > max_length:
        raise Refused(field_name, _("The text may have at most %(count)d characters.", count=max_length))
    return text


def decide(session: Session, actor: User, idea: Idea, version: int, action: Action, reason: str = "") -> None:
    """Publish, ask for changes, reject, or mark as in review, implemented or declined.

    Asking for changes needs a message to the author; rejecting and declining need a reason, which is shown
    publicly on the idea's timeline.
    """
    if action not in rules.TARGET:
        raise ValueError(f"{action} is not a status decision")
    _claim(session, actor, idea, version, action)
    if action == Action.REQUEST_CHANGES:
        reason = _required_text(reason, "reason", _("Please tell the author what to change."))
    elif action in (Action.REJECT, Action.MARK_DECLINED):
        reason = _required_text(reason, "reason", _("Please give the reason; it is shown with the idea."))
    else:
        reason = (reason or "").strip()[:REASON_MAX_LENGTH]
    change_status(session, actor, idea, rules.TARGET[action], reason=reason)


def answer(session: Session, actor: User, idea: Idea, version: int, text: str, office: str) -> OfficialAnswer:
    """The official answer, shown prominently on the idea and attributed to the office. A new answer replaces the
    shown one; every earlier one stays readable. An idea still undecided counts as answered."""
    _claim(session, actor, idea, version, Action.ANSWER)
    text = _required_text(text, "text", _("Please write the answer."), max_length=10000)
    office = _required_text(office, "office", _("Please name the office that answers."), max_length=200)
    official = OfficialAnswer(idea_id=idea.id, text=text, office=office, author_id=actor.id,
                              author_name=actor.display_name)
    session.add(official)
    idea.official_answer = text
    session.add(idea)
    session.flush()
    record(session, actor, "idea.answered", object_type="idea", object_id=idea.id, object_label=idea.title,
           after={"office": office, "answer": text})
    if idea.status_enum in rules.ANSWER_MOVES_FROM:
        change_status(session, actor, idea, IdeaStatus.ANSWERED, reason=office)
    else:
        notify(session, followers(session, idea.id), NotificationKind.IDEA_ANSWERED, f"/ideas/{idea.id}#answer",
               {"idea_title": idea.title, "office": office}, actor=actor)
    return official


def may_be_assigned(user: User | None) -> bool:
    return user is not None and (is_moderator(user) or is_staff(user))


def assign(session: Session, actor: User, idea: Idea, version: int, assignee: User | None) -> None:
    """Give the idea to a staff member or moderator (None: to nobody); they are told and find it in their queue."""
    _claim(session, actor, idea, version, Action.ASSIGN)
    if assignee is not None and not may_be_assigned(assignee):
        raise Refused("assignee", _("Please choose a member of the administration or a moderator."))
    before = idea.assigned_to_id
    idea.assigned_to_id = assignee.id if assignee else None
    session.add(idea)
    session.flush()
    record(session, actor, "idea.assigned", object_type="idea", object_id=idea.id, object_label=idea.title,
           before={"assigned_to": before}, after={"assigned_to": idea.assigned_to_id})
    if assignee is not None:
        notify(session, [assignee], NotificationKind.IDEA_ASSIGNED, f"/moderation/ideas/{idea.id}",
               {"idea_title": idea.title}, actor=actor)


MERGE_TARGETS = PUBLIC_STATUSES - {IdeaStatus.MERGED}


def merge(session: Session, actor: User, duplicate: Idea, version: int, target_id: int | None) -> MergeResult:
    """Merge a duplicate into the idea on the same subject (see participation.ideas.services.merge_into)."""
    _claim(session, actor, duplicate, version, Action.MERGE)
    target = session.exec(select(Idea).where(Idea.id == target_id).with_for_update()).first() if target_id else None
    if target is None or target.id == duplicate.id:
        raise Refused("target", _("Please give the number of another idea."))
    if target.merged_into_id == duplicate.id:
        raise Refused("target", _("Idea #%(number)d was merged into this one; it cannot take this one in.",
                                  number=target.id))
    if target.is_hidden or target.status_enum not in MERGE_TARGETS:
        raise Refused("target", _("Idea #%(number)d is not public or was merged itself; please choose the idea "
                                  "the discussion continues in.", number=target.id))
    note = _("Merged into #%(number)d “%(title)s”", number=target.id, title=target.title)
    return merge_into(session, actor, duplicate, target, note)


def route_to_measure(session: Session, actor: User, idea: Idea, version: int, measure_id: int | None) -> Measure:
    """Take the idea into the measure planning by linking it to an existing measure (a new measure is started
    from the idea on the measures' own form)."""
    _claim(session, actor, idea, version, Action.ROUTE_TO_BACKLOG)
    measure = session.get(Measure, measure_id) if measure_id else None
    if measure is None:
        raise Refused("measure", _("Please choose a measure."))
    try:
        take_up_idea(session, actor, measure, idea)
    except measure_services.NotAllowed as refusal:
        raise NotAllowed from refusal
    except measure_services.Refused as refusal:
        raise Refused("measure", refusal.message) from refusal
    return measure


def put_on_agenda(session: Session, actor: User, idea: Idea, version: int, meeting_id: int | None,
                  now: datetime) -> AgendaItem:
    """Put the idea on the agenda of a coming board meeting; the board's decision flows back to it."""
    _claim(session, actor, idea, version, Action.PUT_ON_AGENDA)
    meeting = session.get(Meeting, meeting_id) if meeting_id else None
    board = session.get(Board, meeting.board_id) if meeting else None
    if meeting is None or board is None:
        raise Refused("meeting", _("Please choose a coming meeting."))
    try:
        return put_idea_on_agenda(session, actor, board, meeting, idea, now)
    except board_services.NotAllowed as refusal:
        raise NotAllowed from refusal
    except board_services.Refused as refusal:
        raise Refused("meeting", refusal.message) from refusal


def _settle_flags(session: Session, idea: Idea) -> int:
    return session.execute(update(IdeaFlag).where(IdeaFlag.idea_id == idea.id, col(IdeaFlag.resolved_at).is_(None))
                           .values(resolved_at=utcnow())).rowcount


def hide(session: Session, actor: User, idea: Idea, version: int, reason: str) -> None:
    """Hide an idea that breaks a rule: gone from every public page, list, search and feed; its author sees it
    marked hidden, is told which rule, and may appeal once. The flags on it are settled."""
    _claim(session, actor, idea, version, Action.HIDE)
    if idea.is_hidden:
        raise Refused("reason", _("This idea is already hidden."))
    reason = _required_text(reason, "reason", _("Please name the rule the idea breaks; its author reads it."))
    idea.is_hidden, idea.hidden_reason = True, reason
    session.add(idea)
    flags = _settle_flags(session, idea)
    record(session, actor, "idea.hidden", object_type="idea", object_id=idea.id, object_label=idea.title,
           after={"flags_settled": flags}, reason=reason)
    notify(session, [idea.author_id], NotificationKind.IDEA_HIDDEN, f"/ideas/{idea.id}",
           {"idea_title": idea.title, "reason": reason}, actor=actor)
    session.flush()


def dismiss_flags(session: Session, actor: User, idea: Idea, version: int) -> int:
    """The idea breaks no rule: its open flags are settled."""
    _take(session, actor, idea, version, Action.HIDE)
    flags = _settle_flags(session, idea)
    record(session, actor, "idea.flags_dismissed", object_type="idea", object_id=idea.id, object_label=idea.title,
           after={"flags_settled": flags})
    session.flush()
    return flags


def decide_appeal(session: Session, actor: User, idea: Idea, version: int, reinstate: bool) -> None:
    """Show the hidden idea again, or keep it hidden; its author is told and cannot appeal again."""
    _take(session, actor, idea, version, Action.HIDE)
    if not idea.is_hidden or idea.appealed_at is None or not idea.appeal:
        raise Refused("decision", _("There is no appeal to decide on this idea."))
    if reinstate:
        idea.is_hidden, idea.hidden_reason = False, ""
    idea.appeal = ""  # decided; appealed_at keeps it from being made twice
    session.add(idea)
    record(session, actor, "idea.appeal_decided", object_type="idea", object_id=idea.id, object_label=idea.title,
           after={"reinstated": reinstate})
    notify(session, [idea.author_id], NotificationKind.IDEA_APPEAL_DECIDED, f"/ideas/{idea.id}",
           {"idea_title": idea.title, "outcome": _l("is shown again") if reinstate else _l("stays hidden")},
           actor=actor)
    session.flush()


def edit_out(session: Session, actor: User, idea: Idea, version: int, title: str, body: str) -> None:
    """Edit personal data out of an idea; the idea then says it was edited by the moderators. Earlier versions of
    its text are deleted, as they may hold the same data; the audit log says that, not what, was removed."""
    _take(session, actor, idea, version, Action.HIDE)
    title = _required_text(title, "title", _("Please keep a title."), max_length=150)
    body = _required_text(body, "body", _("Please keep the rest of the idea; to remove it all, hide it."),
                          max_length=10000)
    if (title, body) == (idea.title, idea.body):
        raise Refused("body", _("The text is unchanged. Please remove what must not be public."))
    idea.title, idea.body, idea.moderated_at = title, body, utcnow()
    session.add(idea)
    removed_versions = session.execute(delete(IdeaVersion).where(IdeaVersion.idea_id == idea.id)).rowcount
    index_idea(session, idea)
    flags = _settle_flags(session, idea)
    record(session, actor, "idea.edited_by_moderation", object_type="idea", object_id=idea.id,
           object_label=f"#{idea.id}", after={"flags_settled": flags, "versions_removed": removed_versions})
    notify(session, [idea.author_id], NotificationKind.IDEA_EDITED_BY_MODERATION, f"/ideas/{idea.id}",
           {"idea_title": idea.title}, actor=actor)
    session.flush()
