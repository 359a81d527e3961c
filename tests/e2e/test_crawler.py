"""Every page, as every role sees it, passes axe-core (WCAG 2.0/2.1 A and AA) and the Nu Html Checker.

One crawl per module: as a visitor and as each demo account, breadth-first from the home page and from every
GET rule without parameters, following the portal's own links (a few addresses per rule, so /ideas/<id> is
not opened two hundred times). Each distinct page is checked with axe in Chromium, and each form that needs
input is submitted empty once and checked again showing its errors. The HTML the server sent is saved and
validated at the end with one run of vnu.jar (the npm package vnu-jar, see package.json).

Every GET rule of the app must be reached by some role; the few that no page links to are listed in
UNLINKED_RULES, with addresses built from the demo data.
"""

import io
import json
import re
import shutil
import subprocess
import time
from collections import Counter, defaultdict, deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from sqlmodel import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from participation.accounts.demo import DEMO_USERS
from participation.accounts.services import find_user_by_email
from participation.auth.routes import token_settings
from participation.auth.services import email_change_token, reset_token, verification_token
from participation.comments.models import Stance
from participation.comments.services import hide_comment, post_comment
from participation.db import get_session, utcnow
from participation.documents.models import Document
from participation.ideas import services as ideas
from participation.ideas.images import store_image
from participation.ideas.models import Idea
from participation.ideas.services import IdeaDraft, propose_idea
from participation.measures import services as measures
from participation.measures.models import Measure
from participation.moderation.services import hide
from participation.municipality.models import ActionArea
from participation.news import services as news
from participation.news.models import NewsPost
from participation.notifications.services import unsubscribe_token
from participation.site.services import FeedbackDraft, report_barrier
from participation.volunteering.models import Project
from participation.volunteering.services import new_calendar_token
from tests.e2e.conftest import skip_or_fail
from tests.e2e.helpers import DEMO_PASSWORD, MODERATOR_EMAIL, RESIDENT_EMAIL, dangling_aria_references, sign_in
from tests.e2e.test_accessibility import axe_violations, format_violations

pytestmark = pytest.mark.e2e

ROLES = [("visitor", "")] + [(role.value, email_address) for email_address, _name, role in DEMO_USERS]
BOARD_MEMBER_EMAIL = "beirat@beispielstadt.example"
VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: Addresses of one rule a role opens: a couple of different ones, and a couple of query-string variants.
URLS_PER_RULE = 2
QUERY_VARIANTS_PER_RULE = 2
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src"}
#: The fields an empty submission clears; a form with one of them required fails validation harmlessly.
CLEARABLE_TYPES = {"text", "email", "password", "url", "number", "tel", "search", "date", "time",
                   "datetime-local", "month", "week"}

# Rules no page links to; the crawl opens addresses built from the demo data for them (see `built_urls`).
UNLINKED_RULES = {
    "/auth/verify/<token>": "the confirmation link is only mailed",
    "/auth/reset/<token>": "the reset link is only mailed",
    "/account/email/confirm/<token>": "the confirmation of a new address is only mailed",
    "/notifications/unsubscribe/<token>": "the unsubscribe link is only mailed",
    "/volunteer/calendar/<token>.ics": "the secret feed address is shown once, after a button is pressed",
    "/ideas/similar": "a fragment the idea form's script fetches while the title is typed",
    "/oparl/v1/<path:rest>": "the API's answer to an unknown address",
    "/healthz": "for the monitoring, not for people",
}
# Rules that only ever answer with a redirect.
REDIRECTING_RULES = {
    "/oparl/v1/": "the API's entry point sends clients on to its system object",
}


def built_urls(live_server) -> list[str]:
    """Addresses for UNLINKED_RULES, made from the demo accounts as the mails and buttons would make them."""
    app = live_server.app
    with app.app_context():
        db = get_session()
        resident = find_user_by_email(db, RESIDENT_EMAIL)
        settings = token_settings()
        # Bernd Beirat's feed address: no other test uses his (a new one replaces the old).
        calendar_token = new_calendar_token(db, find_user_by_email(db, BOARD_MEMBER_EMAIL))
        db.commit()
        return [
            f"/auth/verify/{verification_token(settings, resident)}",
            f"/auth/reset/{reset_token(settings, resident)}",
            f"/account/email/confirm/{email_change_token(settings, resident, 'anna.neu@beispielstadt.example')}",
            f"/notifications/unsubscribe/{unsubscribe_token(app.config['SECRET_KEY'], resident)}",
            f"/volunteer/calendar/{calendar_token}.ics",
            "/ideas/similar?title=Spielplatz",
            "/oparl/v1/no-such-object",
        ]


