"""The open-data datasets: what each publishes, its fields with their meaning, and how a row becomes a record.

A record is a dict with stable English snake_case keys, in the order of the dataset's fields. Values are plain:
texts (Markdown where the portal shows Markdown), numbers, true/false, ISO 8601 dates and moments in the
municipality's time zone, lists of names, and (JSON only) lists of nested records. Status words come in the
municipality's language (the caller renders inside that locale), next to their stable codes.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from participation.boards.models import AgendaSource
from participation.i18n import _l
from participation.ideas.models import IdeaStatus
from participation.measures.models import MeasureStatus, QuarterlyReview, TrafficLight
from participation.opendata import queries
from participation.volunteering.models import ProjectStatus

Record = dict[str, Any]
Url = Callable[..., str]  # builds an absolute URL from an endpoint and its values


@dataclass(frozen=True)
class Field:
    key: str
    meaning: Any  # a lazy string
    in_csv: bool = True  # nested lists of records are left out of CSV files


class Values:
    """Turns the portal's values into the published ones: moments in the municipality's zone, page addresses."""

    def __init__(self, url: Url, timezone_name: str):
        self.url = url
        self.zone = ZoneInfo(timezone_name)

    def moment(self, value: datetime | None) -> str | None:
        return value.astimezone(self.zone).isoformat(timespec="seconds") if value else None

    @staticmethod
    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None


@dataclass(frozen=True)
class Dataset:
    slug: str  # the files are /open-data/<slug>.csv and .json
    title: Any  # lazy strings
    description: Any
    fields: tuple[Field, ...]
    records: Callable[[Session, Values], Iterator[Record]]
    modified: Callable[[Session], datetime | None]
    formats: tuple[str, ...] = ("csv", "json")

    @property
    def csv_keys(self) -> list[str]:
        return [field.key for field in self.fields if field.in_csv]


ID = Field("id", _l("Number of the record in the portal; stays the same."))
URL = Field("url", _l("Address of its page in the portal."))
CREATED = Field("created_at", _l("When it was created (date and time)."))
UPDATED = Field("updated_at", _l("When it was last changed (date and time)."))
STATUS_LABEL = Field("status_label", _l("The status in words, in the municipality's language."))


# --- ideas -----------------------------------------------------------------------------------------------------

def _idea_records(session: Session, values: Values) -> Iterator[Record]:
    for row in queries.public_ideas(session):
        idea = row.idea
        yield {
            "id": idea.id, "url": values.url("ideas.show", idea_id=idea.id), "title": idea.title, "body": idea.body,
            "status": idea.status, "status_label": idea.status_enum.label, "district": row.district,
            "action_areas": row.action_areas, "place": idea.place or None, "latitude": idea.latitude,
            "longitude": idea.longitude, "support_count": idea.support_count, "comment_count": idea.comment_count,
            "official_answer": idea.official_answer or None, "merged_into_id": idea.merged_into_id,
            "submitted_at": values.moment(idea.created_at), "published_at": values.moment(idea.published_at),
            "last_activity_at": values.moment(idea.last_activity_at),
        }


IDEAS = Dataset(
    slug="ideas",
    title=_l("Ideas of residents"),
    description=_l("The ideas residents proposed and everyone can read, with their status, district, action areas, "
                   "number of supports and comments, and the administration's statement. Without the names of "
                   "their authors."),
    fields=(
        ID, URL,
        Field("title", _l("Title.")),
        Field("body", _l("The text of the idea (Markdown).")),
        Field("status", _l("Status code: %(codes)s.", codes=", ".join(status.value for status in IdeaStatus))),
        STATUS_LABEL,
        Field("district", _l("District the idea concerns, if any.")),
        Field("action_areas", _l("Action areas of the development concept (in CSV separated by “; ”).")),
        Field("place", _l("Place named by the author, if any.")),
        Field("latitude", _l("Latitude (WGS 84), if a location was given.")),
        Field("longitude", _l("Longitude (WGS 84), if a location was given.")),
        Field("support_count", _l("Number of residents supporting the idea.")),
        Field("comment_count", _l("Number of comments.")),
        Field("official_answer", _l("The administration's current statement (Markdown), if any.")),
        Field("merged_into_id", _l("Number of the idea this one was merged into, if any.")),
        Field("submitted_at", _l("When the idea was submitted.")),
        Field("published_at", _l("When it was published.")),
        Field("last_activity_at", _l("When it last changed or received a support or comment.")),
    ),
    records=_idea_records,
    modified=queries.ideas_modified,
)


# --- measures and their quarterly reviews ------------------------------------------------------------------------

def _review_record(review: QuarterlyReview) -> Record:
    return {
        "period": review.period, "year": review.year, "quarter": review.quarter, "progress_percent": review.progress,
        "traffic_light": review.traffic_light, "done": review.done, "next_steps": review.next_steps or None,
        "deviations": review.deviations or None,
    }


def _measure_records(session: Session, values: Values) -> Iterator[Record]:
    for row in queries.public_measures(session):
        measure = row.measure
        yield {
            "id": measure.id, "url": values.url("measures.show", measure_id=measure.id), "title": measure.title,
            "description": measure.description, "contribution": measure.contribution, "status": measure.status,
            "status_label": measure.status_enum.label, "is_core": measure.is_core, "responsible_unit": row.unit,
            "action_areas": row.action_areas, "districts": row.districts,
            "planned_start": values.day(measure.planned_start), "planned_end": values.day(measure.planned_end),
            "estimated_cost_eur": measure.estimated_cost, "funding_source": measure.funding_source or None,
            "partner_organisations": measure.partner_organisations or None,
            "latest_review_period": measure.latest_review_period, "latest_progress_percent": measure.latest_progress,
            "latest_traffic_light": measure.latest_traffic_light, "comment_count": measure.comment_count,
            "created_at": values.moment(measure.created_at), "updated_at": values.moment(measure.updated_at),
            "reviews": [{**_review_record(review), "created_at": values.moment(review.created_at),
                         "updated_at": values.moment(review.updated_at)} for review in row.reviews],
        }


TRAFFIC_LIGHT_CODES = ", ".join(light.value for light in TrafficLight)

MEASURES = Dataset(
    slug="measures",
    title=_l("Measures"),
    description=_l("The administration's measures for the urban-development project (all but drafts): contribution, "
                   "action areas, responsible unit, districts, planned period, latest progress; in JSON with every "
                   "quarterly review."),
    fields=(
        ID, URL,
        Field("title", _l("Title.")),
        Field("description", _l("Description (Markdown).")),
        Field("contribution", _l("Contribution to the urban-development project.")),
        Field("status", _l("Status code: %(codes)s.", codes=", ".join(
            status.value for status in MeasureStatus if status != MeasureStatus.DRAFT))),
        STATUS_LABEL,
        Field("is_core", _l("Whether it is a core measure (true or false).")),
        Field("responsible_unit", _l("Unit of the administration responsible for it.")),
        Field("action_areas", _l("Action areas of the development concept (in CSV separated by “; ”).")),
        Field("districts", _l("Districts it concerns (in CSV separated by “; ”).")),
        Field("planned_start", _l("Planned start (date).")),
        Field("planned_end", _l("Planned end (date).")),
        Field("estimated_cost_eur", _l("Estimated cost in whole euros, if known.")),
        Field("funding_source", _l("Source of funding, if known.")),
        Field("partner_organisations", _l("Partner organisations involved, if any.")),
        Field("latest_review_period", _l("Quarter of the latest review, e.g. 2026-Q1.")),
        Field("latest_progress_percent", _l("Progress in percent at the latest review.")),
        Field("latest_traffic_light", _l("Assessment at the latest review: %(codes)s.", codes=TRAFFIC_LIGHT_CODES)),
        Field("comment_count", _l("Number of comments.")),
        CREATED, UPDATED,
        Field("reviews", _l("JSON only: the quarterly reviews, oldest first, with the fields of the file of "
                            "quarterly reviews."), in_csv=False),
    ),
    records=_measure_records,
    modified=queries.measures_modified,
)


def _review_records(session: Session, values: Values) -> Iterator[Record]:
    for review, measure_title in queries.public_reviews(session):
        yield {
            "measure_id": review.measure_id, "measure_title": measure_title,
            "url": values.url("measures.show", measure_id=review.measure_id) + f"#review-{review.period}",
            **_review_record(review),
            "created_at": values.moment(review.created_at), "updated_at": values.moment(review.updated_at),
        }


MEASURE_REVIEWS = Dataset(
    slug="measure-reviews",
    title=_l("Quarterly reviews of the measures"),
    description=_l("One row per measure and quarter: progress, assessment, what was done, next steps and deviations "
                   "from the plan. The same reviews are part of the measures in JSON."),
    fields=(
        Field("measure_id", _l("Number of the measure.")),
        Field("measure_title", _l("Title of the measure.")),
        Field("url", _l("Address of the review on the measure's page.")),
        Field("period", _l("Quarter, e.g. 2026-Q1.")),
        Field("year", _l("Year.")),
        Field("quarter", _l("Quarter of the year (1 to 4).")),
        Field("progress_percent", _l("Progress in percent.")),
        Field("traffic_light", _l("Assessment: %(codes)s.", codes=TRAFFIC_LIGHT_CODES)),
        Field("done", _l("What was done.")),
        Field("next_steps", _l("Next steps.")),
        Field("deviations", _l("Deviations from the plan.")),
        CREATED, UPDATED,
    ),
    records=_review_records,
    modified=queries.reviews_modified,
    formats=("csv",),
)


# --- meetings and agenda items -------------------------------------------------------------------------------------

def _meeting_records(session: Session, values: Values) -> Iterator[Record]:
    for row in queries.public_meetings(session):
        meeting = row.meeting
        yield {
            "id": meeting.id, "url": values.url("boards.meeting", meeting_id=meeting.id),
            "calendar_url": values.url("boards.meeting_ics", meeting_id=meeting.id), "board": row.board,
            "name": meeting.name, "starts_at": values.moment(meeting.starts_at),
            "ends_at": values.moment(meeting.ends_at), "location": meeting.location or None,
            "online_url": meeting.online_url or None, "state": meeting.state,
            "state_label": meeting.state_enum.label, "cancel_reason": meeting.cancel_reason or None,
            "minutes_published_at": values.moment(meeting.minutes_published_at),
            "public_agenda_items": row.public_items,
            "created_at": values.moment(meeting.created_at), "updated_at": values.moment(meeting.updated_at),
        }


MEETINGS = Dataset(
    slug="meetings",
    title=_l("Public meetings of the boards"),
    description=_l("The public meetings of the advisory board and the thematic boards: date, place, state and the "
                   "number of public agenda items."),
    fields=(
        ID, URL,
        Field("calendar_url", _l("Address of the meeting's calendar entry (iCalendar).")),
        Field("board", _l("Name of the board.")),
        Field("name", _l("Name of the meeting.")),
        Field("starts_at", _l("Start (date and time).")),
        Field("ends_at", _l("End (date and time), if set.")),
        Field("location", _l("Place.")),
        Field("online_url", _l("Address for taking part online, if any.")),
        Field("state", _l("State code: planned, invited, held, cancelled.")),
        Field("state_label", _l("The state in words, in the municipality's language.")),
        Field("cancel_reason", _l("Why the meeting was cancelled, if it was.")),
        Field("minutes_published_at", _l("When the minutes were published, if they were.")),
        Field("public_agenda_items", _l("Number of public agenda items.")),
        CREATED, UPDATED,
    ),
    records=_meeting_records,
    modified=queries.meetings_modified,
)


def _agenda_item_records(session: Session, values: Values) -> Iterator[Record]:
    for row in queries.public_agenda_items(session):
        item, meeting = row.item, row.meeting
        decision = item.decision_enum if row.minutes_published else None
        yield {
            "id": item.id, "url": values.url("boards.meeting", meeting_id=meeting.id) + f"#item-{item.id}",
            "meeting_id": meeting.id, "meeting_name": meeting.name, "board": row.board,
            "meeting_starts_at": values.moment(meeting.starts_at), "number": item.position, "title": item.title,
            "text": item.text or None, "source": item.source, "idea_id": row.idea_id, "measure_id": row.measure_id,
            "paper_id": row.paper_id, "review_period": item.review_period,
            "minutes": (item.minutes or None) if row.minutes_published else None,
            "result": decision.value if decision else None, "result_label": decision.label if decision else None,
            "decision_text": (item.decision_text or None) if decision else None,
            "created_at": values.moment(item.created_at), "updated_at": values.moment(item.updated_at),
        }


AGENDA_ITEMS = Dataset(
    slug="agenda-items",
    title=_l("Public agenda items"),
    description=_l("The public items on the agendas of public meetings, in their order; once the minutes are "
                   "published, with minutes and result."),
    fields=(
        ID, URL,
        Field("meeting_id", _l("Number of the meeting (see the meetings).")),
        Field("meeting_name", _l("Name of the meeting.")),
        Field("board", _l("Name of the board.")),
        Field("meeting_starts_at", _l("Start of the meeting (date and time).")),
        Field("number", _l("Number of the item on the agenda.")),
        Field("title", _l("Title.")),
        Field("text", _l("Explanation (Markdown), if any.")),
        Field("source", _l("What the item comes from: %(codes)s.", codes=", ".join(
            source.value for source in AgendaSource))),
        Field("idea_id", _l("Number of the idea it deliberates, if any.")),
        Field("measure_id", _l("Number of the measure it deliberates, if any.")),
        Field("paper_id", _l("Number of the paper it deliberates, if any.")),
        Field("review_period", _l("Quarter whose reviews it discusses, if any.")),
        Field("minutes", _l("Minutes (Markdown), once published.")),
        Field("result", _l("Result code, once published: recommendation, decision, noted, postponed.")),
        Field("result_label", _l("The result in words, in the municipality's language.")),
        Field("decision_text", _l("Text of the decision (Markdown), once published.")),
        CREATED, UPDATED,
    ),
    records=_agenda_item_records,
    modified=queries.agenda_items_modified,
)


# --- volunteer projects ----------------------------------------------------------------------------------------

def _project_records(session: Session, values: Values) -> Iterator[Record]:
    for row in queries.public_projects(session):
        project = row.project
        yield {
            "id": project.id, "url": values.url("volunteering.project", project_id=project.id),
            "title": project.title, "description": project.description or None, "status": project.status,
            "status_label": ProjectStatus(project.status).label, "partner_organisation": row.partner,
            "districts": row.districts, "measure_id": row.measure_id, "idea_id": row.idea_id,
            "created_at": values.moment(project.created_at), "updated_at": values.moment(project.updated_at),
        }


PROJECTS = Dataset(
    slug="projects",
    title=_l("Volunteer projects"),
    description=_l("The district projects residents can volunteer for: status, partner organisation, districts, "
                   "and the measure or idea they grew from."),
    fields=(
        ID, URL,
        Field("title", _l("Title.")),
        Field("description", _l("Description (Markdown).")),
        Field("status", _l("Status code: %(codes)s.", codes=", ".join(status.value for status in ProjectStatus))),
        STATUS_LABEL,
        Field("partner_organisation", _l("Partner organisation running it, if any.")),
        Field("districts", _l("Districts (in CSV separated by “; ”).")),
        Field("measure_id", _l("Number of the measure it belongs to, if any.")),
        Field("idea_id", _l("Number of the idea it grew from, if any.")),
        CREATED, UPDATED,
    ),
    records=_project_records,
    modified=queries.projects_modified,
)


DATASETS: tuple[Dataset, ...] = (IDEAS, MEASURES, MEASURE_REVIEWS, MEETINGS, AGENDA_ITEMS, PROJECTS)
BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
