"""District representatives in a real browser: axe checks their pages and the secretary's proposal pages in both
languages, also with form errors; a representative proposes an idea and the secretary puts it on the agenda."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import col, select

from participation.accounts.services import find_user_by_email
from participation.boards.models import AgendaItem, Board, BoardKind
from participation.db import get_session, utcnow
from participation.ideas.models import Idea, IdeaStatus
from participation.municipality.models import District
from participation.notifications.kinds import NotificationKind
from participation.notifications.models import Notification
from participation.representatives.models import AgendaProposal, ProposalState
from participation.representatives.queries import next_meeting
from tests.e2e.helpers import ADMIN_EMAIL, DEMO_PASSWORD, sign_in, visit_all
from tests.e2e.test_accessibility import LANGUAGES, assert_accessible, in_language

pytestmark = pytest.mark.e2e

REPRESENTATIVE_EMAIL = "beirat@beispielstadt.example"  # Bernd Beirat represents Seedorf
SECRETARY_EMAIL = "verwaltung@beispielstadt.example"  # secretary of the demo Projektbeirat


@pytest.fixture(scope="module")
def demo(live_server) -> dict[str, int]:
    """Ids of demo objects the pages are about."""
    with live_server.app.app_context():
        db = get_session()
        seedorf = db.exec(select(District).where(District.name == "Seedorf")).one()
        advisory = db.exec(select(Board).where(Board.kind == BoardKind.ADVISORY.value)).first()
        pending = db.exec(select(AgendaProposal).where(AgendaProposal.board_id == advisory.id,
                                                       AgendaProposal.state == ProposalState.PENDING.value)
                          .order_by(AgendaProposal.id)).first()
        idea = db.exec(select(Idea).where(Idea.district_id == seedorf.id, col(Idea.is_hidden).is_(False),
                                          Idea.status == IdeaStatus.PUBLISHED.value).order_by(Idea.id)).first()
        return {"seedorf": seedorf.id, "advisory": advisory.id, "pending": pending.id, "idea": idea.id}


def representative_pages(ids):
    return [("/my-district/", 200), (f"/my-district/{ids['seedorf']}", 200),
            (f"/my-district/{ids['seedorf']}/ideas/{ids['idea']}/propose", 200)]


def secretary_pages(ids):
    return [(f"/boards/{ids['advisory']}", 200), (f"/boards/{ids['advisory']}/proposals", 200),
            (f"/boards/{ids['advisory']}/proposals/{ids['pending']}/decline", 200)]


def admin_pages(ids):
    return [("/my-district/", 200), (f"/my-district/{ids['seedorf']}", 200)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_district_pages_for_the_representative(signed_in, demo, lang):
    page = signed_in(REPRESENTATIVE_EMAIL, lang)
    visit_all(page, representative_pages(demo), lang, "representative")
    page.goto(in_language(f"/my-district/{demo['seedorf']}", lang))
    expect(page.locator("nav.main-nav a[href='/my-district/']")).to_have_attribute("aria-current", "page")
    expect(page.locator("#proposals")).to_contain_text(
        "Die Tagesordnung der nächsten Sitzung ist bereits voll")  # the demo's declined proposal, with its reason


@pytest.mark.parametrize("lang", LANGUAGES)
def test_proposal_pages_for_the_secretary(signed_in, demo, lang):
    visit_all(signed_in(SECRETARY_EMAIL, lang), secretary_pages(demo), lang, "secretary")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_district_pages_for_admins(signed_in, demo, lang):
    visit_all(signed_in(ADMIN_EMAIL, lang), admin_pages(demo), lang, "admin")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("who", "path_of"), [
    (REPRESENTATIVE_EMAIL, lambda ids: f"/my-district/{ids['seedorf']}/ideas/{ids['idea']}/propose"),
    (SECRETARY_EMAIL, lambda ids: f"/boards/{ids['advisory']}/proposals/{ids['pending']}/decline"),
], ids=["propose", "decline"])
def test_proposal_forms_with_errors(signed_in, demo, lang, who, path_of):
    page = signed_in(who, lang)
    path = path_of(demo)
    page.goto(in_language(path, lang))
    page.fill("#reason", "")
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    assert submitted.value.status == 422, f"{path}: answered {submitted.value.status}"
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator("#reason")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"{path} with errors [{lang}]")


def test_a_proposal_goes_from_the_district_page_onto_the_agenda(make_page, live_server, demo):
    """Done-when of the representatives' part of the issue: proposed from the district page, accepted by the
    secretary, the idea is an item of the next meeting and the representative learns of it."""
    with live_server.app.app_context():
        db = get_session()
        meeting = next_meeting(db, demo["advisory"], utcnow())
        taken = select(AgendaItem.idea_id).where(AgendaItem.meeting_id == meeting.id,
                                                 col(AgendaItem.idea_id).is_not(None))
        waiting = select(AgendaProposal.idea_id).where(AgendaProposal.state == ProposalState.PENDING.value)
        candidates = dict(db.exec(select(Idea.id, Idea.title).where(
            Idea.district_id == demo["seedorf"], col(Idea.is_hidden).is_(False),
            col(Idea.status).in_([IdeaStatus.PUBLISHED.value, IdeaStatus.IN_REVIEW.value]),
            col(Idea.id).not_in(taken), col(Idea.id).not_in(waiting))).all())
        bernd_id = find_user_by_email(db, REPRESENTATIVE_EMAIL).id

    page = make_page(locale="de-DE")
    sign_in(page, REPRESENTATIVE_EMAIL, DEMO_PASSWORD)
    page.locator("nav.main-nav a[href='/my-district/']").click()
    expect(page.locator("h1")).to_contain_text("Seedorf")
    # The first idea on the page that is neither on the next agenda nor waiting for a decision there.
    links = page.locator("main a[href$='/propose']")
    targets = [links.nth(number).get_attribute("href") for number in range(links.count())]
    idea_id = next(int(href.split("/")[-2]) for href in targets if int(href.split("/")[-2]) in candidates)
    title = candidates[idea_id]
    page.locator(f"a[href='/my-district/{demo['seedorf']}/ideas/{idea_id}/propose']").first.click()
    page.fill("#reason", "Viele Menschen in Seedorf wünschen sich, dass der Beirat darüber spricht.")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("#proposals")).to_contain_text(title)

    office = make_page(locale="de-DE")
    sign_in(office, SECRETARY_EMAIL, DEMO_PASSWORD)
    office.goto(f"/boards/{demo['advisory']}")
    office.locator(f"a[href='/boards/{demo['advisory']}/proposals']").click()
    office.get_by_role("button", name=re.compile(re.escape(title))).click()
    expect(office.locator(".flash-success")).to_be_visible()
    assert_accessible(office, "proposals after a decision (secretary)")
    office.goto(f"/meetings/{meeting.id}")
    expect(office.locator("#agenda")).to_contain_text(title)

    with live_server.app.app_context():
        db = get_session()
        assert db.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                AgendaItem.idea_id == idea_id)).one()
        # The newest proposal of the idea (the demo's declined one may be about the same idea).
        assert db.exec(select(AgendaProposal.state).where(AgendaProposal.idea_id == idea_id,
                                                          AgendaProposal.proposed_by_id == bernd_id)
                       .order_by(col(AgendaProposal.id).desc())).first() == ProposalState.ACCEPTED.value
        assert db.exec(select(Notification.link).where(
            Notification.user_id == bernd_id, Notification.kind == NotificationKind.AGENDA_PROPOSAL_ACCEPTED.value)
        ).one().startswith(f"/meetings/{meeting.id}#item-")
