"""The open-data files: type, licence, Last-Modified and 304; only public objects; no e-mail addresses or names;
CSV cells that a spreadsheet would run as formulas neutralised; a constant number of queries."""

import csv
import io
import json
import re
from email.utils import format_datetime, parsedate_to_datetime

import pytest

from participation.accounts.models import Role
from participation.boards.models import Meeting
from participation.db import utcnow
from participation.ideas.models import Idea, IdeaStatus
from participation.moderation import services as moderation
from participation.opendata import queries
from tests.opendata.conftest import AUTHOR_NAME, NEWEST_IDEA_CHANGE, STAFF_NAME
from tests.query_count import recorded_statements, selects

FILES = ["ideas.csv", "ideas.json", "measures.csv", "measures.json", "measure-reviews.csv", "meetings.csv",
         "meetings.json", "agenda-items.csv", "agenda-items.json", "projects.csv", "projects.json"]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def download(client, name: str, **headers):
    """The file, read to its end (as every client does: the body streams)."""
    return client.get(f"/open-data/{name}", headers=headers, buffered=True)


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def json_items(response) -> list[dict]:
    return json.loads(response.get_data(as_text=True))["items"]


@pytest.mark.parametrize("name", FILES)
def test_each_file_downloads_with_type_licence_and_date(client, record, name):
    response = download(client, name)
    assert response.status_code == 200
    expected_type = "text/csv" if name.endswith(".csv") else "application/json"
    assert response.mimetype == expected_type
    assert response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.headers["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert response.last_modified is not None
    body = response.get_data()
    assert response.headers.get("Content-Length") in (None, str(len(body))), "no length that cuts the file"
    assert not body.startswith(b"\xef\xbb\xbf"), "plain UTF-8, without a byte-order mark"
    if name.endswith(".json"):
        document = json.loads(body)
        assert document["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
        assert set(document) == {"licence", "source", "generated", "items"}
        assert document["items"]
    else:
        assert len(csv_rows(response)) >= 1


@pytest.mark.parametrize("name", FILES)
def test_a_current_copy_is_answered_with_304(client, record, name):
    last_modified = download(client, name).headers["Last-Modified"]
    unchanged = download(client, name, **{"If-Modified-Since": last_modified})
    assert unchanged.status_code == 304
    assert unchanged.get_data() == b""
    older = format_datetime(parsedate_to_datetime(last_modified).replace(year=2020), usegmt=True)
    assert download(client, name, **{"If-Modified-Since": older}).status_code == 200


def test_last_modified_is_the_newest_change_of_the_rows(client, record):
    response = download(client, "ideas.csv")
    assert response.last_modified == NEWEST_IDEA_CHANGE


def test_hiding_an_idea_changes_the_date_of_the_ideas(app, client, db, record, make_user):
    before = download(client, "ideas.json").headers["Last-Modified"]
    moderator = make_user(Role.MODERATOR)
    idea = db.get(Idea, record.public_idea.id)
    with app.app_context():  # the author is told: that renders a mail
        moderation.hide(db, moderator, idea, idea.version, "Enthält eine Telefonnummer.")
    db.commit()
    after = download(client, "ideas.json", **{"If-Modified-Since": before})
    assert after.status_code == 200
    assert record.public_idea.id not in [item["id"] for item in json_items(after)]


def test_only_public_ideas(client, record):
    ids = [item["id"] for item in json_items(download(client, "ideas.json"))]
    assert ids == [record.public_idea.id, record.formula_idea.id]
    assert [int(row["id"]) for row in csv_rows(download(client, "ideas.csv"))] == ids


def test_idea_record_in_both_formats(client, record):
    item = json_items(download(client, "ideas.json"))[0]
    assert item["title"] == "Spielplatz am Seeufer"
    assert item["status"] == "published"
    assert item["district"] == "Seedorf"
    assert item["action_areas"] == ["Kooperation stärken"]
    assert item["support_count"] == 3
    assert item["comment_count"] == 1
    assert item["official_answer"] == "Wir prüfen das bis zum Sommer."
    assert item["url"] == f"http://127.0.0.1:5000/ideas/{record.public_idea.id}"
    assert item["last_activity_at"] == "2026-03-04T11:30:15+01:00"  # the municipality's time, with its offset
    row = csv_rows(download(client, "ideas.csv"))[0]
    assert list(row) == list(item), "the same keys in both formats"
    assert row["action_areas"] == "Kooperation stärken"
    assert row["support_count"] == "3"


def test_only_public_measures_with_their_reviews(client, record):
    items = json_items(download(client, "measures.json"))
    assert [item["id"] for item in items] == [record.public_measure.id]
    measure = items[0]
    assert measure["responsible_unit"] == "Stabsstelle Stadtentwicklung"
    assert measure["districts"] == ["Seedorf"]
    assert measure["planned_end"] == "2027-06-30"
    assert [review["period"] for review in measure["reviews"]] == ["2025-Q4", "2026-Q1"]
    assert measure["reviews"][1]["deviations"] == "Eine Sitzung fiel aus."
    measure_rows = csv_rows(download(client, "measures.csv"))
    assert "reviews" not in measure_rows[0]
    reviews = csv_rows(download(client, "measure-reviews.csv"))
    assert [(int(row["measure_id"]), row["period"]) for row in reviews] == [
        (record.public_measure.id, "2025-Q4"), (record.public_measure.id, "2026-Q1")]
    assert reviews[1]["url"].endswith(f"/measures/{record.public_measure.id}#review-2026-Q1")
    assert download(client, "measure-reviews.json").status_code == 404


def test_only_public_meetings_and_their_public_items(client, record):
    meetings = json_items(download(client, "meetings.json"))
    assert [item["id"] for item in meetings] == [record.public_meeting.id]
    assert meetings[0]["public_agenda_items"] == 1
    assert meetings[0]["location"] == "Rathaus, Ratssaal"
    items = json_items(download(client, "agenda-items.json"))
    assert [item["id"] for item in items] == [record.public_item.id]
    assert items[0]["idea_id"] == record.public_idea.id
    assert [int(row["id"]) for row in csv_rows(download(client, "agenda-items.csv"))] == [record.public_item.id]


def test_minutes_and_result_only_once_published(client, db, record):
    item = json_items(download(client, "agenda-items.json"))[0]
    assert item["minutes"] is None and item["result"] is None and item["decision_text"] is None
    meeting = db.get(Meeting, record.public_meeting.id)
    meeting.minutes_published_at = utcnow()
    db.add(meeting)
    db.commit()
    item = json_items(download(client, "agenda-items.json"))[0]
    assert item["minutes"] == "Der Beirat hat diskutiert."
    assert item["result"] == "recommendation"
    assert item["decision_text"] == "Der Beirat empfiehlt den Bau."


def test_projects_name_only_public_links(client, record):
    project = json_items(download(client, "projects.json"))[0]
    assert project["title"] == "Repair-Café"
    assert project["partner_organisation"] == "Umweltverband Teststadt"
    assert project["districts"] == ["Seedorf"]
    assert project["idea_id"] == record.public_idea.id
    assert project["measure_id"] is None, "its measure is a draft"


@pytest.mark.parametrize("name", FILES)
def test_no_email_addresses_names_or_non_public_titles(client, record, name):
    text = download(client, name).get_data(as_text=True)
    assert not EMAIL.search(text)
    for secret in (AUTHOR_NAME, STAFF_NAME, "Noch nicht geprüft", "Werbung", "Geheimer Entwurf", "Nur intern",
                   "Klausur", "Personalangelegenheit", "Strategie intern"):
        assert secret not in text


def test_csv_cells_that_look_like_formulas_are_neutralised(client, record):
    rows = csv_rows(download(client, "ideas.csv"))
    formula = next(row for row in rows if int(row["id"]) == record.formula_idea.id)
    assert formula["title"] == "'=HYPERLINK(\"http://evil.example\";\"Klick\")"
    assert formula["body"] == "'+SUM(A1:A9)"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    item = next(item for item in json_items(download(client, "ideas.json")) if item["id"] == record.formula_idea.id)
    assert item["title"].startswith("=HYPERLINK"), "JSON keeps the text as written"


def test_licence_comes_from_the_settings(app, client, record):
    app.config.update(OPEN_DATA_LICENCE_NAME="Datenlizenz Deutschland – Zero – 2.0",
                      OPEN_DATA_LICENCE_URL="https://www.govdata.de/dl-de/zero-2-0")
    response = download(client, "projects.json")
    assert response.headers["Link"] == '<https://www.govdata.de/dl-de/zero-2-0>; rel="license"'
    assert json.loads(response.get_data())["licence"]["url"] == "https://www.govdata.de/dl-de/zero-2-0"
    page = client.get("/open-data/?lang=en").get_data(as_text=True)
    assert 'href="https://www.govdata.de/dl-de/zero-2-0" rel="license"' in page


def test_unknown_files_are_not_found(client):
    assert download(client, "users.csv").status_code == 404
    assert download(client, "ideas.xml").status_code == 404


def test_a_file_costs_the_same_number_of_queries_for_any_number_of_rows(app, client, db, record):
    def count(name: str) -> int:
        with recorded_statements(db.get_bind().engine) as statements:
            assert download(client, name).status_code == 200
        return len(selects(statements))

    few = {name: count(name) for name in FILES}
    for number in range(5):
        db.add(Idea(title=f"Idee {number}", body="Text", status=IdeaStatus.PUBLISHED.value))
    db.commit()
    assert {name: count(name) for name in FILES} == few


def test_rows_stream_in_batches(app, db, record, monkeypatch):
    monkeypatch.setattr(queries, "BATCH_SIZE", 1)
    with app.app_context():
        assert [row.idea.id for row in queries.public_ideas(db)] == [record.public_idea.id, record.formula_idea.id]
        assert [row.reviews for row in queries.public_measures(db)][0][0].period == "2025-Q4"