def prepared_pages(live_server) -> list[str]:
    """What the demo lacks for some pages, added through the services as people would; returns the pages that
    show it (the crawl starts there, before the per-rule limit could pass them by).

    Anna Bewohnerin's fresh comments (editable for 15 minutes, reportable by others) and hidden ones (she may
    appeal) on an idea, a measure and a news post; her idea with a photo waiting for review (she may edit it)
    and a hidden one (appeal); a project photo; a reported barrier; a document with several versions."""
    app = live_server.app
    with app.app_context():
        db = get_session()
        resident = find_user_by_email(db, RESIDENT_EMAIL)
        moderator = find_user_by_email(db, MODERATOR_EMAIL)
        now = utcnow()
        pages = []
        for subjects, link in (
            ((ideas.comment_subject(idea) for idea in db.exec(select(Idea).order_by(Idea.id))), "/ideas/{}"),
            ((measures.comment_subject(measure) for measure in db.exec(select(Measure).order_by(Measure.id))),
             "/measures/{}"),
            ((news.comment_subject(post, now) for post in db.exec(select(NewsPost).order_by(NewsPost.id))),
             "/news/{}"),
        ):
            subject = next(subject for subject in subjects if subject.may_comment(resident))
            post_comment(db, resident, subject, "Gute Sache, ich helfe gern mit.", Stance.FOR)
            hidden = post_comment(db, resident, subject, "Ein Kommentar, den die Moderation ausblendet.",
                                  Stance.NEUTRAL)
            hide_comment(db, moderator, hidden, subject, "Beleidigend (Regel 2).")
            pages.append(link.format(subject.id))

        upload_dir = Path(app.config["UPLOAD_DIR"])
        photo = io.BytesIO()
        Image.new("RGB", (64, 48), (40, 120, 200)).save(photo, format="PNG")
        stored = store_image(photo.getvalue(), upload_dir, app.config["IDEA_IMAGE_MAX_BYTES"])
        area = db.exec(select(ActionArea).order_by(ActionArea.id)).first()
        draft = IdeaDraft(title="Bänke am Mühlenteich", body="Am Teich fehlen Bänke zum Ausruhen.",
                          district_id=resident.district_id, action_area_ids=[area.id])
        waiting = propose_idea(db, resident, draft, premoderated=True, image=(stored.name, stored.content_type))
        hidden_idea = propose_idea(db, resident, replace(draft, title="Ein Vorschlag, den die Moderation ausblendet"),
                                   premoderated=False)
        hide(db, moderator, hidden_idea, hidden_idea.version, "Werbung (Regel 4).")
        project = db.exec(select(Project).where(Project.image_name.is_(None)).order_by(Project.id)).first()
        project.image_name, project.image_content_type = stored.name, stored.content_type
        db.add(project)
        report_barrier(db, None, FeedbackDraft(message="Der Kontrast der Fußzeile ist zu schwach.", page_url="/"))
        document = db.exec(select(Document).where(Document.version_count > 1).order_by(Document.id)).first()
        db.commit()
        return [*pages, f"/ideas/{waiting.id}", f"/ideas/{hidden_idea.id}", f"/volunteer/projects/{project.id}",
                f"/documents/{document.id}"]


