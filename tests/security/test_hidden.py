"""What is not public stays out of every channel: pages, search, feeds, calendars, open data and the OParl API.

The demo's non-public objects (hidden and unpublished ideas, hidden comments, internal meetings and items, drafts of
news, measures and papers, board and staff documents, seats of people who did not consent to be named) get a marker
word in their texts; then a visitor and a resident open every page the app registers and search for the word. It
must never come back. Opening such an object directly answers 404.
"""

import pytest
from sqlalchemy import text

from tests.security.routes import route_cases

MARKER = "Verschlusssache"
NON_PUBLIC = {
    "idea": ("title", "is_hidden OR status NOT IN ('published', 'merged', 'in_review', 'routed_to_backlog', "
                      "'on_agenda', 'answered', 'implemented', 'declined')"),
    "comment": ("body", "hidden_at IS NOT NULL OR idea_id IN (SELECT id FROM idea WHERE title LIKE :marked)"),
    "meeting": ("name", "NOT is_public"),
    "agenda_item": ("title", "NOT is_public OR meeting_id IN (SELECT id FROM meeting WHERE NOT is_public)"),
    "news_post": ("title", "is_draft OR published_at > CURRENT_TIMESTAMP"),
    "measure": ("title", "status = 'draft'"),
    "paper": ("title", "status = 'draft'"),
    "document": ("title", "audience <> 'public'"),
    "membership": ("person_name", "user_id IS NULL AND NOT listed_publicly"),
}
DIRECT_PATHS = {
    "idea": ["/ideas/{id}", "/ideas/{id}/image"],
    "meeting": ["/meetings/{id}", "/meetings/{id}.ics", "/oparl/v1/meeting/{id}"],
    "news_post": ["/news/{id}"],
    "measure": ["/measures/{id}", "/oparl/v1/measure/{id}"],
    "paper": ["/papers/{id}", "/oparl/v1/paper/{id}"],
    "document": ["/documents/{id}", "/documents/{id}/file"],
}


def mark_everything_not_public(db) -> dict[str, list[int]]:
    marked = {}
    for table, (column, condition) in NON_PUBLIC.items():
        ids = [row[0] for row in db.execute(text(f"SELECT id FROM {table} WHERE {condition}"),
                                            {"marked": f"%{MARKER}%"})]
        db.execute(text(f"UPDATE {table} SET {column} = :marker || ' ' || {column} WHERE {condition}"),
                   {"marker": MARKER, "marked": f"%{MARKER}%"})
        marked[table] = ids
    db.commit()
    return marked


def is_deleted_stub(path: str, response) -> bool:
    """OParl forbids a 404 for an object that left public view: it answers as deleted, and says nothing more."""
    return path.startswith("/oparl/") and response.status_code == 200 and response.get_json().get("deleted") is True


def leaks(browser, paths) -> dict[str, int]:
    found = {}
    for path in paths:
        response = browser.get(path)
        if MARKER.encode() in response.get_data():
            found[path] = response.status_code
    return found


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("who", ["visitor", "resident"])
def test_nothing_non_public_reaches_any_channel(app, db, make_user, signed_in, who):
    marked = mark_everything_not_public(db)
    assert all(marked[table] for table in ("idea", "meeting", "news_post", "document", "paper", "measure")), marked
    browser = signed_in(make_user() if who == "resident" else None)
    paths = [case.path for case in route_cases(app, db, "GET")]
    paths += ["/calendar.ics", "/open-data/catalog.jsonld"]
    paths += [f"/open-data/{slug}.{file_format}" for slug in ("ideas", "measures", "meetings", "documents", "news")
              for file_format in ("csv", "json")]
    paths += [f"/oparl/v1/body/1/{kind}?elementsPerPage=1000" for kind in (
        "meeting", "agendaItem", "paper", "file", "person", "membership", "organization", "consultation")]
    assert leaks(browser, paths) == {}
    # The search page repeats the query: it may name the word exactly as often as for a word nothing contains.
    echoes = browser.get("/search?q=Zwetschgenbaum").get_data(as_text=True).count("Zwetschgenbaum")
    assert browser.get(f"/search?q={MARKER}").get_data(as_text=True).count(MARKER) == echoes
    direct = [path.format(id=object_id) for table, templates in DIRECT_PATHS.items()
              for object_id in marked[table] for path in templates]
    answers = {path: browser.get(path) for path in direct}
    assert {path: response.status_code for path, response in answers.items()
            if response.status_code != 404 and not is_deleted_stub(path, response)} == {}
