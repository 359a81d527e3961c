"""The project manual: the staff's generated overview of strategies, action areas and their measures."""

import pytest

from participation.accounts.models import Role
from participation.db import utcnow
from participation.information.queries import project_manual
from participation.measures.models import MeasureStatus, TrafficLight
from participation.measures.quarters import Quarter
from participation.measures.services import change_status
from tests.query_count import recorded_statements, selects


def manual_page(browser) -> str:
    response = browser.get("/manual/?lang=en")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_staff_see_strategies_areas_and_measures(sign_in_as, browser, make_measure, structure):
    measure = make_measure("Projektbeirat einrichten", status=MeasureStatus.IN_PROGRESS, is_core=True,
                           review=(Quarter(2026, 3), 40, TrafficLight.AT_RISK))
    draft = make_measure("Leitfaden Beteiligung", status=MeasureStatus.DRAFT, unit=1)
    sign_in_as(Role.STAFF)
    page = manual_page(browser)
    area = structure["areas"][0]
    assert "Gemeinsam für Teststadt" in page and "<strong>gemeinsam</strong>" in page
    assert f'href="#action-area-{area.id}"' in page and f'id="action-area-{area.id}"' in page
    assert "<em>eng</em>" in page  # the goal, as Markdown
    assert "<li>Beteiligung früh planen</li>" in page  # the requirements for action
    assert f'href="/measures/{measure.id}"' in page and "Core measure" in page
    assert "Stabsstelle Stadtentwicklung" in page and "Frau Amtmann" in page
    assert "2026-Q3: 40 % done" in page and "At risk" in page
    assert f'href="/measures/{draft.id}"' in page and "Fachbereich Bauen" in page  # drafts too: staff only
    assert "No review yet" in page
    assert "Generated on" in page and "print function" in page


def test_discarded_measures_and_archived_areas_are_left_out(sign_in_as, browser, make_measure, structure, db):
    kept = make_measure("Bleibt im Manual")
    discarded = make_measure("Verworfene Maßnahme", status=MeasureStatus.DISCARDED)
    old_area = structure["areas"][1]
    in_old_area = make_measure("Nur im alten Bereich", areas=(1,))
    old_area.archived_at = utcnow()
    db.add(old_area)
    db.commit()
    sign_in_as(Role.STAFF)
    page = manual_page(browser)
    assert f'href="/measures/{kept.id}"' in page
    assert f'href="/measures/{discarded.id}"' not in page
    assert "Alter Aktionsbereich" not in page and "Längst erledigt" not in page
    assert f'href="/measures/{in_old_area.id}"' not in page


def test_admins_count_as_staff(sign_in_as, browser, structure):
    sign_in_as(Role.ADMIN)
    assert "Kooperation stärken" in manual_page(browser)


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.BOARD_MEMBER])
def test_others_are_refused(sign_in_as, browser, role):
    sign_in_as(role)
    assert browser.get("/manual/").status_code == 403


def test_visitors_are_asked_to_sign_in(client):
    response = client.get("/manual/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_the_manual_is_always_current(sign_in_as, browser, make_measure, staff, db):
    measure = make_measure("Projektbeirat einrichten")
    sign_in_as(Role.STAFF)
    assert "Planned" in manual_page(browser) and "In progress" not in manual_page(browser)
    change_status(db, staff, measure, MeasureStatus.IN_PROGRESS)
    db.commit()
    page = manual_page(browser)
    assert "In progress" in page and f'href="/measures/{measure.id}"' in page


def test_the_manual_loads_in_a_constant_number_of_queries(app, db, make_measure, structure):
    def count_queries() -> int:
        with recorded_statements(db.get_bind().engine) as statements:
            manual = project_manual(db)
        assert manual.strategies
        return len(selects(statements))

    make_measure("Erste Maßnahme")
    few = count_queries()
    for number in range(4):
        make_measure(f"Weitere Maßnahme {number}", unit=number % 2, is_core=number == 0)
    db.expire_all()
    assert count_queries() == few == 3
