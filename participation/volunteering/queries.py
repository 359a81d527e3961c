"""Reading volunteer projects: the public list with its filters, a project's page with its tasks and shifts, a
volunteer's shifts and hours, a coordinator's roster, and the shifts the calendars publish.

Each page loads in a constant number of queries, whatever the number of projects and shifts.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, extract, func
from sqlmodel import Session, col, select

from participation.accounts.models import Role, RoleGrant, User
from participation.municipality.models import District
from participation.pagination import Page, paginate
from participation.volunteering.models import (
    CalendarToken,
    PartnerOrganisation,
    Project,
    ProjectCoordinator,
    ProjectDistrict,
    ProjectStatus,
    Shift,
    SignUp,
    SignUpState,
    Task,
)

OPEN_STATUSES = (ProjectStatus.PLANNING.value, ProjectStatus.ACTIVE.value)
ACTIVE_ENTRY_STATES = (SignUpState.SIGNED_UP.value, SignUpState.WAITING.value)


@dataclass(frozen=True)
class ProjectFilter:
    district_id: int | None = None
    shifts_from: datetime | None = None  # shifts starting at or after
    shifts_until: datetime | None = None  # shifts starting before
    skill: str = ""
    free_slots: bool = False
    status: ProjectStatus | None = None  # None: planned and active projects


@dataclass
class ProjectCard:
    project: Project
    districts: list[District] = field(default_factory=list)
    partner: PartnerOrganisation | None = None
    coming_shifts: int = 0
    free_slots: int = 0
    next_shift_at: datetime | None = None


@dataclass
class ShiftRow:
    shift: Shift
    waiting: int = 0
    my_entry: SignUp | None = None

    @property
    def free(self) -> int:
        return self.shift.slots - self.shift.taken


@dataclass
class TaskBlock:
    task: Task
    shifts: list[ShiftRow] = field(default_factory=list)


@dataclass
class ProjectPage:
    card: ProjectCard
    coordinators: list[User]
    tasks: list[TaskBlock]

    @property
    def project(self) -> Project:
        return self.card.project

    @property
    def coordinator_ids(self) -> set[int]:
        return {user.id for user in self.coordinators}


@dataclass
class ShiftContext:
    shift: Shift
    task: Task
    project: Project


@dataclass
class MyShift:
    entry: SignUp
    shift: Shift
    task: Task
    project: Project


@dataclass
class RosterEntry:
    entry: SignUp
    user: User


def _coming_shift_conditions(criteria: ProjectFilter, now: datetime) -> list:
    conditions = [Shift.task_id == Task.id, Task.project_id == Project.id, col(Shift.cancelled_at).is_(None),
                  Shift.starts_at > now]
    if criteria.shifts_from is not None:
        conditions.append(Shift.starts_at >= criteria.shifts_from)
    if criteria.shifts_until is not None:
        conditions.append(Shift.starts_at < criteria.shifts_until)
    if criteria.skill:
        conditions.append(func.lower(Task.skills).contains(criteria.skill.lower(), autoescape=True))
    if criteria.free_slots:
        conditions.append(Shift.taken < Shift.slots)
    return conditions


def browse_projects(session: Session, criteria: ProjectFilter, now: datetime, page: int,
                    per_page: int) -> Page[ProjectCard]:
    """Projects with a coming shift first, the soonest on top; then the others, newest first."""
    query = select(Project)
    if criteria.status is None:
        query = query.where(col(Project.status).in_(OPEN_STATUSES))
    else:
        query = query.where(Project.status == criteria.status.value)
    if criteria.district_id is not None:
        query = query.where(exists().where(ProjectDistrict.project_id == Project.id,
                                           ProjectDistrict.district_id == criteria.district_id))
    if criteria.shifts_from or criteria.shifts_until or criteria.skill or criteria.free_slots:
        query = query.where(exists().where(*_coming_shift_conditions(criteria, now)))
    next_shift = (select(func.min(Shift.starts_at)).join(Task, Task.id == Shift.task_id)
                  .where(Task.project_id == Project.id, col(Shift.cancelled_at).is_(None), Shift.starts_at > now)
                  .correlate(Project).scalar_subquery())
    query = query.order_by(next_shift.is_(None), next_shift, col(Project.created_at).desc(), col(Project.id).desc())
    result = paginate(session, query, page, per_page)
    return Page(items=project_cards(session, result.items, now), number=result.number, per_page=result.per_page,
                total=result.total)


def project_cards(session: Session, projects: list[Project], now: datetime) -> list[ProjectCard]:
    """Cards with districts, partner and the coming shifts' numbers, in three queries for any number."""
    cards = [ProjectCard(project=project) for project in projects]
    if not cards:
        return cards
    by_id = {card.project.id: card for card in cards}
    for project_id, district in session.exec(
            select(ProjectDistrict.project_id, District).join(District, District.id == ProjectDistrict.district_id)
            .where(col(ProjectDistrict.project_id).in_(by_id)).order_by(District.position, District.name)):
        by_id[project_id].districts.append(district)
    partner_ids = {card.project.partner_id for card in cards if card.project.partner_id}
    partners = {partner.id: partner for partner in session.exec(
        select(PartnerOrganisation).where(col(PartnerOrganisation.id).in_(partner_ids)))} if partner_ids else {}
    for card in cards:
        card.partner = partners.get(card.project.partner_id)
    for project_id, count, free, first in session.exec(
            select(Task.project_id, func.count(Shift.id), func.sum(Shift.slots - Shift.taken),
                   func.min(Shift.starts_at))
            .join(Task, Task.id == Shift.task_id)
            .where(col(Task.project_id).in_(by_id), col(Shift.cancelled_at).is_(None), Shift.starts_at > now)
            .group_by(Task.project_id)):
        card = by_id[project_id]
        card.coming_shifts, card.free_slots, card.next_shift_at = count, int(free or 0), first
    return cards


