"""Done-when of the moderation issue, in a real browser and in German: the demo moderator, tried as a new user
would, clears the ideas waiting in the queue — publishes, rejects, merges two duplicates, routes one idea to a new
measure and one onto the next meeting of the Projektbeirat; the authors get their notifications; the public idea
pages and the outcomes page show it all; axe is clean on every page on the way.

The live server's database is shared by the whole run, and tests/e2e/test_moderation.py needs the demo queue's
ideas as the demo left them (and itself publishes the mobile library and rejects the advertisement). So this
journey works on ideas of its own: at its start, demo residents propose them through the form, and they wait in
the queue like the demo's. Every step goes through the pages; the database is read only to find ids and to check
what the pages said. The journey neither depends on nor disturbs what other modules do, in either order.
"""

import re
from dataclasses import dataclass

import pytest
from flask_babel import force_locale
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from participation.boards import queries as board_queries
from participation.boards.demo import ADVISORY_BOARD
from participation.db import get_session, utcnow
from participation.ideas.models import STATUS_LABELS, Idea, IdeaStatus, IdeaStatusChange
from participation.ideas.outcomes import OUTCOMES
from participation.measures.models import Measure, MeasureIdea, MeasureStatus
from participation.moderation import demo as moderation_demo
from participation.municipality.models import ActionArea, District
from participation.notifications.kinds import NotificationKind
from participation.notifications.models import Notification
from tests.e2e.helpers import DEMO_PASSWORD, idea_id_from, path_is, sign_in
from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e

MODERATOR_EMAIL = moderation_demo.MODERATOR_EMAIL
STAFF_EMAIL = moderation_demo.STAFF_EMAIL  # Vera Verwaltung: responsible for the new measure
REJECTION_REASON = "Werbung für Firmen ist im Beteiligungsportal nicht erlaubt."
CONTRIBUTION = ("Der Trinkbrunnen macht die Altstadt im Sommer für alle angenehmer und stärkt den Marktplatz als "
                "Treffpunkt, wie es das Stadtentwicklungskonzept für die Ortsmitte vorsieht.")


@dataclass(frozen=True)
class Proposal:
    author: str  # a demo account (they all share the demo password)
    title: str
    body: str
    district: str  # not Seedorf: tests/e2e/test_representatives.py proposes Seedorf's published ideas
    area: str


# The ideas the moderator decides on, by what becomes of them.
PROPOSALS = {
    "to_route": Proposal(
        "lena@beispielstadt.example", "Trinkbrunnen auf dem Marktplatz",
        "Im Sommer gibt es in der ganzen Altstadt keinen Ort, an dem man kostenlos Wasser trinken kann.\n\n"
        "Ein Trinkbrunnen am Marktplatz, neben der Bushaltestelle, wäre für Kinder, Ältere und Gäste eine "
        "große Hilfe.", "Altstadt", moderation_demo.COOPERATION),
    "to_reject": Proposal(
        moderation_demo.ADVERTISER_EMAIL, "Dachreinigung im Frühjahr – jetzt 30 % sparen!",
        "Moos auf dem Dach? **Dachservice Krüger** reinigt und versiegelt Ihr Dach zum Frühjahrspreis. "
        "Rufen Sie an: 0800 000 0001", "Altstadt", moderation_demo.COOPERATION),
    "original": Proposal(
        "karla@beispielstadt.example", "Spätbus am Freitagabend nach Birkenhain",
        "Freitags fährt der letzte Bus aus der Altstadt nach Birkenhain schon um 19:05 Uhr. Wer abends in der "
        "Stadt ist, kommt nur mit dem Taxi nach Hause.\n\nEin Spätbus gegen 23 Uhr würde genügen.",
        "Birkenhain", moderation_demo.THIRD_PARTIES),
    "duplicate": Proposal(
        "jonas@beispielstadt.example", "Spätbus freitags nach Birkenhain",
        "Bitte freitags einen späten Bus nach Birkenhain: nach 19 Uhr fährt keiner mehr, und für Jugendliche ist "
        "das Wochenende in der Stadt dann vorbei.", "Birkenhain", moderation_demo.THIRD_PARTIES),
}


