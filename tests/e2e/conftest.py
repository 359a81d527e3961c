"""Browser tests: the portal served on a real port, driven by Debian's Chromium through Playwright.

One live server per test run: a fresh SQLite file database (migrated, with the demo municipality and demo
accounts), mail written as .eml files into a temporary folder, rate limits off. Each test gets a fresh
browser context (no cookies), German by default (Accept-Language: de-DE).

Without /usr/bin/chromium the tests are skipped, unless CI=true or E2E_REQUIRED=1: then they fail, so a CI
job cannot turn green by silently skipping them.
"""

import os
import threading
import uuid
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from participation import create_app, migrate
from participation.accounts.services import find_user_by_email
from participation.db import get_session
from participation.demo import seed_demo_data
from tests.conftest import Mailbox, portal_test_config
from tests.e2e.helpers import BROWSER_LOCALES, DEMO_PASSWORD, sign_in

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
E2E_DIR = Path(__file__).resolve().parent

#: The timeout (ms) for one Playwright action or navigation; the server is local, so pages come fast.
ACTION_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    """Every test in this folder is an e2e test, so `-m "not e2e"` leaves them all out."""
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def e2e_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("E2E_REQUIRED") == "1"


def skip_or_fail(reason: str):
    if e2e_required():
        pytest.fail(f"{reason} (CI=true or E2E_REQUIRED=1: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


class LiveServer:
    def __init__(self, app, mail_dir: Path):
        self.app = app
        self.mailbox = Mailbox(mail_dir)
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="e2e-live-server", daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._thread.join(timeout=5)
        self._server.server_close()

    def user_id(self, email_address: str) -> int:
        with self.app.app_context():
            user = find_user_by_email(get_session(), email_address)
            assert user is not None, f"no user {email_address}"
            return user.id


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    database_file = tmp_path_factory.mktemp("e2e-db") / "portal.db"
    mail_dir = tmp_path_factory.mktemp("e2e-mail")
    # Uploads (demo files included) go to a temporary folder, not to the instance folder of the checkout.
    upload_dir = tmp_path_factory.mktemp("e2e-uploads")
    app = create_app(portal_test_config(f"sqlite:///{database_file}", mail_dir, RATELIMIT_ENABLED=False,
                                        UPLOAD_DIR=str(upload_dir)))
    migrate.upgrade(app.extensions["database"])
    with app.app_context():
        session = get_session()
        assert seed_demo_data(session), "the fresh database should take the demo data"
        session.commit()
    server = LiveServer(app, mail_dir)
    server.start()
    yield server
    server.stop()
    app.extensions["database"].dispose()


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def mailbox(live_server) -> Mailbox:
    """The mails the live server sent (all of them: use a fresh address per test)."""
    return live_server.mailbox


@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed")
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_instance):
    """One Chromium for the whole run; never one Playwright downloads."""
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def new_context(chromium, base_url):
    """Make a fresh browser context (German unless told otherwise); closed at the end of the test run."""
    contexts = []

    def make(**options):
        options.setdefault("locale", "de-DE")
        options.setdefault("base_url", base_url)
        context = chromium.new_context(**options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        try:
            context.close()
        except Exception:  # noqa: BLE001 - already closed with its test
            pass


@pytest.fixture
def make_page(new_context):
    """Make a page in a fresh context with the given options (e.g. locale="en-GB"); closed after the test."""
    contexts = []

    def make(**options):
        contexts.append(new_context(**options))
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    context = new_context()
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def unique_email():
    """A new address for each call, so tests never meet each other's accounts or mails."""

    def make(prefix: str = "e2e") -> str:
        return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"

    return make


@pytest.fixture(scope="session")
def idea_upload_dir(live_server) -> Path:
    return Path(live_server.app.config["UPLOAD_DIR"])


@pytest.fixture(scope="module")
def signed_in(new_context):
    """One page per person and language, signed in once for the module's page checks ("" for a visitor)."""
    pages = {}

    def get(email_address: str, lang: str):
        if (email_address, lang) not in pages:
            page = new_context(locale=BROWSER_LOCALES[lang]).new_page()
            if email_address:
                sign_in(page, email_address, DEMO_PASSWORD)
            pages[email_address, lang] = page
        return pages[email_address, lang]

    yield get
    for page in pages.values():
        page.context.close()