def project_page(session: Session, project_id: int, viewer_id: int | None, now: datetime) -> ProjectPage | None:
    """A project with its coordinators, and its tasks with every shift (coming ones first, then past ones)."""
    project = session.get(Project, project_id)
    if project is None:
        return None
    card = project_cards(session, [project], now)[0]
    coordinators = list(session.exec(
        select(User).join(ProjectCoordinator, ProjectCoordinator.user_id == User.id)
        .where(ProjectCoordinator.project_id == project_id).order_by(User.display_name)))
    blocks = {task.id: TaskBlock(task=task) for task in session.exec(
        select(Task).where(Task.project_id == project_id).order_by(Task.id))}
    rows: dict[int, ShiftRow] = {}
    for shift in session.exec(select(Shift).where(col(Shift.task_id).in_(blocks))
                              .order_by(Shift.starts_at < now, Shift.starts_at, Shift.id)):
        rows[shift.id] = ShiftRow(shift=shift)
        blocks[shift.task_id].shifts.append(rows[shift.id])
    if rows:
        for shift_id, waiting in session.exec(
                select(SignUp.shift_id, func.count()).where(col(SignUp.shift_id).in_(rows),
                                                            SignUp.state == SignUpState.WAITING.value)
                .group_by(SignUp.shift_id)):
            rows[shift_id].waiting = waiting
        if viewer_id is not None:
            for entry in session.exec(select(SignUp).where(col(SignUp.shift_id).in_(rows),
                                                           SignUp.user_id == viewer_id)):
                rows[entry.shift_id].my_entry = entry
    return ProjectPage(card=card, coordinators=coordinators, tasks=list(blocks.values()))


def projects_from_idea(session: Session, idea_id: int) -> list[Project]:
    return list(session.exec(select(Project).where(Project.idea_id == idea_id).order_by(Project.id)))


def coordinator_ids(session: Session, project_id: int) -> set[int]:
    return set(session.exec(select(ProjectCoordinator.user_id).where(ProjectCoordinator.project_id == project_id)))


def district_ids(session: Session, project_id: int) -> list[int]:
    return list(session.exec(select(ProjectDistrict.district_id).where(ProjectDistrict.project_id == project_id)))


def possible_coordinators(session: Session) -> list[User]:
    """Accounts that may be named coordinator: partner coordinators, staff and administrators."""
    roles = [Role.PARTNER_COORDINATOR.value, Role.STAFF.value, Role.ADMIN.value]
    return list(session.exec(
        select(User).where(col(User.is_blocked).is_(False),
                           col(User.id).in_(select(RoleGrant.user_id).where(col(RoleGrant.role).in_(roles))))
        .order_by(User.display_name)))


def partner_organisations(session: Session) -> list[PartnerOrganisation]:
    return list(session.exec(select(PartnerOrganisation).order_by(PartnerOrganisation.name)))


def skills_offered(session: Session) -> list[str]:
    """The skills wanted by the tasks of planned and active projects, for the list's filter."""
    skills: dict[str, str] = {}
    for value in session.exec(select(Task.skills).join(Project, Project.id == Task.project_id)
                              .where(col(Project.status).in_(OPEN_STATUSES), Task.skills != "")):
        for skill in value.split(","):
            if skill.strip():
                skills.setdefault(skill.strip().casefold(), skill.strip())
    return sorted(skills.values(), key=str.casefold)


def shift_context(session: Session, shift_id: int) -> ShiftContext | None:
    row = session.exec(select(Shift, Task, Project).join(Task, Task.id == Shift.task_id)
                       .join(Project, Project.id == Task.project_id).where(Shift.id == shift_id)).first()
    return ShiftContext(*row) if row else None


def task_with_project(session: Session, task_id: int) -> tuple[Task, Project] | None:
    row = session.exec(select(Task, Project).join(Project, Project.id == Task.project_id)
                       .where(Task.id == task_id)).first()
    return (row[0], row[1]) if row else None


def own_entry(session: Session, shift_id: int, user_id: int) -> SignUp | None:
    return session.exec(select(SignUp).where(SignUp.shift_id == shift_id, SignUp.user_id == user_id)).first()


