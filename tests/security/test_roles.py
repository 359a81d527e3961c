"""Lower roles against every privileged route: refused (403, or 404 where even existence is not shown), and nothing
changes. The routes come from the app's URL map; what a resident may use is the explicit list below."""

import pytest

from participation.accounts.models import Role
from tests.conftest import csrf_token_from
from tests.security.routes import route_cases, row_counts

# Pages anyone may read.
PUBLIC_READ = {
    "site.home", "site.legal_page", "site.branding_css", "site.healthz", "site.accessibility_feedback",
    "site.easy_read", "ideas.index", "ideas.show", "ideas.image", "ideas.outcomes", "ideas.similar",
    "measures.index", "measures.show", "measures.export", "boards.index", "boards.show", "boards.meeting",
    "boards.meeting_ics", "documents.index", "documents.show", "documents.current_file", "documents.version_file",
    "papers.index", "papers.show", "papers.download_file", "partners.index", "partners.show", "partners.logo",
    "news.index", "news.show", "news.image", "search.index", "statistics.index", "information.calendar_ics",
    "volunteering.index", "volunteering.project", "volunteering.project_image", "volunteering.shift_ics",
    "volunteering.calendar_feed", "opendata.index", "opendata.download", "opendata.catalog",
}
# What every signed-in resident may do: their account, taking part, their own contributions (ownership is checked
# per object by tests/security/test_idor.py).
RESIDENT_ACTIONS = {
    "accounts.profile", "auth.change_password", "auth.change_email", "auth.confirm_email_change", "auth.login",
    "auth.logout", "auth.register", "auth.resend_verification", "auth.request_reset", "auth.reset_password",
    "auth.verify_email", "auth.check_mail", "notifications.index", "notifications.mark_read",
    "notifications.mark_all_read", "notifications.settings", "notifications.unsubscribe",
    "ideas.new", "ideas.edit", "ideas.delete", "ideas.appeal", "ideas.report", "ideas.support",
    "ideas.withdraw_support", "ideas.follow", "ideas.unfollow", "measures.follow", "measures.unfollow",
    "volunteering.sign_up", "volunteering.withdraw", "volunteering.my_shifts", "volunteering.new_calendar_feed",
    "volunteering.revoke_calendar_feed", "representatives.index", "boards.respond",
    "privacy.export", "privacy.export_json", "privacy.consents", "privacy.board_listing", "privacy.delete_account",
}
COMMENT_ACTIONS = {"comment", "edit_comment", "delete_comment", "appeal_comment", "flag_comment"}


def is_open_to_residents(endpoint: str) -> bool:
    area, _, view = endpoint.partition(".")
    return (endpoint in PUBLIC_READ or endpoint in RESIDENT_ACTIONS or area in {"api", "feeds"}
            or (area in {"ideas", "measures", "news"} and view in COMMENT_ACTIONS))


def privileged_cases(app, db, method):
    return [case for case in route_cases(app, db, method) if not is_open_to_residents(case.endpoint)]


@pytest.mark.usefixtures("demo")
def test_a_resident_is_refused_on_every_privileged_route(app, db, sign_in_as, browser):
    sign_in_as(Role.RESIDENT)
    token = csrf_token_from(browser.get("/account/password").get_data(as_text=True))
    before = row_counts(db)
    pages = privileged_cases(app, db, "GET")
    actions = privileged_cases(app, db, "POST")
    assert len(pages) > 40 and len(actions) > 70
    answers = {f"GET {case}": browser.get(case.path).status_code for case in pages}
    answers.update({f"POST {case}": browser.client.post(case.path, data={"csrf_token": token}).status_code
                    for case in actions})
    assert {case: status for case, status in answers.items() if status not in (403, 404)} == {}
    assert row_counts(db) == before


def answers_below(app, db, browser, prefix: str) -> dict[str, int]:
    """The status of every GET and POST (with a valid token) to a route whose path starts with `prefix`."""
    token = csrf_token_from(browser.get("/account/password").get_data(as_text=True))
    answers = {f"GET {case}": browser.get(case.path).status_code
               for case in route_cases(app, db, "GET") if case.rule.rule.startswith(prefix)}
    answers.update({f"POST {case}": browser.client.post(case.path, data={"csrf_token": token}).status_code
                    for case in route_cases(app, db, "POST") if case.rule.rule.startswith(prefix)})
    return answers


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.STAFF, Role.BOARD_MEMBER,
                                  Role.PARTNER_COORDINATOR])
def test_only_admins_pass_the_admin_area(app, db, sign_in_as, browser, role):
    sign_in_as(role)
    answers = answers_below(app, db, browser, "/admin/")
    assert len(answers) > 25
    assert {case: status for case, status in answers.items() if status != 403} == {}


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("role", [Role.RESIDENT, Role.BOARD_MEMBER, Role.PARTNER_COORDINATOR])
def test_only_moderators_and_staff_pass_the_moderation_area(app, db, sign_in_as, browser, role):
    sign_in_as(role)
    answers = answers_below(app, db, browser, "/moderation/")
    assert len(answers) > 15
    assert {case: status for case, status in answers.items() if status != 403} == {}
