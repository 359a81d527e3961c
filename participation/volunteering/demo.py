"""Demo volunteer projects: ten projects across the districts with shifts in the coming eight weeks (some full,
with a waitlist), two run with the partner organisations, and last year's shifts with confirmed hours."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from participation.accounts.models import Role, RoleGrant, User
from participation.accounts.services import find_user_by_email
from participation.db import utcnow
from participation.municipality.models import District
from participation.volunteering import services
from participation.volunteering.models import PartnerOrganisation, ProjectStatus, Shift, SignUp, SignUpState

# (title, districts, coordinator e-mail, partner name, status, description,
#  tasks: (title, place, skills, description, shifts: (days from today, start hour, hours, slots)))
PROJECTS = [
    ("Dorfgemeinschaftshaus Seedorf renovieren", ["Seedorf"], "verwaltung@beispielstadt.example", None,
     ProjectStatus.ACTIVE,
     "Das Dorfgemeinschaftshaus ist der Treffpunkt von Seedorf. Gemeinsam streichen wir den Saal, erneuern die "
     "Küche und legen den Garten neu an. **Material stellt die Stadt**, Kaffee und Kuchen die Dorfgemeinschaft.",
     [("Saal streichen", "Dorfgemeinschaftshaus Seedorf, Am See 2", "Malern",
       "Wände abkleben, grundieren und streichen. Arbeitskleidung mitbringen.",
       [(5, 9, 4, 4), (12, 9, 4, 4), (19, 9, 4, 2)]),
      ("Garten anlegen", "Dorfgemeinschaftshaus Seedorf, Garten", "Gartenarbeit",
       "Beete anlegen, Sträucher pflanzen, Wege mit Rindenmulch belegen.", [(26, 10, 3, 6)])]),
    ("Repair-Café in der Altstadt", ["Altstadt"], "partner@beispielstadt.example", None, ProjectStatus.ACTIVE,
     "Einmal im Monat reparieren wir gemeinsam, was sonst im Müll landen würde: Toaster, Fahrräder, Kleidung. "
     "Wer etwas kann, hilft mit; wer etwas mitbringt, lernt dazu.",
     [("Geräte annehmen", "Bürgerhaus Altstadt, Markt 5", "Organisation",
       "Besucherinnen und Besucher begrüßen, Reparaturzettel ausfüllen, Wartezeiten koordinieren.",
       [(9, 14, 4, 2), (37, 14, 4, 2)]),
      ("Elektrogeräte reparieren", "Bürgerhaus Altstadt, Markt 5", "Elektrik, Löten",
       "Kleine Elektrogeräte prüfen und reparieren – nur mit Erfahrung.", [(9, 14, 4, 3), (37, 14, 4, 3)])]),
    ("Mühlenbach-Putzaktion", ["Mühlenberg", "Wiesenthal"], "nabu@beispielstadt.example",
     "NABU Ortsgruppe Beispielstadt", ProjectStatus.ACTIVE,
     "Mit dem NABU befreien wir den Mühlenbach und seine Ufer von Müll. Handschuhe, Zangen und Säcke werden "
     "gestellt. Kinder sind in Begleitung willkommen.",
     [("Ufer säubern", "Treffpunkt Mühlenbrücke, Mühlenberg", "",
       "Müll sammeln, trennen und zum Sammelpunkt bringen.", [(6, 10, 3, 12), (34, 10, 3, 12)]),
      ("Gruppen anleiten", "Treffpunkt Mühlenbrücke, Mühlenberg", "Gruppenleitung",
       "Eine Gruppe von fünf bis acht Helfenden entlang eines Abschnitts begleiten.", [(6, 9, 4, 2)])]),
    ("Einkaufshilfe für Seniorinnen und Senioren", ["Neustadt", "Birkenhain"], "sozialverbund@beispielstadt.example",
     "Sozialverbund Beispielstadt", ProjectStatus.ACTIVE,
     "Ältere Menschen ohne Auto erledigen ihre Einkäufe mit uns: Wir fahren gemeinsam in den Supermarkt oder "
     "bringen die Einkäufe nach Hause. Der Sozialverbund vermittelt die Termine.",
     [("Einkaufsfahrten", "Start: Begegnungsstätte Neustadt, Schulstraße 12", "Führerschein",
       "Mit dem Gemeindebus zwei bis drei Seniorinnen und Senioren zum Einkaufen begleiten.",
       [(3, 9, 3, 2), (10, 9, 3, 2), (17, 9, 3, 2), (24, 9, 3, 2), (31, 9, 3, 2)]),
      ("Telefondienst", "Begegnungsstätte Neustadt", "Organisation",
       "Einkaufswünsche telefonisch aufnehmen und Fahrten einteilen.", [(2, 10, 2, 1), (9, 10, 2, 1)])]),
    ("Streuobstwiese Wiesenthal pflegen", ["Wiesenthal"], "nabu@beispielstadt.example",
     "NABU Ortsgruppe Beispielstadt", ProjectStatus.ACTIVE,
     "Die Streuobstwiese am Storchenhof ist Lebensraum für Vögel und Insekten. Im Winter schneiden wir die "
     "Bäume, im Herbst ernten wir Äpfel für den Saft der Dorfgemeinschaft.",
     [("Obstbäume schneiden", "Streuobstwiese am Storchenhof, Wiesenthal", "Baumschnitt",
       "Unter Anleitung Obstbäume schneiden; Scheren und Leitern sind vorhanden.", [(13, 10, 4, 6), (41, 10, 4, 6)])]),
    ("Lesepatenschaften an der Grundschule Neustadt", ["Neustadt"], "verwaltung@beispielstadt.example", None,
     ProjectStatus.ACTIVE,
     "Lesepatinnen und Lesepaten lesen einmal in der Woche mit Kindern der Grundschule. Ein erweitertes "
     "Führungszeugnis ist nötig; die Stadt hilft bei der Beantragung.",
     [("Vorlesestunde", "Grundschule Neustadt, Bibliothek", "Vorlesen",
       "Mit zwei bis drei Kindern lesen und über Bücher sprechen.",
       [(4, 11, 1, 3), (11, 11, 1, 3), (18, 11, 1, 3), (25, 11, 1, 3)])]),
    ("Ehrenamtliche Schichten im Dorfladen Birkenhain", ["Birkenhain"], "partner@beispielstadt.example", None,
     ProjectStatus.ACTIVE,
     "Der Dorfladen ist Nahversorger und Treffpunkt. Ehrenamtliche verlängern die Öffnungszeiten am Samstag.",
     [("Verkauf am Samstag", "Dorfladen Birkenhain, Lindenweg 1", "Kasse",
       "Kasse, Regale auffüllen, Kaffee ausschenken.", [(7, 8, 4, 2), (14, 8, 4, 2), (21, 8, 4, 2), (28, 8, 4, 2)])]),
    ("Badestelle Seedorf für die Saison vorbereiten", ["Seedorf"], "verwaltung@beispielstadt.example", None,
     ProjectStatus.PLANNING,
     "Im Frühjahr machen wir die Badestelle fit: Steg prüfen, Sand auffüllen, Bänke streichen. Die Termine "
     "stehen noch nicht fest – wer mitmachen möchte, folgt diesem Projekt.", []),
    ("Aufbau des Weihnachtsmarkts in der Altstadt", ["Altstadt"], "verwaltung@beispielstadt.example", None,
     ProjectStatus.ACTIVE,
     "Buden aufbauen, Lichterketten aufhängen, den Stand der Vereine betreuen: Der Weihnachtsmarkt lebt vom "
     "Ehrenamt.",
     [("Buden aufbauen", "Marktplatz Altstadt", "Handwerk",
       "Holzbuden nach Plan aufstellen und sichern.", [(1, 8, 5, 8)]),
      ("Stand der Vereine betreuen", "Marktplatz Altstadt", "",
       "Punsch ausschenken, Spenden sammeln.", [(8, 16, 3, 2), (15, 16, 3, 2)])]),
    ("Storchenhof Wiesenthal: Führungen", ["Wiesenthal"], "nabu@beispielstadt.example",
     "NABU Ortsgruppe Beispielstadt", ProjectStatus.FINISHED,
     "Im Sommer haben Ehrenamtliche Gäste durch den Storchenhof geführt. Danke an alle, die mitgemacht haben!", []),
]


def seed_demo_projects(session: Session, timezone_name: str) -> None:
    rng = random.Random(7)  # the same demo every time
    zone = ZoneInfo(timezone_name)
    now = utcnow()
    today = now.astimezone(zone).date()
    districts = {district.name: district.id for district in session.exec(select(District))}
    residents = list(session.exec(
        select(User).where(col(User.id).in_(select(RoleGrant.user_id).where(RoleGrant.role == Role.RESIDENT.value)),
                           col(User.email_verified_at).is_not(None)).order_by(User.id)))
    residents = [user for user in residents if user.roles == {Role.RESIDENT}]
    for title, district_names, coordinator_email, partner_name, status, description, tasks in PROJECTS:
        coordinator = find_user_by_email(session, coordinator_email)
        partner = session.exec(select(PartnerOrganisation).where(PartnerOrganisation.name == partner_name)).first() \
            if partner_name else None
        draft = services.ProjectDraft(title=title, description=description, status=status,
                                      district_ids=[districts[name] for name in district_names],
                                      partner_id=partner.id if partner else None)
        project = services.create_project(session, coordinator, draft, now)
        for task_title, place, skills, task_description, shifts in tasks:
            task = services.add_task(session, coordinator, project, services.TaskDraft(
                title=task_title, description=task_description, place=place, skills=skills))
            for days, hour, hours, slots in shifts:
                starts_at = datetime.combine(today + timedelta(days=days), time(hour), tzinfo=zone)
                shift = services.add_shift(session, coordinator, project, task, services.ShiftDraft(
                    starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), slots=slots), now)
                # Small shifts fill up and get a waitlist; bigger ones are partly taken.
                wanted = slots + 1 if slots <= 2 and days < 20 else rng.randint(0, max(0, slots - 1))
                for person in rng.sample(residents, min(wanted, len(residents))):
                    services.sign_up(session, person, shift, now)
            _past_shifts(session, task, today, zone, rng, residents)
    session.flush()


def _past_shifts(session: Session, task, today: date, zone: ZoneInfo, rng: random.Random, residents) -> None:
    """Shifts of the past months with confirmed hours, so volunteers and districts have totals to show. Written
    directly: the services rightly refuse shifts in the past."""
    for weeks_ago in (3, 9, 30):
        starts_at = datetime.combine(today - timedelta(weeks=weeks_ago), time(10), tzinfo=zone)
        came = rng.sample(residents, min(3, len(residents)))
        shift = Shift(task_id=task.id, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), slots=4,
                      taken=len(came), created_at=starts_at - timedelta(days=14),
                      updated_at=starts_at - timedelta(days=14))
        session.add(shift)
        session.flush()
        for person in came:
            session.add(SignUp(shift_id=shift.id, user_id=person.id, state=SignUpState.SIGNED_UP.value,
                               created_at=starts_at - timedelta(days=7), attended=True,
                               hours=rng.choice([2.5, 3.0, 3.0]), confirmed_at=starts_at + timedelta(hours=4)))
    session.flush()
