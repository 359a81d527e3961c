"""The demo library of Beispielstadt: the minutes of every held board meeting, the concept, papers, reports,
presentations, plans, forms and a data table, spread over the action areas, districts and boards; a few with a
second version, two for a board's members only and one for the administration only. Filed through the services
(small generated PDFs, whose text the search finds), so the demo leaves the same audit trail as real data.
Called by participation.demo, after the boards."""

import re
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from fpdf import FPDF
from sqlmodel import Session, col, select

from participation.accounts.services import find_user_by_email
from participation.boards.models import AgendaItem, Board, Meeting, MeetingState
from participation.documents.models import Document, DocumentAudience, DocumentCategory
from participation.documents.services import DocumentDraft, add_version, create_document
from participation.files import FileUpload
from participation.municipality.models import ActionArea, District
from participation.volunteering.models import Project

STAFF_EMAIL = "verwaltung@beispielstadt.example"  # Vera Verwaltung: the Projektbeirat's secretary
CHAIR_EMAIL = "beirat@beispielstadt.example"  # Bernd Beirat: chairs the Themenbeirat Information und Beteiligung
DEMO_MAX_BYTES = 1024 ** 2
TITLE_LINE_CHARS, TEXT_LINE_CHARS = 55, 85  # what fits on a line of A4 in the PDF's fonts

ADVISORY = "Projektbeirat"
TB_VOLUNTEERING = "Themenbeirat Ehrenamt und Kooperation"
TB_INFORMATION = "Themenbeirat Information und Beteiligung"
COOPERATION, INFORMATION, ADMINISTRATION, THIRD_PARTIES, ORGANISATION, COMMITMENT = (
    "Kooperation Stadt-Bürgerschaft stärken", "Transparente Informationskultur fördern",
    "Zusammenarbeit Verwaltung-Politik organisieren", "Zusammenarbeit mit Dritten ausbauen", "Organisation",
    "Verbindlichkeit")
C = DocumentCategory
BOARD_ONLY, STAFF_ONLY = DocumentAudience.BOARD, DocumentAudience.STAFF

# One topic per held meeting, in the order they were held: a word that only its minutes contain, so the search
# finds each set of minutes by what was discussed.
MINUTES_TOPICS = [
    ("Streuobstwiese", "Der Naturschutzbund stellt die Pflege der Streuobstwiese am Mühlenberg vor. Der Beirat "
                       "empfiehlt, den Obstbaumschnitt im Herbst gemeinsam mit Freiwilligen zu organisieren."),
    ("Bürgerbus", "Die Verwaltung berichtet über die Machbarkeitsstudie für einen Bürgerbus zwischen Wiesenthal, "
                  "Birkenhain und der Altstadt. Ehrenamtliche Fahrerinnen und Fahrer werden gesucht."),
    ("Dorfgemeinschaftshaus", "Der Ortsbeirat Seedorf berichtet über den Sanierungsbedarf im "
                              "Dorfgemeinschaftshaus. Ein Förderantrag wird vorbereitet."),
    ("Radwegenetz", "Das Planungsbüro stellt den Entwurf für ein zusammenhängendes Radwegenetz zwischen den "
                    "Ortsteilen vor. Die Lücke an der Kreisstraße hat Vorrang."),
    ("Wochenmarkt", "Die Werbegemeinschaft schlägt vor, den Wochenmarkt auf den Nachmittag zu verlegen, damit "
                    "auch Berufstätige einkaufen können. Ein Probebetrieb über drei Monate wird empfohlen."),
    ("Leerstandskataster", "Die Verwaltung legt ein Leerstandskataster für die Altstadt vor. Leerstehende "
                           "Ladenlokale sollen für Zwischennutzungen angeboten werden."),
    ("Badestelle", "Die Badestelle in Seedorf braucht neue Stege. Der Beirat bittet die Verwaltung, "
                   "Fördermöglichkeiten zu prüfen und die Badesaison nicht zu gefährden."),
    ("Jugendbeteiligung", "Der Jugendrat stellt seine Ideen für einen Treffpunkt in der Neustadt vor. Der Beirat "
                          "unterstützt eine Beteiligungswerkstatt in den Sommerferien."),
    ("Ehrenamtsbörse", "Der Trägerverbund und die Freiwilligenagentur stellen die Ehrenamtsbörse vor. Sie soll "
                       "in allen Ortsteilen mit Sprechstunden vertreten sein."),
    ("Dorfladen", "Der Dorfladen in Birkenhain sucht eine Nachfolge. Der Beirat regt ein Gespräch mit der "
                  "Genossenschaft der Nachbargemeinde an."),
]
CLOSING = ("Die Niederschrift wurde von der Geschäftsstelle des Beirats gefertigt und von der Vorsitzenden "
           "gegengezeichnet. Einwendungen können bis zur nächsten Sitzung erhoben werden.")


