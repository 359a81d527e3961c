"""Writing papers: create a draft with its reference number, change it, submit it. Services flush; routes commit.

Every change is audited. A draft may be saved incomplete; `submit_paper` refuses a paper without its mandatory
contribution and action areas, and once submitted they can never be emptied again.

A paper's files are documents of the library (`Document.paper_id`), filed and removed here through the documents
area's services: staff-only while the paper is a draft, public with it, under its first action area.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.audit.services import record, record_deletion
from participation.db import utcnow
from participation.documents import queries as document_queries
from participation.documents import services as document_services
from participation.documents.models import DocumentAudience
from participation.documents.queries import DocumentRow
from participation.files import FileRejected, FileUpload
from participation.i18n import _
from participation.measures.models import Measure, MeasureStatus
from participation.measures.rules import contribution_problems
from participation.municipality.models import ActionArea, Strategy
from participation.papers import permissions
from participation.papers.models import Paper, PaperActionArea, PaperMeasure, PaperStatus, PaperType
from participation.papers.queries import action_area_ids, first_action_area_id, measure_ids
from participation.refusals import NotAllowed

REFERENCE_ATTEMPTS = 20
# How a removed file of a submitted paper is remembered for the registers: its id is the document's.
DELETED_FILE_KIND = "document"


class PaperInvalid(ValueError):
    """The paper cannot be saved like this; `problems` maps form field names to translated messages."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__(" ".join(problems.values()))


class PaperIncomplete(PaperInvalid):
    """The contribution (at least 50 characters) or the action areas are missing: no submission without them."""


class NoReferenceNumber(RuntimeError):
    """Every attempt to take the next reference number lost to a concurrent one (should never happen)."""


@dataclass(frozen=True)
class PaperDraft:
    """Validated input for a new or changed paper."""

    title: str
    paper_type: PaperType
    text: str = ""
    contribution: str = ""
    action_area_ids: tuple[int, ...] = ()
    measure_ids: tuple[int, ...] = ()


def format_reference(year: int, number: int) -> str:
    """`V-2026-014`: V for Vorlage, the calendar year, the paper's number in that year."""
    return f"V-{year}-{number:03d}"


def _label(paper: Paper) -> str:
    return f"{paper.reference} {paper.title}"


def _snapshot(session: Session, paper: Paper) -> dict[str, Any]:
    return {"title": paper.title, "paper_type": paper.paper_type, "text": paper.text,
            "contribution": paper.contribution, "action_area_ids": action_area_ids(session, paper.id),
            "measure_ids": measure_ids(session, paper.id)}


def _check_links(session: Session, draft: PaperDraft, linked_area_ids: Collection[int] = (),
                 linked_measure_ids: Collection[int] = ()) -> None:
    """New links must point at current action areas and at measures that are not discarded; links the paper
    already has stay, even to an area archived since. Raises PaperInvalid otherwise."""
    problems = {}
    new_areas = set(draft.action_area_ids) - set(linked_area_ids)
    if new_areas:
        current = set(session.exec(
            select(ActionArea.id).join(Strategy, Strategy.id == ActionArea.strategy_id)
            .where(col(ActionArea.id).in_(new_areas), col(ActionArea.archived_at).is_(None),
                   col(Strategy.archived_at).is_(None))))
        if new_areas - current:
            problems["action_areas"] = _("This action area is archived or no longer exists. "
                                         "Please choose a current one.")
    new_measures = set(draft.measure_ids) - set(linked_measure_ids)
    if new_measures:
        usable = set(session.exec(select(Measure.id).where(col(Measure.id).in_(new_measures),
                                                           Measure.status != MeasureStatus.DISCARDED.value)))
        if new_measures - usable:
            problems["measures"] = _("This measure has been discarded or no longer exists. "
                                     "Please choose another one.")
    if problems:
        raise PaperInvalid(problems)