@pytest.fixture(scope="module")
def places(live_server) -> dict[str, int]:
    """Ids of the districts and action areas the proposals name (to choose them in the form by value)."""
    with live_server.app.app_context():
        db = get_session()
        names = {proposal.district for proposal in PROPOSALS.values()}
        titles = {proposal.area for proposal in PROPOSALS.values()}
        found = dict(db.exec(select(District.name, District.id).where(col(District.name).in_(names))).all())
        found |= dict(db.exec(select(ActionArea.title, ActionArea.id).where(col(ActionArea.title).in_(titles))).all())
        assert set(found) == names | titles, "the demo municipality lacks a district or action area"
        return found


def german_status(live_server, status: IdeaStatus) -> str:
    """The status's name as the German pages and notifications show it."""
    with live_server.app.test_request_context(), force_locale("de"):
        return str(STATUS_LABELS[status])


def idea_row(live_server, idea_id: int) -> Idea:
    with live_server.app.app_context():
        idea = get_session().get(Idea, idea_id)
        get_session().expunge(idea)
        return idea


def click_and_wait(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def propose(new_context, proposal: Proposal, places: dict[str, int]) -> int:
    """The author proposes the idea through the form (preview, then submit) in a browser of their own; it waits
    for review. Returns its id."""
    context = new_context(locale="de-DE")
    try:
        page = context.new_page()
        sign_in(page, proposal.author, DEMO_PASSWORD)
        page.goto("/ideas/new")
        page.fill("#title", proposal.title)
        page.fill("#body", proposal.body)
        page.select_option("#district", str(places[proposal.district]))
        page.locator(f"input[name='action_areas'][value='{places[proposal.area]}']").check()
        click_and_wait(page, page.locator("main form button[name=step][value=preview]"))
        click_and_wait(page, page.locator("main form button[name=step][value=submit]"))
        expect(page.locator(".flash-success")).to_be_visible()
        return idea_id_from(page.url)
    finally:
        context.close()


def outcome_figures(page: Page) -> dict[IdeaStatus, int]:
    """The numbers of the outcomes table on /ideas/outcomes (this year), by status."""
    page.goto("/ideas/outcomes")
    cells = page.locator("main table.outcome-table tbody tr td")
    expect(cells).to_have_count(len(OUTCOMES))
    return {status: int(cells.nth(index).inner_text()) for index, status in enumerate(OUTCOMES)}


def open_from_queue(page: Page, idea_id: int, title: str) -> None:
    """Back to the queue's waiting tab, where the idea is listed; on to its panel."""
    click_and_wait(page, page.locator("main a[href='/moderation/']").first)
    expect(page).to_have_url(path_is("/moderation/"))
    click_and_wait(page, page.locator(f"main a[href='/moderation/ideas/{idea_id}']"))
    expect(page).to_have_url(path_is(f"/moderation/ideas/{idea_id}"))
    expect(page.locator("h1")).to_have_text(title)


def decide(page: Page, action: str, reason: str = "") -> None:
    """Choose a decision in the panel, give the reason if any, and record it."""
    page.locator(f"input[name='decide-action'][value='{action}']").check()
    if reason:
        page.fill("#decide-reason", reason)
    click_and_wait(page, page.locator("main form[action$='/decide'] button[type=submit]"))
    expect(page.locator(".flash-success")).to_be_visible()


def expect_status(page: Page, status: IdeaStatus) -> None:
    expect(page.locator("main dl.facts .badge").first).to_have_class(re.compile(rf"\bstatus-{status.value}\b"))


def test_the_moderator_clears_the_queue_and_the_public_sees_what_became_of_the_ideas(
        make_page, new_context, live_server, places):
    before = outcome_figures(make_page(locale="de-DE"))
    ids = {role: propose(new_context, proposal, places) for role, proposal in PROPOSALS.items()}
    titles = {role: proposal.title for role, proposal in PROPOSALS.items()}
    for idea_id in ids.values():
        assert idea_row(live_server, idea_id).status == IdeaStatus.SUBMITTED.value

    page = make_page(locale="de-DE")
    sign_in(page, MODERATOR_EMAIL, DEMO_PASSWORD)

    # 1. The navigation leads to the queue; it opens on the ideas waiting for review, the new ones among them.
    click_and_wait(page, page.locator("nav.main-nav a[href='/moderation/']"))
    expect(page).to_have_url(path_is("/moderation/"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("nav.tabs a[href$='tab=waiting']")).to_have_attribute("aria-current", "page")
    for idea_id in ids.values():
        expect(page.locator(f"main a[href='/moderation/ideas/{idea_id}']")).to_be_visible()
    assert_accessible(page, "queue, waiting tab (journey)")

    # 2. Publish the idea of a drinking fountain.
    click_and_wait(page, page.locator(f"main a[href='/moderation/ideas/{ids['to_route']}']"))
    expect(page.locator("h1")).to_have_text(titles["to_route"])
    expect_status(page, IdeaStatus.SUBMITTED)
    assert_accessible(page, "panel of a waiting idea (journey)")
    decide(page, "publish")
    expect(page).to_have_url(path_is(f"/moderation/ideas/{ids['to_route']}"))
    expect_status(page, IdeaStatus.PUBLISHED)
    expect(page.locator(f"main a[href='/measures/new/from-idea/{ids['to_route']}']")).to_be_visible()
    assert_accessible(page, "panel after publishing (journey)")

    # 3. Reject the advertisement, with the reason.
    open_from_queue(page, ids["to_reject"], titles["to_reject"])
    decide(page, "reject", REJECTION_REASON)
    expect_status(page, IdeaStatus.REJECTED)
    assert_accessible(page, "panel after rejecting (journey)")

    # 4. The two ideas of a late bus are duplicates: publish the first, merge the second into it by its number.
    open_from_queue(page, ids["original"], titles["original"])
    decide(page, "publish")
    open_from_queue(page, ids["duplicate"], titles["duplicate"])
    merge_section = page.locator("section[aria-labelledby='merge-title']")
    # The panel lists the published idea with a similar title, and its number.
    expect(merge_section.locator(f"a[href='/ideas/{ids['original']}']")).to_have_text(titles["original"])
    expect(merge_section).to_contain_text(f"#{ids['original']}")
    assert_accessible(page, "panel of a duplicate (journey)")
    page.fill("#merge-target", str(ids["original"]))
    click_and_wait(page, merge_section.locator("form[action$='/merge'] button[type=submit]"))
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page).to_have_url(path_is(f"/moderation/ideas/{ids['duplicate']}"))
    expect_status(page, IdeaStatus.MERGED)
    assert_accessible(page, "panel after merging (journey)")
    assert idea_row(live_server, ids["duplicate"]).merged_into_id == ids["original"]

    # The queue is cleared of the four ideas.
    click_and_wait(page, page.locator("main a[href='/moderation/']").first)
    expect(page.locator("nav.tabs a[href$='tab=waiting']")).to_have_attribute("aria-current", "page")
    for idea_id in ids.values():
        expect(page.locator(f"main a[href='/moderation/ideas/{idea_id}']")).to_have_count(0)

    # 5. Start a new measure from the published drinking-fountain idea: the form comes filled in from the idea.
    page.goto(f"/moderation/ideas/{ids['to_route']}")
    click_and_wait(page, page.locator(f"main a[href='/measures/new/from-idea/{ids['to_route']}']"))
    expect(page).to_have_url(path_is(f"/measures/new/from-idea/{ids['to_route']}"))
    expect(page.locator(f"main .notice a[href='/ideas/{ids['to_route']}']")).to_be_visible()
    expect(page.locator("#title")).to_have_value(titles["to_route"])
    expect(page.locator("#description")).to_have_value(PROPOSALS["to_route"].body)
    route_area = places[PROPOSALS["to_route"].area]
    route_district = places[PROPOSALS["to_route"].district]
    expect(page.locator(f"input[name='action_areas'][value='{route_area}']")).to_be_checked()
    expect(page.locator(f"input[name='districts'][value='{route_district}']")).to_be_checked()
    assert_accessible(page, "new measure, filled in from the idea (journey)")
    page.fill("#contribution", CONTRIBUTION)
    unit = page.locator("#unit option:not([value='0'])").first.get_attribute("value")
    page.select_option("#unit", unit)
    staff_id = live_server.user_id(STAFF_EMAIL)
    page.select_option("#responsible", str(staff_id))
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    # The page it leads to is the draft measure's, which only the administration may see: the moderator reads
    # the flash above "page not found" (see the test of that app bug below). The database says what was saved.
    with live_server.app.app_context():
        db = get_session()
        measure = db.exec(select(Measure).join(MeasureIdea, MeasureIdea.measure_id == Measure.id)
                          .where(MeasureIdea.idea_id == ids["to_route"])).one()
        assert (measure.title, measure.contribution, measure.unit_id, measure.responsible_id) == (
            titles["to_route"], CONTRIBUTION, int(unit), staff_id)
        assert measure.status == MeasureStatus.DRAFT.value
    assert idea_row(live_server, ids["to_route"]).status == IdeaStatus.ROUTED_TO_BACKLOG.value

    # 6. Put the merged bus idea on the agenda of the Projektbeirat's next meeting (the first one of the
    # Projektbeirat in the list, which is in the order of the meetings).
    page.goto(f"/moderation/ideas/{ids['original']}")
    expect(page.locator("h1")).to_have_text(titles["original"])
    assert_accessible(page, "panel of a published idea, with the forms to route it (journey)")
    options = page.locator("#agenda-meeting option")
    labels = [options.nth(number).inner_text() for number in range(options.count())]
    meeting_option = next(number for number, label in enumerate(labels) if label.startswith(f"{ADVISORY_BOARD}:"))
    meeting_id = int(options.nth(meeting_option).get_attribute("value"))
    with live_server.app.app_context():
        coming = [entry.meeting.id for entry in board_queries.coming_meetings(get_session(), utcnow())
                  if entry.board_name == ADVISORY_BOARD]
    assert coming and meeting_id == coming[0], "the first Projektbeirat meeting in the list is its next one"
    page.select_option("#agenda-meeting", str(meeting_id))
    click_and_wait(page, page.locator("main form[action$='/agenda'] button[type=submit]"))
    expect(page.locator(".flash-success")).to_be_visible()
    expect_status(page, IdeaStatus.ON_AGENDA)
    assert_accessible(page, "panel after putting the idea on the agenda (journey)")

    # 7. What the public sees, without signing in.
    visitor = make_page(locale="de-DE")

    # The routed idea: taken into the measure planning, the measure named on its timeline.
    visitor.goto(f"/ideas/{ids['to_route']}")
    expect_status(visitor, IdeaStatus.ROUTED_TO_BACKLOG)
    timeline = visitor.locator("section[aria-labelledby='timeline-title']")
    expect(timeline).to_contain_text(german_status(live_server, IdeaStatus.ROUTED_TO_BACKLOG))
    expect(timeline).to_contain_text(titles["to_route"])
    assert_accessible(visitor, "idea taken into the measure planning (journey)")

    # The bus idea: on the agenda, with a link to the meeting, which lists it.
    visitor.goto(f"/ideas/{ids['original']}")
    expect_status(visitor, IdeaStatus.ON_AGENDA)
    agenda_link = visitor.locator(f"main .notice a[href^='/meetings/{meeting_id}#item-']")
    expect(agenda_link).to_have_count(1)
    expect(visitor.locator("main .notice").filter(has=visitor.locator(f"a[href^='/meetings/{meeting_id}#item-']"))
           ).to_contain_text("Auf der Tagesordnung von:")
    # The duplicate's timeline entry is here now.
    expect(visitor.locator("section[aria-labelledby='timeline-title']")).to_contain_text(titles["duplicate"])
    assert_accessible(visitor, "idea on a board's agenda (journey)")
    item_anchor = agenda_link.get_attribute("href").split("#")[1]
    click_and_wait(visitor, agenda_link)
    expect(visitor).to_have_url(path_is(f"/meetings/{meeting_id}"))
    expect(visitor.locator(f"#agenda li#{item_anchor}")).to_contain_text(titles["original"])
    assert_accessible(visitor, "meeting with the idea on its agenda (journey)")

    # The duplicate's address leads to the idea the discussion continues in.
    response = visitor.goto(f"/ideas/{ids['duplicate']}")
    assert response.status == 200 and response.request.redirected_from is not None
    assert response.request.redirected_from.response().status == 301
    expect(visitor).to_have_url(path_is(f"/ideas/{ids['original']}"))
    expect(visitor.locator("h1")).to_have_text(titles["original"])

    # The rejected advertisement is not public.
    assert visitor.goto(f"/ideas/{ids['to_reject']}").status == 404

    # 8. The authors hear of it, in their notifications.
    expected = {
        "to_route": [IdeaStatus.PUBLISHED, IdeaStatus.ROUTED_TO_BACKLOG],
        "to_reject": [IdeaStatus.REJECTED],
        "original": [IdeaStatus.PUBLISHED, IdeaStatus.ON_AGENDA],
        "duplicate": [IdeaStatus.MERGED],
    }
    for role, statuses in expected.items():
        author = make_page(locale="de-DE")
        sign_in(author, PROPOSALS[role].author, DEMO_PASSWORD)
        click_and_wait(author, author.locator("nav.main-nav a[href='/account/notifications']"))
        expect(author).to_have_url(path_is("/account/notifications"))
        about_idea = author.locator(f"main .notification a[href='/ideas/{ids[role]}']")
        for status in statuses:
            label = german_status(live_server, status)
            expect(about_idea.filter(has_text=f"{titles[role]}“ ist jetzt: {label}")).to_have_count(1)
        if role == "to_reject":
            expect(about_idea).to_contain_text(REJECTION_REASON)
            assert_accessible(author, "notifications of the rejected idea's author (journey)")
            # The author reads the reason on the idea's timeline.
            author.goto(f"/ideas/{ids['to_reject']}")
            expect_status(author, IdeaStatus.REJECTED)
            expect(author.locator("section[aria-labelledby='timeline-title']")).to_contain_text(REJECTION_REASON)
            assert_accessible(author, "rejected idea, seen by its author (journey)")
        author.context.close()
    author_ids = {role: live_server.user_id(PROPOSALS[role].author) for role in expected}
    with live_server.app.app_context():
        db = get_session()
        for role, statuses in expected.items():
            author_id = author_ids[role]
            told = db.exec(select(Notification.params).where(
                Notification.user_id == author_id, Notification.kind == NotificationKind.IDEA_STATUS_CHANGED.value,
                Notification.link == f"/ideas/{ids[role]}")).all()
            assert len(told) == len(statuses), f"{role}: {told}"

    # 9. The outcomes page counts each of them once more than before.
    after = outcome_figures(visitor)
    for status in (IdeaStatus.ROUTED_TO_BACKLOG, IdeaStatus.ON_AGENDA, IdeaStatus.REJECTED, IdeaStatus.MERGED):
        assert after[status] == before[status] + 1 >= 1, f"{status.value}: {before[status]} -> {after[status]}"
    for status in OUTCOMES:
        row = visitor.locator("main table.outcome-table tbody tr").nth(OUTCOMES.index(status))
        expect(row.locator("th")).to_have_text(german_status(live_server, status))
    assert_accessible(visitor, "what became of the ideas (journey)")
    with live_server.app.app_context():
        changes = get_session().exec(select(IdeaStatusChange.idea_id, IdeaStatusChange.to_status).where(
            col(IdeaStatusChange.idea_id).in_(list(ids.values())))).all()
    assert {(ids["to_route"], IdeaStatus.ROUTED_TO_BACKLOG.value), (ids["to_reject"], IdeaStatus.REJECTED.value),
            (ids["original"], IdeaStatus.ON_AGENDA.value), (ids["duplicate"], IdeaStatus.MERGED.value)} <= set(changes)


def test_after_starting_a_measure_the_moderator_lands_on_a_page_they_may_see(make_page, new_context, live_server,
                                                                             places):
    proposal = Proposal(
        "marie@beispielstadt.example", "Fahrradbügel vor dem Rathaus",
        "Vor dem Rathaus gibt es keinen einzigen Fahrradbügel; die Räder lehnen an der Treppe.",
        "Altstadt", moderation_demo.COOPERATION)
    idea_id = propose(new_context, proposal, places)
    page = make_page(locale="de-DE")
    sign_in(page, MODERATOR_EMAIL, DEMO_PASSWORD)
    page.goto(f"/moderation/ideas/{idea_id}")
    decide(page, "publish")
    click_and_wait(page, page.locator(f"main a[href='/measures/new/from-idea/{idea_id}']"))
    page.fill("#contribution", CONTRIBUTION)
    page.select_option("#unit", page.locator("#unit option:not([value='0'])").first.get_attribute("value"))
    page.select_option("#responsible", str(live_server.user_id(STAFF_EMAIL)))
    with page.expect_navigation() as landing:
        page.locator("main form[method=post] button[type=submit]").click()
    assert landing.value.status == 200, f"after saving, the moderator lands on {landing.value.url}: " \
                                        f"{landing.value.status}"
    expect(page.locator(".flash-success")).to_be_visible()
