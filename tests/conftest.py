"""Fixtures: an app on a migrated database, a rolled-back transaction per test, users and sign-in per role.

The schema comes from the Alembic migrations, never from create_all(), so models and migrations cannot
drift apart. TEST_DATABASE_URL=postgresql+psycopg://… runs the suite on PostgreSQL, in a schema of its
own that is dropped at the end. Tests that ask for `demo` run on a second database, seeded once per run.
"""

import email
import email.policy
import os
import re
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest
from flask import request_finished
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from participation import create_app, migrate
from participation.accounts import services as accounts_services
from participation.accounts.models import Role
from participation.accounts.services import create_user
from participation.demo import seed_demo_data

TEST_PASSWORD = "correct horse battery staple"
# The suite creates and signs in thousands of accounts: a cheaper scrypt keeps it fast. Production keeps the
# default cost; hashes carry their parameters, so checking works the same.
accounts_services.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"


def is_postgresql(url: str) -> bool:
    return url.startswith("postgresql")


def portal_test_config(database_url: str, mail_dir: Path, **overrides) -> dict:
    config = {
        "PARTICIPATION_ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "MAIL_BACKEND": "file",
        "MAIL_FILE_DIR": str(mail_dir),
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SQLITE_BUSY_TIMEOUT_MS": 5000,
    }
    config.update(overrides)
    return config


@contextmanager
def postgresql_schema(server_url: str, prefix: str):
    """A fresh schema on the PostgreSQL server, dropped afterwards; yields the URL that uses it."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()


@contextmanager
def fresh_database(tmp_path_factory, name: str):
    """An empty database: a SQLite file, or (with TEST_DATABASE_URL) a PostgreSQL schema dropped afterwards."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path_factory.mktemp(name) / f'{name}.db'}"
        return
    with postgresql_schema(server_url, name) as url:
        yield url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """An empty database for this test run."""
    with fresh_database(tmp_path_factory, "test") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_database_url(request, tmp_path):
    """An empty database of the test's own, on SQLite and (with TEST_DATABASE_URL) on PostgreSQL: for tests whose
    concurrent sessions must see each other's committed rows, which the rolled-back `db` cannot give."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.db'}"
        return
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        pytest.skip("TEST_DATABASE_URL is not set")
    with postgresql_schema(server_url, "test_shared") as url:
        yield url


@pytest.fixture(scope="session")
def migrated_database_url(database_url, tmp_path_factory):
    app = create_app(portal_test_config(database_url, tmp_path_factory.mktemp("mail")))
    migrate.upgrade(app.extensions["database"])
    app.extensions["database"].dispose()
    return database_url


@pytest.fixture(scope="session")
def demo_upload_dir(tmp_path_factory) -> Path:
    """The demo's uploaded files (images, documents); each demo test works on a copy of its own."""
    return tmp_path_factory.mktemp("demo_uploads")


@pytest.fixture(scope="session")
def demo_database_url(tmp_path_factory, demo_upload_dir):
    """The demo municipality, seeded and committed once per run into a database of its own: seeding takes
    seconds, far too long to repeat in every test that reads it."""
    with fresh_database(tmp_path_factory, "test_demo") as url:
        app = create_app(portal_test_config(url, tmp_path_factory.mktemp("demo_mail"),
                                            UPLOAD_DIR=str(demo_upload_dir)))
        database = app.extensions["database"]
        migrate.upgrade(database)
        session = database.new_session()
        with app.test_request_context("/"):
            assert seed_demo_data(session)
        session.commit()
        session.close()
        database.dispose()
        yield url


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
def upload_dir(tmp_path) -> Path:
    """Uploads of this test, never in the project's instance folder."""
    return tmp_path / "uploads"


@pytest.fixture
def app_config(request, mail_dir, upload_dir) -> dict:
    """Settings for the `app` fixture; a test may override some with `@pytest.mark.parametrize`/indirect.

    A test that asks for `demo` gets the seeded demo database, every other test the empty one.
    """
    database_fixture = "demo_database_url" if "demo" in request.fixturenames else "migrated_database_url"
    return portal_test_config(request.getfixturevalue(database_fixture), mail_dir, UPLOAD_DIR=str(upload_dir))


