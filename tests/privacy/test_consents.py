"""Consents on record: the privacy notice accepted at registration, and a board member's consent to being named in
public, which they can withdraw and give again themselves."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlsplit

import pytest
from flask import url_for
from sqlmodel import col, select

from participation.accounts.demo import DEMO_USERS
from participation.accounts.models import Role, User
from participation.audit.models import AuditEntry
from participation.boards.models import Board, BoardKind, MemberRole, Membership
from participation.boards.services import MembershipDraft, add_membership
from participation.privacy.models import ConsentRecord, ConsentSubject
from participation.site.models import SitePageText
from participation.templating import format_moment
from tests.conftest import TEST_PASSWORD, Browser, csrf_token_from

CONSENTS = "/account/consents"


@pytest.fixture
def board(db):
    board = Board(name="Projektbeirat", kind=BoardKind.ADVISORY.value)
    db.add(board)
    db.commit()
    return board


@pytest.fixture
def listed_seat(db, board, make_user):
    """Rita's seat on the board, entered by an admin with her consent on paper to be named in public."""
    rita = make_user(name="Rita Rat", email_address="rita@example.org")
    admin = make_user(Role.ADMIN, name="Ada Admin")
    seat = add_membership(db, admin, board, MembershipDraft(role=MemberRole.MEMBER, account_email=rita.email,
                                                            listed_publicly=True))
    # Consented on paper last year, long before the withdrawal, so the page's times tell the two apart.
    consent = db.exec(select(ConsentRecord).where(ConsentRecord.membership_id == seat.id)).one()
    consent.given_at = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
    db.commit()
    return rita, seat, admin


def listing_consents(db, seat) -> list[ConsentRecord]:
    db.expire_all()
    return list(db.exec(select(ConsentRecord).where(ConsentRecord.membership_id == seat.id)
                        .order_by(ConsentRecord.id)))


def set_listing(browser, seat, listed: str):
    return browser.submit(f"{CONSENTS}/board-listing/{seat.id}", {"listed": listed}, form_page=CONSENTS)


def oparl_person(client, user) -> dict:
    return client.get(f"/oparl/v1/person/user-{user.id}").get_json()


def test_registration_records_the_privacy_notice_consent_in_its_current_version(app, browser, db, mailbox):
    # The newest edit of the privacy notice in any language is its version; other pages' edits do not count.
    db.add_all([SitePageText(slug=slug, locale=locale, body="…", updated_at=datetime(2026, month, day, tzinfo=UTC))
                for slug, locale, month, day in [("privacy", "de", 3, 5), ("privacy", "en", 4, 1),
                                                 ("imprint", "de", 5, 1)]])
    db.commit()
    registration = {"display_name": "Neue Bürgerin", "email": "neu@example.org", "password": TEST_PASSWORD,
                    "password_confirmation": TEST_PASSWORD, "district": "0", "privacy_consent": "y"}
    assert browser.submit("/auth/register", registration).status_code == 302
    assert browser.submit("/auth/register", registration).status_code == 302  # the same address again
    user = db.exec(select(User).where(User.email == "neu@example.org")).one()
    consent = db.exec(select(ConsentRecord).where(ConsentRecord.user_id == user.id)).one()
    assert (consent.subject, consent.version, consent.withdrawn_at, consent.recorded_by_id) == (
        ConsentSubject.PRIVACY_NOTICE.value, "2026-04-01", None, None)
    assert consent.given_at == user.privacy_consent_at

    browser.submit(mailbox.link("neu@example.org", "/auth/verify/"), {})
    browser.sign_in("neu@example.org")
    page = browser.get(f"{CONSENTS}?lang=en").get_data(as_text=True)
    with app.test_request_context("/?lang=en"):
        given, delete_account = format_moment(consent.given_at), url_for("privacy.delete_account")
    assert "Privacy notice accepted" in page and "2026-04-01" in page and given in page
    assert "cannot be withdrawn while you keep the account" in page and f'href="{delete_account}"' in page
    assert "Your board seats" not in page  # she has none


