"""Demo boards of Beispielstadt: the Projektbeirat with its members and two years of quarterly meetings, and two
thematic boards below it. The past meetings have agendas, minutes, decisions and attendance, the next quarterly
meeting a draft agenda. Built through the services, so the demo obeys the same rules (and leaves the same audit
trail) as real data. Called by participation.demo, after the demo ideas, measures and papers."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.boards.models import AgendaItem, AgendaSource, Board, BoardKind, DecisionKind, Meeting, MemberRole
from participation.boards.queries import members
from participation.boards.services import (
    MEETING_LENGTH,
    AgendaItemDraft,
    BoardDraft,
    MeetingDraft,
    MembershipDraft,
    add_agenda_item,
    add_membership,
    add_review_summary,
    cancel_meeting,
    create_board,
    create_meeting,
    publish_minutes,
    quarterly_dates,
    record_attendance,
    record_minutes,
)
from participation.ideas.models import Idea, IdeaStatus
from participation.measures.models import Measure, MeasureStatus
from participation.measures.quarters import Quarter
from participation.municipality.models import ActionArea, District
from participation.papers.models import Paper, PaperStatus

STAFF_EMAIL = "verwaltung@beispielstadt.example"  # Vera Verwaltung: keeps the minutes
BOARD_MEMBER_EMAIL = "beirat@beispielstadt.example"  # Bernd Beirat: the demo account of a board member
PARTNER_EMAIL = "partner@beispielstadt.example"  # Paula Partner: coordinator of a partner organisation

ADVISORY_BOARD = "Projektbeirat"
ADVISORY_PURPOSE = (
    "Der Projektbeirat begleitet die Umsetzung des Stadtentwicklungskonzepts „Gemeinsam für Beispielstadt“. "
    "Er besteht vor allem aus den Menschen und Organisationen, die sich bisher für das Projekt engagiert haben, "
    "und trifft sich in der Regel **viermal im Jahr**.\n\n"
    "Er berät die Quartalsberichte der Verwaltung, empfiehlt Prioritäten und kann für einzelne Aktionsbereiche "
    "eigene Themenbeiräte bilden."
)
TOWN_HALL = "Rathaus Beispielstadt, Ratssaal"
MEETING_START = time(18, 0)

A, M, G, CH, DC = (MemberRole.ADMINISTRATION, MemberRole.MEMBER, MemberRole.GUEST, MemberRole.CHAIR,
                   MemberRole.DEPUTY_CHAIR)  # short, for the tables
# Seats on the Projektbeirat. Accounts by e-mail; everyone else is a person known by name, organisation and a
# private contact. (role, account e-mail, name, organisation, contact, external?, vote?, district, listed?)
ADVISORY_MEMBERS = [
    (CH, "", "Helga Sommerfeld", "Lehrerin im Ruhestand, Heimatverein Beispielstadt e. V.",
     "helga.sommerfeld@post.example", True, True, None, True),
    (DC, "", "Katrin Lüders", "Trägerverbund Soziales Beispielstadt", "k.lueders@traegerverbund.example", True,
     True, None, True),
    (A, STAFF_EMAIL, "", "Stabsstelle Stadtentwicklung", "", False, False, None, True),
    (M, BOARD_MEMBER_EMAIL, "", "", "", True, True, "Seedorf", True),
    (M, "", "Marion Kruse", "Bürgerverein Altstadt e. V.", "kruse@buergerverein-altstadt.example", True, True,
     "Altstadt", True),
    (M, "", "Heinrich Wendt", "Dorfverein Mühlenberg", "0151 000 1234 (abends)", True, True, "Mühlenberg", True),
    (M, "", "Sabine Reuter", "Storchenhof Wiesenthal", "s.reuter@storchenhof.example", True, True, "Wiesenthal",
     False),
    (M, "", "Dr. Lena Vogt", "Naturschutzbund Beispielstadt e. V.", "vogt@nabu-beispielstadt.example", True, True,
     None, True),
    (M, "", "Mia Petersen", "Jugendrat Beispielstadt", "jugendrat@beispielstadt.example", True, True, None, False),
    (M, "", "Thomas Brandt", "Werbegemeinschaft Beispielstadt e. V.", "brandt@werbegemeinschaft.example", True,
     True, None, True),
    (M, "", "Petra Hoffmann", "Stadtrat, Ausschuss für Stadtentwicklung", "p.hoffmann@stadtrat.example", False,
     True, None, True),
    (G, "", "Prof. Dr. Ulrich Kamp", "Planungsbüro Stadt & Land", "kamp@stadt-und-land.example", True, False, None,
     True),
]
# A member who left: he stepped down as Ortsvorsteher of Birkenhain, his seat ended half-way through.
FORMER_MEMBER = (M, "", "Walter Schmidt", "Ortsvorsteher Birkenhain a. D.", "w.schmidt@post.example", True, True,
                 "Birkenhain", True)

# (name, short name, purpose, action areas by title, members as in ADVISORY_MEMBERS)
THEMATIC_BOARDS = [
    (
        "Themenbeirat Ehrenamt und Kooperation",
        "TB Ehrenamt",
        "Der Themenbeirat bereitet für den Projektbeirat alles vor, was vom Ehrenamt lebt: die Ehrenamtsbörse, "
        "die Zusammenarbeit mit Vereinen, dem Trägerverbund und dem Naturschutzbund. Er tagt nach Bedarf.",
        ["Kooperation Stadt-Bürgerschaft stärken", "Zusammenarbeit mit Dritten ausbauen"],
        [
            (CH, "", "Katrin Lüders", "Trägerverbund Soziales Beispielstadt", "k.lueders@traegerverbund.example",
             True, True, None, True),
            (M, "", "Dr. Lena Vogt", "Naturschutzbund Beispielstadt e. V.", "vogt@nabu-beispielstadt.example",
             True, True, None, True),
            (M, PARTNER_EMAIL, "", "Freiwilligenagentur Beispielstadt", "", True, True, None, True),
            (M, "", "Heinrich Wendt", "Dorfverein Mühlenberg", "0151 000 1234 (abends)", True, True, "Mühlenberg",
             True),
            (A, STAFF_EMAIL, "", "Stabsstelle Stadtentwicklung", "", False, False, None, True),
        ],
    ),
    (
        "Themenbeirat Information und Beteiligung",
        "TB Information",
        "Der Themenbeirat kümmert sich darum, dass alle Bürger*innen zeitnah erfahren, was im "
        "Stadtentwicklungsprojekt geschieht – über das Beteiligungsportal ebenso wie über Aushänge und das "
        "Gemeindeblatt.",
        ["Transparente Informationskultur fördern"],
        [
            (CH, BOARD_MEMBER_EMAIL, "", "", "", True, True, "Seedorf", True),
            (M, "", "Mia Petersen", "Jugendrat Beispielstadt", "jugendrat@beispielstadt.example", True, True, None,
             False),
            (M, "", "Frank Weber", "Redaktion Beispielstädter Gemeindeblatt", "redaktion@gemeindeblatt.example",
             True, True, None, True),
            (A, STAFF_EMAIL, "", "Stabsstelle Stadtentwicklung", "", False, False, None, True),
        ],
    ),
]

CANCEL_REASON = ("Der Haushaltsentwurf liegt noch nicht vor. Die Beratung wird in der nächsten Quartalssitzung "
                 "nachgeholt.")

# --- agendas and minutes -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DemoItem:
    """An agenda item with its minutes. For a FREE item `title` is its title; for an IDEA, MEASURE or PAPER item it
    is the title of the idea, measure or paper the item is about (the item is left out if there is none);
    a REVIEW_SUMMARY item covers the quarterly reviews of the quarter before the meeting."""

    source: AgendaSource
    title: str = ""
    minutes: str = ""
    decision: DecisionKind | None = None
    decision_text: str = ""
    text: str = ""
    is_public: bool = True


@dataclass(frozen=True)
class DemoMeeting:
    items: tuple[DemoItem, ...]
    absent: tuple[str, ...] = ()  # seats (by name) that were not there


FREE, IDEA, MEASURE, PAPER, REVIEWS = (AgendaSource.FREE, AgendaSource.IDEA, AgendaSource.MEASURE, AgendaSource.PAPER,
                                       AgendaSource.REVIEW_SUMMARY)  # short, for the tables
RECOMMENDATION, DECISION, NOTED, POSTPONED = (DecisionKind.RECOMMENDATION, DecisionKind.DECISION, DecisionKind.NOTED,
                                              DecisionKind.POSTPONED)
DEMO_LOCALE = "de"
WELCOME = "Begrüßung und Feststellung der Tagesordnung"
WELCOME_MINUTES = ("Die Vorsitzende Helga Sommerfeld begrüßt die Anwesenden und stellt die ordnungsgemäße Einladung "
                   "und die Beschlussfähigkeit fest. Die Tagesordnung wird ohne Änderungen festgestellt.")


def _welcome(minutes: str = WELCOME_MINUTES) -> DemoItem:
    return DemoItem(FREE, WELCOME, minutes)


# Ideas the demo's boards discuss are looked up by title among these (published, in review, or already on a board's
# agenda), measures among the public ones, papers among the submitted ones.
USABLE_IDEA_STATUSES = (IdeaStatus.PUBLISHED.value, IdeaStatus.IN_REVIEW.value, IdeaStatus.ON_AGENDA.value)

# The eight past quarterly meetings of the Projektbeirat, oldest first. Papers are created "now" by their demo, so
# only the last, most recent meeting discusses one.
PAST_QUARTERLY_MEETINGS = [
    DemoMeeting(absent=("Prof. Dr. Ulrich Kamp",), items=(
        _welcome(),
        DemoItem(REVIEWS, minutes=(
            "Die Stabsstelle Stadtentwicklung stellt die Quartalsberichte vor. Die meisten Maßnahmen liegen im "
            "Plan; bei den Bauvorhaben gibt es Verzögerungen durch Lieferengpässe.\n\n"
            "- Nachfrage zum Dorfgemeinschaftshaus Seedorf: Die Heizung wird vor dem Winter erneuert.\n"
            "- Die Berichte sollen künftig eine Woche vor der Sitzung vorliegen."), decision=NOTED),
        DemoItem(IDEA, "Bürgersprechstunde auch am Abend", (
            "Frau Kruse stellt die Idee aus der Bürgerschaft vor. Die Verwaltung hält einen Abendtermin im Monat "
            "für machbar, wenn er im Wechsel mit den Sprechstunden in den Ortsteilen stattfindet."), RECOMMENDATION,
            "Der Projektbeirat empfiehlt, die Bürgersprechstunde der Verwaltung einmal im Monat bis 19 Uhr "
            "anzubieten."),
        DemoItem(MEASURE, "Sicherer Schulweg in der Neustadt", (
            "Die Verwaltung berichtet von der Schulwegbegehung mit Eltern und Kindern. Frau Petersen regt an, den "
            "Jugendrat an der Auswertung zu beteiligen."), RECOMMENDATION,
            "Der Projektbeirat empfiehlt, den Schulwegplan vor der Veröffentlichung mit dem Jugendrat abzustimmen."),
    )),
    DemoMeeting(absent=("Thomas Brandt", "Mia Petersen"), items=(
        _welcome(),
        DemoItem(REVIEWS, minutes=(
            "Die Verwaltung erläutert die Quartalsberichte. Zwei Maßnahmen stehen auf Gelb, weil "
            "Förderbescheide noch ausstehen. Der Beirat wünscht sich, in den Berichten auch die nächsten Schritte "
            "zu lesen."), decision=DECISION, decision_text=(
            "Der Projektbeirat bittet die Verwaltung, in jedem Quartalsbericht die nächsten Schritte und den "
            "Zeitplan anzugeben.")),
        DemoItem(IDEA, "Protokolle des Projektbeirats online", (
            "Die Idee wird von vielen Bürger*innen unterstützt. Der Beirat ist sich einig, dass die Protokolle "
            "zeitnah und vollständig im Beteiligungsportal erscheinen sollen; nichtöffentliche Punkte bleiben "
            "ausgenommen."), DECISION,
            "Der Projektbeirat beschließt, seine Protokolle künftig spätestens zwei Wochen nach jeder Sitzung im "
            "Beteiligungsportal zu veröffentlichen."),
        DemoItem(IDEA, "Digitale Mängelmeldung für Straßenschäden", (
            "Die Verwaltung prüft, ob die Mängelmeldung an das Beteiligungsportal angebunden werden kann. Ein "
            "Ergebnis wird für die übernächste Sitzung erwartet."), NOTED,
            "Der Projektbeirat nimmt den Zwischenstand zur Kenntnis."),
    )),
    DemoMeeting(absent=("Sabine Reuter",), items=(
        _welcome(),
        DemoItem(REVIEWS, minutes=(
            "Die Quartalsberichte liegen vollständig vor. Frau Dr. Vogt fragt nach dem Stand der "
            "Koordinationsplattform mit dem Umweltverband; die Verwaltung sagt einen Bericht zu."), decision=NOTED),
        DemoItem(MEASURE, "Marktplatz Altstadt barrierefrei umgestalten", (
            "Prof. Dr. Kamp stellt drei Varianten für die Umgestaltung vor. Der Beirat bevorzugt **Variante B** mit "
            "durchgehend ebener Pflasterung und Sitzplätzen im Schatten der Linden. Frau Kruse erinnert an die "
            "Wünsche aus der Bürgerschaft nach einem Trinkbrunnen und einer öffentlichen Toilette."),
            RECOMMENDATION,
            "Der Projektbeirat empfiehlt Variante B und bittet, Trinkbrunnen und öffentliche Toilette in den ersten "
            "Bauabschnitt aufzunehmen.",
            text="Vorstellung des Planungsstands durch das Planungsbüro Stadt & Land."),
        DemoItem(IDEA, "Sitzbänke entlang des Mühlenbachs", (
            "Herr Wendt unterstützt die Idee ausdrücklich. Da die Renaturierung des Mühlenbachs geplant wird, sollen "
            "die Bänke mit dieser Planung abgestimmt werden."), POSTPONED,
            "Der Punkt wird vertagt, bis der Entwurf zur Renaturierung des Mühlenbachs vorliegt."),
    )),
    DemoMeeting(absent=("Petra Hoffmann",), items=(
        _welcome(
            "Die Vorsitzende Helga Sommerfeld begrüßt die Anwesenden und verabschiedet Walter Schmidt, der sein Amt "
            "als Ortsvorsteher von Birkenhain niedergelegt hat und mit dieser Sitzung aus dem Projektbeirat "
            "ausscheidet. Der Beirat dankt ihm für sein Engagement. Die Tagesordnung wird festgestellt."),
        DemoItem(REVIEWS, minutes=(
            "Die Planung für den Dorfladen Birkenhain ruht, bis ein neuer Träger gefunden ist. Die übrigen "
            "Maßnahmen laufen weitgehend nach Plan."), decision=NOTED),
        DemoItem(IDEA, "Mitfahrbank für Wiesenthal", (
            "Frau Reuter berichtet von guten Erfahrungen mit Mitfahrbänken in den Nachbargemeinden. Der Beirat hält "
            "die Idee für schnell und günstig umsetzbar."), RECOMMENDATION,
            "Der Projektbeirat empfiehlt, an den Bushaltestellen in Wiesenthal und Birkenhain je eine Mitfahrbank "
            "aufzustellen."),
        DemoItem(FREE, "Personalangelegenheiten der Geschäftsstelle", (
            "Die Stabsstelle Stadtentwicklung informiert über die Nachbesetzung der Geschäftsstelle des "
            "Projektbeirats."), NOTED, is_public=False),
    )),
    DemoMeeting(absent=("Prof. Dr. Ulrich Kamp", "Heinrich Wendt"), items=(
        _welcome(),
        DemoItem(REVIEWS, minutes=(
            "Die Verwaltung stellt die Quartalsberichte vor und erläutert auf Nachfrage die Verzögerungen beim "
            "Dorfgemeinschaftshaus Seedorf: Die Angebote für die Heizung lagen deutlich über der Schätzung."),
            decision=NOTED),
        DemoItem(FREE, "Bildung von Themenbeiräten", (
            "Frau Sommerfeld schlägt vor, die Beratungen zu Ehrenamt und Information in zwei Themenbeiräten "
            "vorzubereiten. Frau Lüders und Herr Beirat sind bereit, den Vorsitz zu übernehmen."), DECISION,
            "Der Projektbeirat beschließt, die Themenbeiräte „Ehrenamt und Kooperation“ und „Information und "
            "Beteiligung“ einzurichten.",
            text="Vorschlag der Vorsitzenden, Beratungen des Projektbeirats in Themenbeiräten vorzubereiten."),
        DemoItem(MEASURE, "Dorfladen Birkenhain sichern", (
            "Die Verwaltung berichtet von Gesprächen mit einer Genossenschaft in Gründung. Ein Träger steht noch "
            "nicht fest."), NOTED,
            "Der Projektbeirat bittet um einen neuen Bericht, sobald ein Träger gefunden ist."),
        DemoItem(IDEA, "Barrierefreie Bushaltestellen", (
            "Die Verwaltung prüft den Umbau der Haltestellen. Der Beirat unterstreicht die Dringlichkeit für ältere "
            "Menschen und Familien mit Kinderwagen."), RECOMMENDATION,
            "Der Projektbeirat empfiehlt, zuerst die Haltestellen am Rathaus, am Ärztehaus und an der Grundschule "
            "barrierefrei umzubauen."),
    )),
    DemoMeeting(absent=("Mia Petersen",), items=(
        _welcome(),
        DemoItem(REVIEWS, minutes=(
            "Die Quartalsberichte werden ohne größere Nachfragen zur Kenntnis genommen. Die Verwaltung kündigt für "
            "die nächste Sitzung einen Bericht zur Ehrenamtsbörse an."), decision=NOTED),
        DemoItem(MEASURE, "Mühlenbach renaturieren", (
            "Das Bauamt stellt den Entwurf vor: Der Bach erhält wieder Mäander, am Ufer entsteht ein Weg mit "
            "Rastplätzen. Frau Dr. Vogt begrüßt den Entwurf und bietet die Mitarbeit des Naturschutzbunds an."),
            RECOMMENDATION,
            "Der Projektbeirat empfiehlt, den Entwurf mit dem Naturschutzbund und den Anliegern in Mühlenberg "
            "abzustimmen."),
        DemoItem(IDEA, "Sitzbänke entlang des Mühlenbachs", (
            "Wiederaufnahme des vertagten Punkts. Der Entwurf zur Renaturierung sieht einen Uferweg vor; Bänke "
            "lassen sich dort ohne großen Mehraufwand einplanen."), RECOMMENDATION,
            "Der Projektbeirat empfiehlt, die Bänke am Mühlenbach in die Maßnahmenplanung zu übernehmen."),
    )),
    DemoMeeting(absent=("Thomas Brandt",), items=(
        _welcome(),
        DemoItem(REVIEWS, minutes=(
            "Die Verwaltung stellt die Quartalsberichte vor. Herr Brandt lässt schriftlich nachfragen, wann die "
            "Bauarbeiten am Marktplatz beginnen; die Verwaltung antwortet im Protokoll: nach Eingang des "
            "Förderbescheids."), decision=NOTED),
        DemoItem(MEASURE, "Ehrenamtsbörse in allen Ortsteilen", (
            "Die Verwaltung berichtet: Die Börse ist in vier von sechs Ortsteilen angelaufen. In Birkenhain und "
            "Wiesenthal fehlen noch Ansprechpersonen. Der Themenbeirat Ehrenamt und Kooperation wird sich damit "
            "befassen."), NOTED),
        DemoItem(IDEA, "Ortsteilvertretungen stärken", (
            "Der Beirat begrüßt das Anliegen. Da die Verwaltung den Entwurf einer Geschäftsordnung vorbereitet, soll "
            "die Frage dort geregelt werden."), POSTPONED,
            "Der Punkt wird vertagt und mit der Geschäftsordnung des Projektbeirats beraten."),
        DemoItem(FREE, "Vergabe der Moderation für die Bürgerwerkstatt", (
            "Es liegen drei Angebote vor. Die Verwaltung erläutert die Bewertung."), DECISION,
            "Der Projektbeirat stimmt der Vergabe an das wirtschaftlichste Angebot zu.", is_public=False),
    )),
    DemoMeeting(absent=("Dr. Lena Vogt",), items=(
        _welcome(),
        DemoItem(REVIEWS, minutes=(
            "Die Verwaltung stellt die Quartalsberichte vor. Frau Lüders lobt, dass die Berichte nun die nächsten "
            "Schritte nennen."), decision=NOTED),
        DemoItem(PAPER, "Geschäftsordnung des Projektbeirats", (
            "Die Verwaltung erläutert den Entwurf. Auf Anregung von Herrn Wendt wird in § 2 ergänzt, dass jeder "
            "Ortsteil eine feste Vertretung im Projektbeirat hat (vgl. die Idee „Ortsteilvertretungen stärken“)."),
            DECISION,
            "Der Projektbeirat beschließt die Geschäftsordnung mit der Ergänzung in § 2. Sie tritt am Tag nach der "
            "Beschlussfassung in Kraft."),
        DemoItem(IDEA, "Reparaturcafé einmal im Monat", (
            "Frau Lüders berichtet, dass Ehrenamtliche aus dem Trägerverbund mitmachen wollen. Es fehlt ein Raum "
            "mit Werkbank und Stromanschlüssen."), RECOMMENDATION,
            "Der Projektbeirat empfiehlt, das Reparaturcafé monatlich im Dorfgemeinschaftshaus Seedorf anzubieten "
            "und über die Ehrenamtsbörse Helfer*innen zu suchen."),
    )),
]
# The next quarterly meeting: a draft agenda, not yet sent out.
NEXT_QUARTERLY_AGENDA = (
    DemoItem(FREE, WELCOME),
    DemoItem(REVIEWS),
    DemoItem(IDEA, "Seniorentreff in Mühlenberg",
             text="Herr Wendt bittet, die Idee aus der Bürgerschaft im Projektbeirat zu beraten."),
)
# The first thematic board's past meeting.
THEMATIC_MEETING = DemoMeeting(absent=("Heinrich Wendt",), items=(
    _welcome("Die Vorsitzende Katrin Lüders begrüßt die Mitglieder. Die Tagesordnung wird festgestellt."),
    DemoItem(MEASURE, "Ehrenamtsbörse in allen Ortsteilen", (
        "Die Freiwilligenagentur stellt den Stand der Börse vor. In Birkenhain und Wiesenthal melden sich bisher "
        "kaum Freiwillige, weil niemand vor Ort die Börse bekannt macht."), RECOMMENDATION,
        "Der Themenbeirat empfiehlt dem Projektbeirat, in jedem Ortsteil eine Ansprechperson für die "
        "Ehrenamtsbörse zu benennen."),
    DemoItem(FREE, "Arbeitsweise des Themenbeirats", (
        "Die Mitglieder verständigen sich darauf, sich vor den Quartalssitzungen des Projektbeirats zu treffen."),
        DECISION, "Der Themenbeirat tagt nach Bedarf, mindestens einmal vor jeder Quartalssitzung des "
        "Projektbeirats."),
))


def _next_weekday(day: date, weekday: int) -> date:
    """`day` itself if it falls on `weekday` (0 = Monday), else the next such day."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _at(day: date, start: time, zone: ZoneInfo, length: timedelta = MEETING_LENGTH) -> tuple[datetime, datetime]:
    starts_at = datetime.combine(day, start, tzinfo=zone)
    return starts_at, starts_at + length


