"""The OParl 1.1 interface, read as a council-information client would: from /oparl/v1/system onwards."""

import hashlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.boards.models import AgendaItem, Board, BoardKind, Meeting, Membership
from participation.documents.models import Document, DocumentVersion
from participation.measures.models import Measure, MeasureStatus
from participation.papers.models import Paper
from tests.api.oparl_schema import list_problems, problems

SYSTEM = "/oparl/v1/system"
ALL_TYPES = {"System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem", "Paper",
             "Consultation", "File", "Location"}


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def api_urls(value) -> list[str]:
    """Every link into the interface found in a JSON value."""
    if isinstance(value, str):
        return [value] if "/oparl/v1/" in value else []
    if isinstance(value, dict):
        return [url for inner in value.values() for url in api_urls(inner)]
    if isinstance(value, list):
        return [url for inner in value for url in api_urls(inner)]
    return []


def crawl(client, start: str = SYSTEM) -> tuple[dict[str, dict], list[str]]:
    """Fetch every object and list page reachable from `start`; returns objects by id and every problem found."""
    objects, found_problems, seen, queue = {}, [], set(), [start]
    while queue:
        path = path_of(queue.pop())
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200:
            found_problems.append(f"{path}: HTTP {response.status_code}")
            continue
        payload = response.get_json()
        if "data" in payload:
            found_problems += [f"{path}: {problem}" for problem in list_problems(payload)]
            for obj in payload["data"]:
                objects[obj["id"]] = obj
        else:
            found_problems += [f"{path}: {problem}" for problem in problems(payload)]
            objects[payload["id"]] = payload
            if path_of(payload["id"]) != path:
                found_problems.append(f"{path} answers with the id {payload['id']}")
        queue += [url for url in api_urls(payload) if path_of(url) not in seen]
    return objects, found_problems


def all_pages(client, path: str) -> list[dict]:
    pages = [client.get(path).get_json()]
    while "next" in pages[-1]["links"]:
        pages.append(client.get(path_of(pages[-1]["links"]["next"])).get_json())
    return pages


def since(moment: datetime) -> str:
    return quote(moment.isoformat(timespec="seconds"))


def test_every_object_reachable_from_the_system_validates_against_the_oparl_schemas(client, demo):
    objects, found_problems = crawl(client)
    assert found_problems == []
    kinds = Counter(obj["type"].rsplit("/", 1)[1] for obj in objects.values())
    assert set(kinds) == ALL_TYPES
    assert kinds["Organization"] == 3 and kinds["Meeting"] >= 12


