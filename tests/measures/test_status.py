"""Status transitions: allowed ones work, on the timeline, in the audit log and to followers; others are refused."""

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.measures.models import MeasureStatus
from participation.measures.services import TRANSITIONS, Refused, change_status, set_following
from participation.notifications.models import Notification

ALLOWED = {
    (MeasureStatus.DRAFT, MeasureStatus.PLANNED), (MeasureStatus.DRAFT, MeasureStatus.DISCARDED),
    (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS), (MeasureStatus.PLANNED, MeasureStatus.PAUSED),
    (MeasureStatus.PLANNED, MeasureStatus.DISCARDED), (MeasureStatus.IN_PROGRESS, MeasureStatus.COMPLETED),
    (MeasureStatus.IN_PROGRESS, MeasureStatus.PAUSED), (MeasureStatus.IN_PROGRESS, MeasureStatus.DISCARDED),
    (MeasureStatus.PAUSED, MeasureStatus.PLANNED), (MeasureStatus.PAUSED, MeasureStatus.IN_PROGRESS),
    (MeasureStatus.PAUSED, MeasureStatus.DISCARDED),
}


def test_the_transition_table_is_the_documented_one():
    assert {(start, end) for start, ends in TRANSITIONS.items() for end in ends} == ALLOWED


@pytest.mark.parametrize("start", list(MeasureStatus))
@pytest.mark.parametrize("end", list(MeasureStatus))
def test_every_status_pair_is_allowed_or_refused_with_a_message(app, db, make_measure, staff, start, end):
    measure = make_measure(status=start)
    with app.test_request_context("/?lang=en"):
        if (start, end) in ALLOWED:
            change_status(db, staff, measure, end, reason="Begründung")
            assert measure.status_enum == end
        else:
            with pytest.raises(Refused) as refusal:
                change_status(db, staff, measure, end, reason="Begründung")
            assert "cannot become" in refusal.value.message
            assert measure.status_enum == start


@pytest.mark.parametrize("end", [MeasureStatus.PAUSED, MeasureStatus.DISCARDED])
def test_pausing_and_discarding_need_a_reason(db, browser, sign_in_as, make_measure, end):
    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    sign_in_as(Role.STAFF)
    response = browser.submit(f"/measures/{measure.id}/status?lang=en", {"status": end.value, "reason": " "})

    assert response.status_code == 422
    assert "Please give a reason" in response.get_data(as_text=True)
    db.refresh(measure)
    assert measure.status_enum == MeasureStatus.IN_PROGRESS


def test_a_status_change_is_public_audited_and_reaches_followers(db, browser, client, sign_in_as, make_measure,
                                                                 make_user):
    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    follower = make_user()
    set_following(db, follower, measure, True)
    db.commit()
    actor = sign_in_as(Role.STAFF)

    response = browser.submit(f"/measures/{measure.id}/status",
                              {"status": "paused", "reason": "Die Fördermittel kommen erst 2027."})

    assert response.status_code == 302
    browser.sign_out()
    page = client.get(f"/measures/{measure.id}?lang=en").get_data(as_text=True)
    assert "Status changed from “In progress” to “Paused”" in page
    assert "Die Fördermittel kommen erst 2027." in page
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "measure.status_changed",
                                             AuditEntry.actor_id == actor.id)).one()
    assert entry.before == {"status": "in_progress"} and entry.after == {"status": "paused"}
    assert entry.reason == "Die Fördermittel kommen erst 2027."
    notice = db.exec(select(Notification).where(Notification.user_id == follower.id)).one()
    assert notice.link == f"/measures/{measure.id}"


def test_the_status_form_offers_only_the_allowed_moves(browser, sign_in_as, make_measure):
    measure = make_measure(status=MeasureStatus.COMPLETED)
    sign_in_as(Role.STAFF)
    page = browser.get(f"/measures/{measure.id}/status?lang=en").get_data(as_text=True)
    assert "cannot change any more" in page
    response = browser.client.post(f"/measures/{measure.id}/status?lang=en", data={"status": "planned"})
    assert response.status_code in (400, 422)