def _add_members(session: Session, admin: User, board: Board, seats: list[tuple], districts: dict[str, int],
                 start: date, end: date | None = None) -> None:
    for role, account, name, organisation, contact, external, vote, district, listed in seats:
        add_membership(session, admin, board, MembershipDraft(
            role=role, account_email=account, person_name=name, organisation=organisation, contact=contact,
            is_secretary=account == STAFF_EMAIL, is_external=external, has_vote=vote,
            district_id=districts.get(district) if district else None, start_date=start, end_date=end,
            listed_publicly=listed))


def _quarterly_days(today: date) -> tuple[list[tuple[int, int, date]], list[tuple[int, int, date]]]:
    """The eight quarterly meeting days before `today` and the four from `today` on, as (quarter, year, day)."""
    days = [(quarter, year, day) for year in range(today.year - 3, today.year + 3)
            for quarter, day in enumerate(quarterly_dates(year), start=1)]
    return [entry for entry in days if entry[2] < today][-8:], [entry for entry in days if entry[2] >= today][:4]


def _source_ids(session: Session, item: DemoItem) -> dict[str, int] | None:
    """The idea, measure or paper the item is about, as AgendaItemDraft arguments; {} for items about none, None
    if it is missing (or not usable) in this database."""
    if item.source == IDEA:
        found = session.exec(select(Idea.id).where(Idea.title == item.title, col(Idea.is_hidden).is_(False),
                                                   col(Idea.status).in_(USABLE_IDEA_STATUSES))).first()
        return {"idea_id": found} if found else None
    if item.source == MEASURE:
        found = session.exec(select(Measure.id).where(Measure.title == item.title,
                                                      Measure.status != MeasureStatus.DRAFT.value)).first()
        return {"measure_id": found} if found else None
    if item.source == PAPER:
        found = session.exec(select(Paper.id).where(Paper.title == item.title,
                                                    Paper.status == PaperStatus.SUBMITTED.value)).first()
        return {"paper_id": found} if found else None
    return {}


