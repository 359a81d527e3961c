"""Mixed load on gunicorn with several workers, on SQLite and on PostgreSQL, and a check of the stored counts.

Signed-in residents (one thread each, no pause between actions) browse, support and withdraw support, comment
(and sometimes delete their comment), sign up for shifts and cancel; a few visitors register. Counted: every
answer's status and latency, 5xx, and "database is locked" in an answer or the server's log. Afterwards every
idea's support and comment count, every measure's and news post's comment count and every shift's taken slots
are compared with their rows. The Markdown report goes to bench/results/load-<date>.md and to standard output;
the exit status is 1 on any server error, lock error, failed connection or wrong count. Talks only to 127.0.0.1.

    .venv/bin/python bench/load.py [--duration 60] [--clients 50] [--workers 4] [--database sqlite|postgresql|both]

PostgreSQL: a fresh database on postgresql+psycopg://postgres@127.0.0.1:5432/ (or --postgresql-server),
dropped afterwards; skipped with a note when the server cannot be reached.
"""

import argparse
import http.cookiejar
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlite_workers import CSRF, ROOT, free_port

import config as portal_config
from participation import create_app
from participation.accounts import services as accounts
from participation.accounts.models import User
from participation.comments.models import Comment
from participation.db import get_session
from participation.ideas.models import Idea, Support
from participation.measures.models import Measure
from participation.news.models import NewsPost
from participation.volunteering.models import Shift, SignUp, SignUpState

RESULTS = Path(__file__).resolve().parent / "results"
POSTGRESQL_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PASSWORD = "load benchmark password"
REQUEST_TIMEOUT = 120  # seconds; far above any sane answer, so a hung worker shows as a failure, not a wait
LOCKED = "database is locked"
# The load is what is measured, not the rate limits: they are switched off (a 429 would still be counted).
SERVER_SETTINGS = {"PARTICIPATION_ENV": "production", "SECRET_KEY": "load-benchmark", "MAIL_BACKEND": "file",
                   "RATELIMIT_ENABLED": "false"}
# What one client does next, by weight.
ACTIONS = {"browse": 50, "support": 20, "shift": 15, "comment": 10, "register": 5}
SEARCH_WORDS = ("Spielplatz", "Radweg", "Altstadt", "Turnhalle", "Brunnen", "Protokoll", "Bürgersprechstunde")
IDEA_FILTERS = ("", "?sort=supported", "?sort=discussed", "?sort=active", "?status=published", "?q=Altstadt",
                "?sort=supported&status=in_review", "?page=2")
SHIFT_FORM = re.compile(r'action="(/volunteer/shifts/\d+/(?:sign-up|withdraw))"')


# --- HTTP clients -----------------------------------------------------------------------------------------------

class PlainHttpCookies(http.cookiejar.DefaultCookiePolicy):
    """The portal runs as in production and marks its cookies Secure; the benchmark speaks plain HTTP to
    127.0.0.1, where a TLS-terminating proxy would stand, so the cookies go back over HTTP too."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A form's answer is its 303: measured alone, not together with the page it points to."""

    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    body: str
    location: str


@dataclass
class Stats:
    """What the clients saw, per kind of request; shared by all client threads."""

    latencies: dict = field(default_factory=lambda: defaultdict(list))
    statuses: dict = field(default_factory=lambda: defaultdict(Counter))
    actions: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)  # no HTTP answer, or no form to send: (request, why)
    locked_answers: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, status: int, seconds: float, body: str) -> None:
        with self.lock:
            self.latencies[name].append(seconds)
            self.statuses[name][status] += 1
            self.locked_answers += LOCKED in body

    def fail(self, name: str, why: str) -> None:
        with self.lock:
            self.statuses[name]["no answer"] += 1
            self.failures.append((name, why))

    def count_action(self, action: str) -> None:
        with self.lock:
            self.actions[action] += 1


