"""Working in a coordination space: members, the message board, shared documents, the task list, and messages
to the project's volunteers. Services take the session and the acting user and only flush; the route commits.

Each service checks the actor's standing in the space itself and raises NotAllowed when it does not allow the
action (the routes answer 404 to non-members, 403 to members without the right), or Refused for input that
breaks a rule, naming the form field the message belongs to; nothing is written then.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, select

from participation.accounts.models import User
from participation.audit.services import record
from participation.coordination import permissions, queries
from participation.coordination.models import (
    SpaceDocument,
    SpaceDocumentVersion,
    SpaceMember,
    SpacePost,
    SpaceTask,
    SpaceThread,
)
from participation.db import utcnow
from participation.files import FileRejected, FileUpload, StoredFile, display_name, store_file, suffix_of
from participation.i18n import _
from participation.notifications.kinds import NotificationKind
from participation.notifications.services import notify, queue_personal_mail
from participation.refusals import NotAllowed, Refused
from participation.volunteering.models import Project, Shift, Task

# Space documents are internal: they lie apart from the public papers' files (store_file adds its own folder).
UPLOAD_SUBDIRECTORY = "coordination"


def space_path(project_id: int) -> str:
    return f"/volunteer/projects/{project_id}/space"


def thread_path(project_id: int, thread_id: int) -> str:
    return f"{space_path(project_id)}/threads/{thread_id}"


def document_upload_dir(upload_dir: Path) -> Path:
    return upload_dir / UPLOAD_SUBDIRECTORY


def _standing(session: Session, actor: User, project: Project) -> permissions.Standing:
    return queries.standing(session, project.id, actor.id if actor.is_authenticated else None)


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed


def _require_member(session: Session, actor: User, project: Project) -> permissions.Standing:
    standing = _standing(session, actor, project)
    _require(permissions.is_member(actor, standing))
    return standing


# --- members -----------------------------------------------------------------------------------------------


def add_member(session: Session, actor: User, project: Project, user_id: int) -> SpaceMember:
    """Let a volunteer of the project into its space and tell them.

    Raises NotAllowed unless the actor coordinates the project; Refused("user") unless the person has signed up
    (or waits) for one of the project's shifts, or is in the space already.
    """
    _require(permissions.may_manage_members(actor, _standing(session, actor, project)))
    person = session.get(User, user_id)
    if person is None or person.is_blocked or not queries.is_volunteer(session, project.id, user_id):
        raise Refused("user", _("Please choose one of the people who signed up for this project's shifts."))
    if queries.standing(session, project.id, user_id).any:
        raise Refused("user", _("%(name)s is already a member of the coordination space.",
                                name=person.display_name))
    member = SpaceMember(project_id=project.id, user_id=user_id, added_by_id=actor.id, added_at=utcnow())
    session.add(member)
    session.flush()
    record(session, actor, "space.member_added", object_type="project", object_id=project.id,
           object_label=f"{project.title} – {person.display_name}", after={"member_id": user_id})
    notify(session, [person], NotificationKind.SPACE_MEMBER_ADDED, space_path(project.id),
           {"project_title": project.title}, actor=actor)
    return member


def remove_member(session: Session, actor: User, project: Project, user_id: int) -> User:
    """Take an added volunteer out of the space again; returns them. From then on the space answers them 404.

    Raises NotAllowed unless the actor coordinates the project; Refused("user") for coordinators and partner
    members (they belong through their role) and for people who are not members.
    """
    _require(permissions.may_manage_members(actor, _standing(session, actor, project)))
    person = session.get(User, user_id)
    member = session.get(SpaceMember, (project.id, user_id))
    their_standing = queries.standing(session, project.id, user_id)
    if their_standing.any and not permissions.is_removable(their_standing):
        raise Refused("user", _("Coordinators and members of the partner organisation belong to the space "
                                "through their role and cannot be removed here."))
    if person is None or member is None:
        raise Refused("user", _("This person is not a member of the coordination space."))
    session.delete(member)
    session.flush()
    record(session, actor, "space.member_removed", object_type="project", object_id=project.id,
           object_label=f"{project.title} – {person.display_name}", before={"member_id": user_id})
    return person


# --- message board -----------------------------------------------------------------------------------------


def _notify_members(session: Session, actor: User, project: Project, kind: NotificationKind, link: str,
                    params: dict) -> None:
    notify(session, queries.member_ids(session, project), kind, link, {"project_title": project.title, **params},
           actor=actor)


def start_thread(session: Session, actor: User, project: Project, title: str, body: str) -> SpaceThread:
    """A new discussion with its first post (Markdown, sanitised when shown); the other members are notified.

    Raises NotAllowed unless the actor is a member.
    """
    _require_member(session, actor, project)
    now = utcnow()
    thread = SpaceThread(project_id=project.id, title=title.strip(), created_by_id=actor.id, created_at=now,
                         last_post_at=now)
    session.add(thread)
    session.flush()
    session.add(SpacePost(thread_id=thread.id, author_id=actor.id, body=body.strip(), created_at=now))
    session.flush()
    _notify_members(session, actor, project, NotificationKind.SPACE_THREAD_STARTED,
                    thread_path(project.id, thread.id), {"thread_title": thread.title})
    return thread


def reply(session: Session, actor: User, project: Project, thread: SpaceThread, body: str) -> SpacePost:
    """Answer in the discussion; the other members are notified. Raises NotAllowed unless the actor is a member."""
    _require_member(session, actor, project)
    _require(thread.project_id == project.id)
    now = utcnow()
    post = SpacePost(thread_id=thread.id, author_id=actor.id, body=body.strip(), created_at=now)
    thread.last_post_at = now
    session.add_all([post, thread])
    session.flush()
    _notify_members(session, actor, project, NotificationKind.SPACE_REPLY,
                    f"{thread_path(project.id, thread.id)}#post-{post.id}", {"thread_title": thread.title})
    return post


# --- documents ---------------------------------------------------------------------------------------------


def _file_problem(reason: str, max_bytes: int) -> str:
    if reason == "size":
        return _("The file is too large. Please choose one of at most %(size)d MB.", size=max_bytes // 1024 ** 2)
    if reason == "empty":
        return _("The file is empty. Please choose another one.")
    return _("This kind of file cannot be shared here. Please choose a PDF, an office document (OpenDocument or "
             "Microsoft Office), or a JPEG or PNG image.")


def _store_file(upload: FileUpload, upload_dir: Path, max_bytes: int) -> StoredFile:
    try:
        return store_file(upload.data, document_upload_dir(upload_dir), max_bytes)
    except FileRejected as rejection:
        raise Refused("file", _file_problem(rejection.reason, max_bytes)) from rejection


def _add_version(session: Session, actor: User, document: SpaceDocument, stored: StoredFile,
                 name: str) -> SpaceDocumentVersion:
    # The next number by one update of the document's row: two uploads at once never share a number.
    session.execute(update(SpaceDocument).where(SpaceDocument.id == document.id)
                    .values(version_count=SpaceDocument.version_count + 1))
    number = session.exec(select(SpaceDocument.version_count).where(SpaceDocument.id == document.id)).one()
    now = utcnow()
    version = SpaceDocumentVersion(
        document_id=document.id, number=number, name=name, stored_name=stored.stored_name,
        content_type=stored.content_type, size=stored.size, sha512=stored.sha512, uploaded_by_id=actor.id,
        uploaded_at=now)
    session.add(version)
    session.flush()
    session.refresh(document)
    document.updated_at = now
    session.add(document)
    session.flush()
    return version


def add_document(session: Session, actor: User, project: Project, title: str, upload: FileUpload, upload_dir: Path,
                 max_bytes: int) -> SpaceDocumentVersion:
    """Share a file as a new document (titled after the file unless a title is given); returns its version 1.

    Raises NotAllowed unless the actor is a member; Refused("file"), with nothing stored, if the file is empty,
    larger than `max_bytes` or not a PDF, office document or image (judged by its content, never its name).
    """
    _require_member(session, actor, project)
    stored = _store_file(upload, upload_dir, max_bytes)
    name = display_name(upload.name, suffix_of(stored.content_type))
    now = utcnow()
    document = SpaceDocument(project_id=project.id, title=title.strip() or name.rsplit(".", 1)[0],
                             created_by_id=actor.id, created_at=now, updated_at=now)
    session.add(document)
    session.flush()
    return _add_version(session, actor, document, stored, name)


def add_version(session: Session, actor: User, project: Project, document: SpaceDocument, upload: FileUpload,
                upload_dir: Path, max_bytes: int) -> SpaceDocumentVersion:
    """Upload a new version of the document; the earlier ones stay and can still be downloaded.

    Raises NotAllowed unless the actor is a member; Refused("file") as `add_document`.
    """
    _require_member(session, actor, project)
    _require(document.project_id == project.id)
    stored = _store_file(upload, upload_dir, max_bytes)
    return _add_version(session, actor, document, stored, display_name(upload.name, suffix_of(stored.content_type)))


# --- tasks -------------------------------------------------------------------------------------------------


def create_task(session: Session, actor: User, project: Project, title: str, assignee_id: int | None) -> SpaceTask:
    """A new open task, optionally given to a member, who is notified.

    Raises NotAllowed unless the actor is a member; Refused("assignee") if the assignee is not a member.
    """
    _require_member(session, actor, project)
    if assignee_id is not None and assignee_id not in queries.member_ids(session, project):
        raise Refused("assignee", _("Tasks can only be given to members of the coordination space."))
    task = SpaceTask(project_id=project.id, title=title.strip(), assignee_id=assignee_id, created_by_id=actor.id,
                     created_at=utcnow())
    session.add(task)
    session.flush()
    if assignee_id is not None:
        notify(session, [assignee_id], NotificationKind.SPACE_TASK_ASSIGNED, f"{space_path(project.id)}/tasks",
               {"project_title": project.title, "task_title": task.title}, actor=actor)
    return task


def set_task_done(session: Session, actor: User, project: Project, task: SpaceTask, done: bool) -> bool:
    """Mark the task done, or open again; False if it already was. Raises NotAllowed unless the actor is a
    member."""
    _require_member(session, actor, project)
    _require(task.project_id == project.id)
    if task.is_done == done:
        return False
    task.is_done = done
    task.done_at, task.done_by_id = (utcnow(), actor.id) if done else (None, None)
    session.add(task)
    session.flush()
    return True


# --- messages to the volunteers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageSent:
    sent: int
    unreachable: int  # volunteers without a confirmed address


# (recipient, subject, body) -> (subject, body) as mailed to that recipient, in their language
RenderMessage = Callable[[User, str, str], tuple[str, str]]


def message_volunteers(session: Session, actor: User, project: Project, shift_id: int | None,
                       include_waiting: bool, subject: str, body: str, render_mail: RenderMessage) -> MessageSent:
    """Queue one mail per volunteer of the project (or of one of its shifts): each mail is addressed to that
    person alone, so no volunteer learns another's address.

    Raises NotAllowed unless the actor coordinates the project; Refused("audience") for a shift of another project,
    or when nobody has signed up yet.
    """
    _require(permissions.may_message_volunteers(actor, _standing(session, actor, project)))
    if shift_id is not None:
        shift = session.get(Shift, shift_id)
        task = session.get(Task, shift.task_id) if shift is not None else None
        if task is None or task.project_id != project.id:
            raise Refused("audience", _("Please choose one of this project's shifts."))
    people = queries.volunteers(session, project.id, shift_id, include_waiting)
    if not people:
        raise Refused("audience", _("Nobody has signed up for this yet, so there is nobody to write to."))
    now = utcnow()
    sent = unreachable = 0
    for person in people:
        # Each mail is written in its reader's language and addressed to that person alone.
        mail = queue_personal_mail(session, person, now,
                                   lambda person=person: render_mail(person, subject.strip(), body.strip()))
        sent, unreachable = (sent, unreachable + 1) if mail is None else (sent + 1, unreachable)
    session.flush()
    record(session, actor, "space.volunteers_messaged", object_type="project", object_id=project.id,
           object_label=project.title, after={"shift_id": shift_id, "include_waiting": include_waiting,
                                              "subject": subject.strip()[:200], "sent": sent,
                                              "unreachable": unreachable})
    return MessageSent(sent=sent, unreachable=unreachable)