def _set_links(session: Session, paper: Paper, draft: PaperDraft) -> None:
    session.exec(delete(PaperActionArea).where(PaperActionArea.paper_id == paper.id))
    session.exec(delete(PaperMeasure).where(PaperMeasure.paper_id == paper.id))
    for area_id in dict.fromkeys(draft.action_area_ids):
        session.add(PaperActionArea(paper_id=paper.id, action_area_id=area_id))
    for measure_id in dict.fromkeys(draft.measure_ids):
        session.add(PaperMeasure(paper_id=paper.id, measure_id=measure_id))


def _next_number(session: Session, year: int) -> int:
    return session.exec(select(func.coalesce(func.max(Paper.number), 0)).where(Paper.year == year)).one() + 1


def _insert_with_reference(session: Session, year: int, **values: Any) -> Paper:
    """The paper with the year's next free number. Two staff members creating papers at once both read the
    same highest number; the unique (year, number) lets only one insert it, the other retries in its savepoint."""
    for _attempt in range(REFERENCE_ATTEMPTS):
        number = _next_number(session, year)
        paper = Paper(year=year, number=number, reference=format_reference(year, number), **values)
        try:
            with session.begin_nested():
                session.add(paper)
                session.flush()
        except IntegrityError:
            continue
        return paper
    raise NoReferenceNumber(f"no free paper number for {year} after {REFERENCE_ATTEMPTS} attempts")


def create_paper(session: Session, actor: User, draft: PaperDraft, year: int | None = None) -> Paper:
    """A new draft with the next reference number of `year` (the current calendar year unless given).

    A draft may lack its contribution and action areas. Raises NotAllowed unless the actor is staff,
    PaperInvalid if it links an archived action area or a discarded measure.
    """
    if not permissions.may_write_papers(actor):
        raise NotAllowed
    _check_links(session, draft)
    now = utcnow()
    paper = _insert_with_reference(
        session, year or now.year, title=draft.title.strip(), paper_type=PaperType(draft.paper_type).value,
        text=draft.text.strip(), contribution=draft.contribution.strip(), status=PaperStatus.DRAFT.value,
        created_by_id=actor.id, created_at=now, updated_at=now)
    _set_links(session, paper, draft)
    session.flush()
    record(session, actor, "paper.created", object_type="paper", object_id=paper.id, object_label=_label(paper),
           after=_snapshot(session, paper))
    return paper


def edit_paper(session: Session, actor: User, paper: Paper, draft: PaperDraft) -> bool:
    """Change the paper; False if nothing changed. After submission it may still be corrected, but never lose
    its mandatory fields.

    Raises NotAllowed unless the actor is staff, PaperIncomplete if a submitted paper would lose its contribution
    or action areas, PaperInvalid if it links an archived action area or a discarded measure for the first time.
    """
    if not permissions.may_edit_paper(actor, paper):
        raise NotAllowed
    before = _snapshot(session, paper)
    _check_links(session, draft, before["action_area_ids"], before["measure_ids"])
    if paper.status == PaperStatus.SUBMITTED.value:
        problems = contribution_problems(draft.contribution, draft.action_area_ids)
        if problems:
            raise PaperIncomplete(problems)
    paper.title, paper.paper_type = draft.title.strip(), PaperType(draft.paper_type).value
    paper.text, paper.contribution = draft.text.strip(), draft.contribution.strip()
    _set_links(session, paper, draft)
    session.flush()
    after = _snapshot(session, paper)
    changed = [key for key in before if before[key] != after[key]]
    if not changed:
        return False
    paper.updated_at = utcnow()
    session.add(paper)
    session.flush()
    _update_attachments(session, actor, paper)
    record(session, actor, "paper.changed", object_type="paper", object_id=paper.id, object_label=_label(paper),
           before={key: before[key] for key in changed}, after={key: after[key] for key in changed})
    return True