def test_lists_paginate_and_keep_every_filter_in_their_links(client, demo):
    everything = [obj["id"] for page in all_pages(client, "/oparl/v1/body/1/agendaItem") for obj in page["data"]]
    moment = since(datetime(2000, 1, 1, tzinfo=UTC))
    pages = all_pages(client, f"/oparl/v1/body/1/agendaItem?elementsPerPage=7&created_since={moment}")
    assert len(pages) == -(-len(everything) // 7) > 2
    paged = [obj["id"] for page in pages for obj in page["data"]]
    assert paged == everything  # stable order, nothing twice, nothing lost
    for page in pages:
        assert page["pagination"]["elementsPerPage"] == 7
        for link in page["links"].values():
            query = parse_qs(urlsplit(link).query)
            assert query["created_since"] == ["2000-01-01T00:00:00+00:00"] and query["elementsPerPage"] == ["7"]


def test_created_and_modified_filters_limit_the_lists(client, demo, db):
    later = datetime.now(UTC) + timedelta(days=1)
    assert client.get(f"/oparl/v1/body/1/paper?created_since={since(later)}").get_json()["data"] == []
    earlier = datetime(2000, 1, 1, tzinfo=UTC)
    assert client.get(f"/oparl/v1/body/1/meeting?modified_until={since(earlier)}").get_json()["data"] == []
    measure = db.exec(select(Measure).where(Measure.status != MeasureStatus.DRAFT.value)).first()
    measure.updated_at = later + timedelta(days=1)
    db.add(measure)
    db.commit()
    changed = client.get(f"/oparl/v1/body/1/paper?modified_since={since(later)}").get_json()["data"]
    assert [urlsplit(obj["id"]).path for obj in changed] == [f"/oparl/v1/measure/{measure.id}"]


@pytest.mark.parametrize("value", ["yesterday", "2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z"])
def test_a_malformed_date_filter_is_answered_with_an_oparl_error(client, value):
    response = client.get(f"/oparl/v1/body/1/meeting?modified_since={quote(value)}")
    assert response.status_code == 400
    error = response.get_json()
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
    assert "modified_since" in error["message"]


def test_a_bad_page_size_and_unknown_objects_are_oparl_errors(client):
    assert client.get("/oparl/v1/body/1/paper?elementsPerPage=0").status_code == 400
    for path in ("/oparl/v1/meeting/99999", "/oparl/v1/body/2", "/oparl/v1/person/nobody", "/oparl/v1/whatever"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.get_json()["type"] == "https://schema.oparl.org/1.1/Error"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    response = client.post(SYSTEM)
    assert response.status_code == 405 and response.get_json()["type"] == "https://schema.oparl.org/1.1/Error"


def test_errors_speak_the_municipalitys_language(client):
    response = client.get("/oparl/v1/body/1/meeting?modified_since=gestern", headers={"Accept-Language": "en"})
    assert "Zeitzone" in response.get_json()["message"]


def test_any_site_may_read_it_without_cookies(client, demo):
    response = client.get(SYSTEM)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.mimetype == "application/json"
    assert "Set-Cookie" not in response.headers
    system = response.get_json()
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert system["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_boards_are_organizations_with_their_classification(client, demo, db):
    organizations = client.get("/oparl/v1/body/1/organization").get_json()["data"]
    advisory = db.exec(select(Board).where(Board.kind == BoardKind.ADVISORY.value)).one()
    by_name = {obj["name"]: obj for obj in organizations}
    assert by_name["Projektbeirat"]["classification"] == "Projektbeirat"
    thematic = [obj for obj in organizations if obj["classification"] == "Themenbeirat"]
    assert len(thematic) == 2
    for obj in organizations:
        assert obj["organizationType"] == "Gremium"
    assert all(urlsplit(obj["subOrganizationOf"]).path == f"/oparl/v1/organization/{advisory.id}" for obj in thematic)


def test_a_person_on_two_boards_is_one_person_with_two_seats(client, demo):
    people = [obj for page in all_pages(client, "/oparl/v1/body/1/person") for obj in page["data"]]
    vogt = [obj for obj in people if obj["name"] == "Dr. Lena Vogt"]
    assert len(vogt) == 1 and len(vogt[0]["membership"]) == 2
    assert len({seat["organization"] for seat in vogt[0]["membership"]}) == 2


def test_only_people_who_consented_are_listed(client, demo, db):
    people = [obj for page in all_pages(client, "/oparl/v1/body/1/person") for obj in page["data"]]
    names = {obj["name"] for obj in people}
    assert {"Helga Sommerfeld", "Dr. Lena Vogt"} <= names
    assert not names & {"Sabine Reuter", "Mia Petersen"}  # seats that did not consent to be named
    text = client.get("/oparl/v1/body/1/membership").get_data(as_text=True)
    assert "Reuter" not in text and "Petersen" not in text
    assert "post.example" not in text and "@" not in text.replace("http://", "")  # contacts are private


def test_measures_are_papers_with_their_contribution(client, demo, db):
    measure = db.exec(select(Measure).where(Measure.status != MeasureStatus.DRAFT.value)).first()
    obj = client.get(f"/oparl/v1/measure/{measure.id}").get_json()
    assert obj["type"] == "https://schema.oparl.org/1.1/Paper"
    assert obj["participation:contribution"] == measure.contribution
    assert obj["paperType"] == "Maßnahme"
    draft = db.exec(select(Measure).where(Measure.status == MeasureStatus.DRAFT.value)).first()
    assert draft is not None and client.get(f"/oparl/v1/measure/{draft.id}").status_code == 404
    paper = db.exec(select(Paper).where(Paper.status == "submitted")).first()
    assert client.get(f"/oparl/v1/paper/{paper.id}").get_json()["participation:contribution"] == paper.contribution


def _secret_meeting_and_item(db) -> tuple[Meeting, AgendaItem]:
    board = db.exec(select(Board).where(Board.kind == BoardKind.ADVISORY.value)).one()
    starts = datetime.now(UTC) + timedelta(days=40)
    secret = Meeting(board_id=board.id, name="Geheime Klausur Streuobst", starts_at=starts, is_public=False,
                     location="Hinterzimmer Dorfkrug")
    public = db.exec(select(Meeting).where(Meeting.is_public, Meeting.board_id == board.id)).first()
    db.add(secret)
    db.flush()
    db.add(AgendaItem(meeting_id=secret.id, position=1, title="Grundstücksverhandlung Vertraulich-A"))
    item = AgendaItem(meeting_id=public.id, position=99, title="Personalie Vertraulich-B", is_public=False,
                      minutes="Vertraulich-C")
    db.add(item)
    db.commit()
    return secret, item


def test_non_public_meetings_and_items_never_leak(client, demo, db, sign_in_as):
    secret, item = _secret_meeting_and_item(db)
    sign_in_as(Role.STAFF)  # the interface is the same for everyone, even for those who may see the page
    objects, found_problems = crawl(client)
    assert found_problems == []
    text = str(objects)
    for word in ("Geheime Klausur", "Hinterzimmer", "Vertraulich-A", "Vertraulich-B", "Vertraulich-C"):
        assert word not in text
    assert client.get(f"/oparl/v1/agendaItem/{item.id}").status_code == 404
    assert client.get(f"/oparl/v1/consultation/{item.id}").status_code == 404
    # Asked for directly, the non-public meeting is only a deleted stub: no name, place or agenda.
    stub = client.get(f"/oparl/v1/meeting/{secret.id}").get_json()
    assert stub["deleted"] is True and set(stub) == {"id", "type", "created", "modified", "deleted"}
    assert problems(stub) == []


def test_an_object_that_leaves_public_view_is_reported_deleted_only_to_clients_asking_for_changes(client, demo, db):
    before = datetime.now(UTC) - timedelta(seconds=5)
    meeting = db.exec(select(Meeting).where(Meeting.is_public)).first()
    meeting.is_public, meeting.updated_at = False, datetime.now(UTC)
    db.add(meeting)
    db.commit()
    url = f"/oparl/v1/meeting/{meeting.id}"

    plain = [obj for page in all_pages(client, "/oparl/v1/body/1/meeting") for obj in page["data"]]
    assert all(not obj.get("deleted") for obj in plain)
    assert url not in [urlsplit(obj["id"]).path for obj in plain]

    changes = client.get(f"/oparl/v1/body/1/meeting?modified_since={since(before)}").get_json()
    deleted = {urlsplit(obj["id"]).path: obj for obj in changes["data"] if obj.get("deleted")}
    assert url in deleted and set(deleted[url]) == {"id", "type", "created", "modified", "deleted"}
    assert all(not db.get(Meeting, int(path.rsplit("/", 1)[1])).is_public for path in deleted)
    assert list_problems(changes) == []


def test_a_withdrawn_consent_and_a_removed_file_are_reported_deleted(client, demo, db, browser, make_user):
    before = datetime.now(UTC) - timedelta(seconds=5)
    admin = make_user(Role.ADMIN)
    browser.sign_in(admin.email)
    seat = db.exec(select(Membership).where(Membership.person_name == "Marion Kruse")).one()
    person_path = f"/oparl/v1/person/seat-{seat.id}"
    assert client.get(person_path).get_json()["name"] == "Marion Kruse"
    edit_page = f"/boards/{seat.board_id}/members/{seat.id}/edit"
    form = {"person_name": seat.person_name, "organisation": seat.organisation, "contact": seat.contact,
            "role": seat.role, "is_external": "y", "has_vote": "y"}  # listed_publicly unticked
    assert browser.submit(edit_page, form).status_code == 302

    attachment = db.exec(select(Document).where(Document.paper_id.is_not(None))).first()
    file_id, paper_id = attachment.id, attachment.paper_id
    response = browser.submit(f"/papers/{paper_id}/files/{file_id}/delete", {}, form_page=f"/papers/{paper_id}")
    assert response.status_code == 302
    browser.sign_out()

    person = client.get(person_path).get_json()
    assert person["deleted"] is True and "name" not in person
    people = client.get(f"/oparl/v1/body/1/person?modified_since={since(before)}").get_json()["data"]
    assert [obj for obj in people if urlsplit(obj["id"]).path == person_path][0]["deleted"] is True
    listed = [urlsplit(obj["id"]).path for page in all_pages(client, "/oparl/v1/body/1/person") for obj in page["data"]]
    assert person_path not in listed

    files = client.get(f"/oparl/v1/body/1/file?modified_since={since(before)}").get_json()["data"]
    assert [urlsplit(obj["id"]).path for obj in files if obj.get("deleted")] == [f"/oparl/v1/file/{file_id}"]
    assert client.get(f"/oparl/v1/file/{file_id}").get_json()["deleted"] is True
    paper = client.get(f"/oparl/v1/paper/{paper_id}").get_json()
    assert f"/oparl/v1/file/{file_id}" not in str(paper)
    assert datetime.fromisoformat(paper["modified"]) >= before


def test_published_decisions_appear_on_agenda_items_and_minutes_only_once_published(client, demo, db):
    held = db.exec(select(Meeting).where(Meeting.is_public, Meeting.minutes_published_at.is_not(None))).first()
    items = client.get(f"/oparl/v1/meeting/{held.id}").get_json()["agendaItem"]
    assert any("result" in item and "resolutionText" in item for item in items)
    planned = db.exec(select(Meeting).where(Meeting.is_public, Meeting.minutes_published_at.is_(None),
                                            Meeting.state == "planned")).all()
    for meeting in planned:
        for item in client.get(f"/oparl/v1/meeting/{meeting.id}").get_json().get("agendaItem", []):
            assert "result" not in item and "participation:minutes" not in item


def test_files_are_the_submitted_papers_attachments_and_their_access_url_serves_them(client, demo, db):
    files = [obj for page in all_pages(client, "/oparl/v1/body/1/file") for obj in page["data"]]
    attachments = db.exec(select(Document).where(Document.paper_id.is_not(None)).order_by(Document.id)).all()
    assert [urlsplit(obj["id"]).path for obj in files] == [f"/oparl/v1/file/{doc.id}" for doc in attachments]
    for obj, attachment in zip(files, attachments, strict=True):
        assert problems(obj) == []
        assert obj["date"] == attachment.document_date.isoformat()
        download = client.get(path_of(obj["accessUrl"]))
        assert download.status_code == 200 and download.mimetype == obj["mimeType"]
        assert len(download.data) == obj["size"] and hashlib.sha512(download.data).hexdigest() == obj["sha512Checksum"]
        paper = client.get(path_of(obj["paper"][0])).get_json()
        assert paper["mainFile"]["id"] == obj["id"]


def test_a_drafts_attachment_is_no_file_until_the_paper_is_submitted(client, demo, db):
    draft = db.exec(select(Paper).where(Paper.status == "draft")).first()
    attachment = Document(title="Entwurf Anlage", category="paper", audience="staff", paper_id=draft.id,
                          version_count=1)
    db.add(attachment)
    db.flush()
    db.add(DocumentVersion(document_id=attachment.id, number=1, name="Entwurf.pdf", stored_name="entwurf.pdf",
                           content_type="application/pdf", size=3, sha512="0" * 128))
    db.commit()
    files = [obj for page in all_pages(client, "/oparl/v1/body/1/file") for obj in page["data"]]
    assert f"/oparl/v1/file/{attachment.id}" not in [urlsplit(obj["id"]).path for obj in files]
    assert client.get(f"/oparl/v1/file/{attachment.id}").status_code == 404
