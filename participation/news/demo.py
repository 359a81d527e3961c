"""Demo news for Beispielstadt: eight posts of the last four months by the administration's demo account, linked to
the demo measures, meeting, project and ideas they report on; one draft, one scheduled for next week, and a few
residents' comments. The linked objects are found by title; a missing one leaves its link out."""

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlmodel import Session, col, select

from participation.accounts.services import find_user_by_email
from participation.boards.models import Board, Meeting
from participation.comments.models import Stance
from participation.comments.services import post_comment
from participation.ideas.images import store_image
from participation.ideas.models import Idea
from participation.measures.models import Measure
from participation.news import services
from participation.news.models import NewsPost
from participation.volunteering.models import Project

STAFF_EMAIL = "verwaltung@beispielstadt.example"
ADVISORY_BOARD = "Projektbeirat"
IMAGE_MAX_BYTES = 1024 * 1024
MORNING_UTC = 8  # posts appear in the morning, German time


@dataclass(frozen=True)
class DemoPost:
    title: str
    teaser: str
    body: str
    days_ago: int  # negative: scheduled for later; a report on the last board meeting follows the meeting instead
    idea: str | None = None
    measure: str | None = None
    project: str | None = None
    about_last_board_meeting: bool = False
    image: tuple[str, tuple[int, int, int], str] | None = None  # caption, colour, alternative text
    comments_allowed: bool = False
    is_draft: bool = False
    comments: tuple[tuple[str, str, Stance], ...] = ()  # (resident's e-mail, text, stance)