@dataclass(frozen=True)
class DemoDocument:
    title: str
    category: DocumentCategory
    days_ago: int  # the date the document bears, counted back from today
    paragraphs: tuple[str, ...]
    description: str = ""
    audience: DocumentAudience = DocumentAudience.PUBLIC
    board: str | None = None
    action_area: str | None = None
    district: str | None = None
    uploader: str = STAFF_EMAIL
    second_version: tuple[str, tuple[str, ...]] | None = None  # (what changed, the new version's paragraphs)
    table: str = ""  # a CSV file instead of a PDF
    project: str | None = None  # the title of the volunteer project it belongs to


DOCUMENTS = [
    DemoDocument(
        "Stadtentwicklungskonzept „Gemeinsam für Beispielstadt“", C.CONCEPT, 720,
        ("Das Stadtentwicklungskonzept beschreibt, wie Beispielstadt den demografischen Wandel gemeinsam mit "
         "seinen Bürgerinnen und Bürgern gestalten will.",
         "Es gliedert sich in die Strategien „Gemeinsam für Beispielstadt“ und „Organisation & Verbindlichkeit“ "
         "mit ihren Aktionsbereichen. Jede Maßnahme muss ihren Beitrag zum Stadtentwicklungsprojekt darlegen.",
         "Der Projektbeirat begleitet die Umsetzung; die Verwaltung berichtet ihm quartalsweise."),
        "Das vom Stadtrat beschlossene Konzept mit Strategien, Aktionsbereichen und Handlungsanforderungen.",
        action_area=COOPERATION,
        second_version=("Fassung nach Beschluss des Stadtrats, mit Anlage Maßnahmenliste",
                        ("Beschlossene Fassung des Stadtentwicklungskonzepts. Gegenüber dem Entwurf wurden die "
                         "Hinweise aus der Bürgerversammlung eingearbeitet.",
                         "Neu ist die Anlage mit der Maßnahmenliste und den Zuständigkeiten der Fachbereiche.",
                         "Der Projektbeirat begleitet die Umsetzung; die Verwaltung berichtet ihm quartalsweise."))),
    DemoDocument(
        "Projektmanual: Aufgaben und Zuständigkeiten", C.CONCEPT, 400,
        ("Das Projektmanual übersetzt die Handlungsanforderungen in Zuständigkeiten der Verwaltung.",
         "Für jede Maßnahme werden ein Arbeits- und Zeitplan sowie eine verantwortliche Person benannt."),
        action_area=ORGANISATION),
    DemoDocument(
        "Geschäftsordnung des Projektbeirats", C.PAPER, 650,
        ("§ 1 Aufgaben: Der Projektbeirat begleitet die Umsetzung des Stadtentwicklungskonzepts.",
         "§ 2 Einladung: Die Geschäftsstelle lädt mindestens zwei Wochen vor der Sitzung ein.",
         "§ 3 Beschlussfähigkeit: Der Beirat ist beschlussfähig, wenn die Hälfte der stimmberechtigten Mitglieder "
         "anwesend ist."),
        board=ADVISORY, action_area=ORGANISATION,
        second_version=("Änderung von § 3 nach der Beratung im Beirat",
                        ("§ 1 Aufgaben: Der Projektbeirat begleitet die Umsetzung des Stadtentwicklungskonzepts.",
                         "§ 2 Einladung: Die Geschäftsstelle lädt mindestens zwei Wochen vor der Sitzung ein.",
                         "§ 3 Beschlussfähigkeit: Der Beirat ist beschlussfähig, wenn ein Drittel der "
                         "stimmberechtigten Mitglieder anwesend ist; Vertretung ist zulässig."))),
    DemoDocument(
        "Vorlage: Einrichtung eines Themenbeirats Ehrenamt", C.PAPER, 380,
        ("Viele Maßnahmen leben vom Ehrenamt. Vereine, der Trägerverbund und Ehrenamtliche wünschen sich ein "
         "eigenes Gremium für ihre Anliegen.",
         "Der Projektbeirat empfiehlt die Einrichtung eines Themenbeirats mit bis zu neun Mitgliedern."),
        board=ADVISORY, action_area=THIRD_PARTIES),
    DemoDocument(
        "Fortschrittsbericht 2025", C.REPORT, 330,
        ("Im Jahr 2025 wurden zwölf Maßnahmen begonnen und vier abgeschlossen.",
         "Verzögerungen gab es vor allem bei Maßnahmen, die auf Fördermittel warten. Der Bericht nennt für jede "
         "Maßnahme den Stand und die nächsten Schritte."),
        "Jahresbericht der Verwaltung an den Projektbeirat.", board=ADVISORY, action_area=COMMITMENT),
    DemoDocument(
        "Quartalsbericht: Stand der Maßnahmen", C.REPORT, 40,
        ("Die meisten Maßnahmen liegen im Plan. Zwei Maßnahmen sind wegen fehlender Fördermittel verzögert.",
         "Die Ampel zeigt für 18 Maßnahmen grün, für vier gelb und für zwei rot."),
        action_area=ADMINISTRATION),
    DemoDocument(
        "Präsentation der Auftaktveranstaltung", C.PRESENTATION, 700,
        ("Folie 1: Warum ein Stadtentwicklungskonzept?",
         "Folie 2: Die Ortsteile und ihre Stärken.",
         "Folie 3: Wie Sie sich beteiligen können: Ideen, Beirat, Ehrenamt."),
        action_area=COOPERATION),
    DemoDocument(
        "Präsentation: Das Beteiligungsportal", C.PRESENTATION, 200,
        ("Das Beteiligungsportal bündelt Ideen, Maßnahmen, Sitzungen und Unterlagen an einem Ort.",
         "Alle Unterlagen sind nach Kategorie, Aktionsbereich, Ortsteil und Gremium geordnet."),
        board=TB_INFORMATION, action_area=INFORMATION, uploader=CHAIR_EMAIL),
    DemoDocument(
        "Lageplan Dorfplatz Seedorf", C.PLAN, 260,
        ("Der Lageplan zeigt die geplante Umgestaltung des Dorfplatzes mit Bänken, Bäumen und einem "
         "Fahrradabstellplatz vor dem Dorfgemeinschaftshaus.",),
        district="Seedorf", action_area=COOPERATION),
    DemoDocument(
        "Übersichtskarte der Ortsteile", C.PLAN, 690,
        ("Die Karte zeigt die sechs Ortsteile Altstadt, Neustadt, Mühlenberg, Seedorf, Birkenhain und Wiesenthal "
         "mit ihren Treffpunkten.",),
        action_area=INFORMATION),
    DemoDocument(
        "Antrag auf Mittel aus dem Verfügungsfonds", C.FORM, 300,
        ("Vereine und Initiativen können für kleine Projekte bis 2.500 Euro aus dem Verfügungsfonds beantragen.",
         "Bitte beschreiben Sie das Vorhaben, den Ortsteil, die Kosten und wer mitmacht."),
        action_area=THIRD_PARTIES),
    DemoDocument(
        "Anmeldebogen Ehrenamtsbörse", C.FORM, 90,
        ("Name, Kontakt, Ortsteil, Interessen und Zeiten, zu denen Sie sich engagieren möchten.",
         "Die Angaben werden nur für die Vermittlung verwendet."),
        board=TB_VOLUNTEERING, action_area=THIRD_PARTIES),
    DemoDocument(
        "Hausordnung und Sicherheitshinweise Repair-Café", C.FORM, 45,
        ("Reparieren Sie nur Geräte, die Sie selbst mitgebracht haben; Elektrogeräte prüft vor dem Einschalten eine "
         "Elektrofachkraft.", "Wer mithilft, trägt sich in die Anwesenheitsliste ein; der Verein ist für "
         "Ehrenamtliche unfallversichert."),
        action_area=COMMITMENT, district="Altstadt", project="Repair-Café in der Altstadt"),
    DemoDocument(
        "Einsatzplan Mühlenbach-Putzaktion", C.PLAN, 30,
        ("Treffpunkt ist die Brücke am Mühlenweg. Handschuhe, Zangen und Säcke stellt der NABU.",
         "Abschnitt 1: Brücke bis Mühle; Abschnitt 2: Mühle bis Wiesenthal; Abschnitt 3: Uferweg am Sportplatz."),
        action_area=COMMITMENT, district="Mühlenberg", project="Mühlenbach-Putzaktion"),
    DemoDocument(
        "Einwohnerzahlen nach Ortsteilen", C.DATA, 60, (),
        "Einwohnerinnen und Einwohner mit Hauptwohnsitz je Ortsteil, Stand 31. Dezember.",
        action_area=INFORMATION,
        table="Ortsteil;Einwohner;davon unter 18;davon 65 und älter\n"
              "Altstadt;4850;712;1388\nNeustadt;5620;1104;1012\nMühlenberg;1340;201;402\n"
              "Seedorf;2180;356;590\nBirkenhain;860;118;291\nWiesenthal;1120;164;347\n"),
    DemoDocument(
        "Entwurf Haushaltsanmeldung für den Projektbeirat", C.REPORT, 20,
        ("Interne Beratungsunterlage: Die Verwaltung schlägt vor, für das kommende Jahr 180.000 Euro an "
         "Eigenmitteln für Maßnahmen des Stadtentwicklungskonzepts anzumelden.",
         "Die Zahlen sind noch nicht mit der Kämmerei abgestimmt und dürfen nicht veröffentlicht werden."),
        audience=BOARD_ONLY, board=ADVISORY, action_area=COMMITMENT),
    DemoDocument(
        "Arbeitspapier: Informationsangebot in den Ortsteilen", C.PAPER, 12,
        ("Arbeitsstand des Themenbeirats für seine nichtöffentliche Arbeitssitzung.",
         "Schaukästen, Gemeindeblatt und Portal sollen sich ergänzen; in Birkenhain und Wiesenthal fehlen "
         "Aushangflächen."),
        audience=BOARD_ONLY, board=TB_INFORMATION, action_area=INFORMATION, uploader=CHAIR_EMAIL),
    DemoDocument(
        "Interne Abstimmung Fördermittelakquise", C.OTHER, 8,
        ("Vermerk der Stabsstelle: Für drei Maßnahmen werden Förderanträge vorbereitet.",
         "Ansprechpartner in den Fachbereichen und Fristen sind in der Anlage zusammengestellt."),
        audience=STAFF_ONLY, action_area=ADMINISTRATION),
    DemoDocument(
        "Leitfaden für Beteiligungsformate", C.CONCEPT, 500,
        ("Der Leitfaden beschreibt Formate der Beteiligung: Bürgerversammlung, Ortsteilspaziergang, "
         "Beteiligungswerkstatt und das Beteiligungsportal.",),
        action_area=COOPERATION),
    DemoDocument(
        "Ortsteilprofil Altstadt", C.REPORT, 450,
        ("Die Altstadt ist der historische Kern mit Marktplatz, Rathaus und Kirche. Leerstand im Einzelhandel "
         "ist die größte Herausforderung.",),
        district="Altstadt", action_area=COOPERATION),
    DemoDocument(
        "Ortsteilprofil Neustadt", C.REPORT, 450,
        ("Die Neustadt ist das größte Wohngebiet, mit Schule und Sportplatz. Junge Familien wünschen sich mehr "
         "Treffpunkte.",),
        district="Neustadt", action_area=COOPERATION),
    DemoDocument(
        "Ortsteilprofil Mühlenberg", C.REPORT, 450,
        ("Mühlenberg ist ländlich geprägt. Der Dorfverein pflegt die Streuobstwiese am Mühlenbach.",),
        district="Mühlenberg", action_area=THIRD_PARTIES),
    DemoDocument(
        "Ortsteilprofil Birkenhain", C.REPORT, 450,
        ("Birkenhain ist der kleinste Ortsteil. Freiwillige Feuerwehr und Dorfladen halten das Dorfleben "
         "zusammen.",),
        district="Birkenhain", action_area=THIRD_PARTIES,
        second_version=("Zahlen zur Nahversorgung ergänzt",
                        ("Birkenhain ist der kleinste Ortsteil. Freiwillige Feuerwehr und Dorfladen halten das "
                         "Dorfleben zusammen.",
                         "Der nächste Supermarkt liegt sieben Kilometer entfernt; der Dorfladen ist an drei Tagen "
                         "geöffnet."))),
    DemoDocument(
        "Ortsteilprofil Wiesenthal", C.REPORT, 450,
        ("Wiesenthal liegt im Elbvorland. Der Storchenhof zieht Besucherinnen und Besucher aus der Region an.",),
        district="Wiesenthal", action_area=INFORMATION),
]


