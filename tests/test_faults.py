"""The database is down: every page answers 503 with a translated page and Retry-After, and the app recovers by
itself when the database returns."""

import contextlib
import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlmodel import select

from participation import create_app, migrate
from participation.accounts.models import User
from participation.errors import is_database_unavailable
from tests.auth.test_register import registration
from tests.conftest import Browser, portal_test_config

GERMAN = "Das Portal ist vorübergehend nicht erreichbar"
ENGLISH = "The portal is temporarily unavailable"
PAGES = ["/", "/ideas/1", "/feeds/ideas.atom", "/calendar.ics"]
# How PostgreSQL knows the connections of the app under test.
APPLICATION_NAME = f"faults_{uuid.uuid4().hex[:8]}"


def assert_unavailable(response, rate_limited: bool = False) -> str:
    """A 503 that says when to retry, is cached nowhere and reveals nothing of the error; returns the body."""
    body = response.get_data(as_text=True)
    assert response.status_code == 503, body
    retry_after = int(response.headers["Retry-After"])
    # On a rate-limited form Flask-Limiter raises Retry-After to the end of the limit's window (it never lowers it).
    assert retry_after >= 30 if rate_limited else retry_after == 30
    assert response.headers["Cache-Control"] == "no-store"
    for detail in ("Traceback", "OperationalError", "sqlite", "unable to open"):
        assert detail not in body
    return body


# --- the database cannot be reached at all ------------------------------------------------------------------


@pytest.fixture
def unreachable_app(tmp_path):
    """An app whose SQLite file lies in a folder that does not exist: every connection fails."""
    app = create_app(portal_test_config(f"sqlite:///{tmp_path / 'missing' / 'portal.db'}", tmp_path / "mail"))
    yield app
    app.extensions["database"].dispose()


@pytest.fixture
def unreachable(unreachable_app):
    return unreachable_app.test_client()


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_503_in_german_by_default(unreachable, path):
    assert GERMAN in assert_unavailable(unreachable.get(path))


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_503_in_english_when_asked(unreachable, path):
    assert ENGLISH in assert_unavailable(unreachable.get(path, query_string={"lang": "en"}))
    assert ENGLISH in assert_unavailable(unreachable.get(path, headers={"Accept-Language": "en-GB,en;q=0.9"}))


def test_the_health_check_answers_503_with_retry_after(unreachable):
    response = unreachable.get("/healthz")
    assert_unavailable(response)
    assert response.get_json() == {"status": "unavailable", "database": "unavailable"}


def test_the_oparl_api_answers_503_as_an_oparl_error(unreachable):
    response = unreachable.get("/oparl/v1/system")
    assert_unavailable(response)
    assert response.get_json()["type"] == "https://schema.oparl.org/1.1/Error"


def test_a_signed_in_visitor_gets_the_503_page_too(unreachable_app, unreachable):
    # As in production: an error raised while another error page is rendered reaches the 500 handler.
    unreachable_app.config["PROPAGATE_EXCEPTIONS"] = False
    with unreachable.session_transaction() as session:
        session["_user_id"] = "a login token the database would have to check"
    assert GERMAN in assert_unavailable(unreachable.get("/"))
    # The 404 page's layout asks the database who is signed in.
    assert GERMAN in assert_unavailable(unreachable.get("/no-such-page"))


def test_retry_after_is_configurable(unreachable_app, unreachable):
    unreachable_app.config["DATABASE_RETRY_AFTER_SECONDS"] = 120
    assert unreachable.get("/").headers["Retry-After"] == "120"


# --- the database goes away and comes back ------------------------------------------------------------------


