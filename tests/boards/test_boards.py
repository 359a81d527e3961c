"""Admins keep the boards and their seats; the public page names only members who consented."""

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.boards.models import Board, BoardActionArea, Membership
from tests.conftest import Browser


def board_named(db, name) -> Board | None:
    return db.exec(select(Board).where(Board.name == name)).first()


def audit_actions(db, object_type, object_id) -> list[str]:
    return list(db.exec(select(AuditEntry.action).where(AuditEntry.object_type == object_type,
                                                        AuditEntry.object_id == str(object_id))
                        .order_by(AuditEntry.id)))


def test_admin_creates_a_thematic_board_below_the_advisory_board(app, sign_in_as, browser, db, board, structure):
    sign_in_as(Role.ADMIN)
    response = browser.submit("/boards/new", {
        "name": "Themenbeirat Ehrenamt", "kind": "thematic", "purpose": "Für Vereine.", "parent_id": str(board.id),
        "action_areas": [str(structure["areas"][0].id)], "default_location": "Bürgerhaus"})
    created = board_named(db, "Themenbeirat Ehrenamt")
    assert response.status_code == 302 and response.headers["Location"] == f"/boards/{created.id}/members"
    assert created.parent_id == board.id and created.kind == "thematic"
    assert list(db.exec(select(BoardActionArea.action_area_id).where(BoardActionArea.board_id == created.id))) == [
        structure["areas"][0].id]
    assert audit_actions(db, "board", created.id) == ["board.created"]

    public = Browser(app.test_client()).get(f"/boards/{created.id}?lang=en").get_data(as_text=True)
    assert "Themenbeirat Ehrenamt" in public and "Kooperation stärken" in public
    assert f'<a href="/boards/{board.id}">Projektbeirat</a>' in public
    assert "Themenbeirat Ehrenamt" in Browser(app.test_client()).get(f"/boards/{board.id}").get_data(as_text=True)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": ""}, "name", "Please give the board a name."),
    ({"name": "Projektbeirat"}, "name", "There is already a board with this name."),
    ({"kind": "thematic"}, "action_areas", "A thematic board works on at least one action area."),
    ({"parent_id": "99999"}, "parent_id", "Not a valid choice"),
])
def test_a_board_with_bad_input_is_refused_at_the_field(sign_in_as, browser, db, board, structure, changes, field,
                                                        message):
    sign_in_as(Role.ADMIN)
    data = {"name": "Themenbeirat Information", "kind": "advisory", "parent_id": "0", **changes}
    response = browser.submit("/boards/new?lang=en", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in page and message in page
    assert len(list(db.exec(select(Board)))) == 1


def test_a_board_cannot_become_its_own_ancestor(sign_in_as, browser, db, board):
    child = Board(name="Themenbeirat Information", kind="advisory", parent_id=board.id)
    db.add(child)
    db.commit()
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/boards/{board.id}/edit?lang=en",
                              {"name": "Projektbeirat", "kind": "advisory", "parent_id": str(child.id)})
    assert response.status_code == 422 and "belongs to this board itself" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Board, board.id).parent_id is None


def test_admin_adds_an_external_member_and_an_account_holder(app, sign_in_as, browser, db, board, structure,
                                                             make_user):
    resident = make_user(Role.RESIDENT, name="Rita Rat", email_address="rita@example.org")
    sign_in_as(Role.ADMIN)
    external = browser.submit(f"/boards/{board.id}/members/new", {
        "person_name": "Dr. Hanna Grün", "organisation": "Naturschutzbund", "contact": "hanna@example.org",
        "role": "chair", "is_external": "y", "has_vote": "y", "district": "0", "listed_publicly": "y"})
    assert external.status_code == 302
    represented = structure["districts"][1]
    with_account = browser.submit(f"/boards/{board.id}/members/new", {
        "account_email": "Rita@Example.org", "role": "member", "has_vote": "y", "district": str(represented.id)})
    assert with_account.status_code == 302
    seats = list(db.exec(select(Membership).where(Membership.board_id == board.id).order_by(Membership.id)))
    assert [(seat.person_name, seat.user_id, seat.role) for seat in seats] == [
        ("Dr. Hanna Grün", None, "chair"), ("", resident.id, "member")]
    assert seats[1].district_id == represented.id and not seats[1].listed_publicly
    assert audit_actions(db, "board", board.id) == ["board.member_added", "board.member_added"]

    admin_list = browser.get(f"/boards/{board.id}/members").get_data(as_text=True)
    assert "hanna@example.org" in admin_list and "Rita Rat" in admin_list
    public = Browser(app.test_client()).get(f"/boards/{board.id}?lang=en").get_data(as_text=True)
    assert "Dr. Hanna Grün (Naturschutzbund)" in public and "Chair" in public
    assert "Rita Rat" not in public and "1 further member has not agreed to be named here." in public
    assert "hanna@example.org" not in public


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"account_email": "nobody@example.org"}, "account_email", "There is no account with this e-mail address."),
    ({}, "person_name", "Please enter the person"),
    ({"person_name": "Max Muster", "start_date": "2026-05-01", "end_date": "2026-04-01"}, "end_date",
     "The seat cannot end before it begins."),
    ({"person_name": "Max Muster", "role": "emperor"}, "role", "Not a valid choice"),
])
def test_a_seat_with_bad_input_is_refused_at_the_field(sign_in_as, browser, db, board, data, field, message):
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/boards/{board.id}/members/new?lang=en",
                              {"role": "member", "district": "0", **data})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in page and message in page
    assert list(db.exec(select(Membership))) == []