class Client:
    """One browser: its own cookies; every request is recorded under `name` in `stats`."""

    def __init__(self, base: str, stats: Stats):
        self.base, self.stats = base, stats
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(PlainHttpCookies()))
        self.opener = urllib.request.build_opener(cookies, NoRedirect())

    def call(self, name: str, path: str, form: dict | None = None) -> Answer | None:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        started = time.perf_counter()
        try:
            try:
                response = self.opener.open(self.base + path, data=data, timeout=REQUEST_TIMEOUT)
            except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx: an answer all the same
                response = error
            with response:
                answer = Answer(response.status, response.read().decode("utf-8", "replace"),
                                response.headers.get("Location", ""))
        except OSError as error:
            self.stats.fail(name, repr(error))
            return None
        self.stats.record(name, answer.status, time.perf_counter() - started, answer.body)
        return answer

    def post_form(self, name: str, page: Answer, path: str, fields: dict | None = None) -> Answer | None:
        """Send a form of `page` (its CSRF token taken from there) to `path`."""
        token = CSRF.search(page.body)
        if token is None:
            self.stats.fail(name, f"no CSRF token on the page before {path}")
            return None
        return self.call(name, path, {"csrf_token": token.group(1), **(fields or {})})


# --- what the clients do ----------------------------------------------------------------------------------------

def sign_in(client: Client, email: str) -> bool:
    page = client.call("sign in", "/auth/login")
    answer = page and client.post_form("sign in", page, "/auth/login", {"email": email, "password": PASSWORD})
    return bool(answer and answer.status in (302, 303))  # to the home page; a refusal answers 401/403/422


@dataclass
class Targets:
    """What the load works on, found through the site's own pages before the clock starts."""

    ideas: list[int]  # open for support and comments
    projects: list[int]  # with shifts to sign up for
    measures: list[int]
    meetings: list[int]


def body(page: Answer | None) -> str:
    return page.body if page else ""


def ids(pattern: str, page: Answer | None) -> list[int]:
    return sorted({int(number) for number in re.findall(pattern, body(page))})


def discover(client: Client) -> Targets:
    idea_ids: set[int] = set()
    for number in range(1, 11):
        found = ids(r'href="/ideas/(\d+)"', client.call("discover", f"/ideas/?page={number}"))
        if not set(found) - idea_ids:
            break
        idea_ids.update(found)
    ideas = [idea for idea in sorted(idea_ids)
             if re.search(r'action="/ideas/\d+/comments"', body(client.call("discover", f"/ideas/{idea}")))]
    projects = [project for project in ids(r'href="/volunteer/projects/(\d+)"', client.call("discover", "/volunteer/"))
                if SHIFT_FORM.search(body(client.call("discover", f"/volunteer/projects/{project}")))]
    meetings: set[int] = set()
    for board in ids(r'href="/boards/(\d+)"', client.call("discover", "/boards/")):
        meetings.update(ids(r'href="/meetings/(\d+)"', client.call("discover", f"/boards/{board}")))
    return Targets(ideas, projects, ids(r'href="/measures/(\d+)"', client.call("discover", "/measures/")),
                   sorted(meetings))


