"""A board member who represents a district gets its page: new and most-supported ideas, the measures with their
latest review, and the district's items on coming agendas. Nobody else but the administration may open it."""

from datetime import UTC, datetime, timedelta

import pytest

from participation.accounts.models import Role
from participation.boards.models import AgendaItem, Board, BoardKind, MemberRole, Membership
from participation.ideas.models import IdeaStatus
from participation.measures.models import Measure, MeasureDistrict, MeasureStatus, QuarterlyReview
from participation.municipality.models import OrgUnit
from tests.conftest import Browser

CONTRIBUTION = "Die Maßnahme stärkt die Zusammenarbeit von Stadt und Bürgerschaft im ganzen Stadtgebiet."


@pytest.fixture
def measure(db, make_user, seedorf):
    unit = OrgUnit(name="Fachbereich Bauen")
    db.add(unit)
    db.flush()
    measure = Measure(title="Dorfgemeinschaftshaus Seedorf sanieren", description="Heizung.",
                      contribution=CONTRIBUTION, status=MeasureStatus.IN_PROGRESS.value, unit_id=unit.id,
                      responsible_id=make_user(Role.STAFF).id, latest_review_period="2026-Q3", latest_progress=40,
                      latest_traffic_light="at_risk")
    db.add(measure)
    db.flush()
    db.add_all([MeasureDistrict(measure_id=measure.id, district_id=seedorf.id),
                QuarterlyReview(measure_id=measure.id, year=2026, quarter=3, progress=40, traffic_light="at_risk",
                                done="Angebote eingeholt.", author_id=measure.responsible_id)])
    db.commit()
    return measure


def add_item(db, meeting, title, position=1, **values) -> AgendaItem:
    item = AgendaItem(meeting_id=meeting.id, position=position, title=title, **values)
    db.add(item)
    db.commit()
    return item


