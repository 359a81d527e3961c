"""Another person's objects through every owner-only route: refused (403 or 404), and nothing changes.

The sample values of tests/security/routes.py name objects of the demo residents, never of the newly registered
person who tries them here."""

import pytest
from sqlalchemy import text

from tests.conftest import csrf_token_from
from tests.security.routes import route_cases

OWNER_ONLY = {"ideas.edit", "ideas.delete", "ideas.appeal", "notifications.mark_read", "privacy.board_listing"}
OWNER_ONLY_COMMENT_VIEWS = {"edit_comment", "delete_comment", "appeal_comment"}
GUARDED_TABLES = ("idea", "comment", "notification", "membership", "consent_record")


def is_owner_only(endpoint: str) -> bool:
    area, _, view = endpoint.partition(".")
    return endpoint in OWNER_ONLY or (area in {"ideas", "measures", "news"} and view in OWNER_ONLY_COMMENT_VIEWS)


def contents(db) -> dict[str, list]:
    return {table: [tuple(row) for row in db.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
            for table in GUARDED_TABLES}


@pytest.mark.usefixtures("demo")
def test_nobody_changes_another_persons_contributions(app, db, make_user, signed_in):
    stranger = signed_in(make_user())
    token = csrf_token_from(stranger.get("/account/password").get_data(as_text=True))
    before = contents(db)
    form = {"csrf_token": token, "title": "Taken over", "body": "Taken over by a stranger", "reason": "x",
            "appeal": "x", "listed": "y", "district": "0", "action_areas": "1", "step": "submit"}
    answers = {}
    for method in ("GET", "POST"):
        for case in route_cases(app, db, method):
            if is_owner_only(case.endpoint):
                response = stranger.get(case.path) if method == "GET" else stranger.client.post(case.path, data=form)
                answers[f"{method} {case}"] = response.status_code
    assert len(answers) >= 15
    assert {case: status for case, status in answers.items() if status not in (403, 404)} == {}
    assert contents(db) == before