class PageParser(HTMLParser):
    """What the crawl needs from a page: its links, the shape of its main content, and its POST forms."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        #: The kinds of elements in <main>, without text or values: pages of one rule with the same set are
        #: built from the same template branches, so axe needs to see only one of them.
        self.shape: set[str] = set()
        self.forms: list[dict] = []
        self._in_main = False
        self._form: dict | None = None
        self._post_forms = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        link = attributes.get(LINK_ATTRIBUTES.get(tag, ""))
        if link:
            self.links.append(link)
        if tag == "form":
            self._start_form(attributes)
        if tag == "main":
            self._in_main = True
        if self._in_main and attributes.get("type") != "hidden":
            self.shape.add(" ".join([tag, attributes.get("class") or "", attributes.get("role") or "",
                                     attributes.get("type") or "", attributes.get("name") or "",
                                     *sorted(name for name in attributes if name.startswith("aria-"))]))
        if self._form is not None and tag in ("input", "textarea", "select", "button"):
            self._form["names"].add(attributes.get("name") or "")
            clearable = tag == "textarea" or (tag == "input" and attributes.get("type", "text") in CLEARABLE_TYPES)
            if clearable and "required" in attributes:
                self._form["required"] = True

    def _start_form(self, attributes: dict):
        method = (attributes.get("method") or "get").lower()
        if method == "get":
            if attributes.get("action") is not None:
                self.links.append(attributes["action"])
            return
        self._form = {"index": self._post_forms, "action": attributes.get("action") or "", "names": set(),
                      "required": False}
        self._post_forms += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


SUBMIT_EMPTY = """([index, types]) => {
    const form = [...document.forms].filter(form => form.method === 'post')[index];
    for (const element of form.elements) {
        if (element.tagName === 'TEXTAREA' || (element.tagName === 'INPUT' && types.includes(element.type))) {
            element.value = '';
        }
    }
    form.noValidate = true;  // the server's messages are what is checked, not the browser's
    form.requestSubmit(form.querySelector('button[type=submit], input[type=submit], button:not([type])'));
}"""


@dataclass
class Crawl:
    base_url: str
    public_url: str
    url_map: object
    #: rule -> roles that got an answer other than a redirect from one of its addresses
    reached: dict = field(default_factory=lambda: defaultdict(set))
    redirected: dict = field(default_factory=lambda: defaultdict(set))
    visits: int = 0
    axe_runs: int = 0
    empty_submissions: int = 0
    violations: list = field(default_factory=list)  # readable reports
    problems: list = field(default_factory=list)  # server errors, broken links, forms that take empty input
    saved: dict = field(default_factory=dict)  # saved HTML file -> "role URL (status)"
    statuses: Counter = field(default_factory=Counter)
    seconds: Counter = field(default_factory=Counter)

    @contextmanager
    def timed(self, step: str):
        started = time.monotonic()
        yield
        self.seconds[step] += time.monotonic() - started

    def rule_of(self, url: str) -> str | None:
        parts = urlsplit(url)
        try:
            rule, _arguments = self.url_map.bind("localhost").match(parts.path, "GET", return_rule=True)
        except RequestRedirect as redirect:
            return self.rule_of(redirect.new_url)
        except HTTPException:
            return None
        return rule.rule

    def local(self, url: str, base: str) -> str | None:
        """The path and query of a link on this site (without `lang`: each page is crawled in German), or None.

        The API and the feeds name the portal by its PUBLIC_URL, which is not the live server's address."""
        parts = urlsplit(urljoin(base, url))
        if f"{parts.scheme}://{parts.netloc}" not in (self.base_url, self.public_url):
            return None
        query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if key != "lang"])
        return parts.path + (f"?{query}" if query else "")


