"""A city-sized data set for the performance benchmarks, on SQLite or PostgreSQL.

On top of the demo municipality: 50,000 residents, 100,000 ideas with 2,000,000 supports, 300,000 comments (with
replies) on ideas and measures, 2,000 measures with 16 quarterly reviews each, 200 meetings with agendas, 20,000
volunteer shifts with sign-ups and 5,000 documents; `--scale` (or `--ideas`) scales every figure. The database is
migrated first, and the demo loaded when it has no accounts yet. The rows are generated while they are written,
in batches (executemany on SQLite, COPY on PostgreSQL), one transaction per batch: nothing holds a whole table.

Every count kept in a column (supports, comments, taken slots, versions, the latest review) is written equal to its
rows and checked at the end with aggregate queries; the exit status is 1 on any mismatch. The same --seed gives
the same data (timestamps are relative to now). Every new resident has the password RESIDENT_PASSWORD and the
address resident<id>@bench.example. Document versions have rows but no files: their pages show, downloads 404.

    .venv/bin/python bench/seed_large.py --database-url URL [--scale 1.0 | --ideas 100000] [--seed 1]
"""

import argparse
import functools
import random
import resource
import sys
import time
from array import array
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from load import count_checks
from psycopg import sql
from sqlalchemy import Table, column, create_engine, func, insert, select, table, text
from sqlalchemy.engine import Connection

from participation import create_app
from participation.accounts.models import Role, RoleGrant, User
from participation.accounts.services import hash_password
from participation.boards.models import (
    AgendaItem,
    AgendaSource,
    Attendance,
    Board,
    DecisionKind,
    Invitation,
    InvitationResponse,
    Meeting,
    MeetingState,
    Membership,
)
from participation.comments.models import Comment, Stance
from participation.db import get_session, utcnow
from participation.demo import seed_demo_data
from participation.documents.models import Document, DocumentAudience, DocumentCategory, DocumentVersion
from participation.ideas.models import (
    PUBLIC_STATUSES,
    Idea,
    IdeaActionArea,
    IdeaFollow,
    IdeaStatus,
    IdeaStatusChange,
    OfficialAnswer,
    Support,
)
from participation.measures.models import (
    Measure,
    MeasureActionArea,
    MeasureDistrict,
    MeasureEvent,
    MeasureEventKind,
    MeasureIdea,
    MeasureStatus,
    Milestone,
    QuarterlyReview,
    TrafficLight,
)
from participation.measures.quarters import Quarter
from participation.migrate import upgrade
from participation.municipality.models import ActionArea, District, OrgUnit
from participation.privacy.consents import privacy_notice_version
from participation.privacy.models import ConsentRecord, ConsentSubject
from participation.search.terms import stemmed_text
from participation.volunteering.models import (
    PartnerOrganisation,
    Project,
    ProjectCoordinator,
    ProjectDistrict,
    ProjectStatus,
    Shift,
    SignUp,
    SignUpState,
    Task,
)

RESIDENT_PASSWORD = "bench resident password"
# The figures at --scale 1. Staff, units and projects are not named there: enough to carry the measures
# and the 20,000 shifts.
FIGURES = {"residents": 50_000, "staff": 100, "units": 20, "ideas": 100_000, "supports": 2_000_000,
           "comments": 300_000, "measures": 2_000, "meetings": 200, "projects": 400, "shifts": 20_000,
           "documents": 5_000}
REVIEWS_PER_MEASURE = 16
MEASURE_COMMENT_SHARE = 0.15  # of all comments; the rest are on ideas
YEAR = 365.25 * 86400
DAY = 86400.0
# The ideas' own search index on SQLite (participation/ideas/search.py); not a model, so described here.
IDEA_SEARCH = table("idea_search", column("rowid"), column("title"), column("body"))

IDEA_STATUSES = {  # share of all ideas
    IdeaStatus.PUBLISHED: 50, IdeaStatus.IN_REVIEW: 8, IdeaStatus.ANSWERED: 10, IdeaStatus.ROUTED_TO_BACKLOG: 5,
    IdeaStatus.ON_AGENDA: 3, IdeaStatus.IMPLEMENTED: 6, IdeaStatus.DECLINED: 4, IdeaStatus.MERGED: 2,
    IdeaStatus.SUBMITTED: 5, IdeaStatus.CHANGES_REQUESTED: 2, IdeaStatus.REJECTED: 5,
}
ANSWERED_STATUSES = {IdeaStatus.ANSWERED, IdeaStatus.IMPLEMENTED, IdeaStatus.DECLINED}
LINKED_STATUSES = {IdeaStatus.ROUTED_TO_BACKLOG, IdeaStatus.IMPLEMENTED}  # taken into a measure
NEVER_PUBLISHED = {IdeaStatus.SUBMITTED, IdeaStatus.CHANGES_REQUESTED}  # the moderation queue: recent ideas
# Moderators triage; the administration answers and decides.
TRIAGE_STATUSES = {IdeaStatus.CHANGES_REQUESTED, IdeaStatus.REJECTED, IdeaStatus.MERGED, IdeaStatus.ON_AGENDA}
HIDDEN_SHARE = 0.01  # of public ideas
MEASURE_STATUSES = {MeasureStatus.IN_PROGRESS: 45, MeasureStatus.PLANNED: 20, MeasureStatus.COMPLETED: 15,
                    MeasureStatus.PAUSED: 5, MeasureStatus.DISCARDED: 5, MeasureStatus.DRAFT: 10}

FIRST_NAMES = ("Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jan", "Karla", "Lukas",
               "Mia", "Noah", "Olga", "Paul", "Rosa", "Sven", "Tara", "Uwe", "Vera", "Willi", "Yasemin", "Zoe",
               "Aylin", "Mehmet", "Ingrid", "Heinz", "Sofia", "Ole", "Lena", "Jonas", "Marie", "Tim", "Emil", "Frieda")
LAST_NAMES = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
              "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger",
              "Hartmann", "Lange", "Werner", "Lehmann", "Yılmaz", "Kaya", "Nowak", "Kowalski")
SUBJECTS = ("Spielplatz", "Radweg", "Turnhalle", "Brunnen", "Bushaltestelle", "Sitzbänke", "Straßenbeleuchtung",
            "Jugendtreff", "Bürgersprechstunde", "Blühwiese", "Fußweg", "Dorfplatz", "Bibliothek", "Schulhof",
            "Hundewiese", "Badestelle", "Mülleimer", "Ladesäulen", "Seniorentreff", "Sportplatz", "Trinkbrunnen",
            "Infotafeln", "Fahrradständer", "Gemeinschaftsgarten", "Mitfahrbank", "Zebrastreifen", "Streuobstwiese",
            "Dorfgemeinschaftshaus", "Reparaturcafé", "Parkplätze")
LANDMARKS = ("am Marktplatz", "an der Grundschule", "am Bahnhof", "am Mühlenbach", "im Stadtpark", "an der Landstraße",
             "am Rathaus", "am Seeufer", "am Friedhof", "an der Kirche")
IDEA_TITLES = ("{subject} {place}", "Neuer Vorschlag: {subject} {place}", "{subject} {place} verbessern",
               "{subject} {place} erneuern", "Mehr Platz für {subject} {place}",
               "{subject} {place} barrierefrei gestalten", "Idee für {subject} {place}", "{subject} {place} erhalten")
