"""Writing measures: create and edit with their mandatory fields, status transitions, the work plan,
quarterly reviews, links to ideas, following, and review reminders. Services flush; routes commit.

Every change is in the audit log; status changes, finished milestones and reviews also go on the measure's
public timeline and to its followers.
"""

from dataclasses import asdict, dataclass, field
from datetime import date
from functools import partial

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.accounts.permissions import is_staff
from participation.audit.services import record
from participation.comments.subjects import CommentSubject, SubjectKind
from participation.db import utcnow
from participation.i18n import _
from participation.ideas.models import ROUTABLE_STATUSES, TAKEN_UP_STATUSES, Idea, IdeaStatus
from participation.ideas.permissions import is_public as idea_is_public
from participation.ideas.services import change_status as change_idea_status
from participation.measures import permissions
from participation.measures.models import (
    ACTIVE_MEASURE_STATUSES,
    MEASURE_STATUS_LABELS,
    Measure,
    MeasureActionArea,
    MeasureDistrict,
    MeasureEvent,
    MeasureEventKind,
    MeasureFollow,
    MeasureIdea,
    MeasureStatus,
    Milestone,
    QuarterlyReview,
    ReviewReminder,
    TrafficLight,
)
from participation.measures.quarters import Quarter, in_last_month_of_quarter
from participation.measures.queries import measure_followers
from participation.measures.rules import contribution_problems
from participation.municipality.models import ActionArea, OrgUnit
from participation.notifications.kinds import NotificationKind
from participation.notifications.services import notify
from participation.refusals import NotAllowed, Refused  # noqa: F401 - the area's refusals


class DuplicateReview(Refused):
    """This quarter already has a review; `existing` is it, so the user can edit that one instead."""

    def __init__(self, existing: QuarterlyReview):
        super().__init__("quarter", _("There is already a review for %(period)s.", period=existing.period))
        self.existing = existing


# Allowed moves; pausing and discarding need a reason.
TRANSITIONS: dict[MeasureStatus, frozenset[MeasureStatus]] = {
    MeasureStatus.DRAFT: frozenset({MeasureStatus.PLANNED, MeasureStatus.DISCARDED}),
    MeasureStatus.PLANNED: frozenset({MeasureStatus.IN_PROGRESS, MeasureStatus.PAUSED, MeasureStatus.DISCARDED}),
    MeasureStatus.IN_PROGRESS: frozenset({MeasureStatus.COMPLETED, MeasureStatus.PAUSED, MeasureStatus.DISCARDED}),
    MeasureStatus.PAUSED: frozenset({MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS, MeasureStatus.DISCARDED}),
    MeasureStatus.COMPLETED: frozenset(),
    MeasureStatus.DISCARDED: frozenset(),
}
REASON_REQUIRED = frozenset({MeasureStatus.PAUSED, MeasureStatus.DISCARDED})


@dataclass(frozen=True)
class MeasureDraft:
    """Validated input for a new or changed measure."""

    title: str
    description: str
    contribution: str
    action_area_ids: list[int]
    unit_id: int
    responsible_id: int
    deputy_id: int | None = None
    district_ids: list[int] = field(default_factory=list)
    is_core: bool = False
    planned_start: date | None = None
    planned_end: date | None = None
    estimated_cost: int | None = None
    funding_source: str = ""
    partner_organisations: str = ""


@dataclass(frozen=True)
class ReviewDraft:
    quarter: Quarter
    progress: int
    traffic_light: TrafficLight
    done: str
    next_steps: str = ""
    deviations: str = ""


def _check_draft(session: Session, draft: MeasureDraft, measure: Measure | None = None) -> None:
    if not draft.title.strip():
        raise Refused("title", _("Please give the measure a title."))
    if not draft.description.strip():
        raise Refused("description", _("Please describe the measure."))
    problems = contribution_problems(draft.contribution, draft.action_area_ids)
    if problems:
        raise Refused(*next(iter(problems.items())))
    current_areas = set(_action_area_ids(session, measure)) if measure else set()
    areas = session.exec(select(ActionArea).where(col(ActionArea.id).in_(draft.action_area_ids))).all()
    # An archived area may stay on a measure that already has it, but cannot be newly chosen.
    if len(areas) != len(set(draft.action_area_ids)) or any(
            area.archived_at is not None and area.id not in current_areas for area in areas):
        raise Refused("action_areas", _("Please choose from the current action areas."))
    unit = session.get(OrgUnit, draft.unit_id)
    if unit is None or (unit.archived_at is not None and (measure is None or measure.unit_id != unit.id)):
        raise Refused("unit", _("Please choose a responsible unit."))
    responsible = session.get(User, draft.responsible_id)
    if responsible is None or not is_staff(responsible):
        raise Refused("responsible", _("The responsible person must be a member of the administration staff."))
    if draft.deputy_id is not None:
        deputy = session.get(User, draft.deputy_id)
        if deputy is None or not is_staff(deputy):
            raise Refused("deputy", _("The deputy must be a member of the administration staff."))
        if deputy.id == responsible.id:
            raise Refused("deputy", _("The deputy must be someone other than the responsible person."))
    if draft.planned_start and draft.planned_end and draft.planned_end < draft.planned_start:
        raise Refused("planned_end", _("The planned end cannot be before the planned start."))
    if draft.estimated_cost is not None and draft.estimated_cost < 0:
        raise Refused("estimated_cost", _("The estimated cost cannot be negative."))