def _add_agenda(session: Session, admin: User, board: Board, meeting: Meeting, items: tuple[DemoItem, ...],
                review_period: str = "") -> list[tuple[AgendaItem, DemoItem]]:
    """The meeting's agenda, in order; items whose idea, measure or paper is missing are left out."""
    added = []
    for item in items:
        if item.source == REVIEWS:
            # The service titles the item in the writer's language; the demo's data is German, whatever the
            # language of the request (the seed command has none).
            with force_locale(DEMO_LOCALE):
                agenda_item = add_review_summary(session, admin, None, board, meeting, review_period)
        else:
            source_ids = _source_ids(session, item)
            if source_ids is None:
                continue
            # Items about an idea, measure or paper take its title.
            title = item.title if item.source == FREE else ""
            agenda_item = add_agenda_item(session, admin, None, board, meeting, AgendaItemDraft(
                source=item.source, title=title, text=item.text, is_public=item.is_public, **source_ids))
        added.append((agenda_item, item))
    return added


def _hold(session: Session, admin: User, board: Board, meeting: Meeting, agenda: list[tuple[AgendaItem, DemoItem]],
          day: date, absent: tuple[str, ...]) -> None:
    """Minutes and attendance of a past meeting, published at its end: the meeting counts as held, and its
    decisions flow back to the ideas and measures behind its items."""
    written = meeting.ends_at or meeting.starts_at + MEETING_LENGTH
    for agenda_item, item in agenda:
        record_minutes(session, admin, None, board, meeting, agenda_item, item.minutes, item.decision,
                       item.decision_text, now=written)
    present = [member.membership.id for member in members(session, board.id, day) if member.name not in absent]
    record_attendance(session, admin, None, board, meeting, present, now=written)
    publish_minutes(session, admin, None, board, meeting, now=written)