def _latin1(text: str) -> str:
    """The PDF core fonts know Latin-1 only: typographic quotes and dashes become their plain forms."""
    text = text.translate(str.maketrans({"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "–": "-",
                                         "—": "-", "…": "...", "€": "EUR"}))
    return text.encode("latin-1", "replace").decode("latin-1")


def demo_pdf(title: str, paragraphs: tuple[str, ...] | list[str]) -> bytes:
    """A small A4 PDF: the town's name, the title and a few paragraphs."""
    pdf = FPDF(format="A4")
    pdf.set_creator("Beteiligungsportal Beispielstadt (Demo)")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.cell(0, 6, "Stadt Beispielstadt - Stabsstelle Stadtentwicklung", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    # Lines are broken here rather than by multi_cell, which measures every character and would slow the demo.
    for size, width, height, texts in ((15, TITLE_LINE_CHARS, 8, [title]), (11, TEXT_LINE_CHARS, 6, paragraphs)):
        pdf.set_font("Helvetica", style="B" if size == 15 else "", size=size)
        for text in texts:
            for line in textwrap.wrap(_latin1(text), width):
                pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def _plain(markdown: str) -> str:
    return re.sub(r"[*_#>`]", "", markdown).strip()


def _minutes_paragraphs(session: Session, meeting: Meeting, topic: tuple[str, str]) -> list[str]:
    items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, col(AgendaItem.is_public))
                         .order_by(AgendaItem.position))
    paragraphs = [f"Sitzung am {meeting.starts_at:%d.%m.%Y}, {meeting.location or 'Rathaus Beispielstadt'}."]
    for number, item in enumerate(items, start=1):
        paragraphs.append(f"TOP {number}: {item.title}")
        if item.minutes:
            paragraphs.append(_plain(item.minutes))
        if item.decision_text:
            paragraphs.append("Ergebnis: " + _plain(item.decision_text))
    paragraphs += [f"Verschiedenes: {topic[1]}", CLOSING]
    return paragraphs