class RoleCrawl:
    """One role's breadth-first walk over the site, with its own signed-in browser page."""

    def __init__(self, crawl: Crawl, role: str, page: Page, out_dir: Path, checked: dict, submitted: set,
                 data_rules: set):
        self.crawl, self.role, self.page, self.out_dir = crawl, role, page, out_dir
        self.checked, self.submitted, self.data_rules = checked, submitted, data_rules
        self.seen: set[str] = set()
        self.per_rule: dict = defaultdict(lambda: ([], []))  # rule -> (plain paths, query variants)
        self.queue: deque[str] = deque()

    def enqueue(self, url: str | None, seed: bool = False) -> None:
        """Queue a link, unless seen, or its rule had enough addresses already (seeds go in and do not count)."""
        if url is None or url in self.seen:
            return
        rule = self.crawl.rule_of(url)
        if rule in self.data_rules:  # feeds, files, API answers: fetched once by whichever role met them first
            return
        if not seed:
            plain, variants = self.per_rule[rule]
            bucket, limit = (variants, QUERY_VARIANTS_PER_RULE) if "?" in url else (plain, URLS_PER_RULE)
            if len(bucket) >= limit:
                return
            bucket.append(url)
        self.seen.add(url)
        self.queue.append(url)

    def run(self, seeds: list[str]) -> None:
        for url in seeds:
            self.enqueue(url, seed=True)
        while self.queue:
            url = self.queue.popleft()
            try:
                self.visit(url)
            except PlaywrightError as error:  # e.g. a form whose submission never leaves the page
                self.crawl.problems.append(f"{self.role}: {url}: {error.message.splitlines()[0]}")

    def visit(self, url: str) -> None:
        crawl = self.crawl
        with crawl.timed("fetch"):
            response = self.page.context.request.get(crawl.base_url + url, max_redirects=0)
        crawl.visits += 1
        status, rule = response.status, crawl.rule_of(url)
        crawl.statuses[status] += 1
        if 300 <= status < 400:
            crawl.redirected[rule].add(self.role)
            self.enqueue(crawl.local(response.headers["location"], crawl.base_url + url))
            return
        if status >= 500 or status == 405:
            crawl.problems.append(f"{self.role}: {url} answered {status}")
        crawl.reached[rule or "(no rule)"].add(self.role)
        content_type = response.headers.get("content-type", "")
        if not content_type.startswith("text/html"):
            self.data_rules.add(rule)
            if content_type.startswith(("application/json", "application/ld+json", "application/atom+xml",
                                        "text/calendar", "text/csv", "application/xml", "text/xml")):
                # API answers and feeds link on to their objects by absolute address
                for link in re.findall(r"https?://[^\s\"'<>\\]+", response.text()):
                    self.enqueue(crawl.local(unescape(link), crawl.base_url))
            return
        html = response.text()
        if not re.match(r"\s*<!doctype html", html, re.IGNORECASE):
            return  # a fragment for a script; the page that shows it is checked whole
        parsed = parse(html)
        for link in parsed.links:
            self.enqueue(crawl.local(link, crawl.base_url + url))
        self.check_page(url, rule, status, parsed)
        for form in parsed.forms:
            self.submit_empty(url, form)

    def check_page(self, url: str, rule: str | None, status: int, parsed: PageParser) -> None:
        """axe once per rule, role and status; and not again for a role whose page has the same shape.

        "Forbidden" and "not found" look alike whichever rule answers them: those pages go by their shape only."""
        kind = "error page" if status in (403, 404) else rule
        shapes = self.checked.setdefault((kind, status), {"roles": set(), "shapes": []})
        shape = frozenset(parsed.shape)
        if self.role in shapes["roles"] or shape in shapes["shapes"]:
            return
        shapes["roles"].add(self.role)
        shapes["shapes"].append(shape)
        with self.crawl.timed("open"):
            response = self.page.goto(url)
        if response is None or response.status != status:
            self.crawl.problems.append(f"{self.role}: {url} answered {status}, then in the browser "
                                       f"{response.status if response else 'nothing'}")
            return
        self.check_shown_page(f"{url} ({status})", response.text())

    def check_shown_page(self, label: str, html: str) -> None:
        crawl = self.crawl
        crawl.axe_runs += 1
        with crawl.timed("axe"):
            violations = axe_violations(self.page)
            dangling = dangling_aria_references(self.page)
        if violations or dangling:
            report = f"{label} as {self.role}:\n" + format_violations(violations)
            if dangling:
                report += "\n- ARIA references to missing ids: " + ", ".join(dangling)
            crawl.violations.append(report)
        saved = self.out_dir / f"page-{len(crawl.saved):04d}.html"
        saved.write_text(html, encoding="utf-8")
        crawl.saved[str(saved)] = f"{label} as {self.role}"

    def submit_empty(self, url: str, form: dict) -> None:
        """Submit a form that needs input with its text fields cleared: the failed validation must be accessible.

        Forms without a required text field (buttons that delete, sign out, support) are never pressed."""
        key = (self.crawl.rule_of(urljoin(url, form["action"]) if form["action"] else url), frozenset(form["names"]))
        if not form["required"] or key in self.submitted:
            return
        self.submitted.add(key)
        with self.crawl.timed("submit"):
            if self.page.url != self.crawl.base_url + url:
                self.page.goto(url)
            with self.page.expect_navigation() as navigation:
                self.page.evaluate(SUBMIT_EMPTY, [form["index"], sorted(CLEARABLE_TYPES)])
        response = navigation.value
        self.crawl.empty_submissions += 1
        if response is None or not 400 <= response.status < 500:
            self.crawl.problems.append(f"{self.role}: the form {form['action'] or '(same page)'} on {url} took an "
                                       f"empty submission ({response.status if response else 'no answer'})")
            return
        self.check_shown_page(f"{url} after an empty submission ({response.status})", response.text())