IDEA_SENTENCES = (
    "Das Thema {subject} {place} beschäftigt viele in {district}.",
    "Viele Familien mit Kindern wünschen sich hier eine Verbesserung.",
    "Für ältere Menschen ist der Weg so kaum nutzbar.",
    "Ich schlage vor, das gemeinsam mit den Anwohnenden zu planen.",
    "Die Kosten könnten über Fördermittel des Landes gedeckt werden.",
    "Vereine und Schule würden sich an der Pflege beteiligen.",
    "Im Sommer ist es hier besonders voll, im Winter dunkel und unsicher.",
    "Eine Umfrage in der Nachbarschaft hat viel Zustimmung ergeben.",
    "Andere Gemeinden haben mit einer ähnlichen Lösung gute Erfahrungen gemacht.",
    "Bisher müssen alle bis in die Altstadt fahren.",
    "Ein getrennter Radweg würde vor allem die Schulkinder schützen.",
    "Der alte Brunnen auf dem Marktplatz könnte wieder Wasser führen.",
    "Das Protokoll der letzten Ortsteilversammlung nennt das Thema bereits.",
    "Gerne helfe ich ehrenamtlich bei der Umsetzung mit.",
    "Bitte prüfen Sie, ob das noch in diesem Jahr möglich ist.",
    "Die Turnhalle wird abends von vielen Vereinen genutzt und braucht mehr Platz.",
    "In {district} fehlt dafür bisher jeder Ort.",
    "Eine Bürgersprechstunde vor Ort könnte die Fragen klären.",
)
COMMENTS = (("Sehr gute Idee, das unterstütze ich.", Stance.FOR),
            ("Wer soll das bezahlen? Ich sehe andere Prioritäten.", Stance.AGAINST),
            ("Gibt es dazu schon Gespräche mit der Verwaltung?", Stance.NEUTRAL),
            ("Ich würde mich gern ehrenamtlich beteiligen.", Stance.FOR),
            ("Das wurde vor Jahren schon einmal versucht – was ist diesmal anders?", Stance.NEUTRAL),
            ("Endlich! Darauf warten wir in der Nachbarschaft schon lange.", Stance.FOR),
            ("Der Platz reicht dafür nicht, die Anwohnenden wären gestört.", Stance.AGAINST),
            ("Könnte man das nicht mit dem Radweg zusammen planen?", Stance.NEUTRAL),
            ("Unsere Kinder würden sich sehr darüber freuen.", Stance.FOR),
            ("Bitte auch an die Barrierefreiheit denken.", Stance.NEUTRAL))
REPLIES = ("Danke für den Hinweis!", "Das sehe ich anders.", "Guter Punkt, das sollte geklärt werden.",
           "Die Verwaltung prüft das gerade.", "Genau so ist es.")
HIDDEN_REASON = "Beleidigende Äußerung gegenüber anderen Teilnehmenden (Regel 2 der Netiquette)."
ANSWERS = {IdeaStatus.ANSWERED: "Vielen Dank für Ihren Vorschlag. Die Verwaltung hat ihn geprüft: Er wird bei der "
                                "nächsten Haushaltsplanung berücksichtigt.",
           IdeaStatus.IMPLEMENTED: "Der Vorschlag ist umgesetzt. Vielen Dank an alle, die mitgewirkt haben!",
           IdeaStatus.DECLINED: "Wir haben den Vorschlag sorgfältig geprüft. Leider ist er rechtlich nicht "
                                "umsetzbar, weil die Fläche nicht der Stadt gehört."}
MEASURE_TITLES = ("{subject} {place} umsetzen", "Planung: {subject} {place}", "Sanierung {subject} {place}",
                  "Konzept {subject} für {district}", "Ausbau {subject} {place}")
MEASURE_SENTENCES = ("Die Maßnahme greift Vorschläge aus der Bürgerbeteiligung auf.",
                     "Zunächst wird der Bestand aufgenommen und mit den Anwohnenden besprochen.",
                     "Die Ausschreibung erfolgt nach Beschluss des Projektbeirats.",
                     "Fördermittel des Landes sind beantragt.",
                     "Die Umsetzung erfolgt in zwei Bauabschnitten.",
                     "Vereine und Partnerorganisationen sind in die Planung eingebunden.",
                     "Die Ergebnisse werden im Portal und bei einer Ortsteilversammlung vorgestellt.")
CONTRIBUTION = ("Die Maßnahme stärkt die Zusammenarbeit von Stadt und Bürgerschaft und macht Entscheidungen "
                "im Ortsteil nachvollziehbar.")
REVIEW_DONE = ("Abstimmung mit dem Fachbereich abgeschlossen.", "Angebote eingeholt und verglichen.",
               "Ortstermin mit den Anwohnenden durchgeführt.", "Bauabschnitt fertiggestellt.",
               "Förderantrag eingereicht.", "Planungsentwurf im Projektbeirat vorgestellt.")
REVIEW_NEXT = ("Vergabe der Leistungen.", "Beginn der Bauarbeiten.", "Abschlussbericht.", "Beteiligung vor Ort.")
REVIEW_DEVIATIONS = ("", "", "Lieferengpässe verzögern den Bau um etwa einen Monat.",
                     "Mehrkosten durch gestiegene Materialpreise.")
MILESTONES = ("Bestandsaufnahme", "Beteiligung der Anwohnenden", "Planung abgeschlossen", "Vergabe",
              "Baubeginn", "Fertigstellung", "Abschlussbericht")
AGENDA_TITLES = ("Bericht der Verwaltung", "Haushalt und Fördermittel", "Verschiedenes",
                 "Bericht aus den Themenbeiräten", "Termine und Veranstaltungen")
MINUTES = ("Die Verwaltung stellt den Stand vor. Rückfragen werden beantwortet.",
           "Der Beirat diskutiert ausführlich; mehrere Mitglieder bitten um einen Ortstermin.",
           "Kurzer Bericht ohne Aussprache.")
DECISIONS = {DecisionKind.RECOMMENDATION: "Der Beirat empfiehlt der Verwaltung, den Vorschlag umzusetzen.",
             DecisionKind.DECISION: "Der Beirat beschließt einstimmig, das Vorhaben zu unterstützen.",
             DecisionKind.NOTED: "Der Beirat nimmt den Bericht zur Kenntnis.",
             DecisionKind.POSTPONED: "Der Punkt wird auf die nächste Sitzung vertagt."}
ACTIVITIES = ("Putzaktion", "Pflanzaktion", "Repair-Café", "Lesepatenschaften", "Einkaufshilfe", "Sommerfest",
              "Baumpflege", "Spielplatzpatenschaft", "Nachbarschaftshilfe", "Weihnachtsmarkt", "Seniorencafé",
              "Hausaufgabenhilfe")
TASKS = (("Aufbau", "Handwerk"), ("Abbau", ""), ("Anmeldung und Empfang", "Organisation"),
         ("Verpflegung", "Kochen"), ("Gruppen anleiten", "Gruppenleitung"), ("Fahrdienst", "Führerschein"),
         ("Gartenarbeit", "Gartenarbeit"), ("Reparieren", "Elektrik, Löten"))
DOCUMENT_CATEGORIES = {DocumentCategory.MINUTES: 30, DocumentCategory.CONCEPT: 10, DocumentCategory.PAPER: 10,
                       DocumentCategory.REPORT: 15, DocumentCategory.PRESENTATION: 10, DocumentCategory.PLAN: 10,
                       DocumentCategory.FORM: 5, DocumentCategory.DATA: 5, DocumentCategory.OTHER: 5}
DOCUMENT_TITLES = {DocumentCategory.CONCEPT: "Konzept", DocumentCategory.PAPER: "Vorlage",
                   DocumentCategory.REPORT: "Bericht", DocumentCategory.PRESENTATION: "Präsentation",
                   DocumentCategory.PLAN: "Lageplan", DocumentCategory.FORM: "Antragsformular",
                   DocumentCategory.DATA: "Datenerhebung", DocumentCategory.OTHER: "Information"}
