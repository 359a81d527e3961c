"""Admins maintain strategies and action areas: create, edit, order, archive; never delete; all audited."""

from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.municipality.models import ActionArea, Strategy


def strategy_with_areas(db, *titles):
    strategy = Strategy(title="Gemeinsam für Teststadt")
    db.add(strategy)
    db.flush()
    areas = [ActionArea(strategy_id=strategy.id, title=title, position=n) for n, title in enumerate(titles)]
    db.add_all(areas)
    db.commit()
    return strategy, areas


def test_only_admins_reach_the_structure_pages(sign_in_as, browser, client):
    assert client.get("/admin/structure").status_code == 302
    sign_in_as(Role.STAFF)
    assert browser.get("/admin/structure").status_code == 403
    assert browser.get("/admin/structure/strategies/new").status_code == 403


def test_admin_creates_a_strategy_and_an_action_area(sign_in_as, browser, db):
    sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/structure/strategies/new",
                              {"title": "Klimaschutz", "description": "Weniger CO₂", "is_cross_cutting": "y"})
    assert response.headers["Location"] == "/admin/structure"
    strategy = db.exec(select(Strategy).where(Strategy.title == "Klimaschutz")).one()
    assert strategy.is_cross_cutting
    browser.submit(f"/admin/structure/action-areas/new?strategy={strategy.id}",
                   {"strategy_id": str(strategy.id), "title": "Energie sparen", "goal": "Halbieren",
                    "requirements": "- Dämmung\n- Solar"})
    area = db.exec(select(ActionArea).where(ActionArea.title == "Energie sparen")).one()
    assert (area.strategy_id, area.requirements) == (strategy.id, "- Dämmung\n- Solar")
    actions = [entry.action for entry in db.exec(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["strategy.created", "action_area.created"]
    assert "Energie sparen" in browser.get("/admin/structure").get_data(as_text=True)


def test_titles_must_be_given_and_unique(sign_in_as, browser, db):
    strategy_with_areas(db, "Kooperation stärken")
    sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/structure/strategies/new", {"title": "", "description": ""})
    assert response.status_code == 422 and 'id="title-error"' in response.get_data(as_text=True)
    response = browser.submit("/admin/structure/strategies/new", {"title": "gemeinsam für teststadt"})
    assert response.status_code == 422 and 'id="title-error"' in response.get_data(as_text=True)
    assert len(db.exec(select(Strategy)).all()) == 1


def test_editing_is_audited_with_before_and_after(sign_in_as, browser, db):
    _strategy, [area] = strategy_with_areas(db, "Kooperation stärken")
    sign_in_as(Role.ADMIN)
    browser.submit(f"/admin/structure/action-areas/{area.id}",
                   {"strategy_id": str(area.strategy_id), "title": "Kooperation ausbauen", "goal": "Mehr",
                    "requirements": ""})
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "action_area.updated")).one()
    assert (entry.before["title"], entry.after["title"]) == ("Kooperation stärken", "Kooperation ausbauen")


def test_order_can_be_changed(sign_in_as, browser, db):
    _strategy, areas = strategy_with_areas(db, "Erstens", "Zweitens", "Drittens")
    sign_in_as(Role.ADMIN)
    browser.submit(f"/admin/structure/action-areas/{areas[2].id}/up", {}, form_page="/admin/structure")
    ordered = db.exec(select(ActionArea.title).order_by(ActionArea.position)).all()
    assert ordered == ["Erstens", "Drittens", "Zweitens"]


def test_archived_areas_are_kept_but_not_offered_for_new_ideas(sign_in_as, browser, db):
    _strategy, [kept, archived] = strategy_with_areas(db, "Bleibt", "Archiviert")
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/admin/structure/action-areas/{archived.id}/archive", {}, form_page="/admin/structure")
    assert response.status_code == 302
    assert db.get(ActionArea, archived.id).archived_at is not None
    form = browser.get("/ideas/new").get_data(as_text=True)
    assert "Bleibt" in form and "Archiviert" not in form
    assert "Archiviert" in browser.get("/admin/structure").get_data(as_text=True)
    browser.submit(f"/admin/structure/action-areas/{archived.id}/restore", {}, form_page="/admin/structure")
    assert db.get(ActionArea, archived.id).archived_at is None
    actions = [e.action for e in db.exec(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["action_area.archived", "action_area.restored"]


def test_unknown_operations_and_objects_are_404(sign_in_as, browser, db):
    _strategy, [area] = strategy_with_areas(db, "Eins")
    sign_in_as(Role.ADMIN)
    for path in (f"/admin/structure/action-areas/{area.id}/delete", "/admin/structure/planets/1/up",
                 "/admin/structure/action-areas/999999/up"):
        assert browser.submit(path, {}, form_page="/admin/structure").status_code == 404
    assert db.get(ActionArea, area.id) is not None