def submit_paper(session: Session, actor: User, paper: Paper) -> bool:
    """Submit the draft: from now on it is public and can be put on a board's agenda. False if it already was.

    Raises NotAllowed unless the actor is staff, PaperIncomplete (before changing anything) unless the
    contribution has at least 50 characters and at least one action area is chosen.
    """
    if not permissions.may_write_papers(actor):
        raise NotAllowed
    problems = contribution_problems(paper.contribution, action_area_ids(session, paper.id))
    if problems:
        raise PaperIncomplete(problems)
    now = utcnow()
    # Only one of two concurrent submissions finds the paper still a draft.
    submitted = session.exec(update(Paper).where(Paper.id == paper.id, Paper.status == PaperStatus.DRAFT.value)
                             .values(status=PaperStatus.SUBMITTED.value, submitted_at=now, updated_at=now)).rowcount
    session.refresh(paper)
    if not submitted:
        return False
    _update_attachments(session, actor, paper)
    record(session, actor, "paper.submitted", object_type="paper", object_id=paper.id, object_label=_label(paper),
           before={"status": PaperStatus.DRAFT.value}, after={"status": PaperStatus.SUBMITTED.value})
    return True


def _attachment_audience(paper: Paper) -> DocumentAudience:
    """Drafts belong to the administration, and so do their files; a submitted paper's files are public."""
    return DocumentAudience.PUBLIC if paper.status == PaperStatus.SUBMITTED.value else DocumentAudience.STAFF


def _update_attachments(session: Session, actor: User, paper: Paper) -> None:
    document_services.update_paper_attachments(session, actor, paper.id, _attachment_audience(paper),
                                               first_action_area_id(session, paper.id))


def attach_file(session: Session, actor: User, paper: Paper, upload: FileUpload, upload_dir: Path,
                max_bytes: int, max_files: int, today: date) -> DocumentRow:
    """File the upload in the document library as the paper's attachment (dated `today`); it is public as soon as
    the paper is. Returns it with its file.

    Raises NotAllowed unless the actor may edit the paper, PaperInvalid (at the form's "file" field, nothing
    stored) if the paper already has `max_files` files, or if the file is empty, larger than `max_bytes` or not
    a PDF, office document or image.
    """
    if not permissions.may_edit_paper(actor, paper):
        raise NotAllowed
    if len(document_queries.paper_attachments(session, paper.id)) >= max_files:
        raise PaperInvalid({"file": _("A paper can have at most %(count)d files. Please remove one first.",
                                      count=max_files)})
    try:
        document = document_services.attach_to_paper(
            session, actor, paper.id, paper.reference, upload, upload_dir, max_bytes, _attachment_audience(paper),
            first_action_area_id(session, paper.id), today)
    except FileRejected as rejection:
        raise PaperInvalid({"file": _file_problem(rejection.reason, max_bytes)}) from rejection
    attachment = document_queries.paper_attachment(session, paper.id, document.id)
    paper.updated_at = document.created_at
    session.add(paper)
    session.flush()
    record(session, actor, "paper.file_added", object_type="paper", object_id=paper.id, object_label=_label(paper),
           after=_file_facts(attachment))
    return attachment


def _file_facts(attachment: DocumentRow) -> dict[str, Any]:
    current = attachment.current
    return {"file": current.name, "content_type": current.content_type, "size": current.size}


def _file_problem(reason: str, max_bytes: int) -> str:
    if reason == "size":
        return _("The file is too large. Please choose one of at most %(size)d MB.", size=max_bytes // 1024 ** 2)
    if reason == "empty":
        return _("The file is empty. Please choose another one.")
    return _("This kind of file cannot be attached. Please choose a PDF, an office document (OpenDocument or "
             "Microsoft Office), or a JPEG or PNG image.")


def remove_file(session: Session, actor: User, paper: Paper, attachment: DocumentRow) -> list[str]:
    """Delete the attachment from the paper and the library; returns the stored names of its files so the caller
    can delete them once committed. A submitted paper's file is recorded as deleted for the registers (OParl).

    Raises NotAllowed unless the actor may edit the paper.
    """
    document = attachment.document
    if not permissions.may_edit_paper(actor, paper) or document.paper_id != paper.id:
        raise NotAllowed
    record(session, actor, "paper.file_removed", object_type="paper", object_id=paper.id, object_label=_label(paper),
           before=_file_facts(attachment))
    if paper.status == PaperStatus.SUBMITTED.value:
        record_deletion(session, DELETED_FILE_KIND, document.id, document.created_at)
    paper.updated_at = utcnow()
    session.add(paper)
    stored_names = document_services.delete_paper_attachment(session, actor, document)
    session.flush()
    return stored_names
