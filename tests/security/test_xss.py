"""Script injection: stored in every text the portal shows, and reflected through query parameters, on every page.

Stored: the demo's rows get a script payload appended to every free-text column (titles, bodies, names, file
names, reasons, audit labels, …) as if residents and staff had typed it; then every page the app registers is
opened by someone who may see everything. The payload must never come back as markup. Reflected: every page is
opened with the payload in the query parameters the lists understand.
"""

import re
from urllib.parse import quote

import pytest
from sqlalchemy import String, text
from sqlmodel import AutoString, SQLModel

from participation.accounts.models import Role
from tests.security.routes import route_cases

PAYLOAD = "\"'><script>alert(1)</script>"
LINK_PAYLOAD = " [Link](javascript:alert(2)) <a href=\"javascript:alert(3)\">a</a>"
OFFSITE = "https://evil.example/"
OFFSITE_LINK = f'href="{OFFSITE}'
SCRIPT_LINK = re.compile(r"""href\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
# Free text people type. Left out: addresses and links (checked on input), machine values, mail in the outbox.
TEXT_COLUMNS = {
    "actor_name", "answer_note", "appeal", "author_name", "body", "cancel_reason", "contribution", "decision_text",
    "decline_reason", "description", "deviations", "display_name", "done", "funding_source", "goal",
    "hidden_reason", "image_alt", "location", "message", "minutes", "name", "next_steps", "note", "object_label",
    "office", "official_answer", "organisation", "partner_organisations", "person_name", "place", "purpose",
    "reason", "requirements", "skills", "summary", "teaser", "text", "title",
}
UNTOUCHED_TABLES = {"outbox_mail"}
QUERY_PARAMETERS = ("q", "sort", "order", "page", "district", "area", "status", "kind", "category", "audience",
                    "board", "year", "from", "next", "lang", "filter", "view", "project", "measure", "light")


def poison_every_text(db) -> int:
    poisoned = 0
    for table in SQLModel.metadata.sorted_tables:
        if table.name in UNTOUCHED_TABLES:
            continue
        for column in table.columns:
            length = getattr(column.type, "length", None)
            if column.name not in TEXT_COLUMNS or not isinstance(column.type, (String, AutoString)):
                continue
            payload = PAYLOAD + LINK_PAYLOAD if (length or 10_000) >= 200 else PAYLOAD
            db.execute(text(f'UPDATE "{table.name}" SET "{column.name}" = '
                            f'SUBSTR("{column.name}", 1, :keep) || :payload'),
                       {"keep": (length or 10_000) - len(payload), "payload": payload})
            poisoned += 1
    db.commit()
    return poisoned


def pages_showing_payload(browser, cases, query_groups) -> dict[str, int]:
    """The pages among `cases` that answer with HTML containing the payload unescaped, a link to a script or a link
    off the site. Each group of queries is tried until a page reads it without refusing (status below 400): first all
    parameters at once, then one by one."""
    leaks = {}
    for case in cases:
        for queries in query_groups:
            for query in queries:
                response = browser.get(case.path + query)
                assert response.status_code < 500, f"{case}{query} answered {response.status_code}"
                html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
                if PAYLOAD in html or SCRIPT_LINK.search(html) or OFFSITE_LINK in html:
                    leaks[f"{case}{query}"] = response.status_code
                if response.status_code < 400:
                    break
    return leaks


@pytest.mark.usefixtures("demo")
def test_stored_scripts_never_run_anywhere(app, db, sign_in_as, browser):
    assert poison_every_text(db) > 60
    sign_in_as(Role.ADMIN, Role.STAFF, Role.MODERATOR)
    assert pages_showing_payload(browser, route_cases(app, db, "GET"), [[""]]) == {}
    # The payload did reach the pages, escaped: otherwise the test proves nothing.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in browser.get("/admin/audit").get_data(as_text=True)


@pytest.mark.usefixtures("demo")
def test_query_parameters_are_never_reflected_as_markup(app, db, sign_in_as, browser):
    sign_in_as(Role.ADMIN, Role.STAFF, Role.MODERATOR)
    query_groups = [["?" + "&".join(f"{name}={quote(value)}" for name in QUERY_PARAMETERS),
                     *(f"?{name}={quote(value)}" for name in QUERY_PARAMETERS)]
                    for value in (PAYLOAD, "javascript:alert(1)", OFFSITE)]
    pages = [case for case in route_cases(app, db, "GET")
             if (response := browser.get(case.path)).status_code < 400 and response.mimetype == "text/html"]
    assert pages_showing_payload(browser, pages, query_groups) == {}
