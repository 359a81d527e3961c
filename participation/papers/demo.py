"""Four demo papers of Beispielstadt's administration: three submitted, one draft. Called by participation.demo."""

from pathlib import Path

from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.db import utcnow
from participation.measures.models import Measure, MeasureStatus
from participation.municipality.models import ActionArea
from participation.papers.models import Paper, PaperType
from participation.papers.services import FileUpload, PaperDraft, attach_file, create_paper, submit_paper

# (title, type, text, contribution, action areas by title, submit?, link measures?)
PAPERS = [
    (
        "Geschäftsordnung des Projektbeirats",
        PaperType.DECISION,
        "## Sachverhalt\n\nDer Projektbeirat begleitet die Umsetzung des Stadtentwicklungskonzepts. Er trifft sich "
        "in der Regel viermal im Jahr. Bisher fehlt eine Geschäftsordnung, die Einladung, Beschlussfähigkeit und "
        "Protokoll regelt.\n\n## Beschlussvorschlag\n\nDer Projektbeirat beschließt die anliegende "
        "Geschäftsordnung. Sie tritt am Tag nach der Beschlussfassung in Kraft.",
        "Die Geschäftsordnung macht die Arbeit des Projektbeirats verbindlich und nachvollziehbar: Sie legt fest, "
        "wie Ortsteilvertretungen und Bürger*innen Themen auf die Tagesordnung bringen und wie Beschlüsse "
        "veröffentlicht werden.",
        ["Organisation", "Kooperation Stadt-Bürgerschaft stärken"],
        True,
        False,
    ),
    (
        "Fortschrittsbericht Q3 2026",
        PaperType.REPORT,
        "Die Verwaltung berichtet über den Stand der Maßnahmen im dritten Quartal 2026.\n\n"
        "- Die meisten Maßnahmen liegen im Plan.\n"
        "- Zwei Maßnahmen sind wegen fehlender Fördermittel verzögert.\n"
        "- Für die Quartalsbesprechung liegen alle Quartalsberichte vor.",
        "Der Bericht zeigt dem Projektbeirat und allen Bürger*innen quartalsweise, wie weit die Umsetzung des "
        "Stadtentwicklungsprojekts ist, und macht Verzögerungen früh sichtbar.",
        ["Zusammenarbeit Verwaltung-Politik organisieren", "Verbindlichkeit"],
        True,
        True,
    ),
    (
        "Einrichtung eines Themenbeirats Ehrenamt",
        PaperType.DECISION,
        "## Sachverhalt\n\nViele Maßnahmen im Aktionsbereich Kooperation leben vom Ehrenamt. Vereine, der "
        "Trägerverbund und Ehrenamtliche wünschen sich ein Gremium für ihre Anliegen.\n\n## Beschlussvorschlag\n\n"
        "Der Projektbeirat empfiehlt die Einrichtung eines Themenbeirats Ehrenamt mit bis zu neun Mitgliedern.",
        "Ein Themenbeirat bindet Vereine, Partnerorganisationen und Ehrenamtliche dauerhaft in die Steuerung des "
        "Stadtentwicklungsprojekts ein und stärkt die Zusammenarbeit mit Dritten.",
        ["Zusammenarbeit mit Dritten ausbauen", "Kooperation Stadt-Bürgerschaft stärken"],
        True,
        False,
    ),
    (
        "Informationsangebot in den Ortsteilen",
        PaperType.INFORMATION,
        "Entwurf: Die Verwaltung stellt vor, wie Aushänge, Gemeindeblatt und Beteiligungsportal zusammenspielen "
        "sollen, damit alle Ortsteile gleich gut informiert sind.",
        "Alle Bürger*innen sollen zeitnah und auf ihrem gewohnten Weg erfahren, was im Stadtentwicklungsprojekt "
        "geschieht – digital wie analog.",
        ["Transparente Informationskultur fördern"],
        False,
        True,
    ),
]


# Paper title -> (file name, lines of its one-page PDF annex)
ANNEXES = {
    "Geschäftsordnung des Projektbeirats": (
        "Anlage 1 Geschäftsordnung Projektbeirat.pdf",
        ["Geschäftsordnung des Projektbeirats (Entwurf)", "§ 1 Aufgaben", "§ 2 Mitglieder und Stellvertretung",
         "§ 3 Einladung und Tagesordnung", "§ 4 Beschlussfähigkeit", "§ 5 Protokoll und Veröffentlichung"]),
    "Fortschrittsbericht Q3 2026": (
        "Übersicht Maßnahmen Q3 2026.pdf",
        ["Übersicht der Maßnahmen, drittes Quartal 2026", "Im Plan: 18", "Gefährdet: 4", "Kritisch: 2"]),
}


def demo_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines` (Latin-1 text, so umlauts work in the standard Helvetica font)."""

    def text(line: str) -> str:
        escaped = line.encode("cp1252").decode("latin-1").replace("\\", "\\\\")
        return "(" + escaped.replace("(", "\\(").replace(")", "\\)") + ")"

    content = "BT /F1 14 Tf 72 770 Td 20 TL " + " ".join(f"{text(line)} '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
    pdf += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("latin-1")
    pdf += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("latin-1")
    return pdf


def seed_demo_papers(session: Session, staff_user: User, upload_dir: Path) -> list[Paper]:
    """The demo papers, created and (three of them) submitted by `staff_user`, two with a PDF annex filed in the
    document library under `upload_dir`; flushed, not committed.

    Action areas are found by title (missing ones are skipped); some papers link up to three existing
    measures, if there are any.
    """
    areas = {area.title: area.id for area in session.exec(select(ActionArea))}
    measures = list(session.exec(select(Measure.id).where(Measure.status != MeasureStatus.DISCARDED.value)
                                 .order_by(col(Measure.id)).limit(3)))
    papers = []
    for title, paper_type, text, contribution, area_titles, submit, link_measures in PAPERS:
        draft = PaperDraft(title=title, paper_type=paper_type, text=text, contribution=contribution,
                           action_area_ids=tuple(areas[name] for name in area_titles if name in areas),
                           measure_ids=tuple(measures) if link_measures else ())
        paper = create_paper(session, staff_user, draft)
        if title in ANNEXES:
            name, lines = ANNEXES[title]
            attach_file(session, staff_user, paper, FileUpload(name=name, data=demo_pdf(lines)), upload_dir,
                        max_bytes=1024 ** 2, max_files=len(ANNEXES), today=utcnow().date())
        if submit and draft.action_area_ids:
            submit_paper(session, staff_user, paper)
        papers.append(paper)
    return papers