def test_the_representative_sees_what_concerns_the_district(db, board, seedorf, muehlenberg, representative,
                                                           signed_in, make_idea, make_meeting, measure):
    now = datetime.now(UTC)
    old = make_idea("Mehr Mülleimer am Badestrand", seedorf, supports=12, published_at=now - timedelta(days=90),
                    created_at=now - timedelta(days=90))
    new = make_idea("Neuer Spielplatz am Seeufer", seedorf, supports=1, published_at=now, created_at=now)
    make_idea("Noch nicht freigegeben", seedorf, status=IdeaStatus.SUBMITTED)
    make_idea("Versteckte Idee", seedorf, is_hidden=True)
    make_idea("Seniorentreff in Mühlenberg", muehlenberg, supports=30)
    coming = make_meeting("1. Quartalssitzung", days_ahead=20)
    internal = make_meeting("Arbeitssitzung", days_ahead=10, is_public=False)
    past = make_meeting("Letzte Sitzung", days_ahead=-20, state="held")
    other_board = Board(name="Themenbeirat Umwelt", kind=BoardKind.THEMATIC.value)
    db.add(other_board)
    db.commit()
    elsewhere = make_meeting("Interne Runde", days_ahead=5, is_public=False, board_id=other_board.id)
    add_item(db, coming, "Mülleimer am Strand", idea_id=old.id, source="idea")
    add_item(db, coming, "Stand Dorfgemeinschaftshaus", position=2, measure_id=measure.id, source="measure")
    add_item(db, internal, "Vertrauliche Vorberatung Spielplatz", idea_id=new.id, source="idea", is_public=False)
    add_item(db, past, "Schon beraten", idea_id=old.id, source="idea")
    add_item(db, elsewhere, "Fremde interne Beratung", idea_id=new.id, source="idea")

    browser = signed_in(representative)
    assert browser.get("/my-district/").headers["Location"] == f"/my-district/{seedorf.id}"
    response = browser.get(f"/my-district/{seedorf.id}?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "My district: Seedorf" in page and 'href="/my-district/"' in page  # and in the main navigation
    new_ideas = page[page.index('id="new-ideas"'):page.index('id="supported-ideas"')]
    supported = page[page.index('id="supported-ideas"'):page.index('id="measures"')]
    assert new_ideas.index("Neuer Spielplatz") < new_ideas.index("Mehr Mülleimer")
    assert supported.index("Mehr Mülleimer") < supported.index("Neuer Spielplatz")
    for hidden in ("Noch nicht freigegeben", "Versteckte Idee", "Seniorentreff"):
        assert hidden not in page
    assert f'/my-district/{seedorf.id}/ideas/{new.id}/propose' in page
    measures = page[page.index('id="measures"'):page.index('id="agendas"')]
    assert "Dorfgemeinschaftshaus Seedorf sanieren" in measures and "2026-Q3" in measures
    assert "40 % done" in measures and "At risk" in measures
    agendas = page[page.index('id="agendas"'):]
    assert "Mülleimer am Strand" in agendas and "Stand Dorfgemeinschaftshaus" in agendas
    assert "Vertrauliche Vorberatung Spielplatz" in agendas and "Not public" in agendas  # their own board's
    assert "Schon beraten" not in agendas and "Fremde interne Beratung" not in agendas


def test_the_representative_of_several_districts_chooses_one(db, board, seat, seedorf, muehlenberg, signed_in):
    user = seat(MemberRole.MEMBER, district_id=seedorf.id)
    db.add(Membership(board_id=board.id, user_id=user.id, district_id=muehlenberg.id))
    db.commit()
    page = signed_in(user).get("/my-district/?lang=en").get_data(as_text=True)
    assert f'href="/my-district/{seedorf.id}"' in page and f'href="/my-district/{muehlenberg.id}"' in page


@pytest.mark.parametrize("who", ["member", "resident", "other district", "former", "archived board", "moderator"])
def test_only_the_districts_representatives_may_open_its_page(db, app, board, seat, make_user, seedorf,
                                                              muehlenberg, signed_in, who):
    today = datetime.now(UTC).date()
    user = {
        "member": lambda: seat(MemberRole.MEMBER),
        "resident": lambda: make_user(Role.RESIDENT),
        "other district": lambda: seat(MemberRole.MEMBER, district_id=muehlenberg.id),
        "former": lambda: seat(MemberRole.MEMBER, district_id=seedorf.id, end_date=today - timedelta(days=2)),
        "archived board": lambda: seat(MemberRole.MEMBER, district_id=seedorf.id),
        "moderator": lambda: make_user(Role.MODERATOR),
    }[who]()
    if who == "archived board":
        board.archived_at = datetime.now(UTC)
        db.add(board)
        db.commit()
    browser = signed_in(user)
    assert browser.get(f"/my-district/{seedorf.id}").status_code == 403
    if who != "other district":  # who represents another district has a page of their own
        assert browser.get("/my-district/").status_code == 403
        assert 'href="/my-district/"' not in browser.get("/ideas/").get_data(as_text=True)


def test_visitors_are_asked_to_sign_in(client, seedorf):
    for path in ("/my-district/", f"/my-district/{seedorf.id}"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_the_administration_may_look_at_every_district(make_user, signed_in, seedorf, muehlenberg, role):
    browser = signed_in(make_user(role))
    index = browser.get("/my-district/?lang=en").get_data(as_text=True)
    assert f'href="/my-district/{seedorf.id}"' in index and f'href="/my-district/{muehlenberg.id}"' in index
    page = browser.get(f"/my-district/{muehlenberg.id}?lang=en")
    assert page.status_code == 200 and "District: Mühlenberg" in page.get_data(as_text=True)
    assert "/propose" not in page.get_data(as_text=True)  # only representatives propose
    assert browser.get("/my-district/999999").status_code == 404


def test_the_navigation_link_costs_one_query(app, db, representative, signed_in):
    from sqlalchemy import event

    browser = signed_in(representative)
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if "membership" in statement.lower():
            statements.append(statement)

    engine = app.extensions["database"].engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        page = browser.get("/ideas/?lang=en").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert 'href="/my-district/"' in page and ">My district<" in page
    assert len(statements) == 1


def test_anonymous_pages_have_no_district_link(client):
    assert 'href="/my-district/"' not in Browser(client).get("/").get_data(as_text=True)