class Resident:
    """A signed-in resident who keeps acting until the deadline."""

    def __init__(self, client: Client, targets: Targets, rng: random.Random):
        self.client, self.targets, self.rng = client, targets, rng

    def run(self, deadline: float) -> None:
        names, weights = list(ACTIONS), list(ACTIONS.values())
        while time.perf_counter() < deadline:
            action = self.rng.choices(names, weights)[0]
            self.client.stats.count_action(action)
            getattr(self, action)()

    def browse(self) -> None:
        targets, pick = self.targets, self.rng.choice
        pages = [("GET /", "/"), ("GET /ideas/ (filters)", "/ideas/" + pick(IDEA_FILTERS)),
                 ("GET /measures/", "/measures/"), ("GET /volunteer/", "/volunteer/"),
                 ("GET /search", "/search?" + urllib.parse.urlencode({"q": pick(SEARCH_WORDS)}))]
        if targets.ideas:
            pages.append(("GET /ideas/<id>", f"/ideas/{pick(targets.ideas)}"))
        if targets.measures:
            pages.append(("GET /measures/<id>", f"/measures/{pick(targets.measures)}"))
        if targets.projects:
            pages.append(("GET /volunteer/projects/<id>", f"/volunteer/projects/{pick(targets.projects)}"))
        if targets.meetings:
            pages.append(("GET /meetings/<id>", f"/meetings/{pick(targets.meetings)}"))
        self.client.call(*pick(pages))

    def _idea_page(self) -> tuple[int, Answer | None]:
        idea = self.rng.choice(self.targets.ideas)
        return idea, self.client.call("GET /ideas/<id>", f"/ideas/{idea}")

    def support(self) -> None:
        """Support the idea, or take the support back where it is already given."""
        idea, page = self._idea_page()
        form = page and re.search(r'action="(/ideas/\d+/support(/withdraw)?)"', page.body)
        if form:
            self.client.post_form("POST withdraw support" if form.group(2) else "POST support", page, form.group(1))

    def comment(self) -> None:
        """Comment on an idea; now and then delete the comment again (the count must go down with it)."""
        idea, page = self._idea_page()
        if not page or page.status != 200:
            return
        words = " ".join(self.rng.choices(SEARCH_WORDS, k=self.rng.randint(3, 12)))
        answer = self.client.post_form("POST comment", page, f"/ideas/{idea}/comments",
                                       {"body": f"Lasttest: {words}.",
                                        "stance": self.rng.choice(("for", "against", "neutral"))})
        posted = answer and re.search(r"#comment-(\d+)$", answer.location)
        if posted and self.rng.random() < 0.25:
            self.client.post_form("POST delete comment", page, f"/ideas/{idea}/comments/{posted.group(1)}/delete")

    def shift(self) -> None:
        """Sign up for one of a project's shifts (or its waitlist), or cancel where already signed up."""
        project = self.rng.choice(self.targets.projects)
        page = self.client.call("GET /volunteer/projects/<id>", f"/volunteer/projects/{project}")
        forms = SHIFT_FORM.findall(body(page))
        if forms:
            path = self.rng.choice(forms)
            self.client.post_form("POST shift withdraw" if path.endswith("withdraw") else "POST shift sign-up",
                                  page, path)

    def register(self) -> None:
        """A visitor (fresh cookies) registers an account: the full password hash, a mail in the outbox."""
        visitor = Client(self.client.base, self.client.stats)
        page = visitor.call("GET /auth/register", "/auth/register")
        if page:
            address = f"visitor-{uuid.uuid4().hex[:12]}@example.org"
            visitor.post_form("POST register", page, "/auth/register", {
                "display_name": "Besucherin Lasttest", "email": address, "password": PASSWORD,
                "password_confirmation": PASSWORD, "privacy_consent": "y"})


# --- one run on one database ------------------------------------------------------------------------------------

def create_residents(settings: dict, count: int) -> list[str]:
    """Verified residents, in one transaction through the accounts service. Their password hashes use a cheap
    scrypt (as the test suite does): signing 50 clients in then takes no time; the hash carries its parameters,
    so the server checks it as usual. The visitors who register during the load get the full cost."""
    accounts.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    app = create_app(settings)
    emails = [f"resident-{number}@example.org" for number in range(count)]
    with app.app_context():
        session = get_session()
        for number, email in enumerate(emails):
            accounts.create_user(session, email=email, display_name=f"Lasttest {number}", password=PASSWORD,
                                 verified=True)
        session.commit()
    app.extensions["database"].dispose()
    return emails