def run_vnu(saved: dict) -> list[str]:
    """One Java start for all saved pages: the errors as readable lines."""
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *saved],
                            capture_output=True, text=True, timeout=300)
    assert result.stderr.startswith("{"), f"vnu.jar did not run:\n{result.stderr[-2000:]}"
    messages = json.loads(result.stderr)["messages"]
    lines = []
    for message in messages:
        source = saved.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        lines.append(f"{source}, line {message.get('lastLine')}: {message['message']}\n"
                     f"    {message.get('extract', '').strip()}")
    return lines


@pytest.fixture(scope="module")
def crawl(live_server, new_context, tmp_path_factory) -> Crawl:
    started = time.monotonic()
    app = live_server.app
    result = Crawl(base_url=live_server.url, public_url=app.config["PUBLIC_URL"].rstrip("/"), url_map=app.url_map)
    out_dir = tmp_path_factory.mktemp("crawled-pages")
    parameterless = sorted(rule.rule for rule in app.url_map.iter_rules()
                           if "GET" in rule.methods and not rule.arguments)
    seeds = ["/", *parameterless, *built_urls(live_server), *prepared_pages(live_server)]
    checked, submitted, data_rules = {}, set(), set()
    per_role = {}
    for role, email_address in ROLES:
        role_started = time.monotonic()
        page = new_context().new_page()
        if email_address:
            sign_in(page, email_address, DEMO_PASSWORD)
        RoleCrawl(result, role, page, out_dir, checked, submitted, data_rules).run(seeds)
        page.context.close()
        per_role[role] = f"{time.monotonic() - role_started:.0f}"
    steps = ", ".join(f"{step} {seconds:.0f}" for step, seconds in result.seconds.most_common())
    print(f"\ncrawl: {time.monotonic() - started:.0f} s for {result.visits} addresses of {len(result.reached)} rules "
          f"as {len(ROLES)} roles (answers: {dict(result.statuses)}); axe checked {result.axe_runs} pages, "
          f"{result.empty_submissions} of them after an empty submission.\nseconds per role: {per_role}; "
          f"per step: {steps}")
    return result


def get_rules(app) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}


def test_every_get_rule_is_reached(crawl, live_server):
    redirected = {rule for rule in REDIRECTING_RULES if crawl.redirected[rule]}
    missing = sorted(get_rules(live_server.app) - set(crawl.reached) - redirected)
    assert not missing, ("no role reached these GET rules (link to them, or build an address in UNLINKED_RULES):\n"
                         + "\n".join(missing))
    assert not (set(UNLINKED_RULES) | set(REDIRECTING_RULES)) - get_rules(live_server.app), (
        "the allowlists name rules the app lacks")


def test_no_server_errors_broken_links_or_forms_that_take_empty_input(crawl):
    assert not crawl.problems, "\n".join(crawl.problems)


def test_axe_finds_no_violation(crawl):
    assert crawl.axe_runs > 100, "the crawl checked far fewer pages than the portal has"
    assert not crawl.violations, (f"axe found WCAG violations on {len(crawl.violations)} of {crawl.axe_runs} "
                                  "pages:\n" + "\n".join(crawl.violations))


def test_nu_html_checker_finds_no_error(crawl):
    if not VNU_JAR.exists():
        skip_or_fail(f"{VNU_JAR} is missing: run `npm ci`")
    if shutil.which("java") is None:
        skip_or_fail("java is missing: the Nu Html Checker needs it")
    started = time.monotonic()
    errors = run_vnu(crawl.saved)
    print(f"\nvnu checked {len(crawl.saved)} pages in {time.monotonic() - started:.1f} s")
    assert not errors, f"the Nu Html Checker found {len(errors)} error(s):\n" + "\n".join(errors)
