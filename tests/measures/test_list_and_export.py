"""The public list: filters, sorting, drafts hidden from the public, and the CSV export Excel opens correctly."""

import csv
import io
from datetime import date

from participation.accounts.models import Role
from participation.measures.models import MeasureStatus


def titles_in(html: str, *titles: str) -> list[str]:
    return [title for title in titles if title in html]


def test_filters_narrow_the_list(client, make_measure, structure):
    make_measure(title="Beirat einrichten", areas=(0,), unit=0, is_core=True)
    make_measure(title="Badestelle Seedorf", areas=(1,), unit=1, districts=(0,), status=MeasureStatus.IN_PROGRESS)
    make_measure(title="Heimliche Planung", status=MeasureStatus.DRAFT)
    names = ("Beirat einrichten", "Badestelle Seedorf", "Heimliche Planung")
    area, district, unit = structure["areas"][1].id, structure["districts"][0].id, structure["units"][1].id

    assert titles_in(client.get("/measures/").get_data(as_text=True), *names) == list(names[:2])
    assert titles_in(client.get(f"/measures/?action_area={area}").get_data(as_text=True), *names) == [names[1]]
    assert titles_in(client.get(f"/measures/?district={district}").get_data(as_text=True), *names) == [names[1]]
    assert titles_in(client.get(f"/measures/?unit={unit}").get_data(as_text=True), *names) == [names[1]]
    assert titles_in(client.get("/measures/?core=y").get_data(as_text=True), *names) == [names[0]]
    assert titles_in(client.get("/measures/?status=in_progress").get_data(as_text=True), *names) == [names[1]]
    # Drafts stay hidden even when asked for; junk filter values are ignored, not an error.
    assert titles_in(client.get("/measures/?status=draft").get_data(as_text=True), *names) == list(names[:2])
    assert client.get("/measures/?unit=abc&sort=evil&page=-3").status_code == 200


def test_staff_see_drafts_in_the_list(browser, sign_in_as, make_measure):
    make_measure(title="Heimliche Planung", status=MeasureStatus.DRAFT)
    sign_in_as(Role.STAFF)
    assert "Heimliche Planung" in browser.get("/measures/?status=draft").get_data(as_text=True)


def test_sort_by_planned_end(client, make_measure):
    make_measure(title="Später fertig", planned_end=date(2028, 1, 1))
    make_measure(title="Bald fertig", planned_end=date(2027, 1, 1))
    html = client.get("/measures/?sort=due").get_data(as_text=True)
    assert html.index("Bald fertig") < html.index("Später fertig")
    html = client.get("/measures/?sort=title").get_data(as_text=True)
    assert html.index("Bald fertig") < html.index("Später fertig")


def test_csv_export_of_the_filtered_list_opens_with_umlauts(client, make_measure, structure):
    make_measure(title="Grünfläche am Mühlenbach", areas=(1,))
    make_measure(title="Anderer Bereich", areas=(0,))
    response = client.get(f"/measures/export.csv?action_area={structure['areas'][1].id}&lang=en")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Number", "Title", "Status"]
    assert [row[1] for row in rows[1:]] == ["Grünfläche am Mühlenbach"]
    assert rows[1][4] == "Information"


def test_the_list_links_to_the_export_with_the_same_filters(client, make_measure, structure):
    make_measure()
    html = client.get(f"/measures/?unit={structure['units'][0].id}").get_data(as_text=True)
    assert f"/measures/export.csv?unit={structure['units'][0].id}" in html


def test_residents_follow_and_comment_on_a_measure_with_the_shared_comment_system(db, browser, client, make_measure,
                                                                                  sign_in_as, make_user):
    from sqlmodel import select

    from participation.comments.models import Comment
    from participation.measures.services import set_following
    from participation.notifications.models import Notification

    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    follower = make_user()
    set_following(db, follower, measure, True)
    db.commit()
    sign_in_as(Role.RESIDENT)

    response = browser.submit(f"/measures/{measure.id}/comments", {"body": "Bitte auch an Bänke denken!",
                                                                  "stance": "for"},
                              form_page=f"/measures/{measure.id}")

    assert response.status_code == 302 and f"/measures/{measure.id}#comment-" in response.headers["Location"]
    comment = db.exec(select(Comment)).one()
    assert comment.measure_id == measure.id and comment.idea_id is None
    db.refresh(measure)
    assert measure.comment_count == 1
    assert "Bitte auch an Bänke denken!" in client.get(f"/measures/{measure.id}").get_data(as_text=True)
    notice = db.exec(select(Notification).where(Notification.user_id == follower.id)).one()
    assert notice.link == f"/measures/{measure.id}#comment-{comment.id}"


def test_drafts_cannot_be_commented_or_followed(db, browser, make_measure, sign_in_as):
    measure = make_measure(status=MeasureStatus.DRAFT)
    sign_in_as(Role.RESIDENT)
    token_page = browser.get("/account/").get_data(as_text=True)
    from tests.conftest import csrf_token_from

    token = csrf_token_from(token_page)
    assert browser.client.post(f"/measures/{measure.id}/comments", data={"body": "x", "stance": "for",
                                                                        "csrf_token": token}).status_code == 404
    assert browser.client.post(f"/measures/{measure.id}/follow", data={"csrf_token": token}).status_code == 404


def test_a_linked_idea_and_its_measure_show_each_other(db, browser, client, make_measure, sign_in_as, make_user):
    from participation.ideas.services import IdeaDraft, propose_idea

    measure = make_measure(title="Spielplatz am Seeufer erneuern")
    idea = propose_idea(db, make_user(), IdeaDraft(title="Neuer Spielplatz am See", body="Bitte!", district_id=None,
                                                   action_area_ids=[]), premoderated=False)
    hidden = make_measure(title="Noch geheim", status=MeasureStatus.DRAFT)
    db.commit()
    sign_in_as(Role.STAFF)
    assert browser.submit(f"/measures/{measure.id}/ideas", {"idea": str(idea.id)}).status_code == 302
    assert browser.submit(f"/measures/{hidden.id}/ideas", {"idea": str(idea.id)}).status_code == 302
    unknown = browser.submit(f"/measures/{measure.id}/ideas?lang=en", {"idea": "99999"})
    assert unknown.status_code == 422 and "There is no idea with this number." in unknown.get_data(as_text=True)
    browser.sign_out()

    idea_page = client.get(f"/ideas/{idea.id}?lang=en").get_data(as_text=True)
    assert "Taken up as measure:" in idea_page and f'href="/measures/{measure.id}"' in idea_page
    assert "Noch geheim" not in idea_page  # a draft measure stays hidden
    measure_page = client.get(f"/measures/{measure.id}?lang=en").get_data(as_text=True)
    assert f'href="/ideas/{idea.id}"' in measure_page and "Idea taken up: Neuer Spielplatz am See" in measure_page