def _action_area_ids(session: Session, measure: Measure) -> list[int]:
    return list(session.exec(select(MeasureActionArea.action_area_id)
                             .where(MeasureActionArea.measure_id == measure.id)))


def _district_ids(session: Session, measure: Measure) -> list[int]:
    return list(session.exec(select(MeasureDistrict.district_id)
                             .where(MeasureDistrict.measure_id == measure.id)))


def _snapshot(session: Session, measure: Measure) -> dict:
    """The fields of a measure as the audit log keeps them."""
    return {
        "title": measure.title, "description": measure.description, "contribution": measure.contribution,
        "action_area_ids": sorted(_action_area_ids(session, measure)),
        "district_ids": sorted(_district_ids(session, measure)), "unit_id": measure.unit_id,
        "responsible_id": measure.responsible_id, "deputy_id": measure.deputy_id, "is_core": measure.is_core,
        "planned_start": measure.planned_start.isoformat() if measure.planned_start else None,
        "planned_end": measure.planned_end.isoformat() if measure.planned_end else None,
        "estimated_cost": measure.estimated_cost, "funding_source": measure.funding_source,
        "partner_organisations": measure.partner_organisations,
    }


def _apply(session: Session, measure: Measure, draft: MeasureDraft) -> None:
    values = asdict(draft)
    for name in ("title", "description", "contribution", "funding_source", "partner_organisations"):
        values[name] = values[name].strip()
    area_ids, district_ids = values.pop("action_area_ids"), values.pop("district_ids")
    for name, value in values.items():
        setattr(measure, name, value)
    measure.updated_at = utcnow()
    session.add(measure)
    session.flush()
    session.execute(delete(MeasureActionArea).where(MeasureActionArea.measure_id == measure.id))
    session.execute(delete(MeasureDistrict).where(MeasureDistrict.measure_id == measure.id))
    session.add_all(MeasureActionArea(measure_id=measure.id, action_area_id=i) for i in dict.fromkeys(area_ids))
    session.add_all(MeasureDistrict(measure_id=measure.id, district_id=i) for i in dict.fromkeys(district_ids))
    session.flush()


def _event(session: Session, measure: Measure, actor: User, kind: MeasureEventKind, **details) -> MeasureEvent:
    event = MeasureEvent(measure_id=measure.id, kind=kind.value, actor_id=actor.id, actor_name=actor.display_name,
                         **details)
    session.add(event)
    return event


def _label(measure: Measure) -> str:
    return measure.title


def create_measure(session: Session, actor: User, draft: MeasureDraft) -> Measure:
    """A new measure, as a draft. Raises NotAllowed for non-staff and Refused for missing mandatory fields."""
    if not permissions.may_manage_measures(actor):
        raise NotAllowed
    return _create(session, actor, draft)


def create_measure_from_idea(session: Session, actor: User, draft: MeasureDraft, idea: Idea) -> Measure:
    """A new measure (a draft) that takes up a resident's idea: the idea is routed to the measure planning."""
    if not permissions.may_take_up_ideas(actor):
        raise NotAllowed
    measure = _create(session, actor, draft)
    take_up_idea(session, actor, measure, idea)
    return measure


def _create(session: Session, actor: User, draft: MeasureDraft) -> Measure:
    _check_draft(session, draft)
    measure = Measure(title="", description="", contribution="", unit_id=draft.unit_id,
                      responsible_id=draft.responsible_id, created_by_id=actor.id)
    _apply(session, measure, draft)
    _event(session, measure, actor, MeasureEventKind.CREATED, to_status=measure.status)
    record(session, actor, "measure.created", object_type="measure", object_id=measure.id,
           object_label=_label(measure), after=_snapshot(session, measure))
    session.flush()
    return measure


