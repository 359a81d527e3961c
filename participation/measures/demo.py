"""Demo backlog for Beispielstadt: ~25 measures across the seed's action areas, with work plans and two years of
quarterly reviews. Built through the services, so the demo obeys the same rules as real data."""

import random
from datetime import date, timedelta

from sqlmodel import Session, col, select

from participation.accounts.demo import DEMO_PASSWORD
from participation.accounts.models import Role, User
from participation.accounts.services import create_user
from participation.ideas.models import Idea
from participation.measures import services
from participation.measures.models import MeasureStatus, TrafficLight
from participation.measures.quarters import Quarter
from participation.municipality.models import ActionArea, District, OrgUnit

# Colleagues in the units, so measures have different responsible people (password: the demo password).
COLLEAGUES = [
    ("bauamt@beispielstadt.example", "Bruno Bauamt"),
    ("buergerdienste@beispielstadt.example", "Sibel Sozialdienst"),
    ("kultur@beispielstadt.example", "Klara Kulturamt"),
]

P, W, C, D = MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS, MeasureStatus.COMPLETED, MeasureStatus.DRAFT  # short, for the table
# (title, action areas, unit index, core?, status, districts, description)
MEASURES = [
    ("Projektbeirat und Kommunikation", ["Organisation", "Transparente Informationskultur fördern"], 0, True, W, [],
     "Der Projektbeirat begleitet das Stadtentwicklungsprojekt. Er tagt viermal im Jahr, berät die "
     "Quartalsberichte und empfiehlt dem Stadtrat Prioritäten. Sitzungen und Protokolle sind öffentlich."),
    ("Beteiligungsportal Beispielstadt", ["Kooperation Stadt-Bürgerschaft stärken",
                                          "Transparente Informationskultur fördern"], 0, True, W, [],
     "Ein Portal, auf dem Bürger*innen Ideen einbringen, unterstützen und verfolgen können, was aus ihnen wird."),
    ("Themenbeirat Ortsteile", ["Organisation"], 0, False, P, [],
     "Ein Themenbeirat, in dem jeder Ortsteil vertreten ist, bereitet ortsteilbezogene Themen für den "
     "Projektbeirat vor."),
    ("Projektmanual für die Verwaltung", ["Verbindlichkeit"], 0, True, C, [],
     "Ein stets aktuelles Handbuch gibt allen Mitarbeiter*innen einen Überblick über Aktionsbereiche, "
     "Handlungsanforderungen und Maßnahmen."),
    ("Pflichtfeld in Verwaltungsvorlagen", ["Verbindlichkeit"], 0, True, C, [],
     "Jede Verwaltungsvorlage nennt ihren Beitrag zum Stadtentwicklungsprojekt und ihre Aktionsbereiche."),
    ("Quartalsgespräche Verwaltung und Politik", ["Zusammenarbeit Verwaltung-Politik organisieren"], 0, False, W, [],
     "Verwaltung und Fraktionen besprechen jedes Quartal Fortschritt, Bedarfe und Spielräume."),
    ("Ehrenamtsbörse in allen Ortsteilen", ["Kooperation Stadt-Bürgerschaft stärken"], 2, False, W,
     ["Altstadt", "Neustadt", "Mühlenberg", "Seedorf", "Birkenhain", "Wiesenthal"],
     "Eine Börse bringt Freiwillige und Aufgaben in den Ortsteilen zusammen, online und im Bürgerbüro."),
    ("Dorfgemeinschaftshaus Seedorf sanieren", ["Kooperation Stadt-Bürgerschaft stärken"], 1, False, W, ["Seedorf"],
     "Dach, Heizung und Sanitäranlagen des Dorfgemeinschaftshauses werden erneuert; der Saal wird barrierefrei."),
    ("Bürgerbus Mühlenberg–Altstadt", ["Zusammenarbeit mit Dritten ausbauen"], 2, False, P, ["Mühlenberg", "Altstadt"],
     "Ein ehrenamtlich gefahrener Bürgerbus verbindet Mühlenberg zweimal täglich mit der Altstadt."),
    ("Newsletter und Aushangkästen", ["Transparente Informationskultur fördern"], 0, False, W, [],
     "Ein monatlicher Newsletter und gepflegte Aushangkästen in jedem Ortsteil informieren auch ohne Internet."),
    ("Digitale Bürgerdienste im Rathaus", ["Kooperation Stadt-Bürgerschaft stärken"], 2, False, W, [],
     "Anträge, Termine und Auskünfte werden online möglich; im Bürgerbüro hilft ein Service-Punkt dabei."),
    ("Koordinationsplattform mit dem Umweltverband", ["Zusammenarbeit mit Dritten ausbauen"], 1, False, W, [],
     "Stadt und Umweltverband planen Pflanzaktionen und Pflegeeinsätze gemeinsam auf einer Plattform."),
    ("Trägerverbund der sozialen Einrichtungen", ["Zusammenarbeit mit Dritten ausbauen"], 2, False, P, [],
     "Die sozialen Träger stimmen ihre Angebote in einem Verbund ab und sprechen mit einer Stimme."),
    ("Spielplatz am Seeufer erneuern", ["Kooperation Stadt-Bürgerschaft stärken"], 1, False, P, ["Seedorf"],
     "Der Spielplatz an der Badestelle wird mit Kindern und Eltern neu geplant und gebaut."),
    ("Dorfladen Birkenhain sichern", ["Zusammenarbeit mit Dritten ausbauen"], 2, False, MeasureStatus.PAUSED,
     ["Birkenhain"], "Ein genossenschaftlicher Dorfladen soll die Nahversorgung in Birkenhain sichern."),
    ("Storchenhof Wiesenthal als Lernort", ["Zusammenarbeit mit Dritten ausbauen"], 3, False, W, ["Wiesenthal"],
     "Schulklassen lernen am Storchenhof über Elbauen, Artenschutz und Landwirtschaft."),
    ("Marktplatz Altstadt barrierefrei umgestalten", ["Kooperation Stadt-Bürgerschaft stärken"], 1, True, P,
     ["Altstadt"], "Der Marktplatz erhält ebene Wege, Sitzplätze im Schatten und eine öffentliche Toilette."),
    ("Sitzungsunterlagen zentral online", ["Transparente Informationskultur fördern"], 0, False, C, [],
     "Einladungen, Vorlagen und Protokolle aller Gremien sind an einem Ort öffentlich abrufbar."),
    ("Feuerwehrgerätehaus Birkenhain erweitern", ["Organisation"], 2, False, P, ["Birkenhain"],
     "Die Freiwillige Feuerwehr erhält Platz für ein zweites Fahrzeug und einen Jugendraum."),
    ("Sicherer Schulweg in der Neustadt", ["Kooperation Stadt-Bürgerschaft stärken"], 1, False, W, ["Neustadt"],
     "Querungshilfen, Tempo 30 vor der Schule und ein Schulwegplan, erarbeitet mit Eltern und Kindern."),
    ("Jugendforum Beispielstadt", ["Kooperation Stadt-Bürgerschaft stärken"], 3, False, W, [],
     "Jugendliche beraten zweimal im Jahr, was ihnen in der Stadt fehlt, und verwalten ein eigenes Budget."),
    ("Mühlenbach renaturieren", ["Zusammenarbeit mit Dritten ausbauen"], 1, False, P, ["Mühlenberg"],
     "Der begradigte Mühlenbach erhält wieder Mäander und Uferbewuchs; Wege laden zum Spazieren ein."),
    ("Sprechstunden in den Ortsteilen", ["Kooperation Stadt-Bürgerschaft stärken"], 2, False, W,
     ["Mühlenberg", "Seedorf", "Birkenhain", "Wiesenthal"],
     "Einmal im Monat ist die Verwaltung mit einer Sprechstunde in jedem Ortsteil vor Ort."),
    ("Leerstandskataster Altstadt", ["Zusammenarbeit Verwaltung-Politik organisieren"], 4, False, D, ["Altstadt"],
     "Ein Kataster der leerstehenden Läden und Wohnungen als Grundlage für Förderung und Ansiedlung."),
    ("Förderlotsen-Stelle", ["Organisation"], 4, False, MeasureStatus.DISCARDED, [],
     "Eine Stelle, die Vereine und Initiativen bei Förderanträgen berät."),
]

