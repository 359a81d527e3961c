"""OParl 1.1 objects built from the portal's records (https://oparl.org/spezifikation/).

Every object carries `id` and `type` URLs and `created`/`modified`; absent values are left out, never `null`.
Ids are absolute URLs under the portal's PUBLIC_URL, so they stay the same whatever host a client used.
Texts are in the municipality's language: the caller renders inside its locale.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from participation.api.queries import PaperAttachment, Person, Seat, Vanished
from participation.boards.models import AgendaItem, Board, BoardKind, Meeting, MeetingState
from participation.i18n import _
from participation.measures.models import Measure
from participation.papers.models import Paper, PaperType

SCHEMA = "https://schema.oparl.org/1.1/"
VENDOR = "participation:"  # prefix of the portal's own fields, as the specification asks of extensions

Url = Callable[..., str]  # builds an absolute URL from an endpoint and its values
OParlObject = dict[str, Any]


class Formatter:
    """Shared pieces: the URL builder, the municipality's time zone and the licence of the data."""

    def __init__(self, url: Url, timezone_name: str, license_url: str):
        self.url = url
        self.zone = ZoneInfo(timezone_name)
        self.license = license_url

    def moment(self, value: datetime) -> str:
        return value.astimezone(self.zone).isoformat(timespec="seconds")

    def day(self, value: datetime | date) -> str:
        if isinstance(value, datetime):
            value = value.astimezone(self.zone).date()
        return value.isoformat()

    def base(self, kind: str, endpoint: str, created: datetime, modified: datetime, **values) -> OParlObject:
        return {"id": self.url(endpoint, **values), "type": SCHEMA + kind, "created": self.moment(created),
                "modified": self.moment(max(created, modified))}


def compact(obj: OParlObject) -> OParlObject:
    """Leave out what has no value: OParl forbids `null` and asks to omit empty texts."""
    return {key: value for key, value in obj.items() if value is not None and value != ""}


def deleted(fmt: Formatter, kind: str, endpoint: str, vanished: Vanished, key_name: str) -> OParlObject:
    """What stays of an object that left public view: id, type, created, modified (the moment it left)."""
    return {**fmt.base(kind, endpoint, vanished.created, vanished.modified, **{key_name: vanished.key}),
            "deleted": True}


def system(fmt: Formatter, name: str, website: str, created: datetime, modified: datetime) -> OParlObject:
    return {**fmt.base("System", "api.system", created, modified), "oparlVersion": SCHEMA,
            "license": fmt.license, "body": fmt.url("api.body_list"), "name": name, "website": website,
            "web": website}


def body(fmt: Formatter, name: str, short_name: str, website: str, created: datetime,
         modified: datetime) -> OParlObject:
    lists = {attribute: fmt.url("api.body_" + attribute, body_id=1)
             for attribute in ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file",
                               "membership")}
    return compact({**fmt.base("Body", "api.body", created, modified, body_id=1), "system": fmt.url("api.system"),
                    "name": name, "shortName": short_name, "website": website, "license": fmt.license,
                    **lists, "locationList": fmt.url("api.body_location", body_id=1), "legislativeTerm": [],
                    "web": website})


def organization(fmt: Formatter, board: Board, seat_ids: list[int], keywords: list[str]) -> OParlObject:
    advisory = board.kind_enum == BoardKind.ADVISORY
    return compact({
        **fmt.base("Organization", "api.organization", board.created_at, board.updated_at, organization_id=board.id),
        "body": fmt.url("api.body", body_id=1),
        "name": board.name,
        "shortName": board.short_name,
        "membership": [fmt.url("api.membership", membership_id=seat_id) for seat_id in seat_ids],
        "meeting": fmt.url("api.organization_meetings", organization_id=board.id),
        "subOrganizationOf": fmt.url("api.organization", organization_id=board.parent_id) if board.parent_id else None,
        "organizationType": "Gremium",
        "classification": "Projektbeirat" if advisory else "Themenbeirat",
        "endDate": fmt.day(board.archived_at) if board.archived_at else None,
        "keyword": keywords or None,
        "web": fmt.url("boards.show", board_id=board.id),
    })


