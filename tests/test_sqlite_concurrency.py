"""Two processes writing to one SQLite file at once, as two gunicorn workers do."""

import multiprocessing
import sqlite3
import time

from sqlmodel import func, select

from participation import create_app, migrate
from participation.db import Database
from participation.municipality.models import District
from tests.conftest import portal_test_config

TRANSACTIONS_PER_WORKER = 60


def read_then_write(url: str, worker: int, start) -> None:
    """Each transaction reads first and writes after a pause: the pattern that makes SQLite say "locked"."""
    database = Database(url, busy_timeout_ms=10000)
    start.wait()
    for number in range(TRANSACTIONS_PER_WORKER):
        with database.new_session() as session:
            count = session.exec(select(func.count()).select_from(District)).one()
            time.sleep(0.002)
            session.add(District(name=f"worker {worker} / {number} after {count}"))
            session.commit()
    database.dispose()


def test_concurrent_writers_never_see_database_is_locked(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    database = Database(url)
    migrate.upgrade(database)

    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=read_then_write, args=(url, worker, start)) for worker in range(2)]
    for process in workers:
        process.start()
    start.set()
    for process in workers:
        process.join(timeout=120)

    assert [process.exitcode for process in workers] == [0, 0]
    with database.new_session() as session:
        assert session.exec(select(func.count()).select_from(District)).one() == 2 * TRANSACTIONS_PER_WORKER
    database.dispose()


def test_pages_are_read_while_another_process_writes(tmp_path):
    """GET requests take no write lock, so a long write elsewhere does not hold up readers."""
    app = create_app(portal_test_config(f"sqlite:///{tmp_path / 'shared.db'}", tmp_path / "mail",
                                 SQLITE_BUSY_TIMEOUT_MS=200))
    migrate.upgrade(app.extensions["database"])
    writer = sqlite3.connect(tmp_path / "shared.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        client = app.test_client()
        assert client.get("/").status_code == 200
        assert client.get("/auth/login").status_code == 200
    finally:
        writer.rollback()
        writer.close()
        app.extensions["database"].dispose()
