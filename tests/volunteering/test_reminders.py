"""The day before a shift, everyone with a place gets a reminder mail with the shift as a calendar entry; once."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from participation.db import utcnow
from participation.volunteering import services
from tests.volunteering.conftest import soon

BERLIN = ZoneInfo("Europe/Berlin")


def _tomorrow_at(hour: int) -> datetime:
    return datetime.combine(utcnow().astimezone(BERLIN).date() + timedelta(days=1), time(hour), tzinfo=BERLIN)


def test_volunteers_are_reminded_of_tomorrows_shift_once(app, db, make_shift, make_user, coordinator, runner,
                                                          mailbox):
    tomorrow = make_shift(slots=1, starts_at=_tomorrow_at(10), cutoff=0)
    later = make_shift(slots=1, starts_at=soon(5), task_title="Später")
    cancelled = make_shift(slots=1, starts_at=_tomorrow_at(15), task_title="Abgesagt", cutoff=0)
    has_place, waiting, other = make_user(), make_user(), make_user()
    with app.app_context():
        services.sign_up(db, has_place, tomorrow.shift, utcnow())
        services.sign_up(db, waiting, tomorrow.shift, utcnow())
        services.sign_up(db, other, later.shift, utcnow())
        services.sign_up(db, other, cancelled.shift, utcnow())
        services.cancel_shift(db, coordinator, cancelled, "Regen", utcnow())
    db.commit()

    result = runner.invoke(args=["remind-shifts"])
    assert "Shift reminders queued: 1." in result.output
    assert "Shift reminders queued: 0." in runner.invoke(args=["remind-shifts"]).output
    runner.invoke(args=["send-mail"])
    [reminder] = mailbox.to(has_place.email)
    assert "Repair-Café: Geräte annehmen" in mailbox.subject(reminder)
    assert any(part.get_filename() == f"shift-{tomorrow.shift.id}.ics" for part in reminder.walk())
    assert mailbox.to(waiting.email) == []
    [cancellation] = mailbox.to(other.email)  # no reminder for the shift in five days or the cancelled one
    assert "Regen" in mailbox.body(cancellation)