FILE_TYPES = (("application/pdf", "pdf"), ("application/pdf", "pdf"), ("application/pdf", "pdf"),
              ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
              ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"))


def at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, timezone.utc)


def weighted(rng: random.Random, shares: dict):
    return rng.choices(list(shares), list(shares.values()))[0]


def spread(total: int, weights: list[float], cap: int, rng: random.Random) -> list[int]:
    """`total` split into whole parts in proportion to `weights`, none above `cap` (what a capped part cannot
    take goes to the others). Assumes total <= len(weights) * cap."""
    counts = [0] * len(weights)
    open_parts = [index for index, weight in enumerate(weights) if weight > 0]
    remaining = total
    while remaining > 0 and open_parts:
        weight_sum = sum(weights[index] for index in open_parts)
        given, still_open = 0, []
        for index in open_parts:
            share = min(int(remaining * weights[index] / weight_sum), cap - counts[index])
            counts[index] += share
            given += share
            if counts[index] < cap:
                still_open.append(index)
        remaining -= given
        open_parts = still_open
        if given == 0:  # only rounding left: one more each to randomly chosen parts
            rng.shuffle(open_parts)
            for index in open_parts[:remaining]:
                counts[index] += 1
            remaining -= min(remaining, len(open_parts))
            open_parts = [index for index in open_parts if counts[index] < cap]
    return counts


def zipf_weights(count: int, exponent: float, rng: random.Random) -> list[float]:
    """A few very popular, many hardly noticed: rank r weighs 1/r^exponent, the ranks shuffled."""
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    return [rank ** -exponent for rank in ranks]


# Texts are put together from a few thousand fragments; stemming each fragment once keeps the SQLite idea index
# (stemmed text, as participation/ideas/search.py writes it) from costing a millisecond per idea.
stemmed_fragment = functools.cache(stemmed_text)


# --- writing ----------------------------------------------------------------------------------------------------

class Loader:
    """Writes generated rows in batches: executemany through SQLAlchemy Core on SQLite, COPY on PostgreSQL. When
    one table's buffer is full every buffer is written, in the order the tables were opened (parents first, so
    foreign keys hold), and committed."""

    def __init__(self, connection: Connection, batch_size: int):
        self.connection = connection
        self.postgresql = connection.dialect.name == "postgresql"
        self.batch_size = batch_size
        self.writers: list[TableWriter] = []
        self.rows: Counter = Counter()
        self.seconds: Counter = Counter()
        self.tables_with_ids: set[str] = set()

    def open(self, target, *names: str) -> "TableWriter":
        """A writer for `target` (a model or a table) taking rows of the columns `names`, in that order."""
        writer = TableWriter(self, getattr(target, "__table__", target), names)
        self.writers.append(writer)
        return writer

    def flush(self) -> None:
        if not self.connection.in_transaction():
            self.connection.begin()
        for writer in self.writers:
            writer.write()
        self.connection.commit()

    @contextmanager
    def step(self, title: str):
        """Writes what the step generated, then prints its rows and speed per table."""
        rows_before, seconds_before = Counter(self.rows), Counter(self.seconds)
        started = time.perf_counter()
        yield
        self.flush()
        self.writers = []
        elapsed = time.perf_counter() - started
        rows = self.rows - rows_before
        print(f"{title}: {sum(rows.values()):,} rows in {elapsed:.1f} s "
              f"({sum(rows.values()) / max(elapsed, 1e-9):,.0f} rows/s)", flush=True)
        for name, count in rows.items():
            seconds = self.seconds[name] - seconds_before[name]
            print(f"    {name:<24} {count:>10,} rows, {seconds:7.1f} s in the database "
                  f"({count / max(seconds, 1e-9):>9,.0f} rows/s)", flush=True)


class TableWriter:
    def __init__(self, loader: Loader, target, names: tuple[str, ...]):
        self.loader, self.table, self.names, self.buffer = loader, target, names, []
        if isinstance(target, Table):
            # COPY fills left-out columns with NULL, not with the models' defaults: every column that needs a
            # value must be named.
            missing = [c.name for c in target.columns if c.name not in names
                       and (not c.nullable or (c.default is not None and getattr(c.default, "arg", None) is not None))]
            if missing:
                raise ValueError(f"{target.name}: no value for {', '.join(missing)}")
        if "id" in names:
            loader.tables_with_ids.add(target.name)
            self.next_id = (loader.connection.execute(select(func.max(target.c.id))).scalar() or 0) + 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, *values) -> None:
        self.buffer.append(values)
        if len(self.buffer) >= self.loader.batch_size:
            self.loader.flush()

    def write(self) -> None:
        if not self.buffer:
            return
        started = time.perf_counter()
        connection = self.loader.connection
        if self.loader.postgresql:
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(self.table.name), sql.SQL(", ").join(map(sql.Identifier, self.names)))
            with connection.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
                for row in self.buffer:
                    copy.write_row(row)
        else:
            connection.execute(insert(self.table), [dict(zip(self.names, row)) for row in self.buffer])
        self.loader.rows[self.table.name] += len(self.buffer)
        self.loader.seconds[self.table.name] += time.perf_counter() - started
        self.buffer = []


# --- what is there already ---------------------------------------------------------------------------------------

@dataclass
class World:
    """The municipality the data is added to (the demo's, or whatever the database holds)."""

    districts: list[tuple[int, str]]
    action_areas: list[int]
    units: list[tuple[int, str]]
    staff: list[tuple[int, str]]  # (id, display name)
    moderators: list[tuple[int, str]]
    coordinators: list[int]  # of volunteer projects: partner coordinators and staff
    boards: list[tuple[int, str, str]]  # (id, short name, default location)
    seats: dict[int, list[tuple[int, date | None, date | None]]]  # board -> (membership, start, end)
    partners: list[int]
    privacy_version: str


def read_world(session) -> World:
    def with_role(role: Role) -> list[tuple[int, str]]:
        return list(session.execute(select(User.id, User.display_name).join(RoleGrant)
                                    .where(RoleGrant.role == role.value, User.is_blocked.is_(False))
                                    .order_by(User.id)).all())

    boards = list(session.execute(select(Board.id, Board.short_name, Board.name, Board.default_location)
                                  .where(Board.archived_at.is_(None)).order_by(Board.id)).all())
    seats: dict = {board.id: [] for board in boards}
    for seat in session.execute(select(Membership.board_id, Membership.id, Membership.start_date,
                                       Membership.end_date)):
        if seat.board_id in seats:
            seats[seat.board_id].append((seat.id, seat.start_date, seat.end_date))
    staff = with_role(Role.STAFF)
    world = World(
        districts=list(session.execute(select(District.id, District.name).order_by(District.position)).all()),
        action_areas=list(session.scalars(select(ActionArea.id).where(ActionArea.archived_at.is_(None)))),
        units=list(session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.archived_at.is_(None))).all()),
        staff=staff, moderators=with_role(Role.MODERATOR) or staff,
        coordinators=list(dict.fromkeys(user_id for user_id, _name in with_role(Role.PARTNER_COORDINATOR) + staff)),
        boards=[(board.id, board.short_name or board.name, board.default_location or "Rathaus, Ratssaal")
                for board in boards],
        seats=seats, partners=list(session.scalars(select(PartnerOrganisation.id))),
        privacy_version=privacy_notice_version(session))
    lacking = [name for name in ("districts", "action_areas", "units", "staff", "boards") if not getattr(world, name)]
    if lacking:
        raise SystemExit(f"The database lacks the municipality's structure ({', '.join(lacking)}): use an empty "
                         "database (the demo is loaded first) or one holding the demo.")
    return world


