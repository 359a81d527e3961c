"""Signing up for a shift: slots are never overbooked, a full shift has a waitlist in arrival order, and a
cancellation hands the slot to the first person waiting — also when everyone arrives at once."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from participation import create_app, migrate
from participation.accounts.models import Role, User
from participation.accounts.services import create_user
from participation.volunteering import services
from participation.volunteering.models import Project, Shift, SignUp, SignUpState, Task
from tests.conftest import portal_test_config

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _shift(session, slots: int = 3, starts_in: timedelta = timedelta(days=7), **values) -> Shift:
    project = Project(title="Repair-Café im Dorfgemeinschaftshaus")
    session.add(project)
    session.flush()
    task = Task(project_id=project.id, title="Geräte annehmen")
    session.add(task)
    session.flush()
    shift = Shift(task_id=task.id, starts_at=NOW + starts_in, ends_at=NOW + starts_in + timedelta(hours=3),
                  slots=slots, **values)
    session.add(shift)
    session.flush()
    return shift


@pytest.fixture
def residents(make_user):
    return lambda count: [make_user(Role.RESIDENT) for _ in range(count)]


def _states(db, shift) -> list[tuple[int, str, int | None]]:
    return [(entry.user_id, entry.state, entry.waitlist_number) for entry in db.exec(
        select(SignUp).where(SignUp.shift_id == shift.id).order_by(SignUp.id))]


def test_a_full_shift_puts_people_on_its_waitlist_in_arrival_order(db, residents):
    shift = _shift(db, slots=2)
    people = residents(4)
    entries = [services.sign_up(db, person, shift, NOW) for person in people]
    assert [(entry.state, entry.waitlist_number) for entry in entries] == [
        ("signed_up", None), ("signed_up", None), ("waiting", 1), ("waiting", 2)]
    db.refresh(shift)
    assert shift.taken == 2


def test_a_cancellation_hands_the_slot_to_the_first_person_waiting(app, db, residents):
    shift = _shift(db, slots=1)
    first, second, third = residents(3)
    mine = services.sign_up(db, first, shift, NOW)
    services.sign_up(db, second, shift, NOW)
    services.sign_up(db, third, shift, NOW)
    with app.app_context():  # the person moved up is told by mail
        moved_up = services.cancel(db, first, mine, shift, NOW)
    assert moved_up.user_id == second.id and moved_up.state == "signed_up"
    db.refresh(shift)
    assert shift.taken == 1
    assert [state for _user, state, _number in _states(db, shift)] == ["cancelled", "signed_up", "waiting"]


@pytest.mark.parametrize("case", ["twice", "past", "cancelled shift"])
def test_refused_sign_ups_write_nothing(db, residents, case):
    shift = _shift(db, starts_in=timedelta(hours=-1) if case == "past" else timedelta(days=3),
                   cancelled_at=NOW if case == "cancelled shift" else None)
    [person] = residents(1)
    if case == "twice":
        services.sign_up(db, person, shift, NOW)
    before = _states(db, shift)
    with pytest.raises(services.Refused):
        services.sign_up(db, person, shift, NOW)
    assert _states(db, shift) == before


def test_cancelling_after_the_cut_off_is_refused(db, residents):
    shift = _shift(db, starts_in=timedelta(hours=5), cancel_cutoff_hours=24)
    [person] = residents(1)
    entry = services.sign_up(db, person, shift, NOW)
    with pytest.raises(services.Refused):
        services.cancel(db, person, entry, shift, NOW)
    assert entry.state == SignUpState.SIGNED_UP.value


def test_twenty_residents_at_once_for_three_slots(shared_database_url, tmp_path):
    """3 free slots, 20 residents signing up at the same moment: exactly 3 signed up, 17 waiting, numbered
    1 to 17 without gaps or doubles, and no error — on SQLite and on PostgreSQL."""
    app = create_app(portal_test_config(shared_database_url, tmp_path / "mail", SQLITE_BUSY_TIMEOUT_MS=60000))
    migrate.upgrade(app.extensions["database"])
    database = app.extensions["database"]
    with database.new_session() as session:
        shift_id = _shift(session, slots=3).id
        people = [create_user(session, email=f"helfer{number}@example.org", display_name=f"Helfer {number}",
                              password="x" * 12, roles={Role.RESIDENT}, verified=True).id for number in range(20)]
        session.commit()
    start, errors, results = threading.Barrier(20), [], []

    def run(user_id):
        try:
            start.wait(timeout=30)
            with app.app_context(), database.new_session() as session:
                entry = services.sign_up(session, session.get(User, user_id), session.get(Shift, shift_id), NOW)
                session.commit()
                results.append(entry.state)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(user_id,)) for user_id in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.new_session() as session:
        entries = session.exec(select(SignUp).where(SignUp.shift_id == shift_id)).all()
        assert sorted(entry.state for entry in entries) == ["signed_up"] * 3 + ["waiting"] * 17
        assert sorted(entry.waitlist_number for entry in entries if entry.waitlist_number) == list(range(1, 18))
        assert session.get(Shift, shift_id).taken == 3
    database.dispose()