@pytest.fixture
def app(app_config):
    """The app, its sessions bound to one connection whose transaction is rolled back after the test.

    No app context stays pushed during the test: each request gets its own, as in production.
    """
    app = create_app(app_config)
    database = app.extensions["database"]
    connection = database.engine.connect()
    transaction = connection.begin()
    database.bind = connection
    yield app
    transaction.rollback()
    connection.close()
    database.dispose()


@pytest.fixture
def db(app):
    """A session of the test's own on the app's connection; it re-reads rows after every request."""
    session = app.extensions["database"].new_session()

    def forget_loaded_rows(_sender, **_extra):
        session.expire_all()

    request_finished.connect(forget_loaded_rows, app)
    yield session
    request_finished.disconnect(forget_loaded_rows, app)
    session.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Browser:
    """The test client used as a person would: open the form's page, then submit it with its token."""

    def __init__(self, client):
        self.client = client

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def submit(self, path, data: dict, form_page: str | None = None, **kwargs):
        page = self.client.get(form_page or path)
        token = csrf_token_from(page.get_data(as_text=True))
        return self.client.post(path, data={**data, "csrf_token": token}, **kwargs)

    def sign_in(self, email_address: str, password: str = TEST_PASSWORD, remember: bool = False):
        data = {"email": email_address, "password": password}
        if remember:
            data["remember"] = "y"
        return self.submit("/auth/login", data)

    def sign_out(self):
        return self.submit("/auth/logout", {})


@pytest.fixture
def browser(client) -> Browser:
    return Browser(client)


@pytest.fixture
def make_user(db):
    """Create a verified (unless told otherwise) account with the given roles, committed."""
    counter = iter(range(1, 10_000))

    def make(*roles: Role, email_address: str | None = None, name: str | None = None, verified: bool = True,
             password: str = TEST_PASSWORD):
        number = next(counter)
        user = create_user(db, email=email_address or f"user{number}@example.org",
                           display_name=name or f"Test User {number}", password=password, roles=set(roles),
                           verified=verified)
        db.commit()
        return user

    return make


@pytest.fixture
def signed_in(app):
    """A browser of its own, signed in as `user` (None: a visitor), for tests with several people at once."""
    def sign_in(user) -> Browser:
        browser = Browser(app.test_client())
        if user is not None:
            assert browser.sign_in(user.email).status_code == 302
        return browser
    return sign_in


@pytest.fixture
def sign_in_as(make_user, browser):
    """Create a user with `roles` and sign the browser in as that user."""

    def sign_in(*roles: Role):
        user = make_user(*roles)
        response = browser.sign_in(user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return sign_in


@dataclass
class Mailbox:
    directory: Path

    def messages(self) -> list[Message]:
        if not self.directory.exists():
            return []
        files = sorted(self.directory.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
        return [email.message_from_bytes(path.read_bytes()) for path in files]

    def to(self, address: str) -> list[Message]:
        return [message for message in self.messages() if message["To"] == address]

    @staticmethod
    def subject(message: Message) -> str:
        """The subject as the reader sees it (encoded words decoded, folding undone)."""
        return " ".join(str(email.policy.default.header_factory("subject", message["Subject"])).split())

    @staticmethod
    def body(message: Message) -> str:
        return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")

    def link(self, address: str, path_prefix: str) -> str:
        """The path of the last link to `path_prefix` mailed to `address`."""
        for message in reversed(self.to(address)):
            match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S+)", self.body(message))
            if match:
                return match.group(1)
        raise AssertionError(f"no mail to {address} with a link to {path_prefix}")


@pytest.fixture
def mailbox(mail_dir) -> Mailbox:
    return Mailbox(mail_dir)


@pytest.fixture
def demo(app, upload_dir, demo_upload_dir):
    """The demo municipality as `flask seed-demo` loads it: people, ideas, measures, boards, projects, news.

    Its rows are already in the app's database (see `app_config`) and rolled back after the test like any
    other; its files are copied, so a test may change or delete them without harm to the next.
    """
    shutil.copytree(demo_upload_dir, upload_dir, dirs_exist_ok=True)