def membership(fmt: Formatter, seat: Seat) -> OParlObject:
    seat_record = seat.membership
    role = seat_record.role_enum.label
    if seat_record.is_secretary:
        role = _("%(role)s, keeps the minutes", role=role)
    return compact({
        **fmt.base("Membership", "api.membership", seat_record.created_at, seat_record.updated_at,
                   membership_id=seat_record.id),
        "person": fmt.url("api.person", person_key=seat.person_key),
        "organization": fmt.url("api.organization", organization_id=seat_record.board_id),
        "role": role,
        "votingRight": seat_record.has_vote,
        "startDate": fmt.day(seat_record.start_date) if seat_record.start_date else None,
        "endDate": fmt.day(seat_record.end_date) if seat_record.end_date else None,
        VENDOR + "external": seat_record.is_external,
        VENDOR + "district": seat.district,
    })


def person(fmt: Formatter, found: Person, modified: datetime) -> OParlObject:
    organisations = sorted({seat.membership.organisation for seat in found.seats if seat.membership.organisation})
    return compact({
        **fmt.base("Person", "api.person", found.created, modified, person_key=found.key),
        "body": fmt.url("api.body", body_id=1),
        "name": found.name,
        "status": organisations or None,
        "membership": [membership(fmt, seat) for seat in found.seats],
    })


def location(fmt: Formatter, meeting: Meeting) -> OParlObject:
    description = ", ".join(part for part in (meeting.location, meeting.online_url) if part)
    return compact({**fmt.base("Location", "api.location", meeting.created_at, meeting.updated_at,
                               location_id=meeting.id),
                    "description": description, "meetings": [fmt.url("api.meeting", meeting_id=meeting.id)]})


def _minutes_public(meeting: Meeting) -> bool:
    return meeting.minutes_published_at is not None


def agenda_item(fmt: Formatter, item: AgendaItem, meeting: Meeting) -> OParlObject:
    published = _minutes_public(meeting)
    decision = item.decision_enum if published else None
    return compact({
        **fmt.base("AgendaItem", "api.agenda_item", item.created_at, item.updated_at, agenda_item_id=item.id),
        "meeting": fmt.url("api.meeting", meeting_id=meeting.id),
        "number": str(item.position),
        "order": item.position,
        "name": item.title,
        "public": True,
        "consultation": fmt.url("api.consultation", consultation_id=item.id)
        if item.paper_id or item.measure_id else None,
        "result": decision.label if decision else None,
        "resolutionText": item.decision_text if decision else None,
        VENDOR + "text": item.text,
        VENDOR + "minutes": item.minutes if published else None,
        "web": fmt.url("boards.meeting", meeting_id=meeting.id) + f"#item-{item.id}",
    })


def meeting(fmt: Formatter, meeting_record: Meeting, board: Board, items: list[AgendaItem],
            participants: list[str]) -> OParlObject:
    has_place = bool(meeting_record.location or meeting_record.online_url)
    return compact({
        **fmt.base("Meeting", "api.meeting", meeting_record.created_at, meeting_record.updated_at,
                   meeting_id=meeting_record.id),
        "name": f"{board.name}: {meeting_record.name}",
        "meetingState": meeting_record.state_enum.label,
        "cancelled": meeting_record.state_enum == MeetingState.CANCELLED,
        "start": fmt.moment(meeting_record.starts_at),
        "end": fmt.moment(meeting_record.ends_at) if meeting_record.ends_at else None,
        "location": location(fmt, meeting_record) if has_place else None,
        "organization": [fmt.url("api.organization", organization_id=board.id)],
        "participant": [fmt.url("api.person", person_key=key) for key in participants] or None,
        "agendaItem": [agenda_item(fmt, item, meeting_record) for item in items],
        "web": fmt.url("boards.meeting", meeting_id=meeting_record.id),
    })