def edit_measure(session: Session, actor: User, measure: Measure, draft: MeasureDraft) -> None:
    """Change a measure; the audit log keeps the fields before and after."""
    if not permissions.may_manage_measures(actor):
        raise NotAllowed
    _check_draft(session, draft, measure)
    before = _snapshot(session, measure)
    _apply(session, measure, draft)
    after = _snapshot(session, measure)
    changed = [name for name in after if after[name] != before[name]]
    if changed:
        record(session, actor, "measure.changed", object_type="measure", object_id=measure.id,
               object_label=_label(measure), before={name: before[name] for name in changed},
               after={name: after[name] for name in changed})
    session.flush()


def allowed_transitions(measure: Measure) -> list[MeasureStatus]:
    return [status for status in MeasureStatus if status in TRANSITIONS[measure.status_enum]]


def change_status(session: Session, actor: User, measure: Measure, to_status: MeasureStatus,
                  reason: str = "") -> MeasureEvent:
    """Move the measure along draft → planned → in progress → completed (or paused, discarded).

    Raises NotAllowed for non-staff, Refused for a move the backlog does not allow or a missing reason.
    """
    if not permissions.may_manage_measures(actor):
        raise NotAllowed
    from_status = measure.status_enum
    if to_status not in TRANSITIONS[from_status]:
        raise Refused("status", _("A measure that is “%(from)s” cannot become “%(to)s”.",
                                  **{"from": from_status.label, "to": to_status.label}))
    reason = reason.strip()
    if to_status in REASON_REQUIRED and not reason:
        raise Refused("reason", _("Please give a reason: residents will read it on the measure's page."))
    measure.status, measure.updated_at = to_status.value, utcnow()
    session.add(measure)
    event = _event(session, measure, actor, MeasureEventKind.STATUS_CHANGED, from_status=from_status.value,
                   to_status=to_status.value, reason=reason)
    record(session, actor, "measure.status_changed", object_type="measure", object_id=measure.id,
           object_label=_label(measure), before={"status": from_status.value}, after={"status": to_status.value},
           reason=reason)
    session.flush()
    notify(session, measure_followers(session, measure.id), NotificationKind.MEASURE_STATUS_CHANGED,
           f"/measures/{measure.id}",
           {"measure_title": measure.title, "actor_name": actor.display_name,
            "status_label": MEASURE_STATUS_LABELS[to_status]}, actor=actor)
    return event


# --- work plan ---------------------------------------------------------------------------------------------

def _check_milestone_owner(session: Session, owner_id: int | None) -> None:
    if owner_id is not None:
        owner = session.get(User, owner_id)
        if owner is None or not is_staff(owner):
            raise Refused("owner", _("The owner must be a member of the administration staff."))


def _milestone_snapshot(milestone: Milestone) -> dict:
    return {"title": milestone.title, "due_on": milestone.due_on.isoformat(), "owner_id": milestone.owner_id,
            "done_on": milestone.done_on.isoformat() if milestone.done_on else None}


def add_milestone(session: Session, actor: User, measure: Measure, title: str, due_on: date,
                  owner_id: int | None) -> Milestone:
    if not permissions.may_manage_measures(actor):
        raise NotAllowed
    _check_milestone_owner(session, owner_id)
    milestone = Milestone(measure_id=measure.id, title=title.strip(), due_on=due_on, owner_id=owner_id)
    session.add(milestone)
    session.flush()
    record(session, actor, "milestone.created", object_type="measure", object_id=measure.id,
           object_label=_label(measure), after=_milestone_snapshot(milestone))
    return milestone


def edit_milestone(session: Session, actor: User, milestone: Milestone, title: str, due_on: date,
                   owner_id: int | None, done_on: date | None) -> None:
    """Change a milestone; marking it done puts it on the measure's public timeline."""
    if not permissions.may_manage_measures(actor):
        raise NotAllowed
    _check_milestone_owner(session, owner_id)
    before = _milestone_snapshot(milestone)
    newly_done = milestone.done_on is None and done_on is not None
    milestone.title, milestone.due_on, milestone.owner_id, milestone.done_on = title.strip(), due_on, owner_id, done_on
    session.add(milestone)
    measure = session.get(Measure, milestone.measure_id)
    if newly_done:
        _event(session, measure, actor, MeasureEventKind.MILESTONE_DONE, summary=milestone.title)
    record(session, actor, "milestone.changed", object_type="measure", object_id=measure.id,
           object_label=_label(measure), before=before, after=_milestone_snapshot(milestone))
    session.flush()


def complete_milestone(session: Session, actor: User, milestone: Milestone, done_on: date) -> None:
    edit_milestone(session, actor, milestone, milestone.title, milestone.due_on, milestone.owner_id, done_on)