POSTS = [
    DemoPost(
        title="Das Beteiligungsportal ist online",
        teaser="Ab heute können alle Beispielstädter*innen Ideen einbringen, unterstützen und verfolgen, was aus "
               "ihnen wird.",
        body="Liebe Bürgerinnen und Bürger,\n\n"
             "mit dem Beteiligungsportal startet ein zentraler Baustein unseres Stadtentwicklungsprojekts. "
             "Hier können Sie:\n\n"
             "- **Ideen vorschlagen** – für Ihren Ortsteil oder die ganze Stadt\n"
             "- Vorschläge anderer **unterstützen und kommentieren**\n"
             "- nachverfolgen, ob eine Idee in den **Maßnahmenplan** der Verwaltung oder auf die Tagesordnung des "
             "**Projektbeirats** kommt\n\n"
             "Jede Idee wird von der Moderation gesichtet und erhält eine Antwort. Wer kein Internet nutzt, kann "
             "Vorschläge weiterhin im Bürgerbüro abgeben – wir tragen sie ins Portal ein.\n\n"
             "Wir freuen uns auf Ihre Vorschläge!",
        days_ago=118, measure="Beteiligungsportal Beispielstadt",
        image=("Beteiligungsportal", (29, 79, 145),
               "Grafik: der Schriftzug „Beteiligungsportal“ in Weiß auf blauem Grund"),
        comments_allowed=True,
        comments=(("bewohnerin@beispielstadt.example",
                   "Endlich! Ich habe gleich meine Idee für den Mühlenbach eingetragen.", Stance.FOR),)),
    DemoPost(
        title="Ortsteilspaziergang in Seedorf: Das haben wir gehört",
        teaser="Rund 40 Seedorferinnen und Seedorfer haben mit Verwaltung und Ortsvorsteherin ihren Ortsteil "
               "erkundet. Die wichtigsten Ergebnisse.",
        body="Am Samstag ging es vom Dorfgemeinschaftshaus über das Seeufer bis zur Badestelle. An jeder Station "
             "haben die Teilnehmenden gesagt, was gut läuft und was fehlt.\n\n"
             "## Die häufigsten Anliegen\n\n"
             "1. Ein **Spielplatz am Seeufer** – bisher müssen Familien bis in die Altstadt fahren.\n"
             "2. Mehr **Mülleimer an der Badestelle**, vor allem an Sommerwochenenden.\n"
             "3. Eine **barrierefreie Bushaltestelle** am Dorfplatz.\n\n"
             "Alle Hinweise stehen als Ideen im Portal. Die Verwaltung prüft sie und berichtet im Projektbeirat.",
        days_ago=96, idea="Neuer Spielplatz am Seeufer",
        image=("Ortsteilspaziergang Seedorf", (46, 125, 50),
               "Grafik: der Schriftzug „Ortsteilspaziergang Seedorf“ in Weiß auf grünem Grund"),
        comments_allowed=True,
        comments=(("jonas@beispielstadt.example",
                   "Danke für die Zusammenfassung! Beim nächsten Spaziergang bitte auch am Abend – tagsüber "
                   "arbeiten viele.", Stance.NEUTRAL),)),
    DemoPost(
        title="Dorfgemeinschaftshaus Seedorf: Sanierung kommt voran",
        teaser="Das neue Dach ist dicht, die Heizung läuft. Im nächsten Schritt wird der Saal barrierefrei.",
        body="Die Sanierung des Dorfgemeinschaftshauses liegt im Zeitplan:\n\n"
             "- **Dach**: fertig, vor dem ersten Frost\n"
             "- **Heizung**: umgestellt auf eine Wärmepumpe\n"
             "- **Sanitäranlagen**: in Arbeit, mit einer barrierefreien Toilette\n\n"
             "Während der Bauarbeiten tagen die Vereine im Feuerwehrhaus. Den ausführlichen Quartalsbericht "
             "finden Sie bei der Maßnahme.",
        days_ago=71, measure="Dorfgemeinschaftshaus Seedorf sanieren"),
    DemoPost(
        title="Bericht aus dem Projektbeirat",
        teaser="Der Projektbeirat hat die Quartalsberichte beraten und Vorschläge aus dem Portal auf den Weg "
               "gebracht.",
        body="In seiner öffentlichen Sitzung hat der Projektbeirat die Fortschritte der Maßnahmen besprochen. "
             "Die Ampeln stehen überwiegend auf Grün; bei zwei Maßnahmen fehlt noch die Finanzierung.\n\n"
             "Außerdem hat der Beirat mehrere Ideen aus dem Portal beraten. Die Beschlüsse stehen im Protokoll, "
             "das Sie über die Sitzung erreichen. Die nächste Sitzung ist wie immer öffentlich – Gäste sind "
             "willkommen.",
        days_ago=45, about_last_board_meeting=True),
    DemoPost(
        title="Mitmachen: Mühlenbach-Putzaktion sucht Helfende",
        teaser="Gemeinsam mit dem NABU befreien wir den Mühlenbach von Müll. Für die nächsten Termine werden "
               "noch Helferinnen und Helfer gesucht.",
        body="Plastikflaschen, Reifen, sogar ein Einkaufswagen: Bei der letzten Aktion kamen 28 Säcke zusammen. "
             "Handschuhe, Zangen und Säcke stellt der NABU.\n\n"
             "**So machen Sie mit:** Öffnen Sie das Projekt, wählen Sie eine Schicht und tragen Sie sich ein. "
             "Sie erhalten am Vortag eine Erinnerung. Kinder sind in Begleitung willkommen.",
        days_ago=26, project="Mühlenbach-Putzaktion",
        image=("Mühlenbach-Putzaktion", (0, 92, 169),
               "Grafik: der Schriftzug „Mühlenbach-Putzaktion“ in Weiß auf blauem Grund"),
        comments_allowed=True,
        comments=(("karla@beispielstadt.example", "Wir kommen als Familie mit, die Kinder freuen sich schon.",
                   Stance.FOR),)),
    DemoPost(
        title="Aus einer Idee wird ein Projekt: das Repair-Café",
        teaser="Der Vorschlag eines Reparaturcafés hat viele Unterstützer*innen gefunden. Jetzt gibt es es – "
               "einmal im Monat im Bürgerhaus.",
        body="Was mit einer Idee im Portal begann, ist jetzt ein Projekt im Ortsteil: Ehrenamtliche reparieren "
             "gemeinsam mit den Besitzer*innen Toaster, Fahrräder und Kleidung.\n\n"
             "Gesucht werden noch Menschen, die beim Empfang helfen oder sich mit Elektrik auskennen.",
        days_ago=9, idea="Reparaturcafé einmal im Monat", project="Repair-Café in der Altstadt",
        comments_allowed=True),
    DemoPost(
        title="Ein Jahr Stadtentwicklungsprojekt – Rückblick",
        teaser="Entwurf: Was haben wir erreicht, was nehmen wir uns vor?",
        body="*Entwurf – Zahlen und Fotos folgen nach der Beiratssitzung.*\n\n"
             "- Ideen im Portal\n- umgesetzte Maßnahmen\n- Stunden ehrenamtlicher Arbeit",
        days_ago=2, is_draft=True),
    DemoPost(
        title="Sprechstunde der Verwaltung jetzt auch in den Ortsteilen",
        teaser="Ab nächstem Monat ist die Verwaltung einmal im Quartal in jedem Ortsteil vor Ort.",
        body="Viele von Ihnen haben es sich im Portal gewünscht: Die Bürgersprechstunde kommt in die Ortsteile. "
             "Die Termine stehen im Kalender des Portals. Eine Anmeldung ist nicht nötig.",
        days_ago=-7, idea="Sprechstunde der Verwaltung in den Ortsteilen", comments_allowed=True),
]