# Measures that took up residents' ideas (measure title → idea titles).
TAKEN_UP = {
    "Spielplatz am Seeufer erneuern": ["Neuer Spielplatz am Seeufer", "Mehr Mülleimer am Badestrand"],
    "Dorfladen Birkenhain sichern": ["Dorfladen in Birkenhain erhalten"],
    "Sitzungsunterlagen zentral online": ["Protokolle des Projektbeirats online"],
    "Trägerverbund der sozialen Einrichtungen": ["Regelmäßiger Austausch mit dem Trägerverbund"],
    "Marktplatz Altstadt barrierefrei umgestalten": ["Öffentliche Toilette am Marktplatz",
                                                     "Trinkwasserbrunnen auf dem Marktplatz"],
    "Newsletter und Aushangkästen": ["Newsletter der Stadtverwaltung"],
    "Sicherer Schulweg in der Neustadt": ["Tempo 30 vor der Grundschule"],
    "Storchenhof Wiesenthal als Lernort": ["Storchenhof als Lernort für Schulen"],
    "Sprechstunden in den Ortsteilen": ["Sprechstunde der Verwaltung in den Ortsteilen",
                                        "Bürgersprechstunde auch am Abend"],
    "Koordinationsplattform mit dem Umweltverband": ["Gemeinsame Pflanzaktion im Herbst"],
}