def test_a_member_who_left_is_no_longer_listed_but_stays_on_record(app, sign_in_as, browser, db, board):
    db.add(Membership(board_id=board.id, person_name="Otto Alt", role="member", listed_publicly=True))
    db.commit()
    seat = db.exec(select(Membership)).one()
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/boards/{board.id}/members/{seat.id}/edit", {
        "person_name": "Otto Alt", "role": "member", "district": "0", "has_vote": "y", "listed_publicly": "y",
        "start_date": "2020-01-01", "end_date": "2021-12-31"})
    assert response.status_code == 302
    assert "Otto Alt" not in Browser(app.test_client()).get(f"/boards/{board.id}").get_data(as_text=True)
    admin_list = browser.get(f"/boards/{board.id}/members?lang=en").get_data(as_text=True)
    assert "Otto Alt" in admin_list and "not current" in admin_list
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "board.member_changed")).one()
    assert entry.after["end_date"] == "2021-12-31"


def test_the_private_contact_never_reaches_the_audit_log(sign_in_as, browser, db, board):
    db.add(Membership(board_id=board.id, person_name="Otto Alt", role="member", contact="alt@example.org"))
    db.commit()
    seat = db.exec(select(Membership)).one()
    sign_in_as(Role.ADMIN)
    browser.submit(f"/boards/{board.id}/members/{seat.id}/edit", {
        "person_name": "Otto Alt", "role": "member", "district": "0", "contact": "neu@example.org"})
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "board.member_changed")).one()
    assert "contact" in entry.after and "neu@example.org" not in str(entry.after) + str(entry.before)


def test_admin_deletes_a_seat_entered_by_mistake(sign_in_as, browser, db, board):
    db.add(Membership(board_id=board.id, person_name="Versehen", role="guest"))
    db.commit()
    seat = db.exec(select(Membership)).one()
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/boards/{board.id}/members/{seat.id}/delete", {},
                              form_page=f"/boards/{board.id}/members")
    assert response.status_code == 302 and list(db.exec(select(Membership))) == []
    assert audit_actions(db, "board", board.id) == ["board.member_removed"]


def test_an_archived_board_leaves_the_list_but_keeps_its_page(app, sign_in_as, browser, db, board):
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/boards/{board.id}/archive", {}, form_page=f"/boards/{board.id}")
    assert response.status_code == 302
    visitor = Browser(app.test_client())
    assert f'href="/boards/{board.id}"' not in visitor.get("/boards/").get_data(as_text=True)
    assert "has been archived" in visitor.get(f"/boards/{board.id}?lang=en").get_data(as_text=True)
    assert audit_actions(db, "board", board.id) == ["board.archived"]


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.STAFF, Role.BOARD_MEMBER])
def test_only_admins_keep_boards_and_seats(app, make_user, db, board, role):
    db.add(Membership(board_id=board.id, person_name="Otto Alt", role="member"))
    db.commit()
    seat = db.exec(select(Membership)).one()
    other = Browser(app.test_client())
    other.sign_in(make_user(role).email)
    for path in ("/boards/new", f"/boards/{board.id}/edit", f"/boards/{board.id}/members",
                 f"/boards/{board.id}/members/new", f"/boards/{board.id}/members/{seat.id}/edit"):
        assert other.get(path).status_code == 403, path
    for path in (f"/boards/{board.id}/archive", f"/boards/{board.id}/members/{seat.id}/delete"):
        assert other.client.post(path).status_code in (400, 403), path
    assert Browser(app.test_client()).get("/boards/new").status_code == 302  # visitors are asked to sign in