def demo_image(caption: str, colour: tuple[int, int, int]) -> bytes:
    """A wide PNG with the caption in white on a coloured ground, standing in for a photo."""
    image = Image.new("RGB", (960, 540), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 920, 500), outline=(255, 255, 255), width=6)
    draw.text((480, 270), caption, fill=(255, 255, 255), font=ImageFont.load_default(size=56), anchor="mm")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _id_by_title(session: Session, model, title: str | None) -> int | None:
    if title is None:
        return None
    return session.exec(select(model.id).where(model.title == title).order_by(model.id)).first()


def _last_board_meeting(session: Session, now: datetime) -> Meeting | None:
    """The Projektbeirat's latest public meeting with published minutes."""
    return session.exec(select(Meeting).join(Board, Board.id == Meeting.board_id)
                        .where(Board.name == ADVISORY_BOARD, Meeting.is_public, Meeting.starts_at < now,
                               col(Meeting.minutes_published_at).is_not(None))
                        .order_by(col(Meeting.starts_at).desc())).first()


def seed_demo_news(session: Session, upload_dir: Path, now: datetime) -> list[NewsPost]:
    """Create the demo posts as the demo staff account (so the audit log shows them); flushed, not committed."""
    author = find_user_by_email(session, STAFF_EMAIL)
    meeting = _last_board_meeting(session, now)
    posts = []
    for demo in POSTS:
        day = meeting.starts_at + timedelta(days=2) if demo.about_last_board_meeting and meeting else \
            now - timedelta(days=demo.days_ago)
        published_at = day.replace(hour=MORNING_UTC, minute=0, second=0, microsecond=0)
        if demo.days_ago >= 0:  # a post of the past stays there, even while its morning is still to come
            published_at = min(published_at, now)
        image = store_image(demo_image(*demo.image[:2]), upload_dir, IMAGE_MAX_BYTES) if demo.image else None
        draft = services.NewsDraft(
            title=demo.title, teaser=demo.teaser, body=demo.body, image_alt=demo.image[2] if demo.image else "",
            idea_id=_id_by_title(session, Idea, demo.idea), measure_id=_id_by_title(session, Measure, demo.measure),
            meeting_id=meeting.id if demo.about_last_board_meeting and meeting else None,
            project_id=_id_by_title(session, Project, demo.project), is_draft=demo.is_draft,
            published_at=published_at, comments_allowed=demo.comments_allowed)
        post = services.save_post(session, author, None, draft, image=image).post
        post.created_at = post.updated_at = min(published_at, now)  # written when it appeared, not today
        subject = services.comment_subject(post, now)
        for hours_later, (email, text, stance) in enumerate(demo.comments, start=5):
            resident = find_user_by_email(session, email)
            if resident is not None:
                comment = post_comment(session, resident, subject, text, stance)
                comment.created_at = min(published_at + timedelta(hours=hours_later), now)
        posts.append(post)
    session.flush()
    return posts
