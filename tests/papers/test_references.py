"""Reference numbers V-<year>-<NNN>: per calendar year from 001, unique even when staff create papers at once."""

import threading

from sqlmodel import select

from participation import create_app, migrate
from participation.accounts.models import Role, User
from participation.accounts.services import create_user
from participation.papers import services
from participation.papers.models import Paper, PaperType
from participation.papers.services import PaperDraft, create_paper
from tests.conftest import portal_test_config

CONCURRENT_PAPERS = 8


def test_numbers_count_up_within_a_year_and_restart_in_the_next(make_paper):
    first = make_paper(title="Erste Vorlage", submitted=False, year=2026)
    second = make_paper(title="Zweite Vorlage", submitted=False, year=2026)
    next_year = make_paper(title="Vorlage im neuen Jahr", submitted=False, year=2027)
    third = make_paper(title="Dritte Vorlage", submitted=False, year=2026)
    assert [first.reference, second.reference, third.reference] == ["V-2026-001", "V-2026-002", "V-2026-003"]
    assert (next_year.reference, next_year.year, next_year.number) == ("V-2027-001", 2027, 1)


def test_more_than_999_papers_keep_their_number(db, app, staff_user):
    db.add(Paper(year=2026, number=999, reference="V-2026-999", title="Alt", paper_type="report"))
    db.commit()
    paper = create_paper(db, staff_user, PaperDraft(title="Neu", paper_type=PaperType.REPORT), year=2026)
    assert paper.reference == "V-2026-1000"


def test_a_number_taken_in_the_meantime_is_retried_not_an_error(db, app, staff_user, make_paper, monkeypatch):
    """Two staff members read the same highest number; the one who inserts second takes the next."""
    make_paper(title="Schon da", submitted=False, year=2026)
    real_next_number = services._next_number
    answers = iter([1])  # what the concurrent reader would have seen: the number just taken

    def next_number_after_a_race(session, year):
        return next(answers, None) or real_next_number(session, year)

    monkeypatch.setattr(services, "_next_number", next_number_after_a_race)
    paper = create_paper(db, staff_user, PaperDraft(title="Nachzüglerin", paper_type=PaperType.REPORT), year=2026)
    db.commit()
    assert paper.reference == "V-2026-002"
    assert [p.reference for p in db.exec(select(Paper).order_by(Paper.number))] == ["V-2026-001", "V-2026-002"]


def test_staff_creating_papers_at_the_same_time_get_distinct_numbers(shared_database_url, tmp_path):
    # A generous lock wait: on a busy machine eight writers queue for SQLite's single write lock.
    app = create_app(portal_test_config(shared_database_url, tmp_path / "mail", SQLITE_BUSY_TIMEOUT_MS=60000))
    database = app.extensions["database"]
    migrate.upgrade(database)
    with database.new_session() as session:
        staff = create_user(session, email="staff@example.org", display_name="Vera Verwaltung", password="x" * 12,
                            roles={Role.STAFF}, verified=True)
        session.commit()
        staff_id = staff.id
    start = threading.Barrier(CONCURRENT_PAPERS)
    failures = []

    def create(number: int) -> None:
        try:
            start.wait(timeout=60)
            with app.app_context(), database.new_session() as session:
                draft = PaperDraft(title=f"Vorlage {number}", paper_type=PaperType.REPORT)
                create_paper(session, session.get(User, staff_id), draft, year=2026)
                session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=create, args=(number,)) for number in range(CONCURRENT_PAPERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    try:
        assert failures == []
        with database.new_session() as session:
            references = sorted(session.exec(select(Paper.reference)))
        assert references == [f"V-2026-{number:03d}" for number in range(1, CONCURRENT_PAPERS + 1)]
    finally:
        database.dispose()