def delete_milestone(session: Session, actor: User, milestone: Milestone) -> None:
    if not permissions.may_manage_measures(actor):
        raise NotAllowed
    measure = session.get(Measure, milestone.measure_id)
    record(session, actor, "milestone.deleted", object_type="measure", object_id=measure.id,
           object_label=_label(measure), before=_milestone_snapshot(milestone))
    session.delete(milestone)
    session.flush()


# --- quarterly reviews -------------------------------------------------------------------------------------

def _check_review(measure: Measure, draft: ReviewDraft, today: date) -> None:
    if measure.status_enum == MeasureStatus.DRAFT:
        raise Refused("quarter", _("A draft has no progress yet: plan the measure first."))
    if draft.quarter > Quarter.of(today):
        raise Refused("quarter", _("A review can only be recorded for the current or a past quarter."))
    if not 0 <= draft.progress <= 100:
        raise Refused("progress", _("Please enter the progress as a number from 0 to 100."))
    if not draft.done.strip():
        raise Refused("done", _("Please say what was done in this quarter."))


def _review_snapshot(review: QuarterlyReview) -> dict:
    return {"period": review.period, "progress": review.progress, "traffic_light": review.traffic_light,
            "done": review.done, "next_steps": review.next_steps, "deviations": review.deviations}


def _refresh_latest_review(session: Session, measure: Measure) -> None:
    """Keep the latest review's figures on the measure, for lists and sorting."""
    latest = session.exec(select(QuarterlyReview).where(QuarterlyReview.measure_id == measure.id)
                          .order_by(col(QuarterlyReview.year).desc(), col(QuarterlyReview.quarter).desc())
                          .limit(1)).first()
    measure.latest_review_period = latest.period if latest else None
    measure.latest_progress = latest.progress if latest else None
    measure.latest_traffic_light = latest.traffic_light if latest else None
    session.add(measure)


def existing_review(session: Session, measure: Measure, quarter: Quarter) -> QuarterlyReview | None:
    return session.exec(select(QuarterlyReview).where(
        QuarterlyReview.measure_id == measure.id, QuarterlyReview.year == quarter.year,
        QuarterlyReview.quarter == quarter.number)).first()


def record_review(session: Session, actor: User, measure: Measure, draft: ReviewDraft, today: date
                  ) -> QuarterlyReview:
    """The quarter's review. Raises DuplicateReview if the quarter has one (also under a concurrent insert)."""
    if not permissions.may_manage_measures(actor):
        raise NotAllowed
    _check_review(measure, draft, today)
    existing = existing_review(session, measure, draft.quarter)
    if existing is not None:
        raise DuplicateReview(existing)
    review = QuarterlyReview(measure_id=measure.id, year=draft.quarter.year, quarter=draft.quarter.number,
                             progress=draft.progress, traffic_light=draft.traffic_light.value,
                             done=draft.done.strip(), next_steps=draft.next_steps.strip(),
                             deviations=draft.deviations.strip(), author_id=actor.id)
    try:
        with session.begin_nested():
            session.add(review)
            session.flush()
    except IntegrityError:
        raise DuplicateReview(existing_review(session, measure, draft.quarter)) from None
    _refresh_latest_review(session, measure)
    _event(session, measure, actor, MeasureEventKind.REVIEW_RECORDED, summary=review.period)
    record(session, actor, "review.created", object_type="measure", object_id=measure.id,
           object_label=_label(measure), after=_review_snapshot(review))
    session.flush()
    notify(session, measure_followers(session, measure.id), NotificationKind.MEASURE_REVIEW_RECORDED,
           f"/measures/{measure.id}#review-{review.period}",
           {"measure_title": measure.title, "actor_name": actor.display_name, "period": review.period}, actor=actor)
    return review


def edit_review(session: Session, actor: User, review: QuarterlyReview, draft: ReviewDraft, today: date) -> None:
    """Correct a review; its quarter stays."""
    if not permissions.may_manage_measures(actor):
        raise NotAllowed
    measure = session.get(Measure, review.measure_id)
    _check_review(measure, ReviewDraft(Quarter(review.year, review.quarter), draft.progress, draft.traffic_light,
                                       draft.done), today)
    before = _review_snapshot(review)
    review.progress, review.traffic_light = draft.progress, draft.traffic_light.value
    review.done, review.next_steps, review.deviations = (draft.done.strip(), draft.next_steps.strip(),
                                                         draft.deviations.strip())
    review.updated_at = utcnow()
    session.add(review)
    session.flush()
    _refresh_latest_review(session, measure)
    record(session, actor, "review.changed", object_type="measure", object_id=measure.id,
           object_label=_label(measure), before=before, after=_review_snapshot(review))
    session.flush()


