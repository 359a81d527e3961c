"""The OParl 1.1 interface (read-only): `/oparl/v1/system` and everything reachable from it.

Anonymous by design: whoever asks, and whatever cookies they send, gets the public record only, so no
non-public meeting or agenda item can leak through it. Any site may read it (CORS `*`).
"""

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import wraps
from math import ceil
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, redirect, request, url_for
from flask_babel import force_locale
from werkzeug.exceptions import BadRequest, HTTPException

from participation.api import oparl, queries
from participation.api.queries import Vanished, Window
from participation.db import get_session
from participation.errors import register_error_renderer
from participation.i18n import _, _l
from participation.mail import public_url_for

blueprint = Blueprint("api", __name__, url_prefix="/oparl/v1")

JSON_TYPE = "application/json; charset=utf-8"
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
ERROR_MESSAGES = {
    400: _l("The request is malformed."),
    404: _l("There is no such object."),
    405: _l("This interface can only be read (GET)."),
}


class InvalidParameter(BadRequest):
    """A list parameter that cannot be read; the message names it."""


def _headers(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    # Public data, the same for everyone: caches may keep it briefly.
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


def _json(payload: dict[str, Any], status: int = 200) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return _headers(Response(body, status=status, content_type=JSON_TYPE))


def render_error(error: HTTPException) -> Response:
    """An OParl error object, in the language of the content (the municipality's)."""
    code = error.code or 500
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        if isinstance(error, InvalidParameter):
            message = error.description
        else:
            message = str(ERROR_MESSAGES.get(code, _l("The request could not be handled.")))
    payload = {"type": oparl.SCHEMA + "Error", "message": message, "debug": f"HTTP {code}"}
    response = _json(payload, code)
    if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


@blueprint.record_once
def _answer_errors_as_oparl(state) -> None:
    register_error_renderer(state.app, blueprint.url_prefix + "/", render_error)


def _formatter() -> oparl.Formatter:
    config = current_app.config
    return oparl.Formatter(public_url_for, config["BABEL_DEFAULT_TIMEZONE"], config["OPARL_LICENSE_URL"])


def oparl_view(view: Callable[..., dict[str, Any]]):
    """Render the view's object as OParl JSON, in the municipality's language, whoever asks."""
    @wraps(view)
    def wrapper(**values):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return _json(view(_formatter(), **values))
    return wrapper


# --- lists ---------------------------------------------------------------------------------------------------------

def _moment(name: str) -> datetime | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    # A "+" of an offset that the client did not percent-encode arrives as a space.
    try:
        moment = datetime.fromisoformat(raw.strip().replace(" ", "+"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in raw:
        raise InvalidParameter(_("The parameter %(name)s must be a date and time with a time zone, for example "
                                 "2026-01-01T00:00:00+01:00.", name=name))
    return moment


def _window() -> Window:
    return Window(**{name: _moment(name) for name in FILTERS})


def _positive_int(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidParameter(_("The parameter %(name)s must be a positive whole number.", name=name))
    return int(raw)


def _page_url(fmt: oparl.Formatter, endpoint: str, values: dict[str, Any], page: int, page_size: int | None) -> str:
    """A page of the list, keeping the client's filters (the specification asks so for every link)."""
    params = {name: request.args[name] for name in FILTERS if name in request.args}
    if page_size is not None:
        params["elementsPerPage"] = page_size
    if page > 1:
        params["page"] = page
    url = fmt.url(endpoint, **values)
    return f"{url}?{urlencode(params)}" if params else url


def _object_list(fmt: oparl.Formatter, keys: Sequence, load: Callable[[list], list[dict[str, Any]]],
                 endpoint: str, *, vanished: Sequence[Vanished] = (),
                 stub: Callable[[Vanished], dict[str, Any]] | None = None, **values) -> dict[str, Any]:
    """One page of a list: the objects in stable order, then (only when asked for changes) those that left."""
    asked_size = "elementsPerPage" in request.args
    page_size = min(_positive_int("elementsPerPage", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    page = _positive_int("page", 1)
    total = len(keys) + len(vanished)
    pages = max(1, ceil(total / page_size))
    start, end = (page - 1) * page_size, page * page_size
    data = load(list(keys[start:end])) if start < len(keys) else []
    data += [stub(gone) for gone in vanished[max(0, start - len(keys)):max(0, end - len(keys))]]

    def link(number: int) -> str:
        return _page_url(fmt, endpoint, values, number, page_size if asked_size else None)

    links = {"first": link(1), "self": link(page), "last": link(pages)}
    if page > 1:
        links["prev"] = link(min(page - 1, pages))
    if page < pages:
        links["next"] = link(page + 1)
    return {"data": data, "pagination": {"totalElements": total, "elementsPerPage": page_size,
                                         "currentPage": page, "totalPages": pages}, "links": links}


# --- loaders: objects for a page of keys ------------------------------------------------------------------------

def _organizations(fmt: oparl.Formatter, ids: list[int]) -> list[dict[str, Any]]:
    db = get_session()
    seats = queries.listed_seat_ids_by_board(db, ids)
    keywords = queries.board_keywords(db, ids)
    return [oparl.organization(fmt, board, seats.get(board.id, []), keywords.get(board.id, []))
            for board in queries.boards(db, ids)]


def _people(fmt: oparl.Formatter, keys: list[str]) -> list[dict[str, Any]]:
    found, deletions = queries.people(get_session(), keys)
    return [oparl.person(fmt, person, queries.person_modified(person, deletions)) for person in found]


def _memberships(fmt: oparl.Formatter, ids: list[int]) -> list[dict[str, Any]]:
    return [oparl.membership(fmt, seat) for seat in queries.seats(get_session(), ids)]


def _meetings(fmt: oparl.Formatter, ids: list[int]) -> list[dict[str, Any]]:
    db = get_session()
    items = queries.public_items_of(db, ids)
    participants = queries.listed_participants(db, ids)
    return [oparl.meeting(fmt, meeting, board, items.get(meeting.id, []), participants.get(meeting.id, []))
            for meeting, board in queries.meetings(db, ids)]


def _agenda_items(fmt: oparl.Formatter, ids: list[int]) -> list[dict[str, Any]]:
    return [oparl.agenda_item(fmt, item, meeting) for item, meeting, _board in queries.agenda_items(get_session(), ids)]


def _consultations(fmt: oparl.Formatter, ids: list[int]) -> list[dict[str, Any]]:
    return [oparl.consultation(fmt, item, meeting, board)
            for item, meeting, board in queries.agenda_items(get_session(), ids) if item.paper_id or item.measure_id]


def _locations(fmt: oparl.Formatter, ids: list[int]) -> list[dict[str, Any]]:
    return [oparl.location(fmt, meeting) for meeting, _board in queries.meetings(get_session(), ids)]


def _files(fmt: oparl.Formatter, ids: list[int]) -> list[dict[str, Any]]:
    return [oparl.file(fmt, attachment) for attachment in queries.files(get_session(), ids)]


def _papers(fmt: oparl.Formatter, keys: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Papers and measures (both OParl Paper), with their files, consultations and each other as related."""
    db = get_session()
    paper_ids = [number for kind, number in keys if kind == "paper"]
    measure_ids = [number for kind, number in keys if kind == "measure"]
    files = queries.files_of(db, paper_ids)
    links = queries.paper_measure_links(db, paper_ids=paper_ids, measure_ids=measure_ids)
    consultations: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for item, meeting, board in queries.consultations_of(db, paper_ids=paper_ids, measure_ids=measure_ids):
        owner = ("paper", item.paper_id) if item.paper_id else ("measure", item.measure_id)
        consultations.setdefault(owner, []).append(oparl.consultation(fmt, item, meeting, board))
    built: dict[tuple[str, int], dict[str, Any]] = {}
    paper_keywords = queries.paper_keywords(db, paper_ids)
    for paper in queries.papers(db, paper_ids):
        related = [fmt.url("api.measure", measure_id=measure_id) for owner, measure_id in links if owner == paper.id]
        built[("paper", paper.id)] = oparl.paper(fmt, paper, paper_keywords.get(paper.id, []),
                                                 files.get(paper.id, []), consultations.get(("paper", paper.id), []),
                                                 related)
    measure_keywords = queries.measure_keywords(db, measure_ids)
    for measure in queries.measures(db, measure_ids):
        related = [fmt.url("api.paper", paper_id=paper_id) for paper_id, owner in links if owner == measure.id]
        built[("measure", measure.id)] = oparl.measure(fmt, measure, measure_keywords.get(measure.id, []),
                                                       consultations.get(("measure", measure.id), []), related)
    return [built[key] for key in keys if key in built]


def _one(objects: list[dict[str, Any]]) -> dict[str, Any]:
    if not objects:
        abort(404)
    return objects[0]


def _one_or_deleted(fmt: oparl.Formatter, objects: list[dict[str, Any]], vanished: Callable[[], Vanished | None],
                    kind: str, endpoint: str, key_name: str) -> dict[str, Any]:
    """The object; one that left public view as its deleted stub (the specification forbids a 404 for it)."""
    if objects:
        return objects[0]
    gone = vanished()
    if gone is None:
        abort(404)
    return oparl.deleted(fmt, kind, endpoint, gone, key_name)


# --- system and body -------------------------------------------------------------------------------------------------

def _lifetime() -> tuple[datetime, datetime]:
    created, modified = queries.body_lifetime(get_session())
    now = datetime.now().astimezone()
    return created or now, modified or created or now


@blueprint.route("/system")
@oparl_view
def system(fmt: oparl.Formatter):
    created, modified = _lifetime()
    return oparl.system(fmt, current_app.config["SITE_NAME"], current_app.config["PUBLIC_URL"], created, modified)


def _body(fmt: oparl.Formatter) -> dict[str, Any]:
    created, modified = _lifetime()
    config = current_app.config
    return oparl.body(fmt, config["SITE_OPERATOR"], config["SITE_NAME"], config["PUBLIC_URL"], created, modified)


@blueprint.route("/body")
@oparl_view
def body_list(fmt: oparl.Formatter):
    return _object_list(fmt, [1], lambda _keys: [_body(fmt)], "api.body_list")


def _check_body(body_id: int) -> None:
    if body_id != 1:
        abort(404)


@blueprint.route("/body/<int:body_id>")
@oparl_view
def body(fmt: oparl.Formatter, body_id: int):
    _check_body(body_id)
    return _body(fmt)


def _stub(fmt: oparl.Formatter, kind: str, endpoint: str, key_name: str) -> Callable[[Vanished], dict[str, Any]]:
    return lambda gone: oparl.deleted(fmt, kind, endpoint, gone, key_name)


@blueprint.route("/body/<int:body_id>/organization")
@oparl_view
def body_organization(fmt: oparl.Formatter, body_id: int):
    _check_body(body_id)
    ids = queries.organization_ids(get_session(), _window())
    return _object_list(fmt, ids, lambda page: _organizations(fmt, page), "api.body_organization", body_id=body_id)


@blueprint.route("/body/<int:body_id>/person")
@oparl_view
def body_person(fmt: oparl.Formatter, body_id: int):
    _check_body(body_id)
    keys, vanished = queries.listed_person_keys(get_session(), _window())
    return _object_list(fmt, keys, lambda page: _people(fmt, page), "api.body_person",
                        vanished=vanished, stub=_stub(fmt, "Person", "api.person", "person_key"), body_id=body_id)


@blueprint.route("/body/<int:body_id>/membership")
@oparl_view
def body_membership(fmt: oparl.Formatter, body_id: int):
    _check_body(body_id)
    ids = queries.membership_ids(get_session(), _window())
    return _object_list(fmt, ids, lambda page: _memberships(fmt, page), "api.body_membership", body_id=body_id)


@blueprint.route("/body/<int:body_id>/meeting")
@oparl_view
def body_meeting(fmt: oparl.Formatter, body_id: int):
    _check_body(body_id)
    ids, vanished = queries.meeting_ids(get_session(), _window())
    return _object_list(fmt, ids, lambda page: _meetings(fmt, page), "api.body_meeting",
                        vanished=vanished, stub=_stub(fmt, "Meeting", "api.meeting", "meeting_id"), body_id=body_id)


@blueprint.route("/body/<int:body_id>/agendaItem")
@oparl_view
def body_agendaItem(fmt: oparl.Formatter, body_id: int):  # noqa: N802 - the endpoint names the OParl attribute
    _check_body(body_id)
    ids = queries.agenda_item_ids(get_session(), _window())
    return _object_list(fmt, ids, lambda page: _agenda_items(fmt, page), "api.body_agendaItem", body_id=body_id)


@blueprint.route("/body/<int:body_id>/consultation")
@oparl_view
def body_consultation(fmt: oparl.Formatter, body_id: int):
    _check_body(body_id)
    ids = queries.consultation_ids(get_session(), _window())
    return _object_list(fmt, ids, lambda page: _consultations(fmt, page), "api.body_consultation", body_id=body_id)


@blueprint.route("/body/<int:body_id>/paper")
@oparl_view
def body_paper(fmt: oparl.Formatter, body_id: int):
    _check_body(body_id)
    db, window = get_session(), _window()
    keys = ([("paper", number) for number in queries.paper_ids(db, window)]
            + [("measure", number) for number in queries.measure_ids(db, window)])
    return _object_list(fmt, keys, lambda page: _papers(fmt, page), "api.body_paper", body_id=body_id)


@blueprint.route("/body/<int:body_id>/file")
@oparl_view
def body_file(fmt: oparl.Formatter, body_id: int):
    _check_body(body_id)
    ids, vanished = queries.file_ids(get_session(), _window())
    return _object_list(fmt, ids, lambda page: _files(fmt, page), "api.body_file",
                        vanished=vanished, stub=_stub(fmt, "File", "api.file", "file_id"), body_id=body_id)


@blueprint.route("/body/<int:body_id>/location")
@oparl_view
def body_location(fmt: oparl.Formatter, body_id: int):
    _check_body(body_id)
    ids, vanished = queries.location_ids(get_session(), _window())
    return _object_list(fmt, ids, lambda page: _locations(fmt, page), "api.body_location",
                        vanished=vanished, stub=_stub(fmt, "Location", "api.location", "location_id"), body_id=body_id)


# --- single objects --------------------------------------------------------------------------------------------------

@blueprint.route("/organization/<int:organization_id>")
@oparl_view
def organization(fmt: oparl.Formatter, organization_id: int):
    return _one(_organizations(fmt, [organization_id]))


@blueprint.route("/organization/<int:organization_id>/meeting")
@oparl_view
def organization_meetings(fmt: oparl.Formatter, organization_id: int):
    _one(queries.boards(get_session(), [organization_id]))
    ids = queries.board_meeting_ids(get_session(), organization_id, _window())
    return _object_list(fmt, ids, lambda page: _meetings(fmt, page), "api.organization_meetings",
                        organization_id=organization_id)


@blueprint.route("/person/<person_key>")
@oparl_view
def person(fmt: oparl.Formatter, person_key: str):
    return _one_or_deleted(fmt, _people(fmt, [person_key]), lambda: queries.vanished_person(get_session(), person_key),
                           "Person", "api.person", "person_key")


@blueprint.route("/membership/<int:membership_id>")
@oparl_view
def membership(fmt: oparl.Formatter, membership_id: int):
    return _one(_memberships(fmt, [membership_id]))


@blueprint.route("/meeting/<int:meeting_id>")
@oparl_view
def meeting(fmt: oparl.Formatter, meeting_id: int):
    return _one_or_deleted(fmt, _meetings(fmt, [meeting_id]),
                           lambda: queries.vanished_meeting(get_session(), meeting_id),
                           "Meeting", "api.meeting", "meeting_id")


@blueprint.route("/agendaItem/<int:agenda_item_id>")
@oparl_view
def agenda_item(fmt: oparl.Formatter, agenda_item_id: int):
    return _one(_agenda_items(fmt, [agenda_item_id]))


@blueprint.route("/consultation/<int:consultation_id>")
@oparl_view
def consultation(fmt: oparl.Formatter, consultation_id: int):
    return _one(_consultations(fmt, [consultation_id]))


@blueprint.route("/paper/<int:paper_id>")
@oparl_view
def paper(fmt: oparl.Formatter, paper_id: int):
    return _one(_papers(fmt, [("paper", paper_id)]))


@blueprint.route("/measure/<int:measure_id>")
@oparl_view
def measure(fmt: oparl.Formatter, measure_id: int):
    return _one(_papers(fmt, [("measure", measure_id)]))


@blueprint.route("/file/<int:file_id>")
@oparl_view
def file(fmt: oparl.Formatter, file_id: int):
    return _one_or_deleted(fmt, _files(fmt, [file_id]), lambda: queries.vanished_file(get_session(), file_id), "File",
                           "api.file", "file_id")


@blueprint.route("/location/<int:location_id>")
@oparl_view
def location(fmt: oparl.Formatter, location_id: int):
    return _one_or_deleted(fmt, _locations(fmt, [location_id]),
                           lambda: queries.vanished_meeting(get_session(), location_id),
                           "Location", "api.location", "location_id")


@blueprint.route("/")
def entry():
    """The interface starts at the system object."""
    return _headers(redirect(url_for(".system"), 301))


@blueprint.route("/<path:rest>")
def unknown(rest: str):
    """Anything else below the interface is not found, as an OParl error (not the portal's HTML page)."""
    abort(404)