CONTRIBUTION = ("Die Maßnahme trägt zum Stadtentwicklungsprojekt bei, indem sie „{area}“ konkret umsetzt: "
                "Sie macht sichtbar, was die Stadt gemeinsam mit der Bürgerschaft erreicht, und schafft verbindliche "
                "Zuständigkeiten.")
MILESTONES = ["Bedarf und Beteiligte klären", "Konzept mit dem Projektbeirat abstimmen", "Finanzierung sichern",
              "Umsetzung beginnen", "Ergebnis vorstellen"]
DONE_TEXTS = ["Abstimmung mit den Beteiligten, Ortsbegehung und erster Entwurf.",
              "Fördermittelantrag gestellt, Angebote eingeholt.",
              "Arbeiten begonnen; Zwischenstand im Projektbeirat vorgestellt.",
              "Rückmeldungen aus der Bürgerschaft eingearbeitet."]


def _colleagues(session: Session) -> list[User]:
    staff = list(session.exec(select(User).where(User.email == "verwaltung@beispielstadt.example")))
    for email, name in COLLEAGUES:
        staff.append(create_user(session, email=email, display_name=name, password=DEMO_PASSWORD,
                                 roles={Role.STAFF}, verified=True))
    return staff


def _status_path(status: MeasureStatus) -> list[MeasureStatus]:
    if status == MeasureStatus.DISCARDED:
        return [MeasureStatus.DISCARDED]
    return {D: [], P: [P], W: [P, W], C: [P, W, C], MeasureStatus.PAUSED: [P, W, MeasureStatus.PAUSED]}[status]


def seed_demo_measures(session: Session, today: date) -> None:
    staff = _colleagues(session)
    areas = {area.title: area.id for area in session.exec(select(ActionArea))}
    districts = {district.name: district.id for district in session.exec(select(District))}
    units = list(session.exec(select(OrgUnit).order_by(OrgUnit.position)))
    chance = random.Random(2026)
    current = Quarter.of(today)
    for index, (title, area_titles, unit, core, status, district_names, description) in enumerate(MEASURES):
        responsible = staff[index % len(staff)]
        # Work under way started one to two years ago; planned work starts within the next months.
        start = (today + timedelta(days=30 * chance.randint(1, 6)) if status == P
                 else today - timedelta(days=90 * chance.randint(4, 9)))
        draft = services.MeasureDraft(
            title=title, description=description, contribution=CONTRIBUTION.format(area=area_titles[0]),
            action_area_ids=[areas[area] for area in area_titles], unit_id=units[unit].id,
            responsible_id=responsible.id, deputy_id=staff[(index + 1) % len(staff)].id,
            district_ids=[districts[name] for name in district_names], is_core=core, planned_start=start,
            planned_end=start + timedelta(days=365 * chance.randint(1, 3)),
            estimated_cost=chance.choice([None, 15000, 40000, 120000, 380000]),
            funding_source=chance.choice(["", "Haushalt der Stadt", "Städtebauförderung", "LEADER"]))
        measure = services.create_measure(session, responsible, draft)
        for step in _status_path(status):
            reason = ("Der Verein sucht einen neuen Träger; bis dahin ruht die Planung." if step == MeasureStatus.PAUSED
                      else "Der Stadtrat hat die Mittel nicht bereitgestellt." if step == MeasureStatus.DISCARDED
                      else "")
            services.change_status(session, responsible, measure, step, reason)
        for idea in session.exec(select(Idea).where(col(Idea.title).in_(TAKEN_UP.get(title, [])))):
            services.link_idea(session, responsible, measure, idea)
        if status in (D, MeasureStatus.DISCARDED):
            continue
        for number, milestone_title in enumerate(MILESTONES[:chance.randint(2, 5)]):
            due = start + timedelta(days=120 * (number + 1))
            milestone = services.add_milestone(session, responsible, measure, milestone_title, due, responsible.id)
            if due < today and index % 4 != 1:  # every fourth measure is behind its plan: overdue milestones
                services.complete_milestone(session, responsible, milestone, min(due, today))
        if status == P:
            continue
        quarter, progress = Quarter.of(start).next(), 0
        last = current if index % 3 == 0 else current.previous()  # a third already reported this quarter
        while quarter <= last:
            progress = 100 if status == C and quarter == last else min(95, progress + chance.randint(5, 20))
            light = (TrafficLight.ON_TRACK if progress == 100
                     else chance.choices(list(TrafficLight), weights=[6, 3, 1])[0])
            services.record_review(session, responsible, measure, services.ReviewDraft(
                quarter, progress, light, chance.choice(DONE_TEXTS), "Nächste Abstimmung im Projektbeirat.",
                "Verzögerung durch Lieferengpässe." if light != TrafficLight.ON_TRACK else ""), today)
            quarter = quarter.next()
    session.flush()