def _review_period(day: date) -> str:
    """A quarterly meeting reviews the quarter before its own."""
    return Quarter.of(day).previous().label


def seed_demo_boards(session: Session, admin_user: User, today: date, timezone_name: str) -> None:
    """The Projektbeirat, its two thematic boards, their members and meetings, created by `admin_user`; flushed,
    not committed. Action areas and districts are found by name; missing ones are skipped (and a thematic board
    left without any action area is not created). So are the ideas, measures and papers the agendas discuss: an
    item whose idea, measure or paper is missing is left out. The past meetings' minutes are published at their
    end, which moves the meetings to "held" and notifies the followers of the ideas and measures discussed."""
    zone = ZoneInfo(timezone_name)
    areas = {area.title: area.id for area in session.exec(select(ActionArea))}
    districts = {district.name: district.id for district in session.exec(select(District))}
    past, future = _quarterly_days(today)
    founded = past[0][2] - timedelta(days=28)

    advisory = create_board(session, admin_user, BoardDraft(
        name=ADVISORY_BOARD, kind=BoardKind.ADVISORY, short_name="PB", purpose=ADVISORY_PURPOSE,
        default_location=TOWN_HALL))
    _add_members(session, admin_user, advisory, ADVISORY_MEMBERS, districts, founded)
    _add_members(session, admin_user, advisory, [FORMER_MEMBER], districts, founded, end=past[3][2])

    for number, (quarter, year, day) in enumerate(past + future):
        starts_at, ends_at = _at(day, MEETING_START, zone)
        meeting = create_meeting(session, admin_user, None, advisory, MeetingDraft(
            name=f"{quarter}. Quartalssitzung {year}", starts_at=starts_at, ends_at=ends_at, location=TOWN_HALL))
        if number < len(past):
            demo = PAST_QUARTERLY_MEETINGS[number]
            agenda = _add_agenda(session, admin_user, advisory, meeting, demo.items, _review_period(day))
            _hold(session, admin_user, advisory, meeting, agenda, day, demo.absent)
        elif number == len(past):
            _add_agenda(session, admin_user, advisory, meeting, NEXT_QUARTERLY_AGENDA, _review_period(day))
    # An extra meeting on the budget, called and then cancelled again.
    starts_at, ends_at = _at(_next_weekday(today + timedelta(days=21), 3), MEETING_START, zone)
    special = create_meeting(session, admin_user, None, advisory, MeetingDraft(
        name=f"Sondersitzung Haushalt {starts_at.year + 1}", starts_at=starts_at, ends_at=ends_at,
        location=TOWN_HALL))
    cancel_meeting(session, admin_user, None, advisory, special, CANCEL_REASON)

    thematic = []
    for name, short_name, purpose, area_titles, seats in THEMATIC_BOARDS:
        area_ids = tuple(areas[title] for title in area_titles if title in areas)
        if not area_ids:
            continue
        board = create_board(session, admin_user, BoardDraft(
            name=name, kind=BoardKind.THEMATIC, short_name=short_name, purpose=purpose, parent_id=advisory.id,
            default_location="Rathaus Beispielstadt, Raum 104", action_area_ids=area_ids))
        _add_members(session, admin_user, board, seats, districts, past[4][2])
        thematic.append(board)
    if thematic:
        # The first thematic board met a few weeks ago, at the Trägerverbund's place.
        starts_at, ends_at = _at(_next_weekday(today - timedelta(days=45), 2), time(17, 30), zone,
                                 timedelta(hours=1, minutes=30))
        meeting = create_meeting(session, admin_user, None, thematic[0], MeetingDraft(
            name="Auftakt: Ehrenamtsbörse in allen Ortsteilen", starts_at=starts_at, ends_at=ends_at,
            location="Begegnungsstätte des Trägerverbunds, Neustadt"))
        agenda = _add_agenda(session, admin_user, thematic[0], meeting, THEMATIC_MEETING.items)
        _hold(session, admin_user, thematic[0], meeting, agenda, starts_at.date(), THEMATIC_MEETING.absent)
        # The last one prepares a paper in a working session of its members only.
        starts_at, ends_at = _at(_next_weekday(today + timedelta(days=10), 0), time(17, 0), zone)
        create_meeting(session, admin_user, None, thematic[-1], MeetingDraft(
            name="Arbeitssitzung: Informationsangebot in den Ortsteilen", starts_at=starts_at, ends_at=ends_at,
            location="Rathaus Beispielstadt, Raum 104", online_url="https://meet.beispielstadt.example/tb-information",
            is_public=False))
    session.flush()