def test_a_member_withdraws_their_listing_and_gives_it_again(app, client, browser, db, board, listed_seat):
    rita, seat, admin = listed_seat
    assert "Rita Rat" in client.get(f"/boards/{board.id}").get_data(as_text=True)
    assert oparl_person(client, rita)["name"] == "Rita Rat"
    before = datetime.now(UTC) - timedelta(seconds=5)
    browser.sign_in(rita.email)
    page = browser.get(f"{CONSENTS}?lang=en").get_data(as_text=True)
    assert "Withdraw consent" in page and "recorded by the administration" in page

    response = set_listing(browser, seat, "0")
    assert response.status_code == 302 and response.headers["Location"] == CONSENTS
    page = browser.get(f"{CONSENTS}?lang=en").get_data(as_text=True)
    assert "You are no longer named in public as a member of Projektbeirat." in page and "Give consent" in page
    [withdrawn] = listing_consents(db, seat)
    assert withdrawn.withdrawn_at is not None and withdrawn.recorded_by_id == admin.id
    with app.test_request_context("/?lang=en"):
        assert format_moment(withdrawn.withdrawn_at) in page
    assert "Rita Rat" not in client.get(f"/boards/{board.id}").get_data(as_text=True)
    person = oparl_person(client, rita)
    assert person["deleted"] is True and "name" not in person
    people = client.get(f"/oparl/v1/body/1/person?modified_since={quote(before.isoformat(timespec='seconds'))}")
    assert [obj["deleted"] for obj in people.get_json()["data"]
            if urlsplit(obj["id"]).path == f"/oparl/v1/person/user-{rita.id}"] == [True]

    assert set_listing(browser, seat, "1").status_code == 302
    assert "Rita Rat" in client.get(f"/boards/{board.id}").get_data(as_text=True)
    assert oparl_person(client, rita)["name"] == "Rita Rat"
    first, again = listing_consents(db, seat)
    assert first.id == withdrawn.id and first.withdrawn_at is not None
    assert again.withdrawn_at is None and again.user_id == rita.id and again.recorded_by_id is None
    assert set_listing(browser, seat, "1").status_code == 302  # a second click records nothing more
    assert len(listing_consents(db, seat)) == 2
    actions = db.exec(select(AuditEntry.action).where(col(AuditEntry.action).startswith("board.listing_consent"))
                      .order_by(AuditEntry.id)).all()
    assert actions == ["board.listing_consent_withdrawn", "board.listing_consent_given"]


def test_nobody_changes_the_listing_of_someone_elses_seat(db, browser, make_user, listed_seat):
    _rita, seat, _admin = listed_seat
    browser.sign_in(make_user().email)
    for seat_id in (seat.id, seat.id + 1000):  # Rita's, and one that does not exist
        response = browser.submit(f"{CONSENTS}/board-listing/{seat_id}", {"listed": "0"}, form_page="/account/")
        assert response.status_code == 404
    db.expire_all()
    assert db.get(Membership, seat.id).listed_publicly


@pytest.mark.parametrize("with_token", [False, True])
def test_a_listing_change_without_csrf_token_or_answer_is_refused(db, client, browser, listed_seat, with_token):
    rita, seat, _admin = listed_seat
    browser.sign_in(rita.email)
    # With the page's token but no answer whether to list: neither is a valid request.
    data = {"csrf_token": csrf_token_from(client.get(CONSENTS).get_data(as_text=True))} if with_token else {
        "listed": "0"}
    assert client.post(f"{CONSENTS}/board-listing/{seat.id}", data=data).status_code == 400
    db.expire_all()
    assert db.get(Membership, seat.id).listed_publicly and listing_consents(db, seat)[0].withdrawn_at is None


def test_staff_ticking_the_consent_in_the_membership_form_records_it(app, db, browser, board, make_user):
    admin = make_user(Role.ADMIN)
    seat = Membership(board_id=board.id, person_name="Otto Alt", contact="otto@example.org", role="member")
    db.add(seat)
    db.commit()
    browser.sign_in(admin.email)
    edit_page = f"/boards/{board.id}/members/{seat.id}/edit"
    form = {"person_name": "Otto Alt", "contact": "otto@example.org", "role": "member", "district": "0",
            "has_vote": "y"}
    assert browser.submit(edit_page, {**form, "listed_publicly": "y"}).status_code == 302
    [consent] = listing_consents(db, seat)
    assert (consent.subject, consent.user_id, consent.recorded_by_id, consent.withdrawn_at) == (
        ConsentSubject.BOARD_LISTING.value, None, admin.id, None)
    assert "Otto Alt" in Browser(app.test_client()).get(f"/boards/{board.id}").get_data(as_text=True)

    assert browser.submit(edit_page, form).status_code == 302  # unticked: the consent was withdrawn
    [consent] = listing_consents(db, seat)
    assert consent.withdrawn_at is not None


def test_every_demo_person_and_listed_demo_seat_has_their_consent(db, demo):
    users = set(db.exec(select(User.id)))
    accepted = set(db.exec(select(ConsentRecord.user_id).where(
        ConsentRecord.subject == ConsentSubject.PRIVACY_NOTICE.value)))
    assert len(users) > len(DEMO_USERS) and users == accepted
    listed = set(db.exec(select(Membership.id).where(col(Membership.listed_publicly))))
    consented = set(db.exec(select(ConsentRecord.membership_id).where(
        ConsentRecord.subject == ConsentSubject.BOARD_LISTING.value, col(ConsentRecord.withdrawn_at).is_(None))))
    assert listed and listed == consented