def send_review_reminders(session: Session, today: date) -> int:
    """In the last month of a quarter, remind the responsible person of each active measure still without
    the quarter's review — once per measure and quarter. Returns how many were reminded."""
    if not in_last_month_of_quarter(today):
        return 0
    quarter = Quarter.of(today)
    reviewed = select(QuarterlyReview.measure_id).where(QuarterlyReview.year == quarter.year,
                                                        QuarterlyReview.quarter == quarter.number)
    reminded = select(ReviewReminder.measure_id).where(ReviewReminder.year == quarter.year,
                                                       ReviewReminder.quarter == quarter.number)
    due = session.exec(select(Measure, User).join(User, User.id == Measure.responsible_id).where(
        col(Measure.status).in_([status.value for status in ACTIVE_MEASURE_STATUSES]),
        col(Measure.id).not_in(reviewed), col(Measure.id).not_in(reminded))).all()
    for measure, responsible in due:
        session.add(ReviewReminder(measure_id=measure.id, year=quarter.year, quarter=quarter.number))
        notify(session, [responsible], NotificationKind.MEASURE_REVIEW_DUE, f"/measures/{measure.id}/reviews/new",
               {"measure_title": measure.title, "period": quarter.label})
    session.flush()
    return len(due)


# --- ideas and followers -----------------------------------------------------------------------------------

def take_up_idea(session: Session, actor: User, measure: Measure, idea: Idea) -> None:
    """Route the idea to the measure planning (design §3): linked to the measure, and an idea still open moves to
    "taken into the measure planning" on its timeline, which tells its author and followers. Refused for ideas
    that are not public or whose way ended (rejected, merged, declined)."""
    if idea.is_hidden or idea.status_enum not in ROUTABLE_STATUSES | TAKEN_UP_STATUSES | {IdeaStatus.IMPLEMENTED}:
        raise Refused("idea", _("Only published ideas that are still open can be taken into the measure planning."))
    link_idea(session, actor, measure, idea)
    if idea.status_enum in ROUTABLE_STATUSES:
        change_idea_status(session, actor, idea, IdeaStatus.ROUTED_TO_BACKLOG,
                           reason=_("Measure: %(title)s", title=measure.title))


def link_idea(session: Session, actor: User, measure: Measure, idea: Idea) -> bool:
    """Show that the measure came from (or took up) the idea; False if it was linked already."""
    if not permissions.may_take_up_ideas(actor):
        raise NotAllowed
    if not idea_is_public(idea):
        raise Refused("idea", _("Only published ideas can be linked."))
    if session.get(MeasureIdea, (measure.id, idea.id)) is not None:
        return False
    session.add(MeasureIdea(measure_id=measure.id, idea_id=idea.id, linked_by_id=actor.id))
    _event(session, measure, actor, MeasureEventKind.IDEA_LINKED, summary=idea.title)
    record(session, actor, "measure.idea_linked", object_type="measure", object_id=measure.id,
           object_label=_label(measure), after={"idea_id": idea.id})
    session.flush()
    return True


def unlink_idea(session: Session, actor: User, measure: Measure, idea_id: int) -> None:
    if not permissions.may_manage_measures(actor):
        raise NotAllowed
    link = session.get(MeasureIdea, (measure.id, idea_id))
    if link is not None:
        session.delete(link)
        record(session, actor, "measure.idea_unlinked", object_type="measure", object_id=measure.id,
               object_label=_label(measure), before={"idea_id": idea_id})
        session.flush()


def comment_subject(measure: Measure) -> CommentSubject:
    """The measure as a subject of comments (participation.comments): counted, and its followers told."""
    return CommentSubject(
        kind=SubjectKind.MEASURE, id=measure.id, title=measure.title, link=f"/measures/{measure.id}",
        follow_kind=NotificationKind.COMMENT_ON_FOLLOWED_MEASURE, count_column=Measure.comment_count,
        may_comment=partial(permissions.may_comment, measure=measure),
        followers=partial(measure_followers, measure_id=measure.id))


def set_following(session: Session, user: User, measure: Measure, following: bool) -> None:
    if not permissions.may_follow(user, measure):
        raise NotAllowed
    row = session.get(MeasureFollow, (measure.id, user.id))
    if row is None:
        session.add(MeasureFollow(measure_id=measure.id, user_id=user.id, following=following))
    else:
        row.following = following
        session.add(row)
    session.flush()

