"""Milestones and quarterly reviews: one review per quarter, progress 0–100, a public history with a chart,
the reviews-due page and the reminders."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.measures.models import MeasureStatus, QuarterlyReview, TrafficLight
from participation.measures.quarters import Quarter, today_in
from participation.measures.services import (
    DuplicateReview,
    Refused,
    ReviewDraft,
    add_milestone,
    record_review,
    send_review_reminders,
)
from participation.notifications.models import Notification


def this_quarter() -> Quarter:
    return Quarter.of(today_in("Europe/Berlin"))


def review_form(**changes) -> dict:
    data = {"quarter": this_quarter().label, "progress": "40", "traffic_light": "at_risk",
            "done": "Ortsbegehung und Entwurf mit dem Beirat besprochen.", "next_steps": "Ausschreibung",
            "deviations": "Zwei Wochen Verzug wegen Lieferengpässen."}
    data.update(changes)
    return data


def test_staff_records_this_quarters_review_and_everyone_sees_it(db, browser, client, sign_in_as, make_measure):
    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    sign_in_as(Role.STAFF)
    due = browser.get("/measures/reviews-due?lang=en").get_data(as_text=True)
    assert measure.title in due

    response = browser.submit(f"/measures/{measure.id}/reviews/new?lang=en", review_form())

    assert response.status_code == 302
    assert measure.title not in browser.get("/measures/reviews-due?lang=en").get_data(as_text=True)
    browser.sign_out()
    page = client.get(f"/measures/{measure.id}?lang=en").get_data(as_text=True)
    assert "40 % done" in page and "At risk" in page and "Zwei Wochen Verzug" in page
    assert "<svg" in page and f"{this_quarter().label}: 40 %" in page  # the chart's text alternative
    db.refresh(measure)
    assert measure.latest_progress == 40 and measure.latest_review_period == this_quarter().label
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "review.created")).one()
    listing = client.get("/measures/?lang=en").get_data(as_text=True)
    assert "40 % done" in listing


def test_a_second_review_for_the_quarter_is_refused_with_a_link_to_the_first(db, browser, sign_in_as,
                                                                             make_measure):
    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    sign_in_as(Role.STAFF)
    assert browser.submit(f"/measures/{measure.id}/reviews/new", review_form()).status_code == 302

    response = browser.submit(f"/measures/{measure.id}/reviews/new?lang=en", review_form(progress="55"))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    existing = db.exec(select(QuarterlyReview)).one()
    assert "There is already a review for" in html
    assert f"/measures/{measure.id}/reviews/{existing.id}/edit" in html
    assert existing.progress == 40


def test_the_existing_review_can_be_corrected(db, browser, sign_in_as, make_measure):
    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    sign_in_as(Role.STAFF)
    browser.submit(f"/measures/{measure.id}/reviews/new", review_form())
    review = db.exec(select(QuarterlyReview)).one()

    response = browser.submit(f"/measures/{measure.id}/reviews/{review.id}/edit", review_form(progress="45"))

    assert response.status_code == 302
    db.refresh(review)
    db.refresh(measure)
    assert review.progress == 45 and measure.latest_progress == 45


@pytest.mark.parametrize("progress", ["-1", "101", "viel"])
def test_progress_outside_0_to_100_is_refused_at_the_field(db, browser, sign_in_as, make_measure, progress):
    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    sign_in_as(Role.STAFF)
    response = browser.submit(f"/measures/{measure.id}/reviews/new?lang=en", review_form(progress=progress))
    assert response.status_code == 422
    assert 'id="progress-error"' in response.get_data(as_text=True)
    assert db.exec(select(QuarterlyReview)).first() is None


def test_the_service_refuses_bad_reviews_too(app, db, make_measure, staff):
    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    today = date(2026, 11, 22)
    with app.test_request_context("/?lang=en"):
        with pytest.raises(Refused) as too_much:
            record_review(db, staff, measure, ReviewDraft(Quarter(2026, 4), 120, TrafficLight.ON_TRACK, "x"), today)
        with pytest.raises(Refused) as future:
            record_review(db, staff, measure, ReviewDraft(Quarter(2027, 1), 10, TrafficLight.ON_TRACK, "x"), today)
        record_review(db, staff, measure, ReviewDraft(Quarter(2026, 3), 10, TrafficLight.ON_TRACK, "x"), today)
        with pytest.raises(DuplicateReview):
            record_review(db, staff, measure, ReviewDraft(Quarter(2026, 3), 20, TrafficLight.ON_TRACK, "y"), today)
    assert too_much.value.field == "progress" and future.value.field == "quarter"


def test_the_progress_history_is_ordered_by_quarter(app, db, client, make_measure, staff):
    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    today = date(2026, 11, 22)
    with app.test_request_context("/"):
        for quarter, progress in ((Quarter(2026, 2), 30), (Quarter(2025, 4), 10), (Quarter(2026, 1), 20)):
            record_review(db, staff, measure, ReviewDraft(quarter, progress, TrafficLight.ON_TRACK, "x"), today)
    db.commit()
    db.refresh(measure)
    assert measure.latest_review_period == "2026-Q2" and measure.latest_progress == 30
    page = client.get(f"/measures/{measure.id}").get_data(as_text=True)
    assert "2025-Q4: 10 %; 2026-Q1: 20 %; 2026-Q2: 30 %" in page


def test_reminders_go_out_once_in_the_last_month_of_the_quarter(app, db, make_measure, make_user, staff):
    responsible = make_user(Role.STAFF)
    due = make_measure(title="Ohne Bericht", status=MeasureStatus.IN_PROGRESS, responsible=responsible)
    reviewed = make_measure(title="Mit Bericht", status=MeasureStatus.IN_PROGRESS, responsible=responsible)
    make_measure(title="Entwurf", status=MeasureStatus.DRAFT, responsible=responsible)
    with app.test_request_context("/"):
        record_review(db, staff, reviewed, ReviewDraft(Quarter(2026, 4), 50, TrafficLight.ON_TRACK, "x"),
                      date(2026, 12, 1))
        assert send_review_reminders(db, date(2026, 11, 30)) == 0  # not yet the last month
        assert send_review_reminders(db, date(2026, 12, 1)) == 1
        assert send_review_reminders(db, date(2026, 12, 2)) == 0  # once per quarter
    notices = db.exec(select(Notification).where(Notification.user_id == responsible.id)).all()
    assert [notice.link for notice in notices] == [f"/measures/{due.id}/reviews/new"]


def test_overdue_milestones_are_highlighted_for_the_owner(app, db, browser, sign_in_as, make_measure, staff):
    owner = sign_in_as(Role.STAFF)
    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    with app.test_request_context("/"):
        add_milestone(db, staff, measure, "Ausschreibung veröffentlichen", date.today() - timedelta(days=10),
                      owner.id)
        add_milestone(db, staff, measure, "Bauende", date.today() + timedelta(days=100), owner.id)
    db.commit()

    overview = browser.get("/measures/overview?lang=en").get_data(as_text=True)
    mine = overview.split('id="my-overdue-title"')[1].split("</section>")[0]
    assert "Ausschreibung veröffentlichen" in mine and "Bauende" not in mine
    page = browser.get(f"/measures/{measure.id}?lang=en").get_data(as_text=True)
    assert 'class="overdue"' in page and "overdue</strong>" in page


def test_staff_add_a_milestone_and_mark_it_done_on_the_timeline(db, browser, client, sign_in_as, make_measure):
    measure = make_measure(status=MeasureStatus.IN_PROGRESS)
    owner = sign_in_as(Role.STAFF)
    response = browser.submit(f"/measures/{measure.id}/milestones/new",
                              {"title": "Entwurf im Beirat", "due_on": "2027-02-01", "owner": str(owner.id)})
    assert response.status_code == 302
    page = browser.get(f"/measures/{measure.id}").get_data(as_text=True)
    assert "Entwurf im Beirat" in page
    milestone_id = page.split("/milestones/")[1].split("/")[0]
    response = browser.submit(f"/measures/{measure.id}/milestones/{milestone_id}/done", {},
                              form_page=f"/measures/{measure.id}")
    assert response.status_code == 302
    browser.sign_out()
    assert "Milestone reached: Entwurf im Beirat" in client.get(f"/measures/{measure.id}?lang=en").get_data(
        as_text=True)
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "milestone.changed")).one()
