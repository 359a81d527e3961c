"""Two `send-mail` runs at once (cron overlapping itself, or two machines) never send a mail twice.

The runs need committed rows, so this test has a database of its own: a SQLite file, and on PostgreSQL
(TEST_DATABASE_URL) a schema of its own that is dropped at the end.
"""

import multiprocessing
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from participation import create_app, mail, migrate
from participation.db import utcnow
from participation.notifications.models import OutboxMail, OutboxStatus
from participation.notifications.services import send_due_mail
from tests.conftest import Mailbox, portal_test_config

MAILS = 40
RUNS = 3


def slow_send(message) -> None:
    """The file backend, slow enough that the runs overlap."""
    time.sleep(0.003)
    mail.send_message(message)


def run_send_mail(url: str, mail_dir: str, start, results) -> None:
    app = create_app(portal_test_config(url, mail_dir))
    start.wait()
    with app.app_context():
        results.put(send_due_mail(app.extensions["database"], utcnow(), send=slow_send))
    app.extensions["database"].dispose()


@pytest.fixture
def shared_app(shared_database_url, tmp_path):
    app = create_app(portal_test_config(shared_database_url, tmp_path / "mail"))
    database = app.extensions["database"]
    migrate.upgrade(database)
    with database.new_session() as session:
        session.add_all(OutboxMail(recipient=f"person{number}@example.org", subject=f"Betreff {number}",
                                   body=f"Text {number}") for number in range(MAILS))
        session.commit()
    yield app
    database.dispose()


def assert_each_mail_sent_once(app, totals):
    assert sum(sent for sent, _failed in totals) == MAILS
    assert all(failed == 0 for _sent, failed in totals)
    received = Counter(message["To"] for message in Mailbox(Path(app.config["MAIL_FILE_DIR"])).messages())
    assert received == Counter(f"person{number}@example.org" for number in range(MAILS))
    with app.extensions["database"].new_session() as session:
        mails = session.exec(select(OutboxMail)).all()
        assert {(m.status, m.attempts) for m in mails} == {(OutboxStatus.SENT.value, 1)}


def test_concurrent_runs_in_threads_send_each_mail_once(shared_app):
    start = threading.Barrier(RUNS)
    totals = []

    def run():
        with shared_app.app_context():
            start.wait()
            totals.append(send_due_mail(shared_app.extensions["database"], utcnow(), send=slow_send))

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(totals) == RUNS
    assert_each_mail_sent_once(shared_app, totals)


def test_concurrent_runs_in_processes_send_each_mail_once(shared_app, shared_database_url):
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=run_send_mail,
                               args=(shared_database_url, shared_app.config["MAIL_FILE_DIR"], start, results))
               for _ in range(RUNS)]
    for process in workers:
        process.start()
    start.set()
    totals = [results.get(timeout=120) for _ in workers]
    for process in workers:
        process.join(timeout=60)
    assert [process.exitcode for process in workers] == [0] * RUNS
    assert_each_mail_sent_once(shared_app, totals)