class TCPProxy:
    """Forwards a local port to the database server. stop() is the server going away (the port closed, open
    connections cut), start() its return on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self) -> None:
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes the threads blocked in accept() and recv()
            sock.close()
        self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@dataclass
class Outage:
    app: Flask
    on_postgresql: bool
    down: Callable[[], None]
    up: Callable[[], None]


def portal_app(url: str, tmp_path) -> Flask:
    return create_app(portal_test_config(url, tmp_path / "mail"))


@pytest.fixture
def outage(shared_database_url, tmp_path):
    """An app on a migrated database of its own, and the switches that take the database away and bring it back:
    on PostgreSQL the app connects through a proxy that stops; on SQLite the file's folder vanishes and the pool
    loses its connections (as on a file server that went away)."""
    setup = portal_app(shared_database_url, tmp_path)
    migrate.upgrade(setup.extensions["database"])
    setup.extensions["database"].dispose()
    if shared_database_url.startswith("sqlite"):
        mount = tmp_path / "mount"
        mount.symlink_to(tmp_path, target_is_directory=True)
        app = portal_app(f"sqlite:///{mount / 'shared.db'}", tmp_path)

        def down():
            mount.unlink()
            app.extensions["database"].dispose()

        yield Outage(app, False, down, lambda: mount.symlink_to(tmp_path, target_is_directory=True))
        app.extensions["database"].dispose()
        return
    url = make_url(shared_database_url)
    proxy = TCPProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).update_query_dict({"application_name": APPLICATION_NAME})
    app = portal_app(proxied.render_as_string(hide_password=False), tmp_path)
    yield Outage(app, True, proxy.stop, proxy.start)
    app.extensions["database"].dispose()
    proxy.stop()


def test_pages_answer_503_while_the_database_is_down_and_work_again_when_it_returns(outage):
    client = outage.app.test_client()
    assert client.get("/").status_code == 200
    outage.down()
    assert GERMAN in assert_unavailable(client.get("/"))
    assert_unavailable(client.get("/healthz"))
    outage.up()
    assert client.get("/").status_code == 200
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}


def test_an_action_cut_off_halfway_writes_nothing(outage):
    browser = Browser(outage.app.test_client())
    engine = outage.app.extensions["database"].engine

    @event.listens_for(engine, "before_cursor_execute")
    def cut_off(_connection, _cursor, statement, *_args):
        # The account row is written; the database goes away before its role is.
        if statement.startswith("INSERT INTO role_grant"):
            outage.down()
            if not outage.on_postgresql:  # an open SQLite connection outlives its file's folder
                raise sqlite3.OperationalError("disk I/O error")

    response = browser.submit("/auth/register", registration(email="lena@example.org"))
    assert_unavailable(response, rate_limited=True)
    event.remove(engine, "before_cursor_execute", cut_off)
    outage.up()
    with outage.app.extensions["database"].new_session() as session:
        assert session.exec(select(User).where(User.email == "lena@example.org")).first() is None
    response = browser.submit("/auth/register", registration(email="lena@example.org"))
    assert response.status_code == 302 and response.headers["Location"] == "/auth/check-mail"


@pytest.mark.parametrize("shared_database_url", ["postgresql"], indirect=True)  # SQLite has no server
def test_connections_the_server_terminated_are_replaced_without_an_error(outage):
    client = outage.app.test_client()
    assert client.get("/").status_code == 200
    admin = create_engine(os.environ["TEST_DATABASE_URL"], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        terminated = connection.execute(text(
            "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE application_name = :name"
        ), {"name": APPLICATION_NAME}).scalar()
    admin.dispose()
    assert terminated >= 1
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("error, unavailable", [
    (OperationalError("SELECT 1", {}, sqlite3.OperationalError("unable to open database file")), True),
    (InterfaceError("SELECT 1", {}, Exception("connection already closed")), True),
    (DBAPIError("SELECT 1", {}, Exception("server closed the connection"), connection_invalidated=True), True),
    (PoolTimeoutError("QueuePool limit of size 5 overflow 10 reached"), True),
    (IntegrityError("INSERT …", {}, Exception("duplicate key")), False),
    (ProgrammingError("SELEC 1", {}, Exception("syntax error")), False),
], ids=["operational", "interface", "invalidated", "pool exhausted", "integrity", "programming"])
def test_outages_are_told_apart_from_bugs(error, unavailable):
    """Outages answer 503 and clients retry; a bug in a query stays a logged 500."""
    assert is_database_unavailable(error) is unavailable