def start_server(env: dict, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with log.open("wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(workers),
                                   "--bind", f"127.0.0.1:{port}", "wsgi:app"],
                                  cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see {log}")
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def count_checks(url: str) -> tuple[dict[str, int], list[str]]:
    """Every stored count against its rows: how many rows each check covered, and each mismatch found."""
    def visible_comments(column):  # the comment service's rule: removed (deleted or hidden) ones do not count
        return (select(func.count()).select_from(Comment)
                .where(column, Comment.deleted_at.is_(None), Comment.hidden_at.is_(None)).scalar_subquery())

    checks = [
        ("idea.support_count", Idea, Idea.support_count,
         select(func.count()).select_from(Support).where(Support.idea_id == Idea.id).scalar_subquery()),
        ("idea.comment_count", Idea, Idea.comment_count, visible_comments(Comment.idea_id == Idea.id)),
        ("measure.comment_count", Measure, Measure.comment_count, visible_comments(Comment.measure_id == Measure.id)),
        ("news_post.comment_count", NewsPost, NewsPost.comment_count,
         visible_comments(Comment.news_post_id == NewsPost.id)),
        ("shift.taken", Shift, Shift.taken,
         select(func.count()).select_from(SignUp).where(SignUp.shift_id == Shift.id,
                                                         SignUp.state == SignUpState.SIGNED_UP.value)
         .scalar_subquery()),
    ]
    covered, mismatches = {}, []
    engine = create_engine(url)
    with engine.connect() as connection:
        for name, model, column, rows in checks:
            covered[name] = connection.execute(select(func.count()).select_from(model)).scalar_one()
            for row_id, stored, counted in connection.execute(select(model.id, column, rows).where(column != rows)):
                mismatches.append(f"{name} of #{row_id}: stored {stored}, rows {counted}")
        covered["shift.taken <= slots"] = covered["shift.taken"]
        for row_id, taken, slots in connection.execute(select(Shift.id, Shift.taken, Shift.slots)
                                                       .where(Shift.taken > Shift.slots)):
            mismatches.append(f"shift #{row_id} overbooked: {taken} taken of {slots} slots")
    engine.dispose()
    return covered, mismatches


def row_totals(url: str) -> dict[str, int]:
    counts = {"supports": select(func.count()).select_from(Support),
              "comments": select(func.count()).select_from(Comment),
              "sign-ups holding a slot": select(func.count()).where(SignUp.state == SignUpState.SIGNED_UP.value),
              "on a waitlist": select(func.count()).where(SignUp.state == SignUpState.WAITING.value),
              "accounts": select(func.count()).select_from(User)}
    engine = create_engine(url)
    with engine.connect() as connection:
        totals = {name: connection.execute(query).scalar_one() for name, query in counts.items()}
    engine.dispose()
    return totals


@dataclass
class Run:
    database: str
    clients: int
    note: str = ""  # why it was skipped
    stats: Stats = field(default_factory=Stats)
    targets: Targets | None = None
    elapsed: float = 0.0
    signed_in: int = 0
    rows_before: dict = field(default_factory=dict)
    rows_after: dict = field(default_factory=dict)
    covered: dict = field(default_factory=dict)
    mismatches: list = field(default_factory=list)
    mismatches_before: list = field(default_factory=list)  # left by the demo seed, not by the load
    log_locked: int = 0
    log_errors: list = field(default_factory=list)
    server_version: str = ""
    # The machine is shared (other jobs may run meanwhile): its load average before and after the load.
    load_average: tuple[str, str] = ("", "")
    log_copy: Path | None = None  # the server's log, kept when it has error lines

    @property
    def server_errors(self) -> int:
        return sum(n for codes in self.stats.statuses.values() for code, n in codes.items()
                   if isinstance(code, int) and code >= 500)

    @property
    def failed(self) -> bool:
        if self.note:
            return False
        return bool(self.server_errors or self.stats.locked_answers or self.log_locked or self.mismatches
                    or self.stats.failures or self.signed_in < self.clients)


def load(run: Run, url: str, instance: Path, args) -> None:
    env = {**os.environ, **SERVER_SETTINGS, "INSTANCE_PATH": str(instance), "DATABASE_URL": url}
    for command in (["db", "upgrade"], ["seed-demo"]):
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *command], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"flask {' '.join(command)} failed:\n{done.stderr}")
    emails = create_residents(portal_config.settings_from_environment(env), args.clients)
    run.rows_before = row_totals(url)
    _covered, run.mismatches_before = count_checks(url)
    log = instance / "gunicorn.log"
    server, base = start_server(env, args.workers, log)
    try:
        clients = [Client(base, Stats()) for _ in emails]  # sign-in and discovery are not part of the figures
        run.signed_in = sum(sign_in(client, email) for client, email in zip(clients, emails))
        run.targets = discover(clients[0])
        if not run.targets.ideas or not run.targets.projects:
            raise RuntimeError(f"nothing to work on: {run.targets}")
        residents = []
        for number, client in enumerate(clients):
            client.stats = run.stats
            residents.append(Resident(client, run.targets, random.Random(number)))
        before = load_average()
        started = time.perf_counter()
        threads = [threading.Thread(target=resident.run, args=(started + args.duration,)) for resident in residents]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        run.elapsed = time.perf_counter() - started
        run.load_average = (before, load_average())
    finally:
        stop_server(server)
    lines = log.read_text(errors="replace").splitlines()
    run.log_locked = sum(LOCKED in line for line in lines)
    run.log_errors = [line for line in lines if '"level": "ERROR"' in line or "Traceback" in line
                      or "[ERROR]" in line or "[CRITICAL]" in line]
    if run.log_errors:
        run.log_copy = RESULTS / f"gunicorn-{run.database.lower()}-{datetime.now():%Y-%m-%d}.log"
        shutil.copy(log, run.log_copy)
    run.rows_after = row_totals(url)
    run.covered, run.mismatches = count_checks(url)


