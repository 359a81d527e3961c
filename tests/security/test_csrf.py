"""Every state change needs the form's CSRF token: the test enumerates all POST routes the app registers."""

import pytest

from participation.accounts.models import Role
from tests.conftest import csrf_token_from
from tests.security.routes import route_cases, row_counts

# One-click unsubscribe (RFC 8058) is posted by the mail program, which has no session and no token; the
# signed token in its URL is what authorises it.
EXEMPT_ENDPOINTS = {"notifications.unsubscribe"}


@pytest.mark.usefixtures("demo")
def test_every_post_route_refuses_a_request_without_token(app, db, sign_in_as, browser):
    sign_in_as(Role.ADMIN, Role.STAFF, Role.MODERATOR)
    before = row_counts(db)
    cases = route_cases(app, db, "POST")
    assert len(cases) > 100  # the enumeration found the app's routes, not an empty map
    answers = {str(case): browser.client.post(case.path, data={"title": "x"}).status_code
               for case in cases if case.endpoint not in EXEMPT_ENDPOINTS}
    assert {case: status for case, status in answers.items() if status != 400} == {}
    assert row_counts(db) == before


@pytest.mark.usefixtures("demo")
def test_a_token_from_another_session_is_refused(app, db, make_user, signed_in):
    victim, attacker = make_user(), make_user()
    attacker_token = csrf_token_from(signed_in(attacker).get("/account/").get_data(as_text=True))
    response = signed_in(victim).client.post("/account/", data={
        "display_name": "Renamed by someone else", "district": "0", "locale": "de", "csrf_token": attacker_token})
    assert response.status_code == 400
    db.refresh(victim)
    assert victim.display_name != "Renamed by someone else"