def consultation(fmt: Formatter, item: AgendaItem, meeting_record: Meeting, board: Board) -> OParlObject:
    if item.paper_id:
        paper_url = fmt.url("api.paper", paper_id=item.paper_id)
    else:
        paper_url = fmt.url("api.measure", measure_id=item.measure_id)
    decision = item.decision_enum if _minutes_public(meeting_record) else None
    return compact({
        **fmt.base("Consultation", "api.consultation", item.created_at, item.updated_at, consultation_id=item.id),
        "paper": paper_url,
        "agendaItem": fmt.url("api.agenda_item", agenda_item_id=item.id),
        "meeting": fmt.url("api.meeting", meeting_id=meeting_record.id),
        "organization": [fmt.url("api.organization", organization_id=board.id)],
        "authoritative": decision.value == "decision" if decision else None,
        "role": decision.label if decision else None,
    })


def file(fmt: Formatter, attachment: PaperAttachment) -> OParlObject:
    """A paper's attachment. Its id is the document's; the file facts are those of its current version. `date` is
    the date the document bears (the day it was attached): OParl's File.date is the date a file counts from, which
    a later version does not move."""
    document, version = attachment.document, attachment.version
    access = fmt.url("papers.download_file", paper_id=document.paper_id, file_id=document.id, name=version.name)
    return {
        # A new version or the paper's submission moves updated_at: registers synchronising by it notice.
        **fmt.base("File", "api.file", document.created_at, document.updated_at, file_id=document.id),
        "name": version.name,
        "fileName": version.name,
        "mimeType": version.content_type,
        "date": fmt.day(document.document_date),
        "size": version.size,
        "sha512Checksum": version.sha512,
        "accessUrl": access,
        "downloadUrl": access,
        "paper": [fmt.url("api.paper", paper_id=document.paper_id)],
        "fileLicense": fmt.license,
        "web": fmt.url("papers.show", paper_id=document.paper_id),
    }


def paper(fmt: Formatter, paper_record: Paper, keywords: list[str], files: list[PaperAttachment],
          consultations: list[OParlObject], related: list[str]) -> OParlObject:
    return compact({
        **fmt.base("Paper", "api.paper", paper_record.created_at, paper_record.updated_at, paper_id=paper_record.id),
        "body": fmt.url("api.body", body_id=1),
        "name": paper_record.title,
        "reference": paper_record.reference,
        "date": fmt.day(paper_record.submitted_at or paper_record.created_at),
        "paperType": PaperType(paper_record.paper_type).label,
        "mainFile": file(fmt, files[0]) if files else None,
        "auxiliaryFile": [file(fmt, attachment) for attachment in files[1:]] or None,
        "consultation": consultations or None,
        "relatedPaper": related or None,
        "keyword": keywords or None,
        VENDOR + "contribution": paper_record.contribution,
        "web": fmt.url("papers.show", paper_id=paper_record.id),
    })


def measure(fmt: Formatter, measure_record: Measure, keywords: list[str], consultations: list[OParlObject],
            related: list[str]) -> OParlObject:
    """A measure of the backlog, published as a Paper so that council information systems can take it up."""
    return compact({
        **fmt.base("Paper", "api.measure", measure_record.created_at, measure_record.updated_at,
                   measure_id=measure_record.id),
        "body": fmt.url("api.body", body_id=1),
        "name": measure_record.title,
        "date": fmt.day(measure_record.created_at),
        "paperType": _("Measure"),
        "consultation": consultations or None,
        "relatedPaper": related or None,
        "keyword": keywords or None,
        VENDOR + "contribution": measure_record.contribution,
        VENDOR + "status": measure_record.status_enum.label,
        VENDOR + "progress": measure_record.latest_progress,
        "web": fmt.url("measures.show", measure_id=measure_record.id),
    })