def run_sqlite(args) -> Run:
    run = Run("SQLite", args.clients)
    run.server_version = f"SQLite {sqlite3.sqlite_version} (WAL)"
    instance = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        load(run, f"sqlite:///{instance / 'load.db'}", instance, args)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    return run


def run_postgresql(args) -> Run:
    run = Run("PostgreSQL", args.clients)
    server_url = make_url(args.postgresql_server)
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            run.server_version = connection.execute(text("SHOW server_version")).scalar_one()
            name = f"bench_load_{uuid.uuid4().hex[:12]}"
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        reason = " ".join(str(error.orig).split())
        run.note = f"Skipped: the PostgreSQL server {server_url.render_as_string()} cannot be reached ({reason})."
        admin.dispose()
        return run
    run.server_version = f"PostgreSQL {run.server_version}"
    instance = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        load(run, server_url.set(database=name).render_as_string(hide_password=False), instance, args)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        shutil.rmtree(instance, ignore_errors=True)
    return run


# --- the report -------------------------------------------------------------------------------------------------

def timings(sorted_seconds: list[float]) -> str:
    """p50, p95 and p99 in milliseconds, as table cells (nearest rank)."""
    if not sorted_seconds:
        return "– | – | –"
    return " | ".join(f"{sorted_seconds[max(0, math.ceil(share * len(sorted_seconds)) - 1)] * 1000:.0f}"
                      for share in (0.5, 0.95, 0.99))