# --- generating --------------------------------------------------------------------------------------------------

class City:
    """Generates the data set step by step; each step writes its tables through the loader."""

    def __init__(self, loader: Loader, world: World, figures: dict, seed: int, timezone_name: str):
        self.loader, self.world, self.figures = loader, world, figures
        self.rng = random.Random(seed)
        self.zone = ZoneInfo(timezone_name)
        self.now = utcnow().timestamp()
        self.today = datetime.now(self.zone).date()
        self.password_hash = hash_password(RESIDENT_PASSWORD)  # hashed once: all residents share it
        self.staff = list(world.staff)
        self.units = list(world.units)

    def run(self) -> None:
        self.accounts()
        self.measures()
        self.ideas()
        self.supports()
        self.comments()
        self.meetings()
        self.volunteering()
        self.documents()

    # helpers

    def resident(self) -> int:
        """A resident's index; a few take part far more often than most."""
        return int(self.figures["residents"] * self.rng.random() ** 1.6)

    def resident_id(self, index: int) -> int:
        return self.first_resident + index

    def resident_name(self, index: int) -> str:
        return f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[index // len(FIRST_NAMES) % len(LAST_NAMES)]}"

    def between(self, start: float, end: float) -> float:
        return start + self.rng.random() * max(0.0, end - start)

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone).astimezone(timezone.utc)

    def place(self) -> tuple[str, str]:
        """A place phrase and the district's name."""
        district = self.rng.choice(self.world.districts)[1]
        return (f"in {district}" if self.rng.random() < 0.5 else self.rng.choice(LANDMARKS)), district

    def text(self, patterns, sentences, subject: str, place: str, district: str, count: int) -> tuple[str, list]:
        title = self.rng.choice(patterns).format(subject=subject, place=place, district=district)
        body = [sentence.format(subject=subject, place=place, district=district)
                for sentence in self.rng.sample(sentences, count)]
        return title, body

    # steps

    def accounts(self) -> None:
        rng, now, figures = self.rng, self.now, self.figures
        with self.loader.step("accounts"):
            users = self.loader.open(User, "id", "email", "display_name", "password_hash", "district_id", "locale",
                                     "created_at", "email_verified_at", "privacy_consent_at", "is_blocked")
            grants = self.loader.open(RoleGrant, "id", "user_id", "role", "granted_at")
            consents = self.loader.open(ConsentRecord, "id", "user_id", "subject", "version", "given_at")
            units = self.loader.open(OrgUnit, "id", "name", "position", "archived_at")

            def account(email_prefix: str, name: str, district_id: int | None, roles: tuple[Role, ...]) -> int:
                user_id = users.new_id()
                created = at(now - 6 * YEAR * rng.random() ** 1.3)
                users.add(user_id, f"{email_prefix}{user_id}@bench.example", name, self.password_hash, district_id,
                          "en" if rng.random() < 0.08 else "de", created, created, created, False)
                for role in roles:
                    grants.add(grants.new_id(), user_id, role.value, created)
                consents.add(consents.new_id(), user_id, ConsentSubject.PRIVACY_NOTICE.value,
                             self.world.privacy_version, created)
                return user_id

            district_ids = [district_id for district_id, _name in self.world.districts]
            district_weights = [len(district_ids) - position for position in range(len(district_ids))]
            self.first_resident = users.next_id
            self.resident_districts = array("l")
            for index in range(figures["residents"]):
                district_id = rng.choices(district_ids, district_weights)[0] if rng.random() < 0.95 else None
                self.resident_districts.append(district_id or 0)
                account("resident", self.resident_name(index), district_id, (Role.RESIDENT,))
            for index in range(figures["staff"]):
                name = f"{self.resident_name(index * 7 + 3)} (Verwaltung)"
                self.staff.append((account("staff", name, None, (Role.RESIDENT, Role.STAFF)), name))
            for index in range(figures["units"]):
                unit_id = units.new_id()
                name = f"Sachgebiet {unit_id}"  # unique however often the script runs on one database
                units.add(unit_id, name, 100 + index, None)
                self.units.append((unit_id, name))

    def measures(self) -> None:
        rng, now, world = self.rng, self.now, self.world
        count = self.figures["measures"]
        quarters = [Quarter.of(self.today).previous()]  # the last complete quarter and the 15 before it
        while len(quarters) < REVIEWS_PER_MEASURE:
            quarters.append(quarters[-1].previous())
        quarters.reverse()
        statuses = [weighted(rng, MEASURE_STATUSES) for _ in range(count)]
        public = [index for index, status in enumerate(statuses) if status != MeasureStatus.DRAFT]
        comments = [0] * count
        for index, share in zip(public, spread(round(self.figures["comments"] * MEASURE_COMMENT_SHARE),
                                               zipf_weights(len(public), 0.8, rng), 10**9, rng)):
            comments[index] = share
        # Which comments are removed (deleted or hidden) is decided now: the count stored with the measure
        # leaves them out.
        self.measure_comments = [(rows, sum(rng.random() < 0.035 for _ in range(rows))) for rows in comments]
        with self.loader.step("measures"):
            measures = self.loader.open(
                Measure, "id", "title", "description", "contribution", "status", "unit_id", "responsible_id",
                "deputy_id", "is_core", "planned_start", "planned_end", "estimated_cost", "funding_source",
                "partner_organisations", "latest_review_period", "latest_progress", "latest_traffic_light",
                "comment_count", "created_by_id", "created_at", "updated_at")
            areas = self.loader.open(MeasureActionArea, "measure_id", "action_area_id")
            districts = self.loader.open(MeasureDistrict, "measure_id", "district_id")
            reviews = self.loader.open(QuarterlyReview, "id", "measure_id", "year", "quarter", "progress",
                                       "traffic_light", "done", "next_steps", "deviations", "author_id",
                                       "created_at", "updated_at")
            events = self.loader.open(MeasureEvent, "id", "measure_id", "kind", "from_status", "to_status",
                                      "summary", "reason", "actor_id", "actor_name", "created_at")
            milestones = self.loader.open(Milestone, "id", "measure_id", "title", "due_on", "owner_id", "done_on",
                                          "created_at")
            self.measure_ids, self.public_measures = [], []
            for index, status in enumerate(statuses):
                measure_id = measures.new_id()
                self.measure_ids.append(measure_id)
                created = self.local(quarters[0].first_day, 9).timestamp() - rng.randint(1, 200) * DAY
                if status != MeasureStatus.DRAFT:
                    self.public_measures.append((measure_id, created))
                responsible_id, responsible_name = rng.choice(self.staff)
                subject = rng.choice(SUBJECTS)
                place, district = self.place()
                title, body = self.text(MEASURE_TITLES, MEASURE_SENTENCES, subject, place, district,
                                        rng.randint(2, 4))
                start = quarters[0].first_day + timedelta(days=rng.randint(0, 120))
                end = start + timedelta(days=rng.randint(2 * 365, 6 * 365))
                final = {MeasureStatus.COMPLETED: 100, MeasureStatus.IN_PROGRESS: rng.randint(20, 90),
                         MeasureStatus.PLANNED: rng.randint(0, 10), MeasureStatus.PAUSED: rng.randint(10, 60),
                         MeasureStatus.DISCARDED: rng.randint(0, 40), MeasureStatus.DRAFT: 0}[status]
                curve = rng.uniform(0.6, 1.6)
                review_rows = []
                for number, quarter in enumerate(quarters, start=1):
                    progress = round(final * (number / len(quarters)) ** curve)
                    light = TrafficLight.ON_TRACK if status == MeasureStatus.COMPLETED else \
                        weighted(rng, {TrafficLight.ON_TRACK: 70, TrafficLight.AT_RISK: 20, TrafficLight.OFF_TRACK: 10})
                    next_quarter = quarter.next().first_day
                    written = min(self.local(next_quarter, 10).timestamp() + rng.randint(0, 20) * DAY, now - 3600)
                    review_rows.append((quarter, progress, light, written))
                latest = review_rows[-1]
                comment_rows, removed = self.measure_comments[index]
                measures.add(measure_id, title, " ".join(body), CONTRIBUTION, status.value,
                             rng.choice(self.units)[0], responsible_id,
                             rng.choice(self.staff)[0] if rng.random() < 0.5 else None, rng.random() < 0.1,
                             start, end, rng.randrange(5, 500) * 1000 if rng.random() < 0.8 else None,
                             rng.choice(("", "Städtebauförderung", "Haushalt der Stadt", "LEADER")),
                             "", latest[0].label, latest[1], latest[2].value, comment_rows - removed,
                             responsible_id, at(created), at(latest[3]))
                for area_id in rng.sample(world.action_areas, min(len(world.action_areas), rng.randint(1, 2))):
                    areas.add(measure_id, area_id)
                for district_id, _name in rng.sample(world.districts, min(len(world.districts), rng.randint(0, 2))):
                    districts.add(measure_id, district_id)
                events.add(events.new_id(), measure_id, MeasureEventKind.CREATED.value, None,
                           MeasureStatus.DRAFT.value, title[:300], "", responsible_id, responsible_name, at(created))
                for quarter, progress, light, written in review_rows:
                    reviews.add(reviews.new_id(), measure_id, quarter.year, quarter.number, progress, light.value,
                                rng.choice(REVIEW_DONE), rng.choice(REVIEW_NEXT), rng.choice(REVIEW_DEVIATIONS),
                                responsible_id, at(written), at(written))
                    events.add(events.new_id(), measure_id, MeasureEventKind.REVIEW_RECORDED.value, None, None,
                               quarter.label, "", responsible_id, responsible_name, at(written))
                if status != MeasureStatus.DRAFT:
                    events.add(events.new_id(), measure_id, MeasureEventKind.STATUS_CHANGED.value,
                               MeasureStatus.DRAFT.value, status.value, "", "", responsible_id, responsible_name,
                               at(created + DAY))
                steps = sorted(rng.sample(range(len(MILESTONES)), rng.randint(3, 6)))  # in the work plan's order
                for number, milestone in enumerate(MILESTONES[step] for step in steps):
                    due = start + (end - start) * (number + 1) / 7
                    done = due if status == MeasureStatus.COMPLETED or (
                        due < self.today and status == MeasureStatus.IN_PROGRESS and rng.random() < 0.8) else None
                    milestones.add(milestones.new_id(), measure_id, milestone, due, responsible_id, done,
                                   at(created))

    def ideas(self) -> None:
        rng, now, world, figures = self.rng, self.now, self.world, self.figures
        count = figures["ideas"]
        statuses = [weighted(rng, IDEA_STATUSES) for _ in range(count)]
        self.idea_status = statuses
        self.idea_author = array("l", (self.resident() for _ in range(count)))
        self.idea_published = array("d")
        self.idea_last = array("d")
        for status in statuses:
            if status in NEVER_PUBLISHED:
                created = now - 21 * DAY * rng.random()
                self.idea_published.append(created)  # the creation time stands in
                self.idea_last.append(created)
            else:
                published = now - 6 * YEAR * rng.random() ** 1.4
                self.idea_published.append(published)
                self.idea_last.append(published + (now - published) * rng.random() ** 0.3)
        # Supports and comments: on public ideas still open for them (merged ones gave theirs to their target).
        open_ideas = [index for index, status in enumerate(statuses)
                      if status in PUBLIC_STATUSES and status != IdeaStatus.MERGED]
        weights = zipf_weights(len(open_ideas), 0.8, rng)
        residents = figures["residents"]
        supporters = min(figures["supports"], len(open_ideas) * (residents - 1))  # never the author, never twice
        self.idea_supports = array("l", bytes(8 * count))
        for index, share in zip(open_ideas, spread(supporters, weights, residents - 1, rng)):
            self.idea_supports[index] = share
        comment_total = figures["comments"] - round(figures["comments"] * MEASURE_COMMENT_SHARE)
        self.idea_comments = array("l", bytes(8 * count))
        self.idea_removed = array("l", bytes(8 * count))
        noisy = [weight * rng.uniform(0.3, 1.7) for weight in weights]  # the much supported are much discussed
        for index, share in zip(open_ideas, spread(comment_total, noisy, 10**9, rng)):
            self.idea_comments[index] = share
            self.idea_removed[index] = sum(rng.random() < 0.035 for _ in range(share))
        moderator_id, moderator_name = world.moderators[0]
        with self.loader.step("ideas"):
            ideas = self.loader.open(
                Idea, "id", "title", "body", "author_id", "district_id", "status", "is_hidden", "hidden_reason",
                "appeal", "merged_into_id", "official_answer", "assigned_to_id", "version", "place",
                "support_count", "comment_count", "created_at", "published_at", "last_activity_at")
            areas = self.loader.open(IdeaActionArea, "idea_id", "action_area_id")
            changes = self.loader.open(IdeaStatusChange, "id", "idea_id", "from_status", "to_status", "actor_id",
                                       "actor_name", "reason", "created_at")
            answers = self.loader.open(OfficialAnswer, "id", "idea_id", "text", "office", "author_id",
                                       "author_name", "created_at")
            links = self.loader.open(MeasureIdea, "measure_id", "idea_id", "linked_by_id", "linked_at")
            search = self.loader.open(IDEA_SEARCH, "rowid", "title", "body") if not self.loader.postgresql else None
            self.first_idea = ideas.next_id
            self.on_agenda, self.taken_up, published_ids = [], [], []
            for index, status in enumerate(statuses):
                idea_id = ideas.new_id()
                author = self.idea_author[index]
                author_id, author_name = self.resident_id(author), self.resident_name(author)
                subject = rng.choice(SUBJECTS)
                place, district = self.place()
                title, body = self.text(IDEA_TITLES, IDEA_SENTENCES, subject, place, district, rng.randint(2, 5))
                district_id = self.resident_districts[author] or None
                if district_id is None or rng.random() < 0.2:
                    district_id = rng.choice(world.districts)[0] if rng.random() < 0.8 else None
                public, was_published = status in PUBLIC_STATUSES, status not in NEVER_PUBLISHED
                published = self.idea_published[index]
                created = published - rng.uniform(0.2, 5) * DAY if was_published else published
                staff_id, staff_name = rng.choice(self.staff)
                decider_id, decider_name = (moderator_id, moderator_name) if status in TRIAGE_STATUSES else \
                    (staff_id, staff_name)
                hidden = public and status != IdeaStatus.MERGED and rng.random() < HIDDEN_SHARE
                merged_into = rng.choice(published_ids) if status == IdeaStatus.MERGED and published_ids else None
                answer = ANSWERS.get(status, "")
                history = [(None, IdeaStatus.SUBMITTED, author_id, author_name, "", created)]
                if was_published:
                    history.append((IdeaStatus.SUBMITTED, IdeaStatus.PUBLISHED, moderator_id, moderator_name, "",
                                    published))
                if status not in (IdeaStatus.SUBMITTED, IdeaStatus.PUBLISHED):
                    history.append((history[-1][1], status, decider_id, decider_name,
                                    "Doppelt eingereicht." if status == IdeaStatus.MERGED else "",
                                    self.between(published, self.idea_last[index])))
                ideas.add(idea_id, title, " ".join(body), author_id, district_id, status.value, hidden,
                          HIDDEN_REASON if hidden else "", "", merged_into, answer,
                          staff_id if status == IdeaStatus.IN_REVIEW else None, len(history) - 1, place,
                          self.idea_supports[index], self.idea_comments[index] - self.idea_removed[index],
                          at(created), at(published) if was_published else None,
                          at(self.idea_last[index]))
                for area_id in rng.sample(world.action_areas, min(len(world.action_areas), rng.randint(1, 2))):
                    areas.add(idea_id, area_id)
                for from_status, to_status, actor_id, actor_name, reason, when in history:
                    changes.add(changes.new_id(), idea_id, from_status and from_status.value, to_status.value,
                                actor_id, actor_name, reason, at(when))
                if answer:
                    answers.add(answers.new_id(), idea_id, answer, f"Stadt Beispielstadt, {rng.choice(self.units)[1]}",
                                staff_id, staff_name, at(history[-1][5]))
                if status in LINKED_STATUSES:
                    links.add(rng.choice(self.measure_ids), idea_id, staff_id, at(history[-1][5]))
                    self.taken_up.append(idea_id)
                if status == IdeaStatus.ON_AGENDA:
                    self.on_agenda.append(idea_id)
                if public and status != IdeaStatus.MERGED:
                    published_ids.append(idea_id)
                if search is not None:
                    search.add(idea_id, stemmed_fragment(title), " ".join(map(stemmed_fragment, body)))

    def supports(self) -> None:
        """Supports, and the follows they bring (supporters and authors follow an idea unless they opted out)."""
        rng = self.rng
        with self.loader.step("supports and follows"):
            supports = self.loader.open(Support, "id", "idea_id", "user_id", "created_at")
            follows = self.loader.open(IdeaFollow, "idea_id", "user_id", "following", "created_at")
            others = self.figures["residents"] - 1
            for index in range(len(self.idea_status)):
                idea_id, author = self.first_idea + index, self.idea_author[index]
                published, last = self.idea_published[index], self.idea_last[index]
                follows.add(idea_id, self.resident_id(author), rng.random() > 0.02, at(published))
                for supporter in rng.sample(range(others), self.idea_supports[index]):
                    supporter += supporter >= author  # everyone but the author
                    when = at(self.between(published, last))
                    supports.add(supports.new_id(), idea_id, self.resident_id(supporter), when)
                    follows.add(idea_id, self.resident_id(supporter), rng.random() > 0.02, when)

    def comments(self) -> None:
        """Threads on ideas and measures: top-level comments and replies one level deep; a few deleted or hidden
        (the stored counts leave those out)."""
        with self.loader.step("comments"):
            comments = self.loader.open(Comment, "id", "idea_id", "measure_id", "parent_id", "author_id", "body",
                                        "stance", "created_at", "deleted_at", "hidden_at", "hidden_reason", "appeal")
            for index in range(len(self.idea_status)):
                self.thread(comments, "idea", self.first_idea + index, self.idea_comments[index],
                            self.idea_removed[index], self.idea_published[index], self.idea_last[index])
            public = dict(self.public_measures)
            for measure_id, (rows, removed) in zip(self.measure_ids, self.measure_comments):
                if rows:
                    self.thread(comments, "measure", measure_id, rows, removed, public[measure_id], self.now)

    def thread(self, comments: TableWriter, kind: str, subject_id: int, rows: int, removed: int, start: float,
               end: float) -> None:
        rng = self.rng
        if not rows:
            return
        top_level = max(1, round(rows * 0.7))
        removed_numbers = set(rng.sample(range(rows), removed))
        parents: list[tuple[int, float]] = []
        for number in range(rows):
            comment_id = comments.new_id()
            if number < top_level:
                parent_id, when = None, self.between(start, end)
                parents.append((comment_id, when))
                body, stance = rng.choice(COMMENTS)
            else:
                parent_id, parent_time = rng.choice(parents)
                when = self.between(parent_time, end)
                body, stance = rng.choice(REPLIES), Stance.NEUTRAL
            deleted = hidden = None
            if number in removed_numbers:
                if rng.random() < 0.15:
                    hidden = at(self.between(when, end))
                else:
                    deleted, body = at(self.between(when, end)), ""
            comments.add(comment_id, subject_id if kind == "idea" else None,
                         subject_id if kind == "measure" else None, parent_id, self.resident_id(self.resident()),
                         body, stance.value, at(when), deleted, hidden, HIDDEN_REASON if hidden else "", "")

    def meetings(self) -> None:
        """Meetings of the boards from four years back to a year ahead: the past ones held (minutes published) or
        cancelled, the coming ones planned or invited to; agendas take up ideas, measures and the reviews."""
        rng, now, world = self.rng, self.now, self.world
        count = self.figures["meetings"]
        first_day = self.today - timedelta(days=4 * 365)
        span = 5 * 365
        self.held_meetings = []  # (id, board id, day)
        with self.loader.step("meetings"):
            meetings = self.loader.open(Meeting, "id", "board_id", "name", "starts_at", "ends_at", "location",
                                        "online_url", "is_public", "state", "cancel_reason", "minutes_published_at",
                                        "created_at", "updated_at")
            items = self.loader.open(AgendaItem, "id", "meeting_id", "position", "title", "text", "is_public",
                                     "source", "idea_id", "measure_id", "review_period", "minutes", "decision_kind",
                                     "decision_text", "created_at", "updated_at")
            invitations = self.loader.open(Invitation, "meeting_id", "membership_id", "response", "invited_at",
                                           "responded_at")
            attendances = self.loader.open(Attendance, "meeting_id", "membership_id", "created_at")
            for number in range(count):
                meeting_id = meetings.new_id()
                board_id, board_name, location = world.boards[number % len(world.boards)]
                day = first_day + timedelta(days=int((number + rng.random()) * span / count))
                starts = self.local(day, 18)
                past = starts.timestamp() < now
                published = starts + timedelta(days=rng.randint(7, 21))
                if past and rng.random() < 0.08:
                    state = MeetingState.CANCELLED
                elif past and published.timestamp() < now:
                    state = MeetingState.HELD
                else:
                    state = MeetingState.INVITED if starts.timestamp() < now + 42 * DAY else MeetingState.PLANNED
                held = state == MeetingState.HELD
                created = starts - timedelta(days=rng.randint(30, 90))
                meetings.add(meeting_id, board_id, f"Sitzung {board_name} am {day:%d.%m.%Y}", starts,
                             starts + timedelta(hours=2, minutes=30), location, "", rng.random() < 0.9,
                             state.value, "Zu wenige Zusagen." if state == MeetingState.CANCELLED else "",
                             published if held else None, created, published if held else created)
                if held:
                    self.held_meetings.append((meeting_id, board_id, day))
                for position in range(1, rng.randint(4, 8) + 1):
                    source = AgendaSource.FREE if position == 1 else weighted(
                        rng, {AgendaSource.FREE: 3, AgendaSource.IDEA: 3, AgendaSource.MEASURE: 3,
                              AgendaSource.REVIEW_SUMMARY: 1})
                    idea_id = rng.choice(self.on_agenda) if source == AgendaSource.IDEA and self.on_agenda else None
                    measure_id = rng.choice(self.public_measures)[0] if source == AgendaSource.MEASURE else None
                    period = Quarter.of(day).previous().label if source == AgendaSource.REVIEW_SUMMARY else None
                    title = {AgendaSource.IDEA: "Vorschlag aus der Bürgerbeteiligung",
                             AgendaSource.MEASURE: "Stand einer Maßnahme",
                             AgendaSource.REVIEW_SUMMARY: f"Stand der Maßnahmen: Quartalsberichte {period}"}.get(
                        source, "Begrüßung und Tagesordnung" if position == 1 else rng.choice(AGENDA_TITLES))
                    decision = weighted(rng, {kind: 1 for kind in DecisionKind}) if held and position > 1 else None
                    items.add(items.new_id(), meeting_id, position, title, "", rng.random() < 0.95,
                              source.value if idea_id or measure_id or period else AgendaSource.FREE.value, idea_id,
                              measure_id, period, rng.choice(MINUTES) if held else "",
                              decision.value if decision else None, DECISIONS[decision] if decision else "",
                              created, published if held else created)
                active = [seat for seat, start, end in world.seats[board_id]
                          if (start is None or start <= day) and (end is None or day <= end)]
                if state == MeetingState.INVITED:
                    for seat in active:
                        response = weighted(rng, {InvitationResponse.PENDING: 4, InvitationResponse.ACCEPTED: 5,
                                                  InvitationResponse.DECLINED: 1})
                        invitations.add(meeting_id, seat, response.value, created,
                                        None if response == InvitationResponse.PENDING else created + timedelta(days=3))
                if held:
                    for seat in active:
                        if rng.random() < 0.75:
                            attendances.add(meeting_id, seat, published)

    def volunteering(self) -> None:
        """Projects with tasks and the shifts of the tasks: sign-ups never beyond the slots (`taken` equals the
        signed-up rows), full shifts with a waitlist, some cancellations, past shifts with confirmed hours."""
        rng, now, world = self.rng, self.now, self.world
        figures = self.figures
        with self.loader.step("volunteering"):
            projects = self.loader.open(Project, "id", "title", "description", "status", "partner_id", "measure_id",
                                        "idea_id", "created_by_id", "created_at", "updated_at")
            project_districts = self.loader.open(ProjectDistrict, "project_id", "district_id")
            coordinators = self.loader.open(ProjectCoordinator, "project_id", "user_id")
            tasks = self.loader.open(Task, "id", "project_id", "title", "description", "place", "skills")
            shifts = self.loader.open(Shift, "id", "task_id", "starts_at", "ends_at", "slots", "taken",
                                      "waitlist_seq", "cancel_cutoff_hours", "is_public", "reminded_at",
                                      "created_at", "updated_at")
            sign_ups = self.loader.open(SignUp, "id", "shift_id", "user_id", "state", "waitlist_number",
                                        "created_at", "attended", "hours", "confirmed_at", "confirmed_by_id")
            task_plan = []  # (task id, project status, coordinator)
            self.project_ids = []
            for _ in range(figures["projects"]):
                project_id = projects.new_id()
                self.project_ids.append(project_id)
                status = weighted(rng, {ProjectStatus.ACTIVE: 70, ProjectStatus.FINISHED: 20,
                                        ProjectStatus.PLANNING: 10})
                place, district = self.place()
                activity = rng.choice(ACTIVITIES)
                created = at(now - 2.5 * YEAR * rng.random())
                projects.add(project_id, f"{activity} {place}",
                             f"Gemeinsam mit Ehrenamtlichen aus {district}: {activity}. Jede Hilfe ist willkommen.",
                             status.value,
                             rng.choice(world.partners) if world.partners and rng.random() < 0.3 else None,
                             rng.choice(self.public_measures)[0] if rng.random() < 0.15 else None,
                             rng.choice(self.taken_up) if self.taken_up and rng.random() < 0.1 else None,
                             rng.choice(self.staff)[0], created, created)
                for district_id, _name in rng.sample(world.districts, min(len(world.districts), rng.randint(1, 2))):
                    project_districts.add(project_id, district_id)
                chosen = rng.sample(world.coordinators, min(len(world.coordinators), rng.randint(1, 2)))
                for user_id in chosen:
                    coordinators.add(project_id, user_id)
                for title, skills in rng.sample(TASKS, rng.randint(1, 4)):
                    task_id = tasks.new_id()
                    tasks.add(task_id, project_id, title, f"{title} beim Projekt „{activity}“.", place, skills)
                    task_plan.append((task_id, status, chosen[0]))
            shift_counts = spread(figures["shifts"], [rng.uniform(0.5, 1.5) for _ in task_plan], 10**9, rng)
            others = list(range(figures["residents"]))
            for (task_id, status, coordinator), count in zip(task_plan, shift_counts):
                for _ in range(count):
                    self.shift(shifts, sign_ups, task_id, status, coordinator, others)

    def shift(self, shifts: TableWriter, sign_ups: TableWriter, task_id: int, status: ProjectStatus,
              coordinator: int, residents: list[int]) -> None:
        rng, now = self.rng, self.now
        offset = {ProjectStatus.FINISHED: -rng.uniform(30, 900), ProjectStatus.PLANNING: rng.uniform(30, 180),
                  ProjectStatus.ACTIVE: rng.uniform(-700, 120)}[status]
        day = self.today + timedelta(days=int(offset))
        hours = rng.choice((2, 3, 3, 4))
        starts = self.local(day, rng.randint(8, 17))
        ends = starts + timedelta(hours=hours)
        past = ends.timestamp() < now
        slots = rng.choice((1, 2, 2, 3, 4, 4, 5, 6, 8, 10, 12))
        taken = round(slots * rng.random() ** 0.5) if past or rng.random() > 0.25 else slots
        waiting = rng.randint(1, 4) if taken == slots and not past and rng.random() < 0.5 else 0
        cancelled = rng.randint(1, 2) if rng.random() < 0.1 else 0
        created = starts - timedelta(days=rng.randint(14, 60))
        shift_id = shifts.new_id()
        shifts.add(shift_id, task_id, starts, ends, slots, taken, waiting, 24, rng.random() < 0.95,
                   starts - timedelta(days=1) if past else None, created, created)
        people = rng.sample(residents, taken + waiting + cancelled)
        for number, index in enumerate(people):
            signed = created + timedelta(hours=rng.uniform(1, 24 * 12))
            if number < taken:
                state, waitlist = SignUpState.SIGNED_UP, None
            elif number < taken + waiting:
                state, waitlist = SignUpState.WAITING, number - taken + 1
            else:
                state, waitlist = SignUpState.CANCELLED, None
            attended = rng.random() < 0.85 if past and state == SignUpState.SIGNED_UP else None
            sign_ups.add(sign_ups.new_id(), shift_id, self.resident_id(index), state.value, waitlist, signed,
                         attended, float(hours) if attended else None,
                         ends + timedelta(days=1) if attended is not None else None,
                         coordinator if attended is not None else None)

    def documents(self) -> None:
        """Library documents with one to three versions each (`version_count` equals the rows); the versions name
        files that are not there."""
        rng, now, world = self.rng, self.now, self.world
        with self.loader.step("documents"):
            documents = self.loader.open(Document, "id", "title", "description", "category", "audience", "board_id",
                                         "meeting_id", "project_id", "action_area_id", "district_id",
                                         "document_date", "version_count", "created_by_id", "created_at",
                                         "updated_at")
            versions = self.loader.open(DocumentVersion, "id", "document_id", "number", "name", "stored_name",
                                        "content_type", "size", "sha512", "extracted_text", "note", "uploaded_by_id",
                                        "uploaded_at")
            for _ in range(self.figures["documents"]):
                document_id = documents.new_id()
                category = weighted(rng, DOCUMENT_CATEGORIES)
                audience = weighted(rng, {DocumentAudience.PUBLIC: 85, DocumentAudience.BOARD: 10,
                                          DocumentAudience.STAFF: 5})
                board_id = meeting_id = None
                if category == DocumentCategory.MINUTES and self.held_meetings:
                    meeting_id, board_id, day = rng.choice(self.held_meetings)
                    title = f"Niederschrift der Sitzung vom {day:%d.%m.%Y}"
                else:
                    day = self.today - timedelta(days=rng.randint(0, 6 * 365))
                    # Minutes without a held meeting (none generated at a small scale) are a report.
                    title = (f"{DOCUMENT_TITLES.get(category, 'Bericht')}: {rng.choice(SUBJECTS)} "
                             f"{self.place()[0]}")
                if audience == DocumentAudience.BOARD and board_id is None:
                    board_id = rng.choice(world.boards)[0]
                uploader = rng.choice(self.staff)[0]
                created = min(self.local(day, 12).timestamp() + rng.randint(0, 10) * DAY, now - 60)
                version_count = weighted(rng, {1: 60, 2: 30, 3: 10})
                documents.add(document_id, title, f"{title}. Stand {day:%m/%Y}.", category.value, audience.value,
                              board_id, meeting_id,
                              rng.choice(self.project_ids) if rng.random() < 0.1 else None,
                              rng.choice(world.action_areas) if rng.random() < 0.4 else None,
                              rng.choice(world.districts)[0] if rng.random() < 0.2 else None,
                              day, version_count, uploader, at(created), at(created))
                uploaded = created
                for number in range(1, version_count + 1):
                    content_type, suffix = rng.choice(FILE_TYPES)
                    versions.add(versions.new_id(), document_id, number, f"{title[:150]}.{suffix}",
                                 f"{rng.getrandbits(128):032x}.{suffix}", content_type, rng.randint(20_000, 5_000_000),
                                 f"{rng.getrandbits(512):0128x}",
                                 f"{title}. {' '.join(rng.sample(IDEA_SENTENCES, 3))}" if suffix == "pdf" else "",
                                 "" if number == 1 else "Überarbeitete Fassung", uploader, at(uploaded))
                    uploaded = min(uploaded + rng.randint(1, 60) * DAY, now - 60)


