"""Reading a coordination space: who belongs to it, its threads, documents and tasks, and the project's volunteers.

Every list loads in one or two queries, whatever its length.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.coordination.models import (
    SpaceDocument,
    SpaceDocumentVersion,
    SpaceMember,
    SpacePost,
    SpaceTask,
    SpaceThread,
)
from participation.coordination.permissions import NO_STANDING, Standing
from participation.volunteering.models import (
    PartnerMember,
    PartnerOrganisation,
    Project,
    ProjectCoordinator,
    Shift,
    SignUp,
    SignUpState,
    Task,
)

# --- membership --------------------------------------------------------------------------------------------


def standing(session: Session, project_id: int, user_id: int | None) -> Standing:
    """How the user belongs to the project's space, in one query."""
    if user_id is None:
        return NO_STANDING
    coordinator = exists().where(ProjectCoordinator.project_id == project_id, ProjectCoordinator.user_id == user_id)
    partner_member = exists().where(Project.id == project_id, PartnerMember.partner_id == Project.partner_id,
                                    PartnerMember.user_id == user_id)
    added = exists().where(SpaceMember.project_id == project_id, SpaceMember.user_id == user_id)
    row = session.exec(select(coordinator, partner_member, added)).one()
    return Standing(coordinator=bool(row[0]), partner_member=bool(row[1]), added=bool(row[2]))


@dataclass
class SpaceMemberRow:
    user_id: int
    name: str
    standing: Standing
    partner_name: str | None = None
    added_at: datetime | None = None


def members(session: Session, project: Project) -> list[SpaceMemberRow]:
    """Everyone in the space, by name, with why they belong; blocked accounts are left out. Three queries."""
    rows: dict[int, dict] = {}

    def note(user_id: int, name: str, **facts) -> None:
        rows.setdefault(user_id, {"name": name}).update(facts)

    for user_id, name in session.exec(
            select(User.id, User.display_name).join(ProjectCoordinator, ProjectCoordinator.user_id == User.id)
            .where(ProjectCoordinator.project_id == project.id, col(User.is_blocked).is_(False))):
        note(user_id, name, coordinator=True)
    if project.partner_id is not None:
        for user_id, name, partner_name in session.exec(
                select(User.id, User.display_name, PartnerOrganisation.name)
                .join(PartnerMember, PartnerMember.user_id == User.id)
                .join(PartnerOrganisation, PartnerOrganisation.id == PartnerMember.partner_id)
                .where(PartnerMember.partner_id == project.partner_id, col(User.is_blocked).is_(False))):
            note(user_id, name, partner_member=True, partner_name=partner_name)
    for user_id, name, added_at in session.exec(
            select(User.id, User.display_name, SpaceMember.added_at).join(SpaceMember, SpaceMember.user_id == User.id)
            .where(SpaceMember.project_id == project.id, col(User.is_blocked).is_(False))):
        note(user_id, name, added=True, added_at=added_at)
    result = [SpaceMemberRow(user_id=user_id, name=facts["name"],
                             standing=Standing(coordinator=facts.get("coordinator", False),
                                               partner_member=facts.get("partner_member", False),
                                               added=facts.get("added", False)),
                             partner_name=facts.get("partner_name"), added_at=facts.get("added_at"))
              for user_id, facts in rows.items()]
    return sorted(result, key=lambda row: (row.name.casefold(), row.user_id))


def member_ids(session: Session, project: Project) -> set[int]:
    return {row.user_id for row in members(session, project)}


# --- volunteers --------------------------------------------------------------------------------------------


def _signed_up(project_id: int, states: tuple[str, ...]):
    return (select(SignUp.user_id).join(Shift, Shift.id == SignUp.shift_id).join(Task, Task.id == Shift.task_id)
            .where(Task.project_id == project_id, col(SignUp.state).in_(states)))


def volunteers(session: Session, project_id: int, shift_id: int | None = None,
               include_waiting: bool = False) -> list[User]:
    """The people signed up for the project's shifts (or for one of them), each once, by name. Cancelled sign-ups
    never count; people on a waitlist only with `include_waiting`. Cancelled shifts count only when chosen."""
    states = (SignUpState.SIGNED_UP.value, SignUpState.WAITING.value) if include_waiting \
        else (SignUpState.SIGNED_UP.value,)
    signed_up = _signed_up(project_id, states)
    signed_up = signed_up.where(Shift.id == shift_id) if shift_id is not None \
        else signed_up.where(col(Shift.cancelled_at).is_(None))
    return list(session.exec(select(User).where(col(User.id).in_(signed_up.scalar_subquery()))
                             .order_by(func.lower(User.display_name), User.id)))


@dataclass(frozen=True)
class ShiftChoice:
    shift: Shift
    task_title: str


def project_shifts(session: Session, project_id: int) -> list[ShiftChoice]:
    """The project's shifts that are not cancelled, in time order, with their task's title."""
    return [ShiftChoice(shift, title) for shift, title in session.exec(
        select(Shift, Task.title).join(Task, Task.id == Shift.task_id)
        .where(Task.project_id == project_id, col(Shift.cancelled_at).is_(None))
        .order_by(Shift.starts_at, Shift.id))]


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str
    task_titles: tuple[str, ...]