def status_codes(codes: Counter) -> str:
    return ", ".join(f"{code}: {n}" for code, n in sorted(codes.items(), key=lambda item: str(item[0])))


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return (f"{len(os.sched_getaffinity(0))} CPUs ({model.group(1) if model else 'unknown model'}), "
            f"{int(memory.group(1)) / 1024 / 1024:.1f} GiB RAM; {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def revision() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True)
    return head.stdout.strip() + (" with uncommitted changes" if dirty.stdout.strip() else "")


def report_run(run: Run, args) -> list[str]:
    lines = [f"## {run.database}", ""]
    if run.note:
        return [*lines, run.note, ""]
    stats = run.stats
    total = sum(len(values) for values in stats.latencies.values())
    lines += [f"{run.server_version}; {args.workers} gunicorn sync workers; {args.clients} clients "
              f"({run.signed_in} signed in) for {run.elapsed:.1f} s.",
              f"Worked on {len(run.targets.ideas)} ideas, {len(run.targets.projects)} volunteer projects with shifts, "
              f"{len(run.targets.measures)} measures, {len(run.targets.meetings)} meetings.", "",
              "| Request | Count | Status codes | p50 ms | p95 ms | p99 ms |", "|---|---:|---|---:|---:|---:|"]
    for name in sorted(stats.statuses):
        codes = stats.statuses[name]
        lines.append(f"| {name} | {sum(codes.values())} | {status_codes(codes)} | "
                     f"{timings(sorted(stats.latencies[name]))} |")
    everything = sorted(value for values in stats.latencies.values() for value in values)
    all_codes = Counter()
    for codes in stats.statuses.values():
        all_codes.update(codes)
    lines += [f"| **all** | {sum(all_codes.values())} | {status_codes(all_codes)} | {timings(everything)} |", "",
              "Actions: " + ", ".join(f"{name} {n}" for name, n in stats.actions.most_common()) + ".", "",
              f"- Throughput: {total / run.elapsed:.1f} requests/s; load average {run.load_average[0]} before, "
              f"{run.load_average[1]} after",
              f"- 5xx answers: **{run.server_errors}**",
              f"- \"database is locked\": **{stats.locked_answers + run.log_locked}** "
              f"({stats.locked_answers} in answers, {run.log_locked} in the server log)",
              f"- Requests without an answer: **{len(stats.failures)}**",
              f"- Error lines in the server log: {len(run.log_errors)}",
              "- Rows before → after: " + ", ".join(f"{name} {run.rows_before[name]} → {run.rows_after[name]}"
                                                    for name in run.rows_before),
              "- Counts checked: " + ", ".join(f"{name} ({n} rows)" for name, n in run.covered.items()),
              f"- Count mismatches: **{len(run.mismatches)}**"
              + (f" ({len(run.mismatches_before)} already before the load)" if run.mismatches_before else ""), ""]
    for mismatch in run.mismatches[:50]:
        lines.append(f"  - {mismatch}")
    for name, error in stats.failures[:20]:
        lines.append(f"  - no answer to {name}: {error}")
    if run.log_errors:
        lines += [f"Server log, first error lines (the whole log: {run.log_copy.relative_to(ROOT)}):", "", "```",
                  *(line[:400] for line in run.log_errors[:20]), "```", ""]
    return lines


def failed(runs: list[Run]) -> bool:
    return any(run.failed for run in runs) or all(run.note for run in runs)


def report(runs: list[Run], args, started: datetime) -> str:
    lines = [f"# Load benchmark {started:%Y-%m-%d %H:%M}", "",
             f"- Machine: {machine()}", f"- Code: {revision()}",
             f"- Command: `python bench/load.py --duration {args.duration:g} --clients {args.clients} "
             f"--workers {args.workers} --database {args.database}`",
             f"- Settings: {', '.join(f'{key}={value}' for key, value in SERVER_SETTINGS.items())}; cookies are "
             "Secure as in production and sent back over plain HTTP on 127.0.0.1; load generator on the same "
             "machine.",
             f"- Mix (weights): {', '.join(f'{name} {weight}' for name, weight in ACTIONS.items())}; no pause "
             "between actions; signing in and finding the pages to work on happen before the clock starts. "
             "Latencies include waiting for a free worker.", ""]
    for run in runs:
        lines += report_run(run, args)
    verdict = "FAILED" if failed(runs) else "passed"
    lines += [f"**Result: {verdict}** (at least one database loaded; zero 5xx, zero \"database is locked\", "
              "every request answered, every count equal to its rows).", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load per database")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgresql-server", default=POSTGRESQL_SERVER,
                        help="a database URL whose user may create and drop databases")
    args = parser.parse_args()
    started = datetime.now()
    RESULTS.mkdir(exist_ok=True)
    runs = []
    if args.database in ("sqlite", "both"):
        runs.append(run_sqlite(args))
    if args.database in ("postgresql", "both"):
        runs.append(run_postgresql(args))
    text_report = report(runs, args, started)
    (RESULTS / f"load-{started:%Y-%m-%d}.md").write_text(text_report)
    print(text_report)
    return 1 if failed(runs) else 0


if __name__ == "__main__":
    sys.exit(main())