def roster(session: Session, shift_id: int) -> list[RosterEntry]:
    """Who signed up (in order of arrival), then who waits (in waitlist order)."""
    rows = session.exec(
        select(SignUp, User).join(User, User.id == SignUp.user_id)
        .where(SignUp.shift_id == shift_id, col(SignUp.state).in_(ACTIVE_ENTRY_STATES))
        .order_by(SignUp.state != SignUpState.SIGNED_UP.value, col(SignUp.waitlist_number), SignUp.created_at,
                  SignUp.id))
    return [RosterEntry(entry=entry, user=user) for entry, user in rows]


def people_of_shift(session: Session, shift_id: int, states=ACTIVE_ENTRY_STATES) -> list[User]:
    return list(session.exec(select(User).join(SignUp, SignUp.user_id == User.id)
                             .where(SignUp.shift_id == shift_id, col(SignUp.state).in_(states))))


def my_shifts(session: Session, user_id: int) -> list[MyShift]:
    """The volunteer's shifts they signed up or wait for, and past ones they attended; by start time."""
    rows = session.exec(
        select(SignUp, Shift, Task, Project).join(Shift, Shift.id == SignUp.shift_id)
        .join(Task, Task.id == Shift.task_id).join(Project, Project.id == Task.project_id)
        .where(SignUp.user_id == user_id, col(SignUp.state).in_(ACTIVE_ENTRY_STATES))
        .order_by(Shift.starts_at, Shift.id))
    return [MyShift(*row) for row in rows]


def total_hours(session: Session, user_id: int) -> float:
    """Hours the coordinators confirmed for the volunteer."""
    return float(session.exec(select(func.coalesce(func.sum(SignUp.hours), 0))
                              .where(SignUp.user_id == user_id, col(SignUp.attended).is_(True))).one())


@dataclass(frozen=True)
class YearOfVolunteering:
    year: int
    hours: float
    volunteers: int


def district_hours_by_year(session: Session, district_id: int) -> list[YearOfVolunteering]:
    """Confirmed volunteer hours in the district's projects, per year of the shift, newest year first."""
    year = extract("year", Shift.starts_at)
    rows = session.exec(
        select(year, func.sum(SignUp.hours), func.count(func.distinct(SignUp.user_id)))
        .join(Shift, Shift.id == SignUp.shift_id).join(Task, Task.id == Shift.task_id)
        .join(ProjectDistrict, ProjectDistrict.project_id == Task.project_id)
        .where(ProjectDistrict.district_id == district_id, col(SignUp.attended).is_(True))
        .group_by(year).order_by(year.desc()))
    return [YearOfVolunteering(year=int(row_year), hours=float(hours or 0), volunteers=volunteers)
            for row_year, hours, volunteers in rows]


def shifts_needing_people(session: Session, now: datetime, district_id: int | None = None,
                          limit: int = 10) -> list[ShiftContext]:
    """Coming shifts with free slots, soonest first (optionally in one district)."""
    query = (select(Shift, Task, Project).join(Task, Task.id == Shift.task_id)
             .join(Project, Project.id == Task.project_id)
             .where(col(Shift.cancelled_at).is_(None), Shift.starts_at > now, Shift.taken < Shift.slots,
                    col(Project.status).in_(OPEN_STATUSES)))
    if district_id is not None:
        query = query.where(exists().where(ProjectDistrict.project_id == Project.id,
                                           ProjectDistrict.district_id == district_id))
    return [ShiftContext(*row) for row in session.exec(query.order_by(Shift.starts_at, Shift.id).limit(limit))]


def public_shifts(session: Session, since: datetime) -> list[ShiftContext]:
    """Shifts published in the portal's calendar, cancelled ones included (so apps show them as cancelled)."""
    return [ShiftContext(*row) for row in session.exec(
        select(Shift, Task, Project).join(Task, Task.id == Shift.task_id)
        .join(Project, Project.id == Task.project_id)
        .where(col(Shift.is_public).is_(True), Shift.starts_at >= since).order_by(Shift.starts_at, Shift.id))]


def shifts_to_remind(session: Session, starts_from: datetime, starts_before: datetime) -> list[ShiftContext]:
    """Shifts in the window whose volunteers have not been reminded yet."""
    return [ShiftContext(*row) for row in session.exec(
        select(Shift, Task, Project).join(Task, Task.id == Shift.task_id)
        .join(Project, Project.id == Task.project_id)
        .where(col(Shift.cancelled_at).is_(None), col(Shift.reminded_at).is_(None),
               Shift.starts_at >= starts_from, Shift.starts_at < starts_before)
        .order_by(Shift.starts_at, Shift.id))]


def user_for_calendar_token(session: Session, token_hash: str) -> User | None:
    return session.exec(select(User).join(CalendarToken, CalendarToken.user_id == User.id)
                        .where(CalendarToken.token_hash == token_hash, col(User.is_blocked).is_(False))).first()


def has_calendar_token(session: Session, user_id: int) -> bool:
    return session.exec(select(func.count()).select_from(CalendarToken)
                        .where(CalendarToken.user_id == user_id)).one() > 0