def candidates(session: Session, project: Project) -> list[Candidate]:
    """Volunteers of the project (signed up or waiting) who are not in its space yet, with the tasks they signed
    up for, so two people of the same name can be told apart."""
    current = member_ids(session, project)
    found: dict[int, tuple[str, list[str]]] = {}
    for user_id, name, title in session.exec(
            select(User.id, User.display_name, Task.title)
            .join(SignUp, SignUp.user_id == User.id).join(Shift, Shift.id == SignUp.shift_id)
            .join(Task, Task.id == Shift.task_id)
            .where(Task.project_id == project.id, col(User.is_blocked).is_(False),
                   col(SignUp.state).in_((SignUpState.SIGNED_UP.value, SignUpState.WAITING.value)))
            .order_by(Task.title)):
        if user_id in current:
            continue
        entry = found.setdefault(user_id, (name, []))
        if title not in entry[1]:
            entry[1].append(title)
    return sorted((Candidate(user_id, name, tuple(titles)) for user_id, (name, titles) in found.items()),
                  key=lambda candidate: (candidate.name.casefold(), candidate.user_id))


def is_volunteer(session: Session, project_id: int, user_id: int) -> bool:
    """Signed up (or waiting) for one of the project's shifts."""
    query = _signed_up(project_id, (SignUpState.SIGNED_UP.value, SignUpState.WAITING.value)) \
        .where(SignUp.user_id == user_id)
    return session.exec(select(exists(query))).one()


# --- board -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadRow:
    thread: SpaceThread
    author_name: str | None
    post_count: int


def threads(session: Session, project_id: int) -> list[ThreadRow]:
    """The space's discussions, the most recently active first, in one query."""
    counts = (select(SpacePost.thread_id, func.count().label("posts")).group_by(SpacePost.thread_id)
              .subquery())
    rows = session.exec(
        select(SpaceThread, User.display_name, func.coalesce(counts.c.posts, 0))
        .outerjoin(User, User.id == SpaceThread.created_by_id)
        .outerjoin(counts, counts.c.thread_id == SpaceThread.id)
        .where(SpaceThread.project_id == project_id)
        .order_by(col(SpaceThread.last_post_at).desc(), col(SpaceThread.id).desc()))
    return [ThreadRow(thread, name, count) for thread, name, count in rows]


@dataclass(frozen=True)
class PostRow:
    post: SpacePost
    author_name: str | None


def posts(session: Session, thread_id: int) -> list[PostRow]:
    """The thread's posts, oldest first, with their authors' names (None for deleted accounts)."""
    return [PostRow(post, name) for post, name in session.exec(
        select(SpacePost, User.display_name).outerjoin(User, User.id == SpacePost.author_id)
        .where(SpacePost.thread_id == thread_id).order_by(SpacePost.created_at, SpacePost.id))]


# --- documents ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    version: SpaceDocumentVersion
    uploader_name: str | None


@dataclass(frozen=True)
class DocumentRow:
    document: SpaceDocument
    current: SpaceDocumentVersion
    uploader_name: str | None


def documents(session: Session, project_id: int) -> list[DocumentRow]:
    """The space's documents with their current (newest) version, the most recently changed first."""
    rows = session.exec(
        select(SpaceDocument, SpaceDocumentVersion, User.display_name)
        .join(SpaceDocumentVersion, and_(SpaceDocumentVersion.document_id == SpaceDocument.id,
                                         SpaceDocumentVersion.number == SpaceDocument.version_count))
        .outerjoin(User, User.id == SpaceDocumentVersion.uploaded_by_id)
        .where(SpaceDocument.project_id == project_id)
        .order_by(col(SpaceDocument.updated_at).desc(), col(SpaceDocument.id).desc()))
    return [DocumentRow(document, version, name) for document, version, name in rows]


def versions(session: Session, document_id: int) -> list[VersionRow]:
    """Every version of the document, newest first, with who uploaded it."""
    return [VersionRow(version, name) for version, name in session.exec(
        select(SpaceDocumentVersion, User.display_name).outerjoin(User, User.id == SpaceDocumentVersion.uploaded_by_id)
        .where(SpaceDocumentVersion.document_id == document_id).order_by(col(SpaceDocumentVersion.number).desc()))]


# --- tasks -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    task: SpaceTask
    assignee_name: str | None
    done_by_name: str | None


def tasks(session: Session, project_id: int) -> list[TaskRow]:
    """The space's tasks: open ones first (oldest first), then the done ones (most recently done first)."""
    assignee, done_by = aliased(User), aliased(User)
    rows = session.exec(
        select(SpaceTask, assignee.display_name, done_by.display_name)
        .outerjoin(assignee, assignee.id == SpaceTask.assignee_id)
        .outerjoin(done_by, done_by.id == SpaceTask.done_by_id)
        .where(SpaceTask.project_id == project_id)
        .order_by(col(SpaceTask.is_done), col(SpaceTask.done_at).desc(), SpaceTask.created_at, SpaceTask.id))
    return [TaskRow(task, assignee_name, done_by_name) for task, assignee_name, done_by_name in rows]
