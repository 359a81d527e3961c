"""Demo coordination spaces: for every demo project run with a partner organisation, a few discussions, a shared
document in two versions and a task list. Called by participation.demo after the volunteering demo."""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.coordination import queries, services
from participation.coordination.models import SpaceDocument, SpacePost
from participation.db import utcnow
from participation.papers.demo import demo_pdf
from participation.volunteering.models import Project, ProjectCoordinator

DEMO_FILE_MAX_BYTES = 1024 ** 2
ADDED_VOLUNTEERS = 2


@dataclass(frozen=True)
class DemoSpace:
    threads: list[tuple[str, list[str]]]  # (subject, posts in order; the first opens the discussion)
    document: tuple[str, str, list[str], list[str]]  # (title, file name, lines of version 1, lines of version 2)
    tasks: list[tuple[str, bool]]  # (title, done?)


SPACES = [
    DemoSpace(
        threads=[
            ("Treffpunkt und Werkzeug für den Arbeitseinsatz",
             ["Wir treffen uns um **9 Uhr** am Eingang. Bitte mitbringen:\n\n- Arbeitshandschuhe\n- feste Schuhe\n"
              "- eine Trinkflasche\n\nAstscheren und Leitern stellt die Ortsgruppe.",
              "Ich bringe zusätzlich zwei Schubkarren mit.",
              "Danke! Dann reichen die Schubkarren für alle Gruppen."]),
            ("Pressetermin mit dem Ortsblatt",
             ["Das Ortsblatt möchte am Samstag gegen 11 Uhr Fotos machen. Wer mag ein paar Sätze sagen?",
              "Ich kann das übernehmen, wenn mir jemand die Zahlen zur Fläche schickt."]),
            ("Nachpflanzungen im Herbst",
             ["Drei Hochstämme sind eingegangen. Sollen wir im Herbst alte Sorten nachpflanzen? Vorschläge gern "
              "hier sammeln."]),
        ],
        document=("Einsatzplan", "Einsatzplan.pdf",
                  ["Einsatzplan (Entwurf)", "9:00 Begrüßung", "9:30 Schnitt in drei Gruppen", "12:30 Mittagspause"],
                  ["Einsatzplan", "9:00 Begrüßung und Sicherheitshinweise", "9:30 Schnitt in drei Gruppen",
                   "11:00 Pressetermin", "12:30 Mittagspause mit Suppe"]),
        tasks=[("Leitern beim Bauhof ausleihen", True), ("Suppe für die Mittagspause organisieren", False),
               ("Schnittgut-Abholung anmelden", False)],
    ),
    DemoSpace(
        threads=[
            ("Fahrdienst für den Seniorennachmittag",
             ["Für den Seniorennachmittag brauchen wir **zwei Fahrer*innen** mehr. Wer kann am Mittwoch von 14 bis "
              "17 Uhr?",
              "Ich kann fahren, habe aber nur vier Sitzplätze.",
              "Das passt, danke! Die Liste der Abholadressen liegt bei den Dokumenten."]),
            ("Hygieneschulung für die Helfer*innen",
             ["Wer beim Kuchenbuffet hilft, braucht die kurze Hygieneschulung. Termine stehen im Dokument "
              "„Ablaufplan“.",
              "Ich habe die Schulung schon letztes Jahr gemacht – gilt die noch?"]),
        ],
        document=("Ablaufplan", "Ablaufplan.pdf",
                  ["Ablaufplan Seniorennachmittag (Entwurf)", "14:00 Abholung", "15:00 Kaffee und Kuchen"],
                  ["Ablaufplan Seniorennachmittag", "14:00 Abholung durch den Fahrdienst", "15:00 Kaffee und Kuchen",
                   "16:00 Singkreis", "17:00 Heimfahrt"]),
        tasks=[("Raum im Gemeindehaus buchen", True), ("Kuchenspenden einsammeln", False),
               ("Abholadressen prüfen", False)],
    ),
]


def _space_team(session: Session, project: Project) -> tuple[list[User], list[User]]:
    """The project's coordinators, and every member of its space (partner members included)."""
    coordinator_ids = set(session.exec(select(ProjectCoordinator.user_id)
                                       .where(ProjectCoordinator.project_id == project.id)))
    member_ids = queries.member_ids(session, project)
    people = list(session.exec(select(User).where(col(User.id).in_(member_ids)).order_by(User.id))) \
        if member_ids else []
    return [person for person in people if person.id in coordinator_ids], people


def seed_demo_spaces(session: Session, upload_dir: Path) -> list[Project]:
    """Fill the space of the first project of each partner organisation (of two at most); returns those projects.
    Nothing happens without such projects, nor for one without coordinators or partner members. Flushed, not
    committed."""
    first_of_partner: dict[int, Project] = {}
    for project in session.exec(select(Project).where(col(Project.partner_id).is_not(None)).order_by(Project.id)):
        first_of_partner.setdefault(project.partner_id, project)
    projects = [first_of_partner[partner_id] for partner_id in sorted(first_of_partner)]
    filled = []
    for project, content in zip(projects, SPACES, strict=False):
        coordinators, members = _space_team(session, project)
        if not members:
            continue
        lead = coordinators[0] if coordinators else members[0]
        if coordinators:
            for candidate in queries.candidates(session, project)[:ADDED_VOLUNTEERS]:
                services.add_member(session, lead, project, candidate.user_id)
            members = _space_team(session, project)[1]
        others = [member for member in members if member.id != lead.id] or [lead]
        _seed_board(session, project, content, lead, others)
        _seed_documents(session, project, content, lead, others[0], upload_dir)
        for number, (title, done) in enumerate(content.tasks):
            assignee = (others + [lead])[number % (len(others) + 1)]
            task = services.create_task(session, lead, project, title, assignee.id)
            if done:
                services.set_task_done(session, assignee, project, task, True)
        filled.append(project)
    return filled


def _seed_board(session: Session, project: Project, content: DemoSpace, lead: User, others: list[User]) -> None:
    """Each discussion opened by the lead; the others answer, the lead answers back."""
    now = utcnow()
    for age, (title, texts) in enumerate(content.threads):
        started = now - timedelta(days=3 * (len(content.threads) - age), hours=2)
        thread = services.start_thread(session, lead, project, title, texts[0])
        for number, text in enumerate(texts[1:], start=1):
            author = others[(number // 2) % len(others)] if number % 2 else lead
            services.reply(session, author, project, thread, text)
        # Spread the discussion over the past days, as if it had been going on for a while.
        posts = list(session.exec(select(SpacePost).where(SpacePost.thread_id == thread.id).order_by(SpacePost.id)))
        for number, post in enumerate(posts):
            post.created_at = started + timedelta(hours=5 * number)
            session.add(post)
        thread.created_at, thread.last_post_at = started, posts[-1].created_at
        session.add(thread)
    session.flush()


def _seed_documents(session: Session, project: Project, content: DemoSpace, lead: User, second_uploader: User,
                    upload_dir: Path) -> None:
    title, file_name, first_lines, second_lines = content.document
    version = services.add_document(session, lead, project, title,
                                    services.FileUpload(file_name, demo_pdf(first_lines)), upload_dir,
                                    DEMO_FILE_MAX_BYTES)
    shared = session.get(SpaceDocument, version.document_id)
    services.add_version(session, second_uploader, project, shared,
                         services.FileUpload(file_name, demo_pdf(second_lines)), upload_dir, DEMO_FILE_MAX_BYTES)