# --- afterwards --------------------------------------------------------------------------------------------------

def finish(connection: Connection, tables_with_ids: set[str]) -> None:
    """PostgreSQL: the id sequences continue after the explicit ids; vacuumed and analysed.
    SQLite: the write-ahead log is folded into the database file."""
    if connection.dialect.name == "postgresql":
        for name in sorted(tables_with_ids):
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                                    f"(SELECT max(id) FROM \"{name}\"))"))
        connection.commit()
        # As autovacuum would in time: planner statistics, and a visibility map for index-only scans.
        with connection.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as maintenance:
            maintenance.exec_driver_sql("VACUUM (ANALYZE)")
    else:
        connection.connection.dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # outside a transaction


def further_checks(url: str) -> tuple[dict[str, int], list[str]]:
    """The counts bench/load.py does not check: versions per document, each measure's latest review, and that no
    waitlist number is beyond the shift's last one handed out."""
    versions = (select(func.count()).select_from(DocumentVersion)
                .where(DocumentVersion.document_id == Document.id).scalar_subquery())
    latest = (select(QuarterlyReview.year * 10 + QuarterlyReview.quarter)
              .where(QuarterlyReview.measure_id == Measure.id)
              .order_by(QuarterlyReview.year.desc(), QuarterlyReview.quarter.desc()).limit(1).scalar_subquery())
    highest = (select(func.max(SignUp.waitlist_number)).where(SignUp.shift_id == Shift.id).scalar_subquery())
    covered, mismatches = {}, []
    engine = create_engine(url)
    with engine.connect() as connection:
        covered["document.version_count"] = connection.execute(select(func.count()).select_from(Document)).scalar()
        for row_id, stored, counted in connection.execute(select(Document.id, Document.version_count, versions)
                                                          .where(Document.version_count != versions)):
            mismatches.append(f"document.version_count of #{row_id}: stored {stored}, rows {counted}")
        covered["measure.latest_review_period"] = connection.execute(
            select(func.count()).select_from(Measure)).scalar()
        for row_id, period, newest in connection.execute(select(Measure.id, Measure.latest_review_period, latest)):
            expected = f"{newest // 10}-Q{newest % 10}" if newest is not None else None
            if period != expected:
                mismatches.append(f"measure.latest_review_period of #{row_id}: stored {period}, rows {expected}")
        covered["shift.waitlist_seq"] = connection.execute(select(func.count()).select_from(Shift)).scalar()
        for row_id, seq, number in connection.execute(select(Shift.id, Shift.waitlist_seq, highest)
                                                      .where(Shift.waitlist_seq < highest)):
            mismatches.append(f"shift #{row_id}: waitlist number {number} beyond waitlist_seq {seq}")
    engine.dispose()
    return covered, mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="e.g. sqlite:////tmp/large.db or "
                        "postgresql+psycopg://postgres@127.0.0.1:5432/large")
    parser.add_argument("--scale", type=float, default=1.0, help="every figure times this (default 1: the issue's)")
    parser.add_argument("--ideas", type=int, help="instead of --scale: this many ideas, the rest in proportion")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()
    scale = args.ideas / FIGURES["ideas"] if args.ideas else args.scale
    if scale <= 0:
        parser.error("the scale must be positive")
    figures = {name: max(1, round(value * scale)) for name, value in FIGURES.items()}
    figures["residents"] = max(figures["residents"], 2)  # an idea's supporters are residents other than its author
    started = time.perf_counter()

    app = create_app({"DATABASE_URL": args.database_url, "SECRET_KEY": "seed-large"})
    database = app.extensions["database"]
    with app.app_context():
        upgrade(database)
        session = get_session()
        if seed_demo_data(session):
            session.commit()
            print(f"demo municipality loaded ({time.perf_counter() - started:.1f} s since the start)", flush=True)
        world = read_world(session)
        session.close()
    print("figures: " + ", ".join(f"{name} {value:,}" for name, value in figures.items()), flush=True)

    with database.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # A benchmark's data set: losing it in a crash costs a rerun, so no syncing; a large page cache keeps
            # the indexes of the big tables in memory. Set on the driver's connection, outside a transaction.
            driver = connection.connection.dbapi_connection
            for pragma in ("synchronous = OFF", "cache_size = -262144", "temp_store = MEMORY"):
                driver.execute(f"PRAGMA {pragma}")
        else:
            connection.exec_driver_sql("SET synchronous_commit = off")
            connection.commit()
        loader = Loader(connection, args.batch_size)
        City(loader, world, figures, args.seed, app.config["BABEL_DEFAULT_TIMEZONE"]).run()
        finish_started = time.perf_counter()
        finish(connection, loader.tables_with_ids)
        print(f"finishing (sequences, statistics, checkpoint): {time.perf_counter() - finish_started:.1f} s",
              flush=True)
    database.dispose()

    checks_started = time.perf_counter()
    covered, mismatches = count_checks(args.database_url)
    more_covered, more_mismatches = further_checks(args.database_url)
    covered.update(more_covered)
    mismatches += more_mismatches
    print(f"count checks ({time.perf_counter() - checks_started:.1f} s): "
          + ", ".join(f"{name} ({rows:,} rows)" for name, rows in covered.items()))
    for mismatch in mismatches[:50]:
        print(f"    MISMATCH {mismatch}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"total {time.perf_counter() - started:.1f} s; peak RSS {peak:,.0f} MiB; "
          f"{len(mismatches)} count mismatches", flush=True)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