def _file(session: Session, uploader, draft: DocumentDraft, name: str, data: bytes, upload_dir: Path,
          today: date) -> Document:
    return create_document(session, uploader, draft, FileUpload(name, data), upload_dir, DEMO_MAX_BYTES, today)


def seed_demo_documents(session: Session, upload_dir: Path, today: date) -> list[Document]:
    """The demo library, its files stored in `upload_dir`; flushed, not committed. Needs the demo staff account
    (without it nothing is filed); boards, action areas, districts and accounts missing from the database are left
    out of the documents that name them."""
    staff = find_user_by_email(session, STAFF_EMAIL)
    if staff is None:
        return []
    uploaders = {STAFF_EMAIL: staff, CHAIR_EMAIL: find_user_by_email(session, CHAIR_EMAIL) or staff}
    boards = {board.name: board for board in session.exec(select(Board))}
    areas = {area.title: area.id for area in session.exec(select(ActionArea))}
    districts = {district.name: district.id for district in session.exec(select(District))}
    projects = {project.title: project.id for project in session.exec(select(Project))}
    filed = []

    held = session.exec(select(Meeting).where(Meeting.state == MeetingState.HELD.value)
                        .order_by(Meeting.starts_at)).all()
    for number, meeting in enumerate(held):
        topic = MINUTES_TOPICS[number % len(MINUTES_TOPICS)]
        title = f"Niederschrift: {meeting.name}"
        draft = DocumentDraft(
            title=title, description=f"Niederschrift der Sitzung vom {meeting.starts_at:%d.%m.%Y}.",
            category=C.MINUTES, audience=DocumentAudience.PUBLIC, document_date=meeting.starts_at.date(),
            board_id=meeting.board_id, meeting_id=meeting.id, action_area_id=areas.get(ORGANISATION))
        filed.append(_file(session, staff, draft, f"Niederschrift {meeting.starts_at:%Y-%m-%d}.pdf",
                           demo_pdf(title, _minutes_paragraphs(session, meeting, topic)), upload_dir, today))

    for demo in DOCUMENTS:
        board = boards.get(demo.board) if demo.board else None
        if demo.board and board is None and demo.audience == BOARD_ONLY:
            continue
        draft = DocumentDraft(
            title=demo.title, description=demo.description, category=demo.category, audience=demo.audience,
            document_date=today - timedelta(days=demo.days_ago), board_id=board.id if board else None,
            action_area_id=areas.get(demo.action_area), district_id=districts.get(demo.district),
            project_id=projects.get(demo.project))
        # Only the board's chair files its documents; elsewhere the administration does.
        uploader = uploaders[demo.uploader] if board is not None else staff
        stem = _latin1(demo.title).replace('"', "")
        if demo.table:
            name, data = f"{stem}.csv", demo.table.encode("utf-8")
        else:
            first = demo.second_version is not None and demo.title + " (Entwurf)"
            name, data = f"{stem}.pdf", demo_pdf(first or demo.title, demo.paragraphs)
        document = _file(session, uploader, draft, name, data, upload_dir, today)
        if demo.second_version is not None:
            note, paragraphs = demo.second_version
            add_version(session, staff, document, FileUpload(name, demo_pdf(demo.title, paragraphs)), note,
                        upload_dir, DEMO_MAX_BYTES, today)
        filed.append(document)
    session.flush()
    return filed
